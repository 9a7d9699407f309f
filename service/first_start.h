// What a new store starts from: the shipped working calendars, a catalogue,
// the rule flags and the first administrator token. Used by the server's
// start and by the bulk generator, so both fill an empty store the same way.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/catalogue.h"
#include "core/domain_rules.h"
#include "storage/store.h"

namespace motcua::service {

struct FirstStartOptions {
  // Calendar files vn-YYYY.txt, loaded when the store has no calendar.
  std::string calendar_dir;
  // The catalogue, read only when the store has no procedure; null: none.
  std::function<absl::StatusOr<core::CatalogueEntries>()> catalogue;
  // Applied when given (the store keeps its own otherwise).
  std::optional<core::SupplementRule> supplement_rule;
  std::optional<core::Granularity> granularity;
  // Where the first administrator token's secret is written (0600) when
  // the store has no token; empty: nowhere.
  std::string admin_token_file;
};

// Brings `store` to a state the server can serve from, loading only what is
// missing. Answers the first administrator token's secret when this call
// created it (to be told once), else an empty string.
absl::StatusOr<std::string> PrepareStore(storage::Store& store,
                                         const FirstStartOptions& options,
                                         absl::Time now);

// Stores every calendar year file vn-YYYY.txt of `dir`
// (data/calendar/README.md). InvalidArgument names a file that does not
// parse.
absl::Status LoadCalendars(storage::Store& store, const std::string& dir);

// Stores every entry (units first, so that agencies find them).
absl::Status LoadCatalogue(storage::Store& store,
                           const core::CatalogueEntries& entries);

}  // namespace motcua::service
