#include "service/warnings.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/local_time.h"
#include "core/status_macros.h"

namespace motcua::service {
namespace {

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;

// Every agency that may have received dossiers within `scope`: those of
// any unit that was ever below it, in any version of the catalogue (each
// dossier's own unit path at reception then decides). An agency scope is
// itself.
std::set<std::string> AgenciesOf(const core::CatalogueIndex& catalogue,
                                 const core::Scope& scope) {
  std::set<std::string> out;
  if (scope.kind == core::ScopeKind::kAgency) return {scope.code};
  const bool everything = scope.kind == core::ScopeKind::kDeployment;
  std::set<std::string> units = {scope.code};
  // Province, district, commune: two steps down reach every unit below.
  for (int depth = 0; depth < 2 && !everything; ++depth) {
    for (const core::Unit& u : catalogue.units()) {
      if (units.count(u.parent_code) > 0) units.insert(u.code);
    }
  }
  for (const core::Agency& a : catalogue.agencies()) {
    if (everything || units.count(a.unit_code) > 0) out.insert(a.code);
  }
  return out;
}

// Passes each dossier of the pages `query` selects to `visit`, which says
// whether it kept it, until `most` were kept (0: all of them): dossiers a
// visit passes over (a step whose clock is stopped, one outside the scope)
// do not use up the limit. Returns whether more were left unread.
absl::StatusOr<bool> Read(
    storage::Store& store, storage::DossierQuery query, int most,
    const std::function<absl::StatusOr<bool>(core::Dossier)>& visit) {
  int n = 0;
  for (;;) {
    MOTCUA_ASSIGN_OR_RETURN(storage::DossierPage page,
                            store.ListDossiers(query));
    for (core::Dossier& d : page.dossiers) {
      MOTCUA_ASSIGN_OR_RETURN(const bool kept, visit(std::move(d)));
      if (kept) ++n;
    }
    if (page.next_page_token.empty()) return false;
    if (most > 0 && n >= most) return true;
    query.page_token = std::move(page.next_page_token);
  }
}

std::optional<Urgency> UrgencyOf(const core::OpenDeadline& d,
                                 const core::DueSoonWindow& window) {
  if (d.overdue) return Urgency::kOverdue;
  if (core::IsDueSoon(d, window)) return Urgency::kDueSoon;
  return std::nullopt;
}

auto UrgencyKey(Urgency u, const core::OpenDeadline& d,
                const std::string& code) {
  return std::make_tuple(static_cast<int>(u), d.left, d.due, code);
}

// Keeps the first `limit` of `v`, saying in `truncated` when some go.
template <typename T>
void Keep(size_t limit, std::vector<T>* v, bool* truncated) {
  if (v->size() <= limit) return;
  v->resize(limit);
  *truncated = true;
}

}  // namespace

DeadlineWarnings::DeadlineWarnings(storage::Store& store, DomainState& domain,
                                   CatalogueState& catalogue,
                                   std::function<absl::Time()> clock)
    : store_(store),
      domain_(domain),
      catalogue_(catalogue),
      clock_(std::move(clock)) {}

absl::StatusOr<WarningList> DeadlineWarnings::List(
    const core::Principal& caller, const WarningsRequest& r) {
  const absl::Time now = clock_();
  const std::shared_ptr<const core::CatalogueIndex> catalogue =
      catalogue_.Get();
  MOTCUA_RETURN_IF_ERROR(core::CheckCanReadScope(
      caller, r.scope, catalogue->ContainsOn(core::LocalDay(now))));
  if (r.scope.kind != core::ScopeKind::kDeployment && r.scope.code.empty()) {
    return absl::InvalidArgumentError("scope.code is required");
  }
  if (r.limit < 0 || r.limit > kMaxLimit) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be 0 to ", kMaxLimit));
  }
  const int limit = r.limit == 0 ? kDefaultLimit : r.limit;
  const std::shared_ptr<const Domain> domain = domain_.Get();
  const core::WorkingCalendar& calendar = domain->calendar;
  WarningList out;
  out.as_of = now;
  MOTCUA_ASSIGN_OR_RETURN(const core::DueSoonWindow window,
                          core::DueSoonWindowAt(calendar, now, r.within));
  out.window = window.working_time;

