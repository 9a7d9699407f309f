#include "core/rates.h"

#include "absl/strings/str_format.h"

namespace motcua::core {

std::optional<double> Rate::value() const {
  if (!has_data()) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

std::string Rate::Percent() const {
  if (!has_data()) return "no data";
  // Basis points of 1/100 %, rounded half up, in integers: no float drift.
  const int64_t hundredths =
      (numerator * 10000 * 2 + denominator) / (2 * denominator);
  return absl::StrFormat("%d.%02d%%", hundredths / 100, hundredths % 100);
}

Rates ComputeRates(const Form06& f) {
  const int64_t received = f.received_online + f.received_direct_postal;
  Rates r;
  r.on_time = {f.resolved_early + f.resolved_on_time, f.resolved_total};
  r.early = {f.resolved_early, f.resolved_total};
  r.progress_index = {
      f.resolved_early + f.resolved_on_time + f.in_progress_within_time,
      f.resolved_total + f.in_progress_total};
  r.online_level3 = {f.received_online_level3, received};
  r.online_level4 = {f.received_online_level4, received};
  r.online_partial = {f.received_online_partial, received};
  r.online_full = {f.received_online_full, received};
  return r;
}

}  // namespace motcua::core
