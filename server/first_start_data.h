// The data a new store starts from: the shipped working calendars and a
// catalogue file. Used by the server's first start and by the bulk
// generator, so both fill an empty store the same way.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/store.h"

namespace motcua::server {

// The whole content of the file at `path`; NotFound when it cannot be read.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Writes `content` to `path`, replacing it; a new file is owner-only (0600)
// from its first byte, for secrets such as a token. FailedPrecondition when
// it cannot be written.
absl::Status WriteOwnerOnlyFile(const std::string& path,
                                const std::string& content);

// Stores every calendar year file vn-YYYY.txt of `dir`
// (data/calendar/README.md). InvalidArgument names a file that does not
// parse.
absl::Status LoadCalendars(storage::Store& store, const std::string& dir);

// Stores the units, agencies, fields and procedures of a catalogue file
// (ImportCatalogueRequest as JSON, like data/demo/catalogue.json).
// InvalidArgument names the file and what is wrong in it.
absl::Status LoadCatalogue(storage::Store& store, const std::string& path);

}  // namespace motcua::server
