// The "name = value" config file and its precedence below the command line.
#include "cmdline/config_file.h"

#include <fstream>

#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace motcua::cmdline {
namespace {

FlagSpec Spec() {
  FlagSpec spec;
  spec.values = {"listen", "data_dir", "config"};
  spec.booleans = {"allow_insecure"};
  return spec;
}

class ConfigFile : public ::testing::Test {
 protected:
  // Writes `text` as the config file and merges it under `args`.
  absl::StatusOr<Flags> Merge(const std::string& text,
                              std::vector<std::string> args = {}) {
    std::ofstream(path_) << text;
    args.push_back("--config=" + path_);
    absl::StatusOr<Flags> f = Flags::Parse(args, Spec());
    if (!f.ok()) return f.status();
    absl::Status s = MergeConfigFile("config", Spec(), &*f);
    if (!s.ok()) return s;
    return f;
  }

  testing::TempDir dir_;
  const std::string path_ = dir_.Sub("motcua.conf");
};

TEST_F(ConfigFile, SettingsAreReadWithSpacesAndCommentsIgnored) {
  absl::StatusOr<Flags> f = Merge(
      "# settings\n\n  listen =  127.0.0.1:6000  \nallow_insecure=true\n");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->GetString("listen"), "127.0.0.1:6000");
  EXPECT_TRUE(f->GetBool("allow_insecure", false));
}

TEST_F(ConfigFile, TheCommandLineWins) {
  absl::StatusOr<Flags> f =
      Merge("listen = 127.0.0.1:6000\n", {"--listen=127.0.0.1:7000"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->GetAll("listen"), std::vector<std::string>({"127.0.0.1:7000"}));
}

TEST_F(ConfigFile, TheFirstLineOfANameWins) {
  absl::StatusOr<Flags> f = Merge("data_dir = a\ndata_dir = b\n");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->GetString("data_dir"), "a");
}

TEST_F(ConfigFile, WithoutTheConfigFlagNothingIsRead) {
  Flags f = Flags::Parse(std::vector<std::string>{}, Spec()).value();
  EXPECT_TRUE(MergeConfigFile("config", Spec(), &f).ok());
  EXPECT_FALSE(f.Has("listen"));
}

TEST_F(ConfigFile, AnUnreadableFileIsNamed) {
  Flags f =
      Flags::Parse({"--config=" + dir_.Sub("missing.conf")}, Spec()).value();
  EXPECT_EQ(MergeConfigFile("config", Spec(), &f),
            absl::InvalidArgumentError("--config: cannot read " +
                                       dir_.Sub("missing.conf")));
}

TEST_F(ConfigFile, AnUnknownSettingNamesFileAndLine) {
  EXPECT_EQ(Merge("listen = 127.0.0.1:6000\ncolour = blue\n").status(),
            absl::InvalidArgumentError("--config: " + path_ +
                                       " line 2: unknown setting 'colour'"));
}

TEST_F(ConfigFile, TheConfigFlagItselfIsNotASetting) {
  EXPECT_EQ(Merge("config = other.conf\n").status(),
            absl::InvalidArgumentError("--config: " + path_ +
                                       " line 1: unknown setting 'config'"));
}

TEST_F(ConfigFile, ALineWithoutEqualsIsRefused) {
  EXPECT_EQ(Merge("allow_insecure\n").status(),
            absl::InvalidArgumentError("--config: " + path_ +
                                       " line 1: expected 'name = value'"));
}

TEST_F(ConfigFile, AnEmptyBooleanIsRefused) {
  EXPECT_EQ(Merge("listen = 127.0.0.1:6000\nallow_insecure =\n").status(),
            absl::InvalidArgumentError(
                "--config: " + path_ +
                " line 2: --allow_insecure: must be true or false"));
}

TEST_F(ConfigFile, ABooleanIsCheckedEvenWhenTheCommandLineGaveIt) {
  EXPECT_FALSE(Merge("allow_insecure = yes\n", {"--allow_insecure"}).ok());
}

TEST_F(ConfigFile, AnEmptyStringValueIsKept) {
  absl::StatusOr<Flags> f = Merge("data_dir =\n");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(f->Has("data_dir"));
  EXPECT_EQ(f->GetString("data_dir", "var/motcua"), "");
}

}  // namespace
}  // namespace motcua::cmdline
