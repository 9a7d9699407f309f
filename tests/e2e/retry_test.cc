// Clients that time out and retry with the same request id (AIP-155),
// against the real motcua-server: each write applies once, every retry
// answers what the first application answered, and the statistics count
// each dossier once.
#include <chrono>
#include <future>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/motcua_client.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/e2e/durability_testing.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using Stub = v1::DossierService::Stub;

// Deadlines of impatient first attempts, taken in turn: around what a
// write takes on loopback, so that some expire before the server sees the
// call, some while it applies it, and some are answered in time.
constexpr std::chrono::microseconds kImpatient[] = {
    std::chrono::microseconds(25),  std::chrono::microseconds(50),
    std::chrono::microseconds(100), std::chrono::microseconds(200),
    std::chrono::microseconds(400), std::chrono::microseconds(800)};

const v1::Dossier& DossierOf(const v1::Dossier& d) { return d; }
const v1::Dossier& DossierOf(const v1::Receipt& r) { return r.dossier(); }

// What a single application of the test's writes adds to the statistics.
struct Expected {
  int received = 0;
  int online = 0;  // of the received, submitted online first
  int resolved = 0;
  int in_progress = 0;
  int steps = 0;  // inter-agency steps handed to Nam Hà and finished
};

class RetriedWrites : public ::testing::TestWithParam<ServerEngine> {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        dir_.Sub("data"), DemoServerFlags(GetParam(), dir_.Sub("data")));
    ASSERT_TRUE(server_->started()) << server_->output();
    client::ClientOptions options;
    options.address = server_->address();
    options.token = ReadAdminToken(dir_.Sub("data"));
    client_ = std::make_unique<client::Client>(options);
  }

  // `method` with `request` as an impatient client makes it: first with a
  // deadline that expires while the server works, then with the same
  // request (the same request id) and a normal deadline, then once more.
  // Every answer given must be the same; returns the retry's.
  template <typename Request, typename Response>
  Response WithRetries(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                    const Request&, Response*),
                       const Request& request) {
    grpc::ClientContext impatient;
    client_->Prepare(&impatient);
    impatient.set_deadline(std::chrono::system_clock::now() +
                           kImpatient[writes_ % std::size(kImpatient)]);
    Response first;
    const grpc::Status s =
        (client_->dossiers()->*method)(&impatient, request, &first);
    const absl::Time retried_at = absl::Now();
    absl::StatusOr<Response> retry =
        client_->Call(method, *client_->dossiers(), request);
    absl::StatusOr<Response> again =
        client_->Call(method, *client_->dossiers(), request);
    const std::string what = request.ShortDebugString();
    EXPECT_TRUE(retry.ok()) << what << ": " << retry.status();
    EXPECT_TRUE(again.ok()) << what << ": " << again.status();
    if (!retry.ok() || !again.ok()) return Response();
    if (s.ok()) {
      EXPECT_TRUE(MessageDifferencer::Equals(first, *retry)) << what;
    } else {
      EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << what;
      timed_out_.push_back(
          {DossierOf(*retry).code(), DossierOf(*retry).version(), retried_at});
    }
    EXPECT_TRUE(MessageDifferencer::Equals(*retry, *again))
        << what << "\nretry: " << retry->ShortDebugString()
        << "\nagain: " << again->ShortDebugString();
    ++writes_;
    return *retry;
  }

  // `method` with `request` sent by several clients at once, the same
  // request id; two of them give up within a millisecond. Every answer
  // given must be the same; returns it.
  template <typename Request, typename Response>
  Response Concurrently(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                     const Request&, Response*),
                        const Request& request) {
    constexpr int kCopies = 6;
    std::promise<void> go;
    std::shared_future<void> start = go.get_future().share();
    std::vector<std::future<std::pair<grpc::Status, Response>>> answers;
    for (int i = 0; i < kCopies; ++i) {
      answers.push_back(std::async(std::launch::async, [&, i, start] {
        grpc::ClientContext context;
        client_->Prepare(&context);
        Response response;
        start.wait();
        if (i < 2) {
          context.set_deadline(std::chrono::system_clock::now() +
                               kImpatient[i]);
        }
        const grpc::Status s =
            (client_->dossiers()->*method)(&context, request, &response);
        return std::make_pair(s, response);
      }));
    }
    go.set_value();
    std::vector<Response> given;
    for (int i = 0; i < kCopies; ++i) {
      auto [s, response] = answers[i].get();
      if (i < 2 && s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
        continue;
      }
      EXPECT_TRUE(s.ok()) << request.ShortDebugString() << ": "
                          << s.error_message();
      if (s.ok()) given.push_back(response);
    }
    if (given.empty()) return Response();
    for (const Response& r : given) {
      EXPECT_TRUE(MessageDifferencer::Equals(r, given.front()))
          << request.ShortDebugString() << "\n"
          << r.ShortDebugString() << "\n"
          << given.front().ShortDebugString();
    }
    ++writes_;
    return given.front();
  }

  static v1::Applicant Applicant() {
    v1::Applicant a;
    a.set_kind(v1::Applicant::PERSON);
    a.set_name("Lê Thị Hoa");
    a.set_id_number("042190001111");
    return a;
  }
  static v1::WriteOptions Write(const std::string& request_id) {
    v1::WriteOptions w;
    w.set_request_id(request_id);
    return w;
  }
  static v1::ReceiveDossierRequest NewReception(const std::string& id,
                                                v1::Channel channel) {
    v1::ReceiveDossierRequest r;
    *r.mutable_write() = Write(id);
    r.set_agency_code("H29.18070");
    r.set_procedure_code("1.000894");  // 5 working days: resolved early
    r.set_channel(channel);
    *r.mutable_applicant() = Applicant();
    return r;
  }
  static v1::ChangeDossierStatusRequest Move(
      const std::string& id, const std::string& code, v1::DossierStatus to,
      v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED) {
    v1::ChangeDossierStatusRequest r;
    *r.mutable_write() = Write(id);
    r.set_code(code);
    r.set_status(to);
    r.set_outcome(outcome);
    return r;
  }
  static v1::HandDossierToAgencyRequest HandToNamHa(const std::string& id,
                                                    const std::string& code) {
    v1::HandDossierToAgencyRequest r;
    *r.mutable_write() = Write(id);
    r.set_code(code);
    r.set_agency_code("H29.18073");
    r.mutable_allotted()->set_amount(3);
    r.mutable_allotted()->set_unit(v1::WORKING_DAYS);
    return r;
  }
  static v1::FinishDossierStepRequest FinishStep(const std::string& id,
                                                 const std::string& code) {
    v1::FinishDossierStepRequest r;
    *r.mutable_write() = Write(id);
    r.set_code(code);
    return r;
  }

  // The statistics of today (local) equal `e` exactly, and the store
  // recounts clean with `e.received` dossiers: one per creating request.
  void ExpectStatistics(const Expected& e) {
    const absl::CivilDay today =
        absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(7 * 3600));
    v1::Period period;
    *period.mutable_from() = client::ToDate(today);
    *period.mutable_to() = client::ToDate(today);
    v1::GetReportRequest report;
    report.mutable_scope()->set_kind(v1::Scope::AGENCY);
    report.mutable_scope()->set_code("H29.18070");
    *report.mutable_period() = period;
    absl::StatusOr<v1::Report> r =
        client_->Call(&v1::StatisticsService::Stub::GetReport,
                      *client_->statistics(), report);
    ASSERT_TRUE(r.ok()) << r.status();
    const v1::Form06Row& t = r->total();
    EXPECT_EQ(t.received_total(), e.received);
    EXPECT_EQ(t.received_online(), e.online);
    EXPECT_EQ(t.received_direct_postal(), e.received - e.online);
    EXPECT_EQ(t.received_online_level3(), e.online);
    EXPECT_EQ(t.resolved_total(), e.resolved);
    EXPECT_EQ(t.resolved_early(), e.resolved);
    EXPECT_EQ(t.in_progress_total(), e.in_progress);
    EXPECT_EQ(t.in_progress_within_time(), e.in_progress);
    EXPECT_EQ(t.awaiting_supplement(), 0);

    // Nam Hà's steps, in the district's agency rows.
    report.mutable_scope()->set_kind(v1::Scope::DISTRICT);
    report.mutable_scope()->set_code("436");
    report.set_breakdown(v1::GetReportRequest::AGENCY);
    r = client_->Call(&v1::StatisticsService::Stub::GetReport,
                      *client_->statistics(), report);
    ASSERT_TRUE(r.ok()) << r.status();
    int64_t steps_early = -1;
    for (const v1::Form06Row& row : r->rows()) {
      if (row.key() == "H29.18073") steps_early = row.steps_early();
    }
    EXPECT_EQ(steps_early, e.steps);

    v1::GetRatesRequest rates;
    rates.mutable_scope()->set_kind(v1::Scope::AGENCY);
    rates.mutable_scope()->set_code("H29.18070");
    *rates.mutable_period() = period;
    absl::StatusOr<v1::RatesReport> got = client_->Call(
        &v1::StatisticsService::Stub::GetRates, *client_->statistics(), rates);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->total().early().numerator(), e.resolved);
    EXPECT_EQ(got->total().early().denominator(), e.resolved);
    EXPECT_EQ(got->total().progress_index().numerator(),
              e.resolved + e.in_progress);
    EXPECT_EQ(got->total().progress_index().denominator(),
              e.resolved + e.in_progress);
    EXPECT_EQ(got->total().online_level3().numerator(), e.online);
    EXPECT_EQ(got->total().online_level3().denominator(), e.received);

    absl::StatusOr<int64_t> verified = VerifyStoreClean(*client_);
    ASSERT_TRUE(verified.ok()) << verified.status();
    EXPECT_EQ(*verified, e.received);
  }

  // How many of the timed-out first attempts the server had applied
  // before the retry arrived (their event was recorded before it).
  int AppliedBeforeTheRetry() {
    std::map<std::string, v1::DossierWithHistory> read;
    int applied = 0;
    for (const TimedOut& t : timed_out_) {
      if (read.count(t.code) == 0) {
        v1::GetDossierRequest get;
        get.set_code(t.code);
        absl::StatusOr<v1::DossierWithHistory> d =
            client_->Call(&Stub::GetDossier, *client_->dossiers(), get);
        EXPECT_TRUE(d.ok()) << d.status();
        read[t.code] = d.ok() ? *d : v1::DossierWithHistory();
      }
      const v1::DossierWithHistory& d = read[t.code];
      if (t.version < 1 || t.version > d.history_size()) continue;
      const google::protobuf::Timestamp& at =
          d.history(t.version - 1).recorded_at();
      if (absl::FromUnixSeconds(at.seconds()) + absl::Nanoseconds(at.nanos()) <
          t.retried_at) {
        ++applied;
      }
    }
    return applied;
  }

  struct TimedOut {
    std::string code;
    int64_t version;
    absl::Time retried_at;
  };
  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<client::Client> client_;
  int writes_ = 0;
  std::vector<TimedOut> timed_out_;
};

