// The catalogue: administrative units, agencies, fields and procedures
// (DOMAIN.md sections 2-3). Entries are versioned by validity dates rather
// than edited: a unit re-parented in 2025 keeps its 2024 version, so history
// is judged by the hierarchy in force at the time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "core/due_date.h"

namespace motcua::core {

// Numbers are part of the wire and disk formats: never renumber.
enum class UnitLevel {
  kUnspecified = 0,
  kProvince = 1,  // tỉnh: 2-digit code
  kDistrict = 2,  // huyện: 3-digit code (none since 2025-07-01)
  kCommune = 3,   // xã: 5-digit code
};

// Decree 42/2022 online service classification.
enum class OnlineClass {
  kUnspecified = 0,
  kNone = 1,
  kPartial = 2,  // một phần (roughly legacy level 3)
  kFull = 3,     // toàn trình (roughly legacy level 4)
};

// An entry is in force on days [valid_from, valid_to); no valid_to: open.
struct Validity {
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_to;

  bool Covers(absl::CivilDay day) const {
    return valid_from <= day && (!valid_to.has_value() || day < *valid_to);
  }
  // Whether the version is in force on some day of [first, last].
  bool Overlaps(absl::CivilDay first, absl::CivilDay last) const {
    return valid_from <= last && (!valid_to.has_value() || first < *valid_to);
  }
};

struct Unit {
  std::string code;  // official numeric code
  std::string name;
  UnitLevel level = UnitLevel::kUnspecified;
  std::string parent_code;  // empty for a province
  Validity validity;
};

struct Agency {
  std::string code;  // electronic identifier (mã định danh)
  std::string name;
  UnitLevel level = UnitLevel::kUnspecified;  // the level it serves
  std::string unit_code;  // province, district or commune it belongs to
  Validity validity;
};

struct Field {
  std::string code;  // lĩnh vực
  std::string name;
};

struct Procedure {
  std::string code;  // e.g. 1.001612
  std::string name;
  std::string field_code;
  UnitLevel level = UnitLevel::kUnspecified;  // the level that decides it
  ProcessingTime processing_time;
  bool has_fee = false;
  int online_level = 1;  // legacy Decree 43/2011 level, 1..4
  OnlineClass online_class = OnlineClass::kNone;
  Validity validity;
};

// A set of catalogue entries, as a catalogue file or an import brings them.
struct CatalogueEntries {
  std::vector<Unit> units;
  std::vector<Agency> agencies;
  std::vector<Field> fields;
  std::vector<Procedure> procedures;
};

// Each returns InvalidArgument naming the offending field, or OK.
absl::Status ValidateUnit(const Unit& unit);
absl::Status ValidateAgency(const Agency& agency);
absl::Status ValidateField(const Field& field);
absl::Status ValidateProcedure(const Procedure& procedure);
// The one check of a classification (legacy level 1..4 and the Decree 42
// class), for the catalogue, live snapshots and imported histories alike.
absl::Status ValidateOnlineClassification(int online_level,
                                          OnlineClass online_class);

}  // namespace motcua::core
