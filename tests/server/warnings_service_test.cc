// StatisticsService.ListDeadlineWarnings over loopback gRPC: early warnings
// against instants worked out by hand on the shipped calendars (a weekend,
// Tết 2026, the make-up Saturday of 10 Jan 2026, the lunch break), for
// WORKING_DAYS, WORKING_HOURS and CALENDAR_DAYS procedures and a wait in
// progress; and who may see which warnings.
#include <string>
#include <vector>

#include "core/dossier_changes.h"
#include "gtest/gtest.h"
#include "server/api_codec.h"
#include "tests/server/served_histories.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::server {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::LocalString;
using ::motcua::testing::ShippedCalendar;
using S = core::DossierStatus;

// Procedures of testing::SmallProvince().
constexpr char kOneDay[] = "1.000656";         // 1 working day
constexpr char kFiveDays[] = "1.000894";       // 5 working days
constexpr char kFourHours[] = "1.001193";      // 4 working hours
constexpr char kEightHours[] = "1.004873";     // 8 working hours
constexpr char kTwentyDays[] = "1.010011";     // 20 calendar days
constexpr char kCommune[] = "H29.18070";       // in district 436
constexpr char kOtherCommune[] = "H29.18355";  // in district 437

class WarningsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        deployment_.Open(dir_.Sub("db"), core::Granularity::kDate).ok());
    deployment_.Serve({});
    deployment_.SetNow(Local(2025, 3, 7, 15, 0));
  }
  storage::Store& store() { return deployment_.store(); }

  // A dossier received at `at` and put in processing half an hour later.
  std::string Received(const std::string& agency, const std::string& procedure,
                       absl::Time at) {
    absl::StatusOr<storage::DossierWrite> w = testing::Receive(
        store(), world_, agency, procedure, core::Channel::kDirect, at);
    EXPECT_TRUE(w.ok()) << w.status();
    if (!w.ok()) return "";
    Move(w->dossier.code, S::kProcessing, at + absl::Minutes(30));
    return w->dossier.code;
  }
  void Move(const std::string& code, S to, absl::Time at) {
    absl::StatusOr<storage::DossierWrite> w =
        testing::Move(store(), code, to, at);
    ASSERT_TRUE(w.ok()) << w.status();
  }
  void Update(const std::string& code,
              const std::function<absl::StatusOr<core::DossierChange>(
                  const core::Dossier&)>& change) {
    absl::StatusOr<storage::DossierWrite> w =
        store().UpdateDossier(code, {}, change);
    ASSERT_TRUE(w.ok()) << w.status();
  }
  void Apologize(const std::string& code, absl::Time at, absl::Time new_due) {
    Update(code, [&](const core::Dossier& d) {
      return core::ApologyChange(d, at, new_due, {"desk-1", ""});
    });
  }
  void HandTo(const std::string& code, const std::string& agency, absl::Time at,
              core::ProcessingTime allotted) {
    absl::StatusOr<storage::DossierWrite> w =
        testing::HandTo(store(), code, agency, at, allotted);
    ASSERT_TRUE(w.ok()) << w.status();
  }
  static v1::ListDeadlineWarningsRequest For(v1::Scope::Kind kind,
                                             const std::string& code) {
    v1::ListDeadlineWarningsRequest r;
    r.mutable_scope()->set_kind(kind);
    r.mutable_scope()->set_code(code);
    return r;
  }
  v1::ListDeadlineWarningsResponse District436(const std::string& token = "") {
    v1::ListDeadlineWarningsResponse out;
    const grpc::Status s =
        deployment_.Warnings(For(v1::Scope::DISTRICT, "436"), &out, token);
    EXPECT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
    return out;
  }
  static std::vector<std::string> Codes(
      const v1::ListDeadlineWarningsResponse& r) {
    std::vector<std::string> out;
    for (const auto& w : r.dossiers()) out.push_back(w.dossier().code());
    return out;
  }
  static absl::Duration Left(const v1::Deadline& d) {
    return absl::Seconds(d.working_time_left().seconds()) +
           absl::Nanoseconds(d.working_time_left().nanos());
  }
  static std::string Due(const v1::Deadline& d) {
    return LocalString(absl::FromUnixSeconds(d.due_at().seconds()));
  }

  testing::TempDir dir_;
  testing::Deployment deployment_;
  testing::World world_ = testing::SmallProvince();
};

