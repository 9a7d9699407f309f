#include "server/dossier_service.h"

#include "absl/strings/str_cat.h"
#include "core/dossier_changes.h"
#include "core/local_time.h"
#include "server/api_codec.h"
#include "server/service_support.h"
#include "server/unit_paths.h"

namespace motcua::server {
namespace {

absl::StatusOr<core::ProcedureSnapshot> SnapshotOf(storage::Store& store,
                                                   const std::string& code,
                                                   absl::CivilDay day) {
  absl::StatusOr<core::Procedure> p = store.GetProcedure(code, day);
  if (!p.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "procedure_code: procedure '", code, "' is not in force on ",
        absl::FormatCivilTime(day)));
  }
  return core::ProcedureSnapshot{p->code,         p->field_code,
                                 p->online_level, p->online_class,
                                 p->processing_time, p->has_fee};
}

absl::Status ValidateWrite(const v1::WriteOptions& write) {
  if (write.request_id().size() > 128) {
    return absl::InvalidArgumentError(
        "write.request_id must have at most 128 bytes");
  }
  if (write.note().size() > 2000) {
    return absl::InvalidArgumentError("write.note must have at most 2000 bytes");
  }
  return absl::OkStatus();
}

}  // namespace

DossierServiceImpl::DossierServiceImpl(storage::Store& store,
                                       DomainState& domain, TimePolicy policy,
                                       std::function<absl::Time()> clock,
                                       WorkerPool& writers)
    : store_(store),
      domain_(domain),
      writers_(writers),
      policy_(policy),
      clock_(std::move(clock)) {}

absl::StatusOr<DossierServiceImpl::WriteCall> DossierServiceImpl::BeginWrite(
    const grpc::CallbackServerContext& context, absl::string_view method,
    const google::protobuf::Message& request, const v1::WriteOptions& write) {
  absl::StatusOr<core::Principal> caller = CallerOf(context, store_);
  if (!caller.ok()) return caller.status();
  absl::Status s = ValidateWrite(write);
  if (!s.ok()) return s;
  WriteCall call;
  call.key = RequestKeyOf(method, request, write.request_id(), *caller);
  call.caller = *std::move(caller);
  // A retry gets the first answer before anything that may have moved
  // since is checked again (the back-dating window, the catalogue in force
  // today): the first call passed those checks when it was applied.
  absl::StatusOr<std::optional<storage::DossierWrite>> replayed =
      store_.FindAppliedRequest(call.key);
  if (!replayed.ok()) return replayed.status();
  call.replayed = *std::move(replayed);
  if (call.replayed.has_value()) return call;
  absl::StatusOr<absl::Time> at =
      OccurredAt(write, call.caller, clock_(), policy_);
  if (!at.ok()) return at.status();
  call.at = *at;
  return call;
}

absl::Status DossierServiceImpl::Update(
    const grpc::CallbackServerContext& context, absl::string_view method,
    const google::protobuf::Message& request, const v1::WriteOptions& write,
    const std::string& code,
    const std::function<absl::StatusOr<core::DossierChange>(
        const Domain&, const core::Dossier&, absl::Time,
        const core::Actor&)>& build,
    v1::Dossier* response,
    absl::Status (*allowed)(const core::Principal&, const core::Dossier&)) {
  if (code.empty()) return absl::InvalidArgumentError("code is required");
  absl::StatusOr<WriteCall> call = BeginWrite(context, method, request, write);
  if (!call.ok()) return call.status();
  const core::Principal& caller = call->caller;
  const absl::Time at = call->at;
  const std::shared_ptr<const Domain> domain = domain_.Get();
  const core::Actor actor{caller.name, write.note()};
  absl::StatusOr<storage::DossierWrite> written =
      call->replayed.has_value()
          ? *call->replayed
          : store_.UpdateDossier(
                code, call->key,
                [&](const core::Dossier& d)
                    -> absl::StatusOr<core::DossierChange> {
                  absl::Status s = allowed(caller, d);
                  if (!s.ok()) return s;
                  return build(*domain, d, at, actor);
                });
  if (absl::IsNotFound(written.status()) && !core::MayLookFor(caller, code)) {
    return absl::PermissionDeniedError(
        absl::StrCat("this token may not change dossier ", code));
  }
  if (!written.ok()) return written.status();
  ToProto(written->dossier,
          core::MaySeePersonalData(caller, written->dossier), response);
  return absl::OkStatus();
}

