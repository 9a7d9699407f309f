// The versioned catalogue as every engine keeps it (Store::Put*, Get*,
// List*): each version under keys::CatalogueKey (kind, code, first day),
// the version in force on a day chosen by its validity. Engines give a
// scan of their catalogue entries by key prefix. Internal to storage/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "core/catalogue.h"
#include "core/status_macros.h"
#include "storage/keys.h"
#include "storage/record_codec.h"

namespace motcua::storage {

template <typename Entry>
core::Validity ValidityOf(const Entry& e) {
  return e.validity;
}
// Fields are not versioned: one version, always in force.
inline core::Validity ValidityOf(const core::Field&) {
  return {absl::CivilDay(1970, 1, 1), std::nullopt};
}

template <typename Entry>
std::string CatalogueKeyOf(keys::CatalogueKind kind, const Entry& e) {
  return keys::CatalogueKey(kind, e.code, ValidityOf(e).valid_from);
}

// Calls `visit` with the value of each catalogue entry whose key starts
// with `prefix`, in key order.
using CatalogueScan = std::function<absl::Status(
    const std::string& prefix,
    const std::function<absl::Status(absl::string_view value)>& visit)>;

// The version of `code` in force on `as_of` (the latest that covers it);
// NotFound naming `what` and the day when none does.
template <typename Entry, typename Record>
absl::StatusOr<Entry> CatalogueVersionOn(const CatalogueScan& scan,
                                         keys::CatalogueKind kind,
                                         const std::string& code,
                                         absl::CivilDay as_of,
                                         absl::string_view what) {
  std::optional<Entry> found;
  MOTCUA_RETURN_IF_ERROR(scan(keys::CatalogueCodePrefix(kind, code),
                              [&](absl::string_view value) -> absl::Status {
                                MOTCUA_ASSIGN_OR_RETURN(
                                    const Record record,
                                    Parse<Record>(value, what));
                                Entry entry = FromRecord(record);
                                if (ValidityOf(entry).Covers(as_of))
                                  found = std::move(entry);
                                return absl::OkStatus();
                              }));
  if (!found.has_value()) {
    return absl::NotFoundError(absl::StrCat(
        what, " '", code, "' does not exist or is not in force on ",
        absl::FormatCivilTime(as_of)));
  }
  return *std::move(found);
}

// Every version of `kind`, or those in force on `as_of` when given, by
// code then first day.
template <typename Entry, typename Record>
absl::StatusOr<std::vector<Entry>> CatalogueVersions(
    const CatalogueScan& scan, keys::CatalogueKind kind,
    std::optional<absl::CivilDay> as_of, absl::string_view what) {
  std::vector<Entry> out;
  MOTCUA_RETURN_IF_ERROR(
      scan(keys::CataloguePrefix(kind),
           [&](absl::string_view value) -> absl::Status {
             MOTCUA_ASSIGN_OR_RETURN(const Record record,
                                     Parse<Record>(value, what));
             Entry entry = FromRecord(record);
             if (!as_of.has_value() || ValidityOf(entry).Covers(*as_of)) {
               out.push_back(std::move(entry));
             }
             return absl::OkStatus();
           }));
  return out;
}

}  // namespace motcua::storage
