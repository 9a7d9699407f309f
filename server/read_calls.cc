#include "server/read_calls.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/api_codec.h"

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

void ToProto(const core::OpenDeadline& d, service::Urgency urgency,
             v1::Deadline* out) {
  server::ToProto(d, out);
  // The numbers are the API's (service/warnings.h).
  out->set_urgency(static_cast<v1::Deadline::Urgency>(urgency));
}

absl::StatusOr<std::optional<absl::CivilDay>> AsOf(const v1::Date& date,
                                                   bool is_set) {
  if (!is_set) return std::optional<absl::CivilDay>();
  MOTCUA_ASSIGN_OR_RETURN(const absl::CivilDay day, FromProto(date, "as_of"));
  return std::optional<absl::CivilDay>(day);
}

absl::StatusOr<service::CataloguePageRequest> PageRequestOf(
    const v1::ListCatalogueRequest& r) {
  service::CataloguePageRequest page;
  MOTCUA_ASSIGN_OR_RETURN(page.as_of, AsOf(r.as_of(), r.has_as_of()));
  page.page_size = r.page_size();
  page.page_token = r.page_token();
  return page;
}

// One catalogue entry as of the request's day: `get` reads it.
template <typename Entry, typename Message, typename Get>
absl::Status GetEntry(const v1::GetCatalogueEntryRequest& r, Message* out,
                      Get get) {
  MOTCUA_ASSIGN_OR_RETURN(const auto as_of, AsOf(r.as_of(), r.has_as_of()));
  MOTCUA_ASSIGN_OR_RETURN(const Entry entry, get(r.code(), as_of));
  server::ToProto(entry, out);
  return absl::OkStatus();
}

