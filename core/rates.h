// The rates dashboards show (DOMAIN.md section 7), as exact fractions: a
// rate over zero dossiers is "no data", never 0% or 100%.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/form06.h"

namespace motcua::core {

struct Rate {
  int64_t numerator = 0;
  int64_t denominator = 0;

  bool has_data() const { return denominator > 0; }
  // numerator / denominator; nullopt when there is no data.
  std::optional<double> value() const;
  // "97.53%" (two decimals, rounded half up), or "no data".
  std::string Percent() const;
  friend bool operator==(const Rate& a, const Rate& b) {
    return a.numerator == b.numerator && a.denominator == b.denominator;
  }
};

struct Rates {
  Rate on_time;         // (early + on time) / resolved
  Rate early;           // early / resolved
  Rate progress_index;  // Decision 766: (resolved early or on time + in
                        // progress within time) / (resolved + in progress)
  // Dossiers received online at each classification / all received in the
  // period (carried-over dossiers are in neither).
  Rate online_level3;
  Rate online_level4;
  Rate online_partial;
  Rate online_full;
};

Rates ComputeRates(const Form06& form);

}  // namespace motcua::core
