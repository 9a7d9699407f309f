#include "server/historical_input.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/api_codec.h"

namespace motcua::server {
namespace {

absl::StatusOr<absl::Time> Instant(const google::protobuf::Timestamp& t,
                                   bool is_set, absl::string_view field) {
  MOTCUA_ASSIGN_OR_RETURN(const std::optional<absl::Time> at,
                          FromProto(t, is_set, field));
  if (!at.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  }
  return *at;
}

absl::StatusOr<core::HistoricalEvent> EventOf(const v1::HistoricalEvent& e,
                                              const std::string& field) {
  core::HistoricalEvent he;
  MOTCUA_ASSIGN_OR_RETURN(
      he.at, Instant(e.at(), e.has_at(), absl::StrCat(field, ".at")));
  he.actor = {e.principal(), e.note()};
  switch (e.change_case()) {
    case v1::HistoricalEvent::kStatus: {
      absl::StatusOr<core::DossierStatus> to = core::StatusFromCode(e.status());
      if (!to.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".status: ", to.status().message()));
      }
      he.kind = core::EventKind::kTransition;
      he.to = *to;
      he.outcome = static_cast<core::Outcome>(e.outcome());
      return he;
    }
    case v1::HistoricalEvent::kApologyNewDueAt: {
      he.kind = core::EventKind::kApology;
      MOTCUA_ASSIGN_OR_RETURN(
          he.new_due_at, Instant(e.apology_new_due_at(), true,
                                 absl::StrCat(field, ".apology_new_due_at")));
      return he;
    }
    case v1::HistoricalEvent::kHandTo: {
      he.kind = core::EventKind::kStepStarted;
      he.step_agency_code = e.hand_to().agency_code();
      MOTCUA_ASSIGN_OR_RETURN(
          he.step_allotted,
          FromProto(e.hand_to().allotted(),
                    absl::StrCat(field, ".hand_to.allotted")));
      return he;
    }
    case v1::HistoricalEvent::kStepFinished:
      he.kind = core::EventKind::kStepFinished;
      return he;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(field,
                       " must give status, apology_new_due_at, hand_to or "
                       "step_finished"));
  }
}

}  // namespace

service::HistoricalInput HistoricalInputOf(const v1::HistoricalDossier& w) {
  service::HistoricalInput in;
  in.code = w.code();
  in.agency_code = w.agency_code();
  in.procedure_code = w.procedure_code();
  in.channel = static_cast<core::Channel>(w.channel());
  in.applicant = ApplicantFromProto(w.applicant());
  in.submitted_online = w.submitted_online();
  in.principal = w.principal();
  in.online_level = w.online_level();
  in.online_class = static_cast<core::OnlineClass>(w.online_class());
  in.request_bytes = w.SerializeAsString();
  in.malformed = [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(
        in.created_at,
        Instant(w.created_at(), w.has_created_at(), "created_at"));
    if (w.has_processing_time()) {
      MOTCUA_ASSIGN_OR_RETURN(in.processing_time, FromProto(w.processing_time(),
                                                            "processing_time"));
    }
    for (int i = 0; i < w.events_size(); ++i) {
      MOTCUA_ASSIGN_OR_RETURN(
          core::HistoricalEvent e,
          EventOf(w.events(i), absl::StrCat("events[", i, "]")));
      in.events.push_back(std::move(e));
    }
    return absl::OkStatus();
  }();
  return in;
}

}  // namespace motcua::server
