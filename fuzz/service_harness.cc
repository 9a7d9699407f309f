#include "fuzz/service_harness.h"

#include <stdlib.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "core/local_time.h"
#include "fuzz/write_counting_store.h"
#include "google/protobuf/stubs/logging.h"
#include "grpcpp/server_builder.h"
#include "server/admin_service.h"
#include "server/calendar_service.h"
#include "server/catalogue_json.h"
#include "server/catalogue_service.h"
#include "server/dossier_service.h"
#include "service/application.h"
#include "service/files.h"
#include "service/first_start.h"
#include "service/tokens.h"
#include "storage/rocksdb_store.h"

namespace motcua::fuzz {
namespace {

// Inputs per fixture: enough that rebuilding (a store opened, calendars,
// catalogue, tokens and seven dossiers written) costs little, few enough
// that the store stays small and Verify after each dossier write is cheap.
constexpr int kInputsPerFixture = 4096;

constexpr Caller kCallers[] = {Caller::kAdmin,     Caller::kDesk,
                               Caller::kOtherDesk, Caller::kViewer,
                               Caller::kImport,    Caller::kNobody};

[[noreturn]] void SetupFailed(absl::string_view what) {
  std::fprintf(stderr, "fuzz harness: cannot build the fixture: %.*s\n",
               static_cast<int>(what.size()), what.data());
  std::abort();
}

void Require(const absl::Status& s, absl::string_view step) {
  if (!s.ok()) SetupFailed(absl::StrCat(step, ": ", s.ToString()));
}

void Require(const grpc::Status& s, absl::string_view step) {
  if (!s.ok()) SetupFailed(absl::StrCat(step, ": ", s.error_message()));
}

core::Principal PrincipalOf(Caller caller) {
  switch (caller) {
    case Caller::kAdmin:
      return {"fuzz-admin", core::Role::kAdmin, {}, {}};
    case Caller::kDesk:
      return {"fuzz-desk", core::Role::kDesk, {"H29.18070"}, {}};
    case Caller::kOtherDesk:
      return {"fuzz-other-desk", core::Role::kDesk, {"H29.18073"}, {}};
    case Caller::kViewer:
      return {"fuzz-viewer",
              core::Role::kViewer,
              {},
              {core::ScopeKind::kDistrict, "436"}};
    case Caller::kImport:
      return {"fuzz-import", core::Role::kImport, {}, {}};
    case Caller::kNobody:
      break;
  }
  return {};
}

std::string MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr ? base : "/tmp") + "/motcua-fuzz-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) SetupFailed("mkdtemp");
  return pattern;
}

}  // namespace

std::optional<Caller> CallerNamed(absl::string_view name) {
  if (name == "admin") return Caller::kAdmin;
  if (name == "desk") return Caller::kDesk;
  if (name == "other_desk") return Caller::kOtherDesk;
  if (name == "viewer") return Caller::kViewer;
  if (name == "import") return Caller::kImport;
  if (name == "nobody") return Caller::kNobody;
  return std::nullopt;
}

absl::Time FixtureNow() {
  return core::FromLocal(absl::CivilSecond(2025, 6, 10, 10, 0, 0));
}

struct ServiceHarness::Parts {
  std::string dir;
  std::unique_ptr<storage::Store> engine;
  std::unique_ptr<WriteCountingStore> store;
  std::unique_ptr<service::Application> app;
  std::unique_ptr<server::WorkerPool> writers;  // outlives the server's calls
  std::unique_ptr<server::WorkerPool> lookups;  // likewise
  std::unique_ptr<server::LookupAdmission> admission;  // likewise
  std::unique_ptr<server::DossierServiceImpl> dossiers;
  std::unique_ptr<server::CatalogueServiceImpl> catalogue;
  std::unique_ptr<server::CalendarServiceImpl> calendar;
  std::unique_ptr<server::AdminServiceImpl> admin;
  std::unique_ptr<grpc::Server> server;
  std::string secrets[std::size(kCallers)];
  std::shared_ptr<std::atomic<bool>> fixture_written;
};

