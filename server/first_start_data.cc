#include "server/first_start_data.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "server/api_codec.h"
#include "server/log.h"

namespace motcua::server {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status WriteOwnerOnlyFile(const std::string& path,
                                const std::string& content) {
  const int fd =
      open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  }
  const bool written = write(fd, content.data(), content.size()) ==
                       static_cast<ssize_t>(content.size());
  close(fd);
  if (!written) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

absl::Status LoadCalendars(storage::Store& store, const std::string& dir) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("vn-", 0) != 0 || entry.path().extension() != ".txt") {
      continue;
    }
    absl::StatusOr<std::string> text = ReadFile(entry.path().string());
    if (!text.ok()) return text.status();
    absl::StatusOr<core::CalendarYear> year = core::ParseCalendarYear(*text);
    if (!year.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(entry.path().string(), ": ", year.status().message()));
    }
    absl::Status s = store.PutCalendarYear(*year);
    if (!s.ok()) return s;
    ++loaded;
  }
  Log(LogLevel::kInfo, absl::StrCat("first start: loaded ", loaded,
                                    " calendar years from ", dir));
  return absl::OkStatus();
}

absl::Status LoadCatalogue(storage::Store& store, const std::string& path) {
  absl::StatusOr<std::string> json = ReadFile(path);
  if (!json.ok()) return json.status();
  v1::ImportCatalogueRequest catalogue;
  auto parsed = google::protobuf::util::JsonStringToMessage(*json, &catalogue);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", parsed.ToString()));
  }
  int stored = 0;
  auto put_all = [&](const auto& list, auto put) -> absl::Status {
    for (const auto& wire : list) {
      auto entry = FromProto(wire);
      if (!entry.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": ", entry.status().message()));
      }
      absl::Status s = put(*entry);
      if (!s.ok()) return s;
      ++stored;
    }
    return absl::OkStatus();
  };
  absl::Status s = put_all(catalogue.units(),
                           [&](const core::Unit& e) { return store.PutUnit(e); });
  if (s.ok()) {
    s = put_all(catalogue.agencies(),
                [&](const core::Agency& e) { return store.PutAgency(e); });
  }
  if (s.ok()) {
    s = put_all(catalogue.fields(),
                [&](const core::Field& e) { return store.PutField(e); });
  }
  if (s.ok()) {
    s = put_all(catalogue.procedures(),
                [&](const core::Procedure& e) { return store.PutProcedure(e); });
  }
  if (!s.ok()) return s;
  Log(LogLevel::kInfo, absl::StrCat("first start: loaded ", stored,
                                    " catalogue entries from ", path));
  return absl::OkStatus();
}

}  // namespace motcua::server
