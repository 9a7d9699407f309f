// Whole-file reads and owner-only writes, for data files and secrets.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace motcua::service {

// The whole content of the file at `path`; NotFound when it cannot be read.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Writes `content` to `path`, replacing it; a new file is owner-only (0600)
// from its first byte, for secrets such as a token. FailedPrecondition when
// it cannot be written.
absl::Status WriteOwnerOnlyFile(const std::string& path,
                                const std::string& content);

}  // namespace motcua::service
