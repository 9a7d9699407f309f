#include "core/counters.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "core/local_time.h"

namespace motcua::core {
namespace {

struct DayMetric {
  absl::CivilDay day;
  Metric metric;
};

// Adds the interval of days [from, until) (until unset: still running).
void AddInterval(absl::CivilDay from, std::optional<absl::CivilDay> until,
                 Metric from_metric, Metric until_metric,
                 std::vector<DayMetric>* out) {
  if (until.has_value() && *until <= from) return;
  out->push_back({from, from_metric});
  if (until.has_value()) out->push_back({*until, until_metric});
}

// The pause holding the end of day `d`, if any.
const ClockPause* PausedAtEndOf(const DossierTimeline& t, absl::CivilDay d) {
  for (const ClockPause& p : t.pauses) {
    if (LocalDay(p.started_at) <= d &&
        (!p.ended_at.has_value() || LocalDay(*p.ended_at) > d)) {
      return &p;
    }
  }
  return nullptr;
}

// The due in force at the end of day `d`, when no wait holds it.
absl::Time DueInForceAtEndOf(const DossierTimeline& t, absl::CivilDay d) {
  for (const ClockPause& p : t.pauses) {
    if (LocalDay(p.started_at) > d) return p.due_at_start;
  }
  return *t.due_at;
}

// Adds the days on whose end the dossier is open and overdue.
void AddOverdueIntervals(const DossierTimeline& t, Granularity g,
                         absl::CivilDay received,
                         std::optional<absl::CivilDay> finished,
                         std::vector<DayMetric>* out) {
  // The standing changes only at pause boundaries (and once, inside a
  // segment, when the due date passes).
  std::vector<absl::CivilDay> cuts = {received};
  for (const ClockPause& p : t.pauses) {
    cuts.push_back(LocalDay(p.started_at));
    if (p.ended_at.has_value()) cuts.push_back(LocalDay(*p.ended_at));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  // The interval being built: overdue since `running_from`.
  bool running = false;
  absl::CivilDay running_from;
  auto stop = [&](absl::CivilDay day) {
    if (running) {
      AddInterval(running_from, day, Metric::kOverdueFrom,
                  Metric::kOverdueUntil, out);
      running = false;
    }
  };
  auto start = [&](absl::CivilDay day) {
    running = true;
    running_from = day;
  };
  for (size_t i = 0; i < cuts.size(); ++i) {
    const absl::CivilDay begin = cuts[i];
    if (finished.has_value() && begin >= *finished) break;
    const bool last = i + 1 == cuts.size();
    absl::CivilDay end = last ? begin : cuts[i + 1];  // exclusive, if !open
    bool open_ended = last;
    if (finished.has_value() && (open_ended || end > *finished)) {
      end = *finished;
      open_ended = false;
    }
    bool overdue = false;
    absl::CivilDay overdue_from = begin;
    if (const ClockPause* p = PausedAtEndOf(t, begin)) {
      overdue = ClassifyOpen(g, p->due_at_start, p->started_at) ==
                OpenTimeliness::kOverdue;
    } else {
      const absl::CivilDay due_day = LocalDay(DueInForceAtEndOf(t, begin));
      overdue_from =
          std::max(begin, g == Granularity::kInstant ? due_day : due_day + 1);
      overdue = open_ended || overdue_from < end;
    }
    if (!overdue) {
      stop(begin);
    } else if (!running) {
      start(overdue_from);
    } else if (overdue_from != begin) {
      stop(begin);
      start(overdue_from);
    }
    if (open_ended) break;
  }
  if (running) {
    if (finished.has_value()) {
      stop(*finished);
    } else {
      AddInterval(running_from, std::nullopt, Metric::kOverdueFrom,
                  Metric::kOverdueUntil, out);
    }
  }
}

Metric FinishedMetric(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return Metric::kFinishedEarly;
    case Timeliness::kOnTime:
      return Metric::kFinishedOnTime;
    default:
      return Metric::kFinishedLate;
  }
}

Metric StepMetric(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return Metric::kStepEarly;
    case Timeliness::kOnTime:
      return Metric::kStepOnTime;
    default:
      return Metric::kStepLate;
  }
}

std::vector<DayMetric> OwnDayMetrics(const Dossier& d, Granularity g) {
  const DossierTimeline& t = d.timeline;
  std::vector<DayMetric> out;
  if (t.status == DossierStatus::kNotAccepted) {
    out.push_back({LocalDay(t.last_event_at), Metric::kNotAccepted});
  }
  if (!t.received_at.has_value() || !t.due_at.has_value()) return out;
  const absl::CivilDay received = LocalDay(*t.received_at);
  switch (d.channel) {
    case Channel::kOnline:
      out.push_back({received, Metric::kReceivedOnline});
      if (d.procedure.online_level == 3) {
        out.push_back({received, Metric::kReceivedOnlineLevel3});
      } else if (d.procedure.online_level == 4) {
        out.push_back({received, Metric::kReceivedOnlineLevel4});
      }
      if (d.procedure.online_class == OnlineClass::kPartial) {
        out.push_back({received, Metric::kReceivedOnlinePartial});
      } else if (d.procedure.online_class == OnlineClass::kFull) {
        out.push_back({received, Metric::kReceivedOnlineFull});
      }
      break;
    case Channel::kPostal:
      out.push_back({received, Metric::kReceivedPostal});
      break;
    default:
      out.push_back({received, Metric::kReceivedDirect});
      break;
  }
  std::optional<absl::CivilDay> finished;
  if (t.finished_at.has_value() && t.timeliness.has_value()) {
    finished = LocalDay(*t.finished_at);
    out.push_back({*finished, FinishedMetric(*t.timeliness)});
    if (*t.timeliness == Timeliness::kLate && t.apology_count > 0) {
      out.push_back({*finished, Metric::kFinishedLateWithApology});
    }
    if (t.status == DossierStatus::kWithdrawn) {
      out.push_back({*finished, Metric::kFinishedWithdrawn});
    } else if (t.status == DossierStatus::kStopped) {
      out.push_back({*finished, Metric::kFinishedStopped});
    }
  }
  for (const ClockPause& p : t.pauses) {
    if (p.kind != DossierStatus::kAwaitingSupplement) continue;
    std::optional<absl::CivilDay> until;
    if (p.ended_at.has_value()) until = LocalDay(*p.ended_at);
    AddInterval(LocalDay(p.started_at), until, Metric::kAwaitingSupplementFrom,
                Metric::kAwaitingSupplementUntil, &out);
  }
  AddOverdueIntervals(t, g, received, finished, &out);
  return out;
}

using CellKey =
    std::tuple<int, std::string, int, std::string, absl::CivilDay, int>;

// Adds `sign` times `dossier`'s counters to `cells`, every dimension.
void Accumulate(const Dossier& dossier, Granularity g, int64_t sign,
                std::map<CellKey, int64_t>* cells) {
  const std::pair<Dimension, std::string> dimensions[] = {
      {Dimension::kTotal, ""},
      {Dimension::kField, dossier.procedure.field_code},
      {Dimension::kProcedure, dossier.procedure.code}};
  ForEachDayMetric(
      dossier, g, [&](const Scope& scope, absl::CivilDay day, Metric metric) {
        for (const auto& [dimension, code] : dimensions) {
          (*cells)[CellKey(static_cast<int>(scope.kind), scope.code,
                           static_cast<int>(dimension), code, day,
                           static_cast<int>(metric))] += sign;
        }
      });
}

}  // namespace

