#include "service/dossiers.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/dossier_changes.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "core/text.h"
#include "service/log.h"

namespace motcua::service {
namespace {

// The one refusal for a dossier the caller may not touch, whether or not it
// exists: the answers must not tell another agency's codes apart.
absl::Status DossierDenied(absl::string_view verb, absl::string_view code) {
  return absl::PermissionDeniedError(absl::StrCat(
      "this token may not ", verb, " dossier ", core::Quote(code)));
}

absl::Status CheckRoomForAnEvent(const core::Dossier& d) {
  if (d.version < core::kMaxEventsPerDossier) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "dossier ", d.code, " has reached the most events a history may hold (",
      core::kMaxEventsPerDossier, ")"));
}

// Whether a == b, comparing every byte of the longer whatever the content.
bool ConstantTimeEqual(absl::string_view a, absl::string_view b) {
  const size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? a[i] : 0;
    const unsigned char y = i < b.size() ? b[i] : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

}  // namespace

std::string LookupClientKey(absl::string_view client) {
  constexpr absl::string_view kV6 = "ipv6:[";
  if (!absl::StartsWith(client, kV6) || !absl::EndsWith(client, "]")) {
    return std::string(client);
  }
  absl::string_view address =
      client.substr(kV6.size(), client.size() - kV6.size() - 1);
  address = address.substr(0, address.find('%'));  // a zone ("%eth0")
  in6_addr a;
  if (inet_pton(AF_INET6, std::string(address).c_str(), &a) != 1) {
    return std::string(client);
  }
  const uint8_t* b = a.s6_addr;
  if (IN6_IS_ADDR_V4MAPPED(&a)) {
    return absl::StrCat("ipv4:", int{b[12]}, ".", int{b[13]}, ".", int{b[14]},
                        ".", int{b[15]});
  }
  std::string key = "ipv6:";
  for (int group = 0; group < 4; ++group) {
    absl::StrAppend(&key, absl::Hex(b[2 * group] << 8 | b[2 * group + 1]), ":");
  }
  return key + ":/64";
}

DossierView ViewFor(const core::Principal& caller, core::Dossier d) {
  const bool personal = core::MaySeePersonalData(caller, d);
  return {std::move(d), personal};
}

Dossiers::Dossiers(storage::Store& store, DomainState& domain,
                   CatalogueState& catalogue, TimePolicy policy,
                   std::function<absl::Time()> clock, LookupPolicy lookup)
    : store_(store),
      domain_(domain),
      catalogue_(catalogue),
      policy_(policy),
      clock_(std::move(clock)),
      lookups_by_client_(
          {lookup.per_address_per_minute / 60, lookup.address_burst},
          lookup.max_tracked, clock_),
      lookups_by_code_({lookup.per_code_per_hour / 3600, lookup.code_burst},
                       lookup.max_tracked, clock_),
      lookup_answer_floor_(lookup.answer_floor) {}

absl::StatusOr<Dossiers::WriteCall> Dossiers::BeginWrite(
    absl::string_view method, const core::Principal& caller,
    const WriteOptions& write) {
  MOTCUA_RETURN_IF_ERROR(ValidateWriteOptions(write));
  WriteCall call;
  call.key = RequestKeyOf(method, write, caller);
  absl::StatusOr<absl::Time> at = OccurredAt(write, caller, clock_(), policy_);
  if (at.ok()) {
    call.at = *at;
    return call;
  }
  MOTCUA_ASSIGN_OR_RETURN(call.replayed,
                          AppliedOr(call.key, std::move(at).status()));
  return call;
}

absl::StatusOr<storage::DossierWrite> Dossiers::AppliedOr(
    const storage::RequestKey& key, absl::Status failed) {
  MOTCUA_ASSIGN_OR_RETURN(std::optional<storage::DossierWrite> first,
                          store_.FindAppliedRequest(key));
  if (!first.has_value()) return failed;
  return *std::move(first);
}

