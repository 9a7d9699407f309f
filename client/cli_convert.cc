#include "client/cli_convert.h"

#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "client/motcua_client.h"

namespace motcua::client {
namespace {

constexpr absl::string_view kUsagePayload = "motcua.cli/usage";

}  // namespace

absl::Status Usage(absl::string_view why) {
  absl::Status s = absl::InvalidArgumentError(why);
  s.SetPayload(kUsagePayload, absl::Cord("1"));
  return s;
}

bool IsUsage(const absl::Status& s) {
  return s.GetPayload(kUsagePayload).has_value();
}

absl::StatusOr<std::string> Positional(const cmdline::Flags& a, size_t i,
                                       absl::string_view what) {
  if (a.positional().size() <= i) {
    return Usage(absl::StrCat("missing ", what, " (see --help)"));
  }
  return a.positional()[i];
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Usage(absl::StrCat("cannot read ", path));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

absl::StatusOr<v1::Date> ParseDate(const std::string& text,
                                   absl::string_view option) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return Usage(absl::StrCat("--", option, " must be a date YYYY-MM-DD"));
  }
  return ToDate(day);
}

absl::StatusOr<google::protobuf::Timestamp> ParseInstant(
    const std::string& text, absl::string_view option) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error) &&
      !absl::ParseTime("%Y-%m-%d %H:%M", text, absl::FixedTimeZone(7 * 3600),
                       &t, &error)) {
    return Usage(absl::StrCat(
        "--", option, " must be RFC 3339 or 'YYYY-MM-DD HH:MM' (local time)"));
  }
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

absl::StatusOr<v1::Scope> ParseScope(const std::string& text) {
  static const auto* kinds = new std::map<std::string, v1::Scope::Kind>{
      {"deployment", v1::Scope::DEPLOYMENT},
      {"province", v1::Scope::PROVINCE},
      {"district", v1::Scope::DISTRICT},
      {"commune", v1::Scope::COMMUNE},
      {"agency", v1::Scope::AGENCY}};
  std::pair<std::string, std::string> kc =
      absl::StrSplit(text, absl::MaxSplits(':', 1));
  auto it = kinds->find(kc.first);
  if (it == kinds->end()) {
    return Usage(
        "--scope must be deployment, province:CODE, district:CODE, "
        "commune:CODE or agency:CODE");
  }
  v1::Scope s;
  s.set_kind(it->second);
  s.set_code(kc.second);
  return s;
}

absl::StatusOr<v1::Period> ParsePeriod(const cmdline::Flags& a) {
  v1::Period p;
  if (a.Has("from") || a.Has("to")) {
    MOTCUA_ASSIGN_OR_RETURN(*p.mutable_from(),
                            ParseDate(a.GetString("from"), "from"));
    MOTCUA_ASSIGN_OR_RETURN(*p.mutable_to(),
                            ParseDate(a.GetString("to"), "to"));
    return p;
  }
  int year = 0, quarter = 0, month = 0;
  if (!absl::SimpleAtoi(a.GetString("year"), &year) || year < 1970 ||
      year > 9999) {
    return Usage("give --from and --to, or --year (with --quarter or --month)");
  }
  absl::CivilDay first(year, 1, 1), last(year, 12, 31);
  if (a.Has("quarter")) {
    if (!absl::SimpleAtoi(a.GetString("quarter"), &quarter) || quarter < 1 ||
        quarter > 4) {
      return Usage("--quarter must be 1 to 4");
    }
    first = absl::CivilDay(year, 3 * quarter - 2, 1);
    last = absl::CivilDay(absl::CivilMonth(year, 3 * quarter) + 1) - 1;
  } else if (a.Has("month")) {
    if (!absl::SimpleAtoi(a.GetString("month"), &month) || month < 1 ||
        month > 12) {
      return Usage("--month must be 1 to 12");
    }
    first = absl::CivilDay(year, month, 1);
    last = absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1;
  }
  *p.mutable_from() = ToDate(first);
  *p.mutable_to() = ToDate(last);
  return p;
}

std::set<std::string> WriteFlags() { return {"request-id", "note", "at"}; }

void SetWrite(const cmdline::Flags& a, v1::WriteOptions* w) {
  w->set_request_id(a.GetString("request-id"));
  w->set_note(a.GetString("note"));
}

absl::Status SetAt(const cmdline::Flags& a, v1::WriteOptions* w) {
  if (!a.Has("at")) return absl::OkStatus();
  MOTCUA_ASSIGN_OR_RETURN(*w->mutable_occurred_at(),
                          ParseInstant(a.GetString("at"), "at"));
  return absl::OkStatus();
}

std::set<std::string> With(std::set<std::string> a,
                           const std::set<std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

}  // namespace motcua::client