void ForEachDayMetric(
    const Dossier& dossier, Granularity granularity,
    const std::function<void(const Scope&, absl::CivilDay, Metric)>& visit) {
  const std::vector<Scope> scopes = ScopesOf(dossier);
  for (const DayMetric& m : OwnDayMetrics(dossier, granularity)) {
    for (const Scope& scope : scopes) visit(scope, m.day, m.metric);
  }
  for (const InterAgencyStep& step : dossier.timeline.steps) {
    if (!step.finished_at.has_value() || !step.timeliness.has_value()) continue;
    visit({ScopeKind::kAgency, step.agency_code}, LocalDay(*step.finished_at),
          StepMetric(*step.timeliness));
  }
}

bool PathWithin(const UnitPath& path, const Scope& unit) {
  switch (unit.kind) {
    case ScopeKind::kDeployment:
      return true;
    case ScopeKind::kProvince:
      return path.province == unit.code;
    case ScopeKind::kDistrict:
      return path.district == unit.code;
    case ScopeKind::kCommune:
      return path.commune == unit.code;
    case ScopeKind::kAgency:
      return false;
  }
  return false;
}

std::vector<Scope> ScopesOf(const Dossier& dossier) {
  std::vector<Scope> scopes = {{ScopeKind::kDeployment, ""}};
  if (!dossier.units.province.empty()) {
    scopes.push_back({ScopeKind::kProvince, dossier.units.province});
  }
  if (!dossier.units.district.empty()) {
    scopes.push_back({ScopeKind::kDistrict, dossier.units.district});
  }
  if (!dossier.units.commune.empty()) {
    scopes.push_back({ScopeKind::kCommune, dossier.units.commune});
  }
  scopes.push_back({ScopeKind::kAgency, dossier.agency_code});
  return scopes;
}

