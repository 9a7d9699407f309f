// What a load run measured, per operation: latencies (every one kept, so
// percentiles are exact), errors by status code, items moved (dossiers
// exported). Thread-safe; printed as a table or as JSON.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace motcua::client {

class LoadStats {
 public:
  // Records one finished call of `operation`: its latency, its status code
  // (0 = OK) and how many items it moved.
  void Record(const std::string& operation, absl::Duration latency,
              int status_code, int64_t items = 0);

  int64_t calls() const;
  int64_t errors() const;

  // One line per operation: calls, calls/s, p50/p90/p99/p99.9/max (ms),
  // items/s, errors by code; over `elapsed`.
  std::string Table(absl::Duration elapsed) const;
  // The same as a JSON object {"elapsed_s":..,"operations":{name:{...}}}.
  std::string Json(absl::Duration elapsed) const;

 private:
  struct Operation {
    std::vector<int64_t> latencies_us;  // successful calls only
    std::map<int, int64_t> errors;      // status code -> count
    int64_t items = 0;
  };
  struct Summary;
  static Summary Summarise(const Operation& op, absl::Duration elapsed);

  mutable std::mutex mutex_;
  std::map<std::string, Operation> operations_;
  int64_t calls_ = 0;
  int64_t errors_ = 0;
};

}  // namespace motcua::client
