// Turning the CLI's words into request fields, and the usage errors (exit 2)
// they raise for words that do not fit.
#pragma once

#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cmdline/flags.h"
#include "core/status_macros.h"
#include "google/protobuf/timestamp.pb.h"
#include "motcua/v1/dossier_service.pb.h"
#include "motcua/v1/resources.pb.h"
#include "motcua/v1/statistics_service.pb.h"

namespace motcua::client {

// A mistake on the command line (exit 2), as opposed to a refusal by the
// server (exit 1): both are INVALID_ARGUMENT, so this one carries a mark.
absl::Status Usage(absl::string_view why);
// Whether `s` came from Usage().
bool IsUsage(const absl::Status& s);

// Positional word `i` of the command, or a usage error naming `what`.
absl::StatusOr<std::string> Positional(const cmdline::Flags& a, size_t i,
                                       absl::string_view what);
// A file's whole text, or a usage error "cannot read PATH".
absl::StatusOr<std::string> ReadFile(const std::string& path);

// YYYY-MM-DD, or "--OPTION must be a date YYYY-MM-DD".
absl::StatusOr<v1::Date> ParseDate(const std::string& text,
                                   absl::string_view option);
// RFC 3339, or "YYYY-MM-DD HH:MM" read as Vietnam's local time.
absl::StatusOr<google::protobuf::Timestamp> ParseInstant(
    const std::string& text, absl::string_view option);
// deployment, or KIND:CODE for province, district, commune, agency.
absl::StatusOr<v1::Scope> ParseScope(const std::string& text);
// The period of --from/--to, or --year with --quarter or --month.
absl::StatusOr<v1::Period> ParsePeriod(const cmdline::Flags& a);

// An enum value by its proto name, or "--OPTION: unknown value 'TEXT'".
template <typename Enum>
absl::StatusOr<Enum> ParseEnum(const std::string& text,
                               absl::string_view option,
                               bool (*parse)(const std::string&, Enum*)) {
  Enum value;
  if (!parse(text, &value)) {
    return Usage(absl::StrCat("--", option, ": unknown value '", text, "'"));
  }
  return value;
}

// Sets the request's as_of from --as-of, when given.
template <typename Request>
absl::Status SetAsOf(const cmdline::Flags& a, Request* r) {
  if (!a.Has("as-of")) return absl::OkStatus();
  MOTCUA_ASSIGN_OR_RETURN(*r->mutable_as_of(),
                          ParseDate(a.GetString("as-of"), "as-of"));
  return absl::OkStatus();
}

// The options every write takes, and setting them: --request-id, --note,
// and --at (when the event happened).
std::set<std::string> WriteFlags();
void SetWrite(const cmdline::Flags& a, v1::WriteOptions* w);
absl::Status SetAt(const cmdline::Flags& a, v1::WriteOptions* w);

// `a` with the names of `b` added.
std::set<std::string> With(std::set<std::string> a,
                           const std::set<std::string>& b);

}  // namespace motcua::client
