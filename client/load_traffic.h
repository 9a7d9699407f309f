// The traffic motcua-load sends: desk work (whole dossier lives, one call
// per step), dashboard queries (rates and form-06 reports of random
// districts and months) and batch pulls (a district's year, exported).
// Calls are asynchronous; each is recorded in LoadStats when it finishes,
// and each acknowledged desk write in an AcknowledgedWritesLog when given.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/acknowledged_writes.h"
#include "client/load_stats.h"
#include "client/motcua_client.h"

namespace motcua::client {

// What the traffic draws from, read from the server once.
struct LoadCatalogue {
  std::vector<v1::Agency> agencies;
  std::vector<v1::Procedure> procedures;
  std::string province;
  std::vector<std::string> districts;
};
absl::StatusOr<LoadCatalogue> FetchLoadCatalogue(Client& client);

struct TrafficOptions {
  double online_share = 0.3;       // lives submitted online, then received
  double postal_share = 0.05;      // of the others, received by post
  double supplement_share = 0.15;  // lives that wait for a supplement once
  double step_share = 0.1;         // lives handed to another agency
  double withdrawn_share = 0.03;   // lives withdrawn instead of resolved
  // Lives resolved late: received 45 days back and finished since, with
  // back-dated events (the token must be ADMIN or IMPORT). The others
  // happen now.
  double late_share = 0.1;
  // Share of dashboard calls that are form-06 reports (the rest are rates).
  double report_share = 0.3;
  int report_year = 2026;  // the year dashboards and batch jobs ask for
  // A desk write that failed UNAVAILABLE or DEADLINE_EXCEEDED (its outcome
  // unknown) is sent again, with the same request id, up to this many
  // times, as desk software does across a failover; 0: dropped.
  int retries = 0;
  uint64_t seed = 1;
};

class Traffic {
 public:
  // `acknowledged`, when not null, receives every desk write answered OK.
  Traffic(Client& client, LoadCatalogue catalogue, TrafficOptions options,
          LoadStats& stats, AcknowledgedWritesLog* acknowledged = nullptr);
  ~Traffic();

  // Acknowledged writes the log could not record (it reports why on
  // standard error); a run with any has an incomplete log.
  int64_t unrecorded() const { return unrecorded_.load(); }

  // Each starts one call and calls `done` once it has finished (from a
  // gRPC thread, or the export's own thread).
  void StartDesk(std::function<void()> done);
  void StartDashboard(std::function<void()> done);
  void StartBatch(std::function<void()> done);

 private:
  struct Step;
  struct Life;
  std::unique_ptr<Life> NewLife();
  void Advance(std::unique_ptr<Life> life, std::function<void()> done);
  // Records the finished call (and, when it was acknowledged, the write:
  // `answer` is the dossier the server returned, `request_id` the write's)
  // and hands the life back to the pool (or drops it when it is over or the
  // call failed for good).
  void Finish(std::unique_ptr<Life> life, const std::string& op,
              absl::Time began, const grpc::Status& s,
              const v1::Dossier& answer, const std::string& request_id,
              const std::function<void()>& done);
  // Random draws; the caller holds mutex_.
  double Uniform();
  std::string PickDistrict();

  Client& client_;
  const LoadCatalogue catalogue_;
  const TrafficOptions options_;
  LoadStats& stats_;
  AcknowledgedWritesLog* const acknowledged_;
  std::atomic<int64_t> unrecorded_{0};
  std::mutex mutex_;  // guards random_ and lives_
  std::mt19937_64 random_;
  std::deque<std::unique_ptr<Life>> lives_;  // waiting for their next step
  std::atomic<uint64_t> requests_{0};
};

}  // namespace motcua::client
