#include "client/load_traffic.h"

#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace motcua::client {

struct Traffic::Step {
  enum Kind {
    kSubmit,
    kReceiveNew,
    kReceiveSubmitted,
    kStatus,
    kHand,
    kFinish
  };
  explicit Step(Kind k, v1::DossierStatus to = v1::DOSSIER_STATUS_UNSPECIFIED,
                v1::Outcome result = v1::OUTCOME_UNSPECIFIED)
      : kind(k), status(to), outcome(result) {}
  // The DossierService method the step calls.
  const char* rpc() const {
    switch (kind) {
      case kSubmit:
        return "SubmitDossier";
      case kReceiveNew:
      case kReceiveSubmitted:
        return "ReceiveDossier";
      case kStatus:
        return "ChangeDossierStatus";
      case kHand:
        return "HandDossierToAgency";
      case kFinish:
        return "FinishDossierStep";
    }
    return "";
  }
  Kind kind;
  v1::DossierStatus status = v1::DOSSIER_STATUS_UNSPECIFIED;
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  std::optional<absl::Time> at;  // unset: now, as the server sees it
};

struct Traffic::Life {
  std::string code;
  std::string agency;
  std::string procedure;
  std::string other_agency;  // for an inter-agency step
  v1::Channel channel = v1::DIRECT;
  std::vector<Step> steps;
  size_t next = 0;
  // The request id of the next step's write: kept when the write is sent
  // again after a failure, so that the server applies it once.
  std::string request_id;
  int retries = 0;  // of the next step, so far
};