bool CountsUnder(const Dossier& dossier, const Scope& scope,
                 Dimension dimension, const std::string& code) {
  if (dimension == Dimension::kField && dossier.procedure.field_code != code) {
    return false;
  }
  if (dimension == Dimension::kProcedure && dossier.procedure.code != code) {
    return false;
  }
  for (const Scope& s : ScopesOf(dossier)) {
    if (s == scope) return true;
  }
  return false;
}

namespace {

std::vector<CounterCell> ToCells(const std::map<CellKey, int64_t>& cells) {
  std::vector<CounterCell> out;
  for (const auto& [key, delta] : cells) {
    if (delta == 0) continue;
    const auto& [scope_kind, scope_code, dimension, code, day, metric] = key;
    out.push_back({{static_cast<ScopeKind>(scope_kind), scope_code},
                   static_cast<Dimension>(dimension),
                   code,
                   day,
                   static_cast<Metric>(metric),
                   delta});
  }
  return out;
}

}  // namespace

absl::string_view MetricName(Metric metric) {
  static constexpr absl::string_view kNames[kMetricCount] = {
      "RECEIVED_DIRECT",
      "RECEIVED_ONLINE",
      "RECEIVED_POSTAL",
      "RECEIVED_ONLINE_LEVEL3",
      "RECEIVED_ONLINE_LEVEL4",
      "RECEIVED_ONLINE_PARTIAL",
      "RECEIVED_ONLINE_FULL",
      "FINISHED_EARLY",
      "FINISHED_ON_TIME",
      "FINISHED_LATE",
      "FINISHED_LATE_WITH_APOLOGY",
      "FINISHED_WITHDRAWN",
      "FINISHED_STOPPED",
      "NOT_ACCEPTED",
      "OVERDUE_FROM",
      "OVERDUE_UNTIL",
      "AWAITING_SUPPLEMENT_FROM",
      "AWAITING_SUPPLEMENT_UNTIL",
      "STEP_EARLY",
      "STEP_ON_TIME",
      "STEP_LATE"};
  const int i = static_cast<int>(metric);
  return i >= 0 && i < kMetricCount ? kNames[i] : "UNKNOWN";
}

CounterRow& CounterRow::operator+=(const CounterRow& other) {
  for (int i = 0; i < kMetricCount; ++i) values[i] += other.values[i];
  return *this;
}

CounterRow& CounterRow::operator-=(const CounterRow& other) {
  for (int i = 0; i < kMetricCount; ++i) values[i] -= other.values[i];
  return *this;
}

bool CounterRow::IsZero() const {
  for (int64_t v : values) {
    if (v != 0) return false;
  }
  return true;
}

std::vector<CounterCell> DossierCounters(const Dossier& dossier,
                                         Granularity granularity) {
  return CounterDeltas(nullptr, dossier, granularity);
}

std::vector<CounterCell> CounterDeltas(const Dossier* before,
                                       const Dossier& after,
                                       Granularity granularity) {
  std::map<CellKey, int64_t> cells;
  if (before != nullptr) Accumulate(*before, granularity, -1, &cells);
  Accumulate(after, granularity, +1, &cells);
  return ToCells(cells);
}

}  // namespace motcua::core
