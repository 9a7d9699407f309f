// StatisticsService over loopback gRPC equals an independent recount
// (tests/storage/recount.h) of random legal histories, for random scopes,
// breakdowns, periods and "now" instants, under both granularities
// (issue #5).
//
// The stores asked are tests/server/served_histories.h's: every history
// (asked after its last event) and the same histories cut at mid-day
// instants (asked at or after the cut).
#include <algorithm>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/local_time.h"
#include "gtest/gtest.h"
#include "server/api_codec.h"
#include "tests/server/served_histories.h"
#include "tests/storage/recount.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::server {
namespace {

using core::ScopeKind;
using testing::Describe;
using testing::LocalString;
using Breakdown = v1::GetReportRequest::Breakdown;

using testing::Deployment;
using testing::Histories;
using testing::kCuts;
using testing::kHistories;

absl::Time EndOfDay(absl::CivilDay d) {
  return core::FromLocal(absl::CivilSecond(d + 1)) - absl::Seconds(1);
}

const testing::World& TheWorld() {
  static const testing::World* world =
      new testing::World(testing::SmallProvince());
  return *world;
}

// One report and one rates call, asked at `now`.
struct Query {
  core::Scope scope;
  Breakdown breakdown = v1::GetReportRequest::BREAKDOWN_UNSPECIFIED;
  absl::CivilDay from, to;
  absl::Time now;
  bool monthly_rates = false;
};

std::string Describe(const Query& q) {
  return absl::StrCat("scope ", static_cast<int>(q.scope.kind), ":",
                      q.scope.code, " breakdown ",
                      v1::GetReportRequest::Breakdown_Name(q.breakdown), " ",
                      absl::FormatCivilTime(q.from), "..",
                      absl::FormatCivilTime(q.to), " now ", LocalString(q.now));
}

core::Form06 FromRow(const v1::Form06Row& r) {
  core::Form06 f;
  f.received_total = r.received_total();
  f.received_online = r.received_online();
  f.received_direct_postal = r.received_direct_postal();
  f.carried_over = r.carried_over();
  f.resolved_total = r.resolved_total();
  f.resolved_early = r.resolved_early();
  f.resolved_on_time = r.resolved_on_time();
  f.resolved_late = r.resolved_late();
  f.in_progress_total = r.in_progress_total();
  f.in_progress_within_time = r.in_progress_within_time();
  f.in_progress_overdue = r.in_progress_overdue();
  f.awaiting_supplement = r.awaiting_supplement();
  f.withdrawn = r.withdrawn();
  f.not_accepted = r.not_accepted();
  f.late_with_apology = r.late_with_apology();
  f.received_online_level3 = r.received_online_level3();
  f.received_online_level4 = r.received_online_level4();
  f.received_online_partial = r.received_online_partial();
  f.received_online_full = r.received_online_full();
  f.steps_early = r.steps_early();
  f.steps_on_time = r.steps_on_time();
  f.steps_late = r.steps_late();
  return f;
}

v1::Form06Row ToRow(const core::Form06& f) {
  v1::Form06Row r;
  r.set_received_total(f.received_total);
  r.set_received_online(f.received_online);
  r.set_received_direct_postal(f.received_direct_postal);
  r.set_carried_over(f.carried_over);
  r.set_resolved_total(f.resolved_total);
  r.set_resolved_early(f.resolved_early);
  r.set_resolved_on_time(f.resolved_on_time);
  r.set_resolved_late(f.resolved_late);
  r.set_in_progress_total(f.in_progress_total);
  r.set_in_progress_within_time(f.in_progress_within_time);
  r.set_in_progress_overdue(f.in_progress_overdue);
  r.set_awaiting_supplement(f.awaiting_supplement);
  r.set_withdrawn(f.withdrawn);
  r.set_not_accepted(f.not_accepted);
  r.set_late_with_apology(f.late_with_apology);
  r.set_received_online_level3(f.received_online_level3);
  r.set_received_online_level4(f.received_online_level4);
  r.set_received_online_partial(f.received_online_partial);
  r.set_received_online_full(f.received_online_full);
  r.set_steps_early(f.steps_early);
  r.set_steps_on_time(f.steps_on_time);
  r.set_steps_late(f.steps_late);
  return r;
}

// The count columns of Form06Row, by their field names.
std::vector<const google::protobuf::FieldDescriptor*> CountColumns() {
  std::vector<const google::protobuf::FieldDescriptor*> out;
  const google::protobuf::Descriptor* d = v1::Form06Row::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->cpp_type() ==
        google::protobuf::FieldDescriptor::CPPTYPE_INT64) {
      out.push_back(d->field(i));
    }
  }
  return out;
}

