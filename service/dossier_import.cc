// Dossiers::Import: past histories replayed and stored, each at once.
#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/dossier_history.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "core/text.h"
#include "service/dossiers.h"

namespace motcua::service {
namespace {

constexpr int kMaxBatch = 1000;

// The procedure as of `day`: the catalogue's version then, overridden by
// the history's own classification and time where it gives them (the old
// system knew what applied then better than a catalogue loaded today).
absl::StatusOr<core::ProcedureSnapshot> ProcedureThen(
    const core::CatalogueIndex& catalogue, const HistoricalInput& h,
    absl::CivilDay day) {
  // The catalogue must know the procedure then (its field, at least).
  const core::Procedure* p = catalogue.ProcedureOn(h.procedure_code, day);
  if (p == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "procedure_code: procedure '", h.procedure_code,
        "' is not in the catalogue on ", absl::FormatCivilTime(day)));
  }
  core::ProcedureSnapshot snapshot = core::SnapshotOf(*p);
  if (h.processing_time.has_value()) {
    snapshot.processing_time = *h.processing_time;
  }
  if (h.online_level != 0) snapshot.online_level = h.online_level;
  if (h.online_class != core::OnlineClass::kUnspecified) {
    snapshot.online_class = h.online_class;
  }
  MOTCUA_RETURN_IF_ERROR(core::ValidateOnlineClassification(
      snapshot.online_level, snapshot.online_class));
  return snapshot;
}

// The limits of live writes, for a history: its size, principals and notes;
// and its code's day, which must be its reception (or creation) day and
// before `today`, so that an import never takes a number of the live
// numbering (today's, or a day still to come).
absl::Status CheckImportable(const HistoricalInput& in, absl::CivilDay today) {
  if (in.events.size() + 1 > static_cast<size_t>(core::kMaxEventsPerDossier)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "events: a history holds at most ", core::kMaxEventsPerDossier - 1,
        " events after its creation (this one has ", in.events.size(), ")"));
  }
  MOTCUA_RETURN_IF_ERROR(core::ValidateText(in.principal, "principal", 100));
  absl::CivilDay reception = core::LocalDay(in.created_at);
  for (size_t i = 0; i < in.events.size(); ++i) {
    const core::HistoricalEvent& e = in.events[i];
    MOTCUA_RETURN_IF_ERROR(core::ValidateText(
        e.actor.principal, absl::StrCat("events[", i, "].principal"), 100));
    MOTCUA_RETURN_IF_ERROR(
        core::ValidateText(e.actor.note, absl::StrCat("events[", i, "].note"),
                           kMaxNoteBytes, /*multiline=*/true));
    if (e.kind == core::EventKind::kTransition &&
        e.to == core::DossierStatus::kReceived) {
      reception = core::LocalDay(e.at);
    }
  }
  MOTCUA_ASSIGN_OR_RETURN(const core::DossierCode code,
                          core::ParseDossierCode(in.code));
  const absl::CivilDay created = core::LocalDay(in.created_at);
  if (code.reception_day != created && code.reception_day != reception) {
    return absl::InvalidArgumentError(absl::StrCat(
        "code: its date ", absl::FormatCivilTime(code.reception_day),
        " is neither the day the dossier was received (",
        absl::FormatCivilTime(reception), ") nor created (",
        absl::FormatCivilTime(created), ")"));
  }
  if (code.reception_day >= today) {
    return absl::InvalidArgumentError(absl::StrCat(
        "code: an import may not number a dossier of ",
        absl::FormatCivilTime(code.reception_day),
        ": today's and later numbers are the desks' (a dossier received "
        "today is received live)"));
  }
  return absl::OkStatus();
}

}  // namespace

