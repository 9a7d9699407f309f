#include "storage/layout.h"

#include "core/local_time.h"
#include "storage/keys.h"
#include "storage/record_codec.h"

namespace motcua::storage {

std::vector<std::string> DossierIndexKeys(const core::Dossier& d) {
  std::vector<std::string> out;
  const core::DossierTimeline& t = d.timeline;
  out.push_back(keys::StatusIndexKey(d.agency_code, t.status, d.code));
  if (!t.received_at.has_value()) return out;
  const absl::CivilDay received = core::LocalDay(*t.received_at);
  std::vector<core::Scope> scopes = {{core::ScopeKind::kDeployment, ""},
                                     {core::ScopeKind::kAgency, d.agency_code}};
  if (!d.units.province.empty()) {
    scopes.push_back({core::ScopeKind::kProvince, d.units.province});
  }
  if (!d.units.district.empty()) {
    scopes.push_back({core::ScopeKind::kDistrict, d.units.district});
  }
  if (!d.units.commune.empty()) {
    scopes.push_back({core::ScopeKind::kCommune, d.units.commune});
  }
  for (const core::Scope& scope : scopes) {
    out.push_back(keys::ReceivedIndexKey(scope, received, d.code));
  }
  if (!t.finished_at.has_value() && t.due_at.has_value()) {
    out.push_back(keys::OpenDueIndexKey(d.agency_code,
                                        core::LocalDay(*t.due_at), d.code));
  }
  return out;
}

std::map<std::string, core::CounterRow> CounterRowDeltas(
    const std::vector<core::CounterCell>& cells) {
  std::map<std::string, core::CounterRow> rows;
  for (const core::CounterCell& c : cells) {
    rows[keys::CounterKey(c.scope, c.dimension, keys::Bucket::kDay,
                          DayNumber(c.day), c.dimension_code)][c.metric] +=
        c.delta;
    rows[keys::CounterKey(c.scope, c.dimension, keys::Bucket::kMonth,
                          keys::MonthPeriod(absl::CivilMonth(c.day)),
                          c.dimension_code)][c.metric] += c.delta;
  }
  for (auto it = rows.begin(); it != rows.end();) {
    it = it->second.IsZero() ? rows.erase(it) : std::next(it);
  }
  return rows;
}

}  // namespace motcua::storage