// A page of catalogue entries: `list` reads it, `add` appends one message.
template <typename Response, typename List, typename Add>
absl::Status ListEntries(const v1::ListCatalogueRequest& r, Response* out,
                         List list, Add add) {
  MOTCUA_ASSIGN_OR_RETURN(const service::CataloguePageRequest request,
                          PageRequestOf(r));
  MOTCUA_ASSIGN_OR_RETURN(const auto page, list(request));
  for (const auto& e : page.entries) server::ToProto(e, add(out));
  out->set_next_page_token(page.next_page_token);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<StatisticsQuery> StatisticsQueryOf(const v1::Scope& scope,
                                                  const v1::Period& period) {
  StatisticsQuery q;
  MOTCUA_ASSIGN_OR_RETURN(q.scope, FromProto(scope, "scope"));
  MOTCUA_ASSIGN_OR_RETURN(q.period.from,
                          FromProto(period.from(), "period.from"));
  MOTCUA_ASSIGN_OR_RETURN(q.period.to, FromProto(period.to(), "period.to"));
  return q;
}

absl::Status GetReport(service::Application& app, const core::Principal& caller,
                       const v1::GetReportRequest& r, v1::Report* out) {
  MOTCUA_ASSIGN_OR_RETURN(const StatisticsQuery q,
                          StatisticsQueryOf(r.scope(), r.period()));
  MOTCUA_ASSIGN_OR_RETURN(const service::Report report,
                          app.statistics().GetReport(
                              caller, q.scope, q.period,
                              static_cast<service::Breakdown>(r.breakdown())));
  *out->mutable_scope() = r.scope();
  *out->mutable_period() = r.period();
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
}

absl::Status GetRates(service::Application& app, const core::Principal& caller,
                      const v1::GetRatesRequest& r, v1::RatesReport* out) {
  MOTCUA_ASSIGN_OR_RETURN(const StatisticsQuery q,
                          StatisticsQueryOf(r.scope(), r.period()));
  MOTCUA_ASSIGN_OR_RETURN(
      const service::RatesReport rates,
      app.statistics().GetRates(caller, q.scope, q.period, r.monthly()));
  *out->mutable_scope() = r.scope();
  *out->mutable_period() = r.period();
  server::ToProto(rates.as_of, out->mutable_as_of());
  ToProto(rates.total, "", out->mutable_total());
  for (const auto& [key, month] : rates.months) {
    ToProto(month, key, out->add_months());
  }
  return absl::OkStatus();
}

absl::Status GetOnlineProcedureRatios(
    service::Application& app, const core::Principal& caller,
    const v1::GetOnlineProcedureRatiosRequest& r,
    v1::OnlineProcedureRatios* out) {
  MOTCUA_ASSIGN_OR_RETURN(const core::Scope scope,
                          FromProto(r.scope(), "scope"));
  std::optional<absl::CivilDay> as_of;
  if (r.has_as_of()) {
    MOTCUA_ASSIGN_OR_RETURN(as_of, FromProto(r.as_of(), "as_of"));
  }
  MOTCUA_ASSIGN_OR_RETURN(
      const service::OnlineProcedureRatios ratios,
      app.statistics().GetOnlineProcedureRatios(caller, scope, as_of));
  server::ToProto(ratios.as_of, out->mutable_as_of());
  ToProto(ratios.level3, out->mutable_level3());
  ToProto(ratios.level4, out->mutable_level4());
  ToProto(ratios.partial, out->mutable_partial());
  ToProto(ratios.full, out->mutable_full());
  return absl::OkStatus();
}

absl::Status ListReportDossiers(service::Application& app,
                                const core::Principal& caller,
                                const v1::ListReportDossiersRequest& r,
                                v1::ListReportDossiersResponse* out) {
  MOTCUA_ASSIGN_OR_RETURN(const StatisticsQuery q,
                          StatisticsQueryOf(r.scope(), r.period()));
  service::ReportCell cell;
  cell.scope = q.scope;
  cell.period = q.period;
  cell.breakdown = static_cast<service::Breakdown>(r.breakdown());
  cell.row_key = r.row();
  MOTCUA_ASSIGN_OR_RETURN(cell.column, service::ReportColumnNamed(r.column()));
  MOTCUA_ASSIGN_OR_RETURN(const service::ReportCellPage page,
                          app.statistics().ListReportDossiers(
                              caller, cell, r.page_size(), r.page_token()));
  for (const service::DossierView& v : page.dossiers) {
    ToProto(v, out->add_dossiers());
  }
  out->set_next_page_token(page.next_page_token);
  server::ToProto(page.as_of, out->mutable_as_of());
  out->set_total_size(page.cell_value);
  return absl::OkStatus();
}

absl::Status ListDeadlineWarnings(service::Application& app,
                                  const core::Principal& caller,
                                  const v1::ListDeadlineWarningsRequest& r,
                                  v1::ListDeadlineWarningsResponse* out) {
  service::WarningsRequest request;
  MOTCUA_ASSIGN_OR_RETURN(request.scope, FromProto(r.scope(), "scope"));
  if (r.has_within()) {
    MOTCUA_ASSIGN_OR_RETURN(request.within, FromProto(r.within(), "within"));
  }
  request.limit = r.limit();
  MOTCUA_ASSIGN_OR_RETURN(const service::WarningList list,
                          app.warnings().List(caller, request));
  server::ToProto(list.as_of, out->mutable_as_of());
  server::ToProto(list.window, out->mutable_window());
  for (const service::DossierWarning& w : list.dossiers) {
    v1::DossierDeadlineWarning* o = out->add_dossiers();
    ToProto(w.deadline, w.urgency, o->mutable_deadline());
    ToProto(w.view, o->mutable_dossier());
    o->set_needs_apology(w.needs_apology);
  }
  for (const service::StepWarning& w : list.steps) {
    v1::StepDeadlineWarning* o = out->add_steps();
    ToProto(w.deadline, w.urgency, o->mutable_deadline());
    o->set_holder_agency_code(w.holder_agency_code);
    o->set_dossier_code(w.dossier_code);
    o->set_dossier_agency_code(w.dossier_agency_code);
    *o->mutable_allotted() = server::ToProto(w.allotted);
    server::ToProto(w.started_at, o->mutable_started_at());
  }
  out->set_truncated(list.truncated);
  return absl::OkStatus();
}

void ToProto(const service::DossierView& view, v1::Dossier* out) {
  server::ToProto(view.dossier, view.with_personal_data, out);
}

absl::Status GetDossier(service::Application& app,
                        const core::Principal& caller,
                        const v1::GetDossierRequest& r,
                        v1::DossierWithHistory* out) {
  MOTCUA_ASSIGN_OR_RETURN(const service::DossierWithHistory d,
                          app.dossiers().Get(caller, r.code()));
  ToProto(d.view, out->mutable_dossier());
  for (const core::DossierEvent& e : d.history) {
    server::ToProto(e, out->add_history());
  }
  return absl::OkStatus();
}

absl::Status ListDossiers(service::Application& app,
                          const core::Principal& caller,
                          const v1::ListDossiersRequest& r,
                          v1::ListDossiersResponse* out) {
  service::ListRequest list;
  MOTCUA_ASSIGN_OR_RETURN(list.scope, FromProto(r.scope(), "scope"));
  if (r.status() != v1::DOSSIER_STATUS_UNSPECIFIED) {
    absl::StatusOr<core::DossierStatus> status =
        core::StatusFromCode(r.status());
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("status: ", status.status().message()));
    }
    list.status = *status;
  }
  if (r.has_received_from()) {
    MOTCUA_ASSIGN_OR_RETURN(list.received_from,
                            FromProto(r.received_from(), "received_from"));
  }
  if (r.has_received_to()) {
    MOTCUA_ASSIGN_OR_RETURN(list.received_to,
                            FromProto(r.received_to(), "received_to"));
  }
  list.overdue_only = r.overdue_only();
  list.page_size = r.page_size();
  list.page_token = r.page_token();
  MOTCUA_ASSIGN_OR_RETURN(const service::DossierList page,
                          app.dossiers().List(caller, list));
  for (const service::DossierView& v : page.dossiers) {
    ToProto(v, out->add_dossiers());
  }
  out->set_next_page_token(page.next_page_token);
  return absl::OkStatus();
}

