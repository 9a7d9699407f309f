#include "tests/server/served_histories.h"

#include <algorithm>
#include <optional>
#include <random>

#include "absl/strings/str_cat.h"
#include "core/dossier_history.h"
#include "core/local_time.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/server_builder.h"
#include "service/tokens.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::testing {

Deployment::~Deployment() {
  if (server_) server_->Shutdown();
}

absl::Status Deployment::Open(const std::string& directory,
                              core::Granularity g) {
  core::DomainRules rules;
  rules.granularity = g;
  return Open(directory, rules);
}

absl::Status Deployment::Open(const std::string& directory,
                              const core::DomainRules& rules) {
  storage::RocksDbStoreOptions options;
  options.sync_writes = false;  // nothing here needs to survive power loss
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::OpenRocksDbStore(directory, options);
  if (!store.ok()) return store.status();
  store_ = *std::move(store);
  core::Settings settings;
  settings.rules = rules;
  absl::Status s = store_->PutSettings(settings);
  if (s.ok()) s = LoadWorld(SmallProvince(), *store_);
  for (int y = 2020; y <= 2027 && s.ok(); ++y) {
    s = store_->PutCalendarYear(ShippedYear(y));
  }
  if (!s.ok()) return s;
  absl::StatusOr<service::NewToken> token = service::GenerateToken(
      {"admin", core::Role::kAdmin, {}, {}}, absl::Now());
  if (!token.ok()) return token.status();
  admin_ = token->secret;
  return store_->PutToken(token->stored);
}

void Deployment::Serve(std::vector<core::Dossier> dossiers) {
  dossiers_ = std::move(dossiers);
  app_ = *service::Application::Create(*store_, service::TimePolicy(), [this] {
    absl::MutexLock lock(&mu_);
    return now_;
  });
  service_ = std::make_unique<server::StatisticsServiceImpl>(*app_, nullptr);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  stub_ = v1::StatisticsService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
}

void Deployment::SetNow(absl::Time now) {
  absl::MutexLock lock(&mu_);
  now_ = now;
}

grpc::Status Deployment::Report(const v1::GetReportRequest& r,
                                v1::Report* out) {
  return Ask(&v1::StatisticsService::Stub::GetReport, r, out);
}

grpc::Status Deployment::Rates(const v1::GetRatesRequest& r,
                               v1::RatesReport* out) {
  return Ask(&v1::StatisticsService::Stub::GetRates, r, out);
}

grpc::Status Deployment::Cell(const v1::ListReportDossiersRequest& r,
                              v1::ListReportDossiersResponse* out) {
  return Ask(&v1::StatisticsService::Stub::ListReportDossiers, r, out);
}

grpc::Status Deployment::Warnings(const v1::ListDeadlineWarningsRequest& r,
                                  v1::ListDeadlineWarningsResponse* out,
                                  const std::string& token) {
  return Ask(&v1::StatisticsService::Stub::ListDeadlineWarnings, r, out, token);
}

std::string Deployment::Token(const core::Principal& p) {
  absl::StatusOr<service::NewToken> t = service::GenerateToken(p, absl::Now());
  if (!t.ok() || !store_->PutToken(t->stored).ok()) return "";
  return t->secret;
}

