#include "tests/storage/recount.h"

#include "absl/strings/str_cat.h"
#include "core/local_time.h"

namespace motcua::testing {
namespace {

using core::DossierStatus;
using core::ScopeKind;

// Whether a dossier open at `at` is overdue then (DOMAIN.md section 6).
// Its due moves only when a wait ends, so the due in force at `at` is the
// one recorded when the first wait not over by `at` began (or the final
// due when every wait is over). While waiting no time runs against it: it
// is judged as it stood when the wait began.
bool OverdueAt(core::Granularity granularity, const core::DossierTimeline& t,
               absl::Time at) {
  absl::Time due = *t.due_at;
  absl::Time judged_at = at;
  for (const core::ClockPause& p : t.pauses) {
    if (p.ended_at && *p.ended_at <= at) continue;
    due = p.due_at_start;
    if (p.started_at <= at) judged_at = p.started_at;
    break;
  }
  if (granularity == core::Granularity::kDate) {
    return core::LocalDay(judged_at) > core::LocalDay(due);
  }
  return judged_at > due;
}

}  // namespace

std::string Describe(const core::Form06& f) {
  return absl::StrCat(
      "received ", f.received_total, " (online ", f.received_online,
      ", direct/postal ", f.received_direct_postal, ", carried ",
      f.carried_over, ") resolved ", f.resolved_total, " (", f.resolved_early,
      "/", f.resolved_on_time, "/", f.resolved_late, ") in progress ",
      f.in_progress_total, " (within ", f.in_progress_within_time, ", overdue ",
      f.in_progress_overdue, ") awaiting ", f.awaiting_supplement,
      " withdrawn ", f.withdrawn, " not accepted ", f.not_accepted,
      " late+apology ", f.late_with_apology, " L3 ", f.received_online_level3,
      " L4 ", f.received_online_level4, " partial ", f.received_online_partial,
      " full ", f.received_online_full, " steps ", f.steps_early, "/",
      f.steps_on_time, "/", f.steps_late);
}

bool InScope(const core::Dossier& d, const core::Scope& s) {
  switch (s.kind) {
    case ScopeKind::kDeployment:
      return true;
    case ScopeKind::kProvince:
      return d.units.province == s.code;
    case ScopeKind::kDistrict:
      return d.units.district == s.code;
    case ScopeKind::kCommune:
      return d.units.commune == s.code;
    case ScopeKind::kAgency:
      return d.agency_code == s.code;
  }
  return false;
}

bool InDimension(const core::Dossier& d, core::Dimension dim,
                 const std::string& code) {
  return dim == core::Dimension::kTotal ||
         (dim == core::Dimension::kField && d.procedure.field_code == code) ||
         (dim == core::Dimension::kProcedure && d.procedure.code == code);
}

core::Form06 Recount(const std::vector<core::Dossier>& dossiers,
                     core::Granularity granularity, const core::Scope& scope,
                     core::Dimension dim, const std::string& code,
                     absl::CivilDay from, absl::CivilDay to, absl::Time as_of) {
  core::Form06 f;
  auto in = [&](absl::Time t) {
    const absl::CivilDay d = core::LocalDay(t);
    return from <= d && d <= to;
  };
  for (const core::Dossier& d : dossiers) {
    if (!InDimension(d, dim, code)) continue;
    const core::DossierTimeline& t = d.timeline;
    // An agency's steps count wherever the dossier was received.
    if (scope.kind == ScopeKind::kAgency) {
      for (const core::InterAgencyStep& s : t.steps) {
        if (s.agency_code != scope.code || !s.finished_at ||
            !in(*s.finished_at)) {
          continue;
        }
        if (*s.timeliness == core::Timeliness::kEarly) ++f.steps_early;
        if (*s.timeliness == core::Timeliness::kOnTime) ++f.steps_on_time;
        if (*s.timeliness == core::Timeliness::kLate) ++f.steps_late;
      }
    }
    if (!InScope(d, scope)) continue;
    if (t.status == DossierStatus::kNotAccepted && in(t.last_event_at)) {
      ++f.not_accepted;
    }
    if (!t.received_at) continue;
    if (in(*t.received_at)) {
      if (d.channel == core::Channel::kOnline) {
        ++f.received_online;
        if (d.procedure.online_level == 3) ++f.received_online_level3;
        if (d.procedure.online_level == 4) ++f.received_online_level4;
        if (d.procedure.online_class == core::OnlineClass::kPartial) {
          ++f.received_online_partial;
        }
        if (d.procedure.online_class == core::OnlineClass::kFull) {
          ++f.received_online_full;
        }
      } else {
        ++f.received_direct_postal;
      }
    }
    if (core::LocalDay(*t.received_at) < from &&
        (!t.finished_at || core::LocalDay(*t.finished_at) >= from)) {
      ++f.carried_over;
    }
    if (t.finished_at && in(*t.finished_at)) {
      ++f.resolved_total;
      if (*t.timeliness == core::Timeliness::kEarly) ++f.resolved_early;
      if (*t.timeliness == core::Timeliness::kOnTime) ++f.resolved_on_time;
      if (*t.timeliness == core::Timeliness::kLate) {
        ++f.resolved_late;
        if (t.apology_count > 0) ++f.late_with_apology;
      }
      if (t.status == DossierStatus::kWithdrawn) ++f.withdrawn;
    }
    const bool open =
        *t.received_at <= as_of && (!t.finished_at || *t.finished_at > as_of);
    if (!open) continue;
    ++f.in_progress_total;
    if (OverdueAt(granularity, t, as_of)) {
      ++f.in_progress_overdue;
    } else {
      ++f.in_progress_within_time;
    }
    for (const core::ClockPause& p : t.pauses) {
      if (p.kind == DossierStatus::kAwaitingSupplement &&
          p.started_at <= as_of && (!p.ended_at || *p.ended_at > as_of)) {
        ++f.awaiting_supplement;
      }
    }
  }
  f.received_total =
      f.received_online + f.received_direct_postal + f.carried_over;
  return f;
}

RecountedRates RecountRates(const core::Form06& f) {
  // Carried-over dossiers were not received in the period: they are in
  // neither side of the online ratios.
  const int64_t received = f.received_online + f.received_direct_postal;
  const int64_t in_time = f.resolved_early + f.resolved_on_time;
  RecountedRates r;
  r.on_time = {in_time, f.resolved_total};
  r.early = {f.resolved_early, f.resolved_total};
  r.progress_index = {in_time + f.in_progress_within_time,
                      f.resolved_total + f.in_progress_total};
  r.online_level3 = {f.received_online_level3, received};
  r.online_level4 = {f.received_online_level4, received};
  r.online_partial = {f.received_online_partial, received};
  r.online_full = {f.received_online_full, received};
  return r;
}

std::string Describe(const RecountedRates& r) {
  auto s = [](const Fraction& f) {
    return absl::StrCat(f.numerator, "/", f.denominator);
  };
  return absl::StrCat("on time ", s(r.on_time), " early ", s(r.early),
                      " progress ", s(r.progress_index), " L3 ",
                      s(r.online_level3), " L4 ", s(r.online_level4),
                      " partial ", s(r.online_partial), " full ",
                      s(r.online_full));
}

}  // namespace motcua::testing
