// Dossier changes build the next record and the event that records it.
#include "core/dossier_changes.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::core {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::LocalString;
using ::motcua::testing::ShippedCalendar;
using ::testing::HasSubstr;

// Marriage registration as catalogued in 2025: level 3, PARTIAL, 5 days.
ProcedureSnapshot Marriage2025() {
  return {"1.000894",
          "HOTICH",
          3,
          OnlineClass::kPartial,
          {5, TimeUnit::kWorkingDays},
          false};
}

Dossier SubmittedOnline() {
  NewDossier n;
  n.code = "H29.18352-241230-0001";
  n.agency_code = "H29.18352";
  n.channel = Channel::kOnline;
  n.procedure = Marriage2025();
  n.units = {"42", "437", "18352"};
  n.at = Local(2024, 12, 30, 21, 0);
  n.submitted_only = true;
  absl::StatusOr<DossierChange> c =
      CreateDossierChange(ShippedCalendar(), n, {"citizen-portal", ""});
  EXPECT_TRUE(c.ok()) << c.status();
  return c->dossier;
}

TEST(CreateDossierChange, OnlineSubmissionStartsAsSubmittedWithoutDueDate) {
  const Dossier d = SubmittedOnline();
  EXPECT_EQ(d.timeline.status, DossierStatus::kSubmitted);
  EXPECT_FALSE(d.timeline.due_at.has_value());
}

TEST(CreateDossierChange, OnlyOnlineDossiersStartAsSubmitted) {
  NewDossier n;
  n.code = "H29.18352-241230-0001";
  n.agency_code = "H29.18352";
  n.channel = Channel::kDirect;
  n.procedure = Marriage2025();
  n.at = Local(2024, 12, 30, 9, 0);
  n.submitted_only = true;
  absl::StatusOr<DossierChange> c =
      CreateDossierChange(ShippedCalendar(), n, {"desk", ""});
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CreateDossierChange, CodeMustBelongToTheAgency) {
  NewDossier n;
  n.code = "H29.10-241230-0001";
  n.agency_code = "H29.18352";
  n.channel = Channel::kDirect;
  n.procedure = Marriage2025();
  n.at = Local(2024, 12, 30, 9, 0);
  EXPECT_THAT(
      std::string(
          CreateDossierChange(ShippedCalendar(), n, {}).status().message()),
      HasSubstr("does not belong to agency"));
}

// Found by fuzz/write_request_fuzzer: ImportDossiers may give a history's
// own classification, and an undefined online_class (proto3 enums take any
// number) was stored and answered back.
TEST(CreateDossierChange, RefusesAnUndefinedClassification) {
  NewDossier n;
  n.code = "H29.18352-241230-0001";
  n.agency_code = "H29.18352";
  n.channel = Channel::kOnline;
  n.procedure = Marriage2025();
  n.procedure.online_class = static_cast<OnlineClass>(7);
  n.at = Local(2024, 12, 30, 9, 0);
  absl::StatusOr<DossierChange> c =
      CreateDossierChange(ShippedCalendar(), n, {"import", ""});
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("online_class"));
  n.procedure = Marriage2025();
  n.procedure.online_level = 0;
  EXPECT_EQ(
      CreateDossierChange(ShippedCalendar(), n, {"import", ""}).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(ReceiveSubmittedChange, RefusesAnUndefinedClassification) {
  ProcedureSnapshot then = Marriage2025();
  then.online_class = static_cast<OnlineClass>(-1);
  EXPECT_EQ(ReceiveSubmittedChange(ShippedCalendar(), DomainRules(),
                                   SubmittedOnline(), Local(2025, 1, 2, 8, 0),
                                   then, {"42", "437", "18352"}, {})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ReceiveSubmittedChange, TakesTheReceptionDaySnapshotsAndDueDate) {
  // Submitted in 2024 when the procedure was level 3 in district 437;
  // received in 2025 after it became level 4 with 3 days, and the commune
  // moved to district 436.
  const Dossier submitted = SubmittedOnline();
  ProcedureSnapshot now = Marriage2025();
  now.online_level = 4;
  now.online_class = OnlineClass::kFull;
  now.processing_time = {3, TimeUnit::kWorkingDays};
  absl::StatusOr<DossierChange> c = ReceiveSubmittedChange(
      ShippedCalendar(), DomainRules(), submitted, Local(2025, 1, 2, 8, 0), now,
      {"42", "436", "18352"}, {"desk-1", ""});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->dossier.procedure.online_level, 4);
  EXPECT_EQ(c->dossier.units.district, "436");
  // Thu 2 Jan 2025 08:00 + 3 working days: Fri 3, Mon 6, Tue 7 Jan.
  EXPECT_EQ(LocalString(*c->dossier.timeline.due_at),
            LocalString(Local(2025, 1, 7, 8, 0)));
  EXPECT_EQ(c->event.from, DossierStatus::kSubmitted);
  EXPECT_EQ(c->event.to, DossierStatus::kReceived);
  EXPECT_EQ(c->event.principal, "desk-1");
}

TEST(ReceiveSubmittedChange, RefusesASnapshotOfAnotherProcedure) {
  ProcedureSnapshot other = Marriage2025();
  other.code = "1.001193";
  EXPECT_EQ(ReceiveSubmittedChange(ShippedCalendar(), DomainRules(),
                                   SubmittedOnline(), Local(2025, 1, 2, 8, 0),
                                   other, {}, {})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TransitionChange, RefusesReceptionWithoutSnapshots) {
  EXPECT_EQ(TransitionChange(ShippedCalendar(), DomainRules(),
                             SubmittedOnline(), DossierStatus::kReceived,
                             Local(2025, 1, 2, 8, 0), Outcome::kUnspecified, {})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TransitionChange, RecordsFromToOutcomeAndActorInTheEvent) {
  const Dossier submitted = SubmittedOnline();
  absl::StatusOr<DossierChange> refused =
      TransitionChange(ShippedCalendar(), DomainRules(), submitted,
                       DossierStatus::kNotAccepted, Local(2024, 12, 31, 9, 0),
                       Outcome::kUnspecified, {"desk-2", "missing form"});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->event.kind, EventKind::kTransition);
  EXPECT_EQ(refused->event.from, DossierStatus::kSubmitted);
  EXPECT_EQ(refused->event.to, DossierStatus::kNotAccepted);
  EXPECT_EQ(refused->event.note, "missing form");
  EXPECT_EQ(refused->event.occurred_at, Local(2024, 12, 31, 9, 0));
}

}  // namespace
}  // namespace motcua::core
