#include "server/lookup_call.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/support/server_callback.h"
#include "server/call_context.h"
#include "server/grpc_status.h"
#include "server/read_calls.h"
#include "service/log.h"

namespace motcua::server {
namespace {

using Request = v1::LookupDossierStatusRequest;
using Response = v1::PublicDossierStatus;

class LookupReactor final : public grpc::ServerBidiReactor<Request, Response> {
 public:
  LookupReactor(grpc::CallbackServerContext* context,
                service::Application& app, WorkerPool& lookups,
                LookupAdmission& admission)
      : context_(context),
        app_(app),
        lookups_(lookups),
        admission_(admission),
        address_(ClientAddressOf(*context)) {
    const absl::Status admitted = admission_.Enter(address_);
    if (!admitted.ok()) {
      service::LogLimited(
          service::LogLevel::kWarning, "lookup-rate",
          absl::StrCat("refused a lookup from ", address_, ": ",
                       admitted.message()));
      Finish(ToGrpcStatus(admitted));
      return;
    }
    admitted_ = true;
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(ToGrpcStatus(absl::InvalidArgumentError(
          "the call ended before its request message")));
      return;
    }
    const bool queued = lookups_.TrySubmit([this] {
      if (context_->IsCancelled()) {
        Finish(ToGrpcStatus(absl::CancelledError(
            "the call was cancelled or its deadline passed before it ran")));
        return;
      }
      const absl::Status status =
          LookupDossierStatus(app_, request_, address_, &response_);
      if (status.ok()) {
        StartWriteAndFinish(&response_, grpc::WriteOptions(),
                            grpc::Status::OK);
      } else {
        Finish(ToGrpcStatus(status));
      }
    });
    if (!queued) {
      Finish(ToGrpcStatus(absl::ResourceExhaustedError(absl::StrCat(
          "the server is answering its most lookups at once (",
          lookups_.max_queued(), " waiting); retry in a few seconds"))));
    }
  }

  void OnDone() override {
    if (admitted_) admission_.Leave(address_);
    delete this;
  }

 private:
  grpc::CallbackServerContext* const context_;
  service::Application& app_;
  WorkerPool& lookups_;
  LookupAdmission& admission_;
  const std::string address_;
  bool admitted_ = false;
  Request request_;
  Response response_;
};

}  // namespace

absl::Status LookupAdmission::Enter(const std::string& address) {
  absl::MutexLock lock(&mu_);
  if (in_progress_ >= total_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the server has its most public lookups in progress (",
                     total_, "); retry in a few seconds"));
  }
  int& mine = by_address_[address];
  if (mine >= per_address_) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "this address has its most public lookups in progress (",
        per_address_, "); wait for their answers"));
  }
  ++mine;
  ++in_progress_;
  return absl::OkStatus();
}

void LookupAdmission::Leave(const std::string& address) {
  absl::MutexLock lock(&mu_);
  --in_progress_;
  auto it = by_address_.find(address);
  if (it != by_address_.end() && --it->second <= 0) by_address_.erase(it);
}

grpc::internal::MethodHandler* NewLookupHandler(service::Application& app,
                                                WorkerPool& lookups,
                                                LookupAdmission& admission) {
  return new grpc::internal::CallbackBidiHandler<Request, Response>(
      [&app, &lookups, &admission](grpc::CallbackServerContext* context) {
        return new LookupReactor(context, app, lookups, admission);
      });
}

}  // namespace motcua::server
