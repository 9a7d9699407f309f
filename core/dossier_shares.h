// Which dossiers a report cell counts: each dossier's share in the counters
// of every scope, in a form a listing can follow. Derived from
// ForEachDayMetric(), the one source of DossierCounters(), so that the
// dossiers listed for a cell are
// exactly the ones its counters sum (DOMAIN.md section 7), whatever the
// rules behind those counters.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "core/counters.h"
#include "core/dossier.h"

namespace motcua::core {

// Point-in-time standings: a dossier stands so at the end of day D when D
// lies in one of its intervals of that standing.
enum class Standing {
  kOpen = 0,                // received, unfinished (carried over, in progress)
  kOverdue = 1,             // open and overdue
  kAwaitingSupplement = 2,  // waiting for the applicant's supplement
};
inline constexpr int kStandingCount = 3;

// The day that stands for "not ended": later than any day a dossier holds.
inline const absl::CivilDay kOpenEnded(9999, 12, 31);

// Days [from, until): the end of day D is within when from <= D < until.
struct DayInterval {
  absl::CivilDay from;
  absl::CivilDay until;
  bool Holds(absl::CivilDay day) const { return from <= day && day < until; }
  friend bool operator==(const DayInterval& a, const DayInterval& b) {
    return a.from == b.from && a.until == b.until;
  }
};

// Whether `metric` is summed over a period (received, finished, steps ...)
// rather than paired into standings (the *_FROM / *_UNTIL metrics).
bool IsPeriodMetric(Metric metric);

// Whether `metric` counts a reception (RECEIVED_* ...): every dossier with
// such a cell on day D under a scope is in that scope's reception index on
// D, so the cell index does not repeat them.
bool IsReceptionMetric(Metric metric);

// How many times `dossier` counts in any of `metrics` on `day` under
// `scope`, from ForEachDayMetric() as the counters count.
int64_t TimesCounted(const Dossier& dossier, Granularity granularity,
                     const Scope& scope, const std::vector<Metric>& metrics,
                     absl::CivilDay day);

// A dossier's share in the counters of one scope (every dimension: the
// field and procedure codes it counts under are the same for all its
// cells).
struct ScopeShare {
  Scope scope;
  std::string field_code;
  std::string procedure_code;
  // Period metrics: (metric, day) -> times counted (normally 1).
  std::map<std::pair<Metric, absl::CivilDay>, int64_t> counted;
  // Standings, indexed by Standing: a RECEIVED_* cell opens an interval
  // that the next FINISHED_EARLY/ON_TIME/LATE cell closes; OVERDUE and
  // AWAITING_SUPPLEMENT pair their FROM and UNTIL cells. Each interval
  // counts 1 at the end of the days it holds, as the counters do; empty
  // intervals (opened and closed the same day) are left out.
  std::array<std::vector<DayInterval>, kStandingCount> standings;

  // Whether the dossier stands so at the end of `day`, and how many times.
  int64_t StandingAt(Standing standing, absl::CivilDay day) const;
  // The first day of any standing, and the end of the last (kOpenEnded
  // while one has not ended); from > until when it has no standing.
  DayInterval Span() const;
};

// The shares of `dossier` in every scope its counters touch, by scope.
std::vector<ScopeShare> DossierShares(const Dossier& dossier,
                                      Granularity granularity);

}  // namespace motcua::core
