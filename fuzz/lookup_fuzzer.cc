// Fuzz target: the public status lookup (LookupDossierStatus: a dossier
// code and the applicant's identity number, no token), over the fixture of
// fuzz/service_harness.h, whose seven dossiers this target knows by code,
// applicant and status.
//
// An input is four fields, one a line (missing ones are empty):
//
//   3600 5                  seconds the services' clock moves forward first
//                           (digits, at most a day; anything else: none), so
//                           that the rate limits refill, and how many times
//                           the lookup is made (1 to 32, default 1), so
//                           that one input can run out of them
//   203.0.113.7             the caller's address: the lookup is made on
//                           service::Dossiers with it; "grpc": through the
//                           in-process server instead (its one peer address)
//   H29.18070-250610-0001   the code
//   042190005678            the identity number (the rest, line breaks too)
//
// The contract checked for every call:
//  - OK only for a (code, identity number) pair of the fixture, byte for
//    byte, answering that dossier's code and status; such a pair is only
//    ever OK or RESOURCE_EXHAUSTED (rate limits);
//  - every other answer is NOT_FOUND, INVALID_ARGUMENT or
//    RESOURCE_EXHAUSTED, with a message; INVALID_ARGUMENT exactly when a
//    field is empty or over its limit (code 64 bytes, number 32), whether
//    or not the code exists;
//  - every NOT_FOUND carries exactly the same message, whatever the input
//    (an unknown code and a wrong number look alike);
//  - no answer carries an applicant's name or identity number (a
//    successful one through gRPC is searched byte for byte), and every
//    message is at most 1 KiB.
//
// The target keeps one fixture for the whole run: lookups write nothing,
// and the rate limits' memory is bounded by the service.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/defined_enums.h"
#include "fuzz/service_harness.h"
#include "google/protobuf/stubs/logging.h"

