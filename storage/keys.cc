#include "storage/keys.h"

#include "absl/strings/str_cat.h"
#include "storage/record_codec.h"

namespace motcua::storage::keys {
namespace {

constexpr char kReceivedIndex = 'R';
constexpr char kStatusIndex = 'S';
constexpr char kOpenDueIndex = 'D';
constexpr char kCountedIndex = 'C';
constexpr char kStandingIndex = 'T';
constexpr char kOpenStepIndex = 'H';

void AppendScope(const core::Scope& scope, std::string* out) {
  out->push_back(static_cast<char>(scope.kind));
  AppendString(scope.code, out);
}

}  // namespace

void AppendInt32(int32_t value, std::string* out) {
  const uint32_t u = static_cast<uint32_t>(value) ^ 0x80000000u;
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((u >> shift) & 0xff));
  }
}

void AppendInt64(int64_t value, std::string* out) {
  const uint64_t u = static_cast<uint64_t>(value) ^ 0x8000000000000000ull;
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((u >> shift) & 0xff));
  }
}

void AppendString(absl::string_view value, std::string* out) {
  out->append(value.data(), value.size());
  out->push_back('\0');
}

bool ReadInt32(absl::string_view* in, int32_t* value) {
  if (in->size() < 4) return false;
  uint32_t u = 0;
  for (int i = 0; i < 4; ++i) u = (u << 8) | static_cast<uint8_t>((*in)[i]);
  *value = static_cast<int32_t>(u ^ 0x80000000u);
  in->remove_prefix(4);
  return true;
}

bool ReadInt64(absl::string_view* in, int64_t* value) {
  if (in->size() < 8) return false;
  uint64_t u = 0;
  for (int i = 0; i < 8; ++i) u = (u << 8) | static_cast<uint8_t>((*in)[i]);
  *value = static_cast<int64_t>(u ^ 0x8000000000000000ull);
  in->remove_prefix(8);
  return true;
}

bool ReadString(absl::string_view* in, absl::string_view* value) {
  const size_t end = in->find('\0');
  if (end == absl::string_view::npos) return false;
  *value = in->substr(0, end);
  in->remove_prefix(end + 1);
  return true;
}

bool ReadString(absl::string_view* in, std::string* value) {
  absl::string_view view;
  if (!ReadString(in, &view)) return false;
  value->assign(view.data(), view.size());
  return true;
}

std::string PrefixEnd(absl::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    if (static_cast<uint8_t>(end.back()) != 0xff) {
      end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
      return end;
    }
    end.pop_back();
  }
  return std::string();  // no key is past an all-0xff or empty prefix
}

std::string CatalogueKey(CatalogueKind kind, absl::string_view code,
                         absl::CivilDay valid_from) {
  std::string key = CatalogueCodePrefix(kind, code);
  AppendInt32(DayNumber(valid_from), &key);
  return key;
}

std::string CataloguePrefix(CatalogueKind kind) {
  return std::string(1, static_cast<char>(kind));
}

std::string CatalogueCodePrefix(CatalogueKind kind, absl::string_view code) {
  std::string key = CataloguePrefix(kind);
  AppendString(code, &key);
  return key;
}

std::string EventKey(absl::string_view dossier_code, int64_t sequence) {
  std::string key = EventPrefix(dossier_code);
  AppendInt64(sequence, &key);
  return key;
}

std::string EventPrefix(absl::string_view dossier_code) {
  std::string key;
  AppendString(dossier_code, &key);
  return key;
}

std::string ReceivedIndexKey(const core::Scope& scope, absl::CivilDay day,
                             absl::string_view dossier_code) {
  std::string key = ReceivedIndexDayPrefix(scope, day);
  key.append(dossier_code.data(), dossier_code.size());
  return key;
}

std::string ReceivedIndexPrefix(const core::Scope& scope) {
  std::string key(1, kReceivedIndex);
  AppendScope(scope, &key);
  return key;
}

std::string ReceivedIndexDayPrefix(const core::Scope& scope,
                                   absl::CivilDay day) {
  std::string key = ReceivedIndexPrefix(scope);
  AppendInt32(DayNumber(day), &key);
  return key;
}

std::string StatusIndexKey(absl::string_view agency_code,
                           core::DossierStatus status,
                           absl::string_view dossier_code) {
  std::string key = StatusIndexPrefix(agency_code, status);
  key.append(dossier_code.data(), dossier_code.size());
  return key;
}

std::string StatusIndexPrefix(absl::string_view agency_code,
                              core::DossierStatus status) {
  std::string key(1, kStatusIndex);
  AppendString(agency_code, &key);
  key.push_back(static_cast<char>(status));
  return key;
}

std::string OpenDueIndexKey(absl::string_view agency_code,
                            absl::CivilDay due_day,
                            absl::string_view dossier_code) {
  std::string key = OpenDueIndexPrefix(agency_code);
  AppendInt32(DayNumber(due_day), &key);
  key.append(dossier_code.data(), dossier_code.size());
  return key;
}

