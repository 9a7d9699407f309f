// Conversions between the API's messages (motcua.v1) and core types. Input
// conversions validate and fail with InvalidArgument naming the offending
// field ("unit.validity.valid_from.month must be 1..12").
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "core/calendar_year.h"
#include "core/catalogue.h"
#include "core/counters.h"
#include "core/domain_rules.h"
#include "core/dossier.h"
#include "core/open_deadline.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "motcua/v1/admin_service.pb.h"
#include "motcua/v1/calendar_service.pb.h"
#include "motcua/v1/catalogue_service.pb.h"
#include "motcua/v1/dossier_service.pb.h"
#include "motcua/v1/resources.pb.h"
#include "motcua/v1/statistics_service.pb.h"

namespace motcua::server {

// ---- Times and dates ----
void ToProto(absl::Time t, google::protobuf::Timestamp* out);
// A set timestamp as an instant; nullopt when unset. InvalidArgument naming
// `field` when out of range.
absl::StatusOr<std::optional<absl::Time>> FromProto(
    const google::protobuf::Timestamp& t, bool is_set, absl::string_view field);
void ToProto(absl::CivilDay day, v1::Date* out);
absl::StatusOr<absl::CivilDay> FromProto(const v1::Date& date,
                                         absl::string_view field);
void ToProto(absl::Duration d, google::protobuf::Duration* out);
// InvalidArgument naming `field` when outside google.protobuf.Duration's
// range (+-10,000 years) or when seconds and nanos differ in sign.
absl::StatusOr<absl::Duration> FromProto(const google::protobuf::Duration& d,
                                         absl::string_view field);

// ---- Small types ----
v1::ProcessingTime ToProto(const core::ProcessingTime& t);
absl::StatusOr<core::ProcessingTime> FromProto(const v1::ProcessingTime& t,
                                               absl::string_view field);
absl::StatusOr<core::Scope> FromProto(const v1::Scope& scope,
                                      absl::string_view field);
v1::Scope ToProto(const core::Scope& scope);
// As given (the application layer validates it where the rules say).
core::Applicant ApplicantFromProto(const v1::Applicant& a);
// Converted and validated (core::ValidateApplicant).
absl::StatusOr<core::Applicant> FromProto(const v1::Applicant& a,
                                          absl::string_view field);

// Who a principal is: name, role, agencies (DESK), unit (VIEWER, BATCH);
// the token's id and dates are left alone.
void ToProto(const core::Principal& p, v1::Token* out);

// ---- Dossiers ----
// The applicant is included only when `with_personal_data`.
void ToProto(const core::Dossier& d, bool with_personal_data, v1::Dossier* out);
void ToProto(const core::DossierEvent& e, v1::DossierEvent* out);

// ---- Early warnings ----
// The due instant, working time left and pause; the caller sets urgency.
void ToProto(const core::OpenDeadline& d, v1::Deadline* out);

// ---- Catalogue ----
void ToProto(const core::Unit& u, v1::Unit* out);
absl::StatusOr<core::Unit> FromProto(const v1::Unit& u);
void ToProto(const core::Agency& a, v1::Agency* out);
absl::StatusOr<core::Agency> FromProto(const v1::Agency& a);
void ToProto(const core::Field& f, v1::Field* out);
absl::StatusOr<core::Field> FromProto(const v1::Field& f);
void ToProto(const core::Procedure& p, v1::Procedure* out);
absl::StatusOr<core::Procedure> FromProto(const v1::Procedure& p);

// ---- Calendar and settings ----
void ToProto(const core::CalendarYear& y, v1::CalendarYear* out);
absl::StatusOr<core::CalendarYear> FromProto(const v1::CalendarYear& y);
void ToProto(const core::Settings& s, v1::Settings* out);
absl::StatusOr<core::Settings> FromProto(const v1::Settings& s);

}  // namespace motcua::server
