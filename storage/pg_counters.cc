// The PostgreSQL engine: counter sums and Verify().
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/counter_spans.h"
#include "storage/keys.h"
#include "storage/pg_cursor.h"
#include "storage/pg_store_impl.h"
#include "storage/record_codec.h"
#include "storage/verify_recount.h"

namespace motcua::storage {
namespace {

// The counters table has one column per metric (pg_schema.cc); a metric
// added to core::Metric needs a migration adding its column.
static_assert(core::kMetricCount == 21,
              "a new metric needs a schema migration adding its column");

// "n0, n1, ..., n20", made once: every sum's statement names them.
const std::string& CounterColumns() {
  static const std::string* const columns = [] {
    auto* out = new std::string;
    for (int i = 0; i < core::kMetricCount; ++i) {
      absl::StrAppend(out, i == 0 ? "" : ", ", "n", i);
    }
    return out;
  }();
  return *columns;
}

// ", sum(n0)::int8, ..., sum(n20)::int8", made once.
const std::string& SummedCounterColumns() {
  static const std::string* const columns = [] {
    auto* out = new std::string;
    for (int i = 0; i < core::kMetricCount; ++i) {
      absl::StrAppend(out, ", sum(n", i, ")::int8");
    }
    return out;
  }();
  return *columns;
}

// The metric columns of `row` as SQL values.
std::string CounterValues(const core::CounterRow& row) {
  std::string out;
  for (int i = 0; i < core::kMetricCount; ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ", ", row.values[i]);
  }
  return out;
}

// Adds the metric columns of `rows`' row `r`, from column `first` on.
void AddColumns(const PgRows& rows, int r, int first, core::CounterRow* row) {
  for (int i = 0; i < core::kMetricCount; ++i) {
    row->values[i] += BigIntFromBinary(rows.value(r, first + i));
  }
}

// Spans of at least this many periods are read as a key range.
constexpr int32_t kMaxProbedPeriods = 24;

}  // namespace

