#include "generator/history_generator.h"

#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/local_time.h"
#include "core/status_macros.h"

namespace motcua::generator {
namespace {

bool Coin(std::mt19937_64& r, double p) {
  return std::uniform_real_distribution<double>(0, 1)(r) < p;
}

template <typename T>
const T& Pick(std::mt19937_64& r, const std::vector<T>& v) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(r)];
}

}  // namespace

StoreSink::StoreSink(storage::Store& store, std::string request_prefix,
                     std::function<void(const storage::DossierWrite&)> on_write)
    : store_(store),
      request_prefix_(std::move(request_prefix)),
      on_write_(std::move(on_write)) {}

std::string StoreSink::NextRequestId() {
  return absl::StrCat(request_prefix_, ++requests_);
}

absl::StatusOr<core::Dossier> StoreSink::Create(const std::string& agency_code,
                                                absl::CivilDay day,
                                                const CreateFn& create) {
  const std::string id = NextRequestId();
  MOTCUA_ASSIGN_OR_RETURN(
      storage::DossierWrite w,
      store_.CreateDossier(agency_code, day, {id, id}, create));
  if (on_write_) on_write_(w);
  return std::move(w.dossier);
}

absl::StatusOr<core::Dossier> StoreSink::Update(const std::string& code,
                                                const ChangeFn& change) {
  const std::string id = NextRequestId();
  MOTCUA_ASSIGN_OR_RETURN(storage::DossierWrite w,
                          store_.UpdateDossier(code, {id, id}, change));
  if (on_write_) on_write_(w);
  return std::move(w.dossier);
}

absl::StatusOr<core::Dossier> MemorySink::Create(const std::string& agency_code,
                                                 absl::CivilDay day,
                                                 const CreateFn& create) {
  int& last = sequences_[{agency_code, day}];
  MOTCUA_ASSIGN_OR_RETURN(
      std::string code, core::FormatDossierCode({agency_code, day, last + 1}));
  MOTCUA_ASSIGN_OR_RETURN(core::DossierChange c, create(code));
  ++last;
  current_.dossier = c.dossier;
  current_.events = {std::move(c.event)};
  return std::move(c.dossier);
}

absl::StatusOr<core::Dossier> MemorySink::Update(const std::string& code,
                                                 const ChangeFn& change) {
  if (code != current_.dossier.code) {
    return absl::NotFoundError(
        absl::StrCat("dossier '", code, "' is not the one being built"));
  }
  MOTCUA_ASSIGN_OR_RETURN(core::DossierChange c, change(current_.dossier));
  current_.dossier = c.dossier;
  current_.events.push_back(std::move(c.event));
  return std::move(c.dossier);
}

storage::ImportedHistory MemorySink::TakeHistory() {
  storage::ImportedHistory taken = std::move(current_);
  current_ = {};
  return taken;
}

HistoryGenerator::HistoryGenerator(const World& world,
                                   const core::WorkingCalendar& calendar,
                                   core::DomainRules rules, uint64_t seed,
                                   absl::CivilDay first_day,
                                   absl::CivilDay last_day)
    : world_(world),
      calendar_(calendar),
      rules_(rules),
      random_(seed),
      first_day_(first_day),
      last_day_(last_day),
      seed_(seed) {}

absl::Time HistoryGenerator::NextInstant(absl::Time after) {
  // Half the events come the same day, half up to twelve days later.
  if (Coin(random_, 0.5)) {
    return after +
           absl::Minutes(std::uniform_int_distribution<int>(5, 300)(random_));
  }
  return after + absl::Minutes(std::uniform_int_distribution<int>(
                     60 * 20, 60 * 24 * 12)(random_));
}

absl::StatusOr<std::string> HistoryGenerator::PlayOne(
    storage::Store& store,
    const std::function<void(const storage::DossierWrite&)>& on_write) {
  StoreSink sink(store, absl::StrCat("gen-", seed_, "-", ++played_, "-"),
                 on_write);
  return PlayOne(sink);
}

absl::StatusOr<std::string> HistoryGenerator::PlayOne(DossierSink& sink) {
  return Play(sink, std::nullopt);
}

absl::StatusOr<std::string> HistoryGenerator::PlayOneOn(DossierSink& sink,
                                                        absl::CivilDay day) {
  return Play(sink, day);
}

