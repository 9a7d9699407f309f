#include "server/catalogue_json.h"

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "google/protobuf/util/json_util.h"
#include "motcua/v1/catalogue_service.pb.h"
#include "server/api_codec.h"

namespace motcua::server {

absl::StatusOr<core::CatalogueEntries> ParseCatalogueJson(
    const std::string& json, absl::string_view source) {
  v1::ImportCatalogueRequest wire;
  auto parsed = google::protobuf::util::JsonStringToMessage(json, &wire);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": ", parsed.ToString()));
  }
  core::CatalogueEntries entries;
  auto convert = [&](const auto& list, auto& out) -> absl::Status {
    for (const auto& w : list) {
      auto entry = FromProto(w);
      if (!entry.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(source, ": ", entry.status().message()));
      }
      out.push_back(*std::move(entry));
    }
    return absl::OkStatus();
  };
  MOTCUA_RETURN_IF_ERROR(convert(wire.units(), entries.units));
  MOTCUA_RETURN_IF_ERROR(convert(wire.agencies(), entries.agencies));
  MOTCUA_RETURN_IF_ERROR(convert(wire.fields(), entries.fields));
  MOTCUA_RETURN_IF_ERROR(convert(wire.procedures(), entries.procedures));
  return entries;
}

}  // namespace motcua::server
