// Open work against its deadline (core/open_deadline.h), on the shipped
// calendars, against instants worked out by hand.
#include "core/open_deadline.h"

#include "gtest/gtest.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::core {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::LocalString;
using ::motcua::testing::ShippedCalendar;
using S = DossierStatus;

const DomainRules kDate = {SupplementRule::kPause, Granularity::kDate};
const DomainRules kInstant = {SupplementRule::kPause, Granularity::kInstant};

DossierTimeline Received(absl::Time at, ProcessingTime time) {
  absl::StatusOr<DossierTimeline> t =
      StartReceived(ShippedCalendar(), at, time);
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

void Apply(S to, absl::Time at, DossierTimeline* t) {
  const absl::Status s = ApplyTransition(
      ShippedCalendar(), kDate, {to, at, Outcome::kUnspecified, {}}, t);
  ASSERT_TRUE(s.ok()) << s;
}

OpenDeadline Deadline(const DossierTimeline& t, absl::Time as_of,
                      const DomainRules& rules = kDate) {
  absl::StatusOr<OpenDeadline> d =
      DossierDeadline(ShippedCalendar(), rules, t, as_of);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.value_or(OpenDeadline());
}

// Thu 6 Mar 2025 09:00 + 2 working days: due Mon 10 Mar 09:00. On Friday
// at 15:00, 2 h are left that day and 1.5 h on Monday morning.
TEST(DossierDeadline, WorkingDaysCountOnlyWorkingTimeOverTheWeekend) {
  const DossierTimeline t =
      Received(Local(2025, 3, 6, 9, 0), {2, TimeUnit::kWorkingDays});
  const OpenDeadline d = Deadline(t, Local(2025, 3, 7, 15, 0));
  EXPECT_EQ(LocalString(d.due), LocalString(Local(2025, 3, 10, 9, 0)));
  EXPECT_EQ(d.left, absl::Minutes(210));
  EXPECT_FALSE(d.overdue);
  EXPECT_FALSE(d.clock_paused);
}

// Mon 3 Mar 2025 10:00 + 4 working hours: 1.5 h before lunch, 2.5 h after:
// due 16:00. At 11:00 3 h are left; over lunch (12:30) 2.5 h.
TEST(DossierDeadline, WorkingHoursLeftSkipTheLunchBreak) {
  const DossierTimeline t =
      Received(Local(2025, 3, 3, 10, 0), {4, TimeUnit::kWorkingHours});
  EXPECT_EQ(LocalString(t.due_at.value()),
            LocalString(Local(2025, 3, 3, 16, 0)));
  EXPECT_EQ(Deadline(t, Local(2025, 3, 3, 11, 0)).left, absl::Hours(3));
  EXPECT_EQ(Deadline(t, Local(2025, 3, 3, 12, 30)).left, absl::Minutes(150));
}

// Mon 9 Feb 2026 09:00 + 5 calendar days is Sat 14 Feb, the first day of
// Tết (14-22 Feb): due Mon 23 Feb 09:00. On Fri 13 Feb at 16:00, 1 h is
// left that day and 1.5 h after Tết.
TEST(DossierDeadline, CalendarDaysLeftSkipTet) {
  const DossierTimeline t =
      Received(Local(2026, 2, 9, 9, 0), {5, TimeUnit::kCalendarDays});
  const OpenDeadline d = Deadline(t, Local(2026, 2, 13, 16, 0));
  EXPECT_EQ(LocalString(d.due), LocalString(Local(2026, 2, 23, 9, 0)));
  EXPECT_EQ(d.left, absl::Minutes(150));
}

// Fri 9 Jan 2026 14:00 + 1 working day is Sat 10 Jan, a make-up working
// day: due Sat 14:00. On Friday at 16:00: 1 h + 4 h + 0.5 h left.
TEST(DossierDeadline, MakeUpSaturdayIsWorkingTime) {
  const DossierTimeline t =
      Received(Local(2026, 1, 9, 14, 0), {1, TimeUnit::kWorkingDays});
  const OpenDeadline d = Deadline(t, Local(2026, 1, 9, 16, 0));
  EXPECT_EQ(LocalString(d.due), LocalString(Local(2026, 1, 10, 14, 0)));
  EXPECT_EQ(d.left, absl::Minutes(330));
}

// The same dossier on Mon 12 Jan 08:00 is overdue (a later date), by the
// 3 h worked after Saturday 14:00 and Monday's first half hour.
TEST(DossierDeadline, OverdueTimeLeftIsNegativeWorkingTime) {
  const DossierTimeline t =
      Received(Local(2026, 1, 9, 14, 0), {1, TimeUnit::kWorkingDays});
  const OpenDeadline d = Deadline(t, Local(2026, 1, 12, 8, 0));
  EXPECT_TRUE(d.overdue);
  EXPECT_EQ(d.left, -absl::Minutes(210));
}

// Due Mon 10 Mar 2025 09:00: at 10:00 that day one hour has passed; under
// DATE it is not yet overdue (due soon), under INSTANT it is.
TEST(DossierDeadline, PastTheInstantOnTheDueDayIsOverdueOnlyUnderInstant) {
  const DossierTimeline t =
      Received(Local(2025, 3, 6, 9, 0), {2, TimeUnit::kWorkingDays});
  const OpenDeadline date = Deadline(t, Local(2025, 3, 10, 10, 0), kDate);
  EXPECT_EQ(date.left, -absl::Hours(1));
  EXPECT_FALSE(date.overdue);
  EXPECT_TRUE(IsDueSoon(date, {Local(2025, 3, 10, 17, 0), absl::Hours(7)}));
  EXPECT_TRUE(Deadline(t, Local(2025, 3, 10, 10, 0), kInstant).overdue);
}

// Mon 3 Mar 2025 09:00 + 5 working days: due Mon 10 Mar 09:00. A supplement
// asked Tue 4 Mar 10:00 and still awaited on Mon 10 Mar 15:00 stops the
// clock: left is what remained on Tuesday at 10:00 (5 + 3 x 7.5 + 1.5 h).
TEST(DossierDeadline, WaitInProgressFreezesTheTimeLeft) {
  DossierTimeline t =
      Received(Local(2025, 3, 3, 9, 0), {5, TimeUnit::kWorkingDays});
  Apply(S::kProcessing, Local(2025, 3, 3, 10, 0), &t);
  Apply(S::kAwaitingSupplement, Local(2025, 3, 4, 10, 0), &t);
  const OpenDeadline d = Deadline(t, Local(2025, 3, 10, 15, 0));
  EXPECT_EQ(LocalString(d.due), LocalString(Local(2025, 3, 10, 9, 0)));
  EXPECT_EQ(d.left, absl::Hours(29));
  EXPECT_FALSE(d.overdue);
  EXPECT_TRUE(d.clock_paused);
  EXPECT_FALSE(IsDueSoon(d, {Local(2025, 3, 31, 17, 0), kMaxDueSoonWindow}));
}

TEST(DossierDeadline, RefusesAFinishedDossier) {
  DossierTimeline t =
      Received(Local(2025, 3, 3, 9, 0), {5, TimeUnit::kWorkingDays});
  const absl::Status s = ApplyTransition(
      ShippedCalendar(), kDate,
      {S::kResolved, Local(2025, 3, 4, 9, 0), Outcome::kGranted, {}}, &t);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(
      DossierDeadline(ShippedCalendar(), kDate, t, Local(2025, 3, 5, 9, 0))
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
}

// Received Mon 3 Mar 2025 09:00 (5 working days), handed at 10:00 to
// another agency for 2 working days.
DossierTimeline HandedOnMonday() {
  DossierTimeline t =
      Received(Local(2025, 3, 3, 9, 0), {5, TimeUnit::kWorkingDays});
  Apply(S::kProcessing, Local(2025, 3, 3, 9, 30), &t);
  const absl::Status s =
      StartStep(ShippedCalendar(), kDate, Local(2025, 3, 3, 10, 0),
                "000.00.01.H42", {2, TimeUnit::kWorkingDays}, &t);
  EXPECT_TRUE(s.ok()) << s;
  return t;
}

// A step handed Mon 3 Mar 2025 10:00 with 2 working days is due Wed 5 Mar
// 10:00: on Wed 14:00 2 h past it (due soon under DATE), on Thu 08:00
// overdue by 5.5 h.
TEST(OpenStepDeadline, JudgesTheStepsOwnDue) {
  DossierTimeline t = HandedOnMonday();
  absl::StatusOr<OpenDeadline> wed =
      OpenStepDeadline(ShippedCalendar(), kDate, t, Local(2025, 3, 5, 14, 0));
  ASSERT_TRUE(wed.ok()) << wed.status();
  EXPECT_EQ(LocalString(wed->due), LocalString(Local(2025, 3, 5, 10, 0)));
  EXPECT_EQ(wed->left, -absl::Hours(2));
  EXPECT_FALSE(wed->overdue);
  absl::StatusOr<OpenDeadline> thu =
      OpenStepDeadline(ShippedCalendar(), kDate, t, Local(2025, 3, 6, 8, 0));
  ASSERT_TRUE(thu.ok()) << thu.status();
  EXPECT_TRUE(thu->overdue);
  EXPECT_EQ(thu->left, -absl::Minutes(330));
}

// The same step, the dossier waiting for a supplement since Tue 4 Mar
// 10:00: on Thu 6 Mar 15:00 the step's clock stands where the wait began,
// a working day (1.5 + 3.5 + 2.5 h) before its due, neither overdue nor due
// soon.
TEST(OpenStepDeadline, StepsClockStopsWhileTheDossierWaits) {
  DossierTimeline t = HandedOnMonday();
  Apply(S::kAwaitingSupplement, Local(2025, 3, 4, 10, 0), &t);
  absl::StatusOr<OpenDeadline> d =
      OpenStepDeadline(ShippedCalendar(), kDate, t, Local(2025, 3, 6, 15, 0));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->clock_paused);
  EXPECT_FALSE(d->overdue);
  EXPECT_EQ(d->left, absl::Minutes(450));
  EXPECT_FALSE(IsDueSoon(*d, {Local(2025, 3, 7, 17, 0), absl::Hours(10)}));
}

TEST(OpenStepDeadline, RefusesADossierWithoutAnOpenStep) {
  const DossierTimeline t =
      Received(Local(2025, 3, 3, 9, 0), {5, TimeUnit::kWorkingDays});
  EXPECT_EQ(
      OpenStepDeadline(ShippedCalendar(), kDate, t, Local(2025, 3, 4, 9, 0))
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
}

// On Fri 7 Mar 2025 15:00 the next working day ends Mon 10 Mar 17:00:
// 2 h on Friday and 7.5 h on Monday.
TEST(DueSoonWindowAt, DefaultsToTheEndOfTheNextWorkingDay) {
  absl::StatusOr<DueSoonWindow> w = DueSoonWindowAt(
      ShippedCalendar(), Local(2025, 3, 7, 15, 0), std::nullopt);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(LocalString(w->end), LocalString(Local(2025, 3, 10, 17, 0)));
  EXPECT_EQ(w->working_time, absl::Minutes(570));
}

// On Fri 13 Feb 2026 16:00 the next working day is Mon 23 Feb, after Tết.
TEST(DueSoonWindowAt, DefaultSkipsTet) {
  absl::StatusOr<DueSoonWindow> w = DueSoonWindowAt(
      ShippedCalendar(), Local(2026, 2, 13, 16, 0), std::nullopt);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(LocalString(w->end), LocalString(Local(2026, 2, 23, 17, 0)));
  EXPECT_EQ(w->working_time, absl::Minutes(510));
}

// 8 working hours from Fri 7 Mar 2025 15:00: 2 h on Friday, then Monday
// 07:30-11:30 and 13:30-15:30.
TEST(DueSoonWindowAt, WithinEndsWhenThatMuchHasBeenWorked) {
  absl::StatusOr<DueSoonWindow> w = DueSoonWindowAt(
      ShippedCalendar(), Local(2025, 3, 7, 15, 0), absl::Hours(8));
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(LocalString(w->end), LocalString(Local(2025, 3, 10, 15, 30)));
  EXPECT_EQ(w->working_time, absl::Hours(8));
}

TEST(DueSoonWindowAt, RefusesAnEmptyOrHugeWindowNamingWithin) {
  for (absl::Duration bad :
       {absl::ZeroDuration(), -absl::Hours(1), absl::Hours(201)}) {
    const absl::Status s =
        DueSoonWindowAt(ShippedCalendar(), Local(2025, 3, 7, 15, 0), bad)
            .status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find("within"), absl::string_view::npos);
  }
}

TEST(IsDueSoon, NeedsTheDueByTheWindowsEnd) {
  const DueSoonWindow window{Local(2025, 3, 10, 17, 0), absl::Hours(9)};
  OpenDeadline d;
  d.due = Local(2025, 3, 10, 17, 0);
  EXPECT_TRUE(IsDueSoon(d, window));
  // The next morning's 07:30 leaves as much working time, but is later.
  d.due = Local(2025, 3, 11, 7, 30);
  EXPECT_FALSE(IsDueSoon(d, window));
  d.due = Local(2025, 3, 10, 9, 0);
  d.overdue = true;
  EXPECT_FALSE(IsDueSoon(d, window));
}

}  // namespace
}  // namespace motcua::core
