#include "server/web_api.h"

#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "core/status_macros.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "httplib.h"
#include "server/api_codec.h"
#include "server/http_status.h"
#include "server/read_calls.h"

namespace motcua::server {
namespace {

constexpr absl::string_view kBearer = "Bearer ";

void Answer(httplib::Response& response, const absl::Status& status,
            const google::protobuf::Message* message) {
  if (!status.ok()) {
    response.status = HttpStatusOf(status.code());
    response.set_content(ErrorJson(status), "application/json");
    return;
  }
  google::protobuf::util::JsonPrintOptions options;
  // Zero counts are figures too: a page should not have to guess them.
  options.always_print_primitive_fields = true;
  std::string json;
  const auto printed =
      google::protobuf::util::MessageToJsonString(*message, &json, options);
  if (!printed.ok()) {
    Answer(response,
           absl::InternalError(absl::StrCat("cannot print the answer: ",
                                            printed.message().as_string())),
           nullptr);
    return;
  }
  response.status = 200;
  response.set_content(json, "application/json");
}

// Cross-site forms can send only form and text bodies: insisting on JSON
// refuses them before anything else is read.
absl::Status CheckJson(const httplib::Request& request) {
  const std::string type =
      absl::AsciiStrToLower(request.get_header_value("Content-Type"));
  if (type == "application/json" ||
      absl::StartsWith(type, "application/json;")) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat(request.method, " ", request.path,
                   ": the body must be Content-Type application/json (got \"",
                   type.substr(0, 100), "\")"));
}

absl::Status Decode(const httplib::Request& request,
                    google::protobuf::Message* message) {
  const std::string& body = request.body.empty() ? "{}" : request.body;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      body, message, google::protobuf::util::JsonParseOptions());
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("request body is not a ", message->GetTypeName(),
                     " in JSON: ", parsed.message().as_string()));
  }
  return absl::OkStatus();
}

