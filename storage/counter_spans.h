// Which stored counter rows a day range reads, the same in every engine:
// whole months from month rows, the days around them from day rows.
// Internal to storage/.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "storage/keys.h"

namespace motcua::storage {

// Days past this are not summed: no counter is dated there.
inline const absl::CivilDay kLastCounterDay(2199, 12, 31);

// A stretch of days read from one bucket: whole months, or single days.
struct Span {
  keys::Bucket bucket;
  int32_t first_period;
  int32_t last_period;
};

// Splits [first, last] into the whole months inside it and the days around
// them, so that a period reads a few rows rather than one per day: a year
// is 12 month rows (there are no year rows, see layout.h), any period at
// most 12 per year and 60 day rows. Month periods are consecutive numbers
// and their keys adjacent, so the months form one span.
std::vector<Span> Spans(absl::CivilDay first, absl::CivilDay last);

// InvalidArgument, naming both days, when last < first.
absl::Status CheckRange(absl::CivilDay first, absl::CivilDay last);

}  // namespace motcua::storage
