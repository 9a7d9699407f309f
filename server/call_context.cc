#include "server/call_context.h"

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/synchronization/mutex.h"
#include "core/status_macros.h"
#include "server/api_codec.h"

namespace motcua::server {
namespace {

// Principal names of the calls in flight, by their context. Held a few
// instructions per call; striped so that 64 write threads rarely meet.
class CallRecords {
 public:
  void Open(const grpc::ServerContextBase* c) {
    Stripe& s = StripeOf(c);
    absl::MutexLock lock(&s.mu);
    s.callers.try_emplace(c);
  }
  void Note(const grpc::ServerContextBase* c, const std::string& name) {
    Stripe& s = StripeOf(c);
    absl::MutexLock lock(&s.mu);
    auto it = s.callers.find(c);
    if (it != s.callers.end()) it->second = name;
  }
  std::string Noted(const grpc::ServerContextBase* c) {
    Stripe& s = StripeOf(c);
    absl::MutexLock lock(&s.mu);
    auto it = s.callers.find(c);
    return it == s.callers.end() ? std::string() : it->second;
  }
  void Close(const grpc::ServerContextBase* c) {
    Stripe& s = StripeOf(c);
    absl::MutexLock lock(&s.mu);
    s.callers.erase(c);
  }

 private:
  struct Stripe {
    absl::Mutex mu;
    absl::flat_hash_map<const grpc::ServerContextBase*, std::string> callers
        ABSL_GUARDED_BY(mu);
  };
  static constexpr size_t kStripes = 16;
  Stripe& StripeOf(const grpc::ServerContextBase* c) {
    return stripes_[absl::HashOf(c) % kStripes];
  }
  Stripe stripes_[kStripes];
};

CallRecords& Records() {
  static CallRecords* records = new CallRecords();  // never destroyed
  return *records;
}

}  // namespace

void OpenCallRecord(const grpc::ServerContextBase* context) {
  Records().Open(context);
}

std::string NotedCaller(const grpc::ServerContextBase* context) {
  return Records().Noted(context);
}

void CloseCallRecord(const grpc::ServerContextBase* context) {
  Records().Close(context);
}

absl::StatusOr<core::Principal> CallerOf(
    const grpc::CallbackServerContext& context, service::Application& app) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  absl::string_view header;
  if (it != metadata.end()) {
    header = absl::string_view(it->second.data(), it->second.size());
  }
  absl::StatusOr<core::Principal> principal = app.Authenticate(header);
  if (principal.ok()) Records().Note(&context, principal->name);
  return principal;
}

std::string ClientAddressOf(const grpc::CallbackServerContext& context) {
  std::string peer = context.peer();
  // "ipv4:1.2.3.4:5678", "ipv6:[::1]:5678": the port changes per connection.
  const size_t colon = peer.rfind(':');
  const size_t bracket = peer.rfind(']');
  if (colon != std::string::npos && colon > peer.find(':') &&
      (bracket == std::string::npos || colon > bracket)) {
    peer.resize(colon);
  }
  return peer;
}

absl::StatusOr<service::WriteOptions> WriteOptionsOf(
    const v1::WriteOptions& write, const google::protobuf::Message& request) {
  service::WriteOptions out;
  out.request_id = write.request_id();
  out.note = write.note();
  MOTCUA_ASSIGN_OR_RETURN(
      out.occurred_at, FromProto(write.occurred_at(), write.has_occurred_at(),
                                 "write.occurred_at"));
  if (!out.request_id.empty()) out.request_bytes = request.SerializeAsString();
  return out;
}

}  // namespace motcua::server
