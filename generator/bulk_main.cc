// motcua-bulkgen: fills a data directory with N dossiers of random legal
// history over several years, straight through the storage library
// (ImportDossiers batches), for benchmarks at millions of dossiers. An
// empty store first gets the shipped calendars and the demo catalogue, as
// the server's first start would; `motcua-server --data_dir=DIR` then
// serves the result.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <iostream>
#include <limits>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cmdline/flags.h"
#include "core/status_macros.h"
#include "core/working_calendar.h"
#include "generator/history_generator.h"
#include "server/catalogue_json.h"
#include "service/files.h"
#include "service/first_start.h"
#include "service/tokens.h"
#include "storage/pg_store.h"
#include "storage/rocksdb_store.h"

namespace {

constexpr const char* kUsage =
    R"(motcua-bulkgen: fill a store with generated dossiers

  --data_dir=DIR        the server's data directory (store under DIR/store);
                        must hold no dossier of the generated days
  --store=URI           a PostgreSQL store instead (postgresql://...), as
                        motcua-server --store takes it; --data_dir then only
                        holds nothing (it must still be given)
  --dossiers=N          how many dossiers (default 1000000)
  --from=YYYY-MM-DD     first reception day (default 2021-01-01)
  --to=YYYY-MM-DD       last reception day (default 2025-12-31)
  --seed=S              random seed (default 1)
  --batch=N             dossiers per write (default 2000)
  --calendar_dir=DIR    calendars for an empty store (default data/calendar)
  --catalogue=FILE      catalogue for an empty store
                        (default data/demo/catalogue.json)
  --admin_token_file=F  also create an ADMIN token and write its secret to F
                        (mode 0600), e.g. for motcua-load; --dossiers=0 to
                        only do that
Writes are not synced (a crash mid-way means starting again); the store is
closed cleanly at the end.
)";

struct Options {
  std::string data_dir;
  std::string store;
  int64_t dossiers = 1000000;
  absl::CivilDay from{2021, 1, 1}, to{2025, 12, 31};
  uint64_t seed = 1;
  int batch = 2000;
  std::string calendar_dir = "data/calendar";
  std::string catalogue = "data/demo/catalogue.json";
  std::string admin_token_file;
};

// The day --name gives, or `fallback` when absent.
absl::StatusOr<absl::CivilDay> GetDay(const motcua::cmdline::Flags& f,
                                      absl::string_view name,
                                      absl::CivilDay fallback) {
  if (!f.Has(name)) return fallback;
  const std::string value = f.GetString(name);
  absl::CivilDay day;
  if (!absl::ParseCivilTime(value, &day)) {
    return motcua::cmdline::BadValue(name, value);
  }
  return day;
}

absl::StatusOr<Options> Parse(int argc, char** argv) {
  motcua::cmdline::FlagSpec spec;
  spec.values = {
      "data_dir", "store", "dossiers",     "from",      "to",
      "seed",     "batch", "calendar_dir", "catalogue", "admin_token_file"};
  MOTCUA_ASSIGN_OR_RETURN(motcua::cmdline::Flags f,
                          motcua::cmdline::Flags::Parse(argc, argv, spec));
  if (!f.positional().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected --name=value, got '", f.positional()[0], "'"));
  }
  Options o;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  o.data_dir = f.GetString("data_dir");
  o.store = f.GetString("store");
  if (!o.store.empty() && !motcua::storage::IsPostgresLocation(o.store)) {
    return absl::InvalidArgumentError(
        "--store must be a PostgreSQL URI (postgresql://...)");
  }
  MOTCUA_ASSIGN_OR_RETURN(o.dossiers,
                          f.GetInt64("dossiers", o.dossiers, 0, kMax));
  MOTCUA_ASSIGN_OR_RETURN(o.from, GetDay(f, "from", o.from));
  MOTCUA_ASSIGN_OR_RETURN(o.to, GetDay(f, "to", o.to));
  MOTCUA_ASSIGN_OR_RETURN(
      o.seed, f.GetInt64("seed", static_cast<int64_t>(o.seed), 0, kMax));
  MOTCUA_ASSIGN_OR_RETURN(o.batch, f.GetInt64("batch", o.batch, 1, 100000));
  o.calendar_dir = f.GetString("calendar_dir", o.calendar_dir);
  o.catalogue = f.GetString("catalogue", o.catalogue);
  o.admin_token_file = f.GetString("admin_token_file");
  if (o.data_dir.empty()) {
    return absl::InvalidArgumentError("--data_dir is required");
  }
  if (o.to < o.from) {
    return absl::InvalidArgumentError("--to is before --from");
  }
  return o;
}

// Batches handed from the generating thread to the writing one; at most
// two wait, so memory stays bounded.
class BatchQueue {
 public:
  void Push(std::vector<motcua::storage::ImportedHistory> batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < 2; });
    queue_.push_back(std::move(batch));
    changed_.notify_all();
  }
  // An empty batch means the end.
  std::vector<motcua::storage::ImportedHistory> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !queue_.empty(); });
    auto batch = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();
    return batch;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<motcua::storage::ImportedHistory>> queue_;
};

