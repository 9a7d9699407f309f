#include "server/statistics_service.h"

#include "core/status_macros.h"
#include "google/protobuf/arena.h"
#include "server/api_codec.h"
#include "server/call_context.h"
#include "server/grpc_status.h"
#include "server/read_calls.h"
#include "server/service_support.h"

namespace motcua::server {
namespace {

// The caller, scope and period an export starts from.
struct Query {
  core::Principal caller;
  StatisticsQuery query;
};

absl::StatusOr<Query> QueryOf(const grpc::CallbackServerContext& c,
                              service::Application& app, const v1::Scope& scope,
                              const v1::Period& period) {
  Query q;
  MOTCUA_ASSIGN_OR_RETURN(q.caller, CallerOf(c, app));
  MOTCUA_ASSIGN_OR_RETURN(q.query, StatisticsQueryOf(scope, period));
  return q;
}

// Streams an export a page per message: one page is read when the previous
// one has been written, so memory stays one page whatever the export's size.
class ExportReactor
    : public grpc::ServerWriteReactor<v1::ExportDossiersResponse> {
 public:
  explicit ExportReactor(std::unique_ptr<service::ExportCursor> cursor)
      : cursor_(std::move(cursor)) {
    WriteNext();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "export cancelled"));
      return;
    }
    WriteNext();
  }
  void OnDone() override { delete this; }

 private:
  void WriteNext() {
    absl::StatusOr<std::vector<service::DossierView>> page = cursor_->Next();
    if (!page.ok()) {
      Finish(ToGrpcStatus(page.status()));
      return;
    }
    if (page->empty()) {
      Finish(grpc::Status::OK);
      return;
    }
    // The previous message is written: free it whole, in one go, rather
    // than its thousands of strings one by one (malloc and free were a third
    // of an export's CPU).
    arena_.Reset();
    message_ =
        google::protobuf::Arena::CreateMessage<v1::ExportDossiersResponse>(
            &arena_);
    for (const service::DossierView& v : *page) {
      server::ToProto(v.dossier, v.with_personal_data,
                      message_->add_dossiers());
    }
    StartWrite(message_);
  }

  std::unique_ptr<service::ExportCursor> cursor_;
  google::protobuf::Arena arena_;
  v1::ExportDossiersResponse* message_ = nullptr;  // on arena_
};

// Finishes a stream at once with an error.
class FailedExport
    : public grpc::ServerWriteReactor<v1::ExportDossiersResponse> {
 public:
  explicit FailedExport(const absl::Status& s) { Finish(ToGrpcStatus(s)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetReport(
    grpc::CallbackServerContext* c, const v1::GetReportRequest* r,
    v1::Report* out) {
  return RespondRead(c, app_, r, out, &server::GetReport, readers_);
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetRates(
    grpc::CallbackServerContext* c, const v1::GetRatesRequest* r,
    v1::RatesReport* out) {
  return RespondRead(c, app_, r, out, &server::GetRates, readers_);
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetOnlineProcedureRatios(
    grpc::CallbackServerContext* c,
    const v1::GetOnlineProcedureRatiosRequest* r,
    v1::OnlineProcedureRatios* out) {
  return RespondRead(c, app_, r, out, &server::GetOnlineProcedureRatios,
                     readers_);
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListReportDossiers(
    grpc::CallbackServerContext* c, const v1::ListReportDossiersRequest* r,
    v1::ListReportDossiersResponse* out) {
  return RespondRead(c, app_, r, out, &server::ListReportDossiers, readers_);
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListDeadlineWarnings(
    grpc::CallbackServerContext* c, const v1::ListDeadlineWarningsRequest* r,
    v1::ListDeadlineWarningsResponse* out) {
  return RespondRead(c, app_, r, out, &server::ListDeadlineWarnings, readers_);
}

grpc::ServerWriteReactor<v1::ExportDossiersResponse>*
StatisticsServiceImpl::ExportDossiers(grpc::CallbackServerContext* c,
                                      const v1::ExportDossiersRequest* r) {
  absl::StatusOr<Query> q = QueryOf(*c, app_, r->scope(), r->period());
  if (!q.ok()) return new FailedExport(q.status());
  absl::StatusOr<std::unique_ptr<service::ExportCursor>> cursor =
      app_.statistics().Export(q->caller, q->query.scope, q->query.period,
                               kExportMessageSize);
  if (!cursor.ok()) return new FailedExport(cursor.status());
  return new ExportReactor(*std::move(cursor));
}

}  // namespace motcua::server