absl::Status DossierServiceImpl::DoSubmit(
    const grpc::CallbackServerContext& context,
    const v1::SubmitDossierRequest& request, v1::Dossier* response) {
  absl::StatusOr<WriteCall> call =
      BeginWrite(context, "SubmitDossier", request, request.write());
  if (!call.ok()) return call.status();
  if (call->replayed.has_value()) {
    ToProto(call->replayed->dossier, true, response);
    return absl::OkStatus();
  }
  const core::Principal& caller = call->caller;
  const absl::Time at = call->at;
  absl::Status s = core::CheckCanCreateAt(caller, request.agency_code());
  if (!s.ok()) return s;
  const absl::CivilDay day = core::LocalDay(at);
  absl::StatusOr<core::UnitPath> units =
      UnitPathOf(store_, request.agency_code(), day, "agency_code");
  if (!units.ok()) return units.status();
  absl::StatusOr<core::ProcedureSnapshot> procedure =
      SnapshotOf(store_, request.procedure_code(), day);
  if (!procedure.ok()) return procedure.status();
  absl::StatusOr<core::Applicant> applicant =
      FromProto(request.applicant(), "applicant");
  if (!applicant.ok()) return applicant.status();
  const std::shared_ptr<const Domain> domain = domain_.Get();
  absl::StatusOr<storage::DossierWrite> written = store_.CreateDossier(
      request.agency_code(), day, call->key, [&](const std::string& code) {
        core::NewDossier n{code,       request.agency_code(),
                           core::Channel::kOnline, *procedure,
                           *units,     *applicant,
                           at,        /*submitted_only=*/true};
        return core::CreateDossierChange(domain->calendar, n,
                                         {caller.name, request.write().note()});
      });
  if (!written.ok()) return written.status();
  ToProto(written->dossier, true, response);
  return absl::OkStatus();
}

