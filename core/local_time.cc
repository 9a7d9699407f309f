#include "core/local_time.h"

namespace motcua::core {

absl::TimeZone VietnamTimeZone() { return absl::FixedTimeZone(7 * 60 * 60); }

absl::CivilDay LocalDay(absl::Time t) {
  return absl::ToCivilDay(t, VietnamTimeZone());
}

absl::CivilSecond LocalSecond(absl::Time t) {
  return absl::ToCivilSecond(t, VietnamTimeZone());
}

absl::Time FromLocal(absl::CivilSecond local) {
  return absl::FromCivil(local, VietnamTimeZone());
}

}  // namespace motcua::core
