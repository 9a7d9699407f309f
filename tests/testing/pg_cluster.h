// A throw-away PostgreSQL 15 cluster that the test process starts and stops
// itself: a fresh folder under /tmp, reachable only through a Unix socket in
// that folder (no TCP), trusting every local connection as user postgres.
//
//   MOTCUA_ASSIGN_OR_RETURN(PgCluster * pg, PgCluster::Shared());
//   MOTCUA_RETURN_IF_ERROR(pg->CreateDatabase("store_test"));
//   PGconn* conn = PQconnectdb(pg->ConnectionString("store_test").c_str());
//
// Shared() starts one cluster per process, the first time it is called, and
// stops it (then removes its folder) when the process exits; a test binary
// that never calls it starts nothing. Create() gives a private cluster, with
// its own server settings, stopped when the object goes away. A process
// killed outright (SIGKILL, a crash) leaves its cluster running; remove the
// folder (/tmp/motcua-pg-*) and the server stops itself within a minute.
//
// The binaries (initdb, pg_ctl) refuse to run as root: as root they are run
// through `runuser -u postgres --` on a folder chowned to postgres.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace motcua::testing {

struct PgClusterOptions {
  // Server settings (postgresql.conf names), added to or replacing the
  // defaults: fsync=on, max_connections=200, shared_buffers=128MB. The
  // socket settings (listen_addresses, unix_socket_directories, port) are
  // the helper's own and cannot be replaced.
  std::map<std::string, std::string> settings;
  // Where initdb and pg_ctl are.
  std::string bin_dir = "/usr/lib/postgresql/15/bin";
};

class PgCluster {
 public:
  // The process's cluster, started on the first call (thread-safe); every
  // call returns the same cluster, or the same error when it did not start.
  static absl::StatusOr<PgCluster*> Shared();

  // A cluster of the caller's own: initdb in a fresh folder, then started.
  static absl::StatusOr<std::unique_ptr<PgCluster>> Create(
      const PgClusterOptions& options = {});

  // Stops the server (immediate mode) and removes the folder.
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // A libpq keyword/value connection string for `database`:
  // "host=<socket folder> port=<port> user=postgres dbname=<database>".
  std::string ConnectionString(const std::string& database) const;

  // A libpq URI for `database` ("postgresql:///db?host=...&port=...&user=
  // postgres"), as motcua-server's --store takes it.
  std::string Uri(const std::string& database) const;
  // A database name for the store of folder `directory` (the same for the
  // same folder): tests that reopen a folder reopen its database.
  static std::string DatabaseFor(const std::string& directory);

  // CREATE DATABASE; a database that already exists is fine.
  absl::Status CreateDatabase(const std::string& name);
  // DROP DATABASE IF EXISTS ... WITH (FORCE): connected sessions are ended.
  absl::Status DropDatabase(const std::string& name);

  // Kills the server as a crash would (pg_ctl -m immediate stop: no
  // checkpoint, clients are cut off); Start() brings it back on the same
  // folder, socket and port, replaying the WAL before it accepts connections.
  absl::Status StopImmediately();
  absl::Status Start();

  // The cluster's folder: the socket's folder, holding data/ and server.log.
  const std::string& dir() const { return dir_; }
  int port() const { return port_; }

 private:
  PgCluster(std::string dir, PgClusterOptions options);

  absl::Status Init();
  // Runs `bin_dir/program args` (args already shell-quoted) from the
  // cluster's folder, as postgres when this process is root.
  absl::Status RunTool(const std::string& program, const std::string& args);
  // Stops the server if it runs and removes the folder; only in the process
  // that created the cluster (not in a fork() child that exits).
  void Shutdown();

  const std::string dir_;
  const int port_;
  const PgClusterOptions options_;
  const pid_t owner_pid_;
  absl::Mutex mu_;
  bool running_ ABSL_GUARDED_BY(mu_) = false;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace motcua::testing
