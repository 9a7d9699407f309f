// Settings read from a file of "name = value" lines, under the same names
// as a program's flags; flags on the command line win.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "cmdline/flags.h"

namespace motcua::cmdline {

// When --`config_flag` was given, reads the file it names and adds each of
// its settings to `flags` unless the command line gave that name already
// (within the file, the first line wins). Blank lines and lines starting
// with '#' are skipped; spaces around the name and the value are ignored.
// Booleans follow the command-line rule: true|false|1|0, and an empty value
// is refused. InvalidArgument, every message starting "--CONFIG_FLAG: ":
//   "cannot read PATH",
//   "PATH line N: expected 'name = value'",
//   "PATH line N: unknown setting 'NAME'" (a name not in `spec`, or the
//                                          config flag itself),
//   "PATH line N: --NAME: must be true or false".
absl::Status MergeConfigFile(absl::string_view config_flag,
                             const FlagSpec& spec, Flags* flags);

}  // namespace motcua::cmdline
