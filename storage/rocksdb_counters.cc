// The RocksDB engine: counter sums and Verify().
#include <functional>
#include <limits>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "storage/counter_row_codec.h"
#include "storage/counter_spans.h"
#include "storage/keys.h"
#include "storage/layout.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store_impl.h"
#include "storage/sequence_merge_operator.h"
#include "storage/verify_recount.h"

namespace motcua::storage {
namespace {

// Calls `add(code, row)` for each counter row of `span` (its periods of
// `scope` and `dimension`), in key order: one iterator over the span's
// adjacent keys.
absl::Status ScanSpan(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* counters,
                      const core::Scope& scope, core::Dimension dimension,
                      const Span& span,
                      const std::function<bool(absl::string_view code,
                                               absl::string_view row)>& add) {
  const std::string lower = keys::CounterPeriodPrefix(
      scope, dimension, span.bucket, span.first_period);
  const std::string upper = keys::PrefixEnd(keys::CounterPeriodPrefix(
      scope, dimension, span.bucket, span.last_period));
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, counters));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    // Every period prefix has the same length: the code follows it.
    const absl::string_view key(it->key().data(), it->key().size());
    if (!add(key.substr(lower.size()),
             absl::string_view(it->value().data(), it->value().size()))) {
      return absl::DataLossError("a stored counter row is corrupt");
    }
  }
  return FromRocksDb(it->status(), "reading counters");
}

// Spans of at least this many periods are scanned rather than probed.
constexpr int32_t kMaxProbedPeriods = 24;

}  // namespace

absl::StatusOr<core::CounterRow> RocksDbStore::SumCounters(
    const core::Scope& scope, core::Dimension dimension,
    const std::string& dimension_code, absl::CivilDay first,
    absl::CivilDay last) {
  MOTCUA_RETURN_IF_ERROR(CheckRange(first, last));
  if ((dimension == core::Dimension::kTotal) != dimension_code.empty()) {
    return absl::InvalidArgumentError(
        "a dimension code is given exactly when the dimension is not TOTAL");
  }
  core::CounterRow sum;
  first = std::max(first, kFirstCounterDay);
  last = std::min(last, kLastCounterDay);
  if (last < first) return sum;

  std::vector<std::string> key_strings;
  for (const Span& span : Spans(first, last)) {
    // A long span (the years before a period: 2000 to last year is 300
    // months) is scanned: only the rows that exist are read, where a
    // MultiGet would probe every month's key in every level.
    if (span.last_period - span.first_period >= kMaxProbedPeriods) {
      MOTCUA_RETURN_IF_ERROR(ScanSpan(
          db_.get(), cf(kCounters), scope, dimension, span,
          [&](absl::string_view code, absl::string_view row) {
            return code != dimension_code || AddEncodedCounterRow(row, &sum);
          }));
      continue;
    }
    for (int32_t p = span.first_period; p <= span.last_period; ++p) {
      key_strings.push_back(
          keys::CounterKey(scope, dimension, span.bucket, p, dimension_code));
    }
  }
  std::vector<rocksdb::Slice> key_slices(key_strings.begin(),
                                         key_strings.end());
  std::vector<rocksdb::PinnableSlice> values(key_slices.size());
  std::vector<rocksdb::Status> statuses(key_slices.size());
  db_->MultiGet(rocksdb::ReadOptions(), cf(kCounters), key_slices.size(),
                key_slices.data(), values.data(), statuses.data());
  for (size_t i = 0; i < key_slices.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return FromRocksDb(statuses[i], "reading counters");
    if (!AddEncodedCounterRow(
            absl::string_view(values[i].data(), values[i].size()), &sum)) {
      return absl::DataLossError("a stored counter row is corrupt");
    }
  }
  return sum;
}

absl::StatusOr<std::map<std::string, core::CounterRow>>
RocksDbStore::SumCountersByDimension(const core::Scope& scope,
                                     core::Dimension dimension,
                                     absl::CivilDay first,
                                     absl::CivilDay last) {
  MOTCUA_RETURN_IF_ERROR(CheckRange(first, last));
  std::map<std::string, core::CounterRow> sums;
  first = std::max(first, kFirstCounterDay);
  last = std::min(last, kLastCounterDay);
  if (last < first) return sums;
  for (const Span& span : Spans(first, last)) {
    MOTCUA_RETURN_IF_ERROR(
        ScanSpan(db_.get(), cf(kCounters), scope, dimension, span,
                 [&](absl::string_view code, absl::string_view row) {
                   return AddEncodedCounterRow(row, &sums[std::string(code)]);
                 }));
  }
  for (auto it = sums.begin(); it != sums.end();) {
    it = it->second.IsZero() ? sums.erase(it) : std::next(it);
  }
  return sums;
}

