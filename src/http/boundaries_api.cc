#include "http/boundaries_api.h"

#include <algorithm>
#include <string>
#include <vector>

#include "base/json_writer.h"
#include "http/json_body.h"
#include "http/module_api.h"

namespace jjm {

void AddBoundariesRoutes(Router* router, CoverageService* svc,
                         ReportsService* reports) {
  using Caller = ReportsService::Caller;
  router->Add(
      "GET", "/api/v1/boundaries", Access::Public(),
      [svc, reports](Request& r) {
        Status q = api::OnlyQuery(r, {"parent"});
        if (!q.ok()) return Response::Error(q);
        const std::shared_ptr<const Boundaries> boundaries =
            reports->boundaries();
        std::string code = api::Q(r, "parent");
        if (code.empty()) code = "IN";
        return svc->Read(
            [&](const Hierarchy& h, const CoverageIndex&) -> Response {
              const UnitId parent = h.Find(code);
              if (parent == kNoUnit) {
                return Response::Error(NotFound(
                    "no place with the code '" + code + "'", "parent"));
              }
              const Place& pp = h.Get(parent);
              std::vector<UnitId> kids = pp.children;
              std::sort(kids.begin(), kids.end(), [&](UnitId a, UnitId b) {
                return h.Get(a).name < h.Get(b).name;
              });
              const Level level =
                  kids.empty() ? Level::kVillage : h.Get(kids[0]).level;
              const bool available =
                  boundaries != nullptr && boundaries->HasLevel(level);
              JsonWriter w;
              w.BeginObject();
              w.Key("parent").BeginObject();
              w.Key("code").String(pp.code);
              w.Key("name").String(pp.name);
              w.EndObject();
              w.Key("level").String(LevelName(level));
              w.Key("available").Bool(available);
              std::vector<UnitId> missing;
              w.Key("features").BeginArray();
              for (UnitId c : kids) {
                if (!available) break;
                const Place& p = h.Get(c);
                const std::string* g =
                    p.lgd_code ? boundaries->Find(level, *p.lgd_code) : nullptr;
                if (g == nullptr) {
                  missing.push_back(c);
                  continue;
                }
                w.BeginObject();
                w.Key("code").String(p.code);
                w.Key("name").String(p.name);
                w.Key("lgd_code").Int(*p.lgd_code);
                w.Key("geometry").Raw(*g);
                w.EndObject();
              }
              w.EndArray();
              w.Key("missing").BeginArray();
              for (UnitId c : missing) {
                const Place& p = h.Get(c);
                w.BeginObject();
                w.Key("code").String(p.code);
                w.Key("name").String(p.name);
                w.Key("lgd_code");
                if (p.lgd_code) {
                  w.Int(*p.lgd_code);
                } else {
                  w.Null();
                }
                w.EndObject();
              }
              w.EndArray();
              w.EndObject();
              Response out = Response::Json(200, w.Take());
              out.headers.emplace_back("Cache-Control", "public, max-age=300");
              return out;
            });
      });
  router->Add("GET", "/api/v1/boundary-files", Access::Public(),
              api::Answer(200, [reports](Request& r) -> StatusOr<api::Json> {
                JJM_RETURN_IF_ERROR(api::OnlyQuery(r, {}));
                return reports->BoundaryFiles(api::CallerOf<Caller>(r));
              }));
  router->Add("POST", "/api/v1/boundary-files", Access::SignedIn(),
              api::Answer(201, [reports](Request& r) -> StatusOr<api::Json> {
                JJM_RETURN_IF_ERROR(api::OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(api::Json b, JsonObjectBody(r));
                return reports->UploadBoundaries(api::CallerOf<Caller>(r), b);
              }));
  router->SetBodyLimit("POST", "/api/v1/boundary-files", kBoundaryUploadLimit);
}

}  // namespace jjm
