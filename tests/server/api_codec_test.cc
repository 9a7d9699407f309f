// API conversions keep every field and name the field at fault.
#include "server/api_codec.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::server {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::ShippedYear;
using ::testing::HasSubstr;

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(ApiCodec, TimestampsRoundTripToTheNanosecond) {
  const absl::Time t = Local(2025, 3, 3, 9, 0) + absl::Nanoseconds(123456789);
  google::protobuf::Timestamp p;
  ToProto(t, &p);
  absl::StatusOr<std::optional<absl::Time>> back = FromProto(p, true, "at");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(**back, t);
  EXPECT_FALSE(FromProto(p, false, "at")->has_value());
}

TEST(ApiCodec, InvalidTimestampNamesItsField) {
  google::protobuf::Timestamp p;
  p.set_nanos(-1);
  EXPECT_THAT(Message(FromProto(p, true, "write.occurred_at").status()),
              HasSubstr("write.occurred_at is not a valid timestamp"));
}

// -26.5 h (an overdue dossier's working time left) keeps one sign in
// seconds and nanos, as google.protobuf.Duration requires.
TEST(ApiCodec, NegativeDurationsRoundTripWithOneSign) {
  const absl::Duration d = -absl::Minutes(26 * 60 + 30) - absl::Nanoseconds(5);
  google::protobuf::Duration p;
  ToProto(d, &p);
  EXPECT_EQ(p.seconds(), -(26 * 3600 + 30 * 60));
  EXPECT_EQ(p.nanos(), -5);
  absl::StatusOr<absl::Duration> back = FromProto(p, "within");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, d);
}

TEST(ApiCodec, InvalidDurationNamesItsField) {
  google::protobuf::Duration p;
  p.set_seconds(1);
  p.set_nanos(-1);
  EXPECT_THAT(Message(FromProto(p, "within").status()),
              HasSubstr("within is not a valid duration"));
  p.set_seconds(315576000001);
  p.set_nanos(0);
  EXPECT_THAT(Message(FromProto(p, "within").status()),
              HasSubstr("within is not a valid duration"));
}

TEST(ApiCodec, ImpossibleDatesNameTheirPart) {
  v1::Date d;
  d.set_year(2025);
  d.set_month(2);
  d.set_day(30);
  EXPECT_EQ(Message(FromProto(d, "received_from").status()),
            "received_from.day is not a day of 2025-2");
  d.set_month(13);
  EXPECT_EQ(Message(FromProto(d, "received_from").status()),
            "received_from.month must be 1..12");
}

TEST(ApiCodec, DossierWithoutRightsHasNoApplicant) {
  core::Dossier d;
  d.code = "H29.18070-250303-0001";
  d.applicant = {
      core::ApplicantKind::kPerson, "Trần Thị B", "042190005678", "", "", ""};
  d.timeline.status = core::DossierStatus::kReceived;
  d.timeline.received_at = Local(2025, 3, 3, 9, 0);
  d.timeline.due_at = Local(2025, 3, 10, 9, 0);
  v1::Dossier without, with;
  ToProto(d, false, &without);
  ToProto(d, true, &with);
  EXPECT_FALSE(without.has_applicant());
  EXPECT_EQ(with.applicant().id_number(), "042190005678");
  EXPECT_EQ(without.status(), v1::RECEIVED);
  EXPECT_TRUE(without.has_due_at());
  EXPECT_FALSE(without.has_finished_at());
  EXPECT_FALSE(without.has_submitted_at());
}

TEST(ApiCodec, UnitNeedsItsValidityAndAValidCode) {
  v1::Unit u;
  u.set_code("436");
  u.set_name("Thành phố Hà Tĩnh");
  u.set_level(v1::DISTRICT);
  u.set_parent_code("42");
  EXPECT_EQ(Message(FromProto(u).status()),
            "unit.validity.valid_from is required");
  ToProto(absl::CivilDay(2020, 1, 1),
          u.mutable_validity()->mutable_valid_from());
  EXPECT_TRUE(FromProto(u).ok());
  u.set_code("4360");
  EXPECT_THAT(Message(FromProto(u).status()), HasSubstr("unit.code"));
  u.set_level(v1::UNIT_LEVEL_UNSPECIFIED);
  EXPECT_EQ(Message(FromProto(u).status()),
            "unit.level must be PROVINCE, DISTRICT or COMMUNE");
}

