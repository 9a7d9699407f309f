// One line per event, with a level, to standard error:
//   I 2026-11-22T09:00:00.123Z server: listening on 127.0.0.1:50051
// Callers never pass personal data or token secrets.
#pragma once

#include "absl/strings/string_view.h"

namespace motcua::service {

enum class LogLevel { kInfo, kWarning, kError };

// Control characters in `message` are written as spaces.
void Log(LogLevel level, absl::string_view message);

// As Log, at most about five lines a second of each `kind` (bursts of 20);
// the next line logged of a kind says how many were left out. For events an
// outsider can cause at will: refused calls, failed lookups.
void LogLimited(LogLevel level, absl::string_view kind,
                absl::string_view message);

}  // namespace motcua::service
