// The commands of the motcua CLI: one table, filled by one function per
// command group (cli_dossier.cc, cli_catalogue.cc, ...), read by main.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "client/motcua_client.h"
#include "cmdline/flags.h"

namespace motcua::client {

struct Command {
  std::string usage;  // first line: the synopsis; the rest: --help text
  std::set<std::string> options;  // the --names it accepts
  // Runs the command with its own arguments (its words removed). An error
  // marked by Usage() means a command-line mistake (exit 2); any other
  // error is the server's refusal (exit 1).
  std::function<absl::Status(Client&, const cmdline::Flags&, bool json)> run;
};

// Commands by their words: "import", "dossier get".
using CommandTable = std::map<std::string, Command>;

// Each adds its group's commands to `table`.
void AddDossierCommands(CommandTable* table);    // dossier ...
void AddCatalogueCommands(CommandTable* table);  // catalogue ...
void AddCalendarCommands(CommandTable* table);   // calendar ..., settings ...
void AddReportCommands(CommandTable* table);     // report, rates, export
void AddWarningsCommands(CommandTable* table);   // warnings
void AddAdminCommands(CommandTable* table);      // token ..., store ..., import
void AddHealthCommands(CommandTable* table);     // health
// store copy: offline, over the storage library (cli_store_copy.cc)
void AddStoreCopyCommands(CommandTable* table);

}  // namespace motcua::client
