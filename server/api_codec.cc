#include "server/api_codec.h"

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace motcua::server {
namespace {

// Helpers below use the public Date and Timestamp conversions.
absl::StatusOr<absl::CivilDay> DateFromProto(const v1::Date& date,
                                             absl::string_view field) {
  return FromProto(date, field);
}

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, " ", what));
}

template <typename Enum>
int Num(Enum e) {
  return static_cast<int>(e);
}

// An optional timestamp field of a message, as an instant.
void SetTime(const std::optional<absl::Time>& t,
             google::protobuf::Timestamp* out) {
  if (t.has_value()) server::ToProto(*t, out);
}

absl::StatusOr<core::Validity> ValidityFromProto(const v1::Validity& v,
                                                 absl::string_view field) {
  core::Validity out;
  if (!v.has_valid_from()) {
    return Invalid(absl::StrCat(field, ".valid_from"), "is required");
  }
  MOTCUA_ASSIGN_OR_RETURN(
      absl::CivilDay from,
      DateFromProto(v.valid_from(), absl::StrCat(field, ".valid_from")));
  out.valid_from = from;
  if (v.has_valid_to()) {
    MOTCUA_ASSIGN_OR_RETURN(
        absl::CivilDay to,
        DateFromProto(v.valid_to(), absl::StrCat(field, ".valid_to")));
    out.valid_to = to;
  }
  return out;
}

void ValidityToProto(const core::Validity& v, v1::Validity* out) {
  server::ToProto(v.valid_from, out->mutable_valid_from());
  if (v.valid_to.has_value()) {
    server::ToProto(*v.valid_to, out->mutable_valid_to());
  }
}

absl::StatusOr<core::UnitLevel> LevelFromProto(v1::UnitLevel level,
                                               absl::string_view field) {
  if (level < v1::PROVINCE || level > v1::COMMUNE) {
    return Invalid(field, "must be PROVINCE, DISTRICT or COMMUNE");
  }
  return static_cast<core::UnitLevel>(level);
}

}  // namespace

void ToProto(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

absl::StatusOr<std::optional<absl::Time>> FromProto(
    const google::protobuf::Timestamp& t, bool is_set,
    absl::string_view field) {
  if (!is_set) return std::optional<absl::Time>();
  // 0001-01-01 .. 9999-12-31, as google.protobuf.Timestamp allows.
  if (t.seconds() < -62135596800 || t.seconds() > 253402300799 ||
      t.nanos() < 0 || t.nanos() > 999999999) {
    return Invalid(field, "is not a valid timestamp");
  }
  return std::optional<absl::Time>(absl::FromUnixSeconds(t.seconds()) +
                                   absl::Nanoseconds(t.nanos()));
}

void ToProto(absl::CivilDay day, v1::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

absl::StatusOr<absl::CivilDay> FromProto(const v1::Date& date,
                                         absl::string_view field) {
  if (date.year() < 1970 || date.year() > 9999) {
    return Invalid(absl::StrCat(field, ".year"), "must be 1970..9999");
  }
  if (date.month() < 1 || date.month() > 12) {
    return Invalid(absl::StrCat(field, ".month"), "must be 1..12");
  }
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.day() < 1 || day.month() != date.month()) {
    return Invalid(
        absl::StrCat(field, ".day"),
        absl::StrCat("is not a day of ", date.year(), "-", date.month()));
  }
  return day;
}

void ToProto(absl::Duration d, google::protobuf::Duration* out) {
  // Truncated towards zero, so that seconds and nanos share a sign.
  const int64_t seconds = absl::IDivDuration(d, absl::Seconds(1), &d);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(d)));
}

