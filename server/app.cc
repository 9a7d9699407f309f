#include "server/app.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "core/text.h"
#include "google/protobuf/stubs/logging.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "httplib.h"
#include "server/call_interceptor.h"
#include "server/catalogue_json.h"
#include "server/connection_limit.h"
#include "server/web_api.h"
#include "server/web_pages.h"
#include "service/files.h"
#include "service/first_start.h"
#include "service/log.h"
#include "storage/pg_store.h"
#include "storage/rocksdb_store.h"

namespace motcua::server {

using service::Log;
using service::LogLevel;

namespace {

// Public lookups at once, each holding a thread for its answer floor (5 ms
// by default: 800 a second on 4 threads, far above the per-address rates);
// beyond the queue they are refused at once with RESOURCE_EXHAUSTED. No more
// than the queue are admitted to have their requests read either.
constexpr int kLookupThreads = 4;
constexpr size_t kLookupQueue = 256;
// Reads (statistics, dossiers) that may wait for a thread of the pool of a
// PostgreSQL store.
constexpr size_t kReadQueue = 4096;

// The protobuf library logs each malformed request it parses (invalid
// UTF-8 in a string field ...): anyone can send those, so they go to the log
// at a bounded rate.
void LogProtobuf(google::protobuf::LogLevel level, const char* file, int line,
                 const std::string& message) {
  (void)file;
  (void)line;
  service::LogLimited(
      level >= google::protobuf::LOGLEVEL_ERROR ? LogLevel::kError
                                                : LogLevel::kWarning,
      "protobuf", absl::StrCat("protobuf: ", core::Quote(message)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<App>> App::Start(const ServerOptions& o) {
  google::protobuf::SetLogHandler(&LogProtobuf);
  MOTCUA_RETURN_IF_ERROR(CheckTransportSafety(o));
  std::error_code error;
  const bool created = std::filesystem::create_directories(o.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the data directory ", o.data_dir, ": ",
                     error.message()));
  }
  if (created) {
    std::filesystem::permissions(o.data_dir, std::filesystem::perms::owner_all,
                                 error);
  }
  if (!o.allow_shared_data_dir) {
    MOTCUA_RETURN_IF_ERROR(service::CheckPrivateDirectory(o.data_dir));
  }
  std::unique_ptr<App> app(new App());
  app->metrics_ = std::make_unique<Metrics>(MOTCUA_VERSION);
  MOTCUA_ASSIGN_OR_RETURN(app->access_log_, AccessLog::Open(o.access_log));
  if (o.store.empty()) {
    storage::RocksDbStoreOptions store_options;
    store_options.write_observer = app->metrics_.get();
    store_options.sync_writes = o.sync_writes;
    store_options.block_cache_bytes = static_cast<size_t>(o.block_cache_mb)
                                      << 20;
    MOTCUA_ASSIGN_OR_RETURN(
        app->store_,
        storage::OpenRocksDbStore(o.data_dir + "/store", store_options));
  } else {
    storage::PostgresStoreOptions store_options;
    store_options.connections = static_cast<int>(o.store_connections);
    MOTCUA_ASSIGN_OR_RETURN(app->store_,
                            storage::OpenPostgresStore(o.store, store_options));
  }
  service::FirstStartOptions first;
  first.calendar_dir = o.calendar_dir;
  if (!o.demo_catalogue.empty()) {
    first.catalogue =
        [path = o.demo_catalogue]() -> absl::StatusOr<core::CatalogueEntries> {
      MOTCUA_ASSIGN_OR_RETURN(std::string json, service::ReadFile(path));
      return ParseCatalogueJson(json, path);
    };
  }
  first.supplement_rule = o.supplement_rule;
  first.granularity = o.granularity;
  first.admin_token_file = o.admin_token_file;
  MOTCUA_ASSIGN_OR_RETURN(
      app->new_admin_secret_,
      service::PrepareStore(*app->store_, first, absl::Now()));

  service::TimePolicy policy;
  policy.clock_skew = absl::Seconds(o.clock_skew_seconds);
  policy.desk_backdating = absl::Hours(24 * o.desk_backdating_days);
  service::LookupPolicy lookup;
  lookup.per_address_per_minute =
      static_cast<double>(o.lookups_per_minute_per_address);
  lookup.address_burst = lookup.per_address_per_minute;
  lookup.per_code_per_hour = static_cast<double>(o.lookups_per_hour_per_code);
  lookup.code_burst = lookup.per_code_per_hour;
  lookup.answer_floor = absl::Milliseconds(o.lookup_answer_floor_ms);
  MOTCUA_ASSIGN_OR_RETURN(
      app->application_,
      service::Application::Create(
          *app->store_, policy, [] { return absl::Now(); }, lookup));
  service::Application& application_ref = *app->application_;
  app->writers_ = std::make_unique<WorkerPool>(
      static_cast<int>(o.write_threads), static_cast<size_t>(o.write_queue));
  app->lookups_ = std::make_unique<WorkerPool>(kLookupThreads, kLookupQueue);
  if (!o.store.empty()) {
    app->readers_ = std::make_unique<WorkerPool>(
        static_cast<int>(o.store_connections), kReadQueue);
  }
  app->lookup_admission_ = std::make_unique<LookupAdmission>(
      static_cast<int>(o.lookups_in_progress_per_address),
      static_cast<int>(kLookupQueue),
      absl::Seconds(o.lookup_request_timeout_seconds));
  app->dossiers_ = std::make_unique<DossierServiceImpl>(
      application_ref, *app->writers_, app->readers_.get(), *app->lookups_,
      *app->lookup_admission_);
  app->catalogue_ = std::make_unique<CatalogueServiceImpl>(application_ref);
  app->calendar_ = std::make_unique<CalendarServiceImpl>(application_ref);
  app->admin_ = std::make_unique<AdminServiceImpl>(application_ref);
  app->statistics_ = std::make_unique<StatisticsServiceImpl>(
      application_ref, app->readers_.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::string cert;
  std::string key;
  if (!o.tls_cert.empty()) {
    MOTCUA_ASSIGN_OR_RETURN(cert, service::ReadFile(o.tls_cert));
    MOTCUA_ASSIGN_OR_RETURN(key, service::ReadFile(o.tls_key));
  }
  Metrics* metrics = app->metrics_.get();
  app->gate_ = std::make_unique<CallGate>(
      application_ref,
      std::vector<std::string>{
          absl::StrCat("/", v1::DossierService::service_full_name(),
                       "/LookupDossierStatus"),
          "/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"},
      [metrics, log = app->access_log_.get()](absl::string_view path,
                                              const absl::Status& status) {
        metrics->CountRefusedCall();
        RecordRefusedCall(*metrics, log, path,
                          static_cast<grpc::StatusCode>(status.code()));
      });
  MOTCUA_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                          GatedCredentials(app->gate_.get(), cert, key));
  grpc::ServerBuilder builder;
  // What a client can make the server hold. The quota bounds the memory of
  // calls in progress, bodies being received included (a size limit alone
  // does not: gRPC 1.51 buffers a body before checking it).
  grpc::ResourceQuota quota("motcua");
  quota.Resize(static_cast<size_t>(o.memory_quota_mb) << 20);
  quota.SetMaxThreads(static_cast<int>(o.grpc_max_threads));
  builder.SetResourceQuota(quota);
  builder.SetMaxReceiveMessageSize(static_cast<int>(o.max_request_kb) << 10);
  app->connections_ = std::make_shared<ConnectionLimit>(
      static_cast<int>(o.max_connections),
      static_cast<int>(o.max_connections_per_address),
      [metrics] { metrics->CountRefusedConnection(); });
  builder.SetOption(ConnectionLimit::Option(app->connections_));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             static_cast<int>(o.max_streams_per_connection));
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_IDLE_MS,
      static_cast<int>(o.max_connection_idle_seconds * 1000));
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_MS,
      static_cast<int>(o.max_connection_age_seconds * 1000));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 30000);
  // The window every call starts with is what a call refused from its
  // headers (CallGate) can make the server hold. gRPC 1.51's
  // bandwidth-delay probing would set every call's window to 16 MiB while
  // the quota has room; the fixed window keeps it small (README, Security).
  // A call that is read (a token holder's, an admitted lookup) still gets
  // a window as large as the length its body announces: the quota bounds
  // those.
  if (o.stream_window_kb > 0) {
    builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    builder.AddChannelArgument(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES,
                               static_cast<int>(o.stream_window_kb) << 10);
  }
  // Metadata (headers) of a call: a token and a few names, not megabytes.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 << 10);
  for (const char* service : {v1::DossierService::service_full_name(),
                              v1::CatalogueService::service_full_name(),
                              v1::CalendarService::service_full_name(),
                              v1::AdminService::service_full_name(),
                              v1::StatisticsService::service_full_name(),
                              "grpc.reflection.v1alpha.ServerReflection"}) {
    if (!app->metrics_->AddService(service)) {
      return absl::InternalError(
          absl::StrCat("metrics: no descriptor for service ", service));
    }
  }
  // gRPC's own health service speaks raw bytes, not generated messages.
  app->metrics_->AddRawMethod("grpc.health.v1.Health", "Check", "unary");
  app->metrics_->AddRawMethod("grpc.health.v1.Health", "Watch",
                              "server_stream");
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<CallInterceptorFactory>(
      app->metrics_.get(), app->access_log_.get()));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  int port = 0;
  builder.AddListeningPort(o.listen, credentials, &port);
  builder.RegisterService(app->dossiers_.get());
  builder.RegisterService(app->catalogue_.get());
  builder.RegisterService(app->calendar_.get());
  builder.RegisterService(app->admin_.get());
  builder.RegisterService(app->statistics_.get());
  app->server_ = builder.BuildAndStart();
  if (app->server_ == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", o.listen));
  }
  app->address_ =
      absl::StrCat(o.listen.substr(0, o.listen.rfind(':')), ":", port);
  storage::Store* store = app->store_.get();
  app->health_ = std::make_unique<StoreHealth>(
      [store] { return store->CheckWritable(); },
      app->server_->GetHealthCheckService(),
      absl::Milliseconds(o.health_check_interval_ms));
  Log(LogLevel::kInfo, absl::StrCat("server: listening on ", app->address_,
                                    o.tls_cert.empty() ? " (no TLS)" : " (TLS)",
                                    ", data in ", o.data_dir));
  app->metrics_->Attach(app->writers_.get(), app->store_.get(),
                        app->application_.get());
  if (!o.http_listen.empty()) {
    MOTCUA_ASSIGN_OR_RETURN(app->http_,
                            HttpServer::Create(o.tls_cert, o.tls_key));
    app->http_->Get("/metrics", [metrics](const httplib::Request&,
                                          httplib::Response& response) {
      response.set_content(metrics->Serialize(),
                           "text/plain; version=0.0.4; charset=utf-8");
    });
    if (!o.web_dir.empty()) {
      app->sessions_ = std::make_unique<service::Sessions>();
      WebApiParts parts;
      parts.app = &application_ref;
      parts.sessions = app->sessions_.get();
      parts.access_log = app->access_log_.get();
      parts.metrics = app->metrics_.get();
      AddWebApi(*app->http_, parts);
      MOTCUA_RETURN_IF_ERROR(AddWebPages(*app->http_, o.web_dir, o.chart_js));
    }
    MOTCUA_RETURN_IF_ERROR(app->http_->Start(o.http_listen));
    Log(LogLevel::kInfo,
        absl::StrCat(
            "server: ", app->http_->tls() ? "HTTPS" : "HTTP",
            o.web_dir.empty() ? " (/metrics)" : " (/metrics, dashboard)",
            " on ", app->http_->address()));
  }
  return app;
}

void App::Shutdown(absl::Duration grace) {
  if (http_ != nullptr) {
    http_->Stop();  // a scrape reads the store: stop them first
    http_.reset();
  }
  health_.reset();  // before the health service goes with the server
  if (server_ == nullptr) return;
  Log(LogLevel::kInfo, "server: stopping; finishing calls in flight");
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(grace));
  server_->Wait();
  server_.reset();
  gate_.reset();
  writers_.reset();  // every accepted write has finished by now
  lookups_.reset();
  readers_.reset();
  application_.reset();
  store_.reset();  // flushes the log and closes the store
  Log(LogLevel::kInfo, "server: stopped; store closed");
}

App::~App() { Shutdown(absl::Seconds(5)); }

}  // namespace motcua::server