absl::StatusOr<DossierView> Dossiers::Update(
    absl::string_view method, const core::Principal& caller,
    const std::string& code, const WriteOptions& write, const Build& build,
    absl::Status (*allowed)(const core::Principal&, const core::Dossier&)) {
  if (code.empty()) return absl::InvalidArgumentError("code is required");
  MOTCUA_ASSIGN_OR_RETURN(const WriteCall call,
                          BeginWrite(method, caller, write));
  const std::shared_ptr<const Domain> domain = domain_.Get();
  const std::shared_ptr<const core::CatalogueIndex> catalogue =
      catalogue_.Get();
  const core::Actor actor{caller.name, write.note};
  bool denied = false;
  absl::StatusOr<storage::DossierWrite> written =
      call.replayed.has_value()
          ? *call.replayed
          : store_.UpdateDossier(
                code, call.key,
                [&](const core::Dossier& d)
                    -> absl::StatusOr<core::DossierChange> {
                  if (!allowed(caller, d).ok()) {
                    denied = true;
                    return DossierDenied("change", code);
                  }
                  MOTCUA_RETURN_IF_ERROR(CheckRoomForAnEvent(d));
                  return build(*domain, *catalogue, d, call.at, actor);
                });
  // A replay (keyed by the caller's token) is answered only to a caller who
  // may still make the request, or who made the change it replays (the
  // agency that finished its step may no longer act on the dossier).
  const bool replay_refused = written.ok() && written->replayed &&
                              !allowed(caller, written->dossier).ok() &&
                              written->event.principal != caller.name;
  if (denied || replay_refused ||
      (absl::IsNotFound(written.status()) && !core::MayLookFor(caller, code))) {
    return DossierDenied("change", code);
  }
  if (!written.ok()) return written.status();
  return ViewFor(caller, std::move(written->dossier));
}

absl::StatusOr<storage::DossierWrite> Dossiers::Create(
    const core::Principal& caller, const std::string& agency_code,
    const std::string& procedure_code, core::Channel channel,
    const core::Applicant& applicant, bool submitted_only,
    const WriteCall& call, const std::string& note) {
  const absl::CivilDay day = core::LocalDay(call.at);
  const std::shared_ptr<const core::CatalogueIndex> catalogue =
      catalogue_.Get();
  // What the first call of a retry passed may have moved since.
  absl::Status checked = core::CheckCanCreateAt(caller, agency_code);
  absl::StatusOr<core::UnitPath> units =
      catalogue->UnitPathOf(agency_code, day, "agency_code");
  absl::StatusOr<core::ProcedureSnapshot> procedure =
      catalogue->ProcedureSnapshotOn(procedure_code, day, "procedure_code");
  checked.Update(units.status());
  checked.Update(procedure.status());
  checked.Update(core::ValidateApplicant(applicant, "applicant"));
  if (!checked.ok()) return AppliedOr(call.key, std::move(checked));
  const std::shared_ptr<const Domain> domain = domain_.Get();
  return store_.CreateDossier(
      agency_code, day, call.key, [&](const std::string& code) {
        core::NewDossier n{code,   agency_code, channel, *procedure,
                           *units, applicant,   call.at, submitted_only};
        return core::CreateDossierChange(domain->calendar, n,
                                         {caller.name, note});
      });
}

absl::StatusOr<DossierView> Dossiers::Submit(const core::Principal& caller,
                                             const SubmitRequest& r) {
  MOTCUA_ASSIGN_OR_RETURN(const WriteCall call,
                          BeginWrite("SubmitDossier", caller, r.write));
  MOTCUA_ASSIGN_OR_RETURN(
      storage::DossierWrite written,
      call.replayed.has_value()
          ? *call.replayed
          : Create(caller, r.agency_code, r.procedure_code,
                   core::Channel::kOnline, r.applicant,
                   /*submitted_only=*/true, call, r.write.note));
  if (written.replayed &&
      !core::CheckCanWriteDossier(caller, written.dossier).ok()) {
    return DossierDenied("change", written.dossier.code);
  }
  return DossierView{std::move(written.dossier), true};
}

