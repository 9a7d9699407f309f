// Converts core types to and from the engine's disk records
// (records.proto). Internal to storage/.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/calendar_year.h"
#include "core/catalogue.h"
#include "core/dossier.h"
#include "storage/records.pb.h"
#include "storage/store.h"

namespace motcua::storage {

int32_t DayNumber(absl::CivilDay day);  // days since 1970-01-01
absl::CivilDay DayFromNumber(int64_t number);

records::Dossier ToRecord(const core::Dossier& d);
core::Dossier FromRecord(const records::Dossier& r);
records::Event ToRecord(const core::DossierEvent& e);
core::DossierEvent FromRecord(const records::Event& r);
records::Unit ToRecord(const core::Unit& u);
core::Unit FromRecord(const records::Unit& r);
records::Agency ToRecord(const core::Agency& a);
core::Agency FromRecord(const records::Agency& r);
records::Field ToRecord(const core::Field& f);
core::Field FromRecord(const records::Field& r);
records::Procedure ToRecord(const core::Procedure& p);
core::Procedure FromRecord(const records::Procedure& r);
records::Token ToRecord(const StoredToken& t);
StoredToken FromRecord(const records::Token& r);
records::Settings ToRecord(const core::Settings& s);
absl::StatusOr<core::Settings> FromRecord(const records::Settings& r);

// Serialises a record; Parse fails with DataLoss on corrupt bytes.
template <typename Record>
std::string Serialize(const Record& record) {
  return record.SerializeAsString();
}
// Parses into `record`, replacing what it held: a record reused across a
// loop keeps its allocations (a listing reads thousands).
template <typename Record>
absl::Status ParseInto(absl::string_view bytes, absl::string_view what,
                       Record* record) {
  if (!record->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(std::string("stored ") + std::string(what) +
                               " record is corrupt");
  }
  return absl::OkStatus();
}
template <typename Record>
absl::StatusOr<Record> Parse(absl::string_view bytes, absl::string_view what) {
  Record record;
  if (absl::Status s = ParseInto(bytes, what, &record); !s.ok()) return s;
  return record;
}

}  // namespace motcua::storage
