#include "tests/testing/pg_cluster.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/status_macros.h"

namespace motcua::testing {
namespace {

// The port is fixed. With listen_addresses='' the server binds no TCP port
// at all: the port only names the socket file (<dir>/.s.PGSQL.<port>) and
// its lock file, both inside the cluster's own folder, and PostgreSQL 15
// keys its shared memory on the data folder's inode, not on the port. So
// two test processes (ctest -j2) can never collide, whatever the port, and
// a fixed one needs no retry loop and stays the same across a restart. It
// is not 5432 so that a connection string that lost its host= fails
// instead of reaching Debian's own 15/main cluster.
constexpr int kPort = 55432;

// Under /tmp, whatever TEST_TMPDIR says: the socket's path must stay under
// ~100 bytes.
constexpr char kDirPattern[] = "/tmp/motcua-pg-XXXXXX";

// What PgClusterOptions::settings adds to or replaces.
std::map<std::string, std::string> DefaultSettings() {
  return {
      {"fsync", "on"}, {"max_connections", "200"}, {"shared_buffers", "128MB"}};
}

std::string ShellQuote(const std::string& s) {
  return absl::StrCat("'", absl::StrReplaceAll(s, {{"'", "'\\''"}}), "'");
}

// A value in postgresql.conf: single-quoted, quotes doubled.
std::string ConfQuote(const std::string& s) {
  return absl::StrCat("'", absl::StrReplaceAll(s, {{"'", "''"}}), "'");
}

// A value in a libpq keyword/value string: bare when it can be, else
// single-quoted with \ and ' escaped.
std::string ConninfoQuote(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n\r\f\v'\\=") == std::string::npos) {
    return s;
  }
  return absl::StrCat(
      "'", absl::StrReplaceAll(s, {{"\\", "\\\\"}, {"'", "\\'"}}), "'");
}

// Runs `command` through /bin/sh with stderr joined to stdout; an error
// names the command and carries everything it printed.
absl::Status RunCommand(const std::string& command) {
  FILE* pipe = popen(absl::StrCat(command, " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return absl::InternalError(
        absl::StrCat("popen(", command, "): ", std::strerror(errno)));
  }
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    output.append(buffer, n);
  }
  const int status = pclose(pipe);
  if (status == -1) {
    return absl::InternalError(
        absl::StrCat("pclose(", command, "): ", std::strerror(errno)));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
  const std::string how =
      WIFEXITED(status)
          ? absl::StrCat("exited with status ", WEXITSTATUS(status))
          : absl::StrCat("was killed by signal ",
                         WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return absl::InternalError(
      absl::StrCat("`", command, "` ", how, ":\n", output));
}

// A libpq connection closed when it goes away.
struct PgConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;
struct PgResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

// Runs one statement on the `postgres` database. SQLSTATEs listed in
// `accepted` count as success.
absl::Status RunAdminStatement(const std::string& conninfo,
                               const std::string& sql,
                               std::initializer_list<const char*> accepted) {
  PgConnPtr conn(PQconnectdb(conninfo.c_str()));
  if (conn == nullptr || PQstatus(conn.get()) != CONNECTION_OK) {
    return absl::UnavailableError(absl::StrCat(
        "connecting with \"", conninfo, "\": ",
        conn == nullptr ? "out of memory" : PQerrorMessage(conn.get())));
  }
  // Quiet: "does not exist, skipping" notices are expected, not news.
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);
  PgResultPtr result(PQexec(conn.get(), sql.c_str()));
  if (result != nullptr && PQresultStatus(result.get()) == PGRES_COMMAND_OK) {
    return absl::OkStatus();
  }
  const char* sqlstate =
      result == nullptr ? nullptr
                        : PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
  for (const char* code : accepted) {
    if (sqlstate != nullptr && std::strcmp(sqlstate, code) == 0) {
      return absl::OkStatus();
    }
  }
  return absl::InternalError(
      absl::StrCat("`", sql, "` failed: ", PQerrorMessage(conn.get())));
}

// The quoted identifier for `name`, or an error.
absl::StatusOr<std::string> QuoteIdentifier(const std::string& name) {
  // PQescapeIdentifier needs a connection only for its encoding; a quoted
  // identifier is simple enough to build by hand.
  if (name.empty() || name.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad database name \"", name, "\""));
  }
  return absl::StrCat("\"", absl::StrReplaceAll(name, {{"\"", "\"\""}}), "\"");
}

}  // namespace

PgCluster::PgCluster(std::string dir, PgClusterOptions options)
    : dir_(std::move(dir)),
      port_(kPort),
      options_(std::move(options)),
      owner_pid_(getpid()) {}

PgCluster::~PgCluster() { Shutdown(); }

absl::StatusOr<PgCluster*> PgCluster::Shared() {
  // Built on the first call only (thread-safe static initialisation), and
  // never destroyed: the at-exit handler stops the server but leaves the
  // object, in case another thread still holds it while the process ends.
  static const absl::StatusOr<PgCluster*>* const shared = [] {
    absl::StatusOr<std::unique_ptr<PgCluster>> cluster = Create();
    if (!cluster.ok()) {
      return new absl::StatusOr<PgCluster*>(cluster.status());
    }
    auto* result = new absl::StatusOr<PgCluster*>(cluster->release());
    std::atexit([] { (**shared)->Shutdown(); });
    return result;
  }();
  return *shared;
}