  const bool unit_scope = r.scope.kind != core::ScopeKind::kAgency;
  std::set<std::string> seen;
  std::vector<DossierWarning> overdue, due_soon;
  // Files one dossier the indexes yielded (once, however often yielded);
  // true when it is overdue or due soon.
  auto consider = [&](core::Dossier d) -> absl::StatusOr<bool> {
    // Within the scope by its units at reception, and one the caller may
    // read (as ListDossiers filters).
    if ((unit_scope && !core::PathWithin(d.units, r.scope)) ||
        !core::CheckCanReadDossier(caller, d).ok() ||
        !seen.insert(d.code).second) {
      return false;
    }
    const core::DossierTimeline& t = d.timeline;
    absl::StatusOr<core::OpenDeadline> deadline =
        core::DossierDeadline(calendar, domain->rules, t, now);
    // Not open now: received after `now` (an event recorded by a clock
    // ahead of this one).
    if (absl::IsFailedPrecondition(deadline.status())) return false;
    if (!deadline.ok()) return deadline.status();
    const std::optional<Urgency> u = UrgencyOf(*deadline, window);
    if (!u.has_value()) return false;
    const bool needs_apology = t.apology_count == 0;
    (*u == Urgency::kOverdue ? overdue : due_soon)
        .push_back(
            {ViewFor(caller, std::move(d)), *u, *deadline, needs_apology});
    return true;
  };

  const std::set<std::string> agencies = AgenciesOf(*catalogue, r.scope);
  storage::DossierQuery q;
  q.page_size = limit;
  q.overdue_as_of = now;
  for (const std::string& agency : agencies) {
    q.scope = {core::ScopeKind::kAgency, agency};
    MOTCUA_ASSIGN_OR_RETURN(const bool more, Read(store_, q, limit, consider));
    out.truncated = out.truncated || more;
  }
  // Due days in order: a running dossier due on a day has less time left
  // than any due on a later day, so once `limit` are due soon the later
  // days cannot enter the list.
  q.overdue_as_of.reset();
  q.page_size = kMaxLimit;
  for (absl::CivilDay day = core::LocalDay(now);
       day <= core::LocalDay(window.end); ++day) {
    if (static_cast<int>(due_soon.size()) >= limit) {
      out.truncated = true;
      break;
    }
    q.due_on = day;
    for (const std::string& agency : agencies) {
      q.scope = {core::ScopeKind::kAgency, agency};
      MOTCUA_RETURN_IF_ERROR(Read(store_, q, 0, consider).status());
    }
  }

  // Steps held by the scope's agencies, whoever received the dossier, and
  // steps on the scope's dossiers, wherever held: the open-step index by
  // due day, so the most overdue come first.
  q.due_on.reset();
  q.page_size = limit;
  q.open_steps_due_by = core::LocalDay(window.end);
  std::set<std::string> seen_steps;
  // True when the dossier's step is overdue or due soon, and new here.
  auto consider_step = [&](core::Dossier d) -> absl::StatusOr<bool> {
    const core::DossierTimeline& t = d.timeline;
    const core::InterAgencyStep* s = core::OpenStep(t);
    if (s == nullptr) return false;
    const bool held_here = agencies.count(s->agency_code) > 0;
    const bool received_here = unit_scope ? core::PathWithin(d.units, r.scope)
                                          : d.agency_code == r.scope.code;
    if (!(held_here || received_here) || seen_steps.count(d.code) > 0) {
      return false;
    }
    MOTCUA_ASSIGN_OR_RETURN(
        const core::OpenDeadline step,
        core::OpenStepDeadline(calendar, domain->rules, t,
                               std::max(now, t.last_event_at)));
    const std::optional<Urgency> u = UrgencyOf(step, window);
    if (!u.has_value()) return false;
    seen_steps.insert(d.code);
    out.steps.push_back({s->agency_code, d.code, d.agency_code, s->allotted,
                         s->started_at, *u, step});
    return true;
  };
  for (const std::string& agency : agencies) {
    q.scope = {core::ScopeKind::kAgency, agency};
    MOTCUA_ASSIGN_OR_RETURN(const bool more,
                            Read(store_, q, limit, consider_step));
    out.truncated = out.truncated || more;
  }

  auto by_urgency = [](const DossierWarning& a, const DossierWarning& b) {
    return UrgencyKey(a.urgency, a.deadline, a.view.dossier.code) <
           UrgencyKey(b.urgency, b.deadline, b.view.dossier.code);
  };
  std::sort(overdue.begin(), overdue.end(), by_urgency);
  std::sort(due_soon.begin(), due_soon.end(), by_urgency);
  Keep(limit, &overdue, &out.truncated);
  Keep(limit, &due_soon, &out.truncated);
  out.dossiers = std::move(overdue);
  std::move(due_soon.begin(), due_soon.end(), std::back_inserter(out.dossiers));
  // The most urgent steps whoever holds them, then shown by holder.
  std::sort(out.steps.begin(), out.steps.end(),
            [](const StepWarning& a, const StepWarning& b) {
              return UrgencyKey(a.urgency, a.deadline, a.dossier_code) <
                     UrgencyKey(b.urgency, b.deadline, b.dossier_code);
            });
  Keep(limit, &out.steps, &out.truncated);
  std::stable_sort(out.steps.begin(), out.steps.end(),
                   [](const StepWarning& a, const StepWarning& b) {
                     return a.holder_agency_code < b.holder_agency_code;
                   });
  return out;
}

}  // namespace motcua::service
