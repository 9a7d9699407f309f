// motcua-server's services over a fresh store in a temporary directory,
// called in-process (no socket, the real gRPC call path and handlers), with
// a token for each kind of caller. The service fuzz targets drive it.
//
// The fixture: the shipped calendars and the demo catalogue; a clock that
// always reads FixtureNow(); and dossiers of agency H29.18070 received at
// that instant, numbered in this order, so inputs can name them:
//   H29.18070-250610-0001  RECEIVED
//   H29.18070-250610-0002  PROCESSING
//   H29.18070-250610-0003  PROCESSING, handed to H29.18073 (step open)
//   H29.18070-250610-0004  AWAITING_SUPPLEMENT
//   H29.18070-250610-0005  RESOLVED (GRANTED)
//   H29.18070-250610-0006  SUBMITTED online, not yet received
//   H29.18073-250610-0001  RECEIVED (another desk's)
// and a spare token with id "fuzz-spare" for RevokeToken to find.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server.h"
#include "motcua/v1/admin_service.grpc.pb.h"
#include "motcua/v1/calendar_service.grpc.pb.h"
#include "motcua/v1/catalogue_service.grpc.pb.h"
#include "motcua/v1/dossier_service.grpc.pb.h"
#include "service/application.h"

namespace motcua::fuzz {

// Who makes a call: a token of each role, or no token at all.
enum class Caller {
  kAdmin,
  kDesk,       // DESK of H29.18070
  kOtherDesk,  // DESK of H29.18073
  kViewer,     // VIEWER of district 436
  kImport,
  kNobody,
};

// "admin", "desk", "other_desk", "viewer", "import" or "nobody".
std::optional<Caller> CallerNamed(absl::string_view name);

// Tuesday 2025-06-10, 10:00 in Vietnam: the instant the services live at.
absl::Time FixtureNow();

class ServiceHarness {
 public:
  // Builds the fixture; aborts with a message when it cannot (a broken
  // fixture would make every input look refused). `clock` is the services'
  // now once the fixture is built (the store's, and the services' while
  // they write the fixture, is FixtureNow()): a target may move it forward,
  // e.g. for the lookup's rate limits to refill.
  static std::unique_ptr<ServiceHarness> Start(
      std::function<absl::Time()> clock = FixtureNow);
  ~ServiceHarness();

  // A context carrying `caller`'s token.
  std::unique_ptr<grpc::ClientContext> As(Caller caller) const;

  v1::DossierService::Stub& dossiers() { return *dossiers_; }
  v1::CatalogueService::Stub& catalogue() { return *catalogue_; }
  v1::CalendarService::Stub& calendar() { return *calendar_; }
  v1::AdminService::Stub& admin() { return *admin_; }
  // The application behind the server, for calls the in-process server
  // cannot make as a target needs (another client address, say).
  service::Application& application();

  // Store writes that took effect since the fixture was built.
  int64_t store_writes() const;
  // Recounts the store (Store::Verify): empty when consistent, else the
  // first difference.
  std::string Inconsistency();

  struct Parts;

 private:
  explicit ServiceHarness(std::unique_ptr<Parts> parts);
  // Writes the fixture's dossiers (listed above) through the services.
  void SeedDossiers();
  std::unique_ptr<Parts> parts_;
  std::unique_ptr<v1::DossierService::Stub> dossiers_;
  std::unique_ptr<v1::CatalogueService::Stub> catalogue_;
  std::unique_ptr<v1::CalendarService::Stub> calendar_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
};

// The harness the next input runs against: built on first use, and built
// anew every few thousand inputs so the store stays small and each input
// meets a state close to the fixture. Removed at exit. The first call also
// silences protobuf's log, which would report every malformed input.
ServiceHarness& HarnessForInput();

// Whether `request` reaches a handler at all: the server's decoder refuses
// a message whose string fields are not UTF-8 before any project code runs
// (and gRPC answers for it), so such inputs test nothing of ours.
bool SurvivesTheWire(const google::protobuf::Message& request);

}  // namespace motcua::fuzz
