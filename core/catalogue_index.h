// The whole catalogue as one immutable value: every version of every unit,
// agency, field and procedure, indexed for the lookups each call makes (the
// version in force on a day, an agency's units, whether one scope lies in
// another). Pure: whoever holds it loaded it (service/catalogue_state.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "core/access.h"
#include "core/catalogue.h"
#include "core/counters.h"
#include "core/dossier.h"

namespace motcua::core {

// What a dossier keeps of its procedure at reception.
ProcedureSnapshot SnapshotOf(const Procedure& p);

class CatalogueIndex {
 public:
  // Every version of each kind; any order (they are sorted here by code,
  // then start of validity, the order of the List* views).
  CatalogueIndex(std::vector<Unit> units, std::vector<Agency> agencies,
                 std::vector<Field> fields, std::vector<Procedure> procedures);
  CatalogueIndex() = default;

  // The version in force on `day`; nullptr when none.
  const Unit* UnitOn(absl::string_view code, absl::CivilDay day) const;
  const Agency* AgencyOn(absl::string_view code, absl::CivilDay day) const;
  const Procedure* ProcedureOn(absl::string_view code,
                               absl::CivilDay day) const;
  const Field* FieldOf(absl::string_view code) const;

  // Every version, by code then valid_from.
  const std::vector<Unit>& units() const { return units_; }
  const std::vector<Agency>& agencies() const { return agencies_; }
  const std::vector<Field>& fields() const { return fields_; }
  const std::vector<Procedure>& procedures() const { return procedures_; }

  // The procedure in force on `day` as a dossier snapshots it.
  // InvalidArgument naming `field` when none is in force.
  absl::StatusOr<ProcedureSnapshot> ProcedureSnapshotOn(
      absl::string_view code, absl::CivilDay day,
      absl::string_view field) const;

  // The units above `agency_code` on `day`: its commune, district and
  // province as they were then. InvalidArgument naming `field` when the
  // agency or one of its units is not in force that day.
  absl::StatusOr<UnitPath> UnitPathOf(absl::string_view agency_code,
                                      absl::CivilDay day,
                                      absl::string_view field) const;
  // The same for a unit (the unit itself included).
  absl::StatusOr<UnitPath> PathOfUnit(absl::string_view unit_code,
                                      absl::CivilDay day,
                                      absl::string_view field) const;

  // Whether `inner` lies within `outer` on `day` (a scope contains itself;
  // the deployment contains everything; an unknown inner lies nowhere).
  bool ScopeWithin(const Scope& outer, const Scope& inner,
                   absl::CivilDay day) const;
  // ScopeWithin on `day`, as CheckCanReadScope asks it; valid while this
  // index is.
  ScopeContains ContainsOn(absl::CivilDay day) const;

 private:
  template <typename Entry>
  static const Entry* VersionOn(
      const std::vector<Entry>& all,
      const std::map<std::string, size_t, std::less<>>& first,
      absl::string_view code, absl::CivilDay day);

  std::vector<Unit> units_;
  std::vector<Agency> agencies_;
  std::vector<Field> fields_;
  std::vector<Procedure> procedures_;
  // code -> index of its first version in the vector above.
  std::map<std::string, size_t, std::less<>> unit_first_;
  std::map<std::string, size_t, std::less<>> agency_first_;
  std::map<std::string, size_t, std::less<>> field_first_;
  std::map<std::string, size_t, std::less<>> procedure_first_;
};

}  // namespace motcua::core
