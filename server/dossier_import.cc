// DossierService.ImportDossiers: past histories replayed and stored at once.
#include "absl/strings/str_cat.h"
#include "core/dossier_history.h"
#include "core/local_time.h"
#include "server/api_codec.h"
#include "server/dossier_service.h"
#include "server/service_support.h"
#include "server/unit_paths.h"

namespace motcua::server {
namespace {

constexpr int kMaxBatch = 1000;

// The procedure as of `day`: the catalogue's version then, overridden by
// the history's own classification and time where it gives them (the old
// system knew what applied then better than a catalogue loaded today).
absl::StatusOr<core::ProcedureSnapshot> ProcedureThen(
    storage::Store& store, const v1::HistoricalDossier& h, absl::CivilDay day) {
  // The catalogue must know the procedure then (its field, at least).
  absl::StatusOr<core::Procedure> p = store.GetProcedure(h.procedure_code(), day);
  if (!p.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "procedure_code: procedure '", h.procedure_code(),
        "' is not in the catalogue on ", absl::FormatCivilTime(day)));
  }
  core::ProcedureSnapshot snapshot{p->code,         p->field_code,
                                   p->online_level, p->online_class,
                                   p->processing_time, p->has_fee};
  if (h.has_processing_time()) {
    absl::StatusOr<core::ProcessingTime> t =
        FromProto(h.processing_time(), "processing_time");
    if (!t.ok()) return t.status();
    snapshot.processing_time = *t;
  }
  if (h.online_level() != 0) {
    if (h.online_level() < 1 || h.online_level() > 4) {
      return absl::InvalidArgumentError("online_level must be 1 to 4");
    }
    snapshot.online_level = h.online_level();
  }
  if (h.online_class() != v1::ONLINE_CLASS_UNSPECIFIED) {
    snapshot.online_class = static_cast<core::OnlineClass>(h.online_class());
  }
  return snapshot;
}

absl::StatusOr<absl::Time> Instant(const google::protobuf::Timestamp& t,
                                   bool is_set, absl::string_view field) {
  absl::StatusOr<std::optional<absl::Time>> at = FromProto(t, is_set, field);
  if (!at.ok()) return at.status();
  if (!at->has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  }
  return **at;
}

}  // namespace

