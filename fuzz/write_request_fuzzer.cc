// Fuzz target: request validation of every write RPC, through the real
// handlers (in-process gRPC over a fixture store, fuzz/service_harness.h).
//
// An input is a header line naming the RPC and the caller, then the request
// in protobuf text format:
//
//   ChangeDossierStatus desk
//   code: "H29.18070-250610-0001"  status: PROCESSING
//
// The contract checked for every call:
//  - a refusal is a clean status that blames the request or the caller
//    (INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ...), with a message;
//    never INTERNAL, UNKNOWN or another server-side failure, and no crash;
//  - a refused call changed nothing in the store;
//  - an accepted call answers with defined enum values only, and after a
//    dossier write the store still recounts to its counters and indexes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/defined_enums.h"
#include "fuzz/service_harness.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace motcua::fuzz {
namespace {

using google::protobuf::Message;

struct WriteRpc {
  const char* name;
  bool writes_dossiers;
  std::function<std::unique_ptr<Message>()> new_request;
  std::function<grpc::Status(ServiceHarness&, grpc::ClientContext*,
                             const Message&, std::unique_ptr<Message>*)>
      call;
};

template <typename Stub, typename Request, typename Response>
WriteRpc Rpc(const char* name, bool writes_dossiers,
             Stub& (ServiceHarness::*stub)(),
             grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                          Response*)) {
  return {
      name, writes_dossiers, [] { return std::make_unique<Request>(); },
      [stub, method](ServiceHarness& h, grpc::ClientContext* context,
                     const Message& request, std::unique_ptr<Message>* out) {
        auto response = std::make_unique<Response>();
        grpc::Status s = ((h.*stub)().*method)(
            context, static_cast<const Request&>(request), response.get());
        *out = std::move(response);
        return s;
      }};
}

// Every RPC that changes something (the reads have no state to protect).
const std::vector<WriteRpc>& WriteRpcs() {
  using H = ServiceHarness;
  using D = v1::DossierService::Stub;
  using C = v1::CatalogueService::Stub;
  using K = v1::CalendarService::Stub;
  using A = v1::AdminService::Stub;
  static const auto* rpcs = new std::vector<WriteRpc>{
      Rpc("SubmitDossier", true, &H::dossiers, &D::SubmitDossier),
      Rpc("ReceiveDossier", true, &H::dossiers, &D::ReceiveDossier),
      Rpc("ChangeDossierStatus", true, &H::dossiers, &D::ChangeDossierStatus),
      Rpc("ApologizeForDossier", true, &H::dossiers, &D::ApologizeForDossier),
      Rpc("HandDossierToAgency", true, &H::dossiers, &D::HandDossierToAgency),
      Rpc("FinishDossierStep", true, &H::dossiers, &D::FinishDossierStep),
      Rpc("ImportDossiers", true, &H::dossiers, &D::ImportDossiers),
      Rpc("PutUnit", false, &H::catalogue, &C::PutUnit),
      Rpc("PutAgency", false, &H::catalogue, &C::PutAgency),
      Rpc("PutField", false, &H::catalogue, &C::PutField),
      Rpc("PutProcedure", false, &H::catalogue, &C::PutProcedure),
      Rpc("ImportCatalogue", false, &H::catalogue, &C::ImportCatalogue),
      Rpc("PutCalendarYear", false, &H::calendar, &K::PutCalendarYear),
      Rpc("UpdateSettings", false, &H::calendar, &K::UpdateSettings),
      Rpc("CreateToken", false, &H::admin, &A::CreateToken),
      Rpc("RevokeToken", false, &H::admin, &A::RevokeToken),
      Rpc("VerifyStore", true, &H::admin, &A::VerifyStore),
  };
  return *rpcs;
}

// Codes that blame the request, the caller or the state it meets.
bool IsCleanRefusal(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

// Text-format errors are the input's, not findings: keep them quiet.
class QuietErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
};

