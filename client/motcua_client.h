// The motcua client library: one connection to a motcua server, its stubs,
// and a helper that makes a call with the token and a deadline, answering
// absl::Status (the server's code and message) instead of grpc::Status.
//
//   motcua::client::Client c({"127.0.0.1:50051", token});
//   absl::StatusOr<v1::Receipt> r =
//       c.Call(&v1::DossierService::Stub::ReceiveDossier, *c.dossiers(), req);
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "motcua/v1/admin_service.grpc.pb.h"
#include "motcua/v1/calendar_service.grpc.pb.h"
#include "motcua/v1/catalogue_service.grpc.pb.h"
#include "motcua/v1/dossier_service.grpc.pb.h"
#include "motcua/v1/statistics_service.grpc.pb.h"

namespace motcua::client {

// `day` as the API's Date.
v1::Date ToDate(absl::CivilDay day);

struct ClientOptions {
  std::string address = "127.0.0.1:50051";
  std::string token;  // sent as "authorization: Bearer <token>" when set
  absl::Duration deadline = absl::Seconds(30);
  // PEM of the CA to trust; empty: plain-text (loopback) connection.
  std::string tls_ca_pem;
  // The longest wait between attempts to reach a server that is down.
  // gRPC's own default grows to two minutes, so calls that wait for a
  // restarted server (wait_for_ready) could sleep through their deadline
  // long after it is back; a desk must see it again within a second.
  absl::Duration max_reconnect_backoff = absl::Seconds(1);
};

class Client {
 public:
  explicit Client(const ClientOptions& options);

  v1::DossierService::Stub* dossiers() { return dossiers_.get(); }
  v1::CatalogueService::Stub* catalogue() { return catalogue_.get(); }
  v1::CalendarService::Stub* calendar() { return calendar_.get(); }
  v1::AdminService::Stub* admin() { return admin_.get(); }
  v1::StatisticsService::Stub* statistics() { return statistics_.get(); }
  // The connection, for calls outside motcua.v1 (grpc.health.v1).
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // The deadline of the calls made from now on (a backup may take minutes).
  void set_deadline(absl::Duration deadline) { options_.deadline = deadline; }

  // Calls `method` on `stub` with `request`; the server's status on error.
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      Stub& stub, const Request& request) {
    grpc::ClientContext context;
    Prepare(&context);
    Response response;
    const grpc::Status s = (stub.*method)(&context, request, &response);
    if (!s.ok()) return ToAbsl(s);
    return response;
  }

  // Streams the export of `request`, calling `each` per dossier until it
  // returns false; no deadline (a province-year takes a while).
  absl::Status ExportDossiers(
      const v1::ExportDossiersRequest& request,
      const std::function<bool(const v1::Dossier&)>& each);

  // Sets the token and the deadline on `context`, for callers that make
  // their own (asynchronous) calls on the stubs.
  void Prepare(grpc::ClientContext* context) const;

 private:
  static absl::Status ToAbsl(const grpc::Status& s);

  ClientOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::DossierService::Stub> dossiers_;
  std::unique_ptr<v1::CatalogueService::Stub> catalogue_;
  std::unique_ptr<v1::CalendarService::Stub> calendar_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
  std::unique_ptr<v1::StatisticsService::Stub> statistics_;
};

}  // namespace motcua::client
