#include "server/catalogue_service.h"

#include "core/status_macros.h"
#include "server/api_codec.h"
#include "server/call_context.h"
#include "server/read_calls.h"
#include "server/service_support.h"

namespace motcua::server {

grpc::ServerUnaryReactor* CatalogueServiceImpl::PutUnit(
    grpc::CallbackServerContext* c, const v1::PutUnitRequest* r,
    v1::Unit* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const core::Unit entry, FromProto(r->unit()));
    MOTCUA_ASSIGN_OR_RETURN(const core::Unit stored,
                            app_.catalogue().PutUnit(caller, entry));
    ToProto(stored, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::PutAgency(
    grpc::CallbackServerContext* c, const v1::PutAgencyRequest* r,
    v1::Agency* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const core::Agency entry, FromProto(r->agency()));
    MOTCUA_ASSIGN_OR_RETURN(const core::Agency stored,
                            app_.catalogue().PutAgency(caller, entry));
    ToProto(stored, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::PutField(
    grpc::CallbackServerContext* c, const v1::PutFieldRequest* r,
    v1::Field* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const core::Field entry, FromProto(r->field()));
    MOTCUA_ASSIGN_OR_RETURN(const core::Field stored,
                            app_.catalogue().PutField(caller, entry));
    ToProto(stored, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::PutProcedure(
    grpc::CallbackServerContext* c, const v1::PutProcedureRequest* r,
    v1::Procedure* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const core::Procedure entry,
                            FromProto(r->procedure()));
    MOTCUA_ASSIGN_OR_RETURN(const core::Procedure stored,
                            app_.catalogue().PutProcedure(caller, entry));
    ToProto(stored, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::GetUnit(
    grpc::CallbackServerContext* c, const v1::GetCatalogueEntryRequest* r,
    v1::Unit* out) {
  return RespondRead(c, app_, r, out, &server::GetUnit);
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::GetAgency(
    grpc::CallbackServerContext* c, const v1::GetCatalogueEntryRequest* r,
    v1::Agency* out) {
  return RespondRead(c, app_, r, out, &server::GetAgency);
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::GetProcedure(
    grpc::CallbackServerContext* c, const v1::GetCatalogueEntryRequest* r,
    v1::Procedure* out) {
  return RespondRead(c, app_, r, out, &server::GetProcedure);
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::ListUnits(
    grpc::CallbackServerContext* c, const v1::ListCatalogueRequest* r,
    v1::ListUnitsResponse* out) {
  return RespondRead(c, app_, r, out, &server::ListUnits);
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::ListAgencies(
    grpc::CallbackServerContext* c, const v1::ListCatalogueRequest* r,
    v1::ListAgenciesResponse* out) {
  return RespondRead(c, app_, r, out, &server::ListAgencies);
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::ListFields(
    grpc::CallbackServerContext* c, const v1::ListCatalogueRequest* r,
    v1::ListFieldsResponse* out) {
  return RespondRead(c, app_, r, out, &server::ListFields);
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::ListProcedures(
    grpc::CallbackServerContext* c, const v1::ListCatalogueRequest* r,
    v1::ListProceduresResponse* out) {
  return RespondRead(c, app_, r, out, &server::ListProcedures);
}

grpc::ServerUnaryReactor* CatalogueServiceImpl::ImportCatalogue(
    grpc::CallbackServerContext* c, const v1::ImportCatalogueRequest* r,
    v1::ImportCatalogueResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    // Entries that cannot be read are refused here, each on its own; the
    // rest go to the application, which refuses what the rules refuse.
    core::CatalogueEntries entries;
    struct Read {
      std::string kind;
      int wire_index;
    };
    std::vector<Read> unit_at, agency_at, field_at, procedure_at;
    auto read = [&](const auto& list, absl::string_view kind, auto& into,
                    std::vector<Read>& at) {
      for (int i = 0; i < list.size(); ++i) {
        auto entry = FromProto(list.Get(i));
        if (entry.ok()) {
          into.push_back(*std::move(entry));
          at.push_back({std::string(kind), i});
        } else {
          v1::ImportCatalogueResponse::Refusal* refusal = out->add_refused();
          refusal->set_kind(std::string(kind));
          refusal->set_index(i);
          refusal->set_reason(std::string(entry.status().message()));
        }
      }
    };
    read(r->units(), "unit", entries.units, unit_at);
    read(r->agencies(), "agency", entries.agencies, agency_at);
    read(r->fields(), "field", entries.fields, field_at);
    read(r->procedures(), "procedure", entries.procedures, procedure_at);
    MOTCUA_ASSIGN_OR_RETURN(const service::CatalogueImportResult result,
                            app_.catalogue().Import(caller, entries));
    for (const service::CatalogueRefusal& refused : result.refused) {
      const std::vector<Read>& at = refused.kind == "unit"     ? unit_at
                                    : refused.kind == "agency" ? agency_at
                                    : refused.kind == "field"  ? field_at
                                                               : procedure_at;
      v1::ImportCatalogueResponse::Refusal* refusal = out->add_refused();
      refusal->set_kind(refused.kind);
      refusal->set_index(at[refused.index].wire_index);
      refusal->set_reason(refused.reason);
    }
    out->set_stored(result.stored);
    return absl::OkStatus();
  });
}

}  // namespace motcua::server
