// A dossier's clock through its life (DOMAIN.md sections 4-6): pauses,
// restarts, apologies, inter-agency steps, and all-or-nothing events.
#include "core/dossier_timeline.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::core {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::LocalString;
using ::motcua::testing::ShippedCalendar;
using ::testing::HasSubstr;
using S = DossierStatus;

constexpr ProcessingTime kFiveDays = {5, TimeUnit::kWorkingDays};
const DomainRules kPause = {SupplementRule::kPause, Granularity::kDate};
const DomainRules kRestart = {SupplementRule::kRestart, Granularity::kDate};

// Received Mon 3 Mar 2025 09:00 with 5 working days: due Mon 10 Mar 09:00.
DossierTimeline ReceivedMonday() {
  absl::StatusOr<DossierTimeline> t =
      StartReceived(ShippedCalendar(), Local(2025, 3, 3, 9, 0), kFiveDays);
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

// A transition without outcome or processing time.
Transition To(S to, absl::Time at) {
  Transition t;
  t.to = to;
  t.at = at;
  return t;
}

void Apply(const DomainRules& rules, S to, absl::Time at, DossierTimeline* t,
           Outcome outcome = Outcome::kUnspecified) {
  absl::Status s =
      ApplyTransition(ShippedCalendar(), rules, {to, at, outcome, {}}, t);
  ASSERT_TRUE(s.ok()) << s;
}

// Processing from Mon 10:00; supplement asked Tue 4 Mar 10:00 and received
// Thu 6 Mar 14:00: 17 working hours waited (1.5 + 3.5, 7.5, 4 + 0.5).
DossierTimeline AfterOneSupplementWait(const DomainRules& rules) {
  DossierTimeline t = ReceivedMonday();
  Apply(rules, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  Apply(rules, S::kAwaitingSupplement, Local(2025, 3, 4, 10, 0), &t);
  Apply(rules, S::kProcessing, Local(2025, 3, 6, 14, 0), &t);
  return t;
}

TEST(Reception, SetsReceivedAndDueInstants) {
  const DossierTimeline t = ReceivedMonday();
  EXPECT_EQ(t.status, S::kReceived);
  EXPECT_EQ(*t.received_at, Local(2025, 3, 3, 9, 0));
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2025, 3, 10, 9, 0)));
}

TEST(Reception, OnlineSubmissionGetsItsDueDateOnlyWhenReceived) {
  DossierTimeline t = StartSubmitted(Local(2025, 3, 1, 22, 0));
  EXPECT_FALSE(t.due_at.has_value());
  ASSERT_TRUE(ApplyTransition(ShippedCalendar(), kPause,
                              {S::kReceived, Local(2025, 3, 3, 9, 0),
                               Outcome::kUnspecified, kFiveDays},
                              &t)
                  .ok());
  EXPECT_EQ(*t.submitted_at, Local(2025, 3, 1, 22, 0));
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2025, 3, 10, 9, 0)));
}

TEST(Reception, NeedsTheProcessingTime) {
  DossierTimeline t = StartSubmitted(Local(2025, 3, 1, 22, 0));
  absl::Status s = ApplyTransition(
      ShippedCalendar(), kPause, To(S::kReceived, Local(2025, 3, 3, 9, 0)), &t);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(t.status, S::kSubmitted);
}

TEST(SupplementWait, PausePushesDueByTheWorkingTimeWaited) {
  const DossierTimeline t = AfterOneSupplementWait(kPause);
  // Mon 10 Mar 09:00 + 17 h = two 7.5 h days + 2 h: Wed 12 Mar 11:00.
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2025, 3, 12, 11, 0)));
  ASSERT_EQ(t.pauses.size(), 1u);
  EXPECT_EQ(*t.pauses[0].ended_at, Local(2025, 3, 6, 14, 0));
  EXPECT_EQ(t.pauses[0].due_at_start, Local(2025, 3, 10, 9, 0));
}

TEST(SupplementWait, RestartRecountsTheFullTimeFromTheReturn) {
  const DossierTimeline t = AfterOneSupplementWait(kRestart);
  // Thu 6 Mar 14:00 + 5 working days: Thu 13 Mar 14:00.
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2025, 3, 13, 14, 0)));
}

