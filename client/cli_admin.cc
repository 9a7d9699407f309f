// The administration commands: tokens, the store check and backups, and
// the import of past histories.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/cli_command.h"
#include "client/cli_convert.h"
#include "client/cli_output.h"
#include "core/status_macros.h"
#include "google/protobuf/util/json_util.h"

namespace motcua::client {
namespace {

absl::Status RunImport(Client& client, const cmdline::Flags& a, bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string path, Positional(a, 0, "FILE.jsonl"));
  std::ifstream in(path);
  if (!in) return Usage(absl::StrCat("cannot read ", path));
  int batch_size = 200;
  if (a.Has("batch") && (!absl::SimpleAtoi(a.GetString("batch"), &batch_size) ||
                         batch_size < 1 || batch_size > 1000)) {
    return Usage("--batch must be 1 to 1000");
  }
  int imported = 0, unchanged = 0, refused = 0, line_number = 0;
  const absl::Time start = absl::Now();
  v1::ImportDossiersRequest batch;
  std::vector<int> lines;  // the file line of each dossier in `batch`
  auto report = [&](int line, const std::string& code,
                    const std::string& reason) {
    ++refused;
    if (json) {
      std::cout << "{\"line\": " << line << ", \"code\": \"" << code
                << "\", \"refused\": \"" << absl::CEscape(reason) << "\"}\n";
    } else {
      std::cout << "line " << line << (code.empty() ? "" : " ") << code << ": "
                << reason << "\n";
    }
  };
  auto send = [&]() -> absl::Status {
    if (batch.dossiers_size() == 0) return absl::OkStatus();
    MOTCUA_ASSIGN_OR_RETURN(
        v1::ImportDossiersResponse out,
        client.Call(&v1::DossierService::Stub::ImportDossiers,
                    *client.dossiers(), batch));
    for (const auto& r : out.results()) {
      if (r.outcome() == v1::ImportDossiersResponse::Result::IMPORTED) {
        ++imported;
      } else if (r.outcome() == v1::ImportDossiersResponse::Result::UNCHANGED) {
        ++unchanged;
      } else {
        report(lines[r.index()], r.code(), r.reason());
      }
    }
    const double seconds =
        std::max(1e-3, absl::ToDoubleSeconds(absl::Now() - start));
    std::cerr << "\rimported " << imported << ", unchanged " << unchanged
              << ", refused " << refused << " ("
              << static_cast<int>((imported + unchanged) / seconds)
              << " dossiers/s)" << std::flush;
    batch.Clear();
    lines.clear();
    return absl::OkStatus();
  };
  std::string line;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    v1::HistoricalDossier* d = batch.add_dossiers();
    if (!google::protobuf::util::JsonStringToMessage(line, d).ok()) {
      batch.mutable_dossiers()->RemoveLast();
      report(line_number, "", "not a HistoricalDossier JSON object");
      continue;
    }
    lines.push_back(line_number);
    // Well under the server's request limit (--max_request_kb, 1 MiB).
    if (batch.dossiers_size() == batch_size ||
        batch.ByteSizeLong() >= 512 * 1024) {
      MOTCUA_RETURN_IF_ERROR(send());
    }
  }
  MOTCUA_RETURN_IF_ERROR(send());
  std::cerr << "\n";
  std::cout << "imported " << imported << ", unchanged " << unchanged
            << ", refused " << refused << " in "
            << absl::FormatDuration(
                   absl::Trunc(absl::Now() - start, absl::Milliseconds(1)))
            << "\n";
  if (refused > 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(refused, " line(s) were refused (listed above)"));
  }
  return absl::OkStatus();
}