namespace {

template <typename Request, typename Response>
struct PendingCall {
  grpc::ClientContext context;
  Request request;
  Response response;
  absl::Time began = absl::Now();
};

// Starts `call` through `start`, which calls one method of an async stub
// with the call's context, request and response; once the call finished,
// runs `then(status, call)` and frees it.
template <typename Request, typename Response, typename Start, typename Then>
void Send(Client& client, PendingCall<Request, Response>* call, Start start,
          Then then) {
  client.Prepare(&call->context);
  // While the server restarts (a crash test kills it), calls wait for it
  // until their deadline instead of failing at once by the thousand; calls
  // a crash cut off still fail, UNAVAILABLE.
  call->context.set_wait_for_ready(true);
  start(&call->context, &call->request, &call->response,
        [call, then](grpc::Status s) {
          then(s, *call);
          delete call;
        });
}

template <typename List, typename Response, typename Method>
absl::Status ListAll(Client& client, Method method, List* out,
                     List (*take)(const Response&)) {
  v1::ListCatalogueRequest r;
  r.set_page_size(5000);
  do {
    MOTCUA_ASSIGN_OR_RETURN(Response page,
                            client.Call(method, *client.catalogue(), r));
    for (const auto& e : take(page)) out->Add()->CopyFrom(e);
    r.set_page_token(page.next_page_token());
  } while (!r.page_token().empty());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LoadCatalogue> FetchLoadCatalogue(Client& client) {
  google::protobuf::RepeatedPtrField<v1::Unit> units;
  google::protobuf::RepeatedPtrField<v1::Agency> agencies;
  google::protobuf::RepeatedPtrField<v1::Procedure> procedures;
  absl::Status s = ListAll<google::protobuf::RepeatedPtrField<v1::Unit>,
                           v1::ListUnitsResponse>(
      client, &v1::CatalogueService::Stub::ListUnits, &units,
      [](const v1::ListUnitsResponse& r) { return r.units(); });
  if (s.ok()) {
    s = ListAll<google::protobuf::RepeatedPtrField<v1::Agency>,
                v1::ListAgenciesResponse>(
        client, &v1::CatalogueService::Stub::ListAgencies, &agencies,
        [](const v1::ListAgenciesResponse& r) { return r.agencies(); });
  }
  if (s.ok()) {
    s = ListAll<google::protobuf::RepeatedPtrField<v1::Procedure>,
                v1::ListProceduresResponse>(
        client, &v1::CatalogueService::Stub::ListProcedures, &procedures,
        [](const v1::ListProceduresResponse& r) { return r.procedures(); });
  }
  if (!s.ok()) return s;
  LoadCatalogue c;
  for (const v1::Unit& u : units) {
    if (u.level() == v1::PROVINCE) c.province = u.code();
    if (u.level() == v1::DISTRICT) c.districts.push_back(u.code());
  }
  c.agencies.assign(agencies.begin(), agencies.end());
  c.procedures.assign(procedures.begin(), procedures.end());
  if (c.agencies.empty() || c.procedures.empty() || c.districts.empty()) {
    return absl::FailedPreconditionError(
        "the server's catalogue has no agency, procedure or district");
  }
  return c;
}

Traffic::Traffic(Client& client, LoadCatalogue catalogue,
                 TrafficOptions options, LoadStats& stats,
                 AcknowledgedWritesLog* acknowledged)
    : client_(client),
      catalogue_(std::move(catalogue)),
      options_(options),
      stats_(stats),
      acknowledged_(acknowledged),
      random_(options.seed) {}

Traffic::~Traffic() = default;

std::string Traffic::PickDistrict() {
  return catalogue_.districts[std::uniform_int_distribution<size_t>(
      0, catalogue_.districts.size() - 1)(random_)];
}

double Traffic::Uniform() {
  return std::uniform_real_distribution<double>(0, 1)(random_);
}

std::unique_ptr<Traffic::Life> Traffic::NewLife() {
  auto life = std::make_unique<Life>();
  const auto pick = [&](size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(random_);
  };
  const v1::Procedure& p =
      catalogue_.procedures[pick(catalogue_.procedures.size())];
  std::vector<const v1::Agency*> fitting;
  for (const v1::Agency& a : catalogue_.agencies) {
    if (a.level() == p.level()) fitting.push_back(&a);
  }
  life->procedure = p.code();
  life->agency =
      fitting.empty()
          ? catalogue_.agencies[pick(catalogue_.agencies.size())].code()
          : fitting[pick(fitting.size())]->code();
  life->other_agency =
      catalogue_.agencies[pick(catalogue_.agencies.size())].code();
  using S = Step;
  if (Uniform() < options_.online_share) {
    life->channel = v1::ONLINE;
    life->steps.emplace_back(S::kSubmit);
    life->steps.emplace_back(S::kReceiveSubmitted);
  } else {
    life->channel = Uniform() < options_.postal_share ? v1::POSTAL : v1::DIRECT;
    life->steps.emplace_back(S::kReceiveNew);
  }
  life->steps.emplace_back(S::kStatus, v1::PROCESSING);
  if (Uniform() < options_.supplement_share) {
    life->steps.emplace_back(S::kStatus, v1::AWAITING_SUPPLEMENT);
    life->steps.emplace_back(S::kStatus, v1::PROCESSING);
  }
  if (Uniform() < options_.step_share) {
    life->steps.emplace_back(S::kHand);
    life->steps.emplace_back(S::kFinish);
  }
  if (Uniform() < options_.withdrawn_share) {
    life->steps.emplace_back(S::kStatus, v1::WITHDRAWN);
  } else {
    life->steps.emplace_back(S::kStatus, v1::RESOLVED, v1::GRANTED);
    life->steps.emplace_back(S::kStatus, v1::RETURNED);
  }
  if (Uniform() < options_.late_share) {
    // Received 45 days ago, each step a little later, the last one now:
    // most procedures take under 30 working days, so it ends late.
    const absl::Time now = absl::Now();
    const size_t n = life->steps.size();
    for (size_t i = 0; i < n; ++i) {
      life->steps[i].at = now - absl::Hours(24 * 45) +
                          absl::Hours(24 * 44) * static_cast<double>(i) /
                              static_cast<double>(n);
    }
  }
  return life;
}

void Traffic::StartDesk(std::function<void()> done) {
  std::unique_ptr<Life> life;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!lives_.empty()) {
      life = std::move(lives_.front());
      lives_.pop_front();
    } else {
      life = NewLife();
    }
  }
  Advance(std::move(life), std::move(done));
}