std::string OpenDueIndexPrefix(absl::string_view agency_code) {
  std::string key(1, kOpenDueIndex);
  AppendString(agency_code, &key);
  return key;
}

std::string OpenStepIndexKey(absl::string_view agency_code,
                             absl::CivilDay due_day,
                             absl::string_view dossier_code) {
  std::string key = OpenStepIndexPrefix(agency_code);
  AppendInt32(DayNumber(due_day), &key);
  key.append(dossier_code.data(), dossier_code.size());
  return key;
}

std::string OpenStepIndexPrefix(absl::string_view agency_code) {
  std::string key(1, kOpenStepIndex);
  AppendString(agency_code, &key);
  return key;
}

std::string CountedIndexKey(const core::Scope& scope, core::Metric metric,
                            absl::CivilDay day,
                            absl::string_view dossier_code) {
  std::string key = CountedIndexDayPrefix(scope, metric, day);
  key.append(dossier_code.data(), dossier_code.size());
  return key;
}

std::string CountedIndexPrefix(const core::Scope& scope, core::Metric metric) {
  std::string key(1, kCountedIndex);
  AppendScope(scope, &key);
  key.push_back(static_cast<char>(metric));
  return key;
}

std::string CountedIndexDayPrefix(const core::Scope& scope, core::Metric metric,
                                  absl::CivilDay day) {
  std::string key = CountedIndexPrefix(scope, metric);
  AppendInt32(DayNumber(day), &key);
  return key;
}

std::string StandingIndexKey(const core::Scope& scope, absl::CivilDay until,
                             absl::string_view dossier_code) {
  std::string key = StandingIndexUntilPrefix(scope, until);
  key.append(dossier_code.data(), dossier_code.size());
  return key;
}

std::string StandingIndexPrefix(const core::Scope& scope) {
  std::string key(1, kStandingIndex);
  AppendScope(scope, &key);
  return key;
}

std::string StandingIndexUntilPrefix(const core::Scope& scope,
                                     absl::CivilDay until) {
  std::string key = StandingIndexPrefix(scope);
  AppendInt32(DayNumber(until), &key);
  return key;
}

absl::string_view IndexKeyCode(absl::string_view key,
                               absl::string_view prefix_with_fixed_part) {
  return key.substr(prefix_with_fixed_part.size());
}

std::string CounterKey(const core::Scope& scope, core::Dimension dimension,
                       Bucket bucket, int32_t period,
                       absl::string_view dimension_code) {
  std::string key = CounterPeriodPrefix(scope, dimension, bucket, period);
  key.append(dimension_code.data(), dimension_code.size());
  return key;
}

std::string CounterPeriodPrefix(const core::Scope& scope,
                                core::Dimension dimension, Bucket bucket,
                                int32_t period) {
  std::string key;
  AppendScope(scope, &key);
  key.push_back(static_cast<char>(dimension));
  key.push_back(static_cast<char>(bucket));
  AppendInt32(period, &key);
  return key;
}

bool ParseCounterKey(absl::string_view key, CounterKeyParts* parts) {
  if (key.empty()) return false;
  parts->scope.kind = static_cast<core::ScopeKind>(key[0]);
  key.remove_prefix(1);
  if (!ReadString(&key, &parts->scope.code) || key.size() < 2) return false;
  parts->dimension = static_cast<core::Dimension>(key[0]);
  parts->bucket = static_cast<Bucket>(key[1]);
  key.remove_prefix(2);
  if (!ReadInt32(&key, &parts->period)) return false;
  parts->dimension_code = std::string(key);
  return true;
}

int32_t MonthPeriod(absl::CivilMonth month) {
  return static_cast<int32_t>(month.year() * 12 + month.month() - 1);
}

absl::CivilMonth MonthOfPeriod(int32_t period) {
  return absl::CivilMonth(period / 12, period % 12 + 1);
}

std::string SettingsKey() { return "settings"; }

std::string CounterLayoutKey() { return "counter-layout"; }
std::string IndexLayoutKey() { return "index-layout"; }

std::string CalendarYearKey(int year) {
  std::string key = CalendarPrefix();
  AppendInt32(year, &key);
  return key;
}

std::string CalendarPrefix() { return "calendar/"; }

std::string SequenceKey(absl::string_view agency_code, absl::CivilDay day) {
  std::string key = "sequence/";
  AppendString(agency_code, &key);
  AppendInt32(DayNumber(day), &key);
  return key;
}

std::string TokenKey(absl::string_view secret_hash) {
  return absl::StrCat(TokenPrefix(), secret_hash);
}

std::string TokenPrefix() { return "token/"; }

std::string TokenIdKey(absl::string_view id) {
  return absl::StrCat("token-id/", id);
}

}  // namespace motcua::storage::keys
