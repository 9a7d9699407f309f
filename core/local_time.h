// Local time of the service: Asia/Ho_Chi_Minh.
//
// Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed
// offset is exact for every date the service handles and, unlike
// absl::LoadTimeZone, needs no zoneinfo files on the machine. All instants are
// stored and exchanged as absl::Time (UTC); local civil times exist only to
// apply the working calendar and to print dates people read.
#pragma once

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace motcua::core {

// The Asia/Ho_Chi_Minh zone as a fixed UTC+7 offset.
absl::TimeZone VietnamTimeZone();

// The local calendar day that holds `t`.
absl::CivilDay LocalDay(absl::Time t);

// The local civil second of `t`.
absl::CivilSecond LocalSecond(absl::Time t);

// The instant of a local civil time (unambiguous: the zone has no DST).
absl::Time FromLocal(absl::CivilSecond local);

}  // namespace motcua::core
