// Flags: the forms every motcua program accepts on its command line.
#include "cmdline/flags.h"

#include <limits>

#include "gtest/gtest.h"

namespace motcua::cmdline {
namespace {

FlagSpec Spec() {
  FlagSpec spec;
  spec.values = {"listen", "agency", "count", "share"};
  spec.booleans = {"json"};
  return spec;
}

absl::StatusOr<Flags> Parse(const std::vector<std::string>& args,
                            const FlagSpec& spec = Spec()) {
  return Flags::Parse(args, spec);
}

TEST(Flags, ValueAfterEquals) {
  absl::StatusOr<Flags> f = Parse({"--listen=127.0.0.1:1"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->GetString("listen"), "127.0.0.1:1");
}

TEST(Flags, ValueAsTheNextWord) {
  absl::StatusOr<Flags> f = Parse({"--listen", "127.0.0.1:1", "word"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->GetString("listen"), "127.0.0.1:1");
  EXPECT_EQ(f->positional(), std::vector<std::string>({"word"}));
}

TEST(Flags, EmptyValueAfterEqualsIsKeptForAValueOption) {
  absl::StatusOr<Flags> f = Parse({"--listen="});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(f->Has("listen"));
  EXPECT_EQ(f->GetString("listen", "fallback"), "");
}

TEST(Flags, ValueOptionAtTheEndNeedsAValue) {
  EXPECT_EQ(Parse({"--listen"}).status(),
            absl::InvalidArgumentError("flag --listen needs a value"));
}

TEST(Flags, PositionalWordsKeepTheirOrderAndDoubleDashIsOne) {
  absl::StatusOr<Flags> f = Parse({"a", "--json", "b", "--", "-x"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->positional(), std::vector<std::string>({"a", "b", "--", "-x"}));
}

TEST(Flags, UnknownNameIsRefusedNamingIt) {
  EXPECT_EQ(Parse({"--listn=x"}).status(),
            absl::InvalidArgumentError("unknown flag --listn (see --help)"));
}

TEST(Flags, NounChangesTheWordInMessages) {
  FlagSpec spec = Spec();
  spec.noun = "option";
  EXPECT_EQ(Parse({"--listn=x"}, spec).status(),
            absl::InvalidArgumentError("unknown option --listn (see --help)"));
  EXPECT_EQ(Parse({"--agency"}, spec).status(),
            absl::InvalidArgumentError("option --agency needs a value"));
}

TEST(Flags, DeferredUnknownNameTakesAValueUntilRejectUnknown) {
  FlagSpec spec = Spec();
  spec.defer_unknown = true;
  spec.noun = "option";
  absl::StatusOr<Flags> f = Parse({"--colour", "blue", "--json"}, spec);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->GetString("colour"), "blue");
  EXPECT_TRUE(f->positional().empty());
  EXPECT_TRUE(f->RejectUnknown({"colour", "json"}).ok());
  EXPECT_EQ(f->RejectUnknown({"json"}),
            absl::InvalidArgumentError("unknown option --colour (see --help)"));
}

TEST(Flags, BooleanAloneIsTrueAndNeverTakesTheNextWord) {
  absl::StatusOr<Flags> f = Parse({"--json", "false"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(f->GetBool("json", false));
  EXPECT_EQ(f->positional(), std::vector<std::string>({"false"}));
}

TEST(Flags, BooleanAcceptsTrueFalseOneZero) {
  for (const auto& [text, expected] : std::vector<std::pair<std::string, bool>>{
           {"true", true}, {"1", true}, {"false", false}, {"0", false}}) {
    absl::StatusOr<Flags> f = Parse({"--json=" + text});
    ASSERT_TRUE(f.ok()) << text << ": " << f.status();
    EXPECT_EQ(f->GetBool("json", !expected), expected) << text;
  }
}

TEST(Flags, BooleanWithAnEmptyValueIsRefused) {
  EXPECT_EQ(Parse({"--json="}).status(),
            absl::InvalidArgumentError("--json: must be true or false"));
}

TEST(Flags, BooleanWithAnotherWordIsRefused) {
  EXPECT_EQ(Parse({"--json=yes"}).status(),
            absl::InvalidArgumentError("--json: must be true or false"));
}

TEST(Flags, AbsentBooleanGivesTheFallback) {
  absl::StatusOr<Flags> f = Parse({});
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->GetBool("json", true));
  EXPECT_FALSE(f->GetBool("json", false));
}

TEST(Flags, TheLastValueWinsAndAllAreKeptInOrder) {
  absl::StatusOr<Flags> f =
      Parse({"--agency=A", "--agency", "B", "--agency=C"});
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->GetString("agency"), "C");
  EXPECT_EQ(f->GetAll("agency"), std::vector<std::string>({"A", "B", "C"}));
}

TEST(Flags, AbsentStringGivesTheFallback) {
  absl::StatusOr<Flags> f = Parse({});
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->Has("listen"));
  EXPECT_EQ(f->GetString("listen", "127.0.0.1:50051"), "127.0.0.1:50051");
  EXPECT_TRUE(f->GetAll("listen").empty());
}

TEST(Flags, Int64WithinItsRange) {
  absl::StatusOr<Flags> f = Parse({"--count=-5"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->GetInt64("count", 7, -5, 5).value(), -5);
}

TEST(Flags, AbsentInt64GivesTheFallbackEvenOutsideTheRange) {
  absl::StatusOr<Flags> f = Parse({});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->GetInt64("count", -1, 1, 10).value(), -1);
}

TEST(Flags, Int64OutOfRangeQuotesTheValue) {
  absl::StatusOr<Flags> f = Parse({"--count=11"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->GetInt64("count", 1, 1, 10).status(),
            absl::InvalidArgumentError("bad value for --count: '11'"));
}

TEST(Flags, Int64NotANumberGivesTheCallersReason) {
  absl::StatusOr<Flags> f = Parse({"--count=lots"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->GetInt64("count", 1, 1, 10, "must be 1 to 10 calls").status(),
            absl::InvalidArgumentError("--count: must be 1 to 10 calls"));
}

TEST(Flags, Int64AtTheLimitsOfItsType) {
  absl::StatusOr<Flags> f = Parse({"--count=9223372036854775807"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(
      f->GetInt64("count", 0, 0, std::numeric_limits<int64_t>::max()).value(),
      std::numeric_limits<int64_t>::max());
  f = Parse({"--count=9223372036854775808"});
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(
      f->GetInt64("count", 0, 0, std::numeric_limits<int64_t>::max()).ok());
}

TEST(Flags, DoubleWithinItsRange) {
  absl::StatusOr<Flags> f = Parse({"--share=0.25"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->GetDouble("share", 0.5, 0, 1).value(), 0.25);
}

TEST(Flags, DoubleOutOfRangeOrNanIsRefused) {
  absl::StatusOr<Flags> f = Parse({"--share=1.5"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->GetDouble("share", 0.5, 0, 1).status(),
            absl::InvalidArgumentError("bad value for --share: '1.5'"));
  f = Parse({"--share=nan"});
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->GetDouble("share", 0.5, 0, 1).ok());
}

TEST(Flags, DropPositionalRemovesTheCommandWordsOnly) {
  absl::StatusOr<Flags> f = Parse({"dossier", "get", "CODE", "--json"});
  ASSERT_TRUE(f.ok());
  Flags command = f->DropPositional(2);
  EXPECT_EQ(command.positional(), std::vector<std::string>({"CODE"}));
  EXPECT_TRUE(command.GetBool("json", false));
  EXPECT_TRUE(f->DropPositional(9).positional().empty());
}

TEST(Flags, ArgvFormSkipsTheProgramName) {
  std::string program = "motcua-load", flag = "--count=3";
  char* argv[] = {program.data(), flag.data()};
  absl::StatusOr<Flags> f = Flags::Parse(2, argv, Spec());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->GetInt64("count", 0, 0, 10).value(), 3);
  EXPECT_TRUE(f->positional().empty());
}

TEST(Flags, AsksForHelpFindsEitherSpellingAnywhere) {
  std::string program = "p", a = "--x=1", help = "-h", long_help = "--help";
  char* short_form[] = {program.data(), a.data(), help.data()};
  char* long_form[] = {program.data(), long_help.data(), a.data()};
  char* neither[] = {program.data(), a.data()};
  EXPECT_TRUE(AsksForHelp(3, short_form));
  EXPECT_TRUE(AsksForHelp(3, long_form));
  EXPECT_FALSE(AsksForHelp(2, neither));
}

}  // namespace
}  // namespace motcua::cmdline
