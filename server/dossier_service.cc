#include "server/dossier_service.h"

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "server/api_codec.h"
#include "server/call_context.h"
#include "server/read_calls.h"
#include "server/service_support.h"

namespace motcua::server {
namespace {

// Authenticates, reads the write options and runs `call` with both.
template <typename Request>
absl::Status WithWrite(
    const grpc::CallbackServerContext& context, service::Application& app,
    const Request& request,
    const std::function<absl::Status(const core::Principal&,
                                     const service::WriteOptions&)>& call) {
  MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(context, app));
  MOTCUA_ASSIGN_OR_RETURN(const service::WriteOptions write,
                          WriteOptionsOf(request.write(), request));
  return call(caller, write);
}

}  // namespace

DossierServiceImpl::DossierServiceImpl(service::Application& app,
                                       WorkerPool& writers, WorkerPool* readers,
                                       WorkerPool& lookups,
                                       LookupAdmission& admission)
    : app_(app), writers_(writers), readers_(readers) {
  // The lookup's request is read by its own handler, once admitted.
  const google::protobuf::MethodDescriptor* lookup =
      v1::LookupDossierStatusRequest::descriptor()
          ->file()
          ->FindServiceByName("DossierService")
          ->FindMethodByName("LookupDossierStatus");
  MarkMethodStreamed(lookup->index(),
                     NewLookupHandler(app, lookups, admission));
}

grpc::ServerUnaryReactor* DossierServiceImpl::SubmitDossier(
    grpc::CallbackServerContext* context,
    const v1::SubmitDossierRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=] {
    return WithWrite(
        *context, app_, *request,
        [&](const core::Principal& caller,
            const service::WriteOptions& write) -> absl::Status {
          MOTCUA_ASSIGN_OR_RETURN(
              const service::DossierView view,
              app_.dossiers().Submit(
                  caller, {request->agency_code(), request->procedure_code(),
                           ApplicantFromProto(request->applicant()), write}));
          ToProto(view, response);
          return absl::OkStatus();
        });
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::ReceiveDossier(
    grpc::CallbackServerContext* context,
    const v1::ReceiveDossierRequest* request, v1::Receipt* response) {
  return RespondOnWorkers(context, writers_, [=] {
    return WithWrite(
        *context, app_, *request,
        [&](const core::Principal& caller,
            const service::WriteOptions& write) -> absl::Status {
          MOTCUA_ASSIGN_OR_RETURN(
              const service::Receipt receipt,
              app_.dossiers().Receive(
                  caller, {request->submitted_code(), request->agency_code(),
                           request->procedure_code(),
                           static_cast<core::Channel>(request->channel()),
                           ApplicantFromProto(request->applicant()), write}));
          ToProto(receipt.view, response->mutable_dossier());
          response->set_procedure_name(receipt.procedure_name);
          response->set_agency_name(receipt.agency_name);
          server::ToProto(receipt.due_date, response->mutable_due_date());
          response->set_due_date_provisional(receipt.due_date_provisional);
          return absl::OkStatus();
        });
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::ChangeDossierStatus(
    grpc::CallbackServerContext* context,
    const v1::ChangeDossierStatusRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=] {
    return WithWrite(
        *context, app_, *request,
        [&](const core::Principal& caller,
            const service::WriteOptions& write) -> absl::Status {
          absl::StatusOr<core::DossierStatus> to =
              core::StatusFromCode(request->status());
          if (!to.ok()) {
            return absl::InvalidArgumentError(
                absl::StrCat("status: ", to.status().message()));
          }
          MOTCUA_ASSIGN_OR_RETURN(
              const service::DossierView view,
              app_.dossiers().ChangeStatus(
                  caller, request->code(), *to,
                  static_cast<core::Outcome>(request->outcome()), write));
          ToProto(view, response);
          return absl::OkStatus();
        });
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::ApologizeForDossier(
    grpc::CallbackServerContext* context,
    const v1::ApologizeForDossierRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=] {
    return WithWrite(
        *context, app_, *request,
        [&](const core::Principal& caller,
            const service::WriteOptions& write) -> absl::Status {
          MOTCUA_ASSIGN_OR_RETURN(
              const std::optional<absl::Time> new_due,
              FromProto(request->new_due_at(), request->has_new_due_at(),
                        "new_due_at"));
          if (!new_due.has_value()) {
            return absl::InvalidArgumentError("new_due_at is required");
          }
          MOTCUA_ASSIGN_OR_RETURN(
              const service::DossierView view,
              app_.dossiers().Apologize(caller, request->code(), *new_due,
                                        write));
          ToProto(view, response);
          return absl::OkStatus();
        });
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::HandDossierToAgency(
    grpc::CallbackServerContext* context,
    const v1::HandDossierToAgencyRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=] {
    return WithWrite(
        *context, app_, *request,
        [&](const core::Principal& caller,
            const service::WriteOptions& write) -> absl::Status {
          MOTCUA_ASSIGN_OR_RETURN(const core::ProcessingTime allotted,
                                  FromProto(request->allotted(), "allotted"));
          MOTCUA_ASSIGN_OR_RETURN(const service::DossierView view,
                                  app_.dossiers().HandToAgency(
                                      caller, request->code(),
                                      request->agency_code(), allotted, write));
          ToProto(view, response);
          return absl::OkStatus();
        });
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::FinishDossierStep(
    grpc::CallbackServerContext* context,
    const v1::FinishDossierStepRequest* request, v1::Dossier* response) {
  return RespondOnWorkers(context, writers_, [=] {
    return WithWrite(
        *context, app_, *request,
        [&](const core::Principal& caller,
            const service::WriteOptions& write) -> absl::Status {
          MOTCUA_ASSIGN_OR_RETURN(
              const service::DossierView view,
              app_.dossiers().FinishStep(caller, request->code(), write));
          ToProto(view, response);
          return absl::OkStatus();
        });
  });
}

grpc::ServerUnaryReactor* DossierServiceImpl::GetDossier(
    grpc::CallbackServerContext* context, const v1::GetDossierRequest* request,
    v1::DossierWithHistory* response) {
  return RespondRead(context, app_, request, response, &server::GetDossier,
                     readers_);
}

grpc::ServerUnaryReactor* DossierServiceImpl::ListDossiers(
    grpc::CallbackServerContext* context,
    const v1::ListDossiersRequest* request,
    v1::ListDossiersResponse* response) {
  return RespondRead(context, app_, request, response, &server::ListDossiers,
                     readers_);
}

}  // namespace motcua::server
