// motcua: the command-line client of the motcua service.
//   motcua [--addr=HOST:PORT] [--token=T] [--json] GROUP VERB [ARGS]
// Address and token also come from MOTCUA_ADDR and MOTCUA_TOKEN. Exit
// status: 0 done, 1 the server refused (its code and message are printed),
// 2 the command line was wrong.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli_command.h"
#include "client/cli_convert.h"
#include "client/motcua_client.h"
#include "cmdline/flags.h"

namespace motcua::client {
namespace {

CommandTable AllCommands() {
  CommandTable table;
  AddDossierCommands(&table);
  AddCatalogueCommands(&table);
  AddCalendarCommands(&table);
  AddReportCommands(&table);
  AddWarningsCommands(&table);
  AddAdminCommands(&table);
  AddHealthCommands(&table);
  AddStoreCopyCommands(&table);
  return table;
}

void PrintHelp(const CommandTable& commands) {
  std::cout
      << "motcua [--addr=HOST:PORT] [--token=TOKEN] [--tls-ca=PEM] [--json] "
         "COMMAND ...\n"
         "  (MOTCUA_ADDR and MOTCUA_TOKEN are read when the flags are "
         "not given)\n\nCommands (COMMAND --help for details):\n";
  for (const auto& [name, command] : commands) {
    std::cout << "  " << command.usage.substr(0, command.usage.find('\n'))
              << "\n";
  }
}

// The command named by the first one or two positional words ("import",
// "dossier get"), and how many words its name took; 0 when none matches.
size_t FindCommand(const CommandTable& commands,
                   const std::vector<std::string>& words) {
  if (!words.empty() && commands.count(words[0]) > 0) return 1;
  if (words.size() >= 2 && commands.count(words[0] + " " + words[1]) > 0) {
    return 2;
  }
  return 0;
}

// Address, token and trusted CA from the global options and environment.
absl::StatusOr<ClientOptions> GetClientOptions(const cmdline::Flags& args) {
  ClientOptions options;
  const char* env_addr = std::getenv("MOTCUA_ADDR");
  const char* env_token = std::getenv("MOTCUA_TOKEN");
  options.address =
      args.GetString("addr", env_addr ? env_addr : options.address);
  options.token = args.GetString("token", env_token ? env_token : "");
  if (args.Has("tls-ca")) {
    std::ifstream ca(args.GetString("tls-ca"));
    if (!ca) {
      return Usage(
          absl::StrCat("cannot read --tls-ca ", args.GetString("tls-ca")));
    }
    std::stringstream pem;
    pem << ca.rdbuf();
    options.tls_ca_pem = pem.str();
  }
  return options;
}

int Main(int argc, char** argv) {
  const CommandTable commands = AllCommands();
  // Which options never take a value must be known before the command is:
  // the words after a value option are not positional.
  cmdline::FlagSpec spec;
  spec.booleans = {"json",         "help", "overdue", "repair",
                   "organisation", "csv",  "vi",      "monthly"};
  spec.noun = "option";
  spec.defer_unknown = true;
  absl::StatusOr<cmdline::Flags> args = cmdline::Flags::Parse(argc, argv, spec);
  if (!args.ok()) {
    std::cerr << "motcua: " << args.status().message() << "\n";
    return 2;
  }
  const std::vector<std::string>& words = args->positional();
  const size_t command_words = FindCommand(commands, words);
  const bool help = args->GetBool("help", false);
  if (command_words == 0) {
    PrintHelp(commands);
    return help && words.empty() ? 0 : 2;
  }
  const Command& command =
      commands.at(command_words == 1 ? words[0] : words[0] + " " + words[1]);
  if (help) {
    std::cout << "motcua " << command.usage << "\n";
    return 0;
  }
  std::set<std::string> known = command.options;
  known.insert({"addr", "token", "json", "help", "tls-ca"});
  if (absl::Status s = args->RejectUnknown(known); !s.ok()) {
    std::cerr << "motcua: " << s.message() << "\n";
    return 2;
  }
  absl::StatusOr<ClientOptions> options = GetClientOptions(*args);
  if (!options.ok()) {
    std::cerr << "motcua: " << options.status().message() << "\n";
    return 2;
  }
  Client client(*options);
  const absl::Status s =
      command.run(client, args->DropPositional(command_words),
                  args->GetBool("json", false));
  if (IsUsage(s)) {
    std::cerr << "motcua: " << s.message() << "\n";
    return 2;
  }
  if (!s.ok()) {
    std::cerr << "motcua: " << absl::StatusCodeToString(s.code()) << ": "
              << s.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace motcua::client

int main(int argc, char** argv) { return motcua::client::Main(argc, argv); }
