#include "tests/storage/world.h"

#include "absl/strings/str_cat.h"
#include "core/dossier_changes.h"
#include "core/local_time.h"

namespace motcua::testing {
namespace {

using core::UnitLevel;

core::Validity Since(absl::CivilDay from) { return {from, std::nullopt}; }

const absl::CivilDay kOrigin(2020, 1, 1);
const absl::CivilDay kMove(2025, 1, 1);

bool Coin(std::mt19937_64& r, double p) {
  return std::uniform_real_distribution<double>(0, 1)(r) < p;
}

template <typename T>
const T& Pick(std::mt19937_64& r, const std::vector<T>& v) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(r)];
}

}  // namespace

World SmallProvince() {
  World w;
  w.units = {
      {"42", "Tỉnh Hà Tĩnh", UnitLevel::kProvince, "", Since(kOrigin)},
      {"436", "Thành phố Hà Tĩnh", UnitLevel::kDistrict, "42", Since(kOrigin)},
      {"437", "Thị xã Hồng Lĩnh", UnitLevel::kDistrict, "42", Since(kOrigin)},
      {"18070", "Phường Bắc Hà", UnitLevel::kCommune, "436", Since(kOrigin)},
      {"18073", "Phường Nam Hà", UnitLevel::kCommune, "436", Since(kOrigin)},
      {"18352", "Phường Bắc Hồng", UnitLevel::kCommune, "437",
       {kOrigin, kMove}},
      {"18352", "Phường Bắc Hồng", UnitLevel::kCommune, "436", Since(kMove)},
      {"18355", "Phường Nam Hồng", UnitLevel::kCommune, "437", Since(kOrigin)},
  };
  w.agencies = {
      {"H29.10", "Sở Tư pháp", UnitLevel::kProvince, "42", Since(kOrigin)},
      {"H29.436", "UBND Thành phố Hà Tĩnh", UnitLevel::kDistrict, "436",
       Since(kOrigin)},
      {"H29.437", "UBND Thị xã Hồng Lĩnh", UnitLevel::kDistrict, "437",
       Since(kOrigin)},
      {"H29.18070", "UBND Phường Bắc Hà", UnitLevel::kCommune, "18070",
       Since(kOrigin)},
      {"H29.18073", "UBND Phường Nam Hà", UnitLevel::kCommune, "18073",
       Since(kOrigin)},
      {"H29.18352", "UBND Phường Bắc Hồng", UnitLevel::kCommune, "18352",
       Since(kOrigin)},
      {"H29.18355", "UBND Phường Nam Hồng", UnitLevel::kCommune, "18355",
       Since(kOrigin)},
  };
  w.fields = {{"HOTICH", "Hộ tịch"},
              {"DATDAI", "Đất đai"},
              {"XAYDUNG", "Xây dựng"},
              {"KINHDOANH", "Thành lập và hoạt động của hộ kinh doanh"}};
  using core::OnlineClass;
  using core::TimeUnit;
  auto proc = [](std::string code, std::string name, std::string field,
                 UnitLevel level, int amount, TimeUnit unit, bool fee,
                 int online, OnlineClass cls) {
    return core::Procedure{std::move(code), std::move(name), std::move(field),
                           level, {amount, unit}, fee, online, cls,
                           Since(kOrigin)};
  };
  w.procedures = {
      proc("1.001193", "Đăng ký khai sinh", "HOTICH", UnitLevel::kCommune, 4,
           TimeUnit::kWorkingHours, false, 4, OnlineClass::kFull),
      proc("1.000894", "Đăng ký kết hôn", "HOTICH", UnitLevel::kCommune, 5,
           TimeUnit::kWorkingDays, false, 3, OnlineClass::kPartial),
      proc("1.000656", "Đăng ký khai tử", "HOTICH", UnitLevel::kCommune, 1,
           TimeUnit::kWorkingDays, false, 4, OnlineClass::kFull),
      proc("1.004873", "Cấp bản sao trích lục hộ tịch", "HOTICH",
           UnitLevel::kCommune, 8, TimeUnit::kWorkingHours, true, 3,
           OnlineClass::kPartial),
      proc("1.003003", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu",
           "DATDAI", UnitLevel::kDistrict, 30, TimeUnit::kWorkingDays, true, 2,
           OnlineClass::kNone),
      proc("2.000889", "Chuyển mục đích sử dụng đất", "DATDAI",
           UnitLevel::kDistrict, 15, TimeUnit::kWorkingDays, true, 3,
           OnlineClass::kPartial),
      proc("1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "XAYDUNG",
           UnitLevel::kDistrict, 15, TimeUnit::kWorkingDays, true, 3,
           OnlineClass::kPartial),
      proc("1.010011", "Cấp giấy phép sửa chữa, cải tạo công trình",
           "XAYDUNG", UnitLevel::kDistrict, 20, TimeUnit::kCalendarDays, true,
           2, OnlineClass::kNone),
      proc("2.000720", "Đăng ký thành lập hộ kinh doanh", "KINHDOANH",
           UnitLevel::kDistrict, 3, TimeUnit::kWorkingDays, true, 4,
           OnlineClass::kFull),
      proc("2.000575", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
           "KINHDOANH", UnitLevel::kDistrict, 3, TimeUnit::kWorkingDays, true,
           4, OnlineClass::kFull),
  };
  return w;
}