absl::StatusOr<absl::Duration> FromProto(const google::protobuf::Duration& d,
                                         absl::string_view field) {
  constexpr int64_t kMaxSeconds = 315576000000;  // as the type defines
  if (d.seconds() < -kMaxSeconds || d.seconds() > kMaxSeconds ||
      d.nanos() < -999999999 || d.nanos() > 999999999 ||
      (d.seconds() > 0 && d.nanos() < 0) ||
      (d.seconds() < 0 && d.nanos() > 0)) {
    return Invalid(field, "is not a valid duration");
  }
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

void ToProto(const core::OpenDeadline& d, v1::Deadline* out) {
  server::ToProto(d.due, out->mutable_due_at());
  server::ToProto(d.left, out->mutable_working_time_left());
  out->set_clock_paused(d.clock_paused);
}

v1::ProcessingTime ToProto(const core::ProcessingTime& t) {
  v1::ProcessingTime out;
  out.set_amount(t.amount);
  out.set_unit(static_cast<v1::TimeUnit>(Num(t.unit)));
  return out;
}

absl::StatusOr<core::ProcessingTime> FromProto(const v1::ProcessingTime& t,
                                               absl::string_view field) {
  const core::ProcessingTime out{t.amount(),
                                 static_cast<core::TimeUnit>(t.unit())};
  absl::Status s = core::ValidateProcessingTime(out);
  if (!s.ok()) return Invalid(field, absl::StrCat(": ", s.message()));
  return out;
}

absl::StatusOr<core::Scope> FromProto(const v1::Scope& scope,
                                      absl::string_view field) {
  core::Scope out;
  out.code = scope.code();
  switch (scope.kind()) {
    case v1::Scope::DEPLOYMENT:
      out.kind = core::ScopeKind::kDeployment;
      if (!out.code.empty()) {
        return Invalid(absl::StrCat(field, ".code"),
                       "must be empty for DEPLOYMENT");
      }
      return out;
    case v1::Scope::PROVINCE:
      out.kind = core::ScopeKind::kProvince;
      break;
    case v1::Scope::DISTRICT:
      out.kind = core::ScopeKind::kDistrict;
      break;
    case v1::Scope::COMMUNE:
      out.kind = core::ScopeKind::kCommune;
      break;
    case v1::Scope::AGENCY:
      out.kind = core::ScopeKind::kAgency;
      break;
    default:
      return Invalid(
          absl::StrCat(field, ".kind"),
          "must be DEPLOYMENT, PROVINCE, DISTRICT, COMMUNE or AGENCY");
  }
  if (out.code.empty()) {
    return Invalid(absl::StrCat(field, ".code"), "is required");
  }
  return out;
}

v1::Scope ToProto(const core::Scope& scope) {
  v1::Scope out;
  out.set_code(scope.code);
  switch (scope.kind) {
    case core::ScopeKind::kDeployment:
      out.set_kind(v1::Scope::DEPLOYMENT);
      break;
    case core::ScopeKind::kProvince:
      out.set_kind(v1::Scope::PROVINCE);
      break;
    case core::ScopeKind::kDistrict:
      out.set_kind(v1::Scope::DISTRICT);
      break;
    case core::ScopeKind::kCommune:
      out.set_kind(v1::Scope::COMMUNE);
      break;
    case core::ScopeKind::kAgency:
      out.set_kind(v1::Scope::AGENCY);
      break;
  }
  return out;
}

core::Applicant ApplicantFromProto(const v1::Applicant& a) {
  return core::Applicant{static_cast<core::ApplicantKind>(a.kind()),
                         a.name(),
                         a.id_number(),
                         a.phone(),
                         a.email(),
                         a.address()};
}

absl::StatusOr<core::Applicant> FromProto(const v1::Applicant& a,
                                          absl::string_view field) {
  core::Applicant applicant = ApplicantFromProto(a);
  MOTCUA_RETURN_IF_ERROR(core::ValidateApplicant(applicant, field));
  return applicant;
}

void ToProto(const core::Principal& p, v1::Token* out) {
  out->set_principal(p.name);
  out->set_role(static_cast<v1::Token::Role>(p.role));
  for (const std::string& a : p.agency_codes) out->add_agency_codes(a);
  if (p.role == core::Role::kViewer || p.role == core::Role::kBatch) {
    *out->mutable_unit() = ToProto(p.unit);
  }
}

void ToProto(const core::Dossier& d, bool with_personal_data,
             v1::Dossier* out) {
  const core::DossierTimeline& t = d.timeline;
  out->set_code(d.code);
  out->set_agency_code(d.agency_code);
  out->set_channel(static_cast<v1::Channel>(Num(d.channel)));
  out->set_status(static_cast<v1::DossierStatus>(Num(t.status)));
  out->set_procedure_code(d.procedure.code);
  out->set_field_code(d.procedure.field_code);
  out->set_online_level(d.procedure.online_level);
  out->set_online_class(
      static_cast<v1::OnlineClass>(Num(d.procedure.online_class)));
  *out->mutable_processing_time() = ToProto(d.procedure.processing_time);
  out->set_province_code(d.units.province);
  out->set_district_code(d.units.district);
  out->set_commune_code(d.units.commune);
  if (with_personal_data) {
    v1::Applicant* a = out->mutable_applicant();
    a->set_kind(static_cast<v1::Applicant::Kind>(Num(d.applicant.kind)));
    a->set_name(d.applicant.name);
    a->set_id_number(d.applicant.id_number);
    a->set_phone(d.applicant.phone);
    a->set_email(d.applicant.email);
    a->set_address(d.applicant.address);
  }
  SetTime(t.submitted_at, out->mutable_submitted_at());
  SetTime(t.received_at, out->mutable_received_at());
  SetTime(t.due_at, out->mutable_due_at());
  SetTime(t.extended_due_at, out->mutable_extended_due_at());
  SetTime(t.finished_at, out->mutable_finished_at());
  SetTime(t.returned_at, out->mutable_returned_at());
  // A set-but-empty submessage would read as "set": clear what is unset.
  if (!t.submitted_at) out->clear_submitted_at();
  if (!t.received_at) out->clear_received_at();
  if (!t.due_at) out->clear_due_at();
  if (!t.extended_due_at) out->clear_extended_due_at();
  if (!t.finished_at) out->clear_finished_at();
  if (!t.returned_at) out->clear_returned_at();
  out->set_outcome(static_cast<v1::Outcome>(Num(t.outcome)));
  if (t.timeliness) {
    out->set_timeliness(static_cast<v1::Timeliness>(Num(*t.timeliness)));
  }
  out->set_apology_count(t.apology_count);
  for (const core::InterAgencyStep& s : t.steps) {
    v1::InterAgencyStep* step = out->add_steps();
    step->set_agency_code(s.agency_code);
    *step->mutable_allotted() = ToProto(s.allotted);
    ToProto(s.started_at, step->mutable_started_at());
    ToProto(s.due_at, step->mutable_due_at());
    if (s.finished_at) ToProto(*s.finished_at, step->mutable_finished_at());
    if (s.timeliness) {
      step->set_timeliness(static_cast<v1::Timeliness>(Num(*s.timeliness)));
    }
  }
  out->set_version(d.version);
}

void ToProto(const core::DossierEvent& e, v1::DossierEvent* out) {
  out->set_sequence(e.sequence);
  out->set_kind(static_cast<v1::DossierEvent::Kind>(Num(e.kind)));
  out->set_from_status(static_cast<v1::DossierStatus>(Num(e.from)));
  out->set_to_status(static_cast<v1::DossierStatus>(Num(e.to)));
  ToProto(e.occurred_at, out->mutable_occurred_at());
  ToProto(e.recorded_at, out->mutable_recorded_at());
  out->set_principal(e.principal);
  out->set_note(e.note);
  out->set_outcome(static_cast<v1::Outcome>(Num(e.outcome)));
  if (e.new_due_at) ToProto(*e.new_due_at, out->mutable_new_due_at());
  out->set_step_agency_code(e.step_agency_code);
  if (e.step_allotted)
    *out->mutable_step_allotted() = ToProto(*e.step_allotted);
}

void ToProto(const core::Unit& u, v1::Unit* out) {
  out->set_code(u.code);
  out->set_name(u.name);
  out->set_level(static_cast<v1::UnitLevel>(Num(u.level)));
  out->set_parent_code(u.parent_code);
  ValidityToProto(u.validity, out->mutable_validity());
}

absl::StatusOr<core::Unit> FromProto(const v1::Unit& u) {
  MOTCUA_ASSIGN_OR_RETURN(core::UnitLevel level,
                          LevelFromProto(u.level(), "unit.level"));
  MOTCUA_ASSIGN_OR_RETURN(core::Validity validity,
                          ValidityFromProto(u.validity(), "unit.validity"));
  core::Unit out{u.code(), u.name(), level, u.parent_code(), validity};
  MOTCUA_RETURN_IF_ERROR(core::ValidateUnit(out));
  return out;
}

void ToProto(const core::Agency& a, v1::Agency* out) {
  out->set_code(a.code);
  out->set_name(a.name);
  out->set_level(static_cast<v1::UnitLevel>(Num(a.level)));
  out->set_unit_code(a.unit_code);
  ValidityToProto(a.validity, out->mutable_validity());
}

absl::StatusOr<core::Agency> FromProto(const v1::Agency& a) {
  MOTCUA_ASSIGN_OR_RETURN(core::UnitLevel level,
                          LevelFromProto(a.level(), "agency.level"));
  MOTCUA_ASSIGN_OR_RETURN(core::Validity validity,
                          ValidityFromProto(a.validity(), "agency.validity"));
  core::Agency out{a.code(), a.name(), level, a.unit_code(), validity};
  MOTCUA_RETURN_IF_ERROR(core::ValidateAgency(out));
  return out;
}

void ToProto(const core::Field& f, v1::Field* out) {
  out->set_code(f.code);
  out->set_name(f.name);
}

absl::StatusOr<core::Field> FromProto(const v1::Field& f) {
  core::Field out{f.code(), f.name()};
  MOTCUA_RETURN_IF_ERROR(core::ValidateField(out));
  return out;
}

void ToProto(const core::Procedure& p, v1::Procedure* out) {
  out->set_code(p.code);
  out->set_name(p.name);
  out->set_field_code(p.field_code);
  out->set_level(static_cast<v1::UnitLevel>(Num(p.level)));
  *out->mutable_processing_time() = ToProto(p.processing_time);
  out->set_has_fee(p.has_fee);
  out->set_online_level(p.online_level);
  out->set_online_class(static_cast<v1::OnlineClass>(Num(p.online_class)));
  ValidityToProto(p.validity, out->mutable_validity());
}

absl::StatusOr<core::Procedure> FromProto(const v1::Procedure& p) {
  MOTCUA_ASSIGN_OR_RETURN(core::UnitLevel level,
                          LevelFromProto(p.level(), "procedure.level"));
  MOTCUA_ASSIGN_OR_RETURN(
      core::Validity validity,
      ValidityFromProto(p.validity(), "procedure.validity"));
  core::Procedure out;
  out.code = p.code();
  out.name = p.name();
  out.field_code = p.field_code();
  out.level = level;
  out.processing_time = {
      p.processing_time().amount(),
      static_cast<core::TimeUnit>(p.processing_time().unit())};
  out.has_fee = p.has_fee();
  out.online_level = p.online_level();
  out.online_class = static_cast<core::OnlineClass>(p.online_class());
  out.validity = validity;
  MOTCUA_RETURN_IF_ERROR(core::ValidateProcedure(out));
  return out;
}

void ToProto(const core::CalendarYear& y, v1::CalendarYear* out) {
  out->set_year(y.year);
  out->set_provisional(y.provisional);
  out->set_source(y.source);
  for (const core::DaysOff& r : y.days_off) {
    v1::CalendarYear::DaysOff* off = out->add_days_off();
    ToProto(r.first, off->mutable_first());
    ToProto(r.last, off->mutable_last());
    off->set_note(r.note);
  }
  for (const core::MakeupDay& m : y.makeup_days) {
    v1::CalendarYear::MakeupDay* day = out->add_makeup_days();
    ToProto(m.day, day->mutable_day());
    day->set_note(m.note);
  }
}

absl::StatusOr<core::CalendarYear> FromProto(const v1::CalendarYear& y) {
  core::CalendarYear out;
  out.year = y.year();
  out.provisional = y.provisional();
  out.source = y.source();
  for (int i = 0; i < y.days_off_size(); ++i) {
    const std::string field = absl::StrCat("year.days_off[", i, "]");
    absl::StatusOr<absl::CivilDay> first =
        FromProto(y.days_off(i).first(), absl::StrCat(field, ".first"));
    if (!first.ok()) return first.status();
    MOTCUA_ASSIGN_OR_RETURN(
        absl::CivilDay last,
        y.days_off(i).has_last()
            ? FromProto(y.days_off(i).last(), absl::StrCat(field, ".last"))
            : first);
    out.days_off.push_back({*first, last, y.days_off(i).note()});
  }
  for (int i = 0; i < y.makeup_days_size(); ++i) {
    MOTCUA_ASSIGN_OR_RETURN(
        absl::CivilDay day,
        FromProto(y.makeup_days(i).day(),
                  absl::StrCat("year.makeup_days[", i, "].day")));
    out.makeup_days.push_back({day, y.makeup_days(i).note()});
  }
  absl::Status s = core::ValidateCalendarYear(out);
  if (!s.ok()) return Invalid("year", absl::StrCat(": ", s.message()));
  return out;
}

void ToProto(const core::Settings& s, v1::Settings* out) {
  out->set_supplement_rule(
      static_cast<v1::Settings::SupplementRule>(Num(s.rules.supplement)));
  out->set_granularity(
      static_cast<v1::Settings::Granularity>(Num(s.rules.granularity)));
  out->set_work_schedule(s.schedule.ToString());
}

absl::StatusOr<core::Settings> FromProto(const v1::Settings& s) {
  core::Settings out;
  if (s.supplement_rule() != v1::Settings::PAUSE &&
      s.supplement_rule() != v1::Settings::RESTART) {
    return Invalid("settings.supplement_rule", "must be PAUSE or RESTART");
  }
  if (s.granularity() != v1::Settings::DATE &&
      s.granularity() != v1::Settings::INSTANT) {
    return Invalid("settings.granularity", "must be DATE or INSTANT");
  }
  out.rules = {static_cast<core::SupplementRule>(s.supplement_rule()),
               static_cast<core::Granularity>(s.granularity())};
  absl::StatusOr<core::WorkSchedule> schedule =
      core::WorkSchedule::Parse(s.work_schedule());
  if (!schedule.ok()) {
    return Invalid("settings.work_schedule",
                   absl::StrCat(": ", schedule.status().message()));
  }
  out.schedule = *std::move(schedule);
  return out;
}

}  // namespace motcua::server