absl::Status RocksDbStore::MigrateCounterLayout() {
  absl::StatusOr<std::string> marker =
      Get(kDefault, keys::CounterLayoutKey(), "counter layout");
  if (!marker.ok() && !absl::IsNotFound(marker.status())) {
    return marker.status();
  }
  if (marker.ok() && *marker == keys::kCounterLayoutDayMonth) {
    return absl::OkStatus();
  }
  if (marker.ok() && *marker != keys::kCounterLayoutWithYears) {
    return absl::FailedPreconditionError(
        absl::StrCat("the counters have layout '", absl::CHexEscape(*marker),
                     "', which this version does not know"));
  }
  rocksdb::WriteBatch batch;
  if (!marker.ok()) {
    // Before month rows: each month row is the sum of its day rows.
    std::map<std::string, core::CounterRow> months;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf(kCounters)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      keys::CounterKeyParts p;
      if (!keys::ParseCounterKey(it->key().ToString(), &p)) {
        return absl::DataLossError("a stored counter key is unreadable");
      }
      if (p.bucket != keys::Bucket::kDay) continue;
      const std::string month_key = keys::CounterKey(
          p.scope, p.dimension, keys::Bucket::kMonth,
          keys::MonthPeriod(absl::CivilMonth(DayFromNumber(p.period))),
          p.dimension_code);
      if (!AddEncodedCounterRow(
              absl::string_view(it->value().data(), it->value().size()),
              &months[month_key])) {
        return absl::DataLossError("a stored counter row is corrupt");
      }
    }
    MOTCUA_RETURN_IF_ERROR(FromRocksDb(it->status(), "reading counters"));
    for (const auto& [key, row] : months) {
      if (!row.IsZero()) batch.Put(cf(kCounters), key, EncodeCounterRow(row));
    }
  }
  // Year rows go: reads sum months now, and a year row left behind would be
  // a difference for Verify. Within a scope and dimension the buckets sort
  // day, month, year, so the scan jumps from each (scope, dimension) to its
  // year rows instead of reading every day row.
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kCounters)));
  it->SeekToFirst();
  while (it->Valid()) {
    keys::CounterKeyParts p;
    if (!keys::ParseCounterKey(it->key().ToString(), &p)) {
      return absl::DataLossError("a stored counter key is unreadable");
    }
    if (p.bucket == keys::Bucket::kYear) {
      batch.Delete(cf(kCounters), it->key());
      it->Next();
    } else if (p.bucket < keys::Bucket::kYear) {
      // Past this key: the same scope and dimension, a later bucket.
      it->Seek(keys::CounterPeriodPrefix(p.scope, p.dimension,
                                         keys::Bucket::kYear,
                                         std::numeric_limits<int32_t>::min()));
    } else {
      it->Next();
    }
  }
  MOTCUA_RETURN_IF_ERROR(FromRocksDb(it->status(), "reading counters"));
  batch.Put(cf(kDefault), keys::CounterLayoutKey(),
            std::string(keys::kCounterLayoutDayMonth));
  return Write(&batch);
}

absl::StatusOr<VerifyReport> RocksDbStore::Verify(bool repair) {
  // Repair holds writers off; a plain check reads one consistent snapshot.
  if (!repair) return CheckAgainstRecount(/*repair=*/false);
  absl::MutexLock exclusive(&writers_);
  return CheckAgainstRecount(/*repair=*/true);
}

absl::StatusOr<VerifyReport> RocksDbStore::CheckAgainstRecount(bool repair) {
  const ScopedSnapshot scoped(db_.get());
  const rocksdb::Snapshot* snapshot = scoped.get();

  VerifyReport report;
  VerifyRecount recount(granularity(), &report);
  std::vector<int64_t> sequences;
  MOTCUA_RETURN_IF_ERROR(ScanPrefix(
      kDossiers, "",
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        sequences.clear();
        MOTCUA_RETURN_IF_ERROR(ScanPrefix(
            kEvents, keys::EventPrefix(key),
            [&](absl::string_view,
                absl::string_view event_bytes) -> absl::Status {
              MOTCUA_ASSIGN_OR_RETURN(
                  const records::Event e,
                  Parse<records::Event>(event_bytes, "event"));
              sequences.push_back(e.sequence());
              return absl::OkStatus();
            },
            snapshot));
        return recount.AddDossier(key, value, sequences);
      },
      snapshot));

  rocksdb::WriteBatch fixes;
  auto fix_counter_row = [&](const std::string& key,
                             const core::CounterRow& row) {
    if (row.IsZero()) {
      fixes.Delete(cf(kCounters), key);
    } else {
      fixes.Put(cf(kCounters), key, EncodeCounterRow(row));
    }
  };
  MOTCUA_RETURN_IF_ERROR(ScanPrefix(
      kCounters, "",
      [&](absl::string_view key, absl::string_view value) {
        core::CounterRow stored;
        if (!AddEncodedCounterRow(value, &stored)) {
          return absl::DataLossError("a stored counter row is corrupt");
        }
        const std::string k(key);
        if (std::optional<core::CounterRow> fix =
                recount.CheckCounterRow(k, stored)) {
          fix_counter_row(k, *fix);
        }
        return absl::OkStatus();
      },
      snapshot));
  for (const auto& [key, row] : recount.MissingCounterRows()) {
    fix_counter_row(key, row);
  }

  MOTCUA_RETURN_IF_ERROR(ScanPrefix(
      kIndexes, "",
      [&](absl::string_view key, absl::string_view value) {
        if (auto fix = recount.CheckIndexEntry(key, value)) {
          if (fix->remove) {
            fixes.Delete(cf(kIndexes), std::string(key));
          } else {
            fixes.Put(cf(kIndexes), std::string(key), fix->value);
          }
        }
        return absl::OkStatus();
      },
      snapshot));
  for (const auto& [key, value] : recount.MissingIndexEntries()) {
    fixes.Put(cf(kIndexes), key, value);
  }

  for (const auto& [key, highest] : recount.highest_numbers()) {
    absl::StatusOr<std::string> stored =
        Get(kDefault, key, "dossier sequence", snapshot);
    int64_t number = 0;
    if (stored.ok()) {
      if (!DecodeSequenceNumber(*stored, &number)) number = 0;
    } else if (!absl::IsNotFound(stored.status())) {
      return stored.status();
    }
    if (recount.SequenceBehind(key, number)) {
      fixes.Put(cf(kDefault), key, EncodeSequenceNumber(highest));
    }
  }

  if (repair && fixes.Count() > 0) {
    MOTCUA_RETURN_IF_ERROR(Write(&fixes));
    report.repaired = true;
  }
  return report;
}

}  // namespace motcua::storage
