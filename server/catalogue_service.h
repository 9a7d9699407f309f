// motcua.v1.CatalogueService over the store (callback API). Reads need any
// valid token; writes need ADMIN.
#pragma once

#include <functional>

#include "absl/time/time.h"
#include "motcua/v1/catalogue_service.grpc.pb.h"
#include "storage/store.h"

namespace motcua::server {

class CatalogueServiceImpl final
    : public v1::CatalogueService::CallbackService {
 public:
  CatalogueServiceImpl(storage::Store& store,
                       std::function<absl::Time()> clock);

  grpc::ServerUnaryReactor* PutUnit(grpc::CallbackServerContext* c,
                                    const v1::PutUnitRequest* r,
                                    v1::Unit* out) override;
  grpc::ServerUnaryReactor* GetUnit(grpc::CallbackServerContext* c,
                                    const v1::GetCatalogueEntryRequest* r,
                                    v1::Unit* out) override;
  grpc::ServerUnaryReactor* ListUnits(grpc::CallbackServerContext* c,
                                      const v1::ListCatalogueRequest* r,
                                      v1::ListUnitsResponse* out) override;
  grpc::ServerUnaryReactor* PutAgency(grpc::CallbackServerContext* c,
                                      const v1::PutAgencyRequest* r,
                                      v1::Agency* out) override;
  grpc::ServerUnaryReactor* GetAgency(grpc::CallbackServerContext* c,
                                      const v1::GetCatalogueEntryRequest* r,
                                      v1::Agency* out) override;
  grpc::ServerUnaryReactor* ListAgencies(
      grpc::CallbackServerContext* c, const v1::ListCatalogueRequest* r,
      v1::ListAgenciesResponse* out) override;
  grpc::ServerUnaryReactor* PutField(grpc::CallbackServerContext* c,
                                     const v1::PutFieldRequest* r,
                                     v1::Field* out) override;
  grpc::ServerUnaryReactor* ListFields(grpc::CallbackServerContext* c,
                                       const v1::ListCatalogueRequest* r,
                                       v1::ListFieldsResponse* out) override;
  grpc::ServerUnaryReactor* PutProcedure(grpc::CallbackServerContext* c,
                                         const v1::PutProcedureRequest* r,
                                         v1::Procedure* out) override;
  grpc::ServerUnaryReactor* GetProcedure(grpc::CallbackServerContext* c,
                                         const v1::GetCatalogueEntryRequest* r,
                                         v1::Procedure* out) override;
  grpc::ServerUnaryReactor* ListProcedures(
      grpc::CallbackServerContext* c, const v1::ListCatalogueRequest* r,
      v1::ListProceduresResponse* out) override;
  grpc::ServerUnaryReactor* ImportCatalogue(
      grpc::CallbackServerContext* c, const v1::ImportCatalogueRequest* r,
      v1::ImportCatalogueResponse* out) override;

 private:
  storage::Store& store_;
  std::function<absl::Time()> clock_;
};

}  // namespace motcua::server
