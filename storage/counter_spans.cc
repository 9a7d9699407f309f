// Which counter rows a day range reads (counter_spans.h).
#include "storage/counter_spans.h"

#include "absl/strings/str_cat.h"
#include "storage/record_codec.h"

namespace motcua::storage {
namespace {

void AddDays(absl::CivilDay a, absl::CivilDay b, std::vector<Span>* spans) {
  if (a <= b)
    spans->push_back({keys::Bucket::kDay, DayNumber(a), DayNumber(b)});
}

}  // namespace

std::vector<Span> Spans(absl::CivilDay first, absl::CivilDay last) {
  std::vector<Span> spans;
  // The months wholly inside [first, last]: from the first that starts on or
  // after `first`, to the last whose next month starts after `last`.
  const absl::CivilMonth first_month =
      absl::CivilMonth(first) + (first.day() == 1 ? 0 : 1);
  const absl::CivilMonth last_month =
      absl::CivilMonth(last) -
      (absl::CivilDay(absl::CivilMonth(last) + 1) - 1 == last ? 0 : 1);
  if (last_month < first_month) {
    AddDays(first, last, &spans);
    return spans;
  }
  AddDays(first, absl::CivilDay(first_month) - 1, &spans);
  spans.push_back({keys::Bucket::kMonth, keys::MonthPeriod(first_month),
                   keys::MonthPeriod(last_month)});
  AddDays(absl::CivilDay(last_month + 1), last, &spans);
  return spans;
}

absl::Status CheckRange(absl::CivilDay first, absl::CivilDay last) {
  if (last < first) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the day range ends (", absl::FormatCivilTime(last),
        ") before it starts (", absl::FormatCivilTime(first), ")"));
  }
  return absl::OkStatus();
}

}  // namespace motcua::storage
