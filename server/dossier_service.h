// motcua.v1.DossierService: each handler authenticates, decodes, calls
// service::Dossiers and encodes (callback API).
#pragma once

#include "motcua/v1/dossier_service.grpc.pb.h"
#include "server/lookup_call.h"
#include "server/worker_pool.h"
#include "service/application.h"

namespace motcua::server {

class DossierServiceImpl final : public v1::DossierService::CallbackService {
 public:
  // Writes run on `writers` (see RespondOnWorkers); reads on `readers`,
  // or inline when it is null (RespondRead); the public lookup is admitted
  // by `admission` before its request is read, then answered on `lookups`
  // (server/lookup_call.h).
  DossierServiceImpl(service::Application& app, WorkerPool& writers,
                     WorkerPool* readers, WorkerPool& lookups,
                     LookupAdmission& admission);

  grpc::ServerUnaryReactor* SubmitDossier(
      grpc::CallbackServerContext* context,
      const v1::SubmitDossierRequest* request, v1::Dossier* response) override;
  grpc::ServerUnaryReactor* ReceiveDossier(
      grpc::CallbackServerContext* context,
      const v1::ReceiveDossierRequest* request, v1::Receipt* response) override;
  grpc::ServerUnaryReactor* ChangeDossierStatus(
      grpc::CallbackServerContext* context,
      const v1::ChangeDossierStatusRequest* request,
      v1::Dossier* response) override;
  grpc::ServerUnaryReactor* ApologizeForDossier(
      grpc::CallbackServerContext* context,
      const v1::ApologizeForDossierRequest* request,
      v1::Dossier* response) override;
  grpc::ServerUnaryReactor* HandDossierToAgency(
      grpc::CallbackServerContext* context,
      const v1::HandDossierToAgencyRequest* request,
      v1::Dossier* response) override;
  grpc::ServerUnaryReactor* FinishDossierStep(
      grpc::CallbackServerContext* context,
      const v1::FinishDossierStepRequest* request,
      v1::Dossier* response) override;
  grpc::ServerUnaryReactor* GetDossier(
      grpc::CallbackServerContext* context,
      const v1::GetDossierRequest* request,
      v1::DossierWithHistory* response) override;
  grpc::ServerUnaryReactor* ListDossiers(
      grpc::CallbackServerContext* context,
      const v1::ListDossiersRequest* request,
      v1::ListDossiersResponse* response) override;
  grpc::ServerUnaryReactor* ImportDossiers(
      grpc::CallbackServerContext* context,
      const v1::ImportDossiersRequest* request,
      v1::ImportDossiersResponse* response) override;

 private:
  service::Application& app_;
  WorkerPool& writers_;
  WorkerPool* const readers_;
};

}  // namespace motcua::server
