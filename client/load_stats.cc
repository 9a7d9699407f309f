#include "client/load_stats.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace motcua::client {

struct LoadStats::Summary {
  int64_t ok = 0;
  int64_t failed = 0;
  double per_second = 0;
  double items_per_second = 0;
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;  // milliseconds
};

void LoadStats::Record(const std::string& operation, absl::Duration latency,
                       int status_code, int64_t items) {
  std::lock_guard<std::mutex> lock(mutex_);
  Operation& op = operations_[operation];
  ++calls_;
  if (status_code == 0) {
    op.latencies_us.push_back(absl::ToInt64Microseconds(latency));
    op.items += items;
  } else {
    ++op.errors[status_code];
    ++errors_;
  }
}

int64_t LoadStats::calls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return calls_;
}

int64_t LoadStats::errors() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return errors_;
}

LoadStats::Summary LoadStats::Summarise(const Operation& op,
                                        absl::Duration elapsed) {
  Summary s;
  std::vector<int64_t> sorted = op.latencies_us;
  std::sort(sorted.begin(), sorted.end());
  s.ok = static_cast<int64_t>(sorted.size());
  for (const auto& [code, n] : op.errors) s.failed += n;
  const double seconds = std::max(absl::ToDoubleSeconds(elapsed), 1e-9);
  s.per_second = static_cast<double>(s.ok + s.failed) / seconds;
  s.items_per_second = static_cast<double>(op.items) / seconds;
  // Nearest-rank percentiles.
  auto at = [&](double q) {
    if (sorted.empty()) return 0.0;
    size_t rank = static_cast<size_t>(q * static_cast<double>(sorted.size()));
    if (rank >= sorted.size()) rank = sorted.size() - 1;
    return static_cast<double>(sorted[rank]) / 1000.0;
  };
  s.p50 = at(0.50);
  s.p90 = at(0.90);
  s.p99 = at(0.99);
  s.p999 = at(0.999);
  s.max = sorted.empty() ? 0 : static_cast<double>(sorted.back()) / 1000.0;
  return s;
}

std::string LoadStats::Table(absl::Duration elapsed) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out = absl::StrFormat(
      "%-22s %9s %9s %8s %8s %8s %8s %8s %10s  %s\n", "operation", "calls",
      "calls/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "items/s",
      "errors (code: count)");
  for (const auto& [name, op] : operations_) {
    const Summary s = Summarise(op, elapsed);
    std::vector<std::string> errors;
    for (const auto& [code, n] : op.errors) {
      errors.push_back(absl::StrCat(code, ": ", n));
    }
    absl::StrAppendFormat(
        &out, "%-22s %9d %9.0f %8.2f %8.2f %8.2f %8.2f %8.2f %10.0f  %s\n",
        name, s.ok + s.failed, s.per_second, s.p50, s.p90, s.p99, s.p999, s.max,
        s.items_per_second, errors.empty() ? "-" : absl::StrJoin(errors, ", "));
  }
  return out;
}

std::string LoadStats::Json(absl::Duration elapsed) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> ops;
  for (const auto& [name, op] : operations_) {
    const Summary s = Summarise(op, elapsed);
    std::vector<std::string> errors;
    for (const auto& [code, n] : op.errors) {
      errors.push_back(absl::StrCat("\"", code, "\":", n));
    }
    ops.push_back(absl::StrFormat(
        "\"%s\":{\"calls\":%d,\"ok\":%d,\"per_second\":%.1f,\"p50_ms\":%.3f,"
        "\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,"
        "\"items_per_second\":%.1f,\"errors\":{%s}}",
        name, s.ok + s.failed, s.ok, s.per_second, s.p50, s.p90, s.p99, s.p999,
        s.max, s.items_per_second, absl::StrJoin(errors, ",")));
  }
  return absl::StrFormat("{\"elapsed_s\":%.3f,\"operations\":{%s}}\n",
                         absl::ToDoubleSeconds(elapsed),
                         absl::StrJoin(ops, ","));
}

}  // namespace motcua::client
