// The reports service's map boundaries: the operator's file with the
// uploaded files laid over it, and the upload itself.
#include <ctime>
#include <set>

#include "base/json_fields.h"
#include "reports/reports_service.h"
#include "store/audited_write.h"
#include "store/reports_store.h"

namespace jjm {
namespace {

constexpr size_t kMaxListed = 200;

// Per level of `b`: the places of `h` at that level with a boundary, those
// without one, and the file's LGD codes that no place here has.  The
// places without one are listed (up to kMaxListed) within the states the
// file draws any district of, as a state's own file of districts would
// be read; the others are counted.
ReportsService::Json Coverage(const Boundaries& b, const Hierarchy& h) {
  using Json = ReportsService::Json;
  Json out = Json::object();
  for (Level level : {Level::kState, Level::kDistrict}) {
    if (!b.HasLevel(level)) continue;
    const auto drawn = [&](UnitId u) {
      const Place& p = h.Get(u);
      return p.lgd_code && b.Find(level, *p.lgd_code) != nullptr;
    };
    std::set<UnitId> touched;  // states with a district drawn
    if (level == Level::kDistrict) {
      h.ForEachAtLevel(kIndia, level, [&](UnitId u) {
        if (drawn(u)) touched.insert(h.AncestorAt(u, Level::kState));
      });
    }
    int64_t with = 0, without = 0, elsewhere = 0;
    Json missing = Json::array();
    std::set<int64_t> known;
    h.ForEachAtLevel(kIndia, level, [&](UnitId u) {
      const Place& p = h.Get(u);
      if (p.lgd_code) known.insert(*p.lgd_code);
      if (drawn(u)) {
        ++with;
        return;
      }
      ++without;
      if (level == Level::kDistrict &&
          !touched.count(h.AncestorAt(u, Level::kState))) {
        ++elsewhere;
        return;
      }
      if (missing.size() < kMaxListed) {
        missing.push_back(
            {{"code", p.code},
             {"name", p.name},
             {"lgd_code", p.lgd_code ? Json(*p.lgd_code) : Json()}});
      }
    });
    Json unknown = Json::array();
    int64_t unknown_count = 0;
    b.ForEachCode(level, [&](int64_t code) {
      if (known.count(code)) return;
      ++unknown_count;
      if (unknown.size() < kMaxListed) unknown.push_back(code);
    });
    Json entry = {{"places_with_boundary", with},
                  {"places_without_boundary", without},
                  {"missing", std::move(missing)},
                  {"features_naming_no_place", unknown_count},
                  {"unknown_lgd_codes", std::move(unknown)}};
    if (level == Level::kDistrict) {
      entry["districts_in_states_not_drawn"] = elsewhere;
    }
    out[std::string(LevelName(level))] = std::move(entry);
  }
  return out;
}

}  // namespace

std::shared_ptr<const Boundaries> ReportsService::boundaries() const {
  MutexLock lock(&mu_);
  return boundaries_;
}

StatusOr<Boundaries> ReportsService::WithUploads(Boundaries base) {
  ReportsStore store(db_);
  // Only files that are still the latest for some level are read.
  std::vector<BoundaryFileRow> files;
  JJM_RETURN_IF_ERROR(store.EachBoundaryFile(
      [&](const BoundaryFileRow& r) { files.push_back(r); }));
  std::set<std::string> seen;
  std::vector<int64_t> needed;
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    bool latest = false;
    for (const char* l : {"state", "district"}) {
      if (it->levels.find(l) != std::string::npos && seen.insert(l).second) {
        latest = true;
      }
    }
    if (latest) needed.insert(needed.begin(), it->id);
  }
  for (int64_t id : needed) {
    JJM_ASSIGN_OR_RETURN(std::string text, store.BoundaryGeojson(id));
    StatusOr<Boundaries> b = Boundaries::Parse(text);
    if (!b.ok()) {
      return Internal("stored boundary file " + std::to_string(id) +
                      " no longer reads: " + b.status().message());
    }
    base.Layer(*b);
  }
  return base;
}