TEST(SupplementWait, TwoWaitsUnderPauseAddUp) {
  DossierTimeline t = AfterOneSupplementWait(kPause);
  // Mon 10 Mar 16:00 to Tue 11 Mar 08:30: 2 working hours.
  Apply(kPause, S::kAwaitingSupplement, Local(2025, 3, 10, 16, 0), &t);
  Apply(kPause, S::kProcessing, Local(2025, 3, 11, 8, 30), &t);
  // Wed 12 Mar 11:00 + 2 h: 30 min before lunch, 90 min after.
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2025, 3, 12, 15, 0)));
}

TEST(SupplementWait, ReturnOnSameDayOutsideHoursAddsOnlyWorkingTime) {
  DossierTimeline t = ReceivedMonday();
  Apply(kPause, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  // Asked Fri 7 Mar 16:30, answered Sat 8 Mar: 30 working minutes.
  Apply(kPause, S::kAwaitingSupplement, Local(2025, 3, 7, 16, 30), &t);
  Apply(kPause, S::kProcessing, Local(2025, 3, 8, 10, 0), &t);
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2025, 3, 10, 9, 30)));
}

TEST(SupplementWait, PauseAcrossTet2026MovesDueByWorkingTimeOnly) {
  // Received Mon 9 Feb 2026 09:00, 5 working days across Tết (14-22 Feb
  // off): due Mon 23 Feb 09:00.
  absl::StatusOr<DossierTimeline> received =
      StartReceived(ShippedCalendar(), Local(2026, 2, 9, 9, 0), kFiveDays);
  ASSERT_TRUE(received.ok());
  DossierTimeline t = *received;
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2026, 2, 23, 9, 0)));
  Apply(kPause, S::kProcessing, Local(2026, 2, 9, 9, 30), &t);
  // Waited Thu 12 Feb 16:00 to Tue 24 Feb 08:00: 1 + 7.5 + 7.5 + 0.5 h.
  Apply(kPause, S::kAwaitingSupplement, Local(2026, 2, 12, 16, 0), &t);
  DossierTimeline restart = t;
  Apply(kPause, S::kProcessing, Local(2026, 2, 24, 8, 0), &t);
  // Mon 23 09:00 + 16.5 h: Mon 6 h, Tue 7.5 h, Wed 3 h: Wed 25 Feb 10:30.
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2026, 2, 25, 10, 30)));
  // Under RESTART, 5 working days from Tue 24 Feb 08:00: Tue 3 Mar 08:00.
  Apply(kRestart, S::kProcessing, Local(2026, 2, 24, 8, 0), &restart);
  EXPECT_EQ(LocalString(*restart.due_at), LocalString(Local(2026, 3, 3, 8, 0)));
}

TEST(FinancialWait, AlwaysPausesEvenUnderRestart) {
  DossierTimeline t = ReceivedMonday();
  Apply(kRestart, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  Apply(kRestart, S::kAwaitingFinancial, Local(2025, 3, 4, 10, 0), &t);
  Apply(kRestart, S::kProcessing, Local(2025, 3, 6, 14, 0), &t);
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2025, 3, 12, 11, 0)));
}

TEST(Withdrawal, DuringAWaitFinishesWithTheWaitDeducted) {
  DossierTimeline t = ReceivedMonday();
  Apply(kPause, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  Apply(kPause, S::kAwaitingSupplement, Local(2025, 3, 4, 10, 0), &t);
  Apply(kPause, S::kWithdrawn, Local(2025, 3, 6, 14, 0), &t);
  EXPECT_EQ(*t.finished_at, Local(2025, 3, 6, 14, 0));
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2025, 3, 12, 11, 0)));
}