// Fri 7 Mar 2025 15:00; the default window ends Mon 10 Mar 17:00 (2 h on
// Friday, 7.5 h on Monday).
//  overdue: 1 working day from Mon 3 Mar 09:00, due Tue 4 Mar 09:00:
//    6 h on Tuesday, 7.5 Wed, 7.5 Thu, 5.5 Fri = 26.5 h past;
//  due soon: 1 working day from Thu 6 Mar 09:00, due Fri 09:00: 4 h past
//    but not overdue (DATE: the due date is today);
//  due soon: 5 working days from Mon 3 Mar 09:00, due Mon 10 Mar 09:00:
//    2 h on Friday and 1.5 h on Monday, across the weekend;
//  not listed: 5 working days from Thu 6 Mar, due Thu 13 Mar (26 h left).
TEST_F(WarningsTest, OverdueThenDueSoonAcrossTheWeekend) {
  const std::string overdue =
      Received(kCommune, kOneDay, Local(2025, 3, 3, 9, 0));
  const std::string today =
      Received(kCommune, kOneDay, Local(2025, 3, 6, 9, 0));
  const std::string monday =
      Received(kCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  Received(kCommune, kFiveDays, Local(2025, 3, 6, 9, 0));
  const v1::ListDeadlineWarningsResponse r = District436();
  EXPECT_EQ(r.window().seconds(), 570 * 60);
  ASSERT_EQ(Codes(r), (std::vector<std::string>{overdue, today, monday}));
  EXPECT_EQ(r.dossiers(0).deadline().urgency(), v1::Deadline::OVERDUE);
  EXPECT_EQ(Due(r.dossiers(0).deadline()),
            LocalString(Local(2025, 3, 4, 9, 0)));
  EXPECT_EQ(Left(r.dossiers(0).deadline()), -absl::Minutes(26 * 60 + 30));
  EXPECT_EQ(r.dossiers(1).deadline().urgency(), v1::Deadline::DUE_SOON);
  EXPECT_EQ(Left(r.dossiers(1).deadline()), -absl::Hours(4));
  EXPECT_EQ(r.dossiers(2).deadline().urgency(), v1::Deadline::DUE_SOON);
  EXPECT_EQ(Due(r.dossiers(2).deadline()),
            LocalString(Local(2025, 3, 10, 9, 0)));
  EXPECT_EQ(Left(r.dossiers(2).deadline()), absl::Minutes(210));
  EXPECT_FALSE(r.truncated());
}

TEST_F(WarningsTest, WillBeLateWithoutApologyIsFlagged) {
  const std::string overdue =
      Received(kCommune, kOneDay, Local(2025, 3, 3, 9, 0));
  const std::string monday =
      Received(kCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  Apologize(overdue, Local(2025, 3, 5, 9, 0), Local(2025, 3, 12, 9, 0));
  const v1::ListDeadlineWarningsResponse r = District436();
  ASSERT_EQ(Codes(r), (std::vector<std::string>{overdue, monday}));
  EXPECT_FALSE(r.dossiers(0).needs_apology());
  EXPECT_TRUE(r.dossiers(1).needs_apology());
  // The apology never moves the due instant warnings judge against.
  EXPECT_EQ(Due(r.dossiers(0).deadline()),
            LocalString(Local(2025, 3, 4, 9, 0)));
}

// 20 calendar days from Mon 26 Jan 2026 09:00 is Sun 15 Feb, in Tết (14-22
// Feb): due Mon 23 Feb 09:00. On Fri 13 Feb at 16:00, 1 h is left that day
// and 1.5 h after Tết; the default window runs to Mon 23 Feb 17:00 (8.5 h).
TEST_F(WarningsTest, CalendarDaysDueAfterTetIsDueSoonBeforeIt) {
  deployment_.SetNow(Local(2026, 2, 13, 16, 0));
  const std::string code =
      Received("H29.436", kTwentyDays, Local(2026, 1, 26, 9, 0));
  const v1::ListDeadlineWarningsResponse r = District436();
  EXPECT_EQ(r.window().seconds(), 510 * 60);
  ASSERT_EQ(Codes(r), std::vector<std::string>{code});
  EXPECT_EQ(Due(r.dossiers(0).deadline()),
            LocalString(Local(2026, 2, 23, 9, 0)));
  EXPECT_EQ(Left(r.dossiers(0).deadline()), absl::Minutes(150));
}

TEST_F(WarningsTest, WithinNarrowsTheWindowInWorkingHours) {
  deployment_.SetNow(Local(2026, 2, 13, 16, 0));
  Received("H29.436", kTwentyDays, Local(2026, 1, 26, 9, 0));
  v1::ListDeadlineWarningsRequest req = For(v1::Scope::DISTRICT, "436");
  req.mutable_within()->set_seconds(2 * 3600);  // 2.5 h are left
  v1::ListDeadlineWarningsResponse r;
  ASSERT_TRUE(deployment_.Warnings(req, &r).ok());
  EXPECT_EQ(r.window().seconds(), 2 * 3600);
  EXPECT_EQ(r.dossiers_size(), 0);
}

// On the make-up Saturday 10 Jan 2026, over lunch (12:00): 8 working hours
// from Fri 9 Jan 14:00 (3 h Friday, 4 h Saturday morning, 1 h after lunch)
// fall due Sat 14:30, 1 h of working time away; 4 working hours from Fri
// 16:00 fell due Sat 10:30, 1 h ago (not overdue under DATE). The default
// window: 3.5 h on Saturday afternoon and Monday 12 Jan's 7.5 h.
TEST_F(WarningsTest, WorkingHoursOnTheMakeUpSaturdayOverLunch) {
  deployment_.SetNow(Local(2026, 1, 10, 12, 0));
  const std::string eight =
      Received(kCommune, kEightHours, Local(2026, 1, 9, 14, 0));
  const std::string four =
      Received(kCommune, kFourHours, Local(2026, 1, 9, 16, 0));
  const v1::ListDeadlineWarningsResponse r = District436();
  EXPECT_EQ(r.window().seconds(), 11 * 3600);
  ASSERT_EQ(Codes(r), (std::vector<std::string>{four, eight}));
  EXPECT_EQ(Due(r.dossiers(0).deadline()),
            LocalString(Local(2026, 1, 10, 10, 30)));
  EXPECT_EQ(Left(r.dossiers(0).deadline()), -absl::Hours(1));
  EXPECT_EQ(Due(r.dossiers(1).deadline()),
            LocalString(Local(2026, 1, 10, 14, 30)));
  EXPECT_EQ(Left(r.dossiers(1).deadline()), absl::Hours(1));
}

// Mon 10 Mar 2025 15:00. Due Mon 10 Mar 09:00 (5 working days from Mon 3
// Mar) but waiting for a supplement since Tue 4 Mar 10:00: its clock
// stopped with 29 h left, so it is neither overdue nor due soon. Due Tue 4
// Mar 09:00 (1 working day) and waiting for a fee since Wed 5 Mar 10:00:
// already overdue when the wait began, by 6 h + 2.5 h, frozen there.
TEST_F(WarningsTest, WaitInProgressStopsTheClock) {
  deployment_.SetNow(Local(2025, 3, 10, 15, 0));
  const std::string supplement =
      Received(kCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  Move(supplement, S::kAwaitingSupplement, Local(2025, 3, 4, 10, 0));
  const std::string fee = Received(kCommune, kOneDay, Local(2025, 3, 3, 9, 0));
  Move(fee, S::kAwaitingFinancial, Local(2025, 3, 5, 10, 0));
  const v1::ListDeadlineWarningsResponse r = District436();
  ASSERT_EQ(Codes(r), std::vector<std::string>{fee});
  EXPECT_EQ(r.dossiers(0).deadline().urgency(), v1::Deadline::OVERDUE);
  EXPECT_TRUE(r.dossiers(0).deadline().clock_paused());
  EXPECT_EQ(Left(r.dossiers(0).deadline()), -absl::Minutes(510));
}

// Wed 5 Mar 2025 14:00, window 24 working hours. A dossier due Mon 10 Mar
// 09:00 (19.5 h left) handed on Mon 3 Mar 10:00 to the province's
// department for 2 working days: the step fell due Wed 10:00, 2 h ago (not
// overdue under DATE), listed under the department.
TEST_F(WarningsTest, StepDueSoonIsListedUnderTheAgencyHoldingIt) {
  deployment_.SetNow(Local(2025, 3, 5, 14, 0));
  const std::string code =
      Received(kCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  HandTo(code, "H29.10", Local(2025, 3, 3, 10, 0),
         {2, core::TimeUnit::kWorkingDays});
  v1::ListDeadlineWarningsRequest req = For(v1::Scope::DISTRICT, "436");
  req.mutable_within()->set_seconds(24 * 3600);
  v1::ListDeadlineWarningsResponse r;
  ASSERT_TRUE(deployment_.Warnings(req, &r).ok());
  ASSERT_EQ(Codes(r), std::vector<std::string>{code});
  EXPECT_EQ(Left(r.dossiers(0).deadline()), absl::Minutes(19 * 60 + 30));
  ASSERT_EQ(r.steps_size(), 1);
  const v1::StepDeadlineWarning& step = r.steps(0);
  EXPECT_EQ(step.holder_agency_code(), "H29.10");
  EXPECT_EQ(step.dossier_code(), code);
  EXPECT_EQ(step.dossier_agency_code(), kCommune);
  EXPECT_EQ(step.deadline().urgency(), v1::Deadline::DUE_SOON);
  EXPECT_EQ(Due(step.deadline()), LocalString(Local(2025, 3, 5, 10, 0)));
  EXPECT_EQ(Left(step.deadline()), -absl::Hours(2));
}

// Wed 5 Mar 2025 14:00, the default window to the end of Thu 6 Mar. A
// step of 1 working day handed over Mon 3 Mar 10:00 was due Tue 4 Mar
// 10:00: overdue by 5 h on Tuesday and 4.5 h on Wednesday. Its dossier,
// 5 working days from Mon 3 Mar 09:00, is due Mon 10 Mar: not listed.
TEST_F(WarningsTest, OverdueStepOnADossierThatIsNotIsListed) {
  deployment_.SetNow(Local(2025, 3, 5, 14, 0));
  const std::string code =
      Received(kCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  HandTo(code, "H29.10", Local(2025, 3, 3, 10, 0),
         {1, core::TimeUnit::kWorkingDays});
  const v1::ListDeadlineWarningsResponse r = District436();
  EXPECT_TRUE(Codes(r).empty());
  ASSERT_EQ(r.steps_size(), 1);
  EXPECT_EQ(r.steps(0).holder_agency_code(), "H29.10");
  EXPECT_EQ(r.steps(0).dossier_code(), code);
  EXPECT_EQ(r.steps(0).deadline().urgency(), v1::Deadline::OVERDUE);
  EXPECT_EQ(Left(r.steps(0).deadline()), -absl::Minutes(9 * 60 + 30));
}

// The same step held by a commune of district 436 on a dossier received in
// district 437: listed for the holder's district and agency (its desk
// included) and for the receiving district, once each.
TEST_F(WarningsTest, StepHeldOnADossierReceivedElsewhereIsListedForTheHolder) {
  deployment_.SetNow(Local(2025, 3, 5, 14, 0));
  const std::string code =
      Received(kOtherCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  HandTo(code, kCommune, Local(2025, 3, 3, 10, 0),
         {1, core::TimeUnit::kWorkingDays});
  const v1::ListDeadlineWarningsResponse district = District436();
  EXPECT_TRUE(Codes(district).empty());
  ASSERT_EQ(district.steps_size(), 1);
  EXPECT_EQ(district.steps(0).holder_agency_code(), kCommune);
  EXPECT_EQ(district.steps(0).dossier_code(), code);
  EXPECT_EQ(district.steps(0).dossier_agency_code(), kOtherCommune);
  EXPECT_EQ(Left(district.steps(0).deadline()), -absl::Minutes(9 * 60 + 30));

  const std::string desk =
      deployment_.Token({"desk", core::Role::kDesk, {kCommune}, {}});
  v1::ListDeadlineWarningsResponse holder;
  ASSERT_TRUE(
      deployment_.Warnings(For(v1::Scope::AGENCY, kCommune), &holder, desk)
          .ok());
  ASSERT_EQ(holder.steps_size(), 1);
  EXPECT_EQ(holder.steps(0).dossier_code(), code);

  v1::ListDeadlineWarningsResponse receiver;
  ASSERT_TRUE(
      deployment_.Warnings(For(v1::Scope::DISTRICT, "437"), &receiver).ok());
  ASSERT_EQ(receiver.steps_size(), 1);
  EXPECT_EQ(receiver.steps(0).holder_agency_code(), kCommune);
}

// Holder and receiver both within province 42: the step is listed once.
TEST_F(WarningsTest, StepHeldAndReceivedWithinTheScopeIsListedOnce) {
  deployment_.SetNow(Local(2025, 3, 5, 14, 0));
  const std::string code =
      Received(kCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  HandTo(code, "H29.10", Local(2025, 3, 3, 10, 0),
         {1, core::TimeUnit::kWorkingDays});
  v1::ListDeadlineWarningsResponse r;
  ASSERT_TRUE(deployment_.Warnings(For(v1::Scope::PROVINCE, "42"), &r).ok());
  ASSERT_EQ(r.steps_size(), 1);
  EXPECT_EQ(r.steps(0).dossier_code(), code);
}

// The limit keeps the most urgent steps whoever holds them: the step of
// H29.18070 (overdue since Tue 4 Mar 10:00) before that of H29.10 (due
// soon, Thu 6 Mar), though H29.10 comes first by code.
TEST_F(WarningsTest, LimitKeepsTheMostUrgentStepsWhoeverHoldsThem) {
  deployment_.SetNow(Local(2025, 3, 5, 14, 0));
  const std::string urgent =
      Received(kOtherCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  HandTo(urgent, kCommune, Local(2025, 3, 3, 10, 0),
         {1, core::TimeUnit::kWorkingDays});
  const std::string later =
      Received(kOtherCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  HandTo(later, "H29.10", Local(2025, 3, 5, 10, 0),
         {1, core::TimeUnit::kWorkingDays});
  v1::ListDeadlineWarningsRequest req = For(v1::Scope::DISTRICT, "437");
  req.set_limit(1);
  v1::ListDeadlineWarningsResponse r;
  ASSERT_TRUE(deployment_.Warnings(req, &r).ok());
  ASSERT_EQ(r.steps_size(), 1);
  EXPECT_EQ(r.steps(0).dossier_code(), urgent);
  EXPECT_TRUE(r.truncated());
}

// A step whose clock stopped before its due (the dossier waits for a
// supplement) is neither overdue nor due soon, and does not use up the
// limit: the overdue step due after it is still found.
TEST_F(WarningsTest, PausedStepDoesNotUseUpTheLimit) {
  deployment_.SetNow(Local(2025, 3, 5, 14, 0));
  const std::string paused =
      Received(kCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  HandTo(paused, "H29.10", Local(2025, 3, 3, 10, 0),
         {1, core::TimeUnit::kWorkingDays});
  Move(paused, S::kAwaitingSupplement, Local(2025, 3, 3, 15, 0));
  const std::string overdue =
      Received(kCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  HandTo(overdue, "H29.10", Local(2025, 3, 3, 11, 0),
         {1, core::TimeUnit::kWorkingDays});
  v1::ListDeadlineWarningsRequest req = For(v1::Scope::AGENCY, "H29.10");
  req.set_limit(1);
  v1::ListDeadlineWarningsResponse r;
  ASSERT_TRUE(deployment_.Warnings(req, &r).ok());
  ASSERT_EQ(r.steps_size(), 1);
  EXPECT_EQ(r.steps(0).dossier_code(), overdue);
}

// A step finished is no longer warned of.
TEST_F(WarningsTest, FinishedStepIsNotListed) {
  deployment_.SetNow(Local(2025, 3, 5, 14, 0));
  const std::string code =
      Received(kOtherCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  HandTo(code, kCommune, Local(2025, 3, 3, 10, 0),
         {1, core::TimeUnit::kWorkingDays});
  ASSERT_TRUE(testing::FinishStep(store(), code, Local(2025, 3, 5, 9, 0)).ok());
  EXPECT_EQ(District436().steps_size(), 0);
}

TEST_F(WarningsTest, OtherDistrictsDossiersAreNotListed) {
  const std::string here = Received(kCommune, kOneDay, Local(2025, 3, 3, 9, 0));
  const std::string there =
      Received(kOtherCommune, kOneDay, Local(2025, 3, 3, 9, 0));
  EXPECT_EQ(Codes(District436()), std::vector<std::string>{here});
  v1::ListDeadlineWarningsResponse province;
  ASSERT_TRUE(
      deployment_.Warnings(For(v1::Scope::PROVINCE, "42"), &province).ok());
  EXPECT_EQ(province.dossiers_size(), 2);
}

// Fri 7 Mar 2025 15:00: overdue by 26.5 h (due Tue 4 Mar 09:00) and by
// 19 h (due Wed 5 Mar 09:00), due soon (Mon 10 Mar 09:00). A limit of one
// keeps the most overdue and the one due soon.
TEST_F(WarningsTest, LimitKeepsTheMostUrgentOfEachKindAndSaysSo) {
  const std::string most = Received(kCommune, kOneDay, Local(2025, 3, 3, 9, 0));
  Received(kCommune, kOneDay, Local(2025, 3, 4, 9, 0));
  const std::string soon =
      Received(kCommune, kFiveDays, Local(2025, 3, 3, 9, 0));
  v1::ListDeadlineWarningsRequest req = For(v1::Scope::DISTRICT, "436");
  req.set_limit(1);
  v1::ListDeadlineWarningsResponse r;
  ASSERT_TRUE(deployment_.Warnings(req, &r).ok());
  EXPECT_EQ(Codes(r), (std::vector<std::string>{most, soon}));
  EXPECT_TRUE(r.truncated());
}

TEST_F(WarningsTest, DeskSeesItsAgencyWithPersonalDataAndTheStepsOnIt) {
  deployment_.SetNow(Local(2025, 3, 5, 14, 0));
  const std::string code = Received(kCommune, kOneDay, Local(2025, 3, 3, 9, 0));
  HandTo(code, "H29.10", Local(2025, 3, 3, 10, 0),
         {2, core::TimeUnit::kWorkingDays});
  Received("H29.18073", kOneDay, Local(2025, 3, 3, 9, 0));
  const std::string desk =
      deployment_.Token({"desk", core::Role::kDesk, {kCommune}, {}});
  v1::ListDeadlineWarningsResponse r;
  ASSERT_TRUE(
      deployment_.Warnings(For(v1::Scope::AGENCY, kCommune), &r, desk).ok());
  ASSERT_EQ(Codes(r), std::vector<std::string>{code});
  EXPECT_FALSE(r.dossiers(0).dossier().applicant().name().empty());
  ASSERT_EQ(r.steps_size(), 1);
  EXPECT_EQ(r.steps(0).holder_agency_code(), "H29.10");
}

TEST_F(WarningsTest, DeskIsRefusedAnotherAgencyAndAnyUnit) {
  const std::string desk =
      deployment_.Token({"desk", core::Role::kDesk, {kCommune}, {}});
  v1::ListDeadlineWarningsResponse r;
  EXPECT_EQ(deployment_.Warnings(For(v1::Scope::AGENCY, "H29.18073"), &r, desk)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(deployment_.Warnings(For(v1::Scope::DISTRICT, "436"), &r, desk)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(WarningsTest, ViewerSeesItsUnitWithoutPersonalData) {
  const std::string code = Received(kCommune, kOneDay, Local(2025, 3, 3, 9, 0));
  const std::string viewer =
      deployment_.Token({"dash-436",
                         core::Role::kViewer,
                         {},
                         {core::ScopeKind::kDistrict, "436"}});
  const v1::ListDeadlineWarningsResponse r = District436(viewer);
  ASSERT_EQ(Codes(r), std::vector<std::string>{code});
  EXPECT_TRUE(r.dossiers(0).dossier().applicant().name().empty());
  EXPECT_TRUE(r.dossiers(0).dossier().applicant().id_number().empty());
}

// A unit outside the viewer's and a unit that does not exist get the same
// refusal: the answer tells nothing of what exists.
TEST_F(WarningsTest, ViewerIsRefusedOutsideItsUnitWhetherOrNotItExists) {
  const std::string viewer =
      deployment_.Token({"dash-437",
                         core::Role::kViewer,
                         {},
                         {core::ScopeKind::kDistrict, "437"}});
  v1::ListDeadlineWarningsResponse r;
  const grpc::Status existing =
      deployment_.Warnings(For(v1::Scope::DISTRICT, "436"), &r, viewer);
  const grpc::Status unknown =
      deployment_.Warnings(For(v1::Scope::DISTRICT, "999"), &r, viewer);
  EXPECT_EQ(existing.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  std::string expected = existing.error_message();
  expected.replace(expected.find("436"), 3, "999");
  EXPECT_EQ(unknown.error_message(), expected);
}

TEST_F(WarningsTest, ImportTokensAreRefused) {
  const std::string import =
      deployment_.Token({"import", core::Role::kImport, {}, {}});
  v1::ListDeadlineWarningsResponse r;
  EXPECT_EQ(deployment_.Warnings(For(v1::Scope::AGENCY, kCommune), &r, import)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(WarningsTest, BadWithinIsInvalidArgumentNamingWithin) {
  v1::ListDeadlineWarningsRequest req = For(v1::Scope::DISTRICT, "436");
  req.mutable_within()->set_seconds(0);
  v1::ListDeadlineWarningsResponse r;
  grpc::Status s = deployment_.Warnings(req, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("within"), std::string::npos);
  req.mutable_within()->set_seconds(3600);
  req.mutable_within()->set_nanos(-1);  // signs differ
  s = deployment_.Warnings(req, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("within"), std::string::npos);
}

TEST_F(WarningsTest, BadLimitIsInvalidArgumentNamingLimit) {
  v1::ListDeadlineWarningsRequest req = For(v1::Scope::DISTRICT, "436");
  req.set_limit(1001);
  v1::ListDeadlineWarningsResponse r;
  const grpc::Status s = deployment_.Warnings(req, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("limit"), std::string::npos);
}

}  // namespace
}  // namespace motcua::server