TEST(ApiCodec, ProcedureRoundTrips) {
  core::Procedure p{"1.009994",
                    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                    "XAYDUNG",
                    core::UnitLevel::kDistrict,
                    {15, core::TimeUnit::kWorkingDays},
                    true,
                    3,
                    core::OnlineClass::kPartial,
                    {absl::CivilDay(2021, 7, 1), absl::CivilDay(2026, 1, 1)}};
  v1::Procedure wire;
  ToProto(p, &wire);
  absl::StatusOr<core::Procedure> back = FromProto(wire);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->name, p.name);
  EXPECT_EQ(back->processing_time, p.processing_time);
  EXPECT_EQ(back->online_class, core::OnlineClass::kPartial);
  EXPECT_EQ(*back->validity.valid_to, absl::CivilDay(2026, 1, 1));
  wire.mutable_processing_time()->set_amount(0);
  EXPECT_THAT(Message(FromProto(wire).status()),
              HasSubstr("procedure.processing_time"));
}

TEST(ApiCodec, ScopesNeedACodeExceptTheDeployment) {
  v1::Scope s;
  s.set_kind(v1::Scope::AGENCY);
  EXPECT_EQ(Message(FromProto(s, "scope").status()), "scope.code is required");
  s.set_kind(v1::Scope::DEPLOYMENT);
  s.set_code("42");
  EXPECT_EQ(Message(FromProto(s, "scope").status()),
            "scope.code must be empty for DEPLOYMENT");
  s.set_kind(v1::Scope::KIND_UNSPECIFIED);
  EXPECT_THAT(Message(FromProto(s, "scope").status()), HasSubstr("scope.kind"));
  s.set_kind(v1::Scope::DISTRICT);
  s.set_code("436");
  absl::StatusOr<core::Scope> scope = FromProto(s, "scope");
  ASSERT_TRUE(scope.ok());
  EXPECT_EQ(scope->kind, core::ScopeKind::kDistrict);
  EXPECT_EQ(ToProto(*scope).kind(), v1::Scope::DISTRICT);
}

TEST(ApiCodec, ApplicantNeedsKindNameAndIdentityNumber) {
  v1::Applicant a;
  a.set_kind(v1::Applicant::PERSON);
  a.set_name("Nguyễn Văn A");
  EXPECT_EQ(Message(FromProto(a, "applicant").status()),
            "applicant.id_number must have 1 to 32 characters");
}

TEST(ApiCodec, CalendarYearRoundTripsAndIsValidated) {
  v1::CalendarYear wire;
  ToProto(ShippedYear(2026), &wire);
  absl::StatusOr<core::CalendarYear> back = FromProto(wire);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(core::FormatCalendarYear(*back),
            core::FormatCalendarYear(ShippedYear(2026)));
  ToProto(absl::CivilDay(2026, 3, 4), wire.add_makeup_days()->mutable_day());
  EXPECT_THAT(Message(FromProto(wire).status()), HasSubstr("is a weekday"));
}

TEST(ApiCodec, SettingsNameTheBadField) {
  v1::Settings s;
  s.set_supplement_rule(v1::Settings::PAUSE);
  s.set_granularity(v1::Settings::DATE);
  s.set_work_schedule("mon-fri 07:30-11:30 13:30-17:00\n");
  EXPECT_TRUE(FromProto(s).ok());
  s.set_work_schedule("");
  EXPECT_THAT(Message(FromProto(s).status()),
              HasSubstr("settings.work_schedule"));
  s.set_granularity(v1::Settings::GRANULARITY_UNSPECIFIED);
  EXPECT_EQ(Message(FromProto(s).status()),
            "settings.granularity must be DATE or INSTANT");
}

}  // namespace
}  // namespace motcua::server
