#include "server/lookup_call.h"

#include <atomic>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/support/server_callback.h"
#include "server/call_context.h"
#include "server/grpc_status.h"
#include "server/read_calls.h"
#include "service/dossiers.h"
#include "service/log.h"

namespace motcua::server {
namespace {

using Request = v1::LookupDossierStatusRequest;
using Response = v1::PublicDossierStatus;

// How often the admission looks for lookups whose request is late.
constexpr absl::Duration kWatchEvery = absl::Milliseconds(200);

// One lookup call. It is deleted when the last of its holders lets go: the
// call (until OnDone), the admission's watch (until Release) and a worker
// answering it. Its status is sent once, by whichever path comes first.
class LookupReactor final : public grpc::ServerBidiReactor<Request, Response>,
                            public LookupAdmission::Waiting {
 public:
  LookupReactor(grpc::CallbackServerContext* context, service::Application& app,
                WorkerPool& lookups, LookupAdmission& admission)
      : context_(context),
        app_(app),
        lookups_(lookups),
        admission_(admission),
        address_(ClientAddressOf(*context)),
        client_(service::LookupClientKey(address_)) {
    const absl::Status admitted = admission_.Enter(client_);
    if (!admitted.ok()) {
      service::LogLimited(service::LogLevel::kWarning, "lookup-rate",
                          absl::StrCat("refused a lookup from ", address_, ": ",
                                       admitted.message()));
      FinishOnce(admitted);
      return;
    }
    admitted_ = true;
    refs_.fetch_add(1);  // the watch's
    admission_.Watch(this);
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    admission_.Unwatch(this);
    if (!ok) {
      FinishOnce(context_->IsCancelled()
                     ? absl::CancelledError("the call was cancelled")
                     : absl::InvalidArgumentError(
                           "the call ended before its request message"));
      return;
    }
    refs_.fetch_add(1);  // the worker's
    const bool queued = lookups_.TrySubmit([this] {
      if (context_->IsCancelled()) {
        FinishOnce(absl::CancelledError(
            "the call was cancelled or its deadline passed before it ran"));
      } else {
        const absl::Status status =
            LookupDossierStatus(app_, request_, address_, &response_);
        if (!status.ok()) {
          FinishOnce(status);
        } else if (!finished_.exchange(true)) {
          StartWriteAndFinish(&response_, grpc::WriteOptions(),
                              grpc::Status::OK);
        }
      }
      Unref();
    });
    if (!queued) {
      Unref();
      FinishOnce(absl::ResourceExhaustedError(absl::StrCat(
          "the server is answering its most lookups at once (",
          lookups_.max_queued(), " waiting); retry in a few seconds")));
    }
  }

  void OnDone() override {
    if (admitted_) admission_.Leave(client_);
    Unref();  // the call's
  }

  void RequestTimedOut() override {
    FinishOnce(absl::DeadlineExceededError(
        "the lookup's request did not arrive in time"));
  }
  void Release() override { Unref(); }

 private:
  // Sends `status` unless a status was sent already (a late request and
  // its timeout may meet).
  void FinishOnce(const absl::Status& status) {
    if (!finished_.exchange(true)) Finish(ToGrpcStatus(status));
  }
  void Unref() {
    if (refs_.fetch_sub(1) == 1) delete this;
  }

  grpc::CallbackServerContext* const context_;
  service::Application& app_;
  WorkerPool& lookups_;
  LookupAdmission& admission_;
  const std::string address_;
  const std::string client_;
  bool admitted_ = false;
  std::atomic<int> refs_{1};  // the call's
  std::atomic<bool> finished_{false};
  Request request_;
  Response response_;
};

}  // namespace

LookupAdmission::LookupAdmission(int per_client, int total,
                                 absl::Duration request_timeout)
    : per_client_(per_client),
      total_(total),
      request_timeout_(request_timeout),
      watcher_([this] { WatchLoop(); }) {}

LookupAdmission::~LookupAdmission() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  watcher_.join();
}

absl::Status LookupAdmission::Enter(const std::string& client) {
  absl::MutexLock lock(&mu_);
  if (in_progress_ >= total_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the server has its most public lookups in progress (",
                     total_, "); retry in a few seconds"));
  }
  int& mine = by_client_[client];
  if (mine >= per_client_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("this address has its most public lookups in progress (",
                     per_client_, "); wait for their answers"));
  }
  ++mine;
  ++in_progress_;
  return absl::OkStatus();
}

void LookupAdmission::Leave(const std::string& client) {
  absl::MutexLock lock(&mu_);
  --in_progress_;
  auto it = by_client_.find(client);
  if (it != by_client_.end() && --it->second <= 0) by_client_.erase(it);
}

void LookupAdmission::Watch(Waiting* waiting) {
  absl::MutexLock lock(&mu_);
  waiting_[waiting] = absl::Now() + request_timeout_;
}

void LookupAdmission::Unwatch(Waiting* waiting) {
  bool watched = false;
  {
    absl::MutexLock lock(&mu_);
    watched = waiting_.erase(waiting) > 0;
  }
  if (watched) waiting->Release();
}

void LookupAdmission::WatchLoop() {
  std::vector<Waiting*> late;
  for (bool stopping = false; !stopping;) {
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), kWatchEvery);
      stopping = stopping_;
      const absl::Time now = absl::Now();
      for (auto it = waiting_.begin(); it != waiting_.end();) {
        if (stopping || it->second <= now) {
          late.push_back(it->first);
          waiting_.erase(it++);
        } else {
          ++it;
        }
      }
    }
    // Outside the lock: ending a call may run its callbacks on this thread.
    for (Waiting* waiting : late) {
      waiting->RequestTimedOut();
      waiting->Release();
    }
    late.clear();
  }
}

grpc::internal::MethodHandler* NewLookupHandler(service::Application& app,
                                                WorkerPool& lookups,
                                                LookupAdmission& admission) {
  return new grpc::internal::CallbackBidiHandler<Request, Response>(
      [&app, &lookups, &admission](grpc::CallbackServerContext* context) {
        return new LookupReactor(context, app, lookups, admission);
      });
}

}  // namespace motcua::server
