// Serves the dashboard page and its assets from the web root: "/" is
// index.html, "/assets/<path>" a file under the root, "/vendor/echarts.js"
// the ECharts module installed by npm.  Nothing outside the root is served.
#ifndef JJM_HTTP_STATIC_FILES_H_
#define JJM_HTTP_STATIC_FILES_H_

#include <string>

#include "http/http.h"

namespace jjm {

Handler MakeStaticHandler(std::string web_root);

}  // namespace jjm

#endif  // JJM_HTTP_STATIC_FILES_H_
