#include "storage/record_codec.h"

#include <optional>

#include "core/status_macros.h"

namespace motcua::storage {
namespace {

const absl::CivilDay kEpochDay(1970, 1, 1);

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time Instant(int64_t micros) { return absl::FromUnixMicros(micros); }

template <typename Enum>
int32_t Num(Enum e) {
  return static_cast<int32_t>(e);
}

records::ProcessingTime ToRecord(const core::ProcessingTime& t) {
  records::ProcessingTime r;
  r.set_amount(t.amount);
  r.set_unit(Num(t.unit));
  return r;
}

core::ProcessingTime FromRecord(const records::ProcessingTime& r) {
  return {r.amount(), static_cast<core::TimeUnit>(r.unit())};
}

records::Validity ToRecord(const core::Validity& v) {
  records::Validity r;
  r.set_valid_from_day(DayNumber(v.valid_from));
  if (v.valid_to.has_value()) r.set_valid_to_day(DayNumber(*v.valid_to));
  return r;
}

core::Validity FromRecord(const records::Validity& r) {
  core::Validity v;
  v.valid_from = DayFromNumber(r.valid_from_day());
  if (r.has_valid_to_day()) v.valid_to = DayFromNumber(r.valid_to_day());
  return v;
}

// Sets an optional instant field through its setter.
template <typename Setter>
void SetOptional(const std::optional<absl::Time>& t, Setter set) {
  if (t.has_value()) set(Micros(*t));
}

std::optional<absl::Time> OptionalInstant(bool has, int64_t micros) {
  if (!has) return std::nullopt;
  return Instant(micros);
}

}  // namespace

int32_t DayNumber(absl::CivilDay day) {
  return static_cast<int32_t>(day - kEpochDay);
}

absl::CivilDay DayFromNumber(int64_t number) { return kEpochDay + number; }

records::Dossier ToRecord(const core::Dossier& d) {
  records::Dossier r;
  r.set_code(d.code);
  r.set_agency_code(d.agency_code);
  r.set_channel(Num(d.channel));
  r.set_procedure_code(d.procedure.code);
  r.set_field_code(d.procedure.field_code);
  r.set_online_level(d.procedure.online_level);
  r.set_online_class(Num(d.procedure.online_class));
  *r.mutable_processing_time() = ToRecord(d.procedure.processing_time);
  r.set_has_fee(d.procedure.has_fee);
  r.set_province(d.units.province);
  r.set_district(d.units.district);
  r.set_commune(d.units.commune);
  r.set_applicant_kind(Num(d.applicant.kind));
  r.set_applicant_name(d.applicant.name);
  r.set_applicant_id_number(d.applicant.id_number);
  r.set_applicant_phone(d.applicant.phone);
  r.set_applicant_email(d.applicant.email);
  r.set_applicant_address(d.applicant.address);
  const core::DossierTimeline& t = d.timeline;
  r.set_status(Num(t.status));
  SetOptional(t.submitted_at, [&](int64_t v) { r.set_submitted_at(v); });
  SetOptional(t.received_at, [&](int64_t v) { r.set_received_at(v); });
  SetOptional(t.due_at, [&](int64_t v) { r.set_due_at(v); });
  SetOptional(t.extended_due_at, [&](int64_t v) { r.set_extended_due_at(v); });
  SetOptional(t.finished_at, [&](int64_t v) { r.set_finished_at(v); });
  SetOptional(t.returned_at, [&](int64_t v) { r.set_returned_at(v); });
  r.set_outcome(Num(t.outcome));
  if (t.timeliness.has_value()) r.set_timeliness(Num(*t.timeliness));
  r.set_apology_count(t.apology_count);
  r.set_last_event_at(Micros(t.last_event_at));
  for (const core::InterAgencyStep& s : t.steps) {
    records::Step* step = r.add_steps();
    step->set_agency_code(s.agency_code);
    *step->mutable_allotted() = ToRecord(s.allotted);
    step->set_started_at(Micros(s.started_at));
    step->set_due_at(Micros(s.due_at));
    SetOptional(s.finished_at, [&](int64_t v) { step->set_finished_at(v); });
    if (s.timeliness.has_value()) step->set_timeliness(Num(*s.timeliness));
  }
  for (const core::ClockPause& p : t.pauses) {
    records::Pause* pause = r.add_pauses();
    pause->set_kind(Num(p.kind));
    pause->set_started_at(Micros(p.started_at));
    SetOptional(p.ended_at, [&](int64_t v) { pause->set_ended_at(v); });
    pause->set_due_at_start(Micros(p.due_at_start));
  }
  r.set_version(d.version);
  return r;
}

core::Dossier FromRecord(const records::Dossier& r) {
  core::Dossier d;
  d.code = r.code();
  d.agency_code = r.agency_code();
  d.channel = static_cast<core::Channel>(r.channel());
  d.procedure.code = r.procedure_code();
  d.procedure.field_code = r.field_code();
  d.procedure.online_level = r.online_level();
  d.procedure.online_class = static_cast<core::OnlineClass>(r.online_class());
  d.procedure.processing_time = FromRecord(r.processing_time());
  d.procedure.has_fee = r.has_fee();
  d.units = {r.province(), r.district(), r.commune()};
  d.applicant.kind = static_cast<core::ApplicantKind>(r.applicant_kind());
  d.applicant.name = r.applicant_name();
  d.applicant.id_number = r.applicant_id_number();
  d.applicant.phone = r.applicant_phone();
  d.applicant.email = r.applicant_email();
  d.applicant.address = r.applicant_address();
  core::DossierTimeline& t = d.timeline;
  t.status = static_cast<core::DossierStatus>(r.status());
  t.processing_time = d.procedure.processing_time;
  t.submitted_at = OptionalInstant(r.has_submitted_at(), r.submitted_at());
  t.received_at = OptionalInstant(r.has_received_at(), r.received_at());
  t.due_at = OptionalInstant(r.has_due_at(), r.due_at());
  t.extended_due_at =
      OptionalInstant(r.has_extended_due_at(), r.extended_due_at());
  t.finished_at = OptionalInstant(r.has_finished_at(), r.finished_at());
  t.returned_at = OptionalInstant(r.has_returned_at(), r.returned_at());
  t.outcome = static_cast<core::Outcome>(r.outcome());
  if (r.has_timeliness()) {
    t.timeliness = static_cast<core::Timeliness>(r.timeliness());
  }
  t.apology_count = r.apology_count();
  t.last_event_at = Instant(r.last_event_at());
  for (const records::Step& s : r.steps()) {
    core::InterAgencyStep step;
    step.agency_code = s.agency_code();
    step.allotted = FromRecord(s.allotted());
    step.started_at = Instant(s.started_at());
    step.due_at = Instant(s.due_at());
    step.finished_at = OptionalInstant(s.has_finished_at(), s.finished_at());
    if (s.has_timeliness()) {
      step.timeliness = static_cast<core::Timeliness>(s.timeliness());
    }
    t.steps.push_back(std::move(step));
  }
  for (const records::Pause& p : r.pauses()) {
    t.pauses.push_back({static_cast<core::DossierStatus>(p.kind()),
                        Instant(p.started_at()),
                        OptionalInstant(p.has_ended_at(), p.ended_at()),
                        Instant(p.due_at_start())});
  }
  d.version = r.version();
  return d;
}

records::Event ToRecord(const core::DossierEvent& e) {
  records::Event r;
  r.set_sequence(e.sequence);
  r.set_kind(Num(e.kind));
  r.set_from_status(Num(e.from));
  r.set_to_status(Num(e.to));
  r.set_occurred_at(Micros(e.occurred_at));
  r.set_recorded_at(Micros(e.recorded_at));
  r.set_principal(e.principal);
  r.set_note(e.note);
  r.set_outcome(Num(e.outcome));
  SetOptional(e.new_due_at, [&](int64_t v) { r.set_new_due_at(v); });
  r.set_step_agency_code(e.step_agency_code);
  if (e.step_allotted.has_value()) {
    *r.mutable_step_allotted() = ToRecord(*e.step_allotted);
  }
  return r;
}

core::DossierEvent FromRecord(const records::Event& r) {
  core::DossierEvent e;
  e.sequence = r.sequence();
  e.kind = static_cast<core::EventKind>(r.kind());
  e.from = static_cast<core::DossierStatus>(r.from_status());
  e.to = static_cast<core::DossierStatus>(r.to_status());
  e.occurred_at = Instant(r.occurred_at());
  e.recorded_at = Instant(r.recorded_at());
  e.principal = r.principal();
  e.note = r.note();
  e.outcome = static_cast<core::Outcome>(r.outcome());
  e.new_due_at = OptionalInstant(r.has_new_due_at(), r.new_due_at());
  e.step_agency_code = r.step_agency_code();
  if (r.has_step_allotted()) e.step_allotted = FromRecord(r.step_allotted());
  return e;
}

records::Unit ToRecord(const core::Unit& u) {
  records::Unit r;
  r.set_code(u.code);
  r.set_name(u.name);
  r.set_level(Num(u.level));
  r.set_parent_code(u.parent_code);
  *r.mutable_validity() = ToRecord(u.validity);
  return r;
}

core::Unit FromRecord(const records::Unit& r) {
  return {r.code(), r.name(), static_cast<core::UnitLevel>(r.level()),
          r.parent_code(), FromRecord(r.validity())};
}

records::Agency ToRecord(const core::Agency& a) {
  records::Agency r;
  r.set_code(a.code);
  r.set_name(a.name);
  r.set_level(Num(a.level));
  r.set_unit_code(a.unit_code);
  *r.mutable_validity() = ToRecord(a.validity);
  return r;
}

core::Agency FromRecord(const records::Agency& r) {
  return {r.code(), r.name(), static_cast<core::UnitLevel>(r.level()),
          r.unit_code(), FromRecord(r.validity())};
}

records::Field ToRecord(const core::Field& f) {
  records::Field r;
  r.set_code(f.code);
  r.set_name(f.name);
  return r;
}

core::Field FromRecord(const records::Field& r) { return {r.code(), r.name()}; }

records::Procedure ToRecord(const core::Procedure& p) {
  records::Procedure r;
  r.set_code(p.code);
  r.set_name(p.name);
  r.set_field_code(p.field_code);
  r.set_level(Num(p.level));
  *r.mutable_processing_time() = ToRecord(p.processing_time);
  r.set_has_fee(p.has_fee);
  r.set_online_level(p.online_level);
  r.set_online_class(Num(p.online_class));
  *r.mutable_validity() = ToRecord(p.validity);
  return r;
}

core::Procedure FromRecord(const records::Procedure& r) {
  core::Procedure p;
  p.code = r.code();
  p.name = r.name();
  p.field_code = r.field_code();
  p.level = static_cast<core::UnitLevel>(r.level());
  p.processing_time = FromRecord(r.processing_time());
  p.has_fee = r.has_fee();
  p.online_level = r.online_level();
  p.online_class = static_cast<core::OnlineClass>(r.online_class());
  p.validity = FromRecord(r.validity());
  return p;
}

records::Token ToRecord(const StoredToken& t) {
  records::Token r;
  r.set_id(t.id);
  r.set_secret_hash(t.secret_hash);
  r.set_principal(t.principal.name);
  r.set_role(Num(t.principal.role));
  for (const std::string& a : t.principal.agency_codes) r.add_agency_codes(a);
  r.set_unit_kind(Num(t.principal.unit.kind));
  r.set_unit_code(t.principal.unit.code);
  r.set_created_at(Micros(t.created_at));
  SetOptional(t.revoked_at, [&](int64_t v) { r.set_revoked_at(v); });
  return r;
}

StoredToken FromRecord(const records::Token& r) {
  StoredToken t;
  t.id = r.id();
  t.secret_hash = r.secret_hash();
  t.principal.name = r.principal();
  t.principal.role = static_cast<core::Role>(r.role());
  t.principal.agency_codes.assign(r.agency_codes().begin(),
                                  r.agency_codes().end());
  t.principal.unit = {static_cast<core::ScopeKind>(r.unit_kind()),
                      r.unit_code()};
  t.created_at = Instant(r.created_at());
  t.revoked_at = OptionalInstant(r.has_revoked_at(), r.revoked_at());
  return t;
}

records::Settings ToRecord(const core::Settings& s) {
  records::Settings r;
  r.set_supplement_rule(Num(s.rules.supplement));
  r.set_granularity(Num(s.rules.granularity));
  r.set_schedule(s.schedule.ToString());
  return r;
}

absl::StatusOr<core::Settings> FromRecord(const records::Settings& r) {
  MOTCUA_ASSIGN_OR_RETURN(core::WorkSchedule schedule,
                          core::WorkSchedule::Parse(r.schedule()));
  core::Settings s{{static_cast<core::SupplementRule>(r.supplement_rule()),
                    static_cast<core::Granularity>(r.granularity())},
                   std::move(schedule)};
  return s;
}

}  // namespace motcua::storage