TEST(Finish, ResolutionSetsFinishedAndOutcomeAndReturnSetsReturned) {
  DossierTimeline t = ReceivedMonday();
  Apply(kPause, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  Apply(kPause, S::kResolved, Local(2025, 3, 7, 15, 0), &t, Outcome::kRefused);
  Apply(kPause, S::kReturned, Local(2025, 3, 11, 9, 0), &t);
  EXPECT_EQ(*t.finished_at, Local(2025, 3, 7, 15, 0));
  EXPECT_EQ(*t.returned_at, Local(2025, 3, 11, 9, 0));
  EXPECT_EQ(t.outcome, Outcome::kRefused);
  EXPECT_EQ(t.timeliness, Timeliness::kEarly);
  EXPECT_EQ(*ClassifyDossier(ShippedCalendar(), kPause, t), Timeliness::kEarly);
}

TEST(Finish, ResolutionWithoutOutcomeIsRefusedAndChangesNothing) {
  DossierTimeline t = ReceivedMonday();
  const DossierTimeline before = t;
  absl::Status s = ApplyTransition(
      ShippedCalendar(), kPause, To(S::kResolved, Local(2025, 3, 4, 9, 0)), &t);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("outcome"));
  EXPECT_EQ(t.status, before.status);
  EXPECT_FALSE(t.finished_at.has_value());
}

// Found by fuzz/write_request_fuzzer: an imported history's resolution
// with outcome 7 was stored as it came.
TEST(Finish, UndefinedOutcomeIsRefusedAndChangesNothing) {
  DossierTimeline t = ReceivedMonday();
  Transition resolve = To(S::kResolved, Local(2025, 3, 4, 9, 0));
  resolve.outcome = static_cast<Outcome>(7);
  absl::Status s = ApplyTransition(ShippedCalendar(), kPause, resolve, &t);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("GRANTED or REFUSED"));
  EXPECT_EQ(t.status, S::kReceived);
  EXPECT_FALSE(t.finished_at.has_value());
}

TEST(Finish, StopSetsFinishedAt) {
  DossierTimeline t = ReceivedMonday();
  Apply(kPause, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  Apply(kPause, S::kStopped, Local(2025, 3, 12, 10, 0), &t);
  EXPECT_EQ(*t.finished_at, Local(2025, 3, 12, 10, 0));
  EXPECT_EQ(*ClassifyDossier(ShippedCalendar(), kPause, t), Timeliness::kLate);
}

TEST(IllegalTransition, IsRefusedAndLeavesTheTimelineUntouched) {
  DossierTimeline t = ReceivedMonday();
  absl::Status s = ApplyTransition(
      ShippedCalendar(), kPause, To(S::kReturned, Local(2025, 3, 4, 9, 0)), &t);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "illegal transition from RECEIVED (2) to RETURNED (10)");
  EXPECT_EQ(t.status, S::kReceived);
  EXPECT_EQ(t.last_event_at, Local(2025, 3, 3, 9, 0));
}

TEST(TimeOrder, EventBeforeTheLastOneIsRefusedNamingBothTimes) {
  DossierTimeline t = ReceivedMonday();
  absl::Status s =
      ApplyTransition(ShippedCalendar(), kPause,
                      To(S::kProcessing, Local(2025, 3, 3, 8, 0)), &t);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("2025-03-03T01:00:00+00:00"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("2025-03-03T02:00:00+00:00"));
  EXPECT_EQ(t.status, S::kReceived);
}