// The value of cookie `name`, or "".
std::string CookieOf(const httplib::Request& request, absl::string_view name) {
  for (absl::string_view part :
       absl::StrSplit(request.get_header_value("Cookie"), ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, name) && absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

// "Bearer <secret>" from what a person pasted, with or without "Bearer ".
std::string AuthorizationOf(absl::string_view token) {
  token = absl::StripAsciiWhitespace(token);
  if (absl::StartsWith(token, kBearer)) return std::string(token);
  return absl::StrCat(kBearer, token);
}

// The client's address as gRPC names a peer ("ipv4:192.0.2.7",
// "ipv6:[::1]"), so that one client's lookups share one budget over both
// transports.
std::string ClientAddress(const httplib::Request& request) {
  if (request.remote_addr.find(':') != std::string::npos) {
    return absl::StrCat("ipv6:[", request.remote_addr, "]");
  }
  return absl::StrCat("ipv4:", request.remote_addr);
}

class WebApi : public std::enable_shared_from_this<WebApi> {
 public:
  WebApi(const WebApiParts& parts, bool tls)
      : app_(*parts.app),
        sessions_(*parts.sessions),
        access_log_(parts.access_log),
        metrics_(parts.metrics),
        tls_(tls) {}

  // The caller: the Authorization header when there is one, else the
  // session cookie's token. Authenticated again on every request.
  absl::StatusOr<core::Principal> CallerOf(const httplib::Request& request) {
    if (request.has_header("Authorization")) {
      return app_.Authenticate(request.get_header_value("Authorization"));
    }
    const std::string session = CookieOf(request, kSessionCookie);
    if (session.empty()) {
      return absl::UnauthenticatedError(
          "sign in first: no session cookie and no Authorization header");
    }
    std::optional<std::string> token = sessions_.TokenOf(session);
    if (!token) {
      return absl::UnauthenticatedError(
          "the session has ended (signed out, idle or expired): sign in "
          "again");
    }
    return app_.Authenticate(*token);
  }

  void SignIn(const httplib::Request& request, httplib::Response& response) {
    const absl::Time start = absl::Now();
    v1::Token who;
    const absl::Status status = StartSession(request, response, &who);
    Finish(request, response, start, who.principal(), status, &who);
  }

  void WhoAmI(const httplib::Request& request, httplib::Response& response) {
    const absl::Time start = absl::Now();
    v1::Token who;
    absl::StatusOr<core::Principal> caller = CallerOf(request);
    if (caller.ok()) ToProto(*caller, &who);
    Finish(request, response, start, who.principal(), caller.status(), &who);
  }

  void SignOut(const httplib::Request& request, httplib::Response& response) {
    const absl::Time start = absl::Now();
    google::protobuf::Struct empty;
    const absl::Status json = CheckJson(request);
    if (json.ok()) {
      sessions_.End(CookieOf(request, kSessionCookie));
      response.set_header("Set-Cookie", SessionCookie("", 0));
    }
    Finish(request, response, start, "", json, &empty);
  }

  // A read call: JSON check, caller, request, `call`, answer.
  template <typename Request, typename Response>
  void Read(const httplib::Request& http_request, httplib::Response& response,
            absl::Status (*call)(service::Application&, const core::Principal&,
                                 const Request&, Response*)) {
    const absl::Time start = absl::Now();
    Response out;
    std::string principal;
    const absl::Status status = [&]() -> absl::Status {
      MOTCUA_RETURN_IF_ERROR(CheckJson(http_request));
      MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller,
                              CallerOf(http_request));
      principal = caller.name;
      Request in;
      MOTCUA_RETURN_IF_ERROR(Decode(http_request, &in));
      return call(app_, caller, in, &out);
    }();
    Finish(http_request, response, start, principal, status, &out);
  }

  void Lookup(const httplib::Request& request, httplib::Response& response) {
    const absl::Time start = absl::Now();
    v1::PublicDossierStatus out;
    const absl::Status status = [&]() -> absl::Status {
      MOTCUA_RETURN_IF_ERROR(CheckJson(request));
      v1::LookupDossierStatusRequest in;
      MOTCUA_RETURN_IF_ERROR(Decode(request, &in));
      return LookupDossierStatus(app_, in, ClientAddress(request), &out);
    }();
    Finish(request, response, start, "", status, &out);
  }

  // Anything else under /api/: a JSON refusal naming it, not an empty 404.
  void Unknown(const httplib::Request& request, httplib::Response& response) {
    const absl::Status status = absl::NotFoundError(
        absl::StrCat("no API call ", request.method, " ", request.path,
                     " (read calls are POST /api/v1/{Service}/{Method})"));
    Answer(response, status, nullptr);
    // Its path is the caller's choice: counted as "other", not by path.
    Record(request, response, "other", absl::Now(), "", status);
  }

  template <typename Request, typename Response>
  void AddRead(HttpServer& http, const std::string& method,
               absl::Status (*call)(service::Application&,
                                    const core::Principal&, const Request&,
                                    Response*)) {
    http.Post("/api/v1/" + method,
              [self = shared_from_this(), call](const httplib::Request& q,
                                                httplib::Response& r) {
                self->Read(q, r, call);
              });
  }

 private:
  // Answers, and records the request.
  void Finish(const httplib::Request& request, httplib::Response& response,
              absl::Time start, absl::string_view principal,
              const absl::Status& status,
              const google::protobuf::Message* message) {
    Answer(response, status, message);
    Record(request, response, request.path, start, principal, status);
  }

  // Counts the answer under `route` and writes its access-log line
  // ("POST:/api/v1/...", the principal when authenticated, the status
  // code; never a body).
  void Record(const httplib::Request& request,
              const httplib::Response& response, absl::string_view route,
              absl::Time start, absl::string_view principal,
              const absl::Status& status) {
    if (metrics_ != nullptr) {
      metrics_->CountHttpRequest(route, response.status);
    }
    if (access_log_ == nullptr) return;
    const std::string method = absl::StrCat(request.method, ":", request.path);
    const std::string code = absl::StatusCodeToString(status.code());
    AccessRecord record;
    record.at = absl::Now();
    record.method = method;
    record.principal = principal;
    record.code = code;
    record.latency = record.at - start;
    record.bytes_in = static_cast<int64_t>(request.body.size());
    record.bytes_out = static_cast<int64_t>(response.body.size());
    access_log_->Write(record);
  }

  // Checks the token of a sign-in and starts its session: the cookie goes
  // in `response`, who signed in in `who`.
  absl::Status StartSession(const httplib::Request& request,
                            httplib::Response& response, v1::Token* who) {
    MOTCUA_RETURN_IF_ERROR(CheckJson(request));
    google::protobuf::Struct body;
    MOTCUA_RETURN_IF_ERROR(Decode(request, &body));
    const auto token = body.fields().find("token");
    if (token == body.fields().end() || !token->second.has_string_value() ||
        token->second.string_value().empty()) {
      return absl::InvalidArgumentError(
          "sign-in needs {\"token\": \"<the secret an administrator gave>\"}");
    }
    const std::string authorization =
        AuthorizationOf(token->second.string_value());
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller,
                            app_.Authenticate(authorization));
    MOTCUA_ASSIGN_OR_RETURN(const service::Sessions::Started started,
                            sessions_.Start(authorization));
    response.set_header(
        "Set-Cookie",
        SessionCookie(started.id,
                      absl::ToInt64Seconds(started.expires - absl::Now())));
    ToProto(caller, who);
    return absl::OkStatus();
  }

  // The Set-Cookie value: never readable by scripts, never sent by another
  // site's requests, only over TLS when the listener has it; Max-Age=0
  // removes it.
  std::string SessionCookie(absl::string_view value, int64_t max_age) const {
    return absl::StrCat(kSessionCookie, "=", value,
                        "; Path=/; Max-Age=", max_age,
                        "; HttpOnly; SameSite=Strict", tls_ ? "; Secure" : "");
  }

  service::Application& app_;
  service::Sessions& sessions_;
  AccessLog* const access_log_;  // nullptr: no log
  Metrics* const metrics_;       // nullptr: not counted
  const bool tls_;
};

}  // namespace

