#include "tests/storage/world.h"

namespace motcua::testing {
namespace {

using core::UnitLevel;

core::Validity Since(absl::CivilDay from) { return {from, std::nullopt}; }

const absl::CivilDay kOrigin(2020, 1, 1);
const absl::CivilDay kMove(2025, 1, 1);

}  // namespace

World SmallProvince() {
  World w;
  w.units = {
      {"42", "Tỉnh Hà Tĩnh", UnitLevel::kProvince, "", Since(kOrigin)},
      {"436", "Thành phố Hà Tĩnh", UnitLevel::kDistrict, "42", Since(kOrigin)},
      {"437", "Thị xã Hồng Lĩnh", UnitLevel::kDistrict, "42", Since(kOrigin)},
      {"18070", "Phường Bắc Hà", UnitLevel::kCommune, "436", Since(kOrigin)},
      {"18073", "Phường Nam Hà", UnitLevel::kCommune, "436", Since(kOrigin)},
      {"18352",
       "Phường Bắc Hồng",
       UnitLevel::kCommune,
       "437",
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
    return core::Procedure{std::move(code),  std::move(name),
                           std::move(field), level,
                           {amount, unit},   fee,
                           online,           cls,
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
      proc("1.010011", "Cấp giấy phép sửa chữa, cải tạo công trình", "XAYDUNG",
           UnitLevel::kDistrict, 20, TimeUnit::kCalendarDays, true, 2,
           OnlineClass::kNone),
      proc("2.000720", "Đăng ký thành lập hộ kinh doanh", "KINHDOANH",
           UnitLevel::kDistrict, 3, TimeUnit::kWorkingDays, true, 4,
           OnlineClass::kFull),
      proc("2.000575", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
           "KINHDOANH", UnitLevel::kDistrict, 3, TimeUnit::kWorkingDays, true,
           4, OnlineClass::kFull),
  };
  return w;
}

}  // namespace motcua::testing
