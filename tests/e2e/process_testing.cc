#include "tests/e2e/process_testing.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace motcua::testing {
namespace {

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

void ReadAll(int fd, std::string* into) {
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) {
    into->append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

std::vector<std::string> DemoFlags() {
  return {"--calendar_dir=" MOTCUA_DATA_DIR "/calendar",
          "--demo_catalogue=" MOTCUA_DATA_DIR "/demo/catalogue.json"};
}

std::string ReadAdminToken(const std::string& data_dir) {
  std::string token;
  std::ifstream(data_dir + "/initial-admin-token") >> token;
  return token;
}

CommandResult RunCli(const std::string& address, const std::string& token,
                     std::vector<std::string> args) {
  args.insert(args.begin(), MOTCUA_CLI_BINARY);
  return RunCommand(args, {"MOTCUA_ADDR=" + address, "MOTCUA_TOKEN=" + token});
}

std::string ServerHealth(const std::string& address, int seconds) {
  const CommandResult r =
      RunCommand({MOTCUA_CLI_BINARY, "--addr=" + address, "health",
                  absl::StrCat("--timeout=", seconds)});
  return std::string(absl::StripAsciiWhitespace(r.out));
}

CommandResult RunCommand(const std::vector<std::string>& argv_in,
                         const std::vector<std::string>& env) {
  std::vector<std::string> argv = argv_in;
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) std::abort();
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    // Nothing else of the test's: a daemon the command leaves running
    // (province.sh's) would otherwise hold these pipes open, and the read
    // below would never end.
    closefrom(3);
    for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
    execv(argv[0].c_str(), CStrings(argv).data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  CommandResult result;
  // Read both pipes until the child closes them (outputs are small).
  ReadAll(out[0], &result.out);
  ReadAll(err[0], &result.err);
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

ServerProcess::ServerProcess(const std::string& data_dir,
                             const std::vector<std::string>& extra,
                             const std::string& listen) {
  std::vector<std::string> argv = {MOTCUA_SERVER_BINARY, "--listen=" + listen,
                                   "--data_dir=" + data_dir};
  bool http_given = false;
  for (const std::string& flag : extra) {
    http_given = http_given || absl::StartsWith(flag, "--http_listen");
  }
  if (!http_given) argv.push_back("--http_listen=127.0.0.1:0");
  argv.insert(argv.end(), extra.begin(), extra.end());
  int out[2];
  if (pipe(out) != 0) std::abort();
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    close(out[0]);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);  // the server's log lines
    closefrom(3);
    execv(argv[0].c_str(), CStrings(argv).data());
    _exit(127);
  }
  close(out[1]);
  out_fd_ = out[0];
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  const std::string kListening = "motcua-server listening on ";
  while (absl::Now() < deadline) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buffer[1024];
    const ssize_t n = read(out_fd_, buffer, sizeof buffer);
    if (n <= 0) break;  // exited
    output_.append(buffer, static_cast<size_t>(n));
    const size_t at = output_.find(kListening);
    if (at != std::string::npos) {
      const size_t end = output_.find('\n', at);
      if (end == std::string::npos) continue;
      address_ =
          output_.substr(at + kListening.size(), end - at - kListening.size());
      // Printed before the listening line, when the listener is on.
      const std::string kHttp = "motcua-server http on ";
      const size_t http = output_.find(kHttp);
      if (http != std::string::npos) {
        const size_t from = http + kHttp.size();
        http_address_ = output_.substr(from, output_.find('\n', from) - from);
      }
      return;
    }
  }
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  close(out_fd_);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool ServerProcess::Kill() {
  if (!Running()) return false;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  close(out_fd_);
  return true;
}

bool ServerProcess::Running() {
  if (pid_ <= 0) return false;
  if (waitpid(pid_, nullptr, WNOHANG) == 0) return true;
  pid_ = -1;  // exited (or crashed) and now reaped
  close(out_fd_);
  return false;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    close(out_fd_);
  }
}

}  // namespace motcua::testing
