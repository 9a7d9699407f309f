// The catalogue held in memory: versions by day, unit paths and scopes,
// including a commune that moved when districts were abolished on
// 1 July 2025.
#include "core/catalogue_index.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace motcua::core {
namespace {

using ::testing::HasSubstr;

const absl::CivilDay kReform(2025, 7, 1);

Validity From(absl::CivilDay from, std::optional<absl::CivilDay> to = {}) {
  return {from, to};
}

CatalogueIndex HaTinh() {
  std::vector<Unit> units = {
      // Listed out of order on purpose: the index sorts them.
      {"18070", "Xã Bắc Hà", UnitLevel::kCommune, "436",
       From(absl::CivilDay(2020, 1, 1), kReform)},
      {"18070", "Xã Bắc Hà", UnitLevel::kCommune, "42", From(kReform)},
      {"42", "Tỉnh Hà Tĩnh", UnitLevel::kProvince, "",
       From(absl::CivilDay(2020, 1, 1))},
      {"436", "Thành phố Hà Tĩnh", UnitLevel::kDistrict, "42",
       From(absl::CivilDay(2020, 1, 1), kReform)},
  };
  std::vector<Agency> agencies = {
      {"H29.18070", "UBND xã Bắc Hà", UnitLevel::kCommune, "18070",
       From(absl::CivilDay(2020, 1, 1))},
  };
  std::vector<Field> fields = {{"HT", "Hộ tịch"}};
  Procedure marriage;
  marriage.code = "1.000894";
  marriage.name = "Đăng ký kết hôn";
  marriage.field_code = "HT";
  marriage.level = UnitLevel::kCommune;
  marriage.online_level = 3;
  marriage.online_class = OnlineClass::kPartial;
  marriage.validity =
      From(absl::CivilDay(2020, 1, 1), absl::CivilDay(2025, 3, 4));
  Procedure renewed = marriage;
  renewed.online_level = 4;
  renewed.online_class = OnlineClass::kFull;
  renewed.validity = From(absl::CivilDay(2025, 3, 4));
  return CatalogueIndex(std::move(units), std::move(agencies),
                        std::move(fields), {renewed, marriage});
}

TEST(CatalogueIndexTest, FindsTheVersionInForceOnADay) {
  const CatalogueIndex index = HaTinh();
  const Procedure* before =
      index.ProcedureOn("1.000894", absl::CivilDay(2025, 3, 3));
  const Procedure* after =
      index.ProcedureOn("1.000894", absl::CivilDay(2025, 3, 4));
  ASSERT_NE(before, nullptr);
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(before->online_level, 3);
  EXPECT_EQ(after->online_level, 4);
  EXPECT_EQ(index.ProcedureOn("1.000894", absl::CivilDay(2019, 12, 31)),
            nullptr);
  EXPECT_EQ(index.ProcedureOn("9.999999", absl::CivilDay(2025, 3, 4)), nullptr);
}

TEST(CatalogueIndexTest, ListsEveryVersionByCodeThenStart) {
  const CatalogueIndex index = HaTinh();
  ASSERT_EQ(index.units().size(), 4u);
  EXPECT_EQ(index.units()[0].code, "18070");
  EXPECT_EQ(index.units()[0].parent_code, "436");
  EXPECT_EQ(index.units()[1].parent_code, "42");
  EXPECT_EQ(index.units()[3].code, "436");
  ASSERT_EQ(index.procedures().size(), 2u);
  EXPECT_EQ(index.procedures()[0].online_level, 3);
}

TEST(CatalogueIndexTest, UnitPathFollowsTheHierarchyOfTheDay) {
  const CatalogueIndex index = HaTinh();
  absl::StatusOr<UnitPath> before =
      index.UnitPathOf("H29.18070", absl::CivilDay(2025, 6, 30), "agency_code");
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->province, "42");
  EXPECT_EQ(before->district, "436");
  EXPECT_EQ(before->commune, "18070");
  absl::StatusOr<UnitPath> after =
      index.UnitPathOf("H29.18070", kReform, "agency_code");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->province, "42");
  EXPECT_EQ(after->district, "");
  EXPECT_EQ(after->commune, "18070");
}

TEST(CatalogueIndexTest, AMissingAgencyOrUnitIsRefusedNamingTheField) {
  const CatalogueIndex index = HaTinh();
  absl::StatusOr<UnitPath> unknown =
      index.UnitPathOf("H29.99999", absl::CivilDay(2025, 3, 3), "agency_code");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().message(),
            "agency_code: agency 'H29.99999' is not in force on 2025-03-03");
  absl::StatusOr<UnitPath> too_early =
      index.PathOfUnit("18070", absl::CivilDay(2019, 5, 1), "scope");
  EXPECT_EQ(too_early.status().message(),
            "scope: unit '18070' is not in force on 2019-05-01");
}

TEST(CatalogueIndexTest, ScopeWithinFollowsTheDay) {
  const CatalogueIndex index = HaTinh();
  const Scope district{ScopeKind::kDistrict, "436"};
  const Scope province{ScopeKind::kProvince, "42"};
  const Scope agency{ScopeKind::kAgency, "H29.18070"};
  const Scope commune{ScopeKind::kCommune, "18070"};
  EXPECT_TRUE(index.ScopeWithin(district, agency, absl::CivilDay(2025, 6, 30)));
  EXPECT_FALSE(index.ScopeWithin(district, agency, kReform));
  EXPECT_TRUE(index.ScopeWithin(province, commune, kReform));
  EXPECT_TRUE(index.ScopeWithin({ScopeKind::kDeployment, ""},
                                {ScopeKind::kAgency, "nowhere"}, kReform));
  EXPECT_FALSE(
      index.ScopeWithin(province, {ScopeKind::kAgency, "nowhere"}, kReform));
  EXPECT_TRUE(index.ScopeWithin(commune, commune, kReform));
}

TEST(CatalogueIndexTest, ProcedureSnapshotCarriesTheClassificationOfTheDay) {
  const CatalogueIndex index = HaTinh();
  absl::StatusOr<ProcedureSnapshot> s = index.ProcedureSnapshotOn(
      "1.000894", absl::CivilDay(2025, 3, 4), "procedure_code");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->field_code, "HT");
  EXPECT_EQ(s->online_level, 4);
  EXPECT_EQ(s->online_class, OnlineClass::kFull);
  absl::StatusOr<ProcedureSnapshot> none = index.ProcedureSnapshotOn(
      "1.000894", absl::CivilDay(2019, 1, 1), "procedure_code");
  EXPECT_THAT(
      std::string(none.status().message()),
      HasSubstr("procedure_code: procedure '1.000894' is not in force"));
}

TEST(CatalogueIndexTest, FieldsAreFoundByCode) {
  const CatalogueIndex index = HaTinh();
  ASSERT_NE(index.FieldOf("HT"), nullptr);
  EXPECT_EQ(index.FieldOf("HT")->name, "Hộ tịch");
  EXPECT_EQ(index.FieldOf("XX"), nullptr);
}

TEST(OnlineClassificationTest, OneCheckForEveryPath) {
  EXPECT_TRUE(ValidateOnlineClassification(4, OnlineClass::kFull).ok());
  EXPECT_EQ(ValidateOnlineClassification(5, OnlineClass::kFull).message(),
            "procedure.online_level must be 1 to 4, got 5");
  EXPECT_EQ(
      ValidateOnlineClassification(2, static_cast<OnlineClass>(7)).message(),
      "procedure.online_class must be NONE, PARTIAL or FULL, got 7");
}

}  // namespace
}  // namespace motcua::core