absl::StatusOr<Receipt> Dossiers::Receive(const core::Principal& caller,
                                          const ReceiveRequest& r) {
  MOTCUA_ASSIGN_OR_RETURN(const WriteCall call,
                          BeginWrite("ReceiveDossier", caller, r.write));
  const absl::CivilDay day = core::LocalDay(call.at);
  const std::shared_ptr<const Domain> domain = domain_.Get();
  const std::shared_ptr<const core::CatalogueIndex> catalogue =
      catalogue_.Get();
  const core::Actor actor{caller.name, r.write.note};

  absl::StatusOr<storage::DossierWrite> written;
  if (call.replayed.has_value()) {
    written = *call.replayed;
  } else if (!r.submitted_code.empty()) {
    if (!r.agency_code.empty() || !r.procedure_code.empty()) {
      return absl::InvalidArgumentError(
          "give either submitted_code or a new dossier's agency_code and "
          "procedure_code, not both");
    }
    written = store_.UpdateDossier(
        r.submitted_code, call.key,
        [&](const core::Dossier& d) -> absl::StatusOr<core::DossierChange> {
          if (!core::CheckCanWriteDossier(caller, d).ok()) {
            return DossierDenied("receive", r.submitted_code);
          }
          MOTCUA_RETURN_IF_ERROR(CheckRoomForAnEvent(d));
          MOTCUA_ASSIGN_OR_RETURN(const core::ProcedureSnapshot procedure,
                                  catalogue->ProcedureSnapshotOn(
                                      d.procedure.code, day, "procedure_code"));
          MOTCUA_ASSIGN_OR_RETURN(
              const core::UnitPath units,
              catalogue->UnitPathOf(d.agency_code, day, "submitted_code"));
          return core::ReceiveSubmittedChange(domain->calendar, domain->rules,
                                              d, call.at, procedure, units,
                                              actor);
        });
  } else {
    if (r.channel != core::Channel::kDirect &&
        r.channel != core::Channel::kPostal) {
      return absl::InvalidArgumentError(
          "channel must be DIRECT or POSTAL for a dossier handed in (online "
          "dossiers are submitted, then received by submitted_code)");
    }
    written = Create(caller, r.agency_code, r.procedure_code, r.channel,
                     r.applicant, /*submitted_only=*/false, call, r.write.note);
  }
  if (absl::IsNotFound(written.status()) &&
      !core::MayLookFor(caller, r.submitted_code)) {
    return DossierDenied("receive", r.submitted_code);
  }
  if (!written.ok()) return written.status();
  if (written->replayed &&
      !core::CheckCanWriteDossier(caller, written->dossier).ok()) {
    return DossierDenied("receive", written->dossier.code);
  }
  Receipt receipt;
  receipt.view = ViewFor(caller, std::move(written->dossier));
  const core::Dossier& d = receipt.view.dossier;
  const absl::CivilDay received_day = core::LocalDay(*d.timeline.received_at);
  if (const core::Procedure* p =
          catalogue->ProcedureOn(d.procedure.code, received_day)) {
    receipt.procedure_name = p->name;
  }
  if (const core::Agency* a =
          catalogue->AgencyOn(d.agency_code, received_day)) {
    receipt.agency_name = a->name;
  }
  receipt.due_date = core::LocalDay(*d.timeline.due_at);
  receipt.due_date_provisional =
      domain->calendar.IsProvisional(static_cast<int>(receipt.due_date.year()))
          .value_or(true);
  return receipt;
}

absl::StatusOr<DossierView> Dossiers::ChangeStatus(
    const core::Principal& caller, const std::string& code,
    core::DossierStatus to, core::Outcome outcome, const WriteOptions& write) {
  if (to == core::DossierStatus::kReceived) {
    return absl::InvalidArgumentError(
        "status RECEIVED is set by ReceiveDossier, which assigns the due "
        "date");
  }
  if (outcome != core::Outcome::kUnspecified &&
      outcome != core::Outcome::kGranted &&
      outcome != core::Outcome::kRefused) {
    return absl::InvalidArgumentError("outcome must be GRANTED or REFUSED");
  }
  return Update(
      "ChangeDossierStatus", caller, code, write,
      [&](const Domain& domain, const core::CatalogueIndex&,
          const core::Dossier& d, absl::Time at, const core::Actor& actor) {
        return core::TransitionChange(domain.calendar, domain.rules, d, to, at,
                                      outcome, actor);
      });
}

absl::StatusOr<DossierView> Dossiers::Apologize(const core::Principal& caller,
                                                const std::string& code,
                                                absl::Time new_due_at,
                                                const WriteOptions& write) {
  return Update(
      "ApologizeForDossier", caller, code, write,
      [&](const Domain&, const core::CatalogueIndex&, const core::Dossier& d,
          absl::Time at, const core::Actor& actor) {
        return core::ApologyChange(d, at, new_due_at, actor);
      });
}

absl::StatusOr<DossierView> Dossiers::HandToAgency(
    const core::Principal& caller, const std::string& code,
    const std::string& agency_code, const core::ProcessingTime& allotted,
    const WriteOptions& write) {
  return Update(
      "HandDossierToAgency", caller, code, write,
      [&](const Domain& domain, const core::CatalogueIndex& catalogue,
          const core::Dossier& d, absl::Time at,
          const core::Actor& actor) -> absl::StatusOr<core::DossierChange> {
        if (catalogue.AgencyOn(agency_code, core::LocalDay(at)) == nullptr) {
          return absl::InvalidArgumentError(
              absl::StrCat("agency_code: agency '", core::Quote(agency_code),
                           "' is not in force"));
        }
        return core::StepStartChange(domain.calendar, domain.rules, d, at,
                                     agency_code, allotted, actor);
      });
}

absl::StatusOr<DossierView> Dossiers::FinishStep(const core::Principal& caller,
                                                 const std::string& code,
                                                 const WriteOptions& write) {
  return Update(
      "FinishDossierStep", caller, code, write,
      [&](const Domain& domain, const core::CatalogueIndex&,
          const core::Dossier& d, absl::Time at, const core::Actor& actor) {
        return core::StepFinishChange(domain.calendar, domain.rules, d, at,
                                      actor);
      },
      core::CheckCanFinishStep);
}

