// Whole-file reads and owner-only writes, for data files and secrets.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace motcua::service {

// The whole content of the file at `path`; NotFound when it cannot be read.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Writes `content` to `path`, replacing it atomically with a new file that
// is owner-only (0600) from its first byte, for secrets such as a token; a
// file or symbolic link already at `path` is replaced, never written
// through. FailedPrecondition when it cannot be written.
absl::Status WriteOwnerOnlyFile(const std::string& path,
                                const std::string& content);

// OK when `path` is a directory (not a link to one) that only its owner may
// enter, read or write; FailedPrecondition saying how to fix it otherwise.
absl::Status CheckPrivateDirectory(const std::string& path);

}  // namespace motcua::service
