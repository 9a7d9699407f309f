#include "cmdline/flags.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace motcua::cmdline {

absl::StatusOr<Flags> Flags::Parse(const std::vector<std::string>& args,
                                   const FlagSpec& spec) {
  Flags flags;
  flags.noun_ = spec.noun;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!absl::StartsWith(arg, "--") || arg == "--") {
      flags.positional_.push_back(arg);
      continue;
    }
    const size_t eq = arg.find('=');
    const std::string name =
        arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const bool boolean = spec.booleans.count(name) > 0;
    if (!boolean && spec.values.count(name) == 0 && !spec.defer_unknown) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown ", spec.noun, " --", name, " (see --help)"));
    }
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (boolean) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat(spec.noun, " --", name, " needs a value"));
    }
    if (boolean) {
      if (absl::Status s = ParseBool(name, value).status(); !s.ok()) return s;
    }
    flags.values_.emplace(name, std::move(value));
  }
  return flags;
}

absl::StatusOr<Flags> Flags::Parse(int argc, char** argv,
                                   const FlagSpec& spec) {
  return Parse(std::vector<std::string>(argv + std::min(argc, 1), argv + argc),
               spec);
}

bool Flags::Has(absl::string_view name) const {
  return values_.find(name) != values_.end();
}

std::string Flags::GetString(absl::string_view name,
                             const std::string& fallback) const {
  auto range = values_.equal_range(name);
  if (range.first == range.second) return fallback;
  return std::prev(range.second)->second;
}

std::vector<std::string> Flags::GetAll(absl::string_view name) const {
  std::vector<std::string> out;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) {
    out.push_back(it->second);
  }
  return out;
}

bool Flags::GetBool(absl::string_view name, bool fallback) const {
  if (!Has(name)) return fallback;
  absl::StatusOr<bool> b = ParseBool(name, GetString(name));
  return b.ok() ? *b : fallback;
}

absl::StatusOr<int64_t> Flags::GetInt64(absl::string_view name,
                                        int64_t fallback, int64_t min,
                                        int64_t max,
                                        absl::string_view why) const {
  if (!Has(name)) return fallback;
  const std::string value = GetString(name);
  int64_t n = 0;
  if (!absl::SimpleAtoi(value, &n) || n < min || n > max) {
    return why.empty() ? BadValue(name, value) : FlagError(name, why);
  }
  return n;
}

absl::StatusOr<double> Flags::GetDouble(absl::string_view name, double fallback,
                                        double min, double max,
                                        absl::string_view why) const {
  if (!Has(name)) return fallback;
  const std::string value = GetString(name);
  double x = 0;
  // The negated test also refuses NaN.
  if (!absl::SimpleAtod(value, &x) || !(x >= min && x <= max)) {
    return why.empty() ? BadValue(name, value) : FlagError(name, why);
  }
  return x;
}

absl::Status Flags::RejectUnknown(const std::set<std::string>& known) const {
  for (const auto& [name, value] : values_) {
    if (known.count(name) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown ", noun_, " --", name, " (see --help)"));
    }
  }
  return absl::OkStatus();
}

Flags Flags::DropPositional(size_t n) const {
  Flags out = *this;
  out.positional_.erase(
      out.positional_.begin(),
      out.positional_.begin() + std::min(n, out.positional_.size()));
  return out;
}

void Flags::AddIfAbsent(const std::string& name, const std::string& value) {
  if (!Has(name)) values_.emplace(name, value);
}

absl::Status BadValue(absl::string_view name, absl::string_view value) {
  return absl::InvalidArgumentError(
      absl::StrCat("bad value for --", name, ": '", value, "'"));
}

absl::Status FlagError(absl::string_view name, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--", name, ": ", why));
}

bool AsksForHelp(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

absl::StatusOr<bool> ParseBool(absl::string_view name,
                               absl::string_view value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return FlagError(name, "must be true or false");
}

}  // namespace motcua::cmdline