absl::Status DossierServiceImpl::DoReceive(
    const grpc::CallbackServerContext& context,
    const v1::ReceiveDossierRequest& request, v1::Receipt* response) {
  absl::StatusOr<WriteCall> call =
      BeginWrite(context, "ReceiveDossier", request, request.write());
  if (!call.ok()) return call.status();
  const core::Principal& caller = call->caller;
  const absl::Time at = call->at;
  const absl::CivilDay day = core::LocalDay(at);
  const std::shared_ptr<const Domain> domain = domain_.Get();
  const core::Actor actor{caller.name, request.write().note()};
  const storage::RequestKey& key = call->key;

  absl::StatusOr<storage::DossierWrite> written;
  if (call->replayed.has_value()) {
    written = *call->replayed;
  } else if (!request.submitted_code().empty()) {
    if (!request.agency_code().empty() || !request.procedure_code().empty()) {
      return absl::InvalidArgumentError(
          "give either submitted_code or a new dossier's agency_code and "
          "procedure_code, not both");
    }
    written = store_.UpdateDossier(
        request.submitted_code(), key,
        [&](const core::Dossier& d) -> absl::StatusOr<core::DossierChange> {
          absl::Status allowed = core::CheckCanWriteDossier(caller, d);
          if (!allowed.ok()) return allowed;
          absl::StatusOr<core::ProcedureSnapshot> procedure =
              SnapshotOf(store_, d.procedure.code, day);
          if (!procedure.ok()) return procedure.status();
          absl::StatusOr<core::UnitPath> units =
              UnitPathOf(store_, d.agency_code, day, "submitted_code");
          if (!units.ok()) return units.status();
          return core::ReceiveSubmittedChange(domain->calendar, domain->rules,
                                              d, at, *procedure, *units,
                                              actor);
        });
  } else {
    if (request.channel() != v1::DIRECT && request.channel() != v1::POSTAL) {
      return absl::InvalidArgumentError(
          "channel must be DIRECT or POSTAL for a dossier handed in (online "
          "dossiers are submitted, then received by submitted_code)");
    }
    absl::Status s = core::CheckCanCreateAt(caller, request.agency_code());
    if (!s.ok()) return s;
    absl::StatusOr<core::UnitPath> units =
        UnitPathOf(store_, request.agency_code(), day, "agency_code");
    if (!units.ok()) return units.status();
    absl::StatusOr<core::ProcedureSnapshot> procedure =
        SnapshotOf(store_, request.procedure_code(), day);
    if (!procedure.ok()) return procedure.status();
    absl::StatusOr<core::Applicant> applicant =
        FromProto(request.applicant(), "applicant");
    if (!applicant.ok()) return applicant.status();
    written = store_.CreateDossier(
        request.agency_code(), day, key, [&](const std::string& code) {
          core::NewDossier n{code,       request.agency_code(),
                             static_cast<core::Channel>(request.channel()),
                             *procedure, *units,
                             *applicant, at,
                             /*submitted_only=*/false};
          return core::CreateDossierChange(domain->calendar, n, actor);
        });
  }
  if (absl::IsNotFound(written.status()) &&
      !core::MayLookFor(caller, request.submitted_code())) {
    return absl::PermissionDeniedError(absl::StrCat(
        "this token may not receive dossier ", request.submitted_code()));
  }
  if (!written.ok()) return written.status();
  const core::Dossier& d = written->dossier;
  ToProto(d, core::MaySeePersonalData(caller, d), response->mutable_dossier());
  const absl::CivilDay received_day = core::LocalDay(*d.timeline.received_at);
  if (absl::StatusOr<core::Procedure> p =
          store_.GetProcedure(d.procedure.code, received_day);
      p.ok()) {
    response->set_procedure_name(p->name);
  }
  if (absl::StatusOr<core::Agency> a =
          store_.GetAgency(d.agency_code, received_day);
      a.ok()) {
    response->set_agency_name(a->name);
  }
  const absl::CivilDay due_day = core::LocalDay(*d.timeline.due_at);
  ToProto(due_day, response->mutable_due_date());
  response->set_due_date_provisional(
      domain->calendar.IsProvisional(static_cast<int>(due_day.year()))
          .value_or(true));
  return absl::OkStatus();
}

