#include "server/server_options.h"

#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace motcua::server {
namespace {

constexpr const char* kNames[] = {
    "listen",          "data_dir",       "tls_cert",      "tls_key",
    "allow_insecure",  "sync_writes",    "block_cache_mb", "supplement_rule",
    "granularity",     "calendar_dir",   "demo_catalogue", "admin_token_file",
    "clock_skew_seconds", "desk_backdating_days", "write_threads",
    "write_queue",     "config"};

bool Known(absl::string_view name) {
  for (const char* n : kNames) {
    if (name == n) return true;
  }
  return false;
}

absl::Status Bad(absl::string_view name, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--", name, ": ", why));
}

absl::StatusOr<bool> Bool(absl::string_view name, absl::string_view value) {
  if (value == "true" || value == "1" || value.empty()) return true;
  if (value == "false" || value == "0") return false;
  return Bad(name, "must be true or false");
}

// Reads "name = value" lines ('#' comments) into `values`, keeping values
// already there (the command line wins).
absl::Status ReadConfig(const std::string& path,
                        std::map<std::string, std::string>* values) {
  std::ifstream in(path);
  if (!in) return Bad("config", absl::StrCat("cannot read ", path));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    absl::string_view l = absl::StripAsciiWhitespace(line);
    if (l.empty() || l[0] == '#') continue;
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(l, absl::MaxSplits('=', 1));
    const std::string name(absl::StripAsciiWhitespace(kv.first));
    if (!Known(name) || name == "config") {
      return Bad("config", absl::StrCat(path, " line ", number,
                                        ": unknown setting '", name, "'"));
    }
    values->emplace(name, std::string(absl::StripAsciiWhitespace(kv.second)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ServerOptions> ParseServerOptions(int argc, char** argv) {
  std::map<std::string, std::string> values;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (!absl::ConsumePrefix(&arg, "--")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", arg, "' (flags are --name=value)"));
    }
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(arg, absl::MaxSplits('=', 1));
    if (!Known(kv.first)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", kv.first, " (see --help)"));
    }
    values[std::string(kv.first)] = std::string(kv.second);
  }
  if (auto it = values.find("config"); it != values.end()) {
    absl::Status s = ReadConfig(it->second, &values);
    if (!s.ok()) return s;
  }

  ServerOptions o;
  for (const auto& [name, value] : values) {
    if (name == "listen") {
      if (value.find(':') == std::string::npos) {
        return Bad(name, "must be host:port");
      }
      o.listen = value;
    } else if (name == "data_dir") {
      if (value.empty()) return Bad(name, "must not be empty");
      o.data_dir = value;
    } else if (name == "tls_cert") {
      o.tls_cert = value;
    } else if (name == "tls_key") {
      o.tls_key = value;
    } else if (name == "allow_insecure" || name == "sync_writes") {
      absl::StatusOr<bool> b = Bool(name, value);
      if (!b.ok()) return b.status();
      (name == "allow_insecure" ? o.allow_insecure : o.sync_writes) = *b;
    } else if (name == "block_cache_mb") {
      if (!absl::SimpleAtoi(value, &o.block_cache_mb) || o.block_cache_mb < 8 ||
          o.block_cache_mb > 65536) {
        return Bad(name, "must be a number of MiB from 8 to 65536");
      }
    } else if (name == "write_threads") {
      if (!absl::SimpleAtoi(value, &o.write_threads) || o.write_threads < 1 ||
          o.write_threads > 1024) {
        return Bad(name, "must be a number of threads from 1 to 1024");
      }
    } else if (name == "write_queue") {
      if (!absl::SimpleAtoi(value, &o.write_queue) || o.write_queue < 1 ||
          o.write_queue > 1000000) {
        return Bad(name, "must be a number of calls from 1 to 1000000");
      }
    } else if (name == "supplement_rule") {
      if (value == "PAUSE") {
        o.supplement_rule = core::SupplementRule::kPause;
      } else if (value == "RESTART") {
        o.supplement_rule = core::SupplementRule::kRestart;
      } else {
        return Bad(name, "must be PAUSE or RESTART");
      }
    } else if (name == "granularity") {
      if (value == "DATE") {
        o.granularity = core::Granularity::kDate;
      } else if (value == "INSTANT") {
        o.granularity = core::Granularity::kInstant;
      } else {
        return Bad(name, "must be DATE or INSTANT");
      }
    } else if (name == "clock_skew_seconds") {
      if (!absl::SimpleAtoi(value, &o.clock_skew_seconds) ||
          o.clock_skew_seconds < 0 || o.clock_skew_seconds > 3600) {
        return Bad(name, "must be 0 to 3600 seconds");
      }
    } else if (name == "desk_backdating_days") {
      if (!absl::SimpleAtoi(value, &o.desk_backdating_days) ||
          o.desk_backdating_days < 0 || o.desk_backdating_days > 366) {
        return Bad(name, "must be 0 to 366 days");
      }
    } else if (name == "calendar_dir") {
      o.calendar_dir = value;
    } else if (name == "demo_catalogue") {
      o.demo_catalogue = value;
    } else if (name == "admin_token_file") {
      o.admin_token_file = value;
    }
  }
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return Bad("tls_cert", "--tls_cert and --tls_key go together");
  }
  if (o.admin_token_file.empty()) {
    o.admin_token_file = o.data_dir + "/initial-admin-token";
  }
  return o;
}

bool IsLoopback(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  const std::string host = listen.substr(0, colon);
  if (host == "localhost" || host == "[::1]") return true;
  // Only an IPv4 literal 127.a.b.c: a name like 127.example.com is not.
  std::vector<absl::string_view> parts = absl::StrSplit(host, '.');
  if (parts.size() != 4 || parts[0] != "127") return false;
  for (absl::string_view part : parts) {
    int octet = 0;
    if (part.empty() || part.size() > 3 || !absl::SimpleAtoi(part, &octet) ||
        octet < 0 || octet > 255) {
      return false;
    }
  }
  return true;
}

absl::Status CheckTransportSafety(const ServerOptions& o) {
  if (IsLoopback(o.listen) || !o.tls_cert.empty() || o.allow_insecure) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to listen on ", o.listen,
      " without TLS: tokens would cross the network in clear text. Give "
      "--tls_cert and --tls_key, or --allow_insecure to accept the risk"));
}

}  // namespace motcua::server