namespace motcua::fuzz {
namespace {

constexpr size_t kMaxMessageBytes = 1024;
constexpr size_t kMaxCodeBytes = 64;
constexpr size_t kMaxIdNumberBytes = 32;
constexpr int64_t kMaxAdvanceSeconds = 24 * 3600;
constexpr int kMaxRepeats = 32;

// The fixture's dossiers (fuzz/service_harness.h), checked against the
// store when the target starts.
struct Known {
  const char* code;
  const char* id_number;
  const char* name;
  v1::DossierStatus status;
};
constexpr Known kKnown[] = {
    {"H29.18070-250610-0001", "042190005678", "Trần Thị B", v1::RECEIVED},
    {"H29.18070-250610-0002", "042190005678", "Trần Thị B", v1::PROCESSING},
    {"H29.18070-250610-0003", "042190005678", "Trần Thị B", v1::PROCESSING},
    {"H29.18070-250610-0004", "042190005678", "Trần Thị B",
     v1::AWAITING_SUPPLEMENT},
    {"H29.18070-250610-0005", "042190005678", "Trần Thị B", v1::RESOLVED},
    {"H29.18070-250610-0006", "042200001111", "Lê Văn C", v1::SUBMITTED},
    {"H29.18073-250610-0001", "042190005678", "Trần Thị B", v1::RECEIVED},
};

const Known* KnownPair(absl::string_view code, absl::string_view id_number) {
  for (const Known& k : kKnown) {
    if (code == k.code && id_number == k.id_number) return &k;
  }
  return nullptr;
}

// The services' clock: the fixture's instant, moved forward by inputs.
std::atomic<int64_t> clock_offset_seconds{0};
absl::Time Now() {
  return FixtureNow() + absl::Seconds(clock_offset_seconds.load());
}

struct Lookup {
  bool through_grpc = false;  // through the in-process server
  std::string client;         // else the address given to service::Dossiers
  std::string code;
  std::string id_number;
};

[[noreturn]] void Broken(const std::string& what, const Lookup& l) {
  std::fprintf(
      stderr,
      "lookup_fuzzer: %s\n--- lookup ---\nclient: %s\ncode: "
      "\"%s\"\nidentity number: \"%s\"\n",
      what.c_str(),
      l.through_grpc ? "(gRPC)"
                     : ("\"" + absl::CHexEscape(l.client) + "\"").c_str(),
      absl::CHexEscape(l.code).c_str(), absl::CHexEscape(l.id_number).c_str());
  std::abort();
}

// MOTCUA_FUZZ_VERBOSE=1 shows each lookup and its answer.
const bool verbose = std::getenv("MOTCUA_FUZZ_VERBOSE") != nullptr;
ServiceHarness* harness = nullptr;
// What the run did, printed at exit: answers by code and path.
std::map<std::string, int64_t> tally;
std::string first_not_found;  // the one NOT_FOUND message

// Aborts unless the fixture's dossiers are the ones kKnown lists.
void CheckFixture(ServiceHarness& h) {
  for (const Known& k : kKnown) {
    v1::GetDossierRequest get;
    get.set_code(k.code);
    v1::DossierWithHistory d;
    grpc::Status s =
        h.dossiers().GetDossier(h.As(Caller::kAdmin).get(), get, &d);
    if (!s.ok() || d.dossier().applicant().id_number() != k.id_number ||
        d.dossier().applicant().name() != k.name ||
        d.dossier().status() != k.status) {
      std::fprintf(stderr,
                   "lookup_fuzzer: the fixture's dossier %s is not the one "
                   "this target knows: %s\n",
                   k.code,
                   s.ok() ? d.dossier().ShortDebugString().c_str()
                          : s.error_message().c_str());
      std::abort();
    }
  }
}

ServiceHarness& Harness() {
  if (harness == nullptr) {
    // gRPC's encoder would log every identity number that is not UTF-8.
    google::protobuf::SetLogHandler([](google::protobuf::LogLevel, const char*,
                                       int, const std::string&) {});
    harness = ServiceHarness::Start(Now).release();
    CheckFixture(*harness);
    std::atexit([] {
      std::string counts;
      for (const auto& [what, n] : tally) {
        absl::StrAppend(&counts, counts.empty() ? "" : ", ", what, " ", n);
      }
      std::fprintf(stderr, "lookup_fuzzer: answers: %s\n", counts.c_str());
      delete harness;
      harness = nullptr;
    });
  }
  return *harness;
}

// The checks every answer passes, whichever path it took.
void CheckAnswer(const Lookup& l, int code, const std::string& message,
                 const std::string& answered_code, v1::DossierStatus status) {
  const bool ok = code == static_cast<int>(absl::StatusCode::kOk);
  const Known* known = KnownPair(l.code, l.id_number);
  if (message.size() > kMaxMessageBytes) {
    Broken(absl::StrCat("a message of ", message.size(), " bytes"), l);
  }
  for (const Known& k : kKnown) {
    if (absl::StrContains(message, k.id_number) ||
        absl::StrContains(message, k.name)) {
      Broken("the message names an applicant: " + message, l);
    }
  }
  const bool malformed = l.code.empty() || l.id_number.empty() ||
                         l.code.size() > kMaxCodeBytes ||
                         l.id_number.size() > kMaxIdNumberBytes;
  if (ok) {
    if (known == nullptr) Broken("OK for a pair the fixture does not know", l);
    if (answered_code != known->code || status != known->status) {
      Broken(absl::StrCat("OK with another dossier's code or status: ",
                          answered_code, " ", v1::DossierStatus_Name(status)),
             l);
    }
    return;
  }
  if (message.empty()) Broken("refused without a message", l);
  switch (static_cast<absl::StatusCode>(code)) {
    case absl::StatusCode::kNotFound:
      if (known != nullptr) Broken("NOT_FOUND for a known pair", l);
      if (malformed) Broken("NOT_FOUND for a malformed lookup", l);
      if (first_not_found.empty()) first_not_found = message;
      if (message != first_not_found) {
        Broken("NOT_FOUND says \"" + message + "\", earlier \"" +
                   first_not_found + "\"",
               l);
      }
      return;
    case absl::StatusCode::kInvalidArgument:
      if (!malformed) {
        Broken("INVALID_ARGUMENT for fields within their limits: " + message,
               l);
      }
      return;
    case absl::StatusCode::kResourceExhausted:
      // Admission (lookups in progress) comes before the request is read,
      // so it may refuse a malformed one; the rates come after validation.
      if (malformed &&
          !absl::StrContains(message, "most public lookups in progress")) {
        Broken("RESOURCE_EXHAUSTED before INVALID_ARGUMENT", l);
      }
      return;
    default:
      Broken(absl::StrCat("refused with code ", code, ": ", message), l);
  }
}

void ThroughService(ServiceHarness& h, const Lookup& l) {
  absl::StatusOr<service::PublicStatus> s =
      h.application().dossiers().Lookup(l.code, l.id_number, l.client);
  tally[absl::StrCat("direct ", absl::StatusCodeToString(s.status().code()))]++;
  if (verbose) {
    std::fprintf(stderr, "%s\n",
                 s.ok() ? absl::StrCat("OK ", s->code).c_str()
                        : s.status().ToString().c_str());
  }
  if (!s.ok()) {
    CheckAnswer(l, static_cast<int>(s.status().code()),
                std::string(s.status().message()), "",
                v1::DOSSIER_STATUS_UNSPECIFIED);
    return;
  }
  CheckAnswer(l, 0, "", s->code, static_cast<v1::DossierStatus>(s->status));
}

void ThroughGrpc(ServiceHarness& h, const Lookup& l) {
  v1::LookupDossierStatusRequest request;
  request.set_code(l.code);
  request.set_applicant_id_number(l.id_number);
  if (!SurvivesTheWire(request)) return;  // refused by gRPC's decoder
  v1::PublicDossierStatus response;
  grpc::Status s = h.dossiers().LookupDossierStatus(h.As(Caller::kNobody).get(),
                                                    request, &response);
  tally[absl::StrCat("grpc ",
                     absl::StatusCodeToString(
                         static_cast<absl::StatusCode>(s.error_code())))]++;
  if (verbose) {
    std::fprintf(stderr, "%d %s\n", s.error_code(),
                 s.ok() ? response.ShortDebugString().c_str()
                        : s.error_message().c_str());
  }
  if (s.ok()) {
    const std::string undefined = FirstUndefinedEnum(response);
    if (!undefined.empty()) Broken("answered with " + undefined, l);
    const std::string bytes = response.SerializeAsString();
    for (const Known& k : kKnown) {
      if (absl::StrContains(bytes, k.id_number) ||
          absl::StrContains(bytes, k.name)) {
        Broken("the answer carries an applicant's name or number: " +
                   response.ShortDebugString(),
               l);
      }
    }
  }
  CheckAnswer(l, s.error_code(), s.error_message(), response.code(),
              response.status());
}

}  // namespace
}  // namespace motcua::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua::fuzz;
  absl::string_view input(reinterpret_cast<const char*>(data), size);
  absl::string_view fields[4];
  for (int i = 0; i < 3; ++i) {
    const size_t newline = input.find('\n');
    fields[i] = input.substr(0, newline);
    input = newline == absl::string_view::npos ? absl::string_view()
                                               : input.substr(newline + 1);
  }
  fields[3] = input;

  ServiceHarness& h = Harness();
  const size_t space = fields[0].find(' ');
  int64_t advance = 0;
  if (absl::SimpleAtoi(fields[0].substr(0, space), &advance) && advance > 0) {
    clock_offset_seconds += std::min(advance, kMaxAdvanceSeconds);
  }
  int repeats = 1;
  if (space != absl::string_view::npos &&
      (!absl::SimpleAtoi(fields[0].substr(space + 1), &repeats) ||
       repeats < 1 || repeats > kMaxRepeats)) {
    repeats = 1;
  }
  Lookup l{fields[1] == "grpc", std::string(fields[1]), std::string(fields[2]),
           std::string(fields[3])};
  for (int i = 0; i < repeats; ++i) {
    if (verbose) {
      std::fprintf(stderr, "%s %s \"%s\" \"%s\" -> ",
                   absl::CHexEscape(fields[0]).c_str(),
                   absl::CHexEscape(fields[1]).c_str(),
                   absl::CHexEscape(fields[2]).c_str(),
                   absl::CHexEscape(fields[3]).c_str());
    }
    if (l.through_grpc) {
      ThroughGrpc(h, l);
    } else {
      ThroughService(h, l);
    }
  }
  return 0;
}
