// The dossier operations of the API, whatever transport carries them:
// submit, receive, change status, apologise, hand to an agency, finish a
// step, import past histories, get, list and the public status lookup.
// Each takes the authenticated caller and core types, applies every rule of
// who may do what and when, and answers core types.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "core/dossier.h"
#include "core/dossier_history.h"
#include "service/catalogue_state.h"
#include "service/domain_state.h"
#include "service/rate_limiter.h"
#include "service/write_options.h"
#include "storage/store.h"

namespace motcua::service {

// How often the public status lookup answers (token buckets): per client
// address, and per dossier code whoever asks (guessing the identity number
// behind one known code).
struct LookupPolicy {
  double per_address_per_minute = 20;
  double address_burst = 20;
  double per_code_per_hour = 10;
  double code_burst = 10;
  size_t max_tracked = 100000;  // addresses and codes remembered at once
  // A lookup that reads the store answers no sooner than this after it
  // began, found or not: reading and parsing a known code's record takes
  // longer than missing an unknown one, and the floor (above both on this
  // machine) keeps the answer's timing from telling which.
  absl::Duration answer_floor = absl::Milliseconds(5);
};

// The key a lookup client's rate is counted under, from its address as
// gRPC names a peer ("ipv4:192.0.2.7", "ipv6:[2001:db8::1]"): an IPv4
// address whole (an IPv4-mapped IPv6 one too), an IPv6 address by its /64
// ("ipv6:2001:db8:0:0::/64"): one subscriber's network, whose hosts may take
// any of 2^64 addresses. Anything else is its own key.
std::string LookupClientKey(absl::string_view client);

// A dossier as a caller may see it: the applicant and the notes only when
// `with_personal_data` (the transport leaves them out otherwise).
struct DossierView {
  core::Dossier dossier;
  bool with_personal_data = false;
};

// `d` as `caller` may see it (core::MaySeePersonalData): what every
// operation answering dossiers returns.
DossierView ViewFor(const core::Principal& caller, core::Dossier d);

struct DossierWithHistory {
  DossierView view;
  std::vector<core::DossierEvent>
      history;  // notes cleared without personal data
};

struct Receipt {
  DossierView view;
  std::string procedure_name;  // as of the reception day; empty if unknown
  std::string agency_name;
  absl::CivilDay due_date;
  bool due_date_provisional = true;  // the due year's calendar is provisional
};

struct SubmitRequest {
  std::string agency_code;
  std::string procedure_code;
  core::Applicant applicant;
  WriteOptions write;
};

// Either a submitted dossier's code, or a new dossier handed in.
struct ReceiveRequest {
  std::string submitted_code;
  std::string agency_code;
  std::string procedure_code;
  core::Channel channel = core::Channel::kUnspecified;
  core::Applicant applicant;
  WriteOptions write;
};

struct ListRequest {
  core::Scope scope;
  std::optional<core::DossierStatus> status;
  std::optional<absl::CivilDay> received_from;
  std::optional<absl::CivilDay> received_to;
  bool overdue_only = false;
  int page_size = 0;
  std::string page_token;
};

struct DossierList {
  std::vector<DossierView> dossiers;
  std::string next_page_token;
};

// One past history to import, as the old system knew it.
struct HistoricalInput {
  std::string code;
  std::string agency_code;
  std::string procedure_code;
  core::Channel channel = core::Channel::kUnspecified;
  core::Applicant applicant;
  absl::Time created_at;
  bool submitted_online = false;
  std::string principal;  // empty: the caller's
  // What applied then, where the old system knew better than the catalogue.
  std::optional<core::ProcessingTime> processing_time;
  int online_level = 0;  // 0: the catalogue's
  core::OnlineClass online_class = core::OnlineClass::kUnspecified;
  // Events in time order; an empty actor principal means the caller's.
  std::vector<core::HistoricalEvent> events;
  // The line as received, for its idempotency (see WriteOptions).
  std::string request_bytes;
  // What the transport could not read in the line (a malformed instant,
  // an unknown status ...): the line is refused with it.
  absl::Status malformed;
};

enum class ImportOutcome { kImported, kUnchanged, kRefused };

struct ImportResult {
  std::string code;
  ImportOutcome outcome = ImportOutcome::kRefused;
  std::string reason;  // why it was refused
};

// What the public may know of a dossier it can name fully.
struct PublicStatus {
  std::string code;
  core::DossierStatus status = core::DossierStatus::kUnspecified;
  std::optional<absl::Time> received_at;
  std::optional<absl::Time> due_at;
  std::optional<absl::Time> extended_due_at;
  std::optional<absl::Time> returned_at;
};

class Dossiers {
 public:
  Dossiers(storage::Store& store, DomainState& domain,
           CatalogueState& catalogue, TimePolicy policy,
           std::function<absl::Time()> clock,
           LookupPolicy lookup = LookupPolicy());