TEST_P(RetriedWrites, TimedOutWritesRetriedWithTheSameIdApplyOnce) {
  constexpr int kDossiers = 40;
  Expected e;
  for (int i = 0; i < kDossiers; ++i) {
    const std::string id = absl::StrCat("retry-", i, "-");
    // The dossier as the last answer gave it, and the writes made to it:
    // applied once each, its version counts them.
    v1::Dossier d;
    int writes = 0;
    auto write = [&](auto method, const auto& request) {
      d = DossierOf(WithRetries(method, request));
      ++writes;
    };
    if (i % 3 == 0) {
      v1::SubmitDossierRequest submit;
      *submit.mutable_write() = Write(id + "submit");
      submit.set_agency_code("H29.18070");
      submit.set_procedure_code("1.000894");
      *submit.mutable_applicant() = Applicant();
      write(&Stub::SubmitDossier, submit);
      ASSERT_FALSE(d.code().empty());
      v1::ReceiveDossierRequest accept;
      *accept.mutable_write() = Write(id + "receive");
      accept.set_submitted_code(d.code());
      write(&Stub::ReceiveDossier, accept);
      ++e.online;
    } else {
      write(&Stub::ReceiveDossier,
            NewReception(id + "receive", i % 2 == 0 ? v1::POSTAL : v1::DIRECT));
    }
    const std::string code = d.code();
    ASSERT_FALSE(code.empty());
    ++e.received;
    write(&Stub::ChangeDossierStatus,
          Move(id + "processing", code, v1::PROCESSING));
    if (i % 4 == 0) {
      write(&Stub::HandDossierToAgency, HandToNamHa(id + "hand", code));
      write(&Stub::FinishDossierStep, FinishStep(id + "finish", code));
      ++e.steps;
    }
    if (i % 6 == 1) {
      write(&Stub::ChangeDossierStatus,
            Move(id + "supplement", code, v1::AWAITING_SUPPLEMENT));
      write(&Stub::ChangeDossierStatus,
            Move(id + "supplied", code, v1::PROCESSING));
    }
    if (i % 5 == 0) {
      v1::ApologizeForDossierRequest apology;
      *apology.mutable_write() = Write(id + "apology");
      apology.set_code(code);
      apology.mutable_new_due_at()->set_seconds(d.due_at().seconds() +
                                                7 * 24 * 3600);
      write(&Stub::ApologizeForDossier, apology);
    }
    if (i % 5 == 1) {
      ++e.in_progress;
    } else {
      write(&Stub::ChangeDossierStatus,
            Move(id + "resolved", code, v1::RESOLVED, v1::GRANTED));
      write(&Stub::ChangeDossierStatus,
            Move(id + "returned", code, v1::RETURNED));
      ++e.resolved;
    }
    EXPECT_EQ(d.version(), writes) << code;
  }
  ExpectStatistics(e);
  const int applied = AppliedBeforeTheRetry();
  std::cout << "retries test: " << writes_ << " writes on " << kDossiers
            << " dossiers, each sent 3 times; " << timed_out_.size()
            << " first attempts timed out, " << applied
            << " of them applied by the server before the retry\n";
  // Not vacuous: many first attempts time out, and some of those were
  // applied all the same, so their retries are replays.
  EXPECT_GE(timed_out_.size(), static_cast<size_t>(writes_ / 10));
  EXPECT_GE(applied, 1);
}

