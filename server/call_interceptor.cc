#include "server/call_interceptor.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/clock.h"
#include "google/protobuf/message_lite.h"
#include "grpcpp/support/byte_buffer.h"
#include "server/call_context.h"

namespace motcua::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallInterceptor : public grpc::experimental::Interceptor {
 public:
  CallInterceptor(grpc::experimental::ServerRpcInfo* info,
                  const Metrics* metrics, AccessLog* access_log)
      : context_(info->server_context()),
        path_(info->method()),
        method_(metrics->FindMethod(path_)),
        access_log_(access_log),
        start_(absl::Now()) {
    if (method_ != nullptr) {
      method_->started->Increment();
      if (method_->protobuf_requests) bytes_in_ = 0;
    }
    OpenCallRecord(context_);
  }

  ~CallInterceptor() override {
    // A call torn down without a status sent (its client went away first).
    if (!finished_) Finish(grpc::StatusCode::CANCELLED);
    CloseCallRecord(context_);
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        bytes_in_.has_value()) {
      // Safe only for generated messages (protobuf_requests): the pointer
      // is the handler's request object. Null when nothing was received.
      if (const void* message = methods->GetRecvMessage()) {
        *bytes_in_ += static_cast<int64_t>(
            static_cast<const google::protobuf::MessageLite*>(message)
                ->ByteSizeLong());
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      if (const grpc::ByteBuffer* sent = methods->GetSerializedSendMessage()) {
        bytes_out_ += static_cast<int64_t>(sent->Length());
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS) &&
        !finished_) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code) {
    finished_ = true;
    const absl::Time end = absl::Now();
    const absl::Duration latency = end - start_;
    if (method_ != nullptr) {
      const int i = static_cast<int>(code);
      if (i >= 0 && i < 17)
        method_->handled[static_cast<size_t>(i)]->Increment();
      method_->handling_seconds->Observe(absl::ToDoubleSeconds(latency));
    }
    if (access_log_ != nullptr) {
      const std::string principal = NotedCaller(context_);
      AccessRecord r;
      r.at = end;
      r.method = path_;
      r.principal = principal;
      r.code = StatusCodeName(code);
      r.latency = latency;
      r.bytes_in = bytes_in_;
      r.bytes_out = bytes_out_;
      access_log_->Write(r);
    }
  }

  const grpc::ServerContextBase* const context_;
  const std::string path_;
  const RpcMethodMetrics* const method_;  // null: an undeclared method
  AccessLog* const access_log_;
  const absl::Time start_;
  std::optional<int64_t> bytes_in_;  // unset: sizes not known
  int64_t bytes_out_ = 0;
  bool finished_ = false;
};

}  // namespace

grpc::experimental::Interceptor*
CallInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallInterceptor(info, metrics_, access_log_);
}

}  // namespace motcua::server
