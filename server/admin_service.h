// motcua.v1.AdminService: tokens and store verification. ADMIN only.
#pragma once

#include <functional>

#include "absl/time/time.h"
#include "motcua/v1/admin_service.grpc.pb.h"
#include "storage/store.h"

namespace motcua::server {

class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  AdminServiceImpl(storage::Store& store, std::function<absl::Time()> clock);

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

 private:
  storage::Store& store_;
  std::function<absl::Time()> clock_;
};

}  // namespace motcua::server