TEST_P(RetriedWrites, ConcurrentCopiesOfARequestApplyOnce) {
  constexpr int kDossiers = 10;
  Expected e;
  for (int i = 0; i < kDossiers; ++i) {
    const std::string id = absl::StrCat("copies-", i, "-");
    const std::string code =
        Concurrently(&Stub::ReceiveDossier,
                     NewReception(id + "receive", v1::DIRECT))
            .dossier()
            .code();
    ASSERT_FALSE(code.empty());
    Concurrently(&Stub::ChangeDossierStatus,
                 Move(id + "processing", code, v1::PROCESSING));
    Concurrently(&Stub::HandDossierToAgency, HandToNamHa(id + "hand", code));
    Concurrently(&Stub::FinishDossierStep, FinishStep(id + "finish", code));
    Concurrently(&Stub::ChangeDossierStatus,
                 Move(id + "resolved", code, v1::RESOLVED, v1::GRANTED));
    const v1::Dossier returned = Concurrently(
        &Stub::ChangeDossierStatus, Move(id + "returned", code, v1::RETURNED));
    EXPECT_EQ(returned.version(), 6) << code << ": six writes, once each";
    ++e.received;
    ++e.resolved;
    ++e.steps;
  }
  ExpectStatistics(e);
  std::cout << "retries test: " << writes_ << " writes on " << kDossiers
            << " dossiers, each sent by 6 clients at once\n";
}

INSTANTIATE_TEST_SUITE_P(Engines, RetriedWrites,
                         ::testing::ValuesIn(ServerEngines()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace motcua::testing