absl::StatusOr<std::unique_ptr<PgCluster>> PgCluster::Create(
    const PgClusterOptions& options) {
  std::string pattern = kDirPattern;
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(
        absl::StrCat("mkdtemp(", kDirPattern, "): ", std::strerror(errno)));
  }
  // From here the destructor removes the folder whatever fails.
  std::unique_ptr<PgCluster> cluster(new PgCluster(pattern, options));
  MOTCUA_RETURN_IF_ERROR(cluster->Init());
  MOTCUA_RETURN_IF_ERROR(cluster->Start());
  return cluster;
}

absl::Status PgCluster::Init() {
  if (geteuid() == 0) {
    const passwd* pw = getpwnam("postgres");
    if (pw == nullptr) {
      return absl::FailedPreconditionError(
          "running as root, but there is no user postgres to run initdb as");
    }
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return absl::InternalError(
          absl::StrCat("chown(", dir_, ", postgres): ", std::strerror(errno)));
    }
  }
  MOTCUA_RETURN_IF_ERROR(
      RunTool("initdb", absl::StrCat("--no-sync -A trust -U postgres -E UTF8 "
                                     "--locale=C -D ",
                                     ShellQuote(dir_ + "/data"))));

  // The settings go into postgresql.conf (the last mention of a name wins)
  // rather than on pg_ctl's -o: Start() after a stop then needs nothing
  // remembered, and -o would need its values quoted twice over for two
  // shells. Appending keeps the file's owner (postgres).
  std::map<std::string, std::string> settings = DefaultSettings();
  for (const auto& [name, value] : options_.settings) settings[name] = value;
  settings["listen_addresses"] = "";
  settings["unix_socket_directories"] = dir_;
  settings["port"] = absl::StrCat(port_);
  const std::string conf = dir_ + "/data/postgresql.conf";
  std::ofstream out(conf, std::ios::app);
  out << "\n# motcua::testing::PgCluster\n";
  for (const auto& [name, value] : settings) {
    out << name << " = " << ConfQuote(value) << "\n";
  }
  out.close();
  if (!out) {
    return absl::InternalError(absl::StrCat("could not append to ", conf));
  }
  return absl::OkStatus();
}

absl::Status PgCluster::RunTool(const std::string& program,
                                const std::string& args) {
  // From the cluster's folder: as postgres, the caller's working folder may
  // be out of reach (the tools then complain that they cannot go back to
  // it).
  std::string command =
      absl::StrCat("cd ", ShellQuote(dir_), " && ",
                   geteuid() == 0 ? "runuser -u postgres -- " : "",
                   ShellQuote(options_.bin_dir + "/" + program), " ", args);
  return RunCommand(command);
}

std::string PgCluster::Uri(const std::string& database) const {
  return absl::StrCat("postgresql:///", database, "?host=", dir_,
                      "&port=", port_, "&user=postgres");
}

std::string PgCluster::DatabaseFor(const std::string& directory) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: stable across processes
  for (char c : directory) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ull;
  }
  return absl::StrCat("store_", absl::Hex(h, absl::kZeroPad16));
}

std::string PgCluster::ConnectionString(const std::string& database) const {
  return absl::StrCat("host=", ConninfoQuote(dir_), " port=", port_,
                      " user=postgres dbname=", ConninfoQuote(database));
}

absl::Status PgCluster::CreateDatabase(const std::string& name) {
  MOTCUA_ASSIGN_OR_RETURN(const std::string quoted, QuoteIdentifier(name));
  // 42P04 duplicate_database; 23505 unique_violation is what the loser of
  // two concurrent CREATE DATABASE of one name may get instead.
  return RunAdminStatement(ConnectionString("postgres"),
                           absl::StrCat("CREATE DATABASE ", quoted),
                           {"42P04", "23505"});
}

absl::Status PgCluster::DropDatabase(const std::string& name) {
  MOTCUA_ASSIGN_OR_RETURN(const std::string quoted, QuoteIdentifier(name));
  return RunAdminStatement(
      ConnectionString("postgres"),
      absl::StrCat("DROP DATABASE IF EXISTS ", quoted, " WITH (FORCE)"), {});
}

absl::Status PgCluster::Start() {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return absl::FailedPreconditionError("cluster shut down");
  if (running_) return absl::FailedPreconditionError("already running");
  // -l matters beyond the log: without it the server would hold the pipe
  // RunCommand reads, which would then never see its end.
  const std::string log = dir_ + "/server.log";
  absl::Status started =
      RunTool("pg_ctl", absl::StrCat("-D ", ShellQuote(dir_ + "/data"), " -l ",
                                     ShellQuote(log), " -w -t 120 start"));
  if (!started.ok()) {
    // pg_ctl only says "see the log": bring the log's end along.
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
    if (text.size() > 4000) text.erase(0, text.size() - 4000);
    return absl::Status(started.code(), absl::StrCat(started.message(), "\n",
                                                     log, ":\n", text));
  }
  running_ = true;
  return absl::OkStatus();
}

absl::Status PgCluster::StopImmediately() {
  absl::MutexLock lock(&mu_);
  if (!running_) return absl::FailedPreconditionError("not running");
  MOTCUA_RETURN_IF_ERROR(
      RunTool("pg_ctl", absl::StrCat("-D ", ShellQuote(dir_ + "/data"),
                                     " -m immediate -w -t 120 stop")));
  running_ = false;
  return absl::OkStatus();
}

void PgCluster::Shutdown() {
  if (getpid() != owner_pid_) return;
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (running_) {
    absl::Status stopped =
        RunTool("pg_ctl", absl::StrCat("-D ", ShellQuote(dir_ + "/data"),
                                       " -m immediate -w -t 120 stop"));
    if (!stopped.ok()) {
      fprintf(stderr, "PgCluster: %s\n", stopped.ToString().c_str());
    }
    running_ = false;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace motcua::testing
