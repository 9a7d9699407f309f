// The server's HTTP listener (cpp-httplib): /metrics today, the web
// dashboard later. It owns the httplib server and the thread that runs it;
// other parts register their handlers before it starts. Plain HTTP only:
// App refuses to start it beyond loopback without --allow_insecure.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"

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

  // Requests are read within 5 s, bodies are at most 64 KiB, and a few
  // threads serve them (scrapes and dashboards are light and rare).
  HttpServer();
  // Stops serving (Stop()).
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves GET requests whose path matches `pattern` (a regular expression,
  // as httplib matches it) with `handler`, which may run on several threads
  // at once. Only before Start.
  void Get(const std::string& pattern, Handler handler);

  // Binds `listen` ("host:port"; port 0 picks a free port; "[::1]:port" for
  // IPv6) and serves on a thread of its own. Unavailable when it cannot
  // bind.
  absl::Status Start(const std::string& listen);
  // The address bound ("host:port", the port chosen when 0 was asked).
  const std::string& address() const { return address_; }
  // Stops accepting requests, finishes those in progress, joins the thread.
  void Stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::string address_;
};

}  // namespace motcua::server
