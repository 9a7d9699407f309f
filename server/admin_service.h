// motcua.v1.AdminService: tokens, store verification and online backups.
// ADMIN only.
#pragma once

#include "motcua/v1/admin_service.grpc.pb.h"
#include "service/application.h"

namespace motcua::server {

class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  explicit AdminServiceImpl(service::Application& app) : app_(app) {}

  grpc::ServerUnaryReactor* CreateToken(grpc::CallbackServerContext* c,
                                        const v1::CreateTokenRequest* r,
                                        v1::CreateTokenResponse* out) override;
  grpc::ServerUnaryReactor* ListTokens(grpc::CallbackServerContext* c,
                                       const v1::ListTokensRequest* r,
                                       v1::ListTokensResponse* out) override;
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* c,
                                        const v1::RevokeTokenRequest* r,
                                        v1::Token* out) override;
  grpc::ServerUnaryReactor* VerifyStore(grpc::CallbackServerContext* c,
                                        const v1::VerifyStoreRequest* r,
                                        v1::VerifyStoreResponse* out) override;
  grpc::ServerUnaryReactor* BackupStore(grpc::CallbackServerContext* c,
                                        const v1::BackupStoreRequest* r,
                                        v1::BackupStoreResponse* out) override;
  grpc::ServerUnaryReactor* ListBackups(grpc::CallbackServerContext* c,
                                        const v1::ListBackupsRequest* r,
                                        v1::ListBackupsResponse* out) override;
  grpc::ServerUnaryReactor* PruneBackups(
      grpc::CallbackServerContext* c, const v1::PruneBackupsRequest* r,
      v1::PruneBackupsResponse* out) override;

 private:
  service::Application& app_;
};

}  // namespace motcua::server
