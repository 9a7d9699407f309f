#include "server/call_gate.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/text.h"
#include "grpc/grpc_security.h"
#include "server/grpc_status.h"
#include "service/log.h"

namespace motcua::server {
namespace {

// How long a token found valid passes the gate without reading the store
// again, and how many such tokens are remembered (a province has hundreds).
constexpr absl::Duration kKnownFor = absl::Seconds(10);
constexpr size_t kMaxKnown = 4096;
// Threads that ask the store about tokens the gate does not know, and how
// many such checks may wait for them.
constexpr int kCheckers = 2;
constexpr size_t kCheckQueue = 256;
// "Bearer " and a secret: far longer is not a token (and is not kept).
constexpr size_t kMaxAuthorization = 256;
constexpr absl::string_view kReflectionPrefix = "/grpc.reflection.";

absl::string_view View(const grpc_slice& slice) {
  return absl::string_view(
      reinterpret_cast<const char*>(GRPC_SLICE_START_PTR(slice)),
      GRPC_SLICE_LENGTH(slice));
}

// gRPC's auth metadata processor, in its C form: the C++ one cannot be set
// on plaintext credentials in gRPC 1.51. `done` may be called later, from
// another thread: gRPC keeps the call's headers until then.
void ProcessCall(void* state, grpc_auth_context* /*context*/,
                 const grpc_metadata* metadata, size_t count,
                 grpc_process_auth_metadata_done_cb done, void* user_data) {
  absl::string_view path;
  absl::string_view authorization;
  bool have_authorization = false;
  for (size_t i = 0; i < count; ++i) {
    const absl::string_view key = View(metadata[i].key);
    if (key == ":path") {
      path = View(metadata[i].value);
    } else if (key == "authorization" && !have_authorization) {
      authorization = View(metadata[i].value);
      have_authorization = true;
    }
  }
  static_cast<CallGate*>(state)->Admit(
      path, authorization, [done, user_data](const absl::Status& status) {
        if (status.ok()) {
          done(user_data, nullptr, 0, nullptr, 0, GRPC_STATUS_OK, nullptr);
          return;
        }
        const std::string message = BoundedStatusMessage(status.message());
        done(user_data, nullptr, 0, nullptr, 0,
             static_cast<grpc_status_code>(status.code()), message.c_str());
      });
}

class GatedServerCredentials final : public grpc::ServerCredentials {
 public:
  GatedServerCredentials(CallGate* gate, std::string cert, std::string key)
      : gate_(gate), cert_(std::move(cert)), key_(std::move(key)) {}

  // The gate is this object's processor; another cannot replace it.
  void SetAuthMetadataProcessor(
      const std::shared_ptr<grpc::AuthMetadataProcessor>&) override {}

 private:
  int AddPortToServer(const std::string& addr, grpc_server* server) override {
    grpc_server_credentials* credentials = nullptr;
    if (cert_.empty()) {
      credentials = grpc_insecure_server_credentials_create();
    } else {
      grpc_ssl_pem_key_cert_pair pair{key_.c_str(), cert_.c_str()};
      credentials = grpc_ssl_server_credentials_create_ex(
          nullptr, &pair, 1, GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE, nullptr);
    }
    if (credentials == nullptr) return 0;
    grpc_server_credentials_set_auth_metadata_processor(
        credentials, {&ProcessCall, nullptr, gate_});
    const int port =
        grpc_server_add_http2_port(server, addr.c_str(), credentials);
    grpc_server_credentials_release(credentials);
    return port;
  }

  CallGate* const gate_;
  const std::string cert_;
  const std::string key_;
};

}  // namespace

CallGate::CallGate(service::Application& app,
                   std::vector<std::string> public_paths, OnRefused on_refused)
    : app_(app),
      public_paths_(public_paths.begin(), public_paths.end()),
      on_refused_(std::move(on_refused)),
      checkers_(kCheckers, kCheckQueue) {}

void CallGate::Admit(absl::string_view path, absl::string_view authorization,
                     std::function<void(const absl::Status&)> done) {
  if (public_paths_.contains(path)) return done(absl::OkStatus());
  // Reflection has no handler of ours to check the token again.
  const bool authority = absl::StartsWith(path, kReflectionPrefix);
  if (!authority) {
    absl::MutexLock lock(&mu_);
    auto it = known_.find(authorization);
    if (it != known_.end() && it->second > absl::Now()) {
      return done(absl::OkStatus());
    }
  }
  // Refusals that need no store: answered on gRPC's thread.
  if (!absl::StartsWith(authorization, "Bearer ")) {  // no store read
    return done(Refused(path, app_.Authenticate(authorization).status()));
  }
  if (authorization.size() > kMaxAuthorization) {
    return done(
        Refused(path, absl::UnauthenticatedError("the token is not known")));
  }
  const bool queued = checkers_.TrySubmit(
      [this, path = std::string(path),
       authorization = std::string(authorization),
       done = std::move(done)] { done(Check(path, authorization)); });
  if (!queued) {
    done(Refused(path, absl::UnavailableError(
                           "the server is checking too many tokens at once; "
                           "retry in a moment")));
  }
}

absl::Status CallGate::Check(absl::string_view path,
                             const std::string& authorization) {
  absl::Status status = app_.Authenticate(authorization).status();
  if (!status.ok()) return Refused(path, std::move(status));
  absl::MutexLock lock(&mu_);
  // Expired entries go all at once when the table is full: simpler than
  // an LRU, and a full table only costs one store read per token.
  if (known_.size() >= kMaxKnown) known_.clear();
  known_[authorization] = absl::Now() + kKnownFor;
  return status;
}

absl::Status CallGate::Refused(absl::string_view path, absl::Status status) {
  service::LogLimited(service::LogLevel::kWarning, "refused",
                      absl::StrCat("refused a call to ", core::Quote(path),
                                   " before reading its body: ",
                                   absl::StatusCodeToString(status.code()),
                                   ": ", status.message()));
  if (on_refused_) on_refused_(path, status);
  return status;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> GatedCredentials(
    CallGate* gate, const std::string& tls_cert_pem,
    const std::string& tls_key_pem) {
  if (tls_cert_pem.empty() != tls_key_pem.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs both a certificate and its key");
  }
  return std::make_shared<GatedServerCredentials>(gate, tls_cert_pem,
                                                  tls_key_pem);
}

}  // namespace motcua::server