Status ReportsService::SetBaseBoundaries(Boundaries base) {
  MutexLock write(&write_mu_);
  JJM_ASSIGN_OR_RETURN(Boundaries all, WithUploads(std::move(base)));
  auto shared = all.size() == 0
                    ? nullptr
                    : std::make_shared<const Boundaries>(std::move(all));
  MutexLock lock(&mu_);
  boundaries_ = std::move(shared);
  return Status::Ok();
}

StatusOr<ReportsService::Json> ReportsService::UploadBoundaries(
    const Caller& c, const Json& body) {
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"file", "filename"}));
  if (!body.contains("file") || !body["file"].is_string()) {
    return InvalidArgument("file must be the GeoJSON file's text", "file");
  }
  std::string name = "boundaries.geojson";
  if (body.contains("filename")) {
    JJM_ASSIGN_OR_RETURN(name, TextField(body, "", "filename", true, 1, 200));
  }
  if (!c.command_line) {
    if (c.principal == nullptr) {
      return Status(StatusCode::kUnauthenticated,
                    "sign in to upload a boundary file");
    }
    const bool allowed =
        coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
          return Allows(*c.principal, Permission::kUploadBoundaries, kIndia, h);
        });
    if (!allowed) {
      return Status(StatusCode::kPermissionDenied,
                    "only national administrators upload the map's "
                    "boundaries");
    }
  }
  const std::string& text = body["file"].get_ref<const std::string&>();
  StatusOr<Boundaries> parsed = Boundaries::Parse(text);
  if (!parsed.ok()) {
    return InvalidArgument("'" + name + "': " + parsed.status().message(),
                           "file");
  }
  if (parsed->size() == 0) {
    return InvalidArgument("'" + name + "' has no features", "file");
  }
  const std::string actor =
      c.command_line ? c.actor : (c.principal ? c.principal->username : "");
  BoundaryFileRow row;
  row.source_name = name;
  row.levels = parsed->LevelNames();
  row.features = static_cast<int64_t>(parsed->size());
  row.geojson = text;
  row.recorded_at = FormatUtc(std::time(nullptr));
  row.recorded_by = actor;
  AuditRow audit;
  audit.actor = actor;
  audit.remote = c.remote;
  audit.action = "reports.boundaries.upload";
  audit.entity = "boundary_file";
  audit.unit_id = kIndia;
  audit.unit_path = "IN";
  audit.after = Json{{"source_name", name},
                     {"levels", row.levels},
                     {"features", row.features}}
                    .dump();

  MutexLock write(&write_mu_);
  std::shared_ptr<const Boundaries> before;
  {
    MutexLock lock(&mu_);
    before = boundaries_;
  }
  Boundaries next = before ? *before : Boundaries();
  next.Layer(*parsed);
  ReportsStore store(db_);
  int64_t id = 0;
  JJM_RETURN_IF_ERROR(
      WriteWithAudits(db_, [&]() -> StatusOr<std::vector<AuditRow>> {
        JJM_ASSIGN_OR_RETURN(id, store.AddBoundaryFile(row));
        audit.entity_id = std::to_string(id);
        return std::vector<AuditRow>{audit};
      }));
  Json places = coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    return Coverage(*parsed, h);
  });
  auto shared = std::make_shared<const Boundaries>(std::move(next));
  {
    MutexLock lock(&mu_);
    boundaries_ = std::move(shared);
  }
  return Json{{"id", id},
              {"filename", name},
              {"levels", row.levels},
              {"features", row.features},
              {"recorded_at", row.recorded_at},
              {"places", std::move(places)}};
}

StatusOr<ReportsService::Json> ReportsService::BoundaryFiles(
    const Caller&) const {
  ReportsStore store(db_);
  Json files = Json::array();
  JJM_RETURN_IF_ERROR(store.EachBoundaryFile([&](const BoundaryFileRow& r) {
    files.insert(files.begin(), Json{{"id", r.id},
                                     {"filename", r.source_name},
                                     {"levels", r.levels},
                                     {"features", r.features},
                                     {"recorded_at", r.recorded_at},
                                     {"recorded_by", r.recorded_by}});
  }));
  std::shared_ptr<const Boundaries> now = boundaries();
  return Json{{"files", std::move(files)},
              {"levels", now ? now->LevelNames() : ""}};
}

}  // namespace jjm
