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

// Counts a call's end in its method's series (when declared) and writes its
// access-log line (when there is a log).
void RecordCall(const RpcMethodMetrics* method, AccessLog* access_log,
                absl::string_view path, const std::string& principal,
                grpc::StatusCode code, absl::Duration latency,
                std::optional<int64_t> bytes_in, int64_t bytes_out) {
  if (method != nullptr) {
    const int i = static_cast<int>(code);
    if (i >= 0 && i < 17) method->handled[static_cast<size_t>(i)]->Increment();
    method->handling_seconds->Observe(absl::ToDoubleSeconds(latency));
  }
  if (access_log != nullptr) {
    AccessRecord r;
    r.at = absl::Now();
    r.method = path;
    r.principal = principal;
    r.code = StatusCodeName(code);
    r.latency = latency;
    r.bytes_in = bytes_in;
    r.bytes_out = bytes_out;
    access_log->Write(r);
  }
}

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
    RecordCall(method_, access_log_, path_, NotedCaller(context_), code,
               absl::Now() - start_, bytes_in_, bytes_out_);
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

void RecordRefusedCall(const Metrics& metrics, AccessLog* access_log,
                       absl::string_view path, grpc::StatusCode code) {
  const RpcMethodMetrics* method = metrics.FindMethod(path);
  if (method != nullptr) method->started->Increment();
  // A path no method has is the caller's text: not written to the log.
  RecordCall(method, access_log, method != nullptr ? path : "(unknown)", "",
             code, absl::ZeroDuration(), std::nullopt, 0);
}

}  // namespace motcua::server
