#include "server/statistics_service.h"

#include <set>

#include "absl/strings/str_format.h"
#include "google/protobuf/arena.h"
#include "core/local_time.h"
#include "core/rates.h"
#include "server/api_codec.h"
#include "server/grpc_status.h"
#include "server/call_context.h"
#include "server/service_support.h"
#include "server/statistics.h"
#include "server/unit_paths.h"

namespace motcua::server {
namespace {

constexpr int kMaxPeriodDays = 366 * 5;

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

// The caller, allowed to read `scope`; the period, with its as-of day and
// instant (the end of `to`, or now when `to` has not ended).
struct StatisticsCall {
  core::Scope scope;
  StatisticsPeriod period;
  absl::Time as_of;
};

absl::StatusOr<StatisticsCall> Begin(const grpc::CallbackServerContext& c,
                                     storage::Store& store, absl::Time now,
                                     const v1::Scope& scope_in,
                                     const v1::Period& period_in) {
  absl::StatusOr<core::Principal> caller = CallerOf(c, store);
  if (!caller.ok()) return caller.status();
  absl::StatusOr<core::Scope> scope = FromProto(scope_in, "scope");
  if (!scope.ok()) return scope.status();
  const absl::CivilDay today = core::LocalDay(now);
  absl::Status s = core::CheckCanReadScope(
      *caller, *scope, [&](const core::Scope& outer, const core::Scope& inner) {
        return ScopeWithin(store, outer, inner, today);
      });
  if (!s.ok()) return s;
  absl::StatusOr<absl::CivilDay> from = FromProto(period_in.from(), "period.from");
  if (!from.ok()) return from.status();
  absl::StatusOr<absl::CivilDay> to = FromProto(period_in.to(), "period.to");
  if (!to.ok()) return to.status();
  if (*to < *from) {
    return absl::InvalidArgumentError("period.to is before period.from");
  }
  if (*to - *from > kMaxPeriodDays) {
    return absl::InvalidArgumentError("period spans more than five years");
  }
  StatisticsCall call{*scope, {*from, *to, std::min(*to, today), nullptr}, now};
  if (*to < today) {
    call.as_of = core::FromLocal(absl::CivilSecond(*to + 1)) - absl::Seconds(1);
  }
  if (call.period.as_of < call.period.from) {
    return absl::InvalidArgumentError("period.from is in the future");
  }
  // A period that has ended is judged at its end, where counters are
  // exact; only "as of now" needs today's standing corrected.
  if (*to >= today) {
    absl::StatusOr<std::vector<core::Dossier>> within =
        WithinTimeUntilEndOfDay(store, call.as_of);
    if (!within.ok()) return within.status();
    call.period.within_time_at_instant =
        std::make_shared<const std::vector<core::Dossier>>(*std::move(within));
  }
  return call;
}

// The calendar months of [from, to], each clipped to the period.
std::vector<std::pair<absl::CivilDay, absl::CivilDay>> Months(
    absl::CivilDay from, absl::CivilDay to) {
  std::vector<std::pair<absl::CivilDay, absl::CivilDay>> out;
  for (absl::CivilMonth m(from); absl::CivilDay(m) <= to; ++m) {
    const absl::CivilDay first = std::max(from, absl::CivilDay(m));
    const absl::CivilDay last = std::min(to, absl::CivilDay(m + 1) - 1);
    out.push_back({first, last});
  }
  return out;
}

std::string MonthKey(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d", d.year(), d.month());
}

// Form 06 of each calendar month of the period up to its as-of day, each
// month judged at its own end (or at the as-of day), keyed "2025-03".
absl::StatusOr<std::vector<std::pair<std::string, core::Form06>>> MonthlyForms(
    storage::Store& store, const core::Scope& scope,
    const StatisticsPeriod& p) {
  std::vector<std::pair<std::string, core::Form06>> out;
  for (const auto& [first, last] : Months(p.from, p.to)) {
    if (first > p.as_of) break;
    // Only the month of the as-of day is judged at the as-of instant.
    const bool judged_at_instant = last >= p.as_of;
    absl::StatusOr<core::Form06> form = Form06For(
        store, scope, core::Dimension::kTotal, "",
        {first, last, std::min(last, p.as_of),
         judged_at_instant ? p.within_time_at_instant : nullptr});
    if (!form.ok()) return form.status();
    out.emplace_back(MonthKey(first), *form);
  }
  return out;
}

// What a report and a rates answer start from: the call checked, its
// scope, period and as-of instant echoed into `out`, and the period's total.
struct Answer {
  StatisticsCall call;
  core::Form06 total;
};

template <typename Request, typename Response>
absl::StatusOr<Answer> BeginAnswer(const grpc::CallbackServerContext& c,
                                   storage::Store& store, absl::Time now,
                                   const Request& r, Response* out) {
  absl::StatusOr<StatisticsCall> call =
      Begin(c, store, now, r.scope(), r.period());
  if (!call.ok()) return call.status();
  *out->mutable_scope() = r.scope();
  *out->mutable_period() = r.period();
  server::ToProto(call->as_of, out->mutable_as_of());
  absl::StatusOr<core::Form06> total = Form06For(
      store, call->scope, core::Dimension::kTotal, "", call->period);
  if (!total.ok()) return total.status();
  return Answer{*std::move(call), *total};
}

}  // namespace

StatisticsServiceImpl::StatisticsServiceImpl(storage::Store& store,
                                             std::function<absl::Time()> clock)
    : store_(store), clock_(std::move(clock)) {}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetReport(
    grpc::CallbackServerContext* c, const v1::GetReportRequest* r,
    v1::Report* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<Answer> answer = BeginAnswer(*c, store_, clock_(), *r, out);
    if (!answer.ok()) return answer.status();
    const StatisticsCall& call = answer->call;
    const StatisticsPeriod& p = call.period;
    ToProto(answer->total, out->mutable_total());
    out->mutable_total()->set_key("total");

    switch (r->breakdown()) {
      case v1::GetReportRequest::BREAKDOWN_UNSPECIFIED:
      case v1::GetReportRequest::FIELD:
      case v1::GetReportRequest::PROCEDURE: {
        const bool by_procedure =
            r->breakdown() == v1::GetReportRequest::PROCEDURE;
        absl::StatusOr<std::map<std::string, core::Form06>> rows =
            Form06ByCode(store_, call.scope,
                         by_procedure ? core::Dimension::kProcedure
                                      : core::Dimension::kField,
                         p);
        if (!rows.ok()) return rows.status();
        for (const auto& [code, form] : *rows) {
          v1::Form06Row* row = out->add_rows();
          ToProto(form, row);
          row->set_key(code);
          if (by_procedure) {
            if (auto proc = store_.GetProcedure(code, p.to); proc.ok()) {
              row->set_name(proc->name);
            }
          } else if (auto field = store_.GetField(code); field.ok()) {
            row->set_name(field->name);
          }
        }
        return absl::OkStatus();
      }
      case v1::GetReportRequest::CHILD_UNIT: {
        // Children the catalogue places under the scope on some day of the
        // period: counters were kept under the hierarchy of each reception
        // day. A child that moved during the period is listed under each
        // parent it had, with its whole figures; the total is always exact.
        std::vector<core::Scope> children;
        absl::StatusOr<std::vector<core::Unit>> units =
            store_.ListUnits(std::nullopt);
        if (!units.ok()) return units.status();
        std::set<std::string> seen;
        for (const core::Unit& u : *units) {
          if (u.parent_code != call.scope.code ||
              !u.validity.Overlaps(p.from, p.to) ||
              !seen.insert(u.code).second) {
            continue;
          }
          children.push_back({u.level == core::UnitLevel::kProvince
                                  ? core::ScopeKind::kProvince
                              : u.level == core::UnitLevel::kDistrict
                                  ? core::ScopeKind::kDistrict
                                  : core::ScopeKind::kCommune,
                              u.code});
        }
        absl::StatusOr<std::vector<core::Agency>> agencies =
            store_.ListAgencies(std::nullopt);
        if (!agencies.ok()) return agencies.status();
        for (const core::Agency& a : *agencies) {
          if (a.unit_code == call.scope.code &&
              a.validity.Overlaps(p.from, p.to) && seen.insert(a.code).second) {
            children.push_back({core::ScopeKind::kAgency, a.code});
          }
        }
        for (const core::Scope& child : children) {
          absl::StatusOr<core::Form06> form =
              Form06For(store_, child, core::Dimension::kTotal, "", p);
          if (!form.ok()) return form.status();
          v1::Form06Row* row = out->add_rows();
          ToProto(*form, row);
          row->set_key(child.code);
          if (child.kind == core::ScopeKind::kAgency) {
            if (auto a = store_.GetAgency(child.code, p.to); a.ok()) {
              row->set_name(a->name);
            }
          } else if (auto u = store_.GetUnit(child.code, p.to); u.ok()) {
            row->set_name(u->name);
          }
        }
        return absl::OkStatus();
      }
      case v1::GetReportRequest::AGENCY: {
        absl::StatusOr<std::vector<core::Agency>> agencies =
            store_.ListAgencies(std::nullopt);
        if (!agencies.ok()) return agencies.status();
        std::set<std::string> seen;
        for (const core::Agency& a : *agencies) {
          const core::Scope agency{core::ScopeKind::kAgency, a.code};
          // Agencies within the scope at the start or the end of the period.
          if (!seen.insert(a.code).second ||
              !(ScopeWithin(store_, call.scope, agency, p.from) ||
                ScopeWithin(store_, call.scope, agency, p.to))) {
            continue;
          }
          absl::StatusOr<core::Form06> form =
              Form06For(store_, agency, core::Dimension::kTotal, "", p);
          if (!form.ok()) return form.status();
          v1::Form06Row* row = out->add_rows();
          ToProto(*form, row);
          row->set_key(a.code);
          row->set_name(a.name);
        }
        return absl::OkStatus();
      }
      case v1::GetReportRequest::MONTH: {
        absl::StatusOr<std::vector<std::pair<std::string, core::Form06>>>
            months = MonthlyForms(store_, call.scope, p);
        if (!months.ok()) return months.status();
        for (const auto& [key, form] : *months) {
          v1::Form06Row* row = out->add_rows();
          ToProto(form, row);
          row->set_key(key);
        }
        return absl::OkStatus();
      }
      default:
        return absl::InvalidArgumentError(
            "breakdown must be FIELD, CHILD_UNIT, PROCEDURE or MONTH");
    }
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetRates(
    grpc::CallbackServerContext* c, const v1::GetRatesRequest* r,
    v1::RatesReport* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<Answer> answer = BeginAnswer(*c, store_, clock_(), *r, out);
    if (!answer.ok()) return answer.status();
    const StatisticsCall& call = answer->call;
    const StatisticsPeriod& p = call.period;
    ToProto(core::ComputeRates(answer->total), "", out->mutable_total());
    if (!r->monthly()) return absl::OkStatus();
    absl::StatusOr<std::vector<std::pair<std::string, core::Form06>>> months =
        MonthlyForms(store_, call.scope, p);
    if (!months.ok()) return months.status();
    for (const auto& [key, form] : *months) {
      ToProto(core::ComputeRates(form), key, out->add_months());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetOnlineProcedureRatios(
    grpc::CallbackServerContext* c, const v1::GetOnlineProcedureRatiosRequest* r,
    v1::OnlineProcedureRatios* out) {
  return Respond(c, [&]() -> absl::Status {
    const absl::Time now = clock_();
    v1::Period today;
    server::ToProto(core::LocalDay(now), today.mutable_from());
    *today.mutable_to() = today.from();
    absl::StatusOr<StatisticsCall> call = Begin(*c, store_, now, r->scope(), today);
    if (!call.ok()) return call.status();
    absl::CivilDay day = core::LocalDay(now);
    if (r->has_as_of()) {
      absl::StatusOr<absl::CivilDay> d = FromProto(r->as_of(), "as_of");
      if (!d.ok()) return d.status();
      day = *d;
    }
    absl::StatusOr<std::vector<core::Procedure>> procedures =
        store_.ListProcedures(day);
    if (!procedures.ok()) return procedures.status();
    // The procedures the scope's units decide: a province every level, a
    // district its own and its communes', a commune or agency its own.
    core::UnitLevel agency_level = core::UnitLevel::kUnspecified;
    if (call->scope.kind == core::ScopeKind::kAgency) {
      absl::StatusOr<core::Agency> a = store_.GetAgency(call->scope.code, day);
      if (!a.ok()) return a.status();
      agency_level = a->level;
    }
    auto decides = [&](core::UnitLevel level) {
      switch (call->scope.kind) {
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
    for (const core::Procedure& p : *procedures) {
      if (!decides(p.level)) continue;
      ++all;
      l3 += p.online_level == 3;
      l4 += p.online_level == 4;
      partial += p.online_class == core::OnlineClass::kPartial;
      full += p.online_class == core::OnlineClass::kFull;
    }
    server::ToProto(day, out->mutable_as_of());
    ToProto(core::Rate{l3, all}, out->mutable_level3());
    ToProto(core::Rate{l4, all}, out->mutable_level4());
    ToProto(core::Rate{partial, all}, out->mutable_partial());
    ToProto(core::Rate{full, all}, out->mutable_full());
    return absl::OkStatus();
  });
}

namespace {

// Streams a scope's received dossiers a page per message: one page of the
// reception index is read when the previous one has been written, so memory
// stays one page whatever the size of the export.
class ExportReactor
    : public grpc::ServerWriteReactor<v1::ExportDossiersResponse> {
 public:
  ExportReactor(storage::Store& store, core::Principal caller,
                storage::DossierQuery query)
      : store_(store), caller_(std::move(caller)), query_(std::move(query)) {
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
    storage::DossierPage page;
    // A page may be empty yet not the last.
    while (page.dossiers.empty()) {
      if (done_) {
        Finish(grpc::Status::OK);
        return;
      }
      absl::StatusOr<storage::DossierPage> read = store_.ListDossiers(query_);
      if (!read.ok()) {
        Finish(ToGrpcStatus(read.status()));
        return;
      }
      page = *std::move(read);
      query_.page_token = page.next_page_token;
      done_ = page.next_page_token.empty();
    }
    // The previous message is written: free it whole, in one go, rather
    // than its thousands of strings one by one (malloc and free were a third
    // of an export's CPU).
    arena_.Reset();
    message_ =
        google::protobuf::Arena::CreateMessage<v1::ExportDossiersResponse>(
            &arena_);
    for (const core::Dossier& d : page.dossiers) {
      server::ToProto(d, core::MaySeePersonalData(caller_, d),
                      message_->add_dossiers());
    }
    StartWrite(message_);
  }

  storage::Store& store_;
  const core::Principal caller_;
  storage::DossierQuery query_;
  bool done_ = false;
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

grpc::ServerWriteReactor<v1::ExportDossiersResponse>*
StatisticsServiceImpl::ExportDossiers(
    grpc::CallbackServerContext* c, const v1::ExportDossiersRequest* r) {
  absl::StatusOr<StatisticsCall> call =
      Begin(*c, store_, clock_(), r->scope(), r->period());
  if (!call.ok()) return new FailedExport(call.status());
  absl::StatusOr<core::Principal> caller = CallerOf(*c, store_);
  if (!caller.ok()) return new FailedExport(caller.status());
  storage::DossierQuery query;
  query.scope = call->scope;
  query.received_from = call->period.from;
  query.received_to = call->period.to;
  query.page_size = kExportMessageSize;
  return new ExportReactor(store_, *std::move(caller), std::move(query));
}

}  // namespace motcua::server