absl::Status DossierServiceImpl::DoList(
    const grpc::CallbackServerContext& context,
    const v1::ListDossiersRequest& request,
    v1::ListDossiersResponse* response) {
  absl::StatusOr<core::Principal> caller = CallerOf(context, store_);
  if (!caller.ok()) return caller.status();
  absl::StatusOr<core::Scope> scope = FromProto(request.scope(), "scope");
  if (!scope.ok()) return scope.status();
  const absl::Time now = clock_();
  const absl::CivilDay today = core::LocalDay(now);
  absl::Status s = core::CheckCanReadScope(
      *caller, *scope, [&](const core::Scope& outer, const core::Scope& inner) {
        return ScopeWithin(store_, outer, inner, today);
      });
  if (!s.ok()) return s;
  storage::DossierQuery q;
  q.scope = *scope;
  if (request.status() != v1::DOSSIER_STATUS_UNSPECIFIED) {
    absl::StatusOr<core::DossierStatus> status =
        core::StatusFromCode(request.status());
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("status: ", status.status().message()));
    }
    q.status = *status;
  }
  if (request.has_received_from()) {
    absl::StatusOr<absl::CivilDay> d =
        FromProto(request.received_from(), "received_from");
    if (!d.ok()) return d.status();
    q.received_from = *d;
  }
  if (request.has_received_to()) {
    absl::StatusOr<absl::CivilDay> d =
        FromProto(request.received_to(), "received_to");
    if (!d.ok()) return d.status();
    q.received_to = *d;
  }
  if (request.overdue_only()) q.overdue_as_of = now;
  q.page_size = request.page_size();
  q.page_token = request.page_token();
  absl::StatusOr<storage::DossierPage> page = store_.ListDossiers(q);
  if (!page.ok()) return page.status();
  for (const core::Dossier& d : page->dossiers) {
    // The scope was checked against today's hierarchy; each dossier is
    // checked against its own (a commune that changed district).
    if (!core::CheckCanReadDossier(*caller, d).ok()) continue;
    ToProto(d, core::MaySeePersonalData(*caller, d), response->add_dossiers());
  }
  response->set_next_page_token(page->next_page_token);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* DossierServiceImpl::SubmitDossier(
    grpc::CallbackServerContext* context,
    const v1::SubmitDossierRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=] { return DoSubmit(*context, *request, response); });
}

grpc::ServerUnaryReactor* DossierServiceImpl::ReceiveDossier(
    grpc::CallbackServerContext* context,
    const v1::ReceiveDossierRequest* request, v1::Receipt* response) {
  return RespondOnWorkers(context, writers_,
                 [=] { return DoReceive(*context, *request, response); });
}