namespace {

using DayRanges = std::vector<std::pair<absl::CivilDay, absl::CivilDay>>;

// Checks `ranges` and clamps each to the days counters can hold; a range
// left empty becomes nullopt (its sum is zero).
absl::StatusOr<
    std::vector<std::optional<std::pair<absl::CivilDay, absl::CivilDay>>>>
Clamped(const DayRanges& ranges) {
  std::vector<std::optional<std::pair<absl::CivilDay, absl::CivilDay>>> out;
  for (auto [first, last] : ranges) {
    MOTCUA_RETURN_IF_ERROR(CheckRange(first, last));
    first = std::max(first, kFirstCounterDay);
    last = std::min(last, kLastCounterDay);
    if (last < first) {
      out.push_back(std::nullopt);
    } else {
      out.push_back(std::make_pair(first, last));
    }
  }
  return out;
}

// For each range, the first range equal to it (itself when none before
// is): a report's period and "until the as-of day" are the same range once
// the period is over, and are read once.
std::vector<size_t> FirstEqual(
    const std::vector<std::optional<std::pair<absl::CivilDay, absl::CivilDay>>>&
        ranges) {
  std::vector<size_t> out(ranges.size());
  for (size_t r = 0; r < ranges.size(); ++r) {
    out[r] = r;
    for (size_t q = 0; q < r; ++q) {
      if (ranges[q] == ranges[r]) {
        out[r] = q;
        break;
      }
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<core::CounterRow> PgStore::SumCounters(
    const core::Scope& scope, core::Dimension dimension,
    const std::string& dimension_code, absl::CivilDay first,
    absl::CivilDay last) {
  MOTCUA_ASSIGN_OR_RETURN(
      std::vector<core::CounterRow> sums,
      SumCounterRanges(scope, dimension, dimension_code, {{first, last}}));
  return sums[0];
}

absl::StatusOr<std::vector<core::CounterRow>> PgStore::SumCounterRanges(
    const core::Scope& scope, core::Dimension dimension,
    const std::string& dimension_code, const DayRanges& ranges) {
  if ((dimension == core::Dimension::kTotal) != dimension_code.empty()) {
    return absl::InvalidArgumentError(
        "a dimension code is given exactly when the dimension is not TOTAL");
  }
  MOTCUA_ASSIGN_OR_RETURN(const auto clamped, Clamped(ranges));
  std::vector<core::CounterRow> sums(ranges.size());
  // One statement, a branch per span of each range, tagged with the
  // range's index: a short span names its rows; a long one (the years
  // before a period: 2000 to last year is 300 months) is a key range,
  // where only the rows that exist are read, filtered by code. The keys
  // are parameters, so the text depends only on the ranges' shape: it is
  // prepared once per connection, and PostgreSQL neither parses nor plans
  // it again (both cost far more than reading the few rows).
  std::string sql;
  std::vector<std::string> params;
  auto param = [&params](std::string value) {
    params.push_back(std::move(value));
    return absl::StrCat("$", params.size());
  };
  const std::vector<size_t> first_equal = FirstEqual(clamped);
  for (size_t r = 0; r < clamped.size(); ++r) {
    if (!clamped[r].has_value() || first_equal[r] != r) continue;
    for (const Span& span : Spans(clamped[r]->first, clamped[r]->second)) {
      absl::StrAppend(&sql, sql.empty() ? "" : " UNION ALL ", "SELECT ", r,
                      "::int8 AS i, ", CounterColumns(),
                      " FROM counters WHERE ");
      if (span.last_period - span.first_period < kMaxProbedPeriods) {
        std::vector<std::string> keys;
        for (int32_t p = span.first_period; p <= span.last_period; ++p) {
          keys.push_back(keys::CounterKey(scope, dimension, span.bucket, p,
                                          dimension_code));
        }
        absl::StrAppend(&sql, "key = ANY(", param(BinaryByteaArray(keys)),
                        "::bytea[])");
        continue;
      }
      const std::string lower = keys::CounterPeriodPrefix(
          scope, dimension, span.bucket, span.first_period);
      const std::string upper = keys::PrefixEnd(keys::CounterPeriodPrefix(
          scope, dimension, span.bucket, span.last_period));
      // Every period prefix has the same length: the code follows it.
      const std::string low = param(lower);
      absl::StrAppend(&sql, "key >= ", low, "::bytea AND key < ", param(upper),
                      "::bytea AND substr(key, length(", low,
                      "::bytea) + 1) = ", param(dimension_code), "::bytea");
    }
  }
  if (sql.empty()) return sums;
  // Summed by PostgreSQL: one row per range comes back, not every slot row
  // of every period (decoding those cost the server more than the query).
  sql = absl::StrCat("SELECT i", SummedCounterColumns(), " FROM (", sql,
                     ") AS t GROUP BY i");
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  MOTCUA_ASSIGN_OR_RETURN(const PgRows rows, lease->Query(sql, params));
  for (int i = 0; i < rows.size(); ++i) {
    AddColumns(rows, i, 1, &sums[BigIntFromBinary(rows.value(i, 0))]);
  }
  for (size_t r = 0; r < sums.size(); ++r) sums[r] = sums[first_equal[r]];
  return sums;
}

absl::StatusOr<std::map<std::string, core::CounterRow>>
PgStore::SumCountersByDimension(const core::Scope& scope,
                                core::Dimension dimension, absl::CivilDay first,
                                absl::CivilDay last) {
  MOTCUA_ASSIGN_OR_RETURN(auto sums, SumCounterRangesByDimension(
                                         scope, dimension, {{first, last}}));
  return std::move(sums[0]);
}

absl::StatusOr<std::vector<std::map<std::string, core::CounterRow>>>
PgStore::SumCounterRangesByDimension(const core::Scope& scope,
                                     core::Dimension dimension,
                                     const DayRanges& ranges) {
  MOTCUA_ASSIGN_OR_RETURN(const auto clamped, Clamped(ranges));
  std::vector<std::map<std::string, core::CounterRow>> sums(ranges.size());
  // Keys as parameters: prepared once per shape (as SumCounterRanges).
  std::string sql;
  std::vector<std::string> params;
  size_t code_offset = 0;  // every period prefix has the same length
  const std::vector<size_t> first_equal = FirstEqual(clamped);
  for (size_t r = 0; r < clamped.size(); ++r) {
    if (!clamped[r].has_value() || first_equal[r] != r) continue;
    for (const Span& span : Spans(clamped[r]->first, clamped[r]->second)) {
      const std::string lower = keys::CounterPeriodPrefix(
          scope, dimension, span.bucket, span.first_period);
      const std::string upper = keys::PrefixEnd(keys::CounterPeriodPrefix(
          scope, dimension, span.bucket, span.last_period));
      code_offset = lower.size();
      params.push_back(lower);
      params.push_back(upper);
      absl::StrAppend(&sql, sql.empty() ? "" : " UNION ALL ", "SELECT ", r,
                      "::int8, key, ", CounterColumns(),
                      " FROM counters WHERE key >= $", params.size() - 1,
                      "::bytea AND key < $", params.size(), "::bytea");
    }
  }
  if (sql.empty()) return sums;
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  MOTCUA_ASSIGN_OR_RETURN(const PgRows rows, lease->Query(sql, params));
  for (int i = 0; i < rows.size(); ++i) {
    // The code ends the key.
    const std::string code(rows.value(i, 1).substr(code_offset));
    AddColumns(rows, i, 2, &sums[BigIntFromBinary(rows.value(i, 0))][code]);
  }
  for (size_t r = 0; r < sums.size(); ++r) {
    if (first_equal[r] != r) sums[r] = sums[first_equal[r]];
  }
  for (auto& by_code : sums) {
    for (auto it = by_code.begin(); it != by_code.end();) {
      it = it->second.IsZero() ? by_code.erase(it) : std::next(it);
    }
  }
  return sums;
}

absl::StatusOr<int64_t> PgStore::FoldCounterSlots(bool vacuum) {
  constexpr int kRowsPerFold = 2000;
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  // Any number: it only keeps two servers from folding at once. The end
  // of a bulk load waits for another's fold, then folds what is left.
  if (vacuum) {
    MOTCUA_RETURN_IF_ERROR(
        lease->Query("SELECT pg_advisory_lock(7719002)").status());
  } else {
    MOTCUA_ASSIGN_OR_RETURN(
        const PgRows locked,
        lease->Query("SELECT pg_try_advisory_lock(7719002)"));
    if (locked.size() != 1 || locked.value(0, 0) != std::string(1, '\1')) {
      return 0;  // another server is folding
    }
  }
  std::string sums;
  for (int i = 0; i < core::kMetricCount; ++i) {
    absl::StrAppend(&sums, i == 0 ? "" : ", ", "n", i, " = counters.n", i,
                    " + excluded.n", i);
  }
  int64_t folded = 0;
  absl::Status status;
  std::string lower;  // "": from the first row
  for (bool last = false; !last && status.ok();) {
    // Through the index of split rows (counters_split) alone.
    absl::StatusOr<PgRows> next = lease->Query(
        absl::StrCat("SELECT key FROM counters WHERE slot <> 0 AND key > $1 "
                     "ORDER BY key OFFSET ",
                     kRowsPerFold, " LIMIT 1"),
        {lower});
    if (!next.ok()) {
      status = next.status();
      break;
    }
    last = next->size() == 0;
    const std::string upper = last ? "" : std::string(next->value(0, 0));
    // One statement, one transaction: the slots leave and their sum
    // arrives together; rows are locked in key order, as writes lock them.
    std::vector<std::string> params = {lower};
    std::string range = "key >= $1";
    if (!last) {
      params.push_back(upper);
      range += " AND key < $2";
    }
    absl::StatusOr<PgRows> moved = lease->Query(
        absl::StrCat("WITH gone AS (DELETE FROM counters WHERE ", range,
                     " AND slot <> 0 RETURNING *) INSERT INTO counters (key, "
                     "slot, ",
                     CounterColumns(), ") SELECT key, 0",
                     SummedCounterColumns(),
                     " FROM gone GROUP BY key ORDER BY key ON CONFLICT (key, "
                     "slot) DO UPDATE SET ",
                     sums),
        params);
    if (!moved.ok()) {
      status = moved.status();
      break;
    }
    folded += moved->affected();
    lower = upper;
  }
  // A fold of many rows leaves as many dead ones, which every read over
  // them steps over until a vacuum. After a bulk load, vacuum now; a
  // periodic fold leaves it to autovacuum (schema version 2 sets when),
  // which is throttled and so competes less with serving.
  // The whole database: a bulk load leaves every table freshly written.
  if (vacuum && status.ok()) {
    status = lease->Query("VACUUM (ANALYZE)").status();
  }
  (void)lease->Query("SELECT pg_advisory_unlock(7719002)");
  MOTCUA_RETURN_IF_ERROR(status);
  return folded;
}

absl::Status PgStore::FinishBulkLoad() {
  return FoldCounterSlots(/*vacuum=*/true).status();
}

absl::StatusOr<VerifyReport> PgStore::Verify(bool repair) {
  MOTCUA_ASSIGN_OR_RETURN(const core::Settings settings, GetSettings());
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  PgConnection& connection = *lease;
  // A repair holds every writer off (they take ROW EXCLUSIVE on dossiers
  // first); a plain check reads one snapshot.
  MOTCUA_RETURN_IF_ERROR(
      connection
          .Script(repair ? "BEGIN; LOCK TABLE dossiers IN SHARE ROW "
                           "EXCLUSIVE MODE"
                         : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
          .status());
  absl::StatusOr<VerifyReport> report = [&]() -> absl::StatusOr<VerifyReport> {
    VerifyReport report;
    VerifyRecount recount(settings.rules.granularity, &report);

    // Dossiers and events both in key order: a dossier's events follow the
    // events of every code before it (keys.h's terminator keeps a code's
    // prefix before its extensions).
    PgCursor dossiers(connection, "dossiers", "", "", false, "code, record");
    PgCursor events(connection, "events", "", "", false);
    events.Start("");
    std::vector<int64_t> sequences;
    for (dossiers.Start(""); dossiers.Valid(); dossiers.Next()) {
      const std::string prefix = keys::EventPrefix(dossiers.key());
      while (events.Valid() && events.key() < prefix) events.Next();
      sequences.clear();
      for (; events.Valid() && events.key().substr(0, prefix.size()) == prefix;
           events.Next()) {
        absl::string_view rest = events.key().substr(prefix.size());
        int64_t sequence = 0;
        if (!keys::ReadInt64(&rest, &sequence)) {
          return absl::DataLossError("an event key is unreadable");
        }
        sequences.push_back(sequence);
      }
      MOTCUA_RETURN_IF_ERROR(
          recount.AddDossier(dossiers.key(), dossiers.value(), sequences));
    }
    MOTCUA_RETURN_IF_ERROR(dossiers.status());
    MOTCUA_RETURN_IF_ERROR(events.status());

    std::string fixes;
    auto fix_counter_row = [&](const std::string& key,
                               const core::CounterRow& row) {
      absl::StrAppend(
          &fixes, "DELETE FROM counters WHERE key = ", ByteaLiteral(key), "; ");
      if (!row.IsZero()) {
        absl::StrAppend(&fixes, "INSERT INTO counters (key, slot, ",
                        CounterColumns(), ") VALUES (", ByteaLiteral(key),
                        ", 0, ", CounterValues(row), "); ");
      }
    };
    // Counter rows: a row's slots are summed before the comparison.
    std::string after;
    bool first_chunk = true;
    std::string current_key;
    core::CounterRow current;
    bool have_current = false;
    for (;;) {
      MOTCUA_ASSIGN_OR_RETURN(
          const PgRows rows,
          first_chunk
              ? connection.Query(absl::StrCat(
                    "SELECT DISTINCT key FROM counters ORDER BY key LIMIT ",
                    kScanChunk))
              : connection.Query(
                    absl::StrCat("SELECT DISTINCT key FROM counters WHERE key "
                                 "> $1 ORDER BY key LIMIT ",
                                 kScanChunk),
                    {after}));
      first_chunk = false;
      if (rows.size() == 0) break;
      after = std::string(rows.value(rows.size() - 1, 0));
      MOTCUA_ASSIGN_OR_RETURN(
          const PgRows parts,
          connection.Query(absl::StrCat("SELECT key, ", CounterColumns(),
                                        " FROM counters WHERE key >= $1 AND "
                                        "key <= $2 ORDER BY key"),
                           {std::string(rows.value(0, 0)), after}));
      for (int i = 0; i < parts.size(); ++i) {
        if (!have_current || parts.value(i, 0) != current_key) {
          if (have_current) {
            if (auto fix = recount.CheckCounterRow(current_key, current)) {
              fix_counter_row(current_key, *fix);
            }
          }
          current_key = std::string(parts.value(i, 0));
          current = core::CounterRow();
          have_current = true;
        }
        AddColumns(parts, i, 1, &current);
      }
      if (rows.size() < kScanChunk) break;
    }
    if (have_current) {
      if (auto fix = recount.CheckCounterRow(current_key, current)) {
        fix_counter_row(current_key, *fix);
      }
    }
    for (const auto& [key, row] : recount.MissingCounterRows()) {
      fix_counter_row(key, row);
    }

    PgCursor index(connection, "indexes", "", "", false);
    for (index.Start(""); index.Valid(); index.Next()) {
      if (auto fix = recount.CheckIndexEntry(index.key(), index.value())) {
        if (!fix->remove) {
          absl::StrAppend(&fixes, "INSERT INTO indexes VALUES (",
                          ByteaLiteral(index.key()), ", ",
                          ByteaLiteral(fix->value),
                          ") ON CONFLICT (key) DO UPDATE SET value = "
                          "excluded.value; ");
        } else {
          absl::StrAppend(&fixes, "DELETE FROM indexes WHERE key = ",
                          ByteaLiteral(index.key()), "; ");
        }
      }
    }
    MOTCUA_RETURN_IF_ERROR(index.status());
    for (const auto& [key, value] : recount.MissingIndexEntries()) {
      absl::StrAppend(&fixes, "INSERT INTO indexes VALUES (", ByteaLiteral(key),
                      ", ", ByteaLiteral(value), "); ");
    }

    // No sequence to check: the next number is one past the highest code.
    if (repair && !fixes.empty()) {
      MOTCUA_RETURN_IF_ERROR(connection.Script(fixes).status());
      report.repaired = true;
    }
    return report;
  }();
  if (report.ok() && repair) {
    absl::Status committed = connection.Script("COMMIT").status();
    if (!committed.ok()) report = committed;
  }
  connection.Rollback();
  return report;
}

}  // namespace motcua::storage
