// Fuzz target: one line of a historical import. An input is a line of the
// .jsonl file `motcua import` sends (a motcua.v1.HistoricalDossier in
// protobuf JSON, read with JsonStringToMessage as the client reads it);
// it is converted as the server converts it (server::HistoricalInputOf)
// and imported by an IMPORT token through the real ImportDossiers handler
// (in-process gRPC over a fixture store, fuzz/service_harness.h, whose
// clock reads 2025-06-10 10:00: histories numbered that day or later are
// refused).
//
// Checks:
//  - the conversion never fails outright: what it cannot read is an
//    InvalidArgument with a message in `malformed`, and such a line is
//    REFUSED with exactly that reason;
//  - the call answers OK with one result for the line, IMPORTED, UNCHANGED
//    or REFUSED (with a non-empty reason), and counts that outcome;
//  - only IMPORTED writes to the store, and an imported dossier reads back
//    under its code with defined enum values;
//  - the same line imported again is UNCHANGED (after IMPORTED or
//    UNCHANGED) or refused again with the same reason, and writes nothing;
//  - after an import, Store::Verify still finds the counters and indexes
//    exact.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/defined_enums.h"
#include "fuzz/service_harness.h"
#include "google/protobuf/util/json_util.h"
#include "server/historical_input.h"