v1::ImportDossiersResponse::Result DossierServiceImpl::ImportOne(
    const core::Principal& caller, const Domain& domain,
    const v1::HistoricalDossier& wire) {
  using Result = v1::ImportDossiersResponse::Result;
  Result result;
  result.set_code(wire.code());
  auto refuse = [&](const absl::Status& s) {
    result.set_outcome(Result::REFUSED);
    result.set_reason(std::string(s.message()));
    return result;
  };
  const storage::RequestKey key =
      RequestKeyOf("ImportDossier", wire, "import:" + wire.code(), caller);
  // Imported before: unchanged, before the catalogue (which may have been
  // corrected since) is consulted again. Another history under the code is
  // refused by the import below.
  absl::StatusOr<std::optional<storage::DossierWrite>> earlier =
      store_.FindAppliedRequest(key);
  if (earlier.ok() && earlier->has_value()) {
    result.set_outcome(Result::UNCHANGED);
    return result;
  }
  const absl::Time latest = clock_() + policy_.clock_skew;
  absl::StatusOr<absl::Time> created =
      Instant(wire.created_at(), wire.has_created_at(), "created_at");
  if (!created.ok()) return refuse(created.status());
  if (*created > latest) {
    return refuse(absl::InvalidArgumentError("created_at is in the future"));
  }
  const absl::CivilDay created_day = core::LocalDay(*created);
  absl::StatusOr<core::ProcedureSnapshot> procedure =
      ProcedureThen(store_, wire, created_day);
  if (!procedure.ok()) return refuse(procedure.status());
  absl::StatusOr<core::UnitPath> units =
      UnitPathOf(store_, wire.agency_code(), created_day, "agency_code");
  if (!units.ok()) return refuse(units.status());
  absl::StatusOr<core::Applicant> applicant =
      FromProto(wire.applicant(), "applicant");
  if (!applicant.ok()) return refuse(applicant.status());

  core::HistoricalDossier h;
  h.created = {wire.code(),  wire.agency_code(),
               static_cast<core::Channel>(wire.channel()),
               *procedure,   *units,
               *applicant,   *created,
               wire.submitted_online()};
  h.created_by = {wire.principal().empty() ? caller.name : wire.principal(), ""};
  for (int i = 0; i < wire.events_size(); ++i) {
    const v1::HistoricalEvent& e = wire.events(i);
    const std::string field = absl::StrCat("events[", i, "]");
    core::HistoricalEvent he;
    absl::StatusOr<absl::Time> at =
        Instant(e.at(), e.has_at(), absl::StrCat(field, ".at"));
    if (!at.ok()) return refuse(at.status());
    if (*at > latest) {
      return refuse(absl::InvalidArgumentError(
          absl::StrCat(field, ".at is in the future")));
    }
    he.at = *at;
    he.actor = {e.principal().empty() ? caller.name : e.principal(), e.note()};
    switch (e.change_case()) {
      case v1::HistoricalEvent::kStatus: {
        absl::StatusOr<core::DossierStatus> to = core::StatusFromCode(e.status());
        if (!to.ok()) {
          return refuse(absl::InvalidArgumentError(
              absl::StrCat(field, ".status: ", to.status().message())));
        }
        he.kind = core::EventKind::kTransition;
        he.to = *to;
        he.outcome = static_cast<core::Outcome>(e.outcome());
        if (*to == core::DossierStatus::kReceived) {
          const absl::CivilDay day = core::LocalDay(*at);
          absl::StatusOr<core::ProcedureSnapshot> then =
              ProcedureThen(store_, wire, day);
          if (!then.ok()) return refuse(then.status());
          absl::StatusOr<core::UnitPath> path =
              UnitPathOf(store_, wire.agency_code(), day, "agency_code");
          if (!path.ok()) return refuse(path.status());
          h.reception_procedure = *then;
          h.reception_units = *path;
        }
        break;
      }
      case v1::HistoricalEvent::kApologyNewDueAt: {
        absl::StatusOr<absl::Time> due =
            Instant(e.apology_new_due_at(), true,
                    absl::StrCat(field, ".apology_new_due_at"));
        if (!due.ok()) return refuse(due.status());
        he.kind = core::EventKind::kApology;
        he.new_due_at = *due;
        break;
      }
      case v1::HistoricalEvent::kHandTo: {
        absl::StatusOr<core::ProcessingTime> allotted = FromProto(
            e.hand_to().allotted(), absl::StrCat(field, ".hand_to.allotted"));
        if (!allotted.ok()) return refuse(allotted.status());
        he.kind = core::EventKind::kStepStarted;
        he.step_agency_code = e.hand_to().agency_code();
        he.step_allotted = *allotted;
        break;
      }
      case v1::HistoricalEvent::kStepFinished:
        he.kind = core::EventKind::kStepFinished;
        break;
      default:
        return refuse(absl::InvalidArgumentError(absl::StrCat(
            field, " must give status, apology_new_due_at, hand_to or "
                   "step_finished")));
    }
    h.events.push_back(std::move(he));
  }

  absl::StatusOr<storage::DossierWrite> written = store_.ImportDossier(
      wire.code(), key, [&]() -> absl::StatusOr<storage::ImportedHistory> {
        absl::StatusOr<core::ReplayedHistory> replayed =
            core::ReplayHistory(domain.calendar, domain.rules, h);
        if (!replayed.ok()) return replayed.status();
        return storage::ImportedHistory{std::move(replayed->dossier),
                                        std::move(replayed->events)};
      });
  if (!written.ok()) {
    if (absl::IsAlreadyExists(written.status())) {
      return refuse(absl::AlreadyExistsError(absl::StrCat(
          "dossier ", wire.code(),
          " already exists with another history (or was not imported)")));
    }
    return refuse(written.status());
  }
  result.set_outcome(written->replayed ? Result::UNCHANGED : Result::IMPORTED);
  return result;
}

grpc::ServerUnaryReactor* DossierServiceImpl::ImportDossiers(
    grpc::CallbackServerContext* context,
    const v1::ImportDossiersRequest* request,
    v1::ImportDossiersResponse* response) {
  return RespondOnWorkers(context, writers_, [=]() -> absl::Status {
    absl::StatusOr<core::Principal> caller = CallerOf(*context, store_);
    if (!caller.ok()) return caller.status();
    absl::Status s = core::CheckCanImport(*caller);
    if (!s.ok()) return s;
    if (request->dossiers_size() > kMaxBatch) {
      return absl::InvalidArgumentError(
          absl::StrCat("dossiers: at most ", kMaxBatch, " per call"));
    }
    const std::shared_ptr<const Domain> domain = domain_.Get();
    for (int i = 0; i < request->dossiers_size(); ++i) {
      v1::ImportDossiersResponse::Result r =
          ImportOne(*caller, *domain, request->dossiers(i));
      r.set_index(i);
      switch (r.outcome()) {
        case v1::ImportDossiersResponse::Result::IMPORTED:
          response->set_imported(response->imported() + 1);
          break;
        case v1::ImportDossiersResponse::Result::UNCHANGED:
          response->set_unchanged(response->unchanged() + 1);
          break;
        default:
          response->set_refused(response->refused() + 1);
      }
      *response->add_results() = std::move(r);
    }
    return absl::OkStatus();
  });
}

}  // namespace motcua::server
