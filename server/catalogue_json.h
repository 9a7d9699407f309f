// Catalogue files: an ImportCatalogueRequest in protobuf's JSON mapping
// (data/demo/catalogue.json), read into core entries. The file format is the
// API's message, so reading it belongs with the API codec.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/catalogue.h"

namespace motcua::server {

// The entries of `json`. InvalidArgument naming `source` and what is wrong
// (malformed JSON, or the first invalid entry).
absl::StatusOr<core::CatalogueEntries> ParseCatalogueJson(
    const std::string& json, absl::string_view source);

}  // namespace motcua::server
