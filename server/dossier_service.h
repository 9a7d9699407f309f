// motcua.v1.DossierService over the store (callback API).
#pragma once

#include <functional>

#include "absl/time/time.h"
#include "motcua/v1/dossier_service.grpc.pb.h"
#include "server/call_context.h"
#include "server/domain_state.h"
#include "server/worker_pool.h"
#include "storage/store.h"

namespace motcua::server {

class DossierServiceImpl final : public v1::DossierService::CallbackService {
 public:
  // Writes run on `writers` (see RespondOnWorkers); reads run inline.
  DossierServiceImpl(storage::Store& store, DomainState& domain,
                     TimePolicy policy, std::function<absl::Time()> clock,
                     WorkerPool& writers);

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
  grpc::ServerUnaryReactor* LookupDossierStatus(
      grpc::CallbackServerContext* context,
      const v1::LookupDossierStatusRequest* request,
      v1::PublicDossierStatus* response) override;

 private:
  // Imports one past history (dossier_import.cc); the result says whether
  // it was imported, already there, or refused and why.
  v1::ImportDossiersResponse::Result ImportOne(
      const core::Principal& caller, const Domain& domain,
      const v1::HistoricalDossier& wire);
  // The start every write shares: the authenticated caller, the write
  // options validated, the request's idempotency key and, for a retry of a
  // write already applied, the first answer (AIP-155); otherwise the
  // instant the write's event happened.
  struct WriteCall {
    core::Principal caller;
    storage::RequestKey key;
    std::optional<storage::DossierWrite> replayed;
    absl::Time at;  // set when not replayed
  };
  absl::StatusOr<WriteCall> BeginWrite(
      const grpc::CallbackServerContext& context, absl::string_view method,
      const google::protobuf::Message& request, const v1::WriteOptions& write);
  // Applies the change `build` returns to dossier `code`, after `allowed`
  // (default: may write it) passes for the caller, and answers with the
  // dossier.
  absl::Status Update(
      const grpc::CallbackServerContext& context, absl::string_view method,
      const google::protobuf::Message& request, const v1::WriteOptions& write,
      const std::string& code,
      const std::function<absl::StatusOr<core::DossierChange>(
          const Domain&, const core::Dossier&, absl::Time at,
          const core::Actor&)>& build,
      v1::Dossier* response,
      absl::Status (*allowed)(const core::Principal&,
                              const core::Dossier&) = core::CheckCanWriteDossier);
  absl::Status DoReceive(const grpc::CallbackServerContext& context,
                         const v1::ReceiveDossierRequest& request,
                         v1::Receipt* response);
  absl::Status DoSubmit(const grpc::CallbackServerContext& context,
                        const v1::SubmitDossierRequest& request,
                        v1::Dossier* response);
  absl::Status DoList(const grpc::CallbackServerContext& context,
                      const v1::ListDossiersRequest& request,
                      v1::ListDossiersResponse* response);

  storage::Store& store_;
  DomainState& domain_;
  WorkerPool& writers_;
  TimePolicy policy_;
  std::function<absl::Time()> clock_;
};

}  // namespace motcua::server
