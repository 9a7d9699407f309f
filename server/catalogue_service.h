// motcua.v1.CatalogueService: each handler authenticates, decodes, calls
// service::Catalogue and encodes (callback API). Reads need any valid
// token; writes need ADMIN.
#pragma once

#include "motcua/v1/catalogue_service.grpc.pb.h"
#include "service/application.h"

namespace motcua::server {

class CatalogueServiceImpl final
    : public v1::CatalogueService::CallbackService {
 public:
  explicit CatalogueServiceImpl(service::Application& app) : app_(app) {}

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
  service::Application& app_;
};

}  // namespace motcua::server
