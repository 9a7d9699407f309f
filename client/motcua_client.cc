#include "client/motcua_client.h"

#include <algorithm>
#include <chrono>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace motcua::client {

v1::Date ToDate(absl::CivilDay day) {
  v1::Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

Client::Client(const ClientOptions& options) : options_(options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::InsecureChannelCredentials();
  if (!options.tls_ca_pem.empty()) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = options.tls_ca_pem;
    credentials = grpc::SslCredentials(ssl);
  }
  grpc::ChannelArguments arguments;
  const int backoff_ms = static_cast<int>(
      absl::ToInt64Milliseconds(options.max_reconnect_backoff));
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, backoff_ms);
  // The first wait may not exceed the longest (gRPC's first is 1 s).
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS,
                   std::min(backoff_ms, 1000));
  channel_ = grpc::CreateCustomChannel(options.address, credentials, arguments);
  dossiers_ = v1::DossierService::NewStub(channel_);
  catalogue_ = v1::CatalogueService::NewStub(channel_);
  calendar_ = v1::CalendarService::NewStub(channel_);
  admin_ = v1::AdminService::NewStub(channel_);
  statistics_ = v1::StatisticsService::NewStub(channel_);
}

void Client::Prepare(grpc::ClientContext* context) const {
  if (!options_.token.empty()) {
    context->AddMetadata("authorization", "Bearer " + options_.token);
  }
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMilliseconds(options_.deadline));
}

absl::Status Client::ExportDossiers(
    const v1::ExportDossiersRequest& request,
    const std::function<bool(const v1::Dossier&)>& each) {
  grpc::ClientContext context;
  if (!options_.token.empty()) {
    context.AddMetadata("authorization", "Bearer " + options_.token);
  }
  std::unique_ptr<grpc::ClientReader<v1::ExportDossiersResponse>> reader =
      statistics_->ExportDossiers(&context, request);
  v1::ExportDossiersResponse message;
  bool wanted = true;
  while (wanted && reader->Read(&message)) {
    for (const v1::Dossier& dossier : message.dossiers()) {
      if (!each(dossier)) {
        context.TryCancel();
        wanted = false;
        break;
      }
    }
  }
  const grpc::Status s = reader->Finish();
  if (!s.ok() && s.error_code() != grpc::StatusCode::CANCELLED)
    return ToAbsl(s);
  return absl::OkStatus();
}

absl::Status Client::ToAbsl(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      s.error_message());
}

}  // namespace motcua::client
