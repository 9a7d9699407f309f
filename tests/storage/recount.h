// An independent recount of report form 06 and the rates (DOMAIN.md
// sections 6-7), dossier by dossier from each dossier's timeline. It is
// deliberately simple and shares nothing with the counters' interval
// arithmetic, so the storage and API suites can check the counted figures
// against it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/counters.h"
#include "core/dossier.h"
#include "core/form06.h"
#include "core/timeliness.h"

namespace motcua::testing {

// Every column of the form on one line, for readable assertion failures.
std::string Describe(const core::Form06& f);

// Whether `d` belongs to `scope` by the hierarchy in force on its reception
// day (the unit path it recorded then).
bool InScope(const core::Dossier& d, const core::Scope& scope);

// Whether `d` belongs to one code of `dim` (kTotal: every dossier).
bool InDimension(const core::Dossier& d, core::Dimension dim,
                 const std::string& code);

// Form 06 of `scope` and one dimension code over the local days [from, to]:
// the period columns by the local day of each event, the point-in-time
// columns (in progress, within time, overdue, awaiting supplement) judged at
// the exact instant `as_of` under `granularity`.
core::Form06 Recount(const std::vector<core::Dossier>& dossiers,
                     core::Granularity granularity, const core::Scope& scope,
                     core::Dimension dim, const std::string& code,
                     absl::CivilDay from, absl::CivilDay to, absl::Time as_of);

// An exact rate; denominator 0 is "no data".
struct Fraction {
  int64_t numerator = 0;
  int64_t denominator = 0;
};

struct RecountedRates {
  Fraction on_time;
  Fraction early;
  Fraction progress_index;
  Fraction online_level3;
  Fraction online_level4;
  Fraction online_partial;
  Fraction online_full;
};

// The rates of DOMAIN.md section 7 from a form, by their definitions.
RecountedRates RecountRates(const core::Form06& f);

// Every rate as "numerator/denominator" on one line.
std::string Describe(const RecountedRates& r);

}  // namespace motcua::testing
