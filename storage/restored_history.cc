#include "storage/restored_history.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace motcua::storage {

absl::Status CheckRestoredHistory(const ImportedHistory& history) {
  const core::Dossier& d = history.dossier;
  if (history.events.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("restored dossier '", d.code, "' has no events"));
  }
  if (d.version != static_cast<int64_t>(history.events.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("restored dossier '", d.code, "' is at version ",
                     d.version, " but has ", history.events.size(), " events"));
  }
  for (size_t i = 0; i < history.events.size(); ++i) {
    if (history.events[i].sequence != static_cast<int64_t>(i + 1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "restored dossier '", d.code, "' has event ",
          history.events[i].sequence, " where event ", i + 1,
          " belongs: events must be numbered 1..version in order"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRestoredHistories(
    const std::vector<ImportedHistory>& histories) {
  for (const ImportedHistory& h : histories) {
    if (absl::Status s = CheckRestoredHistory(h); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace motcua::storage
