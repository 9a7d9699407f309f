// Fuzz target: catalogue import. An input is a catalogue file as
// `motcua catalogue import` and the server's first start read it
// (ImportCatalogueRequest in protobuf JSON, like data/demo/catalogue.json);
// it is imported by an administrator through the real ImportCatalogue
// handler (in-process gRPC over a fixture store, fuzz/service_harness.h).
//
// Checks: the import answers OK; it refuses exactly the entries the API
// conversion refuses, each with that conversion's reason, and stores all
// the others, one write each; every stored entry reads back as sent; and
// an accepted entry converts to the API message and back unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/defined_enums.h"
#include "fuzz/service_harness.h"
#include "google/protobuf/util/json_util.h"
#include "server/api_codec.h"

namespace motcua::fuzz {
namespace {

[[noreturn]] void Broken(const std::string& what, absl::string_view input) {
  std::fprintf(stderr, "catalogue_import_fuzzer: %s\n--- input ---\n%.*s\n",
               what.c_str(), static_cast<int>(input.size()), input.data());
  std::abort();
}

// What the import must do with each entry of one kind: the reason it is
// refused, or (empty reason) the wire form it is stored as.
struct Expected {
  std::string reason;
  std::string stored;  // serialized ToProto(FromProto(entry))
};

// The listing key of a versioned entry: code and start of validity.
template <typename Wire>
std::string KeyOf(const Wire& w) {
  return absl::StrCat(w.code(), "@", w.validity().valid_from().year(), "-",
                      w.validity().valid_from().month(), "-",
                      w.validity().valid_from().day());
}
std::string KeyOf(const v1::Field& f) { return f.code(); }

// Converts each entry as the handler will, checking the round trip of the
// accepted ones; returns what the import must do with each.
template <typename Wire>
std::vector<Expected> Convert(
    const google::protobuf::RepeatedPtrField<Wire>& list,
    absl::string_view input) {
  std::vector<Expected> out;
  for (const Wire& wire : list) {
    auto entry = server::FromProto(wire);
    if (!entry.ok()) {
      if (!absl::IsInvalidArgument(entry.status())) {
        Broken("an entry is refused with " + entry.status().ToString(), input);
      }
      out.push_back({std::string(entry.status().message()), ""});
      continue;
    }
    Wire back;
    server::ToProto(*entry, &back);
    auto again = server::FromProto(back);
    if (!again.ok()) {
      Broken("an accepted entry, written back, is refused: " +
                 again.status().ToString(),
             input);
    }
    Wire twice;
    server::ToProto(*again, &twice);
    if (twice.SerializeAsString() != back.SerializeAsString()) {
      Broken("an accepted entry changes on its way back: " +
                 back.ShortDebugString() + " vs " + twice.ShortDebugString(),
             input);
    }
    out.push_back({"", back.SerializeAsString()});
  }
  return out;
}

// Checks the refusals of one kind and returns how many entries it stores.
int CheckRefusals(const std::vector<Expected>& expected, absl::string_view kind,
                  const v1::ImportCatalogueResponse& response,
                  absl::string_view input) {
  std::map<int, std::string> refused;
  for (const auto& r : response.refused()) {
    if (r.kind() != kind) continue;
    if (r.index() < 0 || r.index() >= static_cast<int>(expected.size()) ||
        !refused.emplace(r.index(), r.reason()).second) {
      Broken(absl::StrCat("a refusal names no entry: ", kind, " #", r.index()),
             input);
    }
  }
  int stored = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    auto it = refused.find(static_cast<int>(i));
    const std::string got = it == refused.end() ? "" : it->second;
    if (got != expected[i].reason) {
      Broken(absl::StrCat(kind, " #", i, " should be ",
                          expected[i].reason.empty()
                              ? "stored"
                              : "refused: " + expected[i].reason,
                          ", was ", got.empty() ? "stored" : "refused: " + got),
             input);
    }
    if (got.empty()) ++stored;
  }
  return stored;
}

// Every stored entry reads back as sent (the last of those with one key).
template <typename Wire, typename List>
void CheckStored(const google::protobuf::RepeatedPtrField<Wire>& sent,
                 const std::vector<Expected>& expected, const List& listed,
                 absl::string_view input) {
  std::map<std::string, std::string> want;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (expected[i].reason.empty()) want[KeyOf(sent[i])] = expected[i].stored;
  }
  if (want.empty()) return;
  for (const Wire& w : listed) {
    auto it = want.find(KeyOf(w));
    if (it == want.end()) continue;
    if (w.SerializeAsString() != it->second) {
      Broken("a stored entry reads back otherwise: " + w.ShortDebugString(),
             input);
    }
    want.erase(it);
  }
  if (!want.empty()) {
    Broken("a stored entry is not listed: " + want.begin()->first, input);
  }
}

