// Key layouts of the RocksDB engine. Internal to storage/.
//
// Integers are big-endian with the sign bit flipped, so byte order is
// numeric order; strings are followed by a 0x00 terminator (codes never
// hold NUL), so a shorter code sorts before its extensions and prefixes of
// different codes never interleave.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "core/counters.h"
#include "core/dossier_status.h"

namespace motcua::storage::keys {

void AppendInt32(int32_t value, std::string* out);
void AppendInt64(int64_t value, std::string* out);
void AppendString(absl::string_view value, std::string* out);
// Reads what the Append* functions wrote, advancing `*in`; false when
// `*in` is too short or malformed.
bool ReadInt32(absl::string_view* in, int32_t* value);
bool ReadInt64(absl::string_view* in, int64_t* value);
bool ReadString(absl::string_view* in, std::string* value);
// The same, as a view into `*in`'s bytes.
bool ReadString(absl::string_view* in, absl::string_view* value);

// The smallest key greater than every key starting with `prefix`; empty
// when there is none (an empty or all-0xff prefix): then scan to the end.
std::string PrefixEnd(absl::string_view prefix);

// ---- catalogue column family ----
enum class CatalogueKind : char {
  kUnit = 'U',
  kAgency = 'A',
  kField = 'F',
  kProcedure = 'P'
};
std::string CatalogueKey(CatalogueKind kind, absl::string_view code,
                         absl::CivilDay valid_from);
std::string CataloguePrefix(CatalogueKind kind);
std::string CatalogueCodePrefix(CatalogueKind kind, absl::string_view code);

// ---- events column family: dossier code, then sequence ----
std::string EventKey(absl::string_view dossier_code, int64_t sequence);
std::string EventPrefix(absl::string_view dossier_code);

// ---- indexes column family ----
// Received dossiers of a scope by reception day.
std::string ReceivedIndexKey(const core::Scope& scope, absl::CivilDay day,
                             absl::string_view dossier_code);
std::string ReceivedIndexPrefix(const core::Scope& scope);
std::string ReceivedIndexDayPrefix(const core::Scope& scope,
                                   absl::CivilDay day);
// Dossiers of an agency by status.
std::string StatusIndexKey(absl::string_view agency_code,
                           core::DossierStatus status,
                           absl::string_view dossier_code);
std::string StatusIndexPrefix(absl::string_view agency_code,
                              core::DossierStatus status);
// Open (received, unfinished) dossiers of an agency by due day.
std::string OpenDueIndexKey(absl::string_view agency_code,
                            absl::CivilDay due_day,
                            absl::string_view dossier_code);
std::string OpenDueIndexPrefix(absl::string_view agency_code);
// Open dossiers whose last inter-agency step is open, by the step's due
// day, under the agency holding the step and under the receiving agency
// (the early warnings' steps).
std::string OpenStepIndexKey(absl::string_view agency_code,
                             absl::CivilDay due_day,
                             absl::string_view dossier_code);
std::string OpenStepIndexPrefix(absl::string_view agency_code);
// The cell index (core/dossier_shares.h): the dossiers a report cell
// counts. Period metrics other than receptions (core::IsReceptionMetric:
// the reception index has those): a dossier counted in `metric` on `day`
// under `scope`; the value is the share's field and procedure codes and the
// times counted (EncodeCountedValue).
std::string CountedIndexKey(const core::Scope& scope, core::Metric metric,
                            absl::CivilDay day, absl::string_view dossier_code);
std::string CountedIndexPrefix(const core::Scope& scope, core::Metric metric);
std::string CountedIndexDayPrefix(const core::Scope& scope, core::Metric metric,
                                  absl::CivilDay day);
// Standings: one entry per dossier and scope, keyed by the end of its last
// standing (core::kOpenEnded while one goes on), so that "standing at the
// end of day D" scans the entries ending after D; the value holds the
// codes and every standing interval (StandingIndexValue).
std::string StandingIndexKey(const core::Scope& scope, absl::CivilDay until,
                             absl::string_view dossier_code);
std::string StandingIndexPrefix(const core::Scope& scope);
std::string StandingIndexUntilPrefix(const core::Scope& scope,
                                     absl::CivilDay until);
// The dossier code that ends an index key of the given prefix.
absl::string_view IndexKeyCode(absl::string_view key,
                               absl::string_view prefix_with_fixed_part);

// ---- counters column family ----
// Buckets: a day or a whole month (the sum of its days). Year rows (each
// the sum of a year's days) were written by stores before layout
// kCounterLayoutDayMonth; they are deleted on open and never read.
// Periods: days since 1970-01-01, year * 12 + month - 1, the year.
enum class Bucket : char { kDay = 'd', kMonth = 'm', kYear = 'y' };
int32_t MonthPeriod(absl::CivilMonth month);
absl::CivilMonth MonthOfPeriod(int32_t period);
std::string CounterKey(const core::Scope& scope, core::Dimension dimension,
                       Bucket bucket, int32_t period,
                       absl::string_view dimension_code);
// Every key of (scope, dimension, bucket, period) for all codes.
std::string CounterPeriodPrefix(const core::Scope& scope,
                                core::Dimension dimension, Bucket bucket,
                                int32_t period);
struct CounterKeyParts {
  core::Scope scope;
  core::Dimension dimension;
  Bucket bucket;
  int32_t period;
  std::string dimension_code;
};
bool ParseCounterKey(absl::string_view key, CounterKeyParts* parts);

// ---- default column family ----
std::string SettingsKey();
// The counters' layout, one of the values below; absent in a store written
// before month rows existed. Open() brings an older store to the current
// layout (RocksDbStore::MigrateCounterLayout).
std::string CounterLayoutKey();
// Day, month and year rows.
inline constexpr absl::string_view kCounterLayoutWithYears = "months";
// Day and month rows only: years are summed from months at read time.
inline constexpr absl::string_view kCounterLayoutDayMonth = "day-month";
// Set once the indexes hold every dossier; absent in a store written before
// the cell index. Open() brings an older store to the current layout
// (RocksDbStore::BuildIndexes).
std::string IndexLayoutKey();
// The cell index (Counted/Standing entries), without open steps.
inline constexpr absl::string_view kIndexLayoutCells = "cells";
// The cell index and the open-step index.
inline constexpr absl::string_view kIndexLayoutOpenSteps = "cells,open-steps";
std::string CalendarYearKey(int year);
std::string CalendarPrefix();
std::string SequenceKey(absl::string_view agency_code, absl::CivilDay day);
// Tokens by secret hash (the record), and by id (the hash).
std::string TokenKey(absl::string_view secret_hash);
std::string TokenPrefix();
std::string TokenIdKey(absl::string_view id);

}  // namespace motcua::storage::keys
