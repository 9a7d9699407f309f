#include "client/cli_args.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace motcua::client {

absl::StatusOr<Args> Args::Parse(int argc, char** argv, int first,
                                 const std::set<std::string>& flags) {
  Args args;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (!absl::StartsWith(a, "--") || a == "--") {
      args.positional_.push_back(a);
      continue;
    }
    a = a.substr(2);
    const size_t eq = a.find('=');
    if (eq != std::string::npos) {
      args.values_.emplace(a.substr(0, eq), a.substr(eq + 1));
    } else if (flags.count(a) > 0) {
      args.values_.emplace(a, "true");
    } else if (i + 1 < argc) {
      args.values_.emplace(a, argv[++i]);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("option --", a, " needs a value"));
    }
  }
  return args;
}

std::string Args::Get(const std::string& name,
                      const std::string& fallback) const {
  auto range = values_.equal_range(name);
  if (range.first == range.second) return fallback;
  return std::prev(range.second)->second;
}

std::vector<std::string> Args::All(const std::string& name) const {
  std::vector<std::string> out;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

Args Args::DropPositional(size_t n) const {
  Args out = *this;
  out.positional_.erase(out.positional_.begin(),
                        out.positional_.begin() +
                            std::min(n, out.positional_.size()));
  return out;
}

absl::Status Args::OnlyKnown(const std::set<std::string>& known) const {
  for (const auto& [name, value] : values_) {
    if (known.count(name) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown option --", name, " (see --help)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace motcua::client