template <typename Request, typename Response, typename Stub>
Response ListAll(ServiceHarness& h, Stub& stub,
                 grpc::Status (Stub::*list)(grpc::ClientContext*,
                                            const Request&, Response*),
                 absl::string_view input) {
  Response all;
  Request r;
  r.set_page_size(5000);
  do {
    Response page;
    grpc::Status s = (stub.*list)(h.As(Caller::kAdmin).get(), r, &page);
    if (!s.ok()) Broken("cannot list: " + s.error_message(), input);
    all.MergeFrom(page);
    r.set_page_token(page.next_page_token());
  } while (!r.page_token().empty());
  return all;
}

}  // namespace
}  // namespace motcua::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  using namespace motcua::fuzz;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  v1::ImportCatalogueRequest request;
  if (!google::protobuf::util::JsonStringToMessage(std::string(input), &request)
           .ok() ||
      !SurvivesTheWire(request)) {
    return 0;
  }
  const std::vector<Expected> units = Convert(request.units(), input);
  const std::vector<Expected> agencies = Convert(request.agencies(), input);
  const std::vector<Expected> fields = Convert(request.fields(), input);
  const std::vector<Expected> procedures = Convert(request.procedures(), input);

  ServiceHarness& h = HarnessForInput();
  const int64_t writes_before = h.store_writes();
  v1::ImportCatalogueResponse response;
  grpc::Status s = h.catalogue().ImportCatalogue(h.As(Caller::kAdmin).get(),
                                                 request, &response);
  if (!s.ok()) {
    Broken(absl::StrCat("an administrator's import failed with code ",
                        s.error_code(), ": ", s.error_message()),
           input);
  }
  const std::string undefined = FirstUndefinedEnum(response);
  if (!undefined.empty()) Broken("answered with " + undefined, input);
  const int stored = CheckRefusals(units, "unit", response, input) +
                     CheckRefusals(agencies, "agency", response, input) +
                     CheckRefusals(fields, "field", response, input) +
                     CheckRefusals(procedures, "procedure", response, input);
  if (response.refused_size() !=
      request.units_size() + request.agencies_size() + request.fields_size() +
          request.procedures_size() - stored) {
    Broken("a refusal names an unknown kind", input);
  }
  if (response.stored() != stored ||
      h.store_writes() - writes_before != stored) {
    Broken(absl::StrCat("stored ", stored, " entries, answered ",
                        response.stored(), ", wrote ",
                        h.store_writes() - writes_before),
           input);
  }
  v1::CatalogueService::Stub& c = h.catalogue();
  using C = v1::CatalogueService::Stub;
  if (!units.empty()) {
    CheckStored(request.units(), units,
                ListAll(h, c, &C::ListUnits, input).units(), input);
  }
  if (!agencies.empty()) {
    CheckStored(request.agencies(), agencies,
                ListAll(h, c, &C::ListAgencies, input).agencies(), input);
  }
  if (!fields.empty()) {
    CheckStored(request.fields(), fields,
                ListAll(h, c, &C::ListFields, input).fields(), input);
  }
  if (!procedures.empty()) {
    CheckStored(request.procedures(), procedures,
                ListAll(h, c, &C::ListProcedures, input).procedures(), input);
  }
  return 0;
}