std::unique_ptr<ServiceHarness> ServiceHarness::Start(
    std::function<absl::Time()> clock) {
  auto parts = std::make_unique<Parts>();
  parts->dir = MakeTempDir();
  storage::RocksDbStoreOptions options;
  options.sync_writes = false;  // nothing here must survive a power loss
  options.block_cache_bytes = size_t{8} << 20;
  options.background_threads = 1;
  options.clock = FixtureNow;
  absl::StatusOr<std::unique_ptr<storage::Store>> engine =
      storage::OpenRocksDbStore(parts->dir + "/store", options);
  Require(engine.status(), "open the store");
  parts->engine = *std::move(engine);
  parts->store = std::make_unique<WriteCountingStore>(*parts->engine);
  storage::Store& store = *parts->store;
  Require(service::LoadCalendars(store, MOTCUA_DATA_DIR "/calendar"),
          "load the calendars");
  const std::string catalogue_file = MOTCUA_DATA_DIR "/demo/catalogue.json";
  absl::StatusOr<std::string> json = service::ReadFile(catalogue_file);
  Require(json.status(), "read the demo catalogue");
  absl::StatusOr<core::CatalogueEntries> entries =
      server::ParseCatalogueJson(*json, catalogue_file);
  Require(entries.status(), "parse the demo catalogue");
  Require(service::LoadCatalogue(store, *entries), "load the demo catalogue");
  for (size_t i = 0; i < std::size(kCallers); ++i) {
    if (kCallers[i] == Caller::kNobody) continue;
    absl::StatusOr<service::NewToken> token =
        service::GenerateToken(PrincipalOf(kCallers[i]), FixtureNow());
    Require(token.status(), "make a token");
    Require(store.PutToken(token->stored), "store a token");
    parts->secrets[i] = token->secret;
  }
  absl::StatusOr<service::NewToken> spare = service::GenerateToken(
      {"fuzz-spare", core::Role::kAdmin, {}, {}}, FixtureNow());
  Require(spare.status(), "make the spare token");
  spare->stored.id = "fuzz-spare";
  Require(store.PutToken(spare->stored), "store the spare token");

  // FixtureNow() while the fixture is written, then `clock`.
  auto fixture_written = std::make_shared<std::atomic<bool>>(false);
  parts->fixture_written = fixture_written;
  // The lookup's answer floor only slows the fuzzer (it changes timing,
  // not answers); the rates stay the server's.
  service::LookupPolicy lookup;
  lookup.answer_floor = absl::ZeroDuration();
  absl::StatusOr<std::unique_ptr<service::Application>> app =
      service::Application::Create(
          store, service::TimePolicy(),
          [fixture_written, clock = std::move(clock)] {
            return fixture_written->load() ? clock() : FixtureNow();
          },
          lookup);
  Require(app.status(), "load the application");
  parts->app = *std::move(app);
  parts->writers = std::make_unique<server::WorkerPool>(2, 64);
  parts->lookups = std::make_unique<server::WorkerPool>(2, 64);
  // In-process calls all share one client: as many in progress as the
  // pool queues, so that lookups reach the rules under test.
  parts->admission =
      std::make_unique<server::LookupAdmission>(64, 64, absl::Seconds(10));
  // Reads inline (no reader pool), as with a RocksDB store.
  parts->dossiers = std::make_unique<server::DossierServiceImpl>(
      *parts->app, *parts->writers, nullptr, *parts->lookups,
      *parts->admission);
  parts->catalogue =
      std::make_unique<server::CatalogueServiceImpl>(*parts->app);
  parts->calendar = std::make_unique<server::CalendarServiceImpl>(*parts->app);
  parts->admin = std::make_unique<server::AdminServiceImpl>(*parts->app);
  grpc::ServerBuilder builder;
  builder.RegisterService(parts->dossiers.get());
  builder.RegisterService(parts->catalogue.get());
  builder.RegisterService(parts->calendar.get());
  builder.RegisterService(parts->admin.get());
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr) SetupFailed("start the in-process server");

  std::unique_ptr<ServiceHarness> h(new ServiceHarness(std::move(parts)));
  h->SeedDossiers();
  fixture_written->store(true);
  return h;
}

