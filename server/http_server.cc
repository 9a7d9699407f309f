#include "server/http_server.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "httplib.h"

namespace motcua::server {

namespace {

// Scripts, styles, images and requests from the page's own origin only;
// no inline script or style, no plugins, never inside a frame.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Create(
    const std::string& tls_cert, const std::string& tls_key) {
  if (tls_cert.empty()) {
    return std::unique_ptr<HttpServer>(
        new HttpServer(std::make_unique<httplib::Server>(), false));
  }
  auto server =
      std::make_unique<httplib::SSLServer>(tls_cert.c_str(), tls_key.c_str());
  if (!server->is_valid()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot serve HTTPS with certificate ", tls_cert,
                     " and key ", tls_key));
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(server), true));
}

HttpServer::HttpServer(std::unique_ptr<httplib::Server> server, bool tls)
    : server_(std::move(server)), tls_(tls) {
  server_->set_default_headers({
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
  });
  server_->new_task_queue = [] { return new httplib::ThreadPool(4); };
  server_->set_read_timeout(5, 0);
  server_->set_write_timeout(5, 0);
  server_->set_payload_max_length(64 << 10);
  server_->set_keep_alive_max_count(100);
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Get(const std::string& pattern, Handler handler) {
  server_->Get(pattern, std::move(handler));
}

void HttpServer::Post(const std::string& pattern, Handler handler) {
  server_->Post(pattern, std::move(handler));
}

void HttpServer::Delete(const std::string& pattern, Handler handler) {
  server_->Delete(pattern, std::move(handler));
}

absl::Status HttpServer::Start(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("http address ", listen, " is not host:port"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (port == 0) {
    port = server_->bind_to_any_port(host);
  } else if (!server_->bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for HTTP on ", listen));
  }
  address_ = absl::StrCat(listen.substr(0, colon), ":", port);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() only takes effect once the loop runs: wait for it, so that a
  // Stop right after Start cannot leave the thread serving for ever.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (!server_->is_running() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  if (!server_->is_running()) {
    return absl::UnavailableError(
        absl::StrCat("the HTTP listener on ", address_, " did not start"));
  }
  return absl::OkStatus();
}

void HttpServer::Stop() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

}  // namespace motcua::server
