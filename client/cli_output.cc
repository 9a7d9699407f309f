#include "client/cli_output.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"

namespace motcua::client {
namespace {

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

size_t Utf8Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xc0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size());
  for (size_t i = 0; i < header.size(); ++i) widths[i] = Utf8Width(header[i]);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], Utf8Width(row[i]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      out << cells[i];
      if (i + 1 < cells.size()) {
        out << std::string(widths[i] - Utf8Width(cells[i]) + 2, ' ');
      }
    }
    out << "\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string LocalTime(const google::protobuf::Timestamp& t, bool is_set) {
  if (!is_set) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(t.seconds()),
                          absl::FixedTimeZone(7 * 3600));
}

std::string DateString(const v1::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::vector<std::string> quoted;
  for (const std::string& c : cells) quoted.push_back(CsvCell(c));
  return absl::StrCat(absl::StrJoin(quoted, ","), "\r\n");
}

void PrintCsv(std::ostream& out, const std::vector<std::string>& header,
              const std::vector<std::vector<std::string>>& rows) {
  out << "\xEF\xBB\xBF" << CsvLine(header);
  for (const auto& line : rows) out << CsvLine(line);
}

void PrintDossier(const v1::Dossier& d) {
  std::vector<std::vector<std::string>> rows = {
      {"code", d.code()},
      {"status", v1::DossierStatus_Name(d.status())},
      {"agency", d.agency_code()},
      {"procedure", d.procedure_code()},
      {"channel", v1::Channel_Name(d.channel())},
      {"received", LocalTime(d.received_at(), d.has_received_at())},
      {"due", LocalTime(d.due_at(), d.has_due_at())},
      {"extended due", LocalTime(d.extended_due_at(), d.has_extended_due_at())},
      {"finished", LocalTime(d.finished_at(), d.has_finished_at())},
      {"returned", LocalTime(d.returned_at(), d.has_returned_at())}};
  if (d.timeliness() != v1::TIMELINESS_UNSPECIFIED) {
    rows.push_back({"timeliness", v1::Timeliness_Name(d.timeliness())});
  }
  if (d.has_applicant()) {
    rows.push_back({"applicant", d.applicant().name()});
  }
  PrintTable(std::cout, {"field", "value"}, rows);
}

absl::Status ShowDossier(const absl::StatusOr<v1::Dossier>& d, bool json) {
  return Show<v1::Dossier>(d, json, PrintDossier);
}

}  // namespace motcua::client