absl::Status Run(const Options& o) {
  using namespace motcua;
  std::error_code error;
  std::filesystem::create_directories(o.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", o.data_dir, ": ", error.message()));
  }
  std::unique_ptr<storage::Store> store;
  if (o.store.empty()) {
    storage::RocksDbStoreOptions store_options;
    store_options.sync_writes = false;
    MOTCUA_ASSIGN_OR_RETURN(
        store, storage::OpenRocksDbStore(o.data_dir + "/store", store_options));
  } else {
    // No fold while loading: FinishBulkLoad folds once at the end.
    storage::PostgresStoreOptions store_options;
    store_options.fold_interval = absl::ZeroDuration();
    MOTCUA_ASSIGN_OR_RETURN(store,
                            storage::OpenPostgresStore(o.store, store_options));
  }
  MOTCUA_ASSIGN_OR_RETURN(auto years, store->ListCalendarYears());
  if (years.empty()) {
    MOTCUA_RETURN_IF_ERROR(service::LoadCalendars(*store, o.calendar_dir));
    MOTCUA_ASSIGN_OR_RETURN(years, store->ListCalendarYears());
  }
  if (store->ListProcedures(std::nullopt)->empty()) {
    MOTCUA_ASSIGN_OR_RETURN(std::string json, service::ReadFile(o.catalogue));
    MOTCUA_ASSIGN_OR_RETURN(core::CatalogueEntries entries,
                            server::ParseCatalogueJson(json, o.catalogue));
    MOTCUA_RETURN_IF_ERROR(service::LoadCatalogue(*store, entries));
  }
  if (!o.admin_token_file.empty()) {
    MOTCUA_ASSIGN_OR_RETURN(
        auto token,
        service::GenerateToken({"bulkgen-admin", core::Role::kAdmin, {}, {}},
                               absl::Now()));
    MOTCUA_RETURN_IF_ERROR(store->PutToken(token.stored));
    MOTCUA_RETURN_IF_ERROR(
        service::WriteOwnerOnlyFile(o.admin_token_file, token.secret + "\n"));
  }
  if (o.dossiers == 0) return absl::OkStatus();
  MOTCUA_ASSIGN_OR_RETURN(auto world, generator::WorldFromStore(*store));
  MOTCUA_ASSIGN_OR_RETURN(auto settings, store->GetSettings());
  MOTCUA_ASSIGN_OR_RETURN(
      auto calendar, core::WorkingCalendar::Create(settings.schedule, years));

  BatchQueue queue;
  // Two writers: RocksDB inserts their batches into the memtable in
  // parallel, which is where a bulk load spends its time.
  std::mutex progress_mutex;  // guards write_status and written
  absl::Status write_status;
  int64_t written = 0;
  const absl::Time start = absl::Now();
  auto write_batches = [&] {
    for (;;) {
      std::vector<storage::ImportedHistory> batch = queue.Pop();
      if (batch.empty()) {
        queue.Push({});  // the end marker, for the other writer
        return;
      }
      const int64_t n = static_cast<int64_t>(batch.size());
      absl::Status s = store->ImportDossiers(std::move(batch));
      std::lock_guard<std::mutex> lock(progress_mutex);
      if (!s.ok()) {
        if (write_status.ok()) write_status = s;
        continue;  // drain until the end marker
      }
      written += n;
      if (written % 100000 < n) {
        const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
        std::cerr << "\r" << written << " dossiers, "
                  << static_cast<int64_t>(written / seconds) << "/s   "
                  << std::flush;
      }
    }
  };
  std::thread writers[] = {std::thread(write_batches),
                           std::thread(write_batches)};

  generator::HistoryGenerator lives(world, calendar, settings.rules, o.seed,
                                    o.from, o.to);
  generator::MemorySink sink;
  absl::Status generate_status;
  std::vector<storage::ImportedHistory> batch;
  // Day by day, the dossiers spread evenly over the days.
  const int64_t days = (o.to - o.from) + 1;
  for (int64_t i = 0; i < o.dossiers; ++i) {
    const absl::CivilDay day = o.from + (i * days) / o.dossiers;
    absl::StatusOr<std::string> code = lives.PlayOneOn(sink, day);
    if (!code.ok()) {
      generate_status = code.status();
      break;
    }
    batch.push_back(sink.TakeHistory());
    if (static_cast<int>(batch.size()) == o.batch || i + 1 == o.dossiers) {
      queue.Push(std::move(batch));
      batch.clear();
    }
  }
  queue.Push({});
  for (std::thread& w : writers) w.join();
  if (!generate_status.ok()) return generate_status;
  if (!write_status.ok()) return write_status;
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const absl::Time finish_start = absl::Now();
  MOTCUA_RETURN_IF_ERROR(store->FinishBulkLoad());
  const double finish = absl::ToDoubleSeconds(absl::Now() - finish_start);
  store.reset();  // flushes and closes
  std::cerr << "\n";
  std::cout << "generated and stored " << written << " dossiers (" << o.from
            << " .. " << o.to << ") in " << seconds
            << " s: " << static_cast<int64_t>(written / seconds)
            << " dossiers/s; the load finished (Store::FinishBulkLoad) in "
            << finish << " s\n";
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (motcua::cmdline::AsksForHelp(argc, argv)) {
    std::cout << kUsage;
    return 0;
  }
  absl::StatusOr<Options> options = Parse(argc, argv);
  if (!options.ok()) {
    std::cerr << "motcua-bulkgen: " << options.status().message() << "\n"
              << kUsage;
    return 2;
  }
  absl::Status s = Run(*options);
  if (!s.ok()) {
    std::cerr << "motcua-bulkgen: " << s.message() << "\n";
    return 1;
  }
  return 0;
}
