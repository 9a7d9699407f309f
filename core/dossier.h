// A dossier as recorded (DOMAIN.md section 4): who and what it is about,
// snapshots taken at reception, its timeline, and the append-only events
// that made it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/catalogue.h"
#include "core/dossier_timeline.h"

namespace motcua::core {

// Numbers are part of the wire and disk formats: never renumber.
enum class Channel {
  kUnspecified = 0,
  kDirect = 1,  // trực tiếp
  kOnline = 2,  // trực tuyến
  kPostal = 3,  // bưu chính công ích
};

enum class ApplicantKind {
  kUnspecified = 0,
  kPerson = 1,
  kOrganisation = 2,
};

// Personal data: never logged, returned only to callers entitled to it.
struct Applicant {
  ApplicantKind kind = ApplicantKind::kUnspecified;
  std::string name;
  std::string id_number;  // identity card / tax code
  std::string phone;
  std::string email;
  std::string address;
};

// InvalidArgument naming `field` and the part at fault: the kind must be
// PERSON or ORGANISATION; the name 1 to 500 bytes and every contact field at
// most 500, printable (core/text.h); the identity number one a Vietnamese
// document has: for a person an identity card (12 or 9 digits) or a
// passport, for an organisation a tax code (10 digits, 10-3 or 13).
absl::Status ValidateApplicant(const Applicant& a, absl::string_view field);

// A dossier's history holds at most this many events: a write beyond it is
// refused (FailedPrecondition), so a dossier and its history stay small
// enough to read in one answer.
inline constexpr int64_t kMaxEventsPerDossier = 200;
absl::Status ValidateApplicant(const Applicant& a, absl::string_view field);

// The procedure as it was when the dossier was received: later catalogue
// edits never change past dossiers or past statistics.
struct ProcedureSnapshot {
  std::string code;
  std::string field_code;
  int online_level = 1;
  OnlineClass online_class = OnlineClass::kNone;
  ProcessingTime processing_time;
  bool has_fee = false;
};

// The receiving agency's place in the hierarchy in force on the reception
// day; district is empty after the two-tier reform, commune for
// province-level agencies.
struct UnitPath {
  std::string province;
  std::string district;
  std::string commune;
};

struct Dossier {
  std::string code;         // AGENCY-yyMMdd-NNNN
  std::string agency_code;  // the receiving agency
  Channel channel = Channel::kUnspecified;
  ProcedureSnapshot procedure;
  UnitPath units;
  Applicant applicant;
  DossierTimeline timeline;
  // Number of events applied; the history holds events 1..version.
  int64_t version = 0;
};

// What an event did. Numbers are part of the disk format: never renumber.
enum class EventKind {
  kUnspecified = 0,
  kCreated = 1,       // submitted online or received at the desk
  kTransition = 2,    // a status change
  kApology = 3,       // form 04: a new appointment
  kStepStarted = 4,   // handed to an agency (liên thông)
  kStepFinished = 5,  // that agency finished its part
};

struct DossierEvent {
  int64_t sequence = 0;  // 1-based position in the dossier's history
  EventKind kind = EventKind::kUnspecified;
  DossierStatus from = DossierStatus::kUnspecified;
  DossierStatus to = DossierStatus::kUnspecified;
  absl::Time occurred_at;  // when it happened (may be back-dated)
  absl::Time recorded_at;  // when the service recorded it
  std::string principal;   // the token's principal who made it
  std::string note;
  Outcome outcome = Outcome::kUnspecified;      // kTransition to 9
  std::optional<absl::Time> new_due_at;         // kApology
  std::string step_agency_code;                 // kStep*
  std::optional<ProcessingTime> step_allotted;  // kStepStarted
};

}  // namespace motcua::core
