// A cap on the gRPC listener's open connections, in all and per client
// address. gRPC 1.51 has no such setting; what it has is a socket mutator,
// called with each connection it accepts before it reads a byte. The cap
// keeps a table of the connections it let in (descriptor and socket inode)
// and closes a new one at once (shutdown before the HTTP/2 preface) when a
// cap would be passed. A connection counts until its descriptor no longer
// names the same socket: gRPC gives no word when it closes one, so the
// table is checked against the process's descriptors when a cap is reached.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server_builder.h"

namespace motcua::server {

class ConnectionLimit {
 public:
  // At most `max_total` connections, `max_per_address` of them from one
  // address (an IPv6 address's /64; an IPv4-mapped one is its IPv4
  // address). `on_refused` (may be empty) is told of each refusal.
  ConnectionLimit(int max_total, int max_per_address,
                  std::function<void()> on_refused = {});

  // Decides on a connection just accepted on descriptor `fd`: counts it, or
  // shuts it down (both ways) when it would pass a cap. Returns whether it
  // was let in. Thread-safe.
  bool OnAccepted(int fd);

  // A server builder option that makes `limit` see every connection the
  // server accepts (the option and gRPC's copies of it share `limit`).
  static std::unique_ptr<grpc::ServerBuilderOption> Option(
      std::shared_ptr<ConnectionLimit> limit);

 private:
  struct Open {
    int fd;
    ino_t inode;
    std::string address;
  };
  // Forgets the connections whose descriptor no longer names their socket.
  void SweepLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool OverLocked(const std::string& address) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const int max_total_;
  const int max_per_address_;
  const std::function<void()> on_refused_;
  absl::Mutex mu_;
  std::vector<Open> open_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> per_address_ ABSL_GUARDED_BY(mu_);
  absl::Time last_sweep_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace motcua::server
