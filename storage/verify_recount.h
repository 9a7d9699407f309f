// Store::Verify's recount and comparison, the same for every engine: the
// engine feeds it what it stores (dossiers with their events' sequences,
// then every counter row, index entry and sequence) and applies the fixes
// it answers. Internal to storage/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/counters.h"
#include "storage/store.h"

namespace motcua::storage {

class VerifyRecount {
 public:
  // Differences go to `report`, which must outlive this.
  VerifyRecount(core::Granularity granularity, VerifyReport* report);

  // First, every stored dossier: its record stored under `key`, and the
  // sequences of its stored events in key order. DataLoss when the record
  // is unreadable.
  absl::Status AddDossier(absl::string_view key, absl::string_view record,
                          const std::vector<int64_t>& event_sequences);

  // Then each stored counter row (an engine that splits a row sums its
  // parts first): nullopt when it equals the recount, else the row to
  // store instead (all zero: delete it).
  std::optional<core::CounterRow> CheckCounterRow(
      const std::string& key, const core::CounterRow& stored);
  // After the last CheckCounterRow: rows the recount has and the store
  // lacks, noted as differences; store them.
  std::map<std::string, core::CounterRow> MissingCounterRows();

  // What to do with a wrong index entry: delete it, or store `value`.
  struct IndexFix {
    bool remove = false;
    std::string value;
  };
  // Each stored index entry: nullopt when it is right.
  std::optional<IndexFix> CheckIndexEntry(absl::string_view key,
                                          absl::string_view value);
  // After the last CheckIndexEntry: entries to add, noted as differences.
  std::map<std::string, std::string> MissingIndexEntries();

  // The sequences the dossiers' codes use: key -> highest number.
  const std::map<std::string, int64_t>& highest_numbers() const {
    return highest_numbers_;
  }
  // Whether stored sequence `key` at `number` is behind its dossiers
  // (noted as a difference; store highest_numbers()[key] then).
  bool SequenceBehind(const std::string& key, int64_t number);

 private:
  const core::Granularity granularity_;
  VerifyReport* const report_;
  std::map<std::string, core::CounterRow> expected_counters_;
  std::map<std::string, std::string> expected_index_;
  std::map<std::string, int64_t> highest_numbers_;
};

}  // namespace motcua::storage