absl::Status LookupDossierStatus(service::Application& app,
                                 const v1::LookupDossierStatusRequest& r,
                                 const std::string& client_address,
                                 v1::PublicDossierStatus* out) {
  MOTCUA_ASSIGN_OR_RETURN(
      const service::PublicStatus s,
      app.dossiers().Lookup(r.code(), r.applicant_id_number(), client_address));
  out->set_code(s.code);
  out->set_status(static_cast<v1::DossierStatus>(s.status));
  if (s.received_at)
    server::ToProto(*s.received_at, out->mutable_received_at());
  if (s.due_at) server::ToProto(*s.due_at, out->mutable_due_at());
  if (s.extended_due_at) {
    server::ToProto(*s.extended_due_at, out->mutable_extended_due_at());
  }
  if (s.returned_at)
    server::ToProto(*s.returned_at, out->mutable_returned_at());
  return absl::OkStatus();
}

// The catalogue is public within the deployment: any authenticated caller
// reads it, so `caller` (authenticated by the transport) decides nothing.

absl::Status GetUnit(service::Application& app, const core::Principal&,
                     const v1::GetCatalogueEntryRequest& r, v1::Unit* out) {
  return GetEntry<core::Unit>(r, out, [&](const auto& code, auto as_of) {
    return app.catalogue().GetUnit(code, as_of);
  });
}

absl::Status GetAgency(service::Application& app, const core::Principal&,
                       const v1::GetCatalogueEntryRequest& r, v1::Agency* out) {
  return GetEntry<core::Agency>(r, out, [&](const auto& code, auto as_of) {
    return app.catalogue().GetAgency(code, as_of);
  });
}

absl::Status GetProcedure(service::Application& app, const core::Principal&,
                          const v1::GetCatalogueEntryRequest& r,
                          v1::Procedure* out) {
  return GetEntry<core::Procedure>(r, out, [&](const auto& code, auto as_of) {
    return app.catalogue().GetProcedure(code, as_of);
  });
}

absl::Status ListUnits(service::Application& app, const core::Principal&,
                       const v1::ListCatalogueRequest& r,
                       v1::ListUnitsResponse* out) {
  return ListEntries(
      r, out, [&](const auto& q) { return app.catalogue().ListUnits(q); },
      [](auto* o) { return o->add_units(); });
}

absl::Status ListAgencies(service::Application& app, const core::Principal&,
                          const v1::ListCatalogueRequest& r,
                          v1::ListAgenciesResponse* out) {
  return ListEntries(
      r, out, [&](const auto& q) { return app.catalogue().ListAgencies(q); },
      [](auto* o) { return o->add_agencies(); });
}

absl::Status ListFields(service::Application& app, const core::Principal&,
                        const v1::ListCatalogueRequest& r,
                        v1::ListFieldsResponse* out) {
  return ListEntries(
      r, out, [&](const auto& q) { return app.catalogue().ListFields(q); },
      [](auto* o) { return o->add_fields(); });
}

absl::Status ListProcedures(service::Application& app, const core::Principal&,
                            const v1::ListCatalogueRequest& r,
                            v1::ListProceduresResponse* out) {
  return ListEntries(
      r, out, [&](const auto& q) { return app.catalogue().ListProcedures(q); },
      [](auto* o) { return o->add_procedures(); });
}

}  // namespace motcua::server
