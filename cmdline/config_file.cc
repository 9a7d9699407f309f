#include "cmdline/config_file.h"

#include <fstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace motcua::cmdline {

absl::Status MergeConfigFile(absl::string_view config_flag,
                             const FlagSpec& spec, Flags* flags) {
  if (!flags->Has(config_flag)) return absl::OkStatus();
  const std::string path = flags->GetString(config_flag);
  std::ifstream in(path);
  if (!in) return FlagError(config_flag, absl::StrCat("cannot read ", path));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const absl::string_view l = absl::StripAsciiWhitespace(line);
    if (l.empty() || l[0] == '#') continue;
    const std::string where = absl::StrCat(path, " line ", number, ": ");
    if (l.find('=') == absl::string_view::npos) {
      return FlagError(config_flag,
                       absl::StrCat(where, "expected 'name = value'"));
    }
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(l, absl::MaxSplits('=', 1));
    const std::string name(absl::StripAsciiWhitespace(kv.first));
    const std::string value(absl::StripAsciiWhitespace(kv.second));
    const bool boolean = spec.booleans.count(name) > 0;
    if ((!boolean && spec.values.count(name) == 0) || name == config_flag) {
      return FlagError(config_flag,
                       absl::StrCat(where, "unknown setting '", name, "'"));
    }
    if (boolean) {
      if (absl::Status s = ParseBool(name, value).status(); !s.ok()) {
        return FlagError(config_flag, absl::StrCat(where, s.message()));
      }
    }
    flags->AddIfAbsent(name, value);
  }
  return absl::OkStatus();
}

}  // namespace motcua::cmdline
