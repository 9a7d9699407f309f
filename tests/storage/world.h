// A small province to store dossiers in, and a generator of random but
// legal dossier histories, for the storage suites.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/catalogue.h"
#include "core/dossier.h"
#include "core/working_calendar.h"
#include "storage/store.h"

namespace motcua::testing {

// Province 42 with districts 436 and 437 (437's commune 18352 moved to 436
// on 2025-01-01), four communes, and one agency per unit plus a
// province-level department; four fields and ten procedures with their
// processing times, fees and online levels.
struct World {
  std::vector<core::Unit> units;
  std::vector<core::Agency> agencies;
  std::vector<core::Field> fields;
  std::vector<core::Procedure> procedures;

  // The agency's place in the hierarchy in force on `day`.
  core::UnitPath PathOf(const std::string& agency_code,
                        absl::CivilDay day) const;
  core::ProcedureSnapshot SnapshotOf(const core::Procedure& p) const;
};

World SmallProvince();

// Stores the world's catalogue in `store`.
absl::Status LoadWorld(const World& world, storage::Store& store);

// Plays random legal histories into a store through its public interface:
// online submissions (some not accepted), receptions at the desk, supplement
// and financial waits, apologies, inter-agency steps, resolutions, stops,
// withdrawals and returns, with some dossiers left open. Every write carries
// a request id.
class HistoryGenerator {
 public:
  HistoryGenerator(const World& world, const core::WorkingCalendar& calendar,
                   core::DomainRules rules, uint64_t seed,
                   absl::CivilDay first_day = absl::CivilDay(2024, 1, 2),
                   absl::CivilDay last_day = absl::CivilDay(2025, 12, 19));

  // Creates one dossier and plays its history; calls `on_write` after each
  // acknowledged write. Returns the dossier's code.
  absl::StatusOr<std::string> PlayOne(
      storage::Store& store,
      const std::function<void(const storage::DossierWrite&)>& on_write =
          nullptr);

 private:
  absl::Time NextInstant(absl::Time after);
  std::string NextRequestId();

  const World& world_;
  const core::WorkingCalendar& calendar_;
  core::DomainRules rules_;
  std::mt19937_64 random_;
  absl::CivilDay first_day_, last_day_;
  uint64_t seed_;
  uint64_t requests_ = 0;
};

}  // namespace motcua::testing