namespace {

// The part of a stored history that happened by `cut`, as an import
// carries it; nullopt when the dossier was created after `cut`. It starts
// under its creation day's unit path: an online submission takes its
// reception day's path only when received.
std::optional<core::HistoricalDossier> HistoryUntil(
    const World& world, const core::Dossier& d,
    const std::vector<core::DossierEvent>& events, absl::Time cut) {
  const core::DossierEvent& first = events.front();
  if (first.occurred_at > cut) return std::nullopt;
  core::HistoricalDossier h;
  h.created = {d.code,
               d.agency_code,
               d.channel,
               d.procedure,
               world.PathOf(d.agency_code, core::LocalDay(first.occurred_at)),
               d.applicant,
               first.occurred_at,
               first.to == core::DossierStatus::kSubmitted};
  h.created_by = {first.principal, first.note};
  h.reception_procedure = d.procedure;
  h.reception_units = d.units;
  for (size_t i = 1; i < events.size() && events[i].occurred_at <= cut; ++i) {
    const core::DossierEvent& e = events[i];
    h.events.push_back({e.kind,
                        e.occurred_at,
                        e.to,
                        e.outcome,
                        e.new_due_at,
                        e.step_agency_code,
                        e.step_allotted,
                        {e.principal, e.note}});
  }
  return h;
}

// Mid-day cut instants shortly before a dossier, open then, falls due
// later that day: one per stretch of the data.
std::vector<absl::Time> CutInstants(const std::vector<core::Dossier>& dossiers,
                                    std::mt19937_64& random) {
  const absl::CivilDay first(2024, 2, 1), last(2025, 12, 15);
  const int stretch = static_cast<int>((last - first) / kCuts);
  std::vector<std::vector<absl::Time>> candidates(kCuts);
  for (const core::Dossier& d : dossiers) {
    const core::DossierTimeline& t = d.timeline;
    if (!t.due_at) continue;
    const absl::CivilSecond due = core::LocalSecond(*t.due_at);
    const absl::Time cut = *t.due_at - absl::Minutes(15 + random() % 100);
    const int k = static_cast<int>((absl::CivilDay(due) - first) / stretch);
    // Open at the cut with every wait over: the due in force then is the
    // final one.
    const bool waits_over = std::all_of(
        t.pauses.begin(), t.pauses.end(), [&](const core::ClockPause& p) {
          return p.ended_at && *p.ended_at <= cut;
        });
    if (due.hour() < 9 || k < 0 || k >= kCuts || *t.received_at >= cut ||
        (t.finished_at && *t.finished_at <= cut) || !waits_over) {
      continue;
    }
    candidates[k].push_back(cut);
  }
  std::vector<absl::Time> out;
  for (const std::vector<absl::Time>& c : candidates) {
    if (!c.empty()) out.push_back(c[random() % c.size()]);
  }
  return out;
}

}  // namespace

absl::Status BuildHistories(const core::DomainRules& rules, Histories& h) {
  const World world = SmallProvince();
  absl::Status s = h.live.Open(h.dir.Sub("live"), rules);
  if (!s.ok()) return s;
  HistoryGenerator generator(
      world, ShippedCalendar(), rules,
      5 + static_cast<int>(rules.granularity) +
          (rules.supplement == core::SupplementRule::kRestart ? 10 : 0));
  std::vector<core::Dossier> dossiers;
  std::vector<std::vector<core::DossierEvent>> histories;
  for (int i = 0; i < kHistories; ++i) {
    absl::StatusOr<std::string> code = generator.PlayOne(h.live.store());
    if (!code.ok()) return code.status();
    absl::StatusOr<core::Dossier> d = h.live.store().GetDossier(*code);
    if (!d.ok()) return d.status();
    absl::StatusOr<std::vector<core::DossierEvent>> events =
        h.live.store().GetHistory(*code);
    if (!events.ok()) return events.status();
    h.live.cut = std::max(h.live.cut, events->back().occurred_at);
    dossiers.push_back(*std::move(d));
    histories.push_back(*std::move(events));
  }
  std::mt19937_64 random(11);
  for (absl::Time cut : CutInstants(dossiers, random)) {
    auto part = std::make_unique<Deployment>();
    part->cut = cut;
    s = part->Open(h.dir.Sub(absl::StrCat("cut", h.cuts.size())), rules);
    if (!s.ok()) return s;
    std::vector<core::Dossier> kept;
    for (size_t i = 0; i < dossiers.size(); ++i) {
      std::optional<core::HistoricalDossier> until =
          HistoryUntil(world, dossiers[i], histories[i], cut);
      if (!until) continue;
      auto replay = [&]() -> absl::StatusOr<storage::ImportedHistory> {
        absl::StatusOr<core::ReplayedHistory> r =
            core::ReplayHistory(ShippedCalendar(), rules, *until);
        if (!r.ok()) return r.status();
        return storage::ImportedHistory{r->dossier, r->events};
      };
      absl::StatusOr<storage::DossierWrite> w =
          part->store().ImportDossier(dossiers[i].code, {}, replay);
      if (!w.ok()) return w.status();
      kept.push_back(w->dossier);
    }
    part->Serve(std::move(kept));
    h.cuts.push_back(std::move(part));
  }
  h.live.Serve(std::move(dossiers));
  return absl::OkStatus();
}

}  // namespace motcua::testing
