// Command-line arguments of the motcua CLI: positional words and
// --name=value / --name value options (repeatable), with the rule that an
// option not known to the command is an error.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace motcua::client {

class Args {
 public:
  // Parses argv[first..]; `flags` are the options that take no value.
  static absl::StatusOr<Args> Parse(int argc, char** argv, int first,
                                    const std::set<std::string>& flags);

  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The last value of --name, or `fallback`.
  std::string Get(const std::string& name,
                  const std::string& fallback = "") const;
  std::vector<std::string> All(const std::string& name) const;
  // The same arguments without the first `n` positional words (the command
  // words), so a command sees only its own.
  Args DropPositional(size_t n) const;
  // InvalidArgument naming an option used but not in `known`.
  absl::Status OnlyKnown(const std::set<std::string>& known) const;

 private:
  std::vector<std::string> positional_;
  std::multimap<std::string, std::string> values_;
};

}  // namespace motcua::client