ImportResult Dossiers::ImportOne(const core::Principal& caller,
                                 const Domain& domain,
                                 const core::CatalogueIndex& catalogue,
                                 const HistoricalInput& in) {
  ImportResult result;
  result.code = in.code;
  auto refuse = [&](const absl::Status& s) {
    result.outcome = ImportOutcome::kRefused;
    result.reason = std::string(s.message());
    return result;
  };
  // Keyed by the principal, not the token: a migration run again with a new
  // token of the same principal finds its lines unchanged (the answer holds
  // no dossier, so nothing is revealed to it).
  core::Principal importer = caller;
  importer.token_id.clear();
  const storage::RequestKey key =
      RequestKeyOf("ImportDossier",
                   {"import:" + in.code, in.request_bytes, "", {}}, importer);
  // Imported before: unchanged, before the catalogue (which may have been
  // corrected since) is consulted again. Another history under the code is
  // refused by the import below.
  absl::StatusOr<std::optional<storage::DossierWrite>> earlier =
      store_.FindAppliedRequest(key);
  if (earlier.ok() && earlier->has_value()) {
    result.outcome = ImportOutcome::kUnchanged;
    return result;
  }
  if (!in.malformed.ok()) return refuse(in.malformed);
  const absl::Time now = clock_();
  if (absl::Status s = CheckImportable(in, core::LocalDay(now)); !s.ok()) {
    return refuse(s);
  }
  const absl::Time latest = now + policy_.clock_skew;
  if (in.created_at > latest) {
    return refuse(absl::InvalidArgumentError("created_at is in the future"));
  }
  const absl::CivilDay created_day = core::LocalDay(in.created_at);
  absl::StatusOr<core::ProcedureSnapshot> procedure =
      ProcedureThen(catalogue, in, created_day);
  if (!procedure.ok()) return refuse(procedure.status());
  absl::StatusOr<core::UnitPath> units =
      catalogue.UnitPathOf(in.agency_code, created_day, "agency_code");
  if (!units.ok()) return refuse(units.status());
  absl::Status valid = core::ValidateApplicant(in.applicant, "applicant");
  if (!valid.ok()) return refuse(valid);

  core::HistoricalDossier h;
  h.created = {in.code, in.agency_code, in.channel,    *procedure,
               *units,  in.applicant,   in.created_at, in.submitted_online};
  h.created_by = {in.principal.empty() ? caller.name : in.principal, ""};
  for (size_t i = 0; i < in.events.size(); ++i) {
    core::HistoricalEvent e = in.events[i];
    if (e.at > latest) {
      return refuse(absl::InvalidArgumentError(
          absl::StrCat("events[", i, "].at is in the future")));
    }
    if (e.actor.principal.empty()) e.actor.principal = caller.name;
    if (e.kind == core::EventKind::kTransition &&
        e.to == core::DossierStatus::kReceived) {
      const absl::CivilDay day = core::LocalDay(e.at);
      absl::StatusOr<core::ProcedureSnapshot> then =
          ProcedureThen(catalogue, in, day);
      if (!then.ok()) return refuse(then.status());
      absl::StatusOr<core::UnitPath> path =
          catalogue.UnitPathOf(in.agency_code, day, "agency_code");
      if (!path.ok()) return refuse(path.status());
      h.reception_procedure = *then;
      h.reception_units = *path;
    }
    h.events.push_back(std::move(e));
  }

  absl::StatusOr<storage::DossierWrite> written = store_.ImportDossier(
      in.code, key, [&]() -> absl::StatusOr<storage::ImportedHistory> {
        MOTCUA_ASSIGN_OR_RETURN(
            core::ReplayedHistory replayed,
            core::ReplayHistory(domain.calendar, domain.rules, h));
        return storage::ImportedHistory{std::move(replayed.dossier),
                                        std::move(replayed.events)};
      });
  if (!written.ok()) {
    if (absl::IsAlreadyExists(written.status())) {
      return refuse(absl::AlreadyExistsError(absl::StrCat(
          "dossier ", in.code,
          " already exists with another history (or was not imported)")));
    }
    return refuse(written.status());
  }
  result.outcome =
      written->replayed ? ImportOutcome::kUnchanged : ImportOutcome::kImported;
  return result;
}

absl::StatusOr<std::vector<ImportResult>> Dossiers::Import(
    const core::Principal& caller, const std::vector<HistoricalInput>& in) {
  MOTCUA_RETURN_IF_ERROR(core::CheckCanImport(caller));
  if (in.size() > kMaxBatch) {
    return absl::InvalidArgumentError(
        absl::StrCat("dossiers: at most ", kMaxBatch, " per call"));
  }
  const std::shared_ptr<const Domain> domain = domain_.Get();
  const std::shared_ptr<const core::CatalogueIndex> catalogue =
      catalogue_.Get();
  std::vector<ImportResult> results;
  results.reserve(in.size());
  for (const HistoricalInput& h : in) {
    results.push_back(ImportOne(caller, *domain, *catalogue, h));
  }
  return results;
}

}  // namespace motcua::service
