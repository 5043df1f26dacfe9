#include "http/boundaries_api.h"

#include <algorithm>
#include <optional>
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
        // Under the read lock only the places are looked up; the geometry
        // (megabytes for a state's districts) is written after it, from
        // the snapshot of the boundaries this request holds.
        struct Item {
          std::string code, name;
          std::optional<int64_t> lgd;
          const std::string* geometry = nullptr;
        };
        struct Found {
          std::string code, name;
          Level level = Level::kVillage;
          bool available = false;
          std::vector<Item> items;
        };
        StatusOr<Found> found = svc->Read(
            [&](const Hierarchy& h, const CoverageIndex&) -> StatusOr<Found> {
              const UnitId parent = h.Find(code);
              if (parent == kNoUnit) {
                return NotFound("no place with the code '" + code + "'",
                                "parent");
              }
              const Place& pp = h.Get(parent);
              Found f{pp.code, pp.name};
              std::vector<UnitId> kids = pp.children;
              std::sort(kids.begin(), kids.end(), [&](UnitId a, UnitId b) {
                return h.Get(a).name < h.Get(b).name;
              });
              f.level = kids.empty() ? Level::kVillage : h.Get(kids[0]).level;
              f.available =
                  boundaries != nullptr && boundaries->HasLevel(f.level);
              for (UnitId c : kids) {
                const Place& p = h.Get(c);
                Item it{p.code, p.name, p.lgd_code};
                if (f.available && p.lgd_code) {
                  it.geometry = boundaries->Find(f.level, *p.lgd_code);
                }
                f.items.push_back(std::move(it));
              }
              return f;
            });
        if (!found.ok()) return Response::Error(found.status());
        JsonWriter w;
        w.BeginObject();
        w.Key("parent").BeginObject();
        w.Key("code").String(found->code);
        w.Key("name").String(found->name);
        w.EndObject();
        w.Key("level").String(LevelName(found->level));
        w.Key("available").Bool(found->available);
        w.Key("features").BeginArray();
        for (const Item& it : found->items) {
          if (it.geometry == nullptr) continue;
          w.BeginObject();
          w.Key("code").String(it.code);
          w.Key("name").String(it.name);
          w.Key("lgd_code").Int(*it.lgd);
          w.Key("geometry").Raw(*it.geometry);
          w.EndObject();
        }
        w.EndArray();
        w.Key("missing").BeginArray();
        for (const Item& it : found->items) {
          if (!found->available || it.geometry != nullptr) continue;
          w.BeginObject();
          w.Key("code").String(it.code);
          w.Key("name").String(it.name);
          w.Key("lgd_code");
          if (it.lgd) {
            w.Int(*it.lgd);
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