[[noreturn]] void Broken(const WriteRpc& rpc, const std::string& what,
                         const Message& request) {
  std::fprintf(stderr, "write_request_fuzzer: %s: %s\n--- request ---\n%s\n",
               rpc.name, what.c_str(), request.DebugString().c_str());
  std::abort();
}

void CheckAccepted(ServiceHarness& h, const WriteRpc& rpc,
                   const Message& request, const Message& response) {
  std::string undefined = FirstUndefinedEnum(response);
  if (!undefined.empty()) {
    Broken(rpc, "answered with an undefined enum value: " + undefined, request);
  }
  // An import answers with outcomes only: read what it stored.
  if (const auto* imported =
          dynamic_cast<const v1::ImportDossiersResponse*>(&response)) {
    for (const auto& result : imported->results()) {
      if (result.outcome() != v1::ImportDossiersResponse::Result::IMPORTED) {
        continue;
      }
      v1::GetDossierRequest get;
      get.set_code(result.code());
      v1::DossierWithHistory stored;
      grpc::Status s =
          h.dossiers().GetDossier(h.As(Caller::kAdmin).get(), get, &stored);
      if (!s.ok()) {
        Broken(rpc,
               "cannot read back imported " + result.code() + ": " +
                   s.error_message(),
               request);
      }
      undefined = FirstUndefinedEnum(stored);
      if (!undefined.empty()) {
        Broken(rpc, "stored an undefined enum value: " + undefined, request);
      }
    }
  }
  if (rpc.writes_dossiers) {
    const std::string inconsistency = h.Inconsistency();
    if (!inconsistency.empty()) {
      Broken(rpc, "the store no longer recounts: " + inconsistency, request);
    }
  }
}

}  // namespace
}  // namespace motcua::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua::fuzz;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const absl::string_view header = input.substr(0, newline);
  const size_t space = header.find(' ');
  if (newline == absl::string_view::npos || space == absl::string_view::npos) {
    return 0;
  }
  const absl::string_view method = header.substr(0, space);
  const std::optional<Caller> caller = CallerNamed(header.substr(space + 1));
  const WriteRpc* rpc = nullptr;
  for (const WriteRpc& r : WriteRpcs()) {
    if (method == r.name) rpc = &r;
  }
  if (rpc == nullptr || !caller.has_value()) return 0;

  std::unique_ptr<Message> request = rpc->new_request();
  google::protobuf::TextFormat::Parser parser;
  QuietErrors quiet;
  parser.RecordErrorsTo(&quiet);
  if (!parser.ParseFromString(std::string(input.substr(newline + 1)),
                              request.get()) ||
      !SurvivesTheWire(*request)) {
    return 0;
  }

  ServiceHarness& h = HarnessForInput();
  const int64_t writes_before = h.store_writes();
  std::unique_ptr<Message> response;
  const grpc::Status status =
      rpc->call(h, h.As(*caller).get(), *request, &response);
  // MOTCUA_FUZZ_VERBOSE=1 shows each call's answer, for replaying inputs.
  static const bool verbose = std::getenv("MOTCUA_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "%s -> %d %s\n", std::string(header).c_str(),
                 status.error_code(),
                 status.ok() ? response->ShortDebugString().c_str()
                             : status.error_message().c_str());
  }
  if (status.ok()) {
    CheckAccepted(h, *rpc, *request, *response);
    return 0;
  }
  if (!IsCleanRefusal(status.error_code())) {
    Broken(*rpc,
           absl::StrCat("refused with code ", status.error_code(), ": ",
                        status.error_message()),
           *request);
  }
  if (status.error_message().empty()) {
    Broken(*rpc, "refused without saying why", *request);
  }
  if (h.store_writes() != writes_before) {
    Broken(*rpc,
           absl::StrCat("refused (", status.error_message(),
                        ") after changing the store"),
           *request);
  }
  return 0;
}