absl::Status RunTokenCreate(Client& client, const cmdline::Flags& a,
                            bool json) {
  v1::CreateTokenRequest r;
  r.set_principal(a.GetString("principal"));
  MOTCUA_ASSIGN_OR_RETURN(v1::Token::Role role, ParseEnum<v1::Token::Role>(
                                                    a.GetString("role"), "role",
                                                    v1::Token::Role_Parse));
  r.set_role(role);
  for (const std::string& agency : a.GetAll("agency"))
    r.add_agency_codes(agency);
  if (a.Has("unit")) {
    MOTCUA_ASSIGN_OR_RETURN(v1::Scope unit, ParseScope(a.GetString("unit")));
    *r.mutable_unit() = unit;
  }
  return Show<v1::CreateTokenResponse>(
      client.Call(&v1::AdminService::Stub::CreateToken, *client.admin(), r),
      json, [](const v1::CreateTokenResponse& t) {
        std::cout << "token " << t.token().id() << " for "
                  << t.token().principal()
                  << "\nsecret (shown once): " << t.secret() << "\n";
      });
}

absl::Status RunTokenList(Client& client, const cmdline::Flags&, bool json) {
  return Show<v1::ListTokensResponse>(
      client.Call(&v1::AdminService::Stub::ListTokens, *client.admin(),
                  v1::ListTokensRequest()),
      json, [](const v1::ListTokensResponse& list) {
        std::vector<std::vector<std::string>> rows;
        for (const v1::Token& t : list.tokens()) {
          rows.push_back({t.id(), t.principal(), v1::Token::Role_Name(t.role()),
                          absl::StrJoin(t.agency_codes(), ","),
                          t.has_revoked_at() ? "revoked" : "valid"});
        }
        PrintTable(std::cout, {"id", "principal", "role", "agencies", "state"},
                   rows);
      });
}

absl::Status RunTokenRevoke(Client& client, const cmdline::Flags& a,
                            bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string id, Positional(a, 0, "ID"));
  v1::RevokeTokenRequest r;
  r.set_id(id);
  return Show<v1::Token>(
      client.Call(&v1::AdminService::Stub::RevokeToken, *client.admin(), r),
      json,
      [](const v1::Token& t) { std::cout << "revoked " << t.id() << "\n"; });
}

absl::Status RunStoreVerify(Client& client, const cmdline::Flags& a,
                            bool json) {
  v1::VerifyStoreRequest r;
  r.set_repair(a.GetBool("repair", false));
  return Show<v1::VerifyStoreResponse>(
      client.Call(&v1::AdminService::Stub::VerifyStore, *client.admin(), r),
      json, [](const v1::VerifyStoreResponse& v) {
        std::cout << "dossiers checked " << v.dossiers_checked()
                  << "; differences: counters " << v.counter_differences()
                  << ", indexes " << v.index_differences() << ", histories "
                  << v.history_differences() << ", sequences "
                  << v.sequence_differences()
                  << (v.repaired() ? " (repaired)" : "") << "\n";
        for (const std::string& e : v.examples()) {
          std::cout << "  " << e << "\n";
        }
      });
}

// "12.3 MB": sizes for people (the --json output has the bytes).
std::string Bytes(int64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, " B");
  const char* units[] = {"KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  return absl::StrFormat("%.1f %s", value, units[unit]);
}

void PrintBackups(const google::protobuf::RepeatedPtrField<v1::Backup>& list) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Backup& b : list) {
    rows.push_back({absl::StrCat(b.id()),
                    LocalTime(b.created_at(), b.has_created_at()),
                    Bytes(b.size_bytes()), absl::StrCat(b.file_count())});
  }
  PrintTable(std::cout, {"id", "taken", "size", "files"}, rows);
}

absl::Status RunStoreBackup(Client& client, const cmdline::Flags& a,
                            bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string folder, Positional(a, 0, "DIR"));
  absl::StatusOr<double> timeout =
      a.GetDouble("timeout", 3600, 1, 7 * 24 * 3600, "must be seconds");
  if (!timeout.ok()) return Usage(timeout.status().message());
  client.set_deadline(absl::Seconds(*timeout));
  v1::BackupStoreRequest r;
  r.set_folder(folder);
  const absl::Time start = absl::Now();
  return Show<v1::BackupStoreResponse>(
      client.Call(&v1::AdminService::Stub::BackupStore, *client.admin(), r),
      json, [&](const v1::BackupStoreResponse& b) {
        std::cout << "backup " << b.backup().id() << " in " << folder << ": "
                  << b.backup().file_count() << " files, "
                  << Bytes(b.backup().size_bytes()) << " ("
                  << Bytes(b.added_bytes()) << " new) in "
                  << absl::FormatDuration(absl::Trunc(absl::Now() - start,
                                                      absl::Milliseconds(1)))
                  << "\n";
      });
}