TEST(Apology, SetsExtendedDueButClassificationUsesDueAt) {
  DossierTimeline t = ReceivedMonday();
  Apply(kPause, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  ASSERT_TRUE(
      ApplyApology(Local(2025, 3, 7, 9, 0), Local(2025, 3, 14, 9, 0), &t).ok());
  EXPECT_EQ(*t.extended_due_at, Local(2025, 3, 14, 9, 0));
  EXPECT_EQ(LocalString(*t.due_at), LocalString(Local(2025, 3, 10, 9, 0)));
  EXPECT_EQ(t.apology_count, 1);
  // Finished by the promised date, but after due_at: late (with apology).
  Apply(kPause, S::kResolved, Local(2025, 3, 13, 9, 0), &t, Outcome::kGranted);
  EXPECT_EQ(*ClassifyDossier(ShippedCalendar(), kPause, t), Timeliness::kLate);
}

TEST(Apology, NewAppointmentMustBeLaterThanTheOneItReplaces) {
  DossierTimeline t = ReceivedMonday();
  absl::Status s =
      ApplyApology(Local(2025, 3, 4, 9, 0), Local(2025, 3, 10, 8, 0), &t);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(t.extended_due_at.has_value());
  EXPECT_EQ(t.apology_count, 0);
}

TEST(Apology, IsRefusedOnceTheDossierIsResolved) {
  DossierTimeline t = ReceivedMonday();
  Apply(kPause, S::kResolved, Local(2025, 3, 4, 9, 0), &t, Outcome::kGranted);
  EXPECT_EQ(ApplyApology(Local(2025, 3, 5, 9, 0), Local(2025, 3, 20, 9, 0), &t)
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OpenClassification, IsWithinTimeUntilTheDueDatePasses) {
  const DossierTimeline t = ReceivedMonday();
  EXPECT_EQ(*ClassifyOpenDossier(kPause, t, Local(2025, 3, 10, 23, 0)),
            OpenTimeliness::kWithinTime);
  EXPECT_EQ(*ClassifyOpenDossier(kPause, t, Local(2025, 3, 11, 0, 0)),
            OpenTimeliness::kOverdue);
  EXPECT_EQ(ClassifyDossier(ShippedCalendar(), kPause, t).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OpenClassification, WaitingDossierIsNotOverdueWhileItsClockIsPaused) {
  DossierTimeline t = ReceivedMonday();  // due Mon 10 Mar 09:00
  Apply(kPause, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  Apply(kPause, S::kAwaitingSupplement, Local(2025, 3, 7, 10, 0), &t);
  EXPECT_EQ(*ClassifyOpenDossier(kPause, t, Local(2025, 3, 12, 9, 0)),
            OpenTimeliness::kWithinTime);
}

TEST(OpenClassification, DossierAlreadyOverdueWhenItsWaitBeganStaysOverdue) {
  DossierTimeline t = ReceivedMonday();
  Apply(kPause, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  Apply(kPause, S::kAwaitingSupplement, Local(2025, 3, 11, 10, 0), &t);
  EXPECT_EQ(*ClassifyOpenDossier(kPause, t, Local(2025, 3, 14, 9, 0)),
            OpenTimeliness::kOverdue);
}

TEST(OpenClassification, PastInstantsAreJudgedByTheDueInForceThen) {
  DossierTimeline t = AfterOneSupplementWait(kPause);  // due now Wed 12 Mar
  // Before the wait, the due was Mon 10 Mar; during it, the clock was paused.
  EXPECT_EQ(DueInForceAt(t, Local(2025, 3, 4, 9, 0)), Local(2025, 3, 10, 9, 0));
  EXPECT_EQ(*ClassifyOpenDossier(kPause, t, Local(2025, 3, 5, 12, 0)),
            OpenTimeliness::kWithinTime);
  EXPECT_EQ(*ClassifyOpenDossier(kPause, t, Local(2025, 3, 12, 20, 0)),
            OpenTimeliness::kWithinTime);
  EXPECT_EQ(*ClassifyOpenDossier(kPause, t, Local(2025, 3, 13, 0, 0)),
            OpenTimeliness::kOverdue);
  EXPECT_EQ(
      ClassifyOpenDossier(kPause, t, Local(2025, 3, 3, 8, 0)).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(InstantGranularityTimeline, FinishBeforeTheDueHalfDayIsEarly) {
  const DomainRules instant = {SupplementRule::kPause, Granularity::kInstant};
  DossierTimeline t = ReceivedMonday();  // due Mon 10 Mar 09:00 (morning)
  Apply(instant, S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  DossierTimeline on_time = t;
  Apply(instant, S::kResolved, Local(2025, 3, 7, 16, 0), &t, Outcome::kGranted);
  EXPECT_EQ(t.timeliness, Timeliness::kEarly);
  Apply(instant, S::kResolved, Local(2025, 3, 10, 8, 0), &on_time,
        Outcome::kGranted);
  EXPECT_EQ(on_time.timeliness, Timeliness::kOnTime);
}

TEST(DomainRulesDefaults, ArePauseAndDate) {
  const DomainRules defaults;
  EXPECT_EQ(defaults.supplement, SupplementRule::kPause);
  EXPECT_EQ(defaults.granularity, Granularity::kDate);
}

class InterAgency : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = ReceivedMonday();
    Apply(kPause, S::kProcessing, Local(2025, 3, 3, 10, 0), &t_);
  }
  DossierTimeline t_;
};

TEST_F(InterAgency, EachStepHasItsOwnDueInstant) {
  ASSERT_TRUE(StartStep(ShippedCalendar(), kPause, Local(2025, 3, 3, 10, 0),
                        "H55.01", {2, TimeUnit::kWorkingDays}, &t_)
                  .ok());
  ASSERT_TRUE(StartStep(ShippedCalendar(), kPause, Local(2025, 3, 6, 15, 0),
                        "H55.02", {8, TimeUnit::kWorkingHours}, &t_)
                  .ok());
  ASSERT_EQ(t_.steps.size(), 2u);
  EXPECT_EQ(LocalString(t_.steps[0].due_at),
            LocalString(Local(2025, 3, 5, 10, 0)));
  EXPECT_EQ(*t_.steps[0].finished_at, Local(2025, 3, 6, 15, 0));
  // Thu 15:00-17:00 2 h, Fri morning 4 h, 2 h from 13:30.
  EXPECT_EQ(LocalString(t_.steps[1].due_at),
            LocalString(Local(2025, 3, 7, 15, 30)));
  EXPECT_EQ(*ClassifyStep(ShippedCalendar(), kPause, t_.steps[0]),
            Timeliness::kLate);
  EXPECT_EQ(t_.steps[0].timeliness, Timeliness::kLate);
}

TEST_F(InterAgency, StepFinishedByItsAgencyIsClassifiedOnItsOwn) {
  ASSERT_TRUE(StartStep(ShippedCalendar(), kPause, Local(2025, 3, 3, 10, 0),
                        "H55.01", {2, TimeUnit::kWorkingDays}, &t_)
                  .ok());
  ASSERT_TRUE(
      FinishStep(ShippedCalendar(), kPause, Local(2025, 3, 4, 16, 0), &t_)
          .ok());
  EXPECT_EQ(*ClassifyStep(ShippedCalendar(), kPause, t_.steps[0]),
            Timeliness::kEarly);
  EXPECT_EQ(
      FinishStep(ShippedCalendar(), kPause, Local(2025, 3, 4, 16, 30), &t_)
          .code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST_F(InterAgency, SupplementWaitAlsoPausesTheOpenStep) {
  ASSERT_TRUE(StartStep(ShippedCalendar(), kPause, Local(2025, 3, 3, 10, 0),
                        "H55.01", {2, TimeUnit::kWorkingDays}, &t_)
                  .ok());
  Apply(kPause, S::kAwaitingSupplement, Local(2025, 3, 4, 10, 0), &t_);
  Apply(kPause, S::kProcessing, Local(2025, 3, 6, 14, 0), &t_);
  // Step due Wed 5 Mar 10:00 + the 17 h waited: Wed 1.5 + 3.5, Thu 7.5,
  // Fri morning 4 (16.5 h), then 0.5 h from 13:30: Fri 7 Mar 14:00.
  EXPECT_EQ(LocalString(t_.steps[0].due_at),
            LocalString(Local(2025, 3, 7, 14, 0)));
}

TEST_F(InterAgency, ResolutionClosesTheOpenStep) {
  ASSERT_TRUE(StartStep(ShippedCalendar(), kPause, Local(2025, 3, 3, 10, 0),
                        "H55.01", {2, TimeUnit::kWorkingDays}, &t_)
                  .ok());
  Apply(kPause, S::kResolved, Local(2025, 3, 5, 9, 0), &t_, Outcome::kGranted);
  EXPECT_EQ(*t_.steps[0].finished_at, Local(2025, 3, 5, 9, 0));
}

TEST(InterAgencyOutsideProcessing, IsRefused) {
  DossierTimeline t = ReceivedMonday();
  EXPECT_EQ(StartStep(ShippedCalendar(), kPause, Local(2025, 3, 3, 10, 0),
                      "H55.01", {2, TimeUnit::kWorkingDays}, &t)
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(t.steps.empty());
}

}  // namespace
}  // namespace motcua::core
