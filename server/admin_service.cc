#include "server/admin_service.h"

#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "server/api_codec.h"
#include "server/call_context.h"
#include "server/service_support.h"
#include "server/token_auth.h"

namespace motcua::server {
namespace {

void ToProto(const storage::StoredToken& t, v1::Token* out) {
  out->set_id(t.id);
  out->set_principal(t.principal.name);
  out->set_role(static_cast<v1::Token::Role>(t.principal.role));
  for (const std::string& a : t.principal.agency_codes) out->add_agency_codes(a);
  if (t.principal.role == core::Role::kViewer ||
      t.principal.role == core::Role::kBatch) {
    *out->mutable_unit() = server::ToProto(t.principal.unit);
  }
  server::ToProto(t.created_at, out->mutable_created_at());
  if (t.revoked_at) server::ToProto(*t.revoked_at, out->mutable_revoked_at());
}

// The principal a CreateTokenRequest describes, validated per role.
absl::StatusOr<core::Principal> PrincipalOf(const v1::CreateTokenRequest& r) {
  core::Principal p;
  p.name = r.principal();
  if (p.name.empty() || p.name.size() > 100) {
    return absl::InvalidArgumentError("principal must have 1 to 100 bytes");
  }
  switch (r.role()) {
    case v1::Token::DESK:
      p.role = core::Role::kDesk;
      if (r.agency_codes().empty()) {
        return absl::InvalidArgumentError(
            "agency_codes: a DESK token serves at least one agency");
      }
      for (const std::string& a : r.agency_codes()) {
        absl::Status s = core::ValidateAgencyCode(a);
        if (!s.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("agency_codes: ", s.message()));
        }
        p.agency_codes.push_back(a);
      }
      break;
    case v1::Token::VIEWER:
    case v1::Token::BATCH: {
      p.role = r.role() == v1::Token::VIEWER ? core::Role::kViewer
                                              : core::Role::kBatch;
      absl::StatusOr<core::Scope> unit = FromProto(r.unit(), "unit");
      if (!unit.ok()) return unit.status();
      if (unit->kind == core::ScopeKind::kAgency) {
        return absl::InvalidArgumentError(
            "unit.kind must be a unit (PROVINCE, DISTRICT, COMMUNE) or "
            "DEPLOYMENT");
      }
      p.unit = *unit;
      break;
    }
    case v1::Token::ADMIN:
      p.role = core::Role::kAdmin;
      break;
    case v1::Token::IMPORT:
      p.role = core::Role::kImport;
      break;
    default:
      return absl::InvalidArgumentError(
          "role must be DESK, VIEWER, BATCH, ADMIN or IMPORT");
  }
  return p;
}

}  // namespace

AdminServiceImpl::AdminServiceImpl(storage::Store& store,
                                   std::function<absl::Time()> clock)
    : store_(store), clock_(std::move(clock)) {}

grpc::ServerUnaryReactor* AdminServiceImpl::CreateToken(
    grpc::CallbackServerContext* c, const v1::CreateTokenRequest* r,
    v1::CreateTokenResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller =
        AdminCaller(*c, store_, "create tokens");
    if (!caller.ok()) return caller.status();
    absl::StatusOr<core::Principal> principal = PrincipalOf(*r);
    if (!principal.ok()) return principal.status();
    absl::StatusOr<NewToken> token = GenerateToken(*principal, clock_());
    if (!token.ok()) return token.status();
    absl::Status s = store_.PutToken(token->stored);
    if (!s.ok()) return s;
    ToProto(token->stored, out->mutable_token());
    out->set_secret(token->secret);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListTokens(
    grpc::CallbackServerContext* c, const v1::ListTokensRequest*,
    v1::ListTokensResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller =
        AdminCaller(*c, store_, "list tokens");
    if (!caller.ok()) return caller.status();
    absl::StatusOr<std::vector<storage::StoredToken>> tokens =
        store_.ListTokens();
    if (!tokens.ok()) return tokens.status();
    for (const storage::StoredToken& t : *tokens) ToProto(t, out->add_tokens());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::RevokeToken(
    grpc::CallbackServerContext* c, const v1::RevokeTokenRequest* r,
    v1::Token* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller =
        AdminCaller(*c, store_, "revoke tokens");
    if (!caller.ok()) return caller.status();
    absl::StatusOr<storage::StoredToken> token =
        store_.RevokeToken(r->id(), clock_());
    if (!token.ok()) return token.status();
    ToProto(*token, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::VerifyStore(
    grpc::CallbackServerContext* c, const v1::VerifyStoreRequest* r,
    v1::VerifyStoreResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller =
        AdminCaller(*c, store_, "verify the store");
    if (!caller.ok()) return caller.status();
    absl::StatusOr<storage::VerifyReport> report = store_.Verify(r->repair());
    if (!report.ok()) return report.status();
    out->set_dossiers_checked(report->dossiers_checked);
    out->set_counter_differences(report->counter_difference_count);
    out->set_index_differences(report->index_difference_count);
    out->set_history_differences(report->history_difference_count);
    out->set_sequence_differences(report->sequence_difference_count);
    for (const auto* list :
         {&report->counter_differences, &report->index_differences,
          &report->history_differences, &report->sequence_differences}) {
      for (const std::string& d : *list) {
        if (out->examples_size() < 20) out->add_examples(d);
      }
    }
    out->set_repaired(report->repaired);
    return absl::OkStatus();
  });
}

}  // namespace motcua::server
