#include "server/web_pages.h"

#include <filesystem>
#include <map>
#include <memory>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "httplib.h"
#include "service/files.h"

namespace motcua::server {
namespace {

struct File {
  std::string content;
  std::string type;
};

// What the dashboard ships; anything else in the folder is not served.
const char* TypeOf(const std::string& name) {
  static const std::map<std::string, const char*> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (absl::EndsWith(name, extension)) return type;
  }
  return nullptr;
}

}  // namespace

absl::Status AddWebPages(HttpServer& http, const std::string& web_dir,
                         const std::string& chart_js) {
  auto files = std::make_shared<std::map<std::string, File>>();
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(web_dir, error)) {
    const std::string name = entry.path().filename().string();
    const char* type = TypeOf(name);
    if (!entry.is_regular_file() || type == nullptr) continue;
    MOTCUA_ASSIGN_OR_RETURN(std::string content,
                            service::ReadFile(entry.path().string()));
    (*files)["/" + name] = File{std::move(content), type};
  }
  if (error) {
    return absl::NotFoundError(absl::StrCat("cannot read the web folder ",
                                            web_dir, ": ", error.message()));
  }
  auto index = files->find("/index.html");
  if (index == files->end()) {
    return absl::NotFoundError(
        absl::StrCat("the web folder ", web_dir, " has no index.html"));
  }
  (*files)["/"] = index->second;
  MOTCUA_ASSIGN_OR_RETURN(std::string chart, service::ReadFile(chart_js));
  (*files)["/vendor/chart.js"] = File{std::move(chart), TypeOf(".js")};
  http.Get("/(?!api/).*", [files](const httplib::Request& request,
                                  httplib::Response& response) {
    auto it = files->find(request.path);
    if (it == files->end()) {
      response.status = 404;
      response.set_content("Không tìm thấy trang / page not found\n",
                           "text/plain; charset=utf-8");
      return;
    }
    // Public files, the same for everyone: the browser may keep them but
    // must ask whether they changed.
    response.headers.erase("Cache-Control");
    response.set_header("Cache-Control", "no-cache");
    response.set_content(it->second.content, it->second.type);
  });
  return absl::OkStatus();
}

}  // namespace motcua::server