core::UnitPath World::PathOf(const std::string& agency_code,
                             absl::CivilDay day) const {
  core::UnitPath path;
  std::string unit;
  for (const core::Agency& a : agencies) {
    if (a.code == agency_code && a.validity.Covers(day)) unit = a.unit_code;
  }
  while (!unit.empty()) {
    std::string parent;
    for (const core::Unit& u : units) {
      if (u.code != unit || !u.validity.Covers(day)) continue;
      if (u.level == UnitLevel::kProvince) path.province = u.code;
      if (u.level == UnitLevel::kDistrict) path.district = u.code;
      if (u.level == UnitLevel::kCommune) path.commune = u.code;
      parent = u.parent_code;
    }
    unit = parent;
  }
  return path;
}

core::ProcedureSnapshot World::SnapshotOf(const core::Procedure& p) const {
  return {p.code, p.field_code, p.online_level, p.online_class,
          p.processing_time, p.has_fee};
}

absl::Status LoadWorld(const World& world, storage::Store& store) {
  for (const core::Unit& u : world.units) {
    absl::Status s = store.PutUnit(u);
    if (!s.ok()) return s;
  }
  for (const core::Agency& a : world.agencies) {
    absl::Status s = store.PutAgency(a);
    if (!s.ok()) return s;
  }
  for (const core::Field& f : world.fields) {
    absl::Status s = store.PutField(f);
    if (!s.ok()) return s;
  }
  for (const core::Procedure& p : world.procedures) {
    absl::Status s = store.PutProcedure(p);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
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
  return after +
         absl::Minutes(std::uniform_int_distribution<int>(60 * 20, 60 * 24 * 12)(
             random_));
}

std::string HistoryGenerator::NextRequestId() {
  return absl::StrCat("gen-", seed_, "-", ++requests_);
}

absl::StatusOr<std::string> HistoryGenerator::PlayOne(
    storage::Store& store,
    const std::function<void(const storage::DossierWrite&)>& on_write) {
  const core::Agency& agency = Pick(random_, world_.agencies);
  const core::Procedure& procedure = Pick(random_, world_.procedures);
  const double c = std::uniform_real_distribution<double>(0, 1)(random_);
  const core::Channel channel = c < 0.55   ? core::Channel::kDirect
                                : c < 0.9 ? core::Channel::kOnline
                                           : core::Channel::kPostal;
  const int span = static_cast<int>(last_day_ - first_day_);
  const absl::CivilDay day =
      first_day_ + std::uniform_int_distribution<int>(0, span)(random_);
  absl::Time t = core::FromLocal(
      absl::CivilSecond(day) +
      std::uniform_int_distribution<int>(6 * 3600, 18 * 3600)(random_));
  const bool submitted_only = channel == core::Channel::kOnline &&
                              Coin(random_, 0.4);
  const core::Actor actor{"desk-test", ""};

  std::string request_id = NextRequestId();
  absl::StatusOr<storage::DossierWrite> created = store.CreateDossier(
      agency.code, day, {request_id, request_id},
      [&](const std::string& code) {
        core::NewDossier n;
        n.code = code;
        n.agency_code = agency.code;
        n.channel = channel;
        n.procedure = world_.SnapshotOf(procedure);
        n.units = world_.PathOf(agency.code, day);
        n.applicant = {core::ApplicantKind::kPerson, "Nguyễn Văn A",
                       "042090001234", "0912345678", "", "Hà Tĩnh"};
        n.at = t;
        n.submitted_only = submitted_only;
        return core::CreateDossierChange(calendar_, n, actor);
      });
  if (!created.ok()) return created.status();
  if (on_write) on_write(*created);
  core::Dossier current = created->dossier;
  const std::string code = current.code;

  // Applies one change; domain refusals (an apology not later than the due,
  // say) are skipped, anything else is an error.
  bool failed = false;
  absl::Status failure;
  auto apply = [&](const std::function<absl::StatusOr<core::DossierChange>(
                       const core::Dossier&)>& change) {
    if (failed) return false;
    const std::string id = NextRequestId();
    absl::StatusOr<storage::DossierWrite> w =
        store.UpdateDossier(code, {id, id}, change);
    if (w.ok()) {
      if (on_write) on_write(*w);
      current = w->dossier;
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
            absl::Hours(24 * std::uniform_int_distribution<int>(1, 10)(random_));
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

}  // namespace motcua::testing
