// Runs the real motcua binaries from a test: a server process on loopback
// (port 0 at first; the same port again after a kill) with its own data
// folder, and CLI commands against it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace motcua::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `argv` with `env` added to the environment; waits for it.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env = {});

// The flags that give a server the shipped calendars and the demo
// catalogue.
std::vector<std::string> DemoFlags();

// The admin secret a server wrote into `data_dir` on its first start.
std::string ReadAdminToken(const std::string& data_dir);

// Runs the motcua CLI with `args` against the server at `address`, as
// `token` (MOTCUA_ADDR and MOTCUA_TOKEN).
CommandResult RunCli(const std::string& address, const std::string& token,
                     std::vector<std::string> args);

// What `motcua health --timeout=SECONDS` says of the server at `address`:
// "SERVING" or "NOT_SERVING" (also when it does not answer in time).
std::string ServerHealth(const std::string& address, int seconds = 2);

class ServerProcess {
 public:
  // Starts motcua-server with --listen=`listen` --data_dir=`data_dir` and
  // `extra` flags; waits until it says where it listens. Port 0 picks a
  // free port; restart on the address() of an earlier run to keep it.
  // Unless `extra` sets --http_listen, the HTTP listener takes a free
  // loopback port too (its default port would clash between tests).
  ServerProcess(const std::string& data_dir,
                const std::vector<std::string>& extra = {},
                const std::string& listen = "127.0.0.1:0");
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return !address_.empty(); }
  const std::string& address() const { return address_; }
  // The HTTP listener's "host:port"; empty when it is off.
  const std::string& http_address() const { return http_address_; }
  // Everything the server printed on standard output so far.
  const std::string& output() const { return output_; }
  // Sends SIGTERM and returns the exit code (-1 if it did not exit).
  int Stop();
  // Sends SIGKILL, as a crash would, and reaps the process. False if it
  // was no longer running.
  bool Kill();
  // Whether the process is still alive (it has not exited or crashed).
  bool Running();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string address_;
  std::string http_address_;
  std::string output_;
};

}  // namespace motcua::testing