  absl::StatusOr<DossierView> Submit(const core::Principal& caller,
                                     const SubmitRequest& request);
  absl::StatusOr<Receipt> Receive(const core::Principal& caller,
                                  const ReceiveRequest& request);
  // `to` any status but RECEIVED (Receive assigns the due date); `outcome`
  // GRANTED or REFUSED when resolving, else unspecified.
  absl::StatusOr<DossierView> ChangeStatus(const core::Principal& caller,
                                           const std::string& code,
                                           core::DossierStatus to,
                                           core::Outcome outcome,
                                           const WriteOptions& write);
  absl::StatusOr<DossierView> Apologize(const core::Principal& caller,
                                        const std::string& code,
                                        absl::Time new_due_at,
                                        const WriteOptions& write);
  absl::StatusOr<DossierView> HandToAgency(const core::Principal& caller,
                                           const std::string& code,
                                           const std::string& agency_code,
                                           const core::ProcessingTime& allotted,
                                           const WriteOptions& write);
  absl::StatusOr<DossierView> FinishStep(const core::Principal& caller,
                                         const std::string& code,
                                         const WriteOptions& write);
  absl::StatusOr<DossierWithHistory> Get(const core::Principal& caller,
                                         const std::string& code);
  absl::StatusOr<DossierList> List(const core::Principal& caller,
                                   const ListRequest& request);
  // Each history on its own (a refusal never blocks the others); at most
  // 1,000 per call. ADMIN or IMPORT only.
  absl::StatusOr<std::vector<ImportResult>> Import(
      const core::Principal& caller, const std::vector<HistoricalInput>& in);
  // No token: the same NotFound, after the same work and no sooner than
  // LookupPolicy::answer_floor, for an unknown code and a wrong identity
  // number, so the lookup reveals nothing of dossiers one cannot name. `client`
  // (the caller's address) and the code each have a rate (LookupPolicy): beyond
  // it, ResourceExhausted saying when to come back. Refusals are logged at a
  // bounded rate, without the identity number.
  absl::StatusOr<PublicStatus> Lookup(const std::string& code,
                                      const std::string& applicant_id_number,
                                      const std::string& client);

 private:
  // The start every write shares: the write options validated, the
  // request's idempotency key and the instant its event happened. A retry
  // of a write already applied (AIP-155) is answered by the store's write
  // itself (DossierWrite::replayed), so a first call asks the store once;
  // only when a check fails before the store is asked (the back-dating
  // window, the catalogue in force today: they may have moved since the
  // first call passed them) is the request id looked up (AppliedOr).
  struct WriteCall {
    storage::RequestKey key;
    // The first answer, when the event's instant was refused for a retry.
    std::optional<storage::DossierWrite> replayed;
    absl::Time at;  // set when not replayed
  };
  absl::StatusOr<WriteCall> BeginWrite(absl::string_view method,
                                       const core::Principal& caller,
                                       const WriteOptions& write);
  // `failed` (a check made before the store was asked), unless `key` was
  // applied already: then the first answer. An error reading the store
  // comes first.
  absl::StatusOr<storage::DossierWrite> AppliedOr(
      const storage::RequestKey& key, absl::Status failed);
  // Applies the change `build` returns to dossier `code`, after `allowed`
  // passes for the caller.
  using Build = std::function<absl::StatusOr<core::DossierChange>(
      const Domain&, const core::CatalogueIndex&, const core::Dossier&,
      absl::Time at, const core::Actor&)>;
  absl::StatusOr<DossierView> Update(
      absl::string_view method, const core::Principal& caller,
      const std::string& code, const WriteOptions& write, const Build& build,
      absl::Status (*allowed)(const core::Principal&, const core::Dossier&) =
          core::CheckCanWriteDossier);
  absl::StatusOr<storage::DossierWrite> Create(
      const core::Principal& caller, const std::string& agency_code,
      const std::string& procedure_code, core::Channel channel,
      const core::Applicant& applicant, bool submitted_only,
      const WriteCall& call, const std::string& note);
  ImportResult ImportOne(const core::Principal& caller, const Domain& domain,
                         const core::CatalogueIndex& catalogue,
                         const HistoricalInput& h);

  storage::Store& store_;
  DomainState& domain_;
  CatalogueState& catalogue_;
  TimePolicy policy_;
  std::function<absl::Time()> clock_;
  RateLimiter lookups_by_client_;
  RateLimiter lookups_by_code_;
  absl::Duration lookup_answer_floor_;
};

}  // namespace motcua::service