void Traffic::Finish(std::unique_ptr<Life> life, const std::string& op,
                     absl::Time began, const grpc::Status& s,
                     const v1::Dossier& answer, const std::string& request_id,
                     const std::function<void()>& done) {
  stats_.Record(op, absl::Now() - began, s.error_code());
  if (s.ok() && acknowledged_ != nullptr) {
    const absl::Status recorded =
        acknowledged_->Record({life->steps[life->next].rpc(), answer.code(),
                               answer.version(), answer.status(), request_id});
    if (!recorded.ok() && unrecorded_.fetch_add(1) == 0) {
      std::cerr << "motcua-load: " << recorded.message() << "\n";
    }
  }
  if (s.ok()) {
    life->request_id.clear();
    life->retries = 0;
    if (++life->next < life->steps.size()) {
      std::lock_guard<std::mutex> lock(mutex_);
      lives_.push_back(std::move(life));
    }
  } else if ((s.error_code() == grpc::StatusCode::UNAVAILABLE ||
              s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) &&
             life->retries < options_.retries) {
    // Its outcome is unknown: the next desk call sends it again, same id.
    ++life->retries;
    std::lock_guard<std::mutex> lock(mutex_);
    lives_.push_front(std::move(life));
  }
  done();
}

void Traffic::Advance(std::unique_ptr<Life> life, std::function<void()> done) {
  const Step& step = life->steps[life->next];
  v1::WriteOptions write;
  if (life->request_id.empty()) {
    life->request_id = absl::StrCat("load-", options_.seed, "-",
                                    absl::ToUnixMicros(absl::Now()), "-",
                                    requests_.fetch_add(1));
  }
  write.set_request_id(life->request_id);
  if (step.at) {
    const int64_t micros = absl::ToUnixMicros(*step.at);
    write.mutable_occurred_at()->set_seconds(micros / 1000000);
    write.mutable_occurred_at()->set_nanos(static_cast<int>(micros % 1000000) *
                                           1000);
  }
  Life* raw = life.release();  // owned by the callback until it runs
  auto finish = [this, raw, done, id = write.request_id()](
                    const char* op, absl::Time began, const grpc::Status& s,
                    const v1::Dossier& answer) {
    Finish(std::unique_ptr<Life>(raw), op, began, s, answer, id, done);
  };
  auto applicant = [](v1::Applicant* a) {
    a->set_kind(v1::Applicant::PERSON);
    a->set_name("Nguyễn Văn Tải");
    a->set_id_number("042090001234");
  };
  v1::DossierService::Stub::async_interface* async =
      client_.dossiers()->async();
  switch (step.kind) {
    case Step::kSubmit: {
      auto* call = new PendingCall<v1::SubmitDossierRequest, v1::Dossier>();
      *call->request.mutable_write() = write;
      call->request.set_agency_code(raw->agency);
      call->request.set_procedure_code(raw->procedure);
      applicant(call->request.mutable_applicant());
      Send(
          client_, call, [async](auto... a) { async->SubmitDossier(a...); },
          [raw, finish](const grpc::Status& s, const auto& c) {
            if (s.ok()) raw->code = c.response.code();
            finish("desk.submit", c.began, s, c.response);
          });
      return;
    }
    case Step::kReceiveNew:
    case Step::kReceiveSubmitted: {
      auto* call = new PendingCall<v1::ReceiveDossierRequest, v1::Receipt>();
      *call->request.mutable_write() = write;
      if (step.kind == Step::kReceiveSubmitted) {
        call->request.set_submitted_code(raw->code);
      } else {
        call->request.set_agency_code(raw->agency);
        call->request.set_procedure_code(raw->procedure);
        call->request.set_channel(raw->channel);
        applicant(call->request.mutable_applicant());
      }
      Send(
          client_, call, [async](auto... a) { async->ReceiveDossier(a...); },
          [raw, finish](const grpc::Status& s, const auto& c) {
            if (s.ok()) raw->code = c.response.dossier().code();
            finish("desk.receive", c.began, s, c.response.dossier());
          });
      return;
    }
    case Step::kStatus: {
      auto* call =
          new PendingCall<v1::ChangeDossierStatusRequest, v1::Dossier>();
      *call->request.mutable_write() = write;
      call->request.set_code(raw->code);
      call->request.set_status(step.status);
      call->request.set_outcome(step.outcome);
      Send(
          client_, call,
          [async](auto... a) { async->ChangeDossierStatus(a...); },
          [finish](const grpc::Status& s, const auto& c) {
            finish("desk.change_status", c.began, s, c.response);
          });
      return;
    }
    case Step::kHand: {
      auto* call =
          new PendingCall<v1::HandDossierToAgencyRequest, v1::Dossier>();
      *call->request.mutable_write() = write;
      call->request.set_code(raw->code);
      call->request.set_agency_code(raw->other_agency);
      call->request.mutable_allotted()->set_amount(3);
      call->request.mutable_allotted()->set_unit(v1::WORKING_DAYS);
      Send(
          client_, call,
          [async](auto... a) { async->HandDossierToAgency(a...); },
          [finish](const grpc::Status& s, const auto& c) {
            finish("desk.hand", c.began, s, c.response);
          });
      return;
    }
    case Step::kFinish: {
      auto* call = new PendingCall<v1::FinishDossierStepRequest, v1::Dossier>();
      *call->request.mutable_write() = write;
      call->request.set_code(raw->code);
      Send(
          client_, call, [async](auto... a) { async->FinishDossierStep(a...); },
          [finish](const grpc::Status& s, const auto& c) {
            finish("desk.finish_step", c.began, s, c.response);
          });
      return;
    }
  }
}

