// One line per event, with a level, to standard error:
//   I 2026-11-22T09:00:00.123Z server: listening on 127.0.0.1:50051
// Callers never pass personal data or token secrets.
#pragma once

#include "absl/strings/string_view.h"

namespace motcua::service {

enum class LogLevel { kInfo, kWarning, kError };

void Log(LogLevel level, absl::string_view message);

}  // namespace motcua::service