absl::Status RunStoreBackups(Client& client, const cmdline::Flags& a,
                             bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string folder, Positional(a, 0, "DIR"));
  v1::ListBackupsRequest r;
  r.set_folder(folder);
  return Show<v1::ListBackupsResponse>(
      client.Call(&v1::AdminService::Stub::ListBackups, *client.admin(), r),
      json,
      [](const v1::ListBackupsResponse& l) { PrintBackups(l.backups()); });
}

absl::Status RunStorePrune(Client& client, const cmdline::Flags& a, bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string folder, Positional(a, 0, "DIR"));
  if (!a.Has("keep")) return Usage("--keep=N is required");
  absl::StatusOr<int64_t> keep =
      a.GetInt64("keep", 0, 1, 1000000, "must be at least 1");
  if (!keep.ok()) return Usage(keep.status().message());
  v1::PruneBackupsRequest r;
  r.set_folder(folder);
  r.set_keep(static_cast<int32_t>(*keep));
  return Show<v1::PruneBackupsResponse>(
      client.Call(&v1::AdminService::Stub::PruneBackups, *client.admin(), r),
      json, [](const v1::PruneBackupsResponse& p) {
        std::cout << "deleted "
                  << (p.deleted_ids().empty()
                          ? "none"
                          : absl::StrJoin(p.deleted_ids(), ", "))
                  << "; kept:\n";
        PrintBackups(p.kept());
      });
}

}  // namespace

void AddAdminCommands(CommandTable* table) {
  (*table)["import"] = {
      "import FILE.jsonl [--batch=N]\n"
      "  Imports complete past histories: one motcua.v1.HistoricalDossier "
      "JSON\n"
      "  object per line (see README). Lines are sent in batches (default "
      "200);\n"
      "  refused lines are reported with their numbers and do not stop the\n"
      "  others; running the same file again changes nothing. Exits 1 when\n"
      "  any line was refused.",
      {"batch"},
      RunImport};
  (*table)["token create"] = {
      "token create --principal=NAME --role=DESK|VIEWER|BATCH|ADMIN|IMPORT "
      "[--agency=CODE ...] [--unit=KIND:CODE]\n"
      "  Creates a token; its secret is printed once.",
      {"principal", "role", "agency", "unit"},
      RunTokenCreate};
  (*table)["token list"] = {
      "token list\n  Lists tokens (never their secrets).", {}, RunTokenList};
  (*table)["token revoke"] = {
      "token revoke ID\n  Revokes a token at once.", {}, RunTokenRevoke};
  (*table)["store verify"] = {
      "store verify [--repair]\n"
      "  Recounts statistics and indexes from the dossiers; reports (and with\n"
      "  --repair fixes) every difference.",
      {"repair"},
      RunStoreVerify};
  (*table)["store backup"] = {
      "store backup DIR [--timeout=SECONDS]\n"
      "  Takes an online backup of the store into DIR, an absolute folder on\n"
      "  the server's machine (created if missing; not the data folder). The\n"
      "  server keeps serving; the backup holds every write acknowledged\n"
      "  before the command started. Backups in DIR are numbered and share\n"
      "  unchanged files, so each copies only what changed. Waits up to\n"
      "  --timeout (default 3600 s). Restore with motcua-restore (offline).",
      {"timeout"},
      RunStoreBackup};
  (*table)["store backups"] = {
      "store backups DIR\n"
      "  Lists the backups in DIR on the server's machine: id, when taken\n"
      "  (local time), size (what a restore copies) and files.",
      {},
      RunStoreBackups};
  (*table)["store prune"] = {
      "store prune DIR --keep=N\n"
      "  Deletes all but the newest N (at least 1) backups in DIR, and the\n"
      "  files only they held; lists what is kept.",
      {"keep"},
      RunStorePrune};
}

}  // namespace motcua::client
