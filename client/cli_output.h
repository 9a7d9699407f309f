// How the CLI prints: aligned tables for people, JSON for scripts.
#pragma once

#include <functional>
#include <iostream>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "motcua/v1/resources.pb.h"

namespace motcua::client {

// Prints `rows` under `header` with columns padded to their widest cell
// (width counted in UTF-8 characters, so Vietnamese names line up).
void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

// The message as protobuf JSON (field names as in the .proto), one object.
std::string ToJson(const google::protobuf::Message& message);

// "2025-03-10 09:00" in Vietnam's local time; "" when unset.
std::string LocalTime(const google::protobuf::Timestamp& t, bool is_set);
std::string DateString(const v1::Date& d);

// One CSV record, cells quoted where needed, CRLF-terminated (RFC 4180).
std::string CsvLine(const std::vector<std::string>& cells);

// `header` and `rows` as CSV in UTF-8 with a byte-order mark, so that
// spreadsheets read Vietnamese text correctly.
void PrintCsv(std::ostream& out, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows);

// A dossier's fields as a two-column table on standard output.
void PrintDossier(const v1::Dossier& d);

// The server's error, or the message on standard output: as JSON with
// `json`, else as `human` prints it.
template <typename Message>
absl::Status Show(const absl::StatusOr<Message>& result, bool json,
                  const std::function<void(const Message&)>& human) {
  if (!result.ok()) return result.status();
  if (json) {
    std::cout << ToJson(*result);
  } else {
    human(*result);
  }
  return absl::OkStatus();
}

// Show for a dossier, printed by PrintDossier.
absl::Status ShowDossier(const absl::StatusOr<v1::Dossier>& d, bool json);

}  // namespace motcua::client
