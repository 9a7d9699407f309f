// Random but legal dossier lives, played through the live rules: online
// submissions (some not accepted), receptions at the desk, supplement and
// financial waits, apologies, inter-agency steps, resolutions, stops,
// withdrawals and returns, with some dossiers left open. Used by the test
// suites (into a store, write by write) and by the bulk generator (in
// memory, then stored in batches).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/dossier_changes.h"
#include "core/working_calendar.h"
#include "generator/world.h"
#include "storage/store.h"

namespace motcua::generator {

using CreateFn =
    std::function<absl::StatusOr<core::DossierChange>(const std::string& code)>;
using ChangeFn =
    std::function<absl::StatusOr<core::DossierChange>(const core::Dossier&)>;

// Where a generated life goes, change by change.
class DossierSink {
 public:
  virtual ~DossierSink() = default;
  // Allocates the next code of the agency and day, builds the dossier with
  // `create(code)` and keeps it. Returns the new record.
  virtual absl::StatusOr<core::Dossier> Create(const std::string& agency_code,
                                               absl::CivilDay day,
                                               const CreateFn& create) = 0;
  // Applies `change` to dossier `code` and keeps the result.
  virtual absl::StatusOr<core::Dossier> Update(const std::string& code,
                                               const ChangeFn& change) = 0;
};

// Writes each change to a store as it happens, each with its own request
// id; calls `on_write` after each acknowledged write.
class StoreSink : public DossierSink {
 public:
  StoreSink(storage::Store& store, std::string request_prefix,
            std::function<void(const storage::DossierWrite&)> on_write);
  absl::StatusOr<core::Dossier> Create(const std::string& agency_code,
                                       absl::CivilDay day,
                                       const CreateFn& create) override;
  absl::StatusOr<core::Dossier> Update(const std::string& code,
                                       const ChangeFn& change) override;

 private:
  std::string NextRequestId();

  storage::Store& store_;
  std::string request_prefix_;
  std::function<void(const storage::DossierWrite&)> on_write_;
  uint64_t requests_ = 0;
};

// Keeps one life at a time in memory, as a history ready to import. Codes
// are numbered per agency and day from 1, so a sink must only fill a store
// holding no dossier of the days it generates.
class MemorySink : public DossierSink {
 public:
  absl::StatusOr<core::Dossier> Create(const std::string& agency_code,
                                       absl::CivilDay day,
                                       const CreateFn& create) override;
  absl::StatusOr<core::Dossier> Update(const std::string& code,
                                       const ChangeFn& change) override;
  // The life built since the last Create, and forgets it.
  storage::ImportedHistory TakeHistory();

 private:
  std::map<std::pair<std::string, absl::CivilDay>, int> sequences_;
  storage::ImportedHistory current_;
};

class HistoryGenerator {
 public:
  // Lives start on random days of [first_day, last_day].
  HistoryGenerator(const World& world, const core::WorkingCalendar& calendar,
                   core::DomainRules rules, uint64_t seed,
                   absl::CivilDay first_day = absl::CivilDay(2024, 1, 2),
                   absl::CivilDay last_day = absl::CivilDay(2025, 12, 19));

  // Creates one dossier in `sink` and plays its history. Changes the rules
  // refuse (an apology not later than the due, say) are skipped; any other
  // refusal is returned. Returns the dossier's code.
  absl::StatusOr<std::string> PlayOne(DossierSink& sink);
  // As PlayOne, but the dossier is received (or submitted) on `day`: a bulk
  // load going day by day keeps each batch's counter rows few.
  absl::StatusOr<std::string> PlayOneOn(DossierSink& sink, absl::CivilDay day);

  // PlayOne into `store` through a StoreSink whose request ids are unique
  // to this generator's seed.
  absl::StatusOr<std::string> PlayOne(
      storage::Store& store,
      const std::function<void(const storage::DossierWrite&)>& on_write =
          nullptr);

 private:
  absl::StatusOr<std::string> Play(DossierSink& sink,
                                   std::optional<absl::CivilDay> start_day);
  absl::Time NextInstant(absl::Time after);

  const World& world_;
  const core::WorkingCalendar& calendar_;
  core::DomainRules rules_;
  std::mt19937_64 random_;
  absl::CivilDay first_day_, last_day_;
  uint64_t seed_;
  uint64_t played_ = 0;
};

}  // namespace motcua::generator
