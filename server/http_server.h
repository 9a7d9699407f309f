// The server's HTTP listener (cpp-httplib): /metrics and the web dashboard
// (server/web_api.h). It owns the httplib server and the thread that runs
// it; other parts register their handlers before it starts. HTTPS with the
// gRPC listener's certificate when given one; App refuses plain HTTP beyond
// loopback without --allow_insecure.
//
// Every answer carries the dashboard's security headers: a
// Content-Security-Policy allowing only the origin's own scripts, styles and
// requests (no inline script, no framing), nosniff, no referrer, and
// Cache-Control: no-store (a handler may relax it for public files).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace httplib {
struct Request;
struct Response;
class Server;
}  // namespace httplib

namespace motcua::server {

class HttpServer {
 public:
  using Handler =
      std::function<void(const httplib::Request&, httplib::Response&)>;

  // Plain HTTP when `tls_cert` is empty, else HTTPS with the PEM
  // certificate chain `tls_cert` and key `tls_key` (FailedPrecondition when
  // they cannot be loaded). Requests are read within 5 s, bodies are at most
  // 64 KiB, and a few threads serve them (scrapes and dashboards are light).
  static absl::StatusOr<std::unique_ptr<HttpServer>> Create(
      const std::string& tls_cert = "", const std::string& tls_key = "");
  // Stops serving (Stop()).
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves requests of the method whose path matches `pattern` (a regular
  // expression, as httplib matches it) with `handler`, which may run on
  // several threads at once. Only before Start.
  void Get(const std::string& pattern, Handler handler);
  void Post(const std::string& pattern, Handler handler);
  void Delete(const std::string& pattern, Handler handler);

  // Whether it answers over TLS (cookies are then marked Secure).
  bool tls() const { return tls_; }

  // Binds `listen` ("host:port"; port 0 picks a free port; "[::1]:port" for
  // IPv6) and serves on a thread of its own. Unavailable when it cannot
  // bind.
  absl::Status Start(const std::string& listen);
  // The address bound ("host:port", the port chosen when 0 was asked).
  const std::string& address() const { return address_; }
  // Stops accepting requests, finishes those in progress, joins the thread.
  void Stop();

 private:
  HttpServer(std::unique_ptr<httplib::Server> server, bool tls);

  std::unique_ptr<httplib::Server> server_;
  bool tls_ = false;
  std::thread thread_;
  std::string address_;
};

}  // namespace motcua::server
