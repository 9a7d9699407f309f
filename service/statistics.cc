#include "service/statistics.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "service/report_rows.h"

namespace motcua::service {
namespace {

constexpr int kMaxPeriodDays = 366 * 5;

}  // namespace

Statistics::Statistics(storage::Store& store, DomainState& domain,
                       CatalogueState& catalogue,
                       std::function<absl::Time()> clock)
    : store_(store),
      domain_(domain),
      catalogue_(catalogue),
      clock_(std::move(clock)) {}

absl::StatusOr<Statistics::Call> Statistics::Begin(
    const core::Principal& caller, const core::Scope& scope,
    const Period& period, absl::Time now) {
  Call call;
  call.catalogue = catalogue_.Get();
  const absl::CivilDay today = core::LocalDay(now);
  MOTCUA_RETURN_IF_ERROR(core::CheckCanReadScope(
      caller, scope, call.catalogue->ContainsOn(today)));
  if (period.to < period.from) {
    return absl::InvalidArgumentError("period.to is before period.from");
  }
  if (period.from <= storage::kFirstCounterDay) {
    return absl::InvalidArgumentError(
        absl::StrCat("period.from must be after ",
                     absl::FormatCivilTime(storage::kFirstCounterDay),
                     " (the service holds no figures before it)"));
  }
  if (period.to - period.from > kMaxPeriodDays) {
    return absl::InvalidArgumentError("period spans more than five years");
  }
  call.period = {period.from, period.to, std::min(period.to, today), nullptr};
  call.as_of = now;
  if (period.to < today) {
    call.as_of =
        core::FromLocal(absl::CivilSecond(period.to + 1)) - absl::Seconds(1);
  }
  if (call.period.as_of < call.period.from) {
    return absl::InvalidArgumentError("period.from is in the future");
  }
  // A period that has ended is judged at its end, where counters are
  // exact; only "as of now" needs today's standing corrected.
  if (period.to >= today) {
    MOTCUA_ASSIGN_OR_RETURN(
        std::vector<core::Dossier> within,
        WithinTimeUntilEndOfDay(store_, domain_.Get()->rules, *call.catalogue,
                                call.as_of));
    call.period.within_time_at_instant =
        std::make_shared<const std::vector<core::Dossier>>(std::move(within));
  }
  return call;
}

absl::StatusOr<std::vector<std::pair<std::string, core::Form06>>>
Statistics::MonthlyForms(const core::Scope& scope, const StatisticsPeriod& p) {
  std::vector<std::pair<std::string, core::Form06>> out;
  for (const auto& [key, month] : MonthPeriods(p)) {
    MOTCUA_ASSIGN_OR_RETURN(
        core::Form06 form,
        Form06For(store_, scope, core::Dimension::kTotal, "", month));
    out.emplace_back(key, form);
  }
  return out;
}

absl::Status Statistics::AddRows(const core::CatalogueIndex& catalogue,
                                 const core::Scope& scope,
                                 const StatisticsPeriod& p, Breakdown breakdown,
                                 std::vector<ReportRow>* rows) {
  switch (breakdown) {
    case Breakdown::kUnspecified:
    case Breakdown::kField:
    case Breakdown::kProcedure: {
      const bool by_procedure = breakdown == Breakdown::kProcedure;
      MOTCUA_ASSIGN_OR_RETURN(
          const auto forms,
          Form06ByCode(store_, scope,
                       by_procedure ? core::Dimension::kProcedure
                                    : core::Dimension::kField,
                       p));
      for (const auto& [code, form] : forms) {
        ReportRow row{code, "", form};
        if (by_procedure) {
          if (const core::Procedure* proc = catalogue.ProcedureOn(code, p.to)) {
            row.name = proc->name;
          }
        } else if (const core::Field* field = catalogue.FieldOf(code)) {
          row.name = field->name;
        }
        rows->push_back(std::move(row));
      }
      return absl::OkStatus();
    }
    case Breakdown::kChildUnit:
    case Breakdown::kAgency: {
      // A child unit that moved during the period is listed under each
      // parent it had, with its whole figures; the total is always exact.
      const std::vector<core::Scope> scopes =
          breakdown == Breakdown::kChildUnit
              ? ChildRowScopes(catalogue, scope, p.from, p.to)
              : AgencyRowScopes(catalogue, scope, p.from, p.to);
      for (const core::Scope& row_scope : scopes) {
        MOTCUA_ASSIGN_OR_RETURN(
            core::Form06 form,
            Form06For(store_, row_scope, core::Dimension::kTotal, "", p));
        ReportRow row{row_scope.code, "", form};
        if (row_scope.kind == core::ScopeKind::kAgency) {
          if (const core::Agency* a =
                  catalogue.AgencyOn(row_scope.code, p.to)) {
            row.name = a->name;
          } else if (const core::Agency* a =
                         catalogue.AgencyOn(row_scope.code, p.from)) {
            row.name = a->name;
          }
        } else if (const core::Unit* u =
                       catalogue.UnitOn(row_scope.code, p.to)) {
          row.name = u->name;
        }
        rows->push_back(std::move(row));
      }
      return absl::OkStatus();
    }
    case Breakdown::kMonth: {
      MOTCUA_ASSIGN_OR_RETURN(const auto months, MonthlyForms(scope, p));
      for (const auto& [key, form] : months) rows->push_back({key, "", form});
      return absl::OkStatus();
    }
  }
  return absl::InvalidArgumentError(
      "breakdown must be FIELD, CHILD_UNIT, PROCEDURE or MONTH");
}

absl::StatusOr<Report> Statistics::GetReport(const core::Principal& caller,
                                             const core::Scope& scope,
                                             const Period& period,
                                             Breakdown breakdown) {
  MOTCUA_ASSIGN_OR_RETURN(const Call call,
                          Begin(caller, scope, period, clock_()));
  Report report;
  report.as_of = call.as_of;
  MOTCUA_ASSIGN_OR_RETURN(
      report.total,
      Form06For(store_, scope, core::Dimension::kTotal, "", call.period));
  MOTCUA_RETURN_IF_ERROR(
      AddRows(*call.catalogue, scope, call.period, breakdown, &report.rows));
  return report;
}

absl::StatusOr<RatesReport> Statistics::GetRates(const core::Principal& caller,
                                                 const core::Scope& scope,
                                                 const Period& period,
                                                 bool monthly) {
  MOTCUA_ASSIGN_OR_RETURN(const Call call,
                          Begin(caller, scope, period, clock_()));
  RatesReport out;
  out.as_of = call.as_of;
  MOTCUA_ASSIGN_OR_RETURN(
      const core::Form06 total,
      Form06For(store_, scope, core::Dimension::kTotal, "", call.period));
  out.total = core::ComputeRates(total);
  if (!monthly) return out;
  MOTCUA_ASSIGN_OR_RETURN(const auto months, MonthlyForms(scope, call.period));
  for (const auto& [key, form] : months) {
    out.months.emplace_back(key, core::ComputeRates(form));
  }
  return out;
}

absl::StatusOr<OnlineProcedureRatios> Statistics::GetOnlineProcedureRatios(
    const core::Principal& caller, const core::Scope& scope,
    std::optional<absl::CivilDay> as_of) {
  const absl::Time now = clock_();
  const absl::CivilDay today = core::LocalDay(now);
  MOTCUA_ASSIGN_OR_RETURN(const Call call,
                          Begin(caller, scope, {today, today}, now));
  const absl::CivilDay day = as_of.value_or(today);
  const core::CatalogueIndex& catalogue = *call.catalogue;
  // The procedures the scope's units decide: a province every level, a
  // district its own and its communes', a commune or agency its own.
  core::UnitLevel agency_level = core::UnitLevel::kUnspecified;
  if (scope.kind == core::ScopeKind::kAgency) {
    const core::Agency* a = catalogue.AgencyOn(scope.code, day);
    if (a == nullptr) {
      return absl::NotFoundError(absl::StrCat("agency ", scope.code,
                                              " is not in force on ",
                                              absl::FormatCivilTime(day)));
    }
    agency_level = a->level;
  }
  auto decides = [&](core::UnitLevel level) {
    switch (scope.kind) {
      case core::ScopeKind::kDeployment:
      case core::ScopeKind::kProvince:
        return true;
      case core::ScopeKind::kDistrict:
        return level != core::UnitLevel::kProvince;
      case core::ScopeKind::kCommune:
        return level == core::UnitLevel::kCommune;
      case core::ScopeKind::kAgency:
        return level == agency_level;
    }
    return false;
  };
  int64_t all = 0, l3 = 0, l4 = 0, partial = 0, full = 0;
  for (const core::Procedure& p : catalogue.procedures()) {
    if (!p.validity.Covers(day) || !decides(p.level)) continue;
    ++all;
    l3 += p.online_level == 3;
    l4 += p.online_level == 4;
    partial += p.online_class == core::OnlineClass::kPartial;
    full += p.online_class == core::OnlineClass::kFull;
  }
  return OnlineProcedureRatios{
      day, {l3, all}, {l4, all}, {partial, all}, {full, all}};
}

absl::StatusOr<std::unique_ptr<ExportCursor>> Statistics::Export(
    const core::Principal& caller, const core::Scope& scope,
    const Period& period, int page_size) {
  MOTCUA_ASSIGN_OR_RETURN(const Call call,
                          Begin(caller, scope, period, clock_()));
  storage::DossierQuery query;
  query.scope = scope;
  query.received_from = call.period.from;
  query.received_to = call.period.to;
  query.page_size = page_size;
  return std::make_unique<ExportCursor>(store_, caller, std::move(query));
}

absl::StatusOr<std::vector<DossierView>> ExportCursor::Next() {
  std::vector<DossierView> out;
  // A page may be empty yet not the last.
  while (out.empty() && !done_) {
    MOTCUA_ASSIGN_OR_RETURN(storage::DossierPage page,
                            store_.ListDossiers(query_));
    query_.page_token = page.next_page_token;
    done_ = page.next_page_token.empty();
    out.reserve(page.dossiers.size());
    for (core::Dossier& d : page.dossiers) {
      const bool personal = core::MaySeePersonalData(caller_, d);
      out.push_back({std::move(d), personal});
    }
  }
  return out;
}

}  // namespace motcua::service
