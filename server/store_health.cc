#include "server/store_health.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/log.h"

namespace motcua::server {

using service::Log;
using service::LogLevel;

StoreHealth::StoreHealth(std::function<absl::Status()> probe,
                         grpc::HealthCheckServiceInterface* health,
                         absl::Duration interval)
    : probe_(std::move(probe)), health_(health), interval_(interval) {
  thread_ = std::thread([this] { Run(); });
}

StoreHealth::~StoreHealth() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void StoreHealth::Run() {
  std::optional<bool> serving;  // unknown until the first check
  for (;;) {
    const absl::Status writable = probe_();
    if (!serving.has_value() || *serving != writable.ok()) {
      serving = writable.ok();
      health_->SetServingStatus(*serving);
      if (*serving) {
        Log(LogLevel::kInfo, "health: the store takes writes; SERVING");
      } else {
        Log(LogLevel::kWarning,
            absl::StrCat("health: NOT_SERVING, the store takes no writes: ",
                         writable.message()));
      }
    }
    absl::MutexLock lock(&mutex_);
    if (mutex_.AwaitWithTimeout(absl::Condition(&stopping_), interval_)) {
      return;
    }
  }
}

}  // namespace motcua::server
