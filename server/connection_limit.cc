#include "server/connection_limit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/support/sync.h"
#include "grpcpp/support/channel_arguments.h"
#include "service/dossiers.h"
#include "service/log.h"

// gRPC 1.51's socket mutator as its core defines it
// (src/core/lib/iomgr/socket_mutator.h): the public headers name the type
// and take it (ChannelArguments::SetSocketMutator) without defining it. The
// library calls mutate_fd_2, the fourth slot, with each connection it
// accepts; tests/e2e/security_limits_test.cc (SecurityLimits.Connections*)
// fails if it stops.
enum grpc_fd_usage {
  GRPC_FD_CLIENT_CONNECTION_USAGE,
  GRPC_FD_SERVER_LISTENER_USAGE,
  GRPC_FD_SERVER_CONNECTION_USAGE,
};
struct grpc_mutate_socket_info {
  int fd;
  grpc_fd_usage usage;
};
struct grpc_socket_mutator_vtable {
  bool (*mutate_fd)(int fd, grpc_socket_mutator* mutator);
  int (*compare)(grpc_socket_mutator* a, grpc_socket_mutator* b);
  void (*destroy)(grpc_socket_mutator* mutator);
  bool (*mutate_fd_2)(const grpc_mutate_socket_info* info,
                      grpc_socket_mutator* mutator);
};
struct grpc_socket_mutator {
  const grpc_socket_mutator_vtable* vtable;
  gpr_refcount refcount;
};
// Exported by libgrpc (C++ linkage): sets the vtable and one reference.
void grpc_socket_mutator_init(grpc_socket_mutator* mutator,
                              const grpc_socket_mutator_vtable* vtable);

namespace motcua::server {
namespace {

// The table is swept (closed connections forgotten) when a new connection
// would pass a cap, at most this often: a client holding the cap would
// otherwise make every connection it opens cost a look at every open one.
// So a connection closed less than this long ago may still count.
constexpr absl::Duration kMinSweepInterval = absl::Milliseconds(100);

// The client a cap counts for, as the lookup's limits count one
// (service::LookupClientKey of the peer as gRPC names it: IPv4 as is,
// IPv6 by its /64, an IPv4-mapped IPv6 address as its IPv4 address).
std::string AddressOf(int fd) {
  sockaddr_storage peer{};
  socklen_t length = sizeof(peer);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) {
    return "unknown";
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (peer.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&peer);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    return service::LookupClientKey(absl::StrCat("ipv4:", text));
  }
  if (peer.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&peer);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    return service::LookupClientKey(absl::StrCat("ipv6:[", text, "]"));
  }
  return "local";
}

struct LimitMutator {
  grpc_socket_mutator base;  // first: gRPC holds a pointer to it
  std::shared_ptr<ConnectionLimit> limit;
};
static_assert(std::is_standard_layout_v<LimitMutator>);

LimitMutator* Outer(grpc_socket_mutator* mutator) {
  return reinterpret_cast<LimitMutator*>(mutator);
}

bool MutateFd(int /*fd*/, grpc_socket_mutator* /*mutator*/) { return true; }

int Compare(grpc_socket_mutator* a, grpc_socket_mutator* b) {
  return std::less<>()(a, b) ? -1 : (a == b ? 0 : 1);
}

void Destroy(grpc_socket_mutator* mutator) { delete Outer(mutator); }

// Always true: false would make gRPC 1.51 stop accepting on the listener.
bool MutateFd2(const grpc_mutate_socket_info* info,
               grpc_socket_mutator* mutator) {
  if (info->usage == GRPC_FD_SERVER_CONNECTION_USAGE) {
    Outer(mutator)->limit->OnAccepted(info->fd);
  }
  return true;
}

constexpr grpc_socket_mutator_vtable kVtable = {&MutateFd, &Compare, &Destroy,
                                                &MutateFd2};

class LimitOption final : public grpc::ServerBuilderOption {
 public:
  explicit LimitOption(std::shared_ptr<ConnectionLimit> limit)
      : limit_(std::move(limit)) {}
  void UpdateArguments(grpc::ChannelArguments* args) override {
    auto* mutator = new LimitMutator{{}, limit_};
    grpc_socket_mutator_init(&mutator->base, &kVtable);
    args->SetSocketMutator(&mutator->base);  // takes the reference
  }
  void UpdatePlugins(
      std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*) override {}

 private:
  std::shared_ptr<ConnectionLimit> limit_;
};

}  // namespace

ConnectionLimit::ConnectionLimit(int max_total, int max_per_address,
                                 std::function<void()> on_refused)
    : max_total_(max_total),
      max_per_address_(max_per_address),
      on_refused_(std::move(on_refused)) {}

bool ConnectionLimit::OverLocked(const std::string& address) const {
  if (static_cast<int>(open_.size()) >= max_total_) return true;
  auto it = per_address_.find(address);
  return it != per_address_.end() && it->second >= max_per_address_;
}

bool ConnectionLimit::OnAccepted(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return false;
  std::string address = AddressOf(fd);
  bool over = false;
  int from_address = 0;
  int total = 0;
  {
    absl::MutexLock lock(&mu_);
    if (OverLocked(address) && absl::Now() - last_sweep_ >= kMinSweepInterval) {
      SweepLocked();
    }
    over = OverLocked(address);
    if (!over) {
      open_.push_back({fd, st.st_ino, address});
      ++per_address_[address];
    }
    auto it = per_address_.find(address);
    from_address = it == per_address_.end() ? 0 : it->second;
    total = static_cast<int>(open_.size());
  }
  if (!over) return true;
  // Closed before gRPC reads a byte: the client sees the connection end.
  shutdown(fd, SHUT_RDWR);
  service::LogLimited(
      service::LogLevel::kWarning, "connection-cap",
      absl::StrCat("closed a new connection from ", address, ": ", total,
                   " connections open (at most ", max_total_, "), ",
                   from_address, " from that address (at most ",
                   max_per_address_, ")"));
  if (on_refused_) on_refused_();
  return false;
}

void ConnectionLimit::SweepLocked() {
  last_sweep_ = absl::Now();
  // partition, not remove_if: the closed entries are read below.
  auto closed = std::partition(open_.begin(), open_.end(), [](const Open& o) {
    struct stat st {};
    return fstat(o.fd, &st) == 0 && S_ISSOCK(st.st_mode) &&
           st.st_ino == o.inode;
  });
  for (auto it = closed; it != open_.end(); ++it) {
    auto count = per_address_.find(it->address);
    if (count != per_address_.end() && --count->second <= 0) {
      per_address_.erase(count);
    }
  }
  open_.erase(closed, open_.end());
}

std::unique_ptr<grpc::ServerBuilderOption> ConnectionLimit::Option(
    std::shared_ptr<ConnectionLimit> limit) {
  return std::make_unique<LimitOption>(std::move(limit));
}

}  // namespace motcua::server
