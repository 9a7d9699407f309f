// The catalogue operations of the API: versioned units, agencies and
// procedures, fields, and whole-catalogue imports. Reads need any valid
// token and come from the catalogue held in memory; writes need ADMIN and
// rebuild it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "core/catalogue.h"
#include "service/catalogue_state.h"
#include "storage/store.h"

namespace motcua::service {

// A page request of a catalogue list (AIP-158): page_size 0 means 500, at
// most 5,000; the token comes from the previous page.
struct CataloguePageRequest {
  std::optional<absl::CivilDay> as_of;  // unset: every version
  int page_size = 0;
  std::string page_token;
};

template <typename Entry>
struct CataloguePage {
  std::vector<Entry> entries;   // by code, then start of validity
  std::string next_page_token;  // empty on the last page
};

// One refused entry of an import: its kind ("unit" ...), index and reason.
struct CatalogueRefusal {
  std::string kind;
  int index = 0;
  std::string reason;
};

struct CatalogueImportResult {
  int stored = 0;
  std::vector<CatalogueRefusal> refused;
};

class Catalogue {
 public:
  Catalogue(storage::Store& store, CatalogueState& state,
            std::function<absl::Time()> clock);

  // Each Put: ADMIN only; stores the entry (creating or replacing the
  // version starting on its valid_from) and answers it as stored.
  absl::StatusOr<core::Unit> PutUnit(const core::Principal& caller,
                                     const core::Unit& unit);
  absl::StatusOr<core::Agency> PutAgency(const core::Principal& caller,
                                         const core::Agency& agency);
  absl::StatusOr<core::Field> PutField(const core::Principal& caller,
                                       const core::Field& field);
  absl::StatusOr<core::Procedure> PutProcedure(
      const core::Principal& caller, const core::Procedure& procedure);
  // ADMIN only. Each entry on its own: a bad one never blocks the others.
  absl::StatusOr<CatalogueImportResult> Import(
      const core::Principal& caller, const core::CatalogueEntries& entries);

  // The version in force on `as_of` (default today); NotFound when none.
  absl::StatusOr<core::Unit> GetUnit(const std::string& code,
                                     std::optional<absl::CivilDay> as_of);
  absl::StatusOr<core::Agency> GetAgency(const std::string& code,
                                         std::optional<absl::CivilDay> as_of);
  absl::StatusOr<core::Procedure> GetProcedure(
      const std::string& code, std::optional<absl::CivilDay> as_of);

  // One page of every version (or those in force on as_of).
  absl::StatusOr<CataloguePage<core::Unit>> ListUnits(
      const CataloguePageRequest& r);
  absl::StatusOr<CataloguePage<core::Agency>> ListAgencies(
      const CataloguePageRequest& r);
  absl::StatusOr<CataloguePage<core::Field>> ListFields(
      const CataloguePageRequest& r);  // fields have no versions: as_of unused
  absl::StatusOr<CataloguePage<core::Procedure>> ListProcedures(
      const CataloguePageRequest& r);

 private:
  absl::CivilDay DayOf(std::optional<absl::CivilDay> as_of) const;

  storage::Store& store_;
  CatalogueState& state_;
  std::function<absl::Time()> clock_;
};

}  // namespace motcua::service
