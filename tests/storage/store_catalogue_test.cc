// Storage contract: settings, calendar and catalogue (every engine).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::testing::HasSubstr;

class StoreCatalogue : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { store_ = Open(); }
  std::unique_ptr<storage::Store> Open() {
    absl::StatusOr<std::unique_ptr<storage::Store>> s =
        GetParam().open(dir_.Sub("db"), nullptr);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *std::move(s) : nullptr;
  }
  TempDir dir_;
  std::unique_ptr<storage::Store> store_;
};

TEST_P(StoreCatalogue, SettingsDefaultToPauseDateAndNationalHours) {
  absl::StatusOr<core::Settings> s = store_->GetSettings();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->rules.supplement, core::SupplementRule::kPause);
  EXPECT_EQ(s->rules.granularity, core::Granularity::kDate);
  EXPECT_EQ(s->schedule.ToString(), core::WorkSchedule::Default().ToString());
}

TEST_P(StoreCatalogue, SettingsSurviveReopen) {
  core::Settings settings;
  settings.rules = {core::SupplementRule::kRestart,
                    core::Granularity::kInstant};
  settings.schedule =
      *core::WorkSchedule::Parse("mon-fri 08:00-12:00 13:00-17:00\n");
  ASSERT_TRUE(store_->PutSettings(settings).ok());
  store_.reset();
  store_ = Open();
  absl::StatusOr<core::Settings> s = store_->GetSettings();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->rules.supplement, core::SupplementRule::kRestart);
  EXPECT_EQ(s->rules.granularity, core::Granularity::kInstant);
  EXPECT_EQ(s->schedule.ToString(), settings.schedule.ToString());
}

TEST_P(StoreCatalogue, GranularityIsFixedOnceDossiersExist) {
  const World world = SmallProvince();
  ASSERT_TRUE(LoadWorld(world, *store_).ok());
  ASSERT_TRUE(Receive(*store_, world, "H29.18070", "1.000894",
                      core::Channel::kDirect, Local(2025, 3, 3, 9, 0))
                  .ok());
  core::Settings settings;
  settings.rules.granularity = core::Granularity::kInstant;
  absl::Status s = store_->PutSettings(settings);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetSettings()->rules.granularity, core::Granularity::kDate);
  settings.rules = {core::SupplementRule::kRestart, core::Granularity::kDate};
  EXPECT_TRUE(store_->PutSettings(settings).ok());
}

TEST_P(StoreCatalogue, CalendarYearsAreListedInOrderAndReplaceable) {
  ASSERT_TRUE(store_->PutCalendarYear(ShippedYear(2026)).ok());
  ASSERT_TRUE(store_->PutCalendarYear(ShippedYear(2025)).ok());
  core::CalendarYear replaced = ShippedYear(2026);
  replaced.days_off.push_back({absl::CivilDay(2026, 11, 24),
                               absl::CivilDay(2026, 11, 24),
                               "Vietnamese Culture Day"});
  ASSERT_TRUE(store_->PutCalendarYear(replaced).ok());
  absl::StatusOr<std::vector<core::CalendarYear>> years =
      store_->ListCalendarYears();
  ASSERT_TRUE(years.ok());
  ASSERT_EQ(years->size(), 2u);
  EXPECT_EQ((*years)[0].year, 2025);
  EXPECT_EQ((*years)[1].year, 2026);
  EXPECT_EQ((*years)[1].days_off.size(), replaced.days_off.size());
}

TEST_P(StoreCatalogue, InvalidCalendarYearIsRefused) {
  core::CalendarYear bad = ShippedYear(2026);
  bad.makeup_days.push_back({absl::CivilDay(2026, 3, 4), "a Wednesday"});
  EXPECT_EQ(store_->PutCalendarYear(bad).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(store_->ListCalendarYears()->empty());
}

TEST_P(StoreCatalogue, UnitVersionInForceFollowsTheReparenting) {
  ASSERT_TRUE(LoadWorld(SmallProvince(), *store_).ok());
  EXPECT_EQ(store_->GetUnit("18352", absl::CivilDay(2024, 12, 31))->parent_code,
            "437");
  EXPECT_EQ(store_->GetUnit("18352", absl::CivilDay(2025, 1, 1))->parent_code,
            "436");
  EXPECT_EQ(store_->ListUnits(std::nullopt)->size(), 8u);
  EXPECT_EQ(store_->ListUnits(absl::CivilDay(2025, 6, 1))->size(), 7u);
}

TEST_P(StoreCatalogue, EntriesRoundTripWithEveryField) {
  const World world = SmallProvince();
  ASSERT_TRUE(LoadWorld(world, *store_).ok());
  absl::StatusOr<core::Procedure> p =
      store_->GetProcedure("1.009994", absl::CivilDay(2025, 1, 1));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "Cấp giấy phép xây dựng nhà ở riêng lẻ");
  EXPECT_EQ(p->field_code, "XAYDUNG");
  EXPECT_EQ(p->level, core::UnitLevel::kDistrict);
  EXPECT_EQ(p->processing_time,
            (core::ProcessingTime{15, core::TimeUnit::kWorkingDays}));
  EXPECT_TRUE(p->has_fee);
  EXPECT_EQ(p->online_level, 3);
  EXPECT_EQ(p->online_class, core::OnlineClass::kPartial);
  absl::StatusOr<core::Agency> a =
      store_->GetAgency("H29.18352", absl::CivilDay(2025, 1, 1));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->unit_code, "18352");
  EXPECT_EQ(store_->GetField("DATDAI")->name, "Đất đai");
  EXPECT_EQ(store_->ListFields()->size(), 4u);
  EXPECT_EQ(store_->ListAgencies(std::nullopt)->size(), 7u);
  EXPECT_EQ(store_->ListProcedures(absl::CivilDay(2025, 1, 1))->size(), 10u);
}

TEST_P(StoreCatalogue, MissingEntriesAreNotFound) {
  ASSERT_TRUE(LoadWorld(SmallProvince(), *store_).ok());
  EXPECT_EQ(store_->GetUnit("99", absl::CivilDay(2025, 1, 1)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      store_->GetAgency("H29.10", absl::CivilDay(2019, 1, 1)).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetField("NONE").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(StoreCatalogue, InvalidEntriesAreRefusedNamingTheField) {
  core::Unit unit{"4", "Tỉnh", core::UnitLevel::kProvince, "", {}};
  absl::Status s = store_->PutUnit(unit);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("unit.code"));
  core::Procedure p = SmallProvince().procedures[0];
  p.online_level = 5;
  s = store_->PutProcedure(p);
  EXPECT_THAT(std::string(s.message()), HasSubstr("procedure.online_level"));
  EXPECT_TRUE(store_->ListUnits(std::nullopt)->empty());
  EXPECT_TRUE(store_->ListProcedures(std::nullopt)->empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreCatalogue,
                         ::testing::ValuesIn(Engines()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace motcua::testing