void AddWebApi(HttpServer& http, const WebApiParts& parts) {
  // Held by the handlers, which may run until the listener stops.
  auto api = std::make_shared<WebApi>(parts, http.tls());
  using Q = const httplib::Request&;
  using R = httplib::Response&;
  http.Post("/api/v1/session", [api](Q q, R r) { api->SignIn(q, r); });
  http.Get("/api/v1/session", [api](Q q, R r) { api->WhoAmI(q, r); });
  http.Delete("/api/v1/session", [api](Q q, R r) { api->SignOut(q, r); });
  http.Post("/api/v1/DossierService/LookupDossierStatus",
            [api](Q q, R r) { api->Lookup(q, r); });
  api->AddRead(http, "StatisticsService/GetReport", &GetReport);
  api->AddRead(http, "StatisticsService/GetRates", &GetRates);
  api->AddRead(http, "StatisticsService/GetOnlineProcedureRatios",
               &GetOnlineProcedureRatios);
  api->AddRead(http, "StatisticsService/ListReportDossiers",
               &ListReportDossiers);
  api->AddRead(http, "StatisticsService/ListDeadlineWarnings",
               &ListDeadlineWarnings);
  api->AddRead(http, "DossierService/GetDossier", &GetDossier);
  api->AddRead(http, "DossierService/ListDossiers", &ListDossiers);
  api->AddRead(http, "CatalogueService/GetUnit", &GetUnit);
  api->AddRead(http, "CatalogueService/GetAgency", &GetAgency);
  api->AddRead(http, "CatalogueService/GetProcedure", &GetProcedure);
  api->AddRead(http, "CatalogueService/ListUnits", &ListUnits);
  api->AddRead(http, "CatalogueService/ListAgencies", &ListAgencies);
  api->AddRead(http, "CatalogueService/ListFields", &ListFields);
  api->AddRead(http, "CatalogueService/ListProcedures", &ListProcedures);
  const auto unknown = [api](Q q, R r) { api->Unknown(q, r); };
  http.Get("/api/.*", unknown);
  http.Post("/api/.*", unknown);
  http.Delete("/api/.*", unknown);
}

}  // namespace motcua::server
