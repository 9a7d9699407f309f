// The PostgreSQL engine: a whole store's dossiers read in code order, and
// histories restored as another store holds them (store_copy.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/keys.h"
#include "storage/pg_store_impl.h"
#include "storage/record_codec.h"
#include "storage/restored_history.h"

namespace motcua::storage {
namespace {

// Dossiers read per round trip (with their events, in a second one).
constexpr int kScanPage = 1000;

}  // namespace

absl::Status PgStore::ScanDossiers(
    const std::string& after_code,
    const std::function<bool(const ImportedHistory&)>& visit) {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  // Every page from one snapshot: the transaction's.
  MOTCUA_RETURN_IF_ERROR(
      lease->Script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
          .status());
  absl::Status scanned = [&]() -> absl::Status {
    std::string after = after_code;
    records::Dossier record;
    records::Event event;
    ImportedHistory history;
    for (;;) {
      MOTCUA_ASSIGN_OR_RETURN(
          const PgRows dossiers,
          lease->Query(absl::StrCat("SELECT code, record FROM dossiers WHERE "
                                    "code > $1 ORDER BY code LIMIT ",
                                    kScanPage),
                       {after}));
      if (dossiers.size() == 0) return absl::OkStatus();
      const std::string first(dossiers.value(0, 0));
      const std::string last(dossiers.value(dossiers.size() - 1, 0));
      // Event keys sort as their codes do: the page's events are one range.
      MOTCUA_ASSIGN_OR_RETURN(
          const PgRows events,
          lease->Query("SELECT key, value FROM events WHERE key >= $1 AND "
                       "key < $2 ORDER BY key",
                       {keys::EventPrefix(first),
                        keys::PrefixEnd(keys::EventPrefix(last))}));
      int e = 0;
      for (int i = 0; i < dossiers.size(); ++i) {
        MOTCUA_RETURN_IF_ERROR(
            ParseInto(dossiers.value(i, 1), "dossier", &record));
        history.dossier = FromRecord(record);
        history.events.clear();
        const std::string prefix = keys::EventPrefix(dossiers.value(i, 0));
        while (e < events.size() && events.value(e, 0).compare(prefix) < 0) ++e;
        for (;
             e < events.size() && absl::StartsWith(events.value(e, 0), prefix);
             ++e) {
          MOTCUA_RETURN_IF_ERROR(
              ParseInto(events.value(e, 1), "event", &event));
          history.events.push_back(FromRecord(event));
        }
        if (!visit(history)) return absl::OkStatus();
      }
      if (dossiers.size() < kScanPage) return absl::OkStatus();
      after = last;
    }
  }();
  lease->Rollback();
  return scanned;
}

absl::Status PgStore::RestoreDossiers(std::vector<ImportedHistory> histories) {
  MOTCUA_RETURN_IF_ERROR(CheckRestoredHistories(histories));
  return WriteHistories(std::move(histories), Stamps::kKept);
}

}  // namespace motcua::storage
