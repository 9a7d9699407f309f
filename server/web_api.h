// The dashboard's JSON API on the HTTP listener, under /api/v1/:
//
//   POST   /api/v1/session     {"token": "..."} signs in: answers who the
//                              token is (a Token message without id) and
//                              sets the session cookie
//   GET    /api/v1/session     who the session (or bearer token) is
//   DELETE /api/v1/session     signs out: the session ends
//   POST   /api/v1/{Service}/{Method}   a read call of motcua.v1, its
//                              request message in protobuf's JSON mapping
//                              as the body, its response message answered
//                              (StatisticsService/GetReport, ...)
//
// Read calls are POSTs so that a request (an identity number, a token) never
// sits in a URL, and every request with a body takes one decoding. They
// answer through server/read_calls.h, as the gRPC handlers do, so both
// transports give the same answers; refusals are server/http_status.h's.
//
// Callers: `Authorization: Bearer <secret>` (scripts), or the session
// cookie (HttpOnly, SameSite=Strict, Secure under TLS; its value stands
// for the token in service::Sessions). Against cross-site requests, besides
// SameSite=Strict, every POST and DELETE must be Content-Type
// application/json, which a cross-site form cannot send. The public lookup
// (DossierService/LookupDossierStatus) needs no caller and is under the
// lookup's rate limit, keyed by the client's address as the gRPC call is.
#pragma once

#include "server/access_log.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "service/application.h"
#include "service/sessions.h"

namespace motcua::server {

// The session cookie's name.
inline constexpr const char* kSessionCookie = "motcua_session";

// What the API answers with, and what it reports to. All must outlive the
// listener.
struct WebApiParts {
  service::Application* app = nullptr;
  service::Sessions* sessions = nullptr;
  AccessLog* access_log = nullptr;  // nullptr: none; a line per request
  Metrics* metrics = nullptr;       // nullptr: none; counts by route, status
};

// Registers the API on `http` (before it starts).
void AddWebApi(HttpServer& http, const WebApiParts& parts);

}  // namespace motcua::server
