// Command-line flags, parsed one way by every motcua program:
//   --name=value   --name value   --flag (a boolean, true)   --flag=false
// and positional words (anything not starting with "--", and "--" itself).
// A program declares its names in a FlagSpec; the parsed Flags answer typed
// questions. Example:
//   MOTCUA_ASSIGN_OR_RETURN(cmdline::Flags f,
//                           cmdline::Flags::Parse(argc, argv, spec));
//   MOTCUA_ASSIGN_OR_RETURN(int64_t queue,
//                           f.GetInt64("write_queue", 1024, 1, 1000000));
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace motcua::cmdline {

// The names a program accepts.
struct FlagSpec {
  // Options that take a value: --name=value or --name value.
  std::set<std::string> values;
  // Options that may stand alone (meaning true), or be given as
  // --name=true|false|1|0. Never take the next word as their value.
  std::set<std::string> booleans;
  // What messages call an option: "flag", or "option" (the motcua CLI).
  std::string noun = "flag";
  // false: a name in neither set is refused while parsing. true: it is kept
  // as an option that takes a value, for a program that knows its allowed
  // names only once it has read the positional words; it then calls
  // Flags::RejectUnknown.
  bool defer_unknown = false;
};

class Flags {
 public:
  // Parses `args` (the program name not included). InvalidArgument with
  //   "unknown NOUN --NAME (see --help)"  for a name the spec refuses,
  //   "NOUN --NAME needs a value"         for a value option at the end,
  //   "--NAME: must be true or false"     for a boolean given any other
  //                                       value, the empty one included.
  static absl::StatusOr<Flags> Parse(const std::vector<std::string>& args,
                                     const FlagSpec& spec);
  // The same over argv[1..argc).
  static absl::StatusOr<Flags> Parse(int argc, char** argv,
                                     const FlagSpec& spec);

  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(absl::string_view name) const;

  // The last value given for --name, or `fallback`.
  std::string GetString(absl::string_view name,
                        const std::string& fallback = "") const;
  // Every value given for --name, in order.
  std::vector<std::string> GetAll(absl::string_view name) const;
  // The boolean --name, or `fallback` when absent (values were checked when
  // parsing).
  bool GetBool(absl::string_view name, bool fallback) const;
  // The integer --name within [min, max], or `fallback` when absent (not
  // checked against the range). InvalidArgument "--NAME: WHY" when the value
  // is not such an integer, or "bad value for --NAME: 'VALUE'" when `why` is
  // empty.
  absl::StatusOr<int64_t> GetInt64(absl::string_view name, int64_t fallback,
                                   int64_t min, int64_t max,
                                   absl::string_view why = "") const;
  // The same for a real number.
  absl::StatusOr<double> GetDouble(absl::string_view name, double fallback,
                                   double min, double max,
                                   absl::string_view why = "") const;

  // OK, or InvalidArgument "unknown NOUN --NAME (see --help)" for the first
  // name (in alphabetical order) given but not in `known`.
  absl::Status RejectUnknown(const std::set<std::string>& known) const;
  // These flags without their first `n` positional words (a command's
  // words), so the command sees only its own arguments.
  Flags DropPositional(size_t n) const;

  // Adds --name=value unless --name was given already (used by the config
  // file reader: the command line wins).
  void AddIfAbsent(const std::string& name, const std::string& value);

 private:
  std::string noun_ = "flag";
  std::vector<std::string> positional_;
  // Sorted by name, equal names in the order given.
  std::multimap<std::string, std::string, std::less<>> values_;
};

// "bad value for --NAME: 'VALUE'".
absl::Status BadValue(absl::string_view name, absl::string_view value);
// "--NAME: WHY".
absl::Status FlagError(absl::string_view name, absl::string_view why);
// Whether "--help" or "-h" is among argv[1..argc), wherever it stands.
bool AsksForHelp(int argc, char** argv);
// The value of a boolean option: true|1, false|0; anything else (the empty
// value included) is "--NAME: must be true or false".
absl::StatusOr<bool> ParseBool(absl::string_view name, absl::string_view value);

}  // namespace motcua::cmdline