ServiceHarness::ServiceHarness(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {
  std::shared_ptr<grpc::Channel> channel =
      parts_->server->InProcessChannel(grpc::ChannelArguments());
  dossiers_ = v1::DossierService::NewStub(channel);
  catalogue_ = v1::CatalogueService::NewStub(channel);
  calendar_ = v1::CalendarService::NewStub(channel);
  admin_ = v1::AdminService::NewStub(channel);
}

ServiceHarness::~ServiceHarness() {
  dossiers_.reset();
  catalogue_.reset();
  calendar_.reset();
  admin_.reset();
  parts_->server->Shutdown();
  parts_->server.reset();
  parts_->store.reset();
  parts_->engine.reset();  // closes the store before its files go
  std::error_code ignored;
  std::filesystem::remove_all(parts_->dir, ignored);
}

std::unique_ptr<grpc::ClientContext> ServiceHarness::As(Caller caller) const {
  auto context = std::make_unique<grpc::ClientContext>();
  for (size_t i = 0; i < std::size(kCallers); ++i) {
    if (kCallers[i] == caller && !parts_->secrets[i].empty()) {
      context->AddMetadata("authorization", "Bearer " + parts_->secrets[i]);
    }
  }
  return context;
}

service::Application& ServiceHarness::application() { return *parts_->app; }

int64_t ServiceHarness::store_writes() const { return parts_->store->writes(); }

std::string ServiceHarness::Inconsistency() {
  absl::StatusOr<storage::VerifyReport> report = parts_->store->Verify(false);
  if (!report.ok()) return report.status().ToString();
  if (report->consistent()) return "";
  for (const auto* list :
       {&report->counter_differences, &report->index_differences,
        &report->history_differences, &report->sequence_differences}) {
    if (!list->empty()) return list->front();
  }
  return "Verify reports differences it does not list";
}

void ServiceHarness::SeedDossiers() {
  auto receive = [&](Caller desk, const std::string& agency,
                     const std::string& expected_code) {
    v1::ReceiveDossierRequest r;
    r.set_agency_code(agency);
    r.set_procedure_code("1.000894");
    r.set_channel(v1::DIRECT);
    r.mutable_applicant()->set_kind(v1::Applicant::PERSON);
    r.mutable_applicant()->set_name("Trần Thị B");
    r.mutable_applicant()->set_id_number("042190005678");
    v1::Receipt receipt;
    Require(dossiers_->ReceiveDossier(As(desk).get(), r, &receipt),
            "receive a dossier");
    if (receipt.dossier().code() != expected_code) {
      SetupFailed(absl::StrCat("expected dossier ", expected_code, ", got ",
                               receipt.dossier().code()));
    }
  };
  auto change = [&](const std::string& code, v1::DossierStatus to,
                    v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED) {
    v1::ChangeDossierStatusRequest r;
    r.set_code(code);
    r.set_status(to);
    r.set_outcome(outcome);
    v1::Dossier out;
    Require(dossiers_->ChangeDossierStatus(As(Caller::kDesk).get(), r, &out),
            absl::StrCat("change the status of ", code));
  };
  const std::string prefix = "H29.18070-250610-000";
  for (int i = 1; i <= 5; ++i) {
    receive(Caller::kDesk, "H29.18070", absl::StrCat(prefix, i));
  }
  change(prefix + "2", v1::PROCESSING);
  change(prefix + "3", v1::PROCESSING);
  v1::HandDossierToAgencyRequest hand;
  hand.set_code(prefix + "3");
  hand.set_agency_code("H29.18073");
  hand.mutable_allotted()->set_amount(3);
  hand.mutable_allotted()->set_unit(v1::WORKING_DAYS);
  v1::Dossier handed;
  Require(
      dossiers_->HandDossierToAgency(As(Caller::kDesk).get(), hand, &handed),
      "hand a dossier to another agency");
  change(prefix + "4", v1::PROCESSING);
  change(prefix + "4", v1::AWAITING_SUPPLEMENT);
  change(prefix + "5", v1::PROCESSING);
  change(prefix + "5", v1::RESOLVED, v1::GRANTED);
  v1::SubmitDossierRequest submit;
  submit.set_agency_code("H29.18070");
  submit.set_procedure_code("1.000656");
  submit.mutable_applicant()->set_kind(v1::Applicant::PERSON);
  submit.mutable_applicant()->set_name("Lê Văn C");
  submit.mutable_applicant()->set_id_number("042200001111");
  v1::Dossier submitted;
  Require(dossiers_->SubmitDossier(As(Caller::kDesk).get(), submit, &submitted),
          "submit a dossier online");
  if (submitted.code() != prefix + "6") {
    SetupFailed("the online submission got code " + submitted.code());
  }
  receive(Caller::kOtherDesk, "H29.18073", "H29.18073-250610-0001");
}

namespace {
ServiceHarness* harness = nullptr;
int inputs_on_harness = 0;
// Most inputs of a run never get here (their text does not parse), so the
// run's exec/s says little about the calls made: these say how many.
int64_t inputs_total = 0;
int fixtures_built = 0;
}  // namespace

ServiceHarness& HarnessForInput() {
  if (harness == nullptr) {
    google::protobuf::SetLogHandler([](google::protobuf::LogLevel, const char*,
                                       int, const std::string&) {});
    harness = ServiceHarness::Start().release();
    ++fixtures_built;
    std::atexit([] {
      std::fprintf(stderr,
                   "fuzz harness: %lld inputs reached the services, on %d "
                   "fixtures\n",
                   static_cast<long long>(inputs_total), fixtures_built);
      delete harness;
      harness = nullptr;
    });
  } else if (++inputs_on_harness >= kInputsPerFixture) {
    delete harness;
    harness = ServiceHarness::Start().release();
    ++fixtures_built;
    inputs_on_harness = 0;
  }
  ++inputs_total;
  return *harness;
}

bool SurvivesTheWire(const google::protobuf::Message& request) {
  std::string bytes;
  if (!request.SerializeToString(&bytes)) return false;
  std::unique_ptr<google::protobuf::Message> decoded(request.New());
  return decoded->ParseFromString(bytes);
}

}  // namespace motcua::fuzz