namespace {

// The month `month` of `year`, or the whole year when `month` is 0.
void SetPeriod(int year, int month, v1::Period* p) {
  *p->mutable_from() = ToDate(absl::CivilDay(year, month == 0 ? 1 : month, 1));
  *p->mutable_to() = ToDate(
      month == 0 ? absl::CivilDay(year, 12, 31)
                 : absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1);
}

}  // namespace

void Traffic::StartDashboard(std::function<void()> done) {
  std::string district;
  int month;
  bool report;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    district = PickDistrict();
    // Months of the report year that have begun.
    const absl::CivilDay today =
        absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    const int last_month = options_.report_year < today.year()
                               ? 12
                               : static_cast<int>(today.month());
    month = std::uniform_int_distribution<int>(1, last_month)(random_);
    report = Uniform() < options_.report_share;
  }
  auto* stats = client_.statistics()->async();
  if (report) {
    auto* call = new PendingCall<v1::GetReportRequest, v1::Report>();
    call->request.mutable_scope()->set_kind(v1::Scope::DISTRICT);
    call->request.mutable_scope()->set_code(district);
    SetPeriod(options_.report_year, month, call->request.mutable_period());
    Send(
        client_, call, [stats](auto... a) { stats->GetReport(a...); },
        [this, done](const grpc::Status& s, const auto& c) {
          stats_.Record("dashboard.report", absl::Now() - c.began,
                        s.error_code());
          done();
        });
    return;
  }
  auto* call = new PendingCall<v1::GetRatesRequest, v1::RatesReport>();
  call->request.mutable_scope()->set_kind(v1::Scope::DISTRICT);
  call->request.mutable_scope()->set_code(district);
  SetPeriod(options_.report_year, month, call->request.mutable_period());
  Send(
      client_, call, [stats](auto... a) { stats->GetRates(a...); },
      [this, done](const grpc::Status& s, const auto& c) {
        stats_.Record("dashboard.rates", absl::Now() - c.began, s.error_code());
        done();
      });
}

void Traffic::StartBatch(std::function<void()> done) {
  std::string district;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    district = PickDistrict();
  }
  // A streaming pull is long: it runs on a thread of its own.
  std::thread([this, district, done] {
    v1::ExportDossiersRequest r;
    r.mutable_scope()->set_kind(v1::Scope::DISTRICT);
    r.mutable_scope()->set_code(district);
    SetPeriod(options_.report_year, 0, r.mutable_period());
    const absl::Time began = absl::Now();
    int64_t n = 0;
    const absl::Status s = client_.ExportDossiers(r, [&](const v1::Dossier&) {
      ++n;
      return true;
    });
    stats_.Record("batch.export", absl::Now() - began,
                  static_cast<int>(s.code()), n);
    done();
  }).detach();
}

}  // namespace motcua::client