namespace motcua::fuzz {
namespace {

using Result = v1::ImportDossiersResponse::Result;

[[noreturn]] void Broken(const std::string& what, absl::string_view line) {
  std::fprintf(stderr, "import_line_fuzzer: %s\n--- line ---\n%.*s\n",
               what.c_str(), static_cast<int>(line.size()), line.data());
  std::abort();
}

// What the run did, printed at exit: first answers by outcome.
int64_t answered[Result::Outcome_ARRAYSIZE] = {};
int64_t malformed_lines = 0;

void CountAnswer(const Result& r, bool malformed) {
  static const bool registered = [] {
    std::atexit([] {
      std::fprintf(stderr,
                   "import_line_fuzzer: lines imported %lld, unchanged %lld, "
                   "refused %lld (%lld of them not converting)\n",
                   static_cast<long long>(answered[Result::IMPORTED]),
                   static_cast<long long>(answered[Result::UNCHANGED]),
                   static_cast<long long>(answered[Result::REFUSED]),
                   static_cast<long long>(malformed_lines));
    });
    return true;
  }();
  (void)registered;
  ++answered[r.outcome()];
  if (malformed) ++malformed_lines;
}

std::string Describe(const Result& r) {
  return absl::StrCat(Result::Outcome_Name(r.outcome()),
                      r.reason().empty() ? "" : ": ", r.reason());
}

// Imports the line alone; checks the answer's shape and that only an
// import wrote.
Result Import(ServiceHarness& h, const v1::ImportDossiersRequest& request,
              absl::string_view line) {
  const int64_t writes_before = h.store_writes();
  v1::ImportDossiersResponse response;
  grpc::Status s = h.dossiers().ImportDossiers(h.As(Caller::kImport).get(),
                                               request, &response);
  if (!s.ok()) {
    Broken(absl::StrCat("the import call failed with code ", s.error_code(),
                        ": ", s.error_message()),
           line);
  }
  const std::string undefined = FirstUndefinedEnum(response);
  if (!undefined.empty()) Broken("answered with " + undefined, line);
  if (response.results_size() != 1 || response.results(0).index() != 0 ||
      response.results(0).code() != request.dossiers(0).code()) {
    Broken("the answer is not one result for the line: " +
               response.ShortDebugString(),
           line);
  }
  const Result& r = response.results(0);
  const int64_t wrote = h.store_writes() - writes_before;
  switch (r.outcome()) {
    case Result::IMPORTED:
      if (response.imported() != 1 || wrote == 0) {
        Broken(absl::StrCat("IMPORTED, counted ", response.imported(),
                            ", after ", wrote, " store writes"),
               line);
      }
      break;
    case Result::UNCHANGED:
      if (response.unchanged() != 1 || wrote != 0) {
        Broken(absl::StrCat("UNCHANGED, counted ", response.unchanged(),
                            ", after ", wrote, " store writes"),
               line);
      }
      break;
    case Result::REFUSED:
      if (r.reason().empty()) Broken("REFUSED without a reason", line);
      if (response.refused() != 1 || wrote != 0) {
        Broken(absl::StrCat("REFUSED (", r.reason(), "), counted ",
                            response.refused(), ", after ", wrote,
                            " store writes"),
               line);
      }
      break;
    default:
      Broken("answered " + Describe(r), line);
  }
  if (r.outcome() != Result::REFUSED && !r.reason().empty()) {
    Broken("a reason for a line not refused: " + Describe(r), line);
  }
  return r;
}

void CheckImported(ServiceHarness& h, const std::string& code,
                   absl::string_view line) {
  v1::GetDossierRequest get;
  get.set_code(code);
  v1::DossierWithHistory stored;
  grpc::Status s =
      h.dossiers().GetDossier(h.As(Caller::kAdmin).get(), get, &stored);
  if (!s.ok()) {
    Broken("cannot read back the imported dossier: " + s.error_message(), line);
  }
  if (stored.dossier().code() != code) {
    Broken("the imported dossier reads back as " + stored.dossier().code(),
           line);
  }
  const std::string undefined = FirstUndefinedEnum(stored);
  if (!undefined.empty()) Broken("stored " + undefined, line);
  const std::string inconsistency = h.Inconsistency();
  if (!inconsistency.empty()) {
    Broken("the store no longer recounts: " + inconsistency, line);
  }
}

}  // namespace
}  // namespace motcua::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  using namespace motcua::fuzz;
  const absl::string_view line(reinterpret_cast<const char*>(data), size);
  v1::ImportDossiersRequest request;
  v1::HistoricalDossier& wire = *request.add_dossiers();
  if (!google::protobuf::util::JsonStringToMessage(std::string(line), &wire)
           .ok() ||
      !SurvivesTheWire(request)) {
    return 0;
  }

  const service::HistoricalInput in = server::HistoricalInputOf(wire);
  if (!in.malformed.ok() && (!absl::IsInvalidArgument(in.malformed) ||
                             in.malformed.message().empty())) {
    Broken("the conversion failed with " + in.malformed.ToString(), line);
  }
  if (in.request_bytes != wire.SerializeAsString()) {
    Broken("the line's idempotency bytes are not the line", line);
  }
  if (in.malformed.ok() &&
      in.events.size() != static_cast<size_t>(wire.events_size())) {
    Broken(
        absl::StrCat(wire.events_size(), " events read as ", in.events.size()),
        line);
  }

  ServiceHarness& h = HarnessForInput();
  const Result first = Import(h, request, line);
  CountAnswer(first, !in.malformed.ok());
  // MOTCUA_FUZZ_VERBOSE=1 shows each line's answer, for replaying inputs.
  static const bool verbose = std::getenv("MOTCUA_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "%s -> %s\n", wire.code().c_str(),
                 Describe(first).c_str());
  }
  if (!in.malformed.ok() && (first.outcome() != Result::REFUSED ||
                             first.reason() != in.malformed.message())) {
    Broken(
        absl::StrCat("a line that does not convert (", in.malformed.message(),
                     ") was answered ", Describe(first)),
        line);
  }
  if (first.outcome() == Result::IMPORTED) {
    CheckImported(h, first.code(), line);
  }

  const Result second = Import(h, request, line);
  const bool same = first.outcome() == Result::REFUSED
                        ? second.outcome() == Result::REFUSED &&
                              second.reason() == first.reason()
                        : second.outcome() == Result::UNCHANGED;
  if (!same) {
    Broken("imported again after " + Describe(first) + ", answered " +
               Describe(second),
           line);
  }
  return 0;
}
