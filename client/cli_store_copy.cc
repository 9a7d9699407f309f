// `motcua store copy`: copies a whole store between engines (a RocksDB
// folder, a PostgreSQL database), offline. Unlike the other commands it
// talks to no server: it opens both stores itself through the storage
// library (storage/store_copy.h), so the server must not be running on a
// RocksDB source (RocksDB's lock refuses a second process anyway).
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/cli_command.h"
#include "client/cli_convert.h"
#include "core/status_macros.h"
#include "storage/pg_store.h"
#include "storage/rocksdb_store.h"
#include "storage/store_copy.h"

namespace motcua::client {
namespace {

namespace fs = std::filesystem;

bool IsRocksDbFolder(const fs::path& folder) {
  std::error_code ec;
  return fs::exists(folder / "CURRENT", ec);
}

// Where a RocksDB location's store is: the folder itself, or, for a
// source given as a server's --data_dir, its store/ subfolder.
std::string RocksDbFolder(const std::string& location, bool source) {
  if (source && !IsRocksDbFolder(location) &&
      IsRocksDbFolder(fs::path(location) / "store")) {
    return (fs::path(location) / "store").string();
  }
  return location;
}

// The same location twice (the same folder, however written; the same
// URI)?
bool SameLocation(const std::string& a, const std::string& b) {
  if (storage::IsPostgresLocation(a) || storage::IsPostgresLocation(b)) {
    return a == b;
  }
  const auto normal = [](const std::string& p, std::error_code& ec) {
    fs::path n = fs::weakly_canonical(p, ec).lexically_normal();
    if (!n.has_filename() && n.has_parent_path()) n = n.parent_path();
    return n;
  };
  std::error_code ea, eb;
  const fs::path pa = normal(a, ea);
  const fs::path pb = normal(b, eb);
  if (ea || eb) return a == b;
  return pa == pb;
}

absl::StatusOr<std::unique_ptr<storage::Store>> OpenLocation(
    const std::string& location, bool source) {
  const char* role = source ? "--from" : "--to";
  if (storage::IsPostgresLocation(location)) {
    // No periodic fold meanwhile: the copy ends with FinishBulkLoad.
    storage::PostgresStoreOptions options;
    options.fold_interval = absl::ZeroDuration();
    absl::StatusOr<std::unique_ptr<storage::Store>> store =
        storage::OpenPostgresStore(location, options);
    if (!store.ok()) {
      return absl::Status(store.status().code(),
                          absl::StrCat("cannot open ", role, " database: ",
                                       store.status().message()));
    }
    return store;
  }
  const std::string folder = RocksDbFolder(location, source);
  if (source && !IsRocksDbFolder(folder)) {
    return absl::NotFoundError(absl::StrCat(
        "--from ", location,
        " holds no RocksDB store (neither it nor its store/ subfolder)"));
  }
  if (!source) {
    std::error_code ec;
    if (fs::exists(folder, ec) && !fs::is_directory(folder, ec)) {
      return Usage(absl::StrCat("--to ", location, " is not a folder"));
    }
    // Folders made here are the owner's alone (mode 0700), as the server
    // wants its data directory: the store holds personal data.
    std::vector<fs::path> made;
    for (fs::path p = fs::absolute(folder, ec).lexically_normal();
         !p.empty() && !fs::exists(p, ec) && p != p.parent_path();
         p = p.parent_path()) {
      made.push_back(p);
    }
    if (!fs::create_directories(folder, ec) && ec) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot create --to folder ", folder, ": ", ec.message()));
    }
    for (const fs::path& p : made) {
      fs::permissions(p, fs::perms::owner_all, fs::perm_options::replace, ec);
    }
  }
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::OpenRocksDbStore(folder);
  if (!store.ok()) {
    return absl::Status(
        store.status().code(),
        absl::StrCat(
            "cannot open ", role, " store ", folder, ": ",
            store.status().message(),
            store.status().code() == absl::StatusCode::kFailedPrecondition
                ? " (is a motcua-server running on it? stop it "
                  "first: the copy is offline)"
                : ""));
  }
  return store;
}

std::string Rate(int64_t n, absl::Duration d) {
  const double seconds = absl::ToDoubleSeconds(d);
  if (seconds <= 0) return "-";
  return absl::StrFormat("%.0f/s", static_cast<double>(n) / seconds);
}

std::string Seconds(absl::Duration d) {
  return absl::StrFormat("%.1f s", absl::ToDoubleSeconds(d));
}

absl::Status RunStoreCopy(Client&, const cmdline::Flags& a, bool json) {
  if (!a.positional().empty()) {
    return Usage(absl::StrCat("store copy takes no word after it (got '",
                              a.positional()[0], "')"));
  }
  if (!a.Has("from") || a.GetString("from").empty()) {
    return Usage(
        "store copy needs --from=LOCATION (a RocksDB folder or a "
        "postgresql:// URI)");
  }
  if (!a.Has("to") || a.GetString("to").empty()) {
    return Usage(
        "store copy needs --to=LOCATION (a RocksDB folder or a "
        "postgresql:// URI)");
  }
  const std::string from = a.GetString("from");
  const std::string to = a.GetString("to");
  if (SameLocation(from, to)) {
    return Usage(
        absl::StrCat("--from and --to name the same store (", from, ")"));
  }
  storage::CopyOptions options;
  if (a.Has("batch") &&
      (!absl::SimpleAtoi(a.GetString("batch"), &options.batch_size) ||
       options.batch_size < 1 || options.batch_size > 10000)) {
    return Usage("--batch must be 1 to 10000");
  }
  MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> source,
                          OpenLocation(from, /*source=*/true));
  MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> target,
                          OpenLocation(to, /*source=*/false));

  const absl::Time start = absl::Now();
  absl::Time shown = start;
  options.progress = [&](const storage::CopyProgress& p) {
    const absl::Time now = absl::Now();
    if (now - shown < absl::Seconds(5)) return;
    shown = now;
    std::cerr << "  " << p.dossiers_read << " dossiers read ("
              << p.dossiers_copied << " copied, " << p.dossiers_skipped
              << " already there), " << Rate(p.dossiers_read, now - start)
              << ", at " << p.last_code << std::endl;
  };
  MOTCUA_ASSIGN_OR_RETURN(const storage::CopyReport r,
                          storage::CopyStore(*source, *target, options));
  const storage::VerifyReport& v = r.verify;
  if (json) {
    std::cout << absl::StrCat(
        "{\"calendar_years\":", r.calendar_years,
        ",\"tokens_copied\":", r.tokens_copied,
        ",\"tokens_skipped\":", r.tokens_skipped, ",\"units\":", r.units,
        ",\"agencies\":", r.agencies, ",\"fields\":", r.fields,
        ",\"procedures\":", r.procedures,
        ",\"dossiers_copied\":", r.dossiers_copied,
        ",\"dossiers_skipped\":", r.dossiers_skipped,
        ",\"dossiers_only_in_target\":", r.dossiers_only_in_target,
        ",\"events_copied\":", r.events_copied,
        ",\"dossier_seconds\":", absl::ToDoubleSeconds(r.dossier_time),
        ",\"verify_seconds\":", absl::ToDoubleSeconds(r.verify_time),
        ",\"verify\":{\"dossiers_checked\":", v.dossiers_checked,
        ",\"counter_differences\":", v.counter_difference_count,
        ",\"index_differences\":", v.index_difference_count,
        ",\"history_differences\":", v.history_difference_count,
        ",\"sequence_differences\":", v.sequence_difference_count,
        ",\"consistent\":", v.consistent() ? "true" : "false", "}}\n");
  } else {
    std::cout << "settings, " << r.calendar_years << " calendar years, "
              << r.tokens_copied << " tokens (" << r.tokens_skipped
              << " already there), catalogue: " << r.units << " unit, "
              << r.agencies << " agency, " << r.fields << " field, "
              << r.procedures << " procedure versions ("
              << Seconds(r.catalogue_time) << ")\n";
    std::cout << "dossiers: " << r.dossiers_copied << " copied with "
              << r.events_copied << " events, " << r.dossiers_skipped
              << " already there, in " << Seconds(r.dossier_time) << " ("
              << Rate(r.dossiers_copied + r.dossiers_skipped, r.dossier_time)
              << ")\n";
    if (r.dossiers_only_in_target > 0) {
      std::cout << "note: the target holds " << r.dossiers_only_in_target
                << " dossiers the source does not\n";
    }
    std::cout << "verify (" << Seconds(r.verify_time) << "): dossiers checked "
              << v.dossiers_checked << "; differences: counters "
              << v.counter_difference_count << ", indexes "
              << v.index_difference_count << ", histories "
              << v.history_difference_count << ", sequences "
              << v.sequence_difference_count << "\n";
    for (const auto* list : {&v.counter_differences, &v.index_differences,
                             &v.history_differences, &v.sequence_differences}) {
      for (const std::string& e : *list) std::cout << "  " << e << "\n";
    }
  }
  if (!v.consistent()) {
    return absl::DataLossError(
        "the copy is done but Verify found differences in the target");
  }
  return absl::OkStatus();
}

}  // namespace

void AddStoreCopyCommands(CommandTable* table) {
  (*table)["store copy"] = {
      "store copy --from=LOCATION --to=LOCATION [--batch=N]\n"
      "  Copies a whole store into another, between engines: a LOCATION is a\n"
      "  RocksDB store folder (a server's DATA_DIR/store; DATA_DIR also works\n"
      "  for --from) or a postgresql:// URI. Offline: opens both stores\n"
      "  itself and talks to no server; stop the server of a RocksDB source\n"
      "  first. Copies the settings, calendar, tokens, every catalogue\n"
      "  version and every dossier with its history as stored, N dossiers\n"
      "  (default 1000) per atomic write; the target builds its own\n"
      "  statistics. Request ids (retries) are not copied. Run again after an\n"
      "  interruption: what the target holds is skipped (a dossier there at\n"
      "  another version is an error naming it). Ends with Verify on the\n"
      "  target: exit 0 only when it finds no difference.",
      {"from", "to", "batch"},
      RunStoreCopy};
}

}  // namespace motcua::client