// The API's rates in the recount's words; a value that is not exactly
// numerator / denominator (0 for no data) is reported in the text.
std::string Describe(const v1::Rates& r) {
  std::string bad_values;
  auto f = [&](const v1::Rate& rate) {
    const double want = rate.denominator() == 0
                            ? 0
                            : static_cast<double>(rate.numerator()) /
                                  static_cast<double>(rate.denominator());
    if (rate.value() != want) {
      absl::StrAppend(&bad_values, " value ", rate.value(), " for ",
                      rate.numerator(), "/", rate.denominator());
    }
    return testing::Fraction{rate.numerator(), rate.denominator()};
  };
  testing::RecountedRates out{f(r.on_time()),        f(r.early()),
                              f(r.progress_index()), f(r.online_level3()),
                              f(r.online_level4()),  f(r.online_partial()),
                              f(r.online_full())};
  return testing::Describe(out) + bad_values;
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// A calendar month of the period, clipped to it, and the instant its
// point-in-time columns are judged at.
struct Month {
  std::string key;
  absl::CivilDay first, last;
  absl::Time as_of;
};

// The months of [from, to] that have begun by the as-of day; each is
// judged at its own end, the last one at the period's as-of instant.
std::vector<Month> MonthsOf(const Query& q, absl::CivilDay as_of_day,
                            absl::Time as_of) {
  std::vector<Month> out;
  for (absl::CivilMonth m(q.from); absl::CivilDay(m) <= q.to; ++m) {
    const absl::CivilDay first = std::max(q.from, absl::CivilDay(m));
    const absl::CivilDay last = std::min(q.to, absl::CivilDay(m + 1) - 1);
    if (first > as_of_day) break;
    out.push_back({absl::StrFormat("%04d-%02d", m.year(), m.month()), first,
                   last, last < as_of_day ? EndOfDay(last) : as_of});
  }
  return out;
}

// What one row of a report recounts: a scope, a dimension code and a
// period judged at an instant.
struct RowSpec {
  core::Scope scope;
  core::Dimension dimension = core::Dimension::kTotal;
  std::string code;
  absl::CivilDay from, to;
  absl::Time as_of;

  core::Form06 Recount(const std::vector<core::Dossier>& dossiers,
                       core::Granularity g) const {
    return testing::Recount(dossiers, g, scope, dimension, code, from, to,
                            as_of);
  }
};

// The rows a report of `q` may hold, keyed (a field or procedure row only
// when its figures are not all zero). A child unit or agency row holds
// that unit's or agency's own figures.
std::map<std::string, RowSpec> RowSpecs(const Query& q,
                                        absl::CivilDay as_of_day,
                                        absl::Time as_of) {
  const testing::World& world = TheWorld();
  std::map<std::string, RowSpec> rows;
  auto spec = [&](const core::Scope& scope, core::Dimension dim,
                  const std::string& code) {
    return RowSpec{scope, dim, code, q.from, q.to, as_of};
  };
  switch (q.breakdown) {
    case v1::GetReportRequest::BREAKDOWN_UNSPECIFIED:
    case v1::GetReportRequest::FIELD:
      for (const core::Field& f : world.fields) {
        rows[f.code] = spec(q.scope, core::Dimension::kField, f.code);
      }
      break;
    case v1::GetReportRequest::PROCEDURE:
      for (const core::Procedure& p : world.procedures) {
        rows[p.code] = spec(q.scope, core::Dimension::kProcedure, p.code);
      }
      break;
    case v1::GetReportRequest::CHILD_UNIT:
      // Units under the scope on some day of the period, and its own
      // agencies.
      for (const core::Unit& u : world.units) {
        if (u.parent_code != q.scope.code) continue;
        if (u.validity.valid_from > q.to ||
            (u.validity.valid_to && *u.validity.valid_to <= q.from)) {
          continue;
        }
        const ScopeKind kind =
            u.level == core::UnitLevel::kProvince   ? ScopeKind::kProvince
            : u.level == core::UnitLevel::kDistrict ? ScopeKind::kDistrict
                                                    : ScopeKind::kCommune;
        rows[u.code] = spec({kind, u.code}, core::Dimension::kTotal, "");
      }
      for (const core::Agency& a : world.agencies) {
        if (a.unit_code != q.scope.code) continue;
        rows[a.code] =
            spec({ScopeKind::kAgency, a.code}, core::Dimension::kTotal, "");
      }
      break;
    case v1::GetReportRequest::AGENCY:
      // Agencies in force and within the scope on the period's first or
      // last day, whatever the scope.
      for (const core::Agency& a : world.agencies) {
        const core::Scope& s = q.scope;
        auto within_on = [&](absl::CivilDay day) {
          if (!a.validity.Covers(day)) return false;
          const core::UnitPath path = world.PathOf(a.code, day);
          return s.kind == ScopeKind::kDeployment ||
                 (s.kind == ScopeKind::kProvince && path.province == s.code) ||
                 (s.kind == ScopeKind::kDistrict && path.district == s.code) ||
                 (s.kind == ScopeKind::kCommune && path.commune == s.code) ||
                 (s.kind == ScopeKind::kAgency && a.code == s.code);
        };
        if (within_on(q.from) || within_on(q.to)) {
          rows[a.code] =
              spec({ScopeKind::kAgency, a.code}, core::Dimension::kTotal, "");
        }
      }
      break;
    case v1::GetReportRequest::MONTH:
      for (const Month& m : MonthsOf(q, as_of_day, as_of)) {
        rows[m.key] = RowSpec{
            q.scope, core::Dimension::kTotal, "", m.first, m.last, m.as_of};
      }
      break;
    default:
      break;
  }
  return rows;
}

// The rows a report of `q` should hold, keyed, as recounted.
std::map<std::string, core::Form06> ExpectedRows(
    const std::vector<core::Dossier>& dossiers, core::Granularity g,
    const std::map<std::string, RowSpec>& specs, Breakdown breakdown) {
  std::map<std::string, core::Form06> rows;
  const bool by_code = breakdown == v1::GetReportRequest::PROCEDURE ||
                       breakdown == v1::GetReportRequest::FIELD ||
                       breakdown == v1::GetReportRequest::BREAKDOWN_UNSPECIFIED;
  for (const auto& [key, spec] : specs) {
    const core::Form06 f = spec.Recount(dossiers, g);
    // A code with nothing to show has no row.
    if (!by_code || !(f == core::Form06())) rows[key] = f;
  }
  return rows;
}

// What the queries of a test found.
struct Tally {
  int queries = 0;
  int judged_now = 0;  // the period had not ended: judged as of now
  int rows = 0;
  int rates = 0;
  int overdue = 0;          // the total had open overdue work
  int instant_matters = 0;  // judging at the end of today would differ
  int cells = 0;            // drill-down cells listed and compared
  int listed = 0;           // dossiers those cells listed
  int mismatched = 0;
  std::string failures;  // the first few, in full

  std::string Summary() const {
    return absl::StrCat(queries, " queries (", judged_now, " as of now), ",
                        rows, " report rows and ", rates, " rates compared, ",
                        cells, " cells drilled down (", listed,
                        " dossiers listed), ", overdue,
                        " with open overdue work, ", instant_matters,
                        " where the instant of today matters");
  }
};

// Lists every count cell of the total and of each row in `rows` through
// ListReportDossiers and compares each with the dossiers an independent
// recount puts in it, dossier by dossier (a dossier counted n times is
// listed n times); pages of a random size, every page followed.
void CheckCells(Deployment& d, core::Granularity g, const Query& q,
                const v1::GetReportRequest& request,
                const std::map<std::string, RowSpec>& specs,
                const std::map<std::string, core::Form06>& rows,
                absl::Time as_of, int page_size, Tally& tally,
                std::string& diffs) {
  const std::vector<core::Dossier>& dossiers = d.dossiers();
  std::map<std::string, RowSpec> cells_of;
  cells_of[""] =
      RowSpec{q.scope, core::Dimension::kTotal, "", q.from, q.to, as_of};
  for (const auto& [key, form] : rows) cells_of[key] = specs.at(key);
  for (const auto& [key, spec] : cells_of) {
    // Each dossier's own share of the row, recounted.
    std::vector<std::pair<std::string, v1::Form06Row>> shares;
    for (const core::Dossier& dossier : dossiers) {
      const core::Form06 f = spec.Recount({dossier}, g);
      if (!(f == core::Form06())) shares.emplace_back(dossier.code, ToRow(f));
    }
    for (const google::protobuf::FieldDescriptor* column : CountColumns()) {
      std::multiset<std::string> want;
      for (const auto& [code, row] : shares) {
        const int64_t n = row.GetReflection()->GetInt64(row, column);
        for (int64_t k = 0; k < n; ++k) want.insert(code);
      }
      v1::ListReportDossiersRequest r;
      *r.mutable_scope() = request.scope();
      *r.mutable_period() = request.period();
      r.set_breakdown(request.breakdown());
      r.set_row(key);
      r.set_column(column->name());
      r.set_page_size(page_size);
      std::multiset<std::string> got;
      int64_t total_size = -1;
      for (int pages = 0; pages < 10000; ++pages) {
        v1::ListReportDossiersResponse page;
        grpc::Status s = d.Cell(r, &page);
        if (!s.ok()) {
          absl::StrAppend(&diffs, "\n  cell ", key, "/", column->name(), ": ",
                          s.error_message());
          return;
        }
        if (total_size < 0) total_size = page.total_size();
        for (const v1::Dossier& listed : page.dossiers()) {
          got.insert(listed.code());
        }
        if (page.next_page_token().empty()) break;
        r.set_page_token(page.next_page_token());
      }
      ++tally.cells;
      tally.listed += static_cast<int>(got.size());
      if (got != want || total_size != static_cast<int64_t>(want.size())) {
        std::string missing, extra;
        for (const std::string& c : want) {
          if (got.count(c) < want.count(c)) absl::StrAppend(&missing, " ", c);
        }
        for (const std::string& c : got) {
          if (want.count(c) < got.count(c)) absl::StrAppend(&extra, " ", c);
        }
        absl::StrAppend(&diffs, "\n  cell ", key.empty() ? "total" : key, "/",
                        column->name(), ": want ", want.size(), " got ",
                        got.size(), " (total_size ", total_size,
                        "); missing:", missing.substr(0, 200),
                        "; extra:", extra.substr(0, 200));
      }
    }
  }
}

// Asks `q` and compares the report (as of, total and every row) and the
// rates (total and months) with the recount.
void Check(Deployment& d, core::Granularity g, const Query& q, Tally& tally,
           int drill_page_size = 0) {
  d.SetNow(q.now);
  const absl::CivilDay today = core::LocalDay(q.now);
  const absl::CivilDay as_of_day = std::min(q.to, today);
  const absl::Time as_of = q.to < today ? EndOfDay(q.to) : q.now;
  const std::vector<core::Dossier>& dossiers = d.dossiers();

  v1::GetReportRequest request;
  *request.mutable_scope() = ToProto(q.scope);
  ToProto(q.from, request.mutable_period()->mutable_from());
  ToProto(q.to, request.mutable_period()->mutable_to());
  request.set_breakdown(q.breakdown);
  v1::Report report;
  grpc::Status s = d.Report(request, &report);
  ASSERT_TRUE(s.ok()) << Describe(q) << ": " << s.error_message();
  v1::GetRatesRequest rates_request;
  *rates_request.mutable_scope() = request.scope();
  *rates_request.mutable_period() = request.period();
  rates_request.set_monthly(q.monthly_rates);
  v1::RatesReport rates;
  s = d.Rates(rates_request, &rates);
  ASSERT_TRUE(s.ok()) << Describe(q) << ": " << s.error_message();

  std::string diffs;
  auto compare = [&](const std::string& what, const std::string& want,
                     const std::string& got) {
    if (want != got) {
      absl::StrAppend(&diffs, "\n  ", what, "\n    want ", want, "\n    got  ",
                      got);
    }
  };
  compare("report as of", LocalString(as_of),
          LocalString(FromTimestamp(report.as_of())));
  compare("rates as of", LocalString(as_of),
          LocalString(FromTimestamp(rates.as_of())));
  const core::Form06 total = testing::Recount(
      dossiers, g, q.scope, core::Dimension::kTotal, "", q.from, q.to, as_of);
  compare("total", Describe(total), Describe(FromRow(report.total())));
  std::map<std::string, core::Form06> got;
  for (const v1::Form06Row& row : report.rows()) {
    if (!got.emplace(row.key(), FromRow(row)).second) {
      compare("row " + row.key(), "once", "twice");
    }
  }
  const std::map<std::string, RowSpec> specs = RowSpecs(q, as_of_day, as_of);
  const std::map<std::string, core::Form06> want =
      ExpectedRows(dossiers, g, specs, q.breakdown);
  for (const auto& [key, form] : want) {
    auto it = got.find(key);
    compare("row " + key, Describe(form),
            it == got.end() ? "no row" : Describe(it->second));
  }
  for (const auto& [key, form] : got) {
    if (!want.count(key)) compare("row " + key, "no row", Describe(form));
  }
  if (drill_page_size > 0) {
    CheckCells(d, g, q, request, specs, want, as_of, drill_page_size, tally,
               diffs);
  }
  compare("rates", testing::Describe(testing::RecountRates(total)),
          Describe(rates.total()));
  const std::vector<Month> months =
      q.monthly_rates ? MonthsOf(q, as_of_day, as_of) : std::vector<Month>();
  compare("rates months", std::to_string(months.size()),
          std::to_string(rates.months_size()));
  for (size_t i = 0; i < months.size() && i < size_t(rates.months_size());
       ++i) {
    const Month& m = months[i];
    compare("rates " + m.key,
            m.key + " " +
                testing::Describe(testing::RecountRates(testing::Recount(
                    dossiers, g, q.scope, core::Dimension::kTotal, "", m.first,
                    m.last, m.as_of))),
            rates.months(i).key() + " " + Describe(rates.months(i)));
  }

  ++tally.queries;
  tally.judged_now += as_of == q.now;
  tally.rows += static_cast<int>(want.size());
  tally.rates += 1 + static_cast<int>(months.size());
  tally.overdue += total.in_progress_overdue > 0;
  tally.instant_matters +=
      total.in_progress_overdue !=
      testing::Recount(dossiers, g, q.scope, core::Dimension::kTotal, "",
                       q.from, q.to, EndOfDay(as_of_day))
          .in_progress_overdue;
  if (!diffs.empty()) {
    if (++tally.mismatched <= 5) {
      absl::StrAppend(&tally.failures, "\n", Describe(q), diffs);
    }
  }
}

// Random queries: scopes, breakdowns and period shapes.
class QueryMaker {
 public:
  explicit QueryMaker(uint64_t seed) : random_(seed) {
    scopes_ = {{ScopeKind::kDeployment, ""}, {ScopeKind::kProvince, "42"}};
    for (const char* d : {"436", "437"}) {
      scopes_.push_back({ScopeKind::kDistrict, d});
    }
    for (const char* c : {"18070", "18073", "18352", "18355"}) {
      scopes_.push_back({ScopeKind::kCommune, c});
    }
    for (const core::Agency& a : TheWorld().agencies) {
      scopes_.push_back({ScopeKind::kAgency, a.code});
    }
  }

  // A query at `now`; `running`: its period holds today (judged as of
  // now), else it is anchored on a past day (and usually over).
  Query Make(absl::Time now, bool running) {
    Query q;
    q.now = now;
    q.scope = scopes_[random_() % scopes_.size()];
    // The deployment's child-unit rows are checked apart, by
    // DeploymentChildUnitRows: they are wrong today.
    do {
      q.breakdown = kBreakdowns[random_() % std::size(kBreakdowns)];
    } while (q.scope.kind == ScopeKind::kDeployment &&
             q.breakdown == v1::GetReportRequest::CHILD_UNIT);
    q.monthly_rates = random_() % 2 == 0;
    const absl::CivilDay today = core::LocalDay(now);
    const absl::CivilDay anchor =
        running ? today : today - 1 - static_cast<int>(random_() % 800);
    const absl::CivilMonth month(anchor);
    switch (random_() % 4) {
      case 0:  // any range
        q.from = anchor - static_cast<int>(random_() % 500);
        q.to = running ? anchor + static_cast<int>(random_() % 120) : anchor;
        break;
      case 1:  // a whole year
        q.from = absl::CivilDay(anchor.year(), 1, 1);
        q.to = absl::CivilDay(anchor.year(), 12, 31);
        break;
      case 2:  // a month
        q.from = absl::CivilDay(month);
        q.to = absl::CivilDay(month + 1) - 1;
        break;
      default: {  // a quarter
        const absl::CivilMonth first(anchor.year(),
                                     (anchor.month() - 1) / 3 * 3 + 1);
        q.from = absl::CivilDay(first);
        q.to = absl::CivilDay(first + 3) - 1;
      }
    }
    return q;
  }

  // An instant after 17:00 on `base`'s day or, if that has passed, the
  // next day's: no work is due later in the day.
  absl::Time Evening(absl::Time base, int days_later = 0) {
    absl::CivilDay day = core::LocalDay(base) + days_later;
    for (;; ++day) {
      const absl::Time t = core::FromLocal(absl::CivilSecond(day) + 17 * 3600 +
                                           1 + random_() % (7 * 3600 - 2));
      if (t >= base) return t;
    }
  }
  // Any instant up to 40 days after `base`.
  absl::Time Later(absl::Time base) {
    return base + absl::Seconds(random_() % (40 * 86400));
  }
  int Below(int n) { return static_cast<int>(random_() % n); }

 private:
  static constexpr Breakdown kBreakdowns[] = {
      v1::GetReportRequest::BREAKDOWN_UNSPECIFIED,
      v1::GetReportRequest::FIELD,
      v1::GetReportRequest::CHILD_UNIT,
      v1::GetReportRequest::PROCEDURE,
      v1::GetReportRequest::MONTH,
      v1::GetReportRequest::AGENCY};
  std::mt19937_64 random_;
  std::vector<core::Scope> scopes_;
};

class StatisticsRandomTest : public ::testing::Test {
 protected:
  // The histories under granularity `g` and `supplement`, built once for
  // the whole suite.
  static Histories* For(core::Granularity g, core::SupplementRule supplement =
                                                 core::SupplementRule::kPause) {
    std::unique_ptr<Histories>& h = built_[{g, supplement}];
    if (!h) {
      h = std::make_unique<Histories>();
      core::DomainRules rules;
      rules.granularity = g;
      rules.supplement = supplement;
      absl::Status s = testing::BuildHistories(rules, *h);
      if (!s.ok()) {
        ADD_FAILURE() << s;
        h.reset();
        return nullptr;
      }
    }
    return h.get();
  }
  static void TearDownTestSuite() { built_.clear(); }

  // A "now" at or after `d`'s cut where judging at the end of today and at
  // the instant agree under `g` (DATE: any; INSTANT: after the day's
  // working time).
  static absl::Time NowFor(core::Granularity g, QueryMaker& maker,
                           const Deployment& d) {
    if (g == core::Granularity::kInstant) {
      return maker.Evening(d.cut, maker.Below(3) == 0 ? maker.Below(40) : 0);
    }
    switch (maker.Below(3)) {
      case 0:
        return d.cut;
      case 1:
        return maker.Evening(d.cut);
      default:
        return maker.Later(d.cut);
    }
  }

  // The main check: queries over the live store and every cut.
  static void CheckEverything(
      core::Granularity g,
      core::SupplementRule supplement = core::SupplementRule::kPause) {
    Histories* h = For(g, supplement);
    ASSERT_NE(h, nullptr);
    QueryMaker maker(3 + static_cast<int>(g));
    Tally tally;
    auto now = [&](const Deployment& d) { return NowFor(g, maker, d); };
    // Every fourth query also drills into every cell, in pages of a
    // random size.
    auto drill = [&](int i) { return i % 4 == 0 ? 1 + maker.Below(80) : 0; };
    for (int i = 0; i < 120; ++i) {
      Check(h->live, g, maker.Make(now(h->live), maker.Below(3) == 0), tally,
            drill(i));
    }
    for (const auto& cut : h->cuts) {
      for (int i = 0; i < 45; ++i) {
        Check(*cut, g, maker.Make(now(*cut), maker.Below(2) == 0), tally,
              drill(i));
      }
    }
    std::cout << "statistics API vs recount: " << tally.Summary() << " over "
              << kHistories << " histories and " << h->cuts.size() << " cuts\n";
    EXPECT_EQ(tally.mismatched, 0) << tally.failures;
    EXPECT_EQ(h->cuts.size(), size_t{kCuts});
    EXPECT_EQ(tally.queries, 120 + 45 * kCuts);
    EXPECT_GT(tally.judged_now, 60);
    EXPECT_GT(tally.overdue, 100);
    EXPECT_GT(tally.rows, 1000);
    EXPECT_GT(tally.cells, 2000);
    EXPECT_GT(tally.listed, 20000);
  }

  using Rules = std::pair<core::Granularity, core::SupplementRule>;
  static std::map<Rules, std::unique_ptr<Histories>> built_;
};

std::map<StatisticsRandomTest::Rules, std::unique_ptr<Histories>>
    StatisticsRandomTest::built_;

TEST_F(StatisticsRandomTest, DateApiEqualsABruteForceRecount) {
  CheckEverything(core::Granularity::kDate);
}

TEST_F(StatisticsRandomTest, InstantApiEqualsABruteForceRecount) {
  CheckEverything(core::Granularity::kInstant);
}

// Under RESTART a supplement recounts the whole processing time from its
// arrival: other due instants, so other cells, the same exactness.
TEST_F(StatisticsRandomTest, RestartDateApiEqualsABruteForceRecount) {
  CheckEverything(core::Granularity::kDate, core::SupplementRule::kRestart);
}

TEST_F(StatisticsRandomTest, RestartInstantApiEqualsABruteForceRecount) {
  CheckEverything(core::Granularity::kInstant, core::SupplementRule::kRestart);
}

// Under INSTANT, asked mid-day inside a running period: open work is
// judged at that instant, so a dossier due later today is still within
// time. Every cut lies shortly before such a dossier's due instant.
TEST_F(StatisticsRandomTest, InstantNowJudgesAtTheInstant) {
  const core::Granularity g = core::Granularity::kInstant;
  Histories* h = For(g);
  ASSERT_NE(h, nullptr);
  QueryMaker maker(17);
  Tally tally;
  for (const auto& cut : h->cuts) {
    for (int i = 0; i < 25; ++i) {
      Check(*cut, g, maker.Make(cut->cut, /*running=*/true), tally,
            /*drill_page_size=*/i % 2 == 0 ? 50 : 0);
    }
  }
  std::cout << "statistics API vs recount, INSTANT mid-day: " << tally.Summary()
            << "\n";
  EXPECT_EQ(tally.mismatched, 0) << tally.failures;
  EXPECT_EQ(tally.judged_now, 25 * kCuts);
  EXPECT_GT(tally.instant_matters, 10);
  EXPECT_GT(tally.cells, 500);
}

// The deployment's child units are its provinces: the row of province 42
// holds the province's figures. Fails today: the service reads the row as
// a commune "42" and shows zeros.
TEST_F(StatisticsRandomTest, DeploymentChildUnitRows) {
  const core::Granularity g = core::Granularity::kDate;
  Histories* h = For(g);
  ASSERT_NE(h, nullptr);
  QueryMaker maker(23);
  Tally tally;
  std::vector<Deployment*> all = {&h->live};
  for (const auto& cut : h->cuts) all.push_back(cut.get());
  for (Deployment* d : all) {
    for (int i = 0; i < 5; ++i) {
      Query q = maker.Make(NowFor(g, maker, *d), maker.Below(2) == 0);
      q.scope = {ScopeKind::kDeployment, ""};
      q.breakdown = v1::GetReportRequest::CHILD_UNIT;
      Check(*d, g, q, tally, /*drill_page_size=*/1000);
    }
  }
  std::cout << "statistics API vs recount, deployment child units: "
            << tally.Summary() << "\n";
  EXPECT_EQ(tally.mismatched, 0) << tally.failures;
  EXPECT_GT(tally.overdue, 10);
}

}  // namespace
}  // namespace motcua::server
