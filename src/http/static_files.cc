#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace jjm {
namespace {

namespace fs = std::filesystem;

std::string ContentType(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

Response NotFoundPage(const std::string& path) {
  return Response::Error(NotFound("no such file: " + path));
}

}  // namespace

Handler MakeStaticHandler(std::string web_root) {
  std::error_code ec;
  fs::path root = fs::weakly_canonical(fs::path(web_root), ec);
  return [root](Request& req) -> Response {
    if (req.method != "GET" && req.method != "HEAD") {
      Response r = Response::Error(InvalidArgument("only GET is allowed here"));
      r.status = 405;
      return r;
    }
    fs::path rel;
    if (req.path == "/" || req.path == "/index.html") {
      rel = "index.html";
    } else if (req.path == "/vendor/echarts.js") {
      rel = "node_modules/echarts/dist/echarts.esm.min.js";
    } else if (req.path.rfind("/assets/", 0) == 0) {
      const std::string sub = req.path.substr(8);
      // No parent segments, no hidden files, nothing from node_modules.
      if (sub.empty() || sub.find("..") != std::string::npos ||
          sub.find('\\') != std::string::npos || sub[0] == '/' ||
          sub.find("/.") != std::string::npos || sub[0] == '.' ||
          sub.rfind("node_modules", 0) == 0) {
        return NotFoundPage(req.path);
      }
      rel = sub;
    } else {
      return NotFoundPage(req.path);
    }
    std::error_code ec2;
    const fs::path full = fs::weakly_canonical(root / rel, ec2);
    const std::string full_s = full.string();
    const std::string root_s = root.string() + "/";
    if (ec2 || full_s.compare(0, root_s.size(), root_s) != 0 ||
        !fs::is_regular_file(full, ec2)) {
      return NotFoundPage(req.path);
    }
    std::ifstream in(full, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    Response r;
    r.content_type = ContentType(full);
    r.body = body.str();
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
  };
}

}  // namespace jjm
