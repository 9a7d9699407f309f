// The dashboard's pages on the HTTP listener: the files of the web folder
// (HTML, CSS, JavaScript), and Chart.js from Debian's libjs-chart.js at
// /vendor/chart.js, so that no request leaves the page's origin.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "server/http_server.h"

namespace motcua::server {

// Reads every file of `web_dir` (not its subfolders) and `chart_js` once,
// now, and serves them from memory: "/" is index.html, "/NAME" the file
// NAME. No path from a request ever reaches the filesystem. NotFound when
// the folder, its index.html or `chart_js` cannot be read.
absl::Status AddWebPages(HttpServer& http, const std::string& web_dir,
                         const std::string& chart_js);

}  // namespace motcua::server