grpc::ServerUnaryReactor* DossierServiceImpl::ChangeDossierStatus(
    grpc::CallbackServerContext* context,
    const v1::ChangeDossierStatusRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=]() -> absl::Status {
    absl::StatusOr<core::DossierStatus> to =
        core::StatusFromCode(request->status());
    if (!to.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("status: ", to.status().message()));
    }
    if (*to == core::DossierStatus::kReceived) {
      return absl::InvalidArgumentError(
          "status RECEIVED is set by ReceiveDossier, which assigns the due "
          "date");
    }
    const auto outcome = static_cast<core::Outcome>(request->outcome());
    if (outcome != core::Outcome::kUnspecified &&
        outcome != core::Outcome::kGranted &&
        outcome != core::Outcome::kRefused) {
      return absl::InvalidArgumentError("outcome must be GRANTED or REFUSED");
    }
    return Update(
        *context, "ChangeDossierStatus", *request, request->write(),
        request->code(),
        [&](const Domain& domain, const core::Dossier& d, absl::Time at,
            const core::Actor& actor) {
          return core::TransitionChange(domain.calendar, domain.rules, d, *to,
                                        at, outcome, actor);
        },
        response);
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::ApologizeForDossier(
    grpc::CallbackServerContext* context,
    const v1::ApologizeForDossierRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=]() -> absl::Status {
    absl::StatusOr<std::optional<absl::Time>> new_due = FromProto(
        request->new_due_at(), request->has_new_due_at(), "new_due_at");
    if (!new_due.ok()) return new_due.status();
    if (!new_due->has_value()) {
      return absl::InvalidArgumentError("new_due_at is required");
    }
    return Update(
        *context, "ApologizeForDossier", *request, request->write(),
        request->code(),
        [&](const Domain&, const core::Dossier& d, absl::Time at,
            const core::Actor& actor) {
          return core::ApologyChange(d, at, **new_due, actor);
        },
        response);
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::HandDossierToAgency(
    grpc::CallbackServerContext* context,
    const v1::HandDossierToAgencyRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=]() -> absl::Status {
    absl::StatusOr<core::ProcessingTime> allotted =
        FromProto(request->allotted(), "allotted");
    if (!allotted.ok()) return allotted.status();
    return Update(
        *context, "HandDossierToAgency", *request, request->write(),
        request->code(),
        [&](const Domain& domain, const core::Dossier& d, absl::Time at,
            const core::Actor& actor) -> absl::StatusOr<core::DossierChange> {
          if (!store_.GetAgency(request->agency_code(), core::LocalDay(at))
                   .ok()) {
            return absl::InvalidArgumentError(absl::StrCat(
                "agency_code: agency '", request->agency_code(),
                "' is not in force"));
          }
          return core::StepStartChange(domain.calendar, domain.rules, d, at,
                                       request->agency_code(), *allotted,
                                       actor);
        },
        response);
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::FinishDossierStep(
    grpc::CallbackServerContext* context,
    const v1::FinishDossierStepRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=] {
    return Update(
        *context, "FinishDossierStep", *request, request->write(),
        request->code(),
        [&](const Domain& domain, const core::Dossier& d, absl::Time at,
            const core::Actor& actor) {
          return core::StepFinishChange(domain.calendar, domain.rules, d, at,
                                        actor);
        },
        response, core::CheckCanFinishStep);
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::GetDossier(
    grpc::CallbackServerContext* context, const v1::GetDossierRequest* request,
    v1::DossierWithHistory* response) {
  return Respond(context, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller = CallerOf(*context, store_);
    if (!caller.ok()) return caller.status();
    absl::StatusOr<core::Dossier> d = store_.GetDossier(request->code());
    if (absl::IsNotFound(d.status()) &&
        !core::MayLookFor(*caller, request->code())) {
      return absl::PermissionDeniedError(
          absl::StrCat("this token may not read dossier ", request->code()));
    }
    if (!d.ok()) return d.status();
    absl::Status s = core::CheckCanReadDossier(*caller, *d);
    if (!s.ok()) return s;
    absl::StatusOr<std::vector<core::DossierEvent>> history =
        store_.GetHistory(request->code());
    if (!history.ok()) return history.status();
    const bool personal = core::MaySeePersonalData(*caller, *d);
    ToProto(*d, personal, response->mutable_dossier());
    for (const core::DossierEvent& e : *history) {
      v1::DossierEvent* out = response->add_history();
      ToProto(e, out);
      if (!personal) out->clear_note();  // notes may hold personal data
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::ListDossiers(
    grpc::CallbackServerContext* context,
    const v1::ListDossiersRequest* request,
    v1::ListDossiersResponse* response) {
  return Respond(context, [&] { return DoList(*context, *request, response); });
}

grpc::ServerUnaryReactor* DossierServiceImpl::LookupDossierStatus(
    grpc::CallbackServerContext* context,
    const v1::LookupDossierStatusRequest* request,
    v1::PublicDossierStatus* response) {
  return Respond(context, [&]() -> absl::Status {
    // The same answer for an unknown code and a wrong identity number, so
    // the lookup reveals nothing about dossiers one cannot name fully.
    const absl::Status not_found = absl::NotFoundError(
        "no dossier with that code and applicant identity number");
    if (request->code().empty() || request->applicant_id_number().empty()) {
      return absl::InvalidArgumentError(
          "code and applicant_id_number are required");
    }
    absl::StatusOr<core::Dossier> d = store_.GetDossier(request->code());
    if (!d.ok()) return absl::IsNotFound(d.status()) ? not_found : d.status();
    if (d->applicant.id_number != request->applicant_id_number()) {
      return not_found;
    }
    v1::Dossier full;
    ToProto(*d, false, &full);
    response->set_code(full.code());
    response->set_status(full.status());
    if (full.has_received_at()) *response->mutable_received_at() = full.received_at();
    if (full.has_due_at()) *response->mutable_due_at() = full.due_at();
    if (full.has_extended_due_at()) {
      *response->mutable_extended_due_at() = full.extended_due_at();
    }
    if (full.has_returned_at()) *response->mutable_returned_at() = full.returned_at();
    return absl::OkStatus();
  });
}

}  // namespace motcua::server