absl::StatusOr<DossierWithHistory> Dossiers::Get(const core::Principal& caller,
                                                 const std::string& code) {
  absl::StatusOr<core::Dossier> d = store_.GetDossier(code);
  if (absl::IsNotFound(d.status()) && !core::MayLookFor(caller, code)) {
    return DossierDenied("read", code);
  }
  if (!d.ok()) return d.status();
  if (!core::CheckCanReadDossier(caller, *d).ok()) {
    return DossierDenied("read", code);
  }
  DossierWithHistory out;
  MOTCUA_ASSIGN_OR_RETURN(out.history, store_.GetHistory(code));
  out.view = ViewFor(caller, *std::move(d));
  if (!out.view.with_personal_data) {
    // Notes may hold personal data.
    for (core::DossierEvent& e : out.history) e.note.clear();
  }
  return out;
}

absl::StatusOr<DossierList> Dossiers::List(const core::Principal& caller,
                                           const ListRequest& r) {
  const absl::Time now = clock_();
  const absl::CivilDay today = core::LocalDay(now);
  const std::shared_ptr<const core::CatalogueIndex> catalogue =
      catalogue_.Get();
  MOTCUA_RETURN_IF_ERROR(
      core::CheckCanReadScope(caller, r.scope, catalogue->ContainsOn(today)));
  storage::DossierQuery q;
  q.scope = r.scope;
  q.status = r.status;
  q.received_from = r.received_from;
  q.received_to = r.received_to;
  if (r.overdue_only) q.overdue_as_of = now;
  q.page_size = r.page_size;
  q.page_token = r.page_token;
  MOTCUA_ASSIGN_OR_RETURN(storage::DossierPage page, store_.ListDossiers(q));
  DossierList out;
  for (core::Dossier& d : page.dossiers) {
    // The scope was checked against today's hierarchy; each dossier is
    // checked against its own (a commune that changed district).
    if (!core::CheckCanReadDossier(caller, d).ok()) continue;
    out.dossiers.push_back(ViewFor(caller, std::move(d)));
  }
  out.next_page_token = std::move(page.next_page_token);
  return out;
}

absl::StatusOr<PublicStatus> Dossiers::Lookup(
    const std::string& code, const std::string& applicant_id_number,
    const std::string& client) {
  const absl::Status not_found = absl::NotFoundError(
      "no dossier with that code and applicant identity number");
  if (code.empty() || applicant_id_number.empty()) {
    return absl::InvalidArgumentError(
        "code and applicant_id_number are required");
  }
  if (code.size() > 64 || applicant_id_number.size() > 32) {
    return absl::InvalidArgumentError(
        "code must have at most 64 bytes and applicant_id_number 32");
  }
  const std::string client_key = LookupClientKey(client);
  if (!lookups_by_client_.TryTake(client_key)) {
    LogLimited(LogLevel::kWarning, "lookup-rate",
               absl::StrCat("lookup refused: client ", core::Quote(client),
                            " is over its rate"));
    return absl::ResourceExhaustedError(absl::StrCat(
        "too many lookups from this address; try again in ",
        absl::FormatDuration(absl::Ceil(lookups_by_client_.Wait(client_key),
                                        absl::Seconds(1)))));
  }
  if (!lookups_by_code_.TryTake(code)) {
    // Refused by the code's rate: the address's token is not spent (many
    // citizens behind one proxy would otherwise lose theirs to one guesser
    // of a single code).
    lookups_by_client_.GiveBack(client_key);
    LogLimited(LogLevel::kWarning, "lookup-rate",
               absl::StrCat("lookup refused: dossier ", core::Quote(code),
                            " was asked for too often"));
    return absl::ResourceExhaustedError(
        absl::StrCat("too many lookups of this dossier code; try again in ",
                     absl::FormatDuration(absl::Ceil(
                         lookups_by_code_.Wait(code), absl::Seconds(1)))));
  }
  const absl::Time began = absl::Now();
  absl::StatusOr<core::Dossier> d = store_.GetDossier(code);
  if (!d.ok() && !absl::IsNotFound(d.status())) return d.status();
  // Whatever the answer, not before the floor (answer_floor).
  const absl::Cleanup floor = [until = began + lookup_answer_floor_] {
    absl::SleepFor(until - absl::Now());
  };
  // The same comparison whether or not the code exists, in time that does
  // not depend on where the numbers first differ.
  const std::string& stored = d.ok() ? d->applicant.id_number : code;
  const bool equal = ConstantTimeEqual(stored, applicant_id_number);
  const bool match = d.ok() && equal;
  if (!match) {
    LogLimited(LogLevel::kInfo, "lookup-failed",
               absl::StrCat("lookup failed: dossier ", core::Quote(code),
                            " from client ", core::Quote(client)));
    return not_found;
  }
  const core::DossierTimeline& t = d->timeline;
  return PublicStatus{d->code,  t.status,          t.received_at,
                      t.due_at, t.extended_due_at, t.returned_at};
}

}  // namespace motcua::service
