// Stores of random legal histories, each answering StatisticsService on
// loopback with a clock the test sets.
//
// The service refuses events later than its clock, so a store it answers
// from never holds an event after "now". To ask with "now" inside the data
// there are, besides the store of every history ("live", to be asked after
// its last event), stores holding the same histories cut at a mid-day
// instant (imported up to the cut, as they stood then), to be asked at or
// after the cut.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/dossier.h"
#include "core/timeliness.h"
#include "grpcpp/server.h"
#include "motcua/v1/statistics_service.grpc.pb.h"
#include "server/statistics_service.h"
#include "service/application.h"
#include "storage/store.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {

inline constexpr int kHistories = 2000;
inline constexpr int kCuts = 4;

// A store of the small province and the shipped calendars answering
// StatisticsService on loopback, with a clock the test sets and an ADMIN
// token.
class Deployment {
 public:
  Deployment() = default;
  Deployment(const Deployment&) = delete;
  Deployment& operator=(const Deployment&) = delete;
  ~Deployment();

  // Opens a store in `directory` under `rules` (or granularity `g` and the
  // default supplement rule), with the world's catalogue and an ADMIN token.
  absl::Status Open(const std::string& directory, core::Granularity g);
  absl::Status Open(const std::string& directory,
                    const core::DomainRules& rules);
  // Starts answering; `dossiers` are what the store holds from now on.
  void Serve(std::vector<core::Dossier> dossiers);

  void SetNow(absl::Time now);
  grpc::Status Report(const v1::GetReportRequest& r, v1::Report* out);
  grpc::Status Rates(const v1::GetRatesRequest& r, v1::RatesReport* out);
  grpc::Status Cell(const v1::ListReportDossiersRequest& r,
                    v1::ListReportDossiersResponse* out);
  // With the token whose secret is `token`; empty: the ADMIN one.
  grpc::Status Warnings(const v1::ListDeadlineWarningsRequest& r,
                        v1::ListDeadlineWarningsResponse* out,
                        const std::string& token = "");
  // A new token of `p` stored: its secret.
  std::string Token(const core::Principal& p);

  storage::Store& store() { return *store_; }
  const std::vector<core::Dossier>& dossiers() const { return dossiers_; }

  // The instant the histories were cut at (live: their last event): "now"
  // may be anything from here on.
  absl::Time cut = absl::InfinitePast();

 private:
  // Calls `rpc` with the token whose secret is `token` (empty: the ADMIN
  // one).
  template <typename Request, typename Response>
  grpc::Status Ask(grpc::Status (v1::StatisticsService::Stub::*rpc)(
                       grpc::ClientContext*, const Request&, Response*),
                   const Request& r, Response* out,
                   const std::string& token = "") {
    grpc::ClientContext c;
    c.AddMetadata("authorization",
                  "Bearer " + (token.empty() ? admin_ : token));
    return (stub_.get()->*rpc)(&c, r, out);
  }

  std::unique_ptr<storage::Store> store_;
  std::vector<core::Dossier> dossiers_;
  std::string admin_;
  absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<service::Application> app_;
  std::unique_ptr<server::StatisticsServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::StatisticsService::Stub> stub_;
};

// kHistories random histories of one granularity, live and cut.
struct Histories {
  TempDir dir;
  Deployment live;
  // Up to kCuts, each shortly before a dossier open then falls due later
  // the same day, spread over the data so that cuts land before and after
  // the 2025 re-parenting of commune 18352.
  std::vector<std::unique_ptr<Deployment>> cuts;
};

// Plays the histories into `h.live`, imports their cut parts, and starts
// every deployment answering.
absl::Status BuildHistories(const core::DomainRules& rules, Histories& h);

}  // namespace motcua::testing
