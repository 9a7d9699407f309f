#include "server/admin_service.h"

#include "core/status_macros.h"
#include "server/api_codec.h"
#include "server/call_context.h"
#include "server/service_support.h"

namespace motcua::server {
namespace {

void ToProto(const storage::StoredToken& t, v1::Token* out) {
  server::ToProto(t.principal, out);
  out->set_id(t.id);
  server::ToProto(t.created_at, out->mutable_created_at());
  if (t.revoked_at) server::ToProto(*t.revoked_at, out->mutable_revoked_at());
}

void ToProto(const storage::BackupInfo& b, v1::Backup* out) {
  out->set_id(b.id);
  server::ToProto(b.created_at, out->mutable_created_at());
  out->set_size_bytes(b.size_bytes);
  out->set_file_count(b.file_count);
}

// The principal a CreateTokenRequest describes, as given (the application
// validates it per role).
absl::StatusOr<core::Principal> PrincipalOf(const v1::CreateTokenRequest& r) {
  core::Principal p;
  p.name = r.principal();
  p.role = static_cast<core::Role>(r.role());
  p.agency_codes.assign(r.agency_codes().begin(), r.agency_codes().end());
  if (r.role() == v1::Token::VIEWER || r.role() == v1::Token::BATCH) {
    MOTCUA_ASSIGN_OR_RETURN(p.unit, FromProto(r.unit(), "unit"));
  }
  return p;
}

}  // namespace

grpc::ServerUnaryReactor* AdminServiceImpl::CreateToken(
    grpc::CallbackServerContext* c, const v1::CreateTokenRequest* r,
    v1::CreateTokenResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal principal, PrincipalOf(*r));
    MOTCUA_ASSIGN_OR_RETURN(const service::CreatedToken token,
                            app_.admin().CreateToken(caller, principal));
    ToProto(token.token, out->mutable_token());
    out->set_secret(token.secret);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListTokens(
    grpc::CallbackServerContext* c, const v1::ListTokensRequest*,
    v1::ListTokensResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<storage::StoredToken> tokens,
                            app_.admin().ListTokens(caller));
    for (const storage::StoredToken& t : tokens) ToProto(t, out->add_tokens());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::RevokeToken(
    grpc::CallbackServerContext* c, const v1::RevokeTokenRequest* r,
    v1::Token* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const storage::StoredToken token,
                            app_.admin().RevokeToken(caller, r->id()));
    ToProto(token, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::VerifyStore(
    grpc::CallbackServerContext* c, const v1::VerifyStoreRequest* r,
    v1::VerifyStoreResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const storage::VerifyReport report,
                            app_.admin().Verify(caller, r->repair()));
    out->set_dossiers_checked(report.dossiers_checked);
    out->set_counter_differences(report.counter_difference_count);
    out->set_index_differences(report.index_difference_count);
    out->set_history_differences(report.history_difference_count);
    out->set_sequence_differences(report.sequence_difference_count);
    for (const auto* list :
         {&report.counter_differences, &report.index_differences,
          &report.history_differences, &report.sequence_differences}) {
      for (const std::string& d : *list) {
        if (out->examples_size() < 20) out->add_examples(d);
      }
    }
    out->set_repaired(report.repaired);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::BackupStore(
    grpc::CallbackServerContext* c, const v1::BackupStoreRequest* r,
    v1::BackupStoreResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const storage::NewBackup made,
                            app_.admin().Backup(caller, r->folder()));
    ToProto(made.backup, out->mutable_backup());
    out->set_added_bytes(made.added_bytes);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListBackups(
    grpc::CallbackServerContext* c, const v1::ListBackupsRequest* r,
    v1::ListBackupsResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<storage::BackupInfo> backups,
                            app_.admin().ListBackups(caller, r->folder()));
    for (const storage::BackupInfo& b : backups) ToProto(b, out->add_backups());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::PruneBackups(
    grpc::CallbackServerContext* c, const v1::PruneBackupsRequest* r,
    v1::PruneBackupsResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(
        const storage::PrunedBackups pruned,
        app_.admin().PruneBackups(caller, r->folder(), r->keep()));
    for (int64_t id : pruned.deleted_ids) out->add_deleted_ids(id);
    for (const storage::BackupInfo& b : pruned.kept)
      ToProto(b, out->add_kept());
    return absl::OkStatus();
  });
}

}  // namespace motcua::server
