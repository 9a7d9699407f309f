#include "server/statistics_service.h"

#include "core/status_macros.h"
#include "google/protobuf/arena.h"
#include "server/api_codec.h"
#include "server/call_context.h"
#include "server/grpc_status.h"
#include "server/service_support.h"

namespace motcua::server {
namespace {

void ToProto(const core::Form06& f, v1::Form06Row* out) {
  out->set_received_total(f.received_total);
  out->set_received_online(f.received_online);
  out->set_received_direct_postal(f.received_direct_postal);
  out->set_carried_over(f.carried_over);
  out->set_resolved_total(f.resolved_total);
  out->set_resolved_early(f.resolved_early);
  out->set_resolved_on_time(f.resolved_on_time);
  out->set_resolved_late(f.resolved_late);
  out->set_in_progress_total(f.in_progress_total);
  out->set_in_progress_within_time(f.in_progress_within_time);
  out->set_in_progress_overdue(f.in_progress_overdue);
  out->set_awaiting_supplement(f.awaiting_supplement);
  out->set_withdrawn(f.withdrawn);
  out->set_not_accepted(f.not_accepted);
  out->set_late_with_apology(f.late_with_apology);
  out->set_received_online_level3(f.received_online_level3);
  out->set_received_online_level4(f.received_online_level4);
  out->set_received_online_partial(f.received_online_partial);
  out->set_received_online_full(f.received_online_full);
  out->set_steps_early(f.steps_early);
  out->set_steps_on_time(f.steps_on_time);
  out->set_steps_late(f.steps_late);
}

void ToProto(const core::Rate& r, v1::Rate* out) {
  out->set_numerator(r.numerator);
  out->set_denominator(r.denominator);
  out->set_value(r.value().value_or(0));
}

void ToProto(const core::Rates& r, const std::string& key, v1::Rates* out) {
  out->set_key(key);
  ToProto(r.on_time, out->mutable_on_time());
  ToProto(r.early, out->mutable_early());
  ToProto(r.progress_index, out->mutable_progress_index());
  ToProto(r.online_level3, out->mutable_online_level3());
  ToProto(r.online_level4, out->mutable_online_level4());
  ToProto(r.online_partial, out->mutable_online_partial());
  ToProto(r.online_full, out->mutable_online_full());
}

// The caller, scope and period every statistics call starts from.
struct Query {
  core::Principal caller;
  core::Scope scope;
  service::Period period;
};

absl::StatusOr<Query> QueryOf(const grpc::CallbackServerContext& c,
                              service::Application& app, const v1::Scope& scope,
                              const v1::Period& period) {
  Query q;
  MOTCUA_ASSIGN_OR_RETURN(q.caller, CallerOf(c, app));
  MOTCUA_ASSIGN_OR_RETURN(q.scope, FromProto(scope, "scope"));
  MOTCUA_ASSIGN_OR_RETURN(q.period.from,
                          FromProto(period.from(), "period.from"));
  MOTCUA_ASSIGN_OR_RETURN(q.period.to, FromProto(period.to(), "period.to"));
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
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const Query q,
                            QueryOf(*c, app_, r->scope(), r->period()));
    MOTCUA_ASSIGN_OR_RETURN(
        const service::Report report,
        app_.statistics().GetReport(
            q.caller, q.scope, q.period,
            static_cast<service::Breakdown>(r->breakdown())));
    *out->mutable_scope() = r->scope();
    *out->mutable_period() = r->period();
    server::ToProto(report.as_of, out->mutable_as_of());
    ToProto(report.total, out->mutable_total());
    out->mutable_total()->set_key("total");
    for (const service::ReportRow& row : report.rows) {
      v1::Form06Row* o = out->add_rows();
      ToProto(row.form, o);
      o->set_key(row.key);
      if (!row.name.empty()) o->set_name(row.name);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetRates(
    grpc::CallbackServerContext* c, const v1::GetRatesRequest* r,
    v1::RatesReport* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const Query q,
                            QueryOf(*c, app_, r->scope(), r->period()));
    MOTCUA_ASSIGN_OR_RETURN(
        const service::RatesReport rates,
        app_.statistics().GetRates(q.caller, q.scope, q.period, r->monthly()));
    *out->mutable_scope() = r->scope();
    *out->mutable_period() = r->period();
    server::ToProto(rates.as_of, out->mutable_as_of());
    ToProto(rates.total, "", out->mutable_total());
    for (const auto& [key, month] : rates.months) {
      ToProto(month, key, out->add_months());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetOnlineProcedureRatios(
    grpc::CallbackServerContext* c,
    const v1::GetOnlineProcedureRatiosRequest* r,
    v1::OnlineProcedureRatios* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const core::Scope scope,
                            FromProto(r->scope(), "scope"));
    std::optional<absl::CivilDay> as_of;
    if (r->has_as_of()) {
      MOTCUA_ASSIGN_OR_RETURN(as_of, FromProto(r->as_of(), "as_of"));
    }
    MOTCUA_ASSIGN_OR_RETURN(
        const service::OnlineProcedureRatios ratios,
        app_.statistics().GetOnlineProcedureRatios(caller, scope, as_of));
    server::ToProto(ratios.as_of, out->mutable_as_of());
    ToProto(ratios.level3, out->mutable_level3());
    ToProto(ratios.level4, out->mutable_level4());
    ToProto(ratios.partial, out->mutable_partial());
    ToProto(ratios.full, out->mutable_full());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListReportDossiers(
    grpc::CallbackServerContext* c, const v1::ListReportDossiersRequest* r,
    v1::ListReportDossiersResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const Query q,
                            QueryOf(*c, app_, r->scope(), r->period()));
    service::ReportCell cell;
    cell.scope = q.scope;
    cell.period = q.period;
    cell.breakdown = static_cast<service::Breakdown>(r->breakdown());
    cell.row_key = r->row();
    MOTCUA_ASSIGN_OR_RETURN(cell.column,
                            service::ReportColumnNamed(r->column()));
    MOTCUA_ASSIGN_OR_RETURN(
        const service::ReportCellPage page,
        app_.statistics().ListReportDossiers(q.caller, cell, r->page_size(),
                                             r->page_token()));
    for (const service::DossierView& v : page.dossiers) {
      server::ToProto(v.dossier, v.with_personal_data, out->add_dossiers());
    }
    out->set_next_page_token(page.next_page_token);
    server::ToProto(page.as_of, out->mutable_as_of());
    out->set_total_size(page.cell_value);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListDeadlineWarnings(
    grpc::CallbackServerContext* c, const v1::ListDeadlineWarningsRequest* r,
    v1::ListDeadlineWarningsResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    service::WarningsRequest request;
    MOTCUA_ASSIGN_OR_RETURN(request.scope, FromProto(r->scope(), "scope"));
    if (r->has_within()) {
      MOTCUA_ASSIGN_OR_RETURN(request.within, FromProto(r->within(), "within"));
    }
    request.limit = r->limit();
    MOTCUA_ASSIGN_OR_RETURN(const service::WarningList list,
                            app_.warnings().List(caller, request));
    server::ToProto(list.as_of, out->mutable_as_of());
    server::ToProto(list.window, out->mutable_window());
    for (const service::DossierWarning& w : list.dossiers) {
      v1::DossierDeadlineWarning* o = out->add_dossiers();
      server::ToProto(w.deadline, o->mutable_deadline());
      o->mutable_deadline()->set_urgency(
          static_cast<v1::Deadline::Urgency>(w.urgency));
      server::ToProto(w.view.dossier, w.view.with_personal_data,
                      o->mutable_dossier());
      o->set_needs_apology(w.needs_apology);
    }
    for (const service::StepWarning& w : list.steps) {
      v1::StepDeadlineWarning* o = out->add_steps();
      server::ToProto(w.deadline, o->mutable_deadline());
      o->mutable_deadline()->set_urgency(
          static_cast<v1::Deadline::Urgency>(w.urgency));
      o->set_holder_agency_code(w.holder_agency_code);
      o->set_dossier_code(w.dossier_code);
      o->set_dossier_agency_code(w.dossier_agency_code);
      *o->mutable_allotted() = server::ToProto(w.allotted);
      server::ToProto(w.started_at, o->mutable_started_at());
    }
    out->set_truncated(list.truncated);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::ExportDossiersResponse>*
StatisticsServiceImpl::ExportDossiers(grpc::CallbackServerContext* c,
                                      const v1::ExportDossiersRequest* r) {
  absl::StatusOr<Query> q = QueryOf(*c, app_, r->scope(), r->period());
  if (!q.ok()) return new FailedExport(q.status());
  absl::StatusOr<std::unique_ptr<service::ExportCursor>> cursor =
      app_.statistics().Export(q->caller, q->scope, q->period,
                               kExportMessageSize);
  if (!cursor.ok()) return new FailedExport(cursor.status());
  return new ExportReactor(*std::move(cursor));
}

}  // namespace motcua::server