absl::StatusOr<std::string> HistoryGenerator::Play(
    DossierSink& sink, std::optional<absl::CivilDay> start_day) {
  const core::Agency& agency = Pick(random_, world_.agencies);
  const core::Procedure& procedure = Pick(random_, world_.procedures);
  const double c = std::uniform_real_distribution<double>(0, 1)(random_);
  const core::Channel channel = c < 0.55  ? core::Channel::kDirect
                                : c < 0.9 ? core::Channel::kOnline
                                          : core::Channel::kPostal;
  const int span = static_cast<int>(last_day_ - first_day_);
  const absl::CivilDay day =
      start_day
          ? *start_day
          : first_day_ + std::uniform_int_distribution<int>(0, span)(random_);
  absl::Time t = core::FromLocal(
      absl::CivilSecond(day) +
      std::uniform_int_distribution<int>(6 * 3600, 18 * 3600)(random_));
  const bool submitted_only =
      channel == core::Channel::kOnline && Coin(random_, 0.4);
  const core::Actor actor{"desk-test", ""};

  MOTCUA_ASSIGN_OR_RETURN(
      core::Dossier current,
      sink.Create(agency.code, day, [&](const std::string& code) {
        core::NewDossier n;
        n.code = code;
        n.agency_code = agency.code;
        n.channel = channel;
        n.procedure = world_.SnapshotOf(procedure);
        n.units = world_.PathOf(agency.code, day);
        n.applicant = {core::ApplicantKind::kPerson,
                       "Nguyễn Văn A",
                       "042090001234",
                       "0912345678",
                       "",
                       "Hà Tĩnh"};
        n.at = t;
        n.submitted_only = submitted_only;
        return core::CreateDossierChange(calendar_, n, actor);
      }));
  const std::string code = current.code;

  // Applies one change; domain refusals (an apology not later than the due,
  // say) are skipped, anything else is an error.
  bool failed = false;
  absl::Status failure;
  auto apply = [&](const ChangeFn& change) {
    if (failed) return false;
    absl::StatusOr<core::Dossier> w = sink.Update(code, change);
    if (w.ok()) {
      current = *std::move(w);
      return true;
    }
    if (!absl::IsFailedPrecondition(w.status()) &&
        !absl::IsInvalidArgument(w.status())) {
      failed = true;
      failure = w.status();
    }
    return false;
  };
  auto move = [&](core::DossierStatus to,
                  core::Outcome outcome = core::Outcome::kUnspecified) {
    t = NextInstant(t);
    return apply([&](const core::Dossier& d) {
      return core::TransitionChange(calendar_, rules_, d, to, t, outcome,
                                    actor);
    });
  };
  using S = core::DossierStatus;

  if (submitted_only) {
    if (Coin(random_, 0.15)) {
      move(S::kNotAccepted);
      return failed ? absl::StatusOr<std::string>(failure) : code;
    }
    t = NextInstant(t);
    const absl::CivilDay received_day = core::LocalDay(t);
    if (!apply([&](const core::Dossier& d) {
          return core::ReceiveSubmittedChange(
              calendar_, rules_, d, t, world_.SnapshotOf(procedure),
              world_.PathOf(agency.code, received_day), actor);
        })) {
      if (failed) return failure;
      return code;
    }
  }
  if (Coin(random_, 0.05)) {
    move(S::kWithdrawn);
  } else if (Coin(random_, 0.05)) {
    move(S::kResolved, core::Outcome::kGranted);
  } else if (move(S::kProcessing)) {
    const int actions = std::uniform_int_distribution<int>(0, 4)(random_);
    bool open_wait = false;
    for (int i = 0; i < actions && !open_wait && !failed; ++i) {
      const double r = std::uniform_real_distribution<double>(0, 1)(random_);
      if (r < 0.45) {
        const S wait = r < 0.3 ? S::kAwaitingSupplement : S::kAwaitingFinancial;
        if (!move(wait)) continue;
        if (Coin(random_, 0.08)) {
          move(S::kWithdrawn);
          open_wait = true;
        } else if (Coin(random_, 0.08)) {
          open_wait = true;  // still waiting
        } else {
          move(S::kProcessing);
        }
      } else if (r < 0.6) {
        t = NextInstant(t);
        const absl::Time promised =
            std::max(t, current.timeline.extended_due_at.value_or(
                            current.timeline.due_at.value_or(t))) +
            absl::Hours(24 *
                        std::uniform_int_distribution<int>(1, 10)(random_));
        apply([&](const core::Dossier& d) {
          return core::ApologyChange(d, t, promised, actor);
        });
      } else if (r < 0.85) {
        t = NextInstant(t);
        const core::Agency& other = Pick(random_, world_.agencies);
        const core::ProcessingTime allotted{
            std::uniform_int_distribution<int>(1, 5)(random_),
            core::TimeUnit::kWorkingDays};
        if (apply([&](const core::Dossier& d) {
              return core::StepStartChange(calendar_, rules_, d, t, other.code,
                                           allotted, actor);
            }) &&
            Coin(random_, 0.7)) {
          t = NextInstant(t);
          apply([&](const core::Dossier& d) {
            return core::StepFinishChange(calendar_, rules_, d, t, actor);
          });
        }
      }
    }
    if (!open_wait) {
      const double r = std::uniform_real_distribution<double>(0, 1)(random_);
      if (r < 0.12) {
        // left open
      } else if (r < 0.17) {
        move(S::kStopped);
      } else if (r < 0.22) {
        move(S::kWithdrawn);
      } else if (move(S::kResolved, Coin(random_, 0.85)
                                        ? core::Outcome::kGranted
                                        : core::Outcome::kRefused) &&
                 Coin(random_, 0.8)) {
        move(S::kReturned);
      }
    }
  }
  if (failed) return failure;
  return code;
}

}  // namespace motcua::generator
