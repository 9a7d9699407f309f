#include "server/app.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "server/first_start_data.h"
#include "server/log.h"
#include "server/token_auth.h"
#include "storage/rocksdb_store.h"

namespace motcua::server {

absl::Status App::FirstStart(const ServerOptions& o) {
  absl::StatusOr<std::vector<core::CalendarYear>> years =
      store_->ListCalendarYears();
  if (!years.ok()) return years.status();
  if (years->empty() && !o.calendar_dir.empty()) {
    absl::Status s = LoadCalendars(*store_, o.calendar_dir);
    if (!s.ok()) return s;
  }
  absl::StatusOr<std::vector<core::Procedure>> procedures =
      store_->ListProcedures(std::nullopt);
  if (!procedures.ok()) return procedures.status();
  if (procedures->empty() && !o.demo_catalogue.empty()) {
    absl::Status s = LoadCatalogue(*store_, o.demo_catalogue);
    if (!s.ok()) return s;
  }
  absl::StatusOr<core::Settings> settings = store_->GetSettings();
  if (!settings.ok()) return settings.status();
  core::Settings wanted = *settings;
  if (o.supplement_rule) wanted.rules.supplement = *o.supplement_rule;
  if (o.granularity) wanted.rules.granularity = *o.granularity;
  if (wanted.rules.supplement != settings->rules.supplement ||
      wanted.rules.granularity != settings->rules.granularity) {
    absl::Status s = store_->PutSettings(wanted);
    if (!s.ok()) return s;
  }
  absl::StatusOr<std::vector<storage::StoredToken>> tokens =
      store_->ListTokens();
  if (!tokens.ok()) return tokens.status();
  if (tokens->empty()) {
    absl::StatusOr<NewToken> admin =
        GenerateToken({"admin", core::Role::kAdmin, {}, {}}, absl::Now());
    if (!admin.ok()) return admin.status();
    absl::Status s = store_->PutToken(admin->stored);
    if (!s.ok()) return s;
    new_admin_secret_ = admin->secret;
    s = WriteOwnerOnlyFile(o.admin_token_file, admin->secret + "\n");
    if (!s.ok()) return s;
    Log(LogLevel::kInfo,
        absl::StrCat("first start: created administrator token ",
                     admin->stored.id, " (secret written to ",
                     o.admin_token_file, ", mode 0600)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<App>> App::Start(const ServerOptions& o) {
  absl::Status safe = CheckTransportSafety(o);
  if (!safe.ok()) return safe;
  std::error_code error;
  std::filesystem::create_directories(o.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create the data directory ", o.data_dir, ": ", error.message()));
  }
  std::unique_ptr<App> app(new App());
  storage::RocksDbStoreOptions store_options;
  store_options.sync_writes = o.sync_writes;
  store_options.block_cache_bytes = static_cast<size_t>(o.block_cache_mb) << 20;
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::OpenRocksDbStore(o.data_dir + "/store", store_options);
  if (!store.ok()) return store.status();
  app->store_ = *std::move(store);
  absl::Status s = app->FirstStart(o);
  if (!s.ok()) return s;
  absl::StatusOr<std::unique_ptr<DomainState>> domain =
      DomainState::Load(*app->store_);
  if (!domain.ok()) return domain.status();
  app->domain_ = *std::move(domain);

  auto clock = [] { return absl::Now(); };
  TimePolicy policy;
  policy.clock_skew = absl::Seconds(o.clock_skew_seconds);
  policy.desk_backdating = absl::Hours(24 * o.desk_backdating_days);
  app->writers_ = std::make_unique<WorkerPool>(
      static_cast<int>(o.write_threads), static_cast<size_t>(o.write_queue));
  app->dossiers_ = std::make_unique<DossierServiceImpl>(
      *app->store_, *app->domain_, policy, clock, *app->writers_);
  app->catalogue_ = std::make_unique<CatalogueServiceImpl>(*app->store_, clock);
  app->calendar_ =
      std::make_unique<CalendarServiceImpl>(*app->store_, *app->domain_, clock);
  app->admin_ = std::make_unique<AdminServiceImpl>(*app->store_, clock);
  app->statistics_ =
      std::make_unique<StatisticsServiceImpl>(*app->store_, clock);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::InsecureServerCredentials();
  if (!o.tls_cert.empty()) {
    absl::StatusOr<std::string> cert = ReadFile(o.tls_cert);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadFile(o.tls_key);
    if (!key.ok()) return key.status();
    grpc::SslServerCredentialsOptions ssl;
    ssl.pem_key_cert_pairs.push_back({*key, *cert});
    credentials = grpc::SslServerCredentials(ssl);
  }
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(o.listen, credentials, &port);
  builder.RegisterService(app->dossiers_.get());
  builder.RegisterService(app->catalogue_.get());
  builder.RegisterService(app->calendar_.get());
  builder.RegisterService(app->admin_.get());
  builder.RegisterService(app->statistics_.get());
  app->server_ = builder.BuildAndStart();
  if (app->server_ == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", o.listen));
  }
  app->address_ =
      absl::StrCat(o.listen.substr(0, o.listen.rfind(':')), ":", port);
  Log(LogLevel::kInfo, absl::StrCat("server: listening on ", app->address_,
                                    o.tls_cert.empty() ? " (no TLS)" : " (TLS)",
                                    ", data in ", o.data_dir));
  return app;
}

void App::Shutdown(absl::Duration grace) {
  if (server_ == nullptr) return;
  Log(LogLevel::kInfo, "server: stopping; finishing calls in flight");
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(grace));
  server_->Wait();
  server_.reset();
  writers_.reset();  // every accepted write has finished by now
  store_.reset();  // flushes the log and closes the store
  Log(LogLevel::kInfo, "server: stopped; store closed");
}

App::~App() { Shutdown(absl::Seconds(5)); }

}  // namespace motcua::server
