#include "server/catalogue_service.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/local_time.h"
#include "server/api_codec.h"
#include "server/call_context.h"
#include "server/service_support.h"

namespace motcua::server {
namespace {

constexpr int kDefaultPageSize = 500;
constexpr int kMaxPageSize = 5000;

// The listing order of catalogue entries: code, then start of validity.
std::string CursorOf(const std::string& code, absl::CivilDay from) {
  return absl::StrFormat("%s%c%08d", code, '\0',
                         static_cast<int>(from - absl::CivilDay(1970, 1, 1)));
}
std::string CursorOf(const core::Unit& e) {
  return CursorOf(e.code, e.validity.valid_from);
}
std::string CursorOf(const core::Agency& e) {
  return CursorOf(e.code, e.validity.valid_from);
}
std::string CursorOf(const core::Procedure& e) {
  return CursorOf(e.code, e.validity.valid_from);
}
std::string CursorOf(const core::Field& e) {
  return CursorOf(e.code, absl::CivilDay(1970, 1, 1));
}

// One page of `all` (in listing order) after the request's cursor; sets
// `next_token` when more remain.
template <typename Entry>
absl::StatusOr<std::vector<const Entry*>> Page(
    const std::vector<Entry>& all, const v1::ListCatalogueRequest& r,
    std::string* next_token) {
  const int size = r.page_size() == 0 ? kDefaultPageSize : r.page_size();
  if (size < 0 || size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be 0 to ", kMaxPageSize));
  }
  std::string after;
  if (!r.page_token().empty() &&
      !absl::WebSafeBase64Unescape(r.page_token(), &after)) {
    return absl::InvalidArgumentError("page_token is not a token of this list");
  }
  std::vector<const Entry*> page;
  for (const Entry& e : all) {
    if (!after.empty() && CursorOf(e) <= after) continue;
    if (static_cast<int>(page.size()) == size) {
      *next_token = absl::WebSafeBase64Escape(CursorOf(*page.back()));
      break;
    }
    page.push_back(&e);
  }
  return page;
}

absl::StatusOr<std::optional<absl::CivilDay>> AsOf(const v1::Date& date,
                                                   bool is_set) {
  if (!is_set) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = FromProto(date, "as_of");
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

}  // namespace

CatalogueServiceImpl::CatalogueServiceImpl(storage::Store& store,
                                           std::function<absl::Time()> clock)
    : store_(store), clock_(std::move(clock)) {}

// Each Put: ADMIN only; validate; store; echo what was stored.
#define MOTCUA_PUT(Method, Kind, field)                                        \
  grpc::ServerUnaryReactor* CatalogueServiceImpl::Method(                     \
      grpc::CallbackServerContext* c, const v1::Method##Request* r,           \
      v1::Kind* out) {                                                        \
    return Respond(c, [&]() -> absl::Status {                                 \
      absl::StatusOr<core::Principal> caller =                                \
          AdminCaller(*c, store_, "change the catalogue");                    \
      if (!caller.ok()) return caller.status();                               \
      absl::StatusOr<core::Kind> entry = FromProto(r->field());               \
      if (!entry.ok()) return entry.status();                                 \
      absl::Status s = store_.Method(*entry);                                 \
      if (!s.ok()) return s;                                                  \
      ToProto(*entry, out);                                                   \
      return absl::OkStatus();                                                \
    });                                                                       \
  }
MOTCUA_PUT(PutUnit, Unit, unit)
MOTCUA_PUT(PutAgency, Agency, agency)
MOTCUA_PUT(PutField, Field, field)
MOTCUA_PUT(PutProcedure, Procedure, procedure)
#undef MOTCUA_PUT

// Each Get: any token; the version in force on as_of (default today).
#define MOTCUA_GET(Method, Kind)                                              \
  grpc::ServerUnaryReactor* CatalogueServiceImpl::Method(                    \
      grpc::CallbackServerContext* c, const v1::GetCatalogueEntryRequest* r, \
      v1::Kind* out) {                                                       \
    return Respond(c, [&]() -> absl::Status {                                \
      absl::StatusOr<core::Principal> caller = CallerOf(*c, store_);         \
      if (!caller.ok()) return caller.status();                              \
      absl::CivilDay day = core::LocalDay(clock_());                         \
      if (r->has_as_of()) {                                                  \
        absl::StatusOr<absl::CivilDay> d = FromProto(r->as_of(), "as_of");   \
        if (!d.ok()) return d.status();                                      \
        day = *d;                                                            \
      }                                                                      \
      absl::StatusOr<core::Kind> entry = store_.Method(r->code(), day);      \
      if (!entry.ok()) return entry.status();                                \
      ToProto(*entry, out);                                                  \
      return absl::OkStatus();                                               \
    });                                                                      \
  }
MOTCUA_GET(GetUnit, Unit)
MOTCUA_GET(GetAgency, Agency)
MOTCUA_GET(GetProcedure, Procedure)
#undef MOTCUA_GET

// Each List: any token; every version, or those in force on as_of.
#define MOTCUA_LIST(Method, Kind, Response, Add, Args)                         \
  grpc::ServerUnaryReactor* CatalogueServiceImpl::Method(                    \
      grpc::CallbackServerContext* c, const v1::ListCatalogueRequest* r,     \
      v1::Response* out) {                                                   \
    return Respond(c, [&]() -> absl::Status {                                \
      absl::StatusOr<core::Principal> caller = CallerOf(*c, store_);         \
      if (!caller.ok()) return caller.status();                              \
      absl::StatusOr<std::optional<absl::CivilDay>> as_of =                  \
          AsOf(r->as_of(), r->has_as_of());                                  \
      if (!as_of.ok()) return as_of.status();                                \
      absl::StatusOr<std::vector<core::Kind>> all = store_.Method Args;    \
      if (!all.ok()) return all.status();                                    \
      std::string next;                                                      \
      absl::StatusOr<std::vector<const core::Kind*>> page =                  \
          Page(*all, *r, &next);                                             \
      if (!page.ok()) return page.status();                                  \
      for (const core::Kind* e : *page) ToProto(*e, out->Add());             \
      out->set_next_page_token(next);                                        \
      return absl::OkStatus();                                               \
    });                                                                      \
  }
MOTCUA_LIST(ListUnits, Unit, ListUnitsResponse, add_units, (*as_of))
MOTCUA_LIST(ListAgencies, Agency, ListAgenciesResponse, add_agencies,
            (*as_of))
MOTCUA_LIST(ListFields, Field, ListFieldsResponse, add_fields, ())
MOTCUA_LIST(ListProcedures, Procedure, ListProceduresResponse, add_procedures,
            (*as_of))
#undef MOTCUA_LIST

grpc::ServerUnaryReactor* CatalogueServiceImpl::ImportCatalogue(
    grpc::CallbackServerContext* c, const v1::ImportCatalogueRequest* r,
    v1::ImportCatalogueResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller =
        AdminCaller(*c, store_, "change the catalogue");
    if (!caller.ok()) return caller.status();
    int stored = 0;
    // Each entry on its own: a bad line never blocks the good ones.
    auto each = [&](const auto& list, absl::string_view kind, auto put) {
      for (int i = 0; i < list.size(); ++i) {
        auto entry = FromProto(list.Get(i));
        absl::Status result = entry.ok() ? put(*entry) : entry.status();
        if (result.ok()) {
          ++stored;
        } else {
          v1::ImportCatalogueResponse::Refusal* refusal = out->add_refused();
          refusal->set_kind(std::string(kind));
          refusal->set_index(i);
          refusal->set_reason(std::string(result.message()));
        }
      }
    };
    each(r->units(), "unit", [&](const core::Unit& e) { return store_.PutUnit(e); });
    each(r->agencies(), "agency",
         [&](const core::Agency& e) { return store_.PutAgency(e); });
    each(r->fields(), "field",
         [&](const core::Field& e) { return store_.PutField(e); });
    each(r->procedures(), "procedure",
         [&](const core::Procedure& e) { return store_.PutProcedure(e); });
    out->set_stored(stored);
    return absl::OkStatus();
  });
}

}  // namespace motcua::server
