// Statistics counters: what each dossier adds to the figures of DOMAIN.md
// section 7, per local day, so that any period's statistics are sums of
// pre-aggregated counters instead of scans of dossiers.
//
// Point-in-time figures (carried over, in progress, overdue, awaiting
// supplement) are kept as intervals of days: a dossier overdue from day A
// until day B adds 1 to kOverdueFrom on A and 1 to kOverdueUntil on B, and
// the number overdue at the end of day D is the sum of kOverdueFrom over days
// <= D minus the sum of kOverdueUntil over days <= D. "At the end of day D"
// means after every event dated D or earlier.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "core/dossier.h"
#include "core/timeliness.h"

namespace motcua::core {

// Counter metrics. The numbers index stored counter rows: append only,
// never renumber or reuse.
enum class Metric {
  kReceivedDirect = 0,  // received (status 2) that day, by channel
  kReceivedOnline = 1,
  kReceivedPostal = 2,
  kReceivedOnlineLevel3 = 3,  // received online, procedure at level 3
  kReceivedOnlineLevel4 = 4,
  kReceivedOnlinePartial = 5,  // received online, procedure PARTIAL
  kReceivedOnlineFull = 6,
  kFinishedEarly = 7,  // finished that day, by timeliness
  kFinishedOnTime = 8,
  kFinishedLate = 9,
  kFinishedLateWithApology = 10,
  kFinishedWithdrawn = 11,  // finished by withdrawal (status 7)
  kFinishedStopped = 12,    // finished by a stop (status 8)
  kNotAccepted = 13,        // refused at reception (status 3) that day
  kOverdueFrom = 14,        // open-and-overdue intervals
  kOverdueUntil = 15,
  kAwaitingSupplementFrom = 16,  // waiting-for-supplement intervals
  kAwaitingSupplementUntil = 17,
  kStepEarly = 18,   // inter-agency steps finished that day, by
  kStepOnTime = 19,  // the step's agency (AGENCY scope only)
  kStepLate = 20,
};
inline constexpr int kMetricCount = 21;

// "RECEIVED_ONLINE", "OVERDUE_FROM", ... for reports and diagnostics.
absl::string_view MetricName(Metric metric);

// A sum of counters: one value per metric.
struct CounterRow {
  std::array<int64_t, kMetricCount> values{};

  int64_t operator[](Metric m) const { return values[static_cast<int>(m)]; }
  int64_t& operator[](Metric m) { return values[static_cast<int>(m)]; }
  CounterRow& operator+=(const CounterRow& other);
  CounterRow& operator-=(const CounterRow& other);
  bool IsZero() const;
  friend bool operator==(const CounterRow& a, const CounterRow& b) {
    return a.values == b.values;
  }
  friend bool operator!=(const CounterRow& a, const CounterRow& b) {
    return !(a == b);
  }
};

// Where a counter is kept. Numbers are part of the disk format.
enum class ScopeKind {
  kDeployment = 0,  // everything the service holds; code is empty
  kProvince = 1,
  kDistrict = 2,
  kCommune = 3,
  kAgency = 4,
};

// How a scope's counters are broken down. Numbers are part of the disk
// format.
enum class Dimension {
  kTotal = 0,      // code is empty
  kField = 1,      // code: field (lĩnh vực) code
  kProcedure = 2,  // code: procedure code
};

struct Scope {
  ScopeKind kind = ScopeKind::kDeployment;
  std::string code;
  friend bool operator<(const Scope& a, const Scope& b) {
    return std::tie(a.kind, a.code) < std::tie(b.kind, b.code);
  }
  friend bool operator==(const Scope& a, const Scope& b) {
    return a.kind == b.kind && a.code == b.code;
  }
};

// Whether a dossier with unit path `path` lies within unit scope `unit`:
// the deployment holds every path; a province, district or commune the
// paths through it. An agency scope is no unit: false.
bool PathWithin(const UnitPath& path, const Scope& unit);

// One counter: a metric of a scope, dimension and local day.
struct CounterCell {
  Scope scope;
  Dimension dimension = Dimension::kTotal;
  std::string dimension_code;
  absl::CivilDay day;
  Metric metric = Metric::kReceivedDirect;
  int64_t delta = 0;
};

// The scopes whose counters hold `dossier`'s own figures (not its
// inter-agency steps): deployment, then province, district and commune as
// in force on its reception day (when set), then its receiving agency.
std::vector<Scope> ScopesOf(const Dossier& dossier);

// Whether `dossier`'s own figures count in `scope` under `dimension` =
// `code` (kTotal: any code).
bool CountsUnder(const Dossier& dossier, const Scope& scope,
                 Dimension dimension, const std::string& code);

// Calls `visit` once for each (scope, day, metric) `dossier` counts 1 in,
// before any summing or breaking down by dimension: the one source of
// DossierCounters() and of the cell index (core/dossier_shares.h). Each
// dimension (field, procedure) counts the same as the total.
void ForEachDayMetric(
    const Dossier& dossier, Granularity granularity,
    const std::function<void(const Scope&, absl::CivilDay, Metric)>& visit);

// What `dossier` adds to the counters, summed per cell, every scope and
// dimension expanded: deployment, province, district and commune (when set)
// and agency, each by total, field and procedure; inter-agency steps count
// under the step's agency. Overdue intervals follow ClassifyOpenDossier()
// at day resolution: a dossier open at the end of day D is overdue when,
// under DATE, D is after the date of the due in force then (under INSTANT,
// not before it), or, while waiting, when it already was as its wait began.
std::vector<CounterCell> DossierCounters(const Dossier& dossier,
                                         Granularity granularity);

// The counter changes that turn `before`'s contributions into `after`'s
// (`before` null for a new dossier): cells with a zero delta are omitted.
std::vector<CounterCell> CounterDeltas(const Dossier* before,
                                       const Dossier& after,
                                       Granularity granularity);

}  // namespace motcua::core
