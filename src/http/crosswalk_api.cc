// The crosswalk API's handlers: reading the file and the decisions, running
// ImportVillages on them, and writing its report with the unmatched names.
#include "http/crosswalk_api.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "accounts/crypto.h"
#include "accounts/roles.h"
#include "base/json_writer.h"
#include "crosswalk/crosswalk_service.h"
#include "http/coverage_params.h"
#include "http/json_body.h"
#include "http/work_pool.h"
#include "io/importers.h"
#include "io/table_file.h"

namespace jjm {
namespace {

using nlohmann::json;

// Rejected rows listed in an answer; the total is always given.
constexpr size_t kMaxRejectionsShown = 500;
constexpr size_t kMaxDecisions = 20000;

// A person's decision: `source_name` under `parent_code` means `code`.
struct Decision {
  Level level = Level::kState;
  std::string parent_code, source_name, code;
};

struct ImportRequest {
  std::string text;  // the file: CSV text, or a workbook's bytes
  std::string source = "upload.csv";
  std::string sheet;  // a workbook's sheet; empty: the first
  std::optional<Date> as_of;
  std::vector<Decision> decisions;
  bool commit = false;
  bool skip_invalid = false;
  bool remember = false;  // store the decisions as aliases once committed
};

// The file's name as a batch's source: its last path part, printable,
// at most 120 bytes.
StatusOr<std::string> SourceName(const json& v) {
  if (!v.is_string()) {
    return InvalidArgument("filename must be a string", "filename");
  }
  std::string name = v.get<std::string>();
  if (auto slash = name.find_last_of("/\\"); slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  }
  if (out.empty() || out.size() > 120) {
    return InvalidArgument("filename must be 1 to 120 characters", "filename");
  }
  return out;
}

StatusOr<std::vector<Decision>> ParseDecisions(const json& v) {
  if (!v.is_array()) {
    return InvalidArgument("decisions must be a list", "decisions");
  }
  if (v.size() > kMaxDecisions) {
    return InvalidArgument(
        "at most " + std::to_string(kMaxDecisions) + " decisions at once",
        "decisions");
  }
  std::vector<Decision> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string at = "decisions[" + std::to_string(i) + "]";
    if (!v[i].is_object()) {
      return InvalidArgument(at + " must be an object", at);
    }
    Decision d;
    for (auto it = v[i].begin(); it != v[i].end(); ++it) {
      const std::string& key = it.key();
      const json& value = it.value();
      const std::string field = at + "." + key;
      std::string* slot = key == "level"         ? nullptr
                          : key == "parent_code" ? &d.parent_code
                          : key == "source_name" ? &d.source_name
                          : key == "code"        ? &d.code
                                                 : nullptr;
      if (key != "level" && slot == nullptr) {
        return InvalidArgument("unknown field '" + key + "'", field);
      }
      if (!value.is_string()) {
        return InvalidArgument(key + " must be a string", field);
      }
      if (slot != nullptr) {
        *slot = value.get<std::string>();
        continue;
      }
      const std::optional<Level> level = ParseLevel(value.get<std::string>());
      if (!level || *level < Level::kState || *level > Level::kBlock) {
        return InvalidArgument("the level must be state, district or block",
                               field);
      }
      d.level = *level;
    }
    for (const char* required :
         {"level", "parent_code", "source_name", "code"}) {
      if (!v[i].contains(required)) {
        return InvalidArgument(std::string(required) + " is required",
                               at + "." + required);
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

// Reads a request: a JSON object, or (`csv_allowed`) the file itself as
// text/csv with as_of and filename in the query.
StatusOr<ImportRequest> ParseRequest(Request& req, bool csv_allowed,
                                     Date today) {
  ImportRequest r;
  auto set_as_of = [&](std::string_view text) -> Status {
    JJM_ASSIGN_OR_RETURN(Date d, Date::ParseField(text, "as_of"));
    if (d > today) return InvalidArgument("as_of is in the future", "as_of");
    r.as_of = d;
    return Status::Ok();
  };
  if (csv_allowed && req.Header("content-type").substr(0, 8) == "text/csv") {
    JJM_RETURN_IF_ERROR(OnlyParams(req, {"as_of", "filename"}));
    if (auto a = req.Query("as_of")) JJM_RETURN_IF_ERROR(set_as_of(*a));
    if (auto f = req.Query("filename")) {
      JJM_ASSIGN_OR_RETURN(r.source, SourceName(json(std::string(*f))));
    }
    r.text = std::move(req.body);
  } else {
    JJM_RETURN_IF_ERROR(OnlyParams(req, {}));
    JJM_ASSIGN_OR_RETURN(json body, JsonObjectBody(req));
    for (auto it = body.begin(); it != body.end(); ++it) {
      const std::string& key = it.key();
      const json& value = it.value();
      if (key == "file") {
        if (!value.is_string()) {
          return InvalidArgument("file must be the file's text", "file");
        }
        if (body.contains("file_base64")) {
          return InvalidArgument("send file or file_base64, not both", "file");
        }
        r.text = value.get<std::string>();
      } else if (key == "file_base64") {
        // An Excel workbook (or any file) as base64.
        if (!value.is_string()) {
          return InvalidArgument("file_base64 must be the file in base64",
                                 "file_base64");
        }
        StatusOr<std::string> bytes =
            DecodeBase64(value.get_ref<const std::string&>());
        if (!bytes.ok()) {
          return InvalidArgument("file_base64 is not base64", "file_base64");
        }
        r.text = std::move(*bytes);
      } else if (key == "sheet") {
        if (!value.is_string()) {
          return InvalidArgument("sheet must be the sheet's name", "sheet");
        }
        r.sheet = value.get<std::string>();
      } else if (key == "filename") {
        JJM_ASSIGN_OR_RETURN(r.source, SourceName(value));
      } else if (key == "as_of") {
        if (!value.is_string()) {
          return InvalidArgument("as_of must be a date", "as_of");
        }
        JJM_RETURN_IF_ERROR(set_as_of(value.get<std::string>()));
      } else if (key == "decisions") {
        JJM_ASSIGN_OR_RETURN(r.decisions, ParseDecisions(value));
      } else if (!csv_allowed && (key == "commit" || key == "skip_invalid" ||
                                  key == "remember_decisions")) {
        if (!value.is_boolean()) {
          return InvalidArgument(key + " must be true or false", key);
        }
        (key == "commit"         ? r.commit
         : key == "skip_invalid" ? r.skip_invalid
                                 : r.remember) = value.get<bool>();
      } else {
        return InvalidArgument("unknown field '" + key + "'", key);
      }
    }
  }
  bool blank = true;
  for (char c : r.text) blank = blank && (c == ' ' || c == '\n' || c == '\r');
  if (blank) return InvalidArgument("the file is empty", "file");
  return r;
}

// The places the caller may import into; empty: everywhere (national
// administrators, and every caller when access control is off).
std::vector<UnitId> WithinOf(const Request& req) {
  if (req.principal == nullptr) return {};
  std::vector<UnitId> w =
      PlacesWith(*req.principal, Permission::kImportVillages);
  for (UnitId u : w) {
    if (u == kIndia) return {};
  }
  return w;
}

bool InAny(const Hierarchy& h, UnitId u, const std::vector<UnitId>& within) {
  if (within.empty()) return true;
  for (UnitId w : within) {
    if (h.IsWithin(u, w)) return true;
  }
  return false;
}

// The decisions as a name crosswalk, each checked: a place of its level
// under its parent, within the caller's places, one per name.
StatusOr<NameCrosswalk> CrosswalkOf(const std::vector<Decision>& decisions,
                                    const Hierarchy& h,
                                    const std::vector<UnitId>& within) {
  NameCrosswalk out;
  std::unordered_map<std::string, std::string> code_of;  // by name key
  for (size_t i = 0; i < decisions.size(); ++i) {
    const Decision& d = decisions[i];
    const std::string at = "decisions[" + std::to_string(i) + "].";
    const std::string level(LevelName(d.level));
    const UnitId parent = h.Find(d.parent_code);
    if (parent == kNoUnit || static_cast<int>(h.Get(parent).level) !=
                                 static_cast<int>(d.level) - 1) {
      return NotFound("no place one level above a " + level + " has code '" +
                          d.parent_code + "'",
                      at + "parent_code");
    }
    const UnitId unit = h.Find(d.code, d.level);
    if (unit == kNoUnit) {
      return NotFound("no " + level + " has code '" + d.code + "'",
                      at + "code");
    }
    if (h.Get(unit).parent != parent) {
      return InvalidArgument(h.Get(unit).code + " (" + h.Get(unit).name +
                                 ") is not a " + level + " of " +
                                 h.Get(parent).name,
                             at + "code");
    }
    if (!InAny(h, unit, within)) {
      return Status(StatusCode::kPermissionDenied,
                    h.Get(unit).code + " (" + h.Get(unit).name +
                        ") lies outside the places you may import into",
                    at + "code");
    }
    if (MatchKey(d.source_name).empty()) {
      return InvalidArgument("the source name is empty", at + "source_name");
    }
    const std::string key =
        level + '\x1f' + h.Get(parent).code + '\x1f' + MatchKey(d.source_name);
    auto [it, fresh] = code_of.emplace(key, h.Get(unit).code);
    if (!fresh && it->second != h.Get(unit).code) {
      return InvalidArgument("'" + d.source_name + "' is already mapped to " +
                                 it->second + "; choose one place per name",
                             at + "code");
    }
    out.Add(d.level, h.Get(parent).code, d.source_name, h.Get(unit).code);
  }
  return out;
}

// One unmatched name as the caller may decide it: candidates outside the
// caller's places are left out, and so is a name with none left.
struct ShownName {
  const UnmatchedName* name;
  std::vector<const Suggestion*> candidates;
  bool prefilled = false;
};

void WriteName(JsonWriter& w, const Hierarchy& h, const ShownName& s) {
  const UnmatchedName& u = *s.name;
  w.BeginObject();
  w.Key("level").String(LevelName(u.level));
  w.Key("parent_code").String(u.parent_code);
  const UnitId parent = h.Find(u.parent_code);
  w.Key("parent_name").String(parent == kNoUnit ? "" : h.Get(parent).name);
  w.Key("source_name").String(u.name);
  w.Key("rows").Int(u.rows);
  if (s.prefilled) {
    w.Key("decision").String("accept");
    w.Key("code").String(h.Get(static_cast<UnitId>(s.candidates[0]->id)).code);
  } else {
    w.Key("decision").Null();
    w.Key("code").Null();
  }
  w.Key("candidates").BeginArray();
  for (const Suggestion* c : s.candidates) {
    w.BeginObject();
    w.Key("code").String(h.Get(static_cast<UnitId>(c->id)).code);
    w.Key("name").String(c->name);
    w.Key("score").Double(c->score, 2);
    w.Key("reason").String(c->reason);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// The unmatched names the caller may decide, grouped by district (block
// names under their district, a district name as its own group, state
// names in a group without a district), in the order first met.
void WriteDistricts(JsonWriter& w, const Hierarchy& h,
                    const std::vector<UnmatchedName>& unmatched,
                    const std::vector<UnitId>& within) {
  struct Group {
    std::string state, district, district_code;
    std::vector<ShownName> names;
  };
  std::vector<Group> groups;
  std::unordered_map<std::string, size_t> group_at;
  int64_t total = 0, accepted = 0, for_person = 0, no_candidate = 0;
  for (const UnmatchedName& u : unmatched) {
    const UnitId parent = h.Find(u.parent_code);
    if (parent == kNoUnit) continue;
    const bool parent_within = InAny(h, parent, within);
    ShownName s{&u, {}, false};
    for (const Suggestion& c : u.suggestions) {
      const UnitId id = static_cast<UnitId>(c.id);
      if (h.Contains(id) && (parent_within || InAny(h, id, within))) {
        s.candidates.push_back(&c);
      }
    }
    if (!parent_within && s.candidates.empty()) continue;
    s.prefilled = ClearlyAhead(u.suggestions) && !s.candidates.empty() &&
                  s.candidates[0] == &u.suggestions[0];
    ++total;
    if (s.prefilled) {
      ++accepted;
    } else if (s.candidates.empty()) {
      ++no_candidate;
    } else {
      ++for_person;
    }
    Group g;
    g.state = u.level == Level::kState ? u.name : u.state;
    if (u.level == Level::kBlock) {
      g.district = u.district;
      g.district_code = u.parent_code;
    } else if (u.level == Level::kDistrict) {
      g.district = u.name;
    }
    const std::string key = g.state + '\x1f' + g.district + '\x1f' +
                            g.district_code + '\x1f' +
                            (u.level == Level::kState ? "s" : "");
    auto [it, fresh] = group_at.emplace(key, groups.size());
    if (fresh) groups.push_back(std::move(g));
    groups[it->second].names.push_back(std::move(s));
  }
  w.Key("names").BeginObject();
  w.Key("total").Int(total);
  w.Key("accepted").Int(accepted);
  w.Key("for_person").Int(for_person);
  w.Key("no_candidate").Int(no_candidate);
  w.EndObject();
  w.Key("districts").BeginArray();
  for (const Group& g : groups) {
    w.BeginObject();
    w.Key("state").String(g.state);
    w.Key("district").String(g.district);
    if (g.district_code.empty()) {
      w.Key("district_code").Null();
    } else {
      w.Key("district_code").String(g.district_code);
    }
    w.Key("names").BeginArray();
    for (const ShownName& s : g.names) WriteName(w, h, s);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

// `r` is the import's report; `unmatched` the names a suggesting run of
// the same file found.
std::string ReportJson(const ImportReport& r,
                       const std::vector<UnmatchedName>& unmatched,
                       const std::string& source, Date as_of,
                       const Hierarchy& h, const std::vector<UnitId>& within) {
  // A row may be rejected for several reasons: count rows once.
  std::unordered_set<int64_t> rejected_rows;
  for (const Rejection& x : r.rejections()) rejected_rows.insert(x.row);
  JsonWriter w;
  w.BeginObject();
  w.Key("source").String(source);
  w.Key("as_of").String(as_of.ToString());
  w.Key("committed").Bool(r.committed);
  w.Key("rows_read").Int(r.rows_read);
  w.Key("rows_accepted").Int(r.rows_accepted);
  w.Key("rows_rejected").Int(static_cast<int64_t>(rejected_rows.size()));
  w.Key("rejections_total").Int(static_cast<int64_t>(r.rejections().size()));
  w.Key("counts").BeginObject();
  for (const auto& [what, n] : r.counts()) w.Key(what).Int(n);
  w.EndObject();
  w.Key("notes").BeginArray();
  for (const std::string& n : r.notes) w.String(n);
  w.EndArray();
  w.Key("rejections").BeginArray();
  size_t shown = 0;
  for (const Rejection& x : r.rejections()) {
    if (shown++ == kMaxRejectionsShown) break;
    w.BeginObject();
    w.Key("row").Int(x.row);
    w.Key("column").String(x.column);
    w.Key("value").String(x.value);
    w.Key("reason").String(x.reason);
    if (!x.cell.empty()) w.Key("cell").String(x.cell);  // "Sheet1!D17"
    w.EndObject();
  }
  w.EndArray();
  WriteDistricts(w, h, unmatched, within);
  w.EndObject();
  return w.Take();
}

class CrosswalkApi {
 public:
  CrosswalkApi(CoverageService* svc, CrosswalkApiOptions opt)
      : svc_(svc), opt_(std::move(opt)) {}

  // `check`: the dry run with suggestions; otherwise the import.
  Response Handle(Request& req, bool check) {
    const Date today = opt_.today();
    StatusOr<ImportRequest> r = ParseRequest(req, check, today);
    if (!r.ok()) return Response::Error(r.status());
    std::vector<UnitId> within = WithinOf(req);
    StatusOr<NameCrosswalk> cw =
        svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
          return CrosswalkOf(r->decisions, h, within);
        });
    if (!cw.ok()) return Response::Error(cw.status());
    ImportOptions opt;
    opt.commit = !check && r->commit;
    opt.skip_invalid = r->skip_invalid;
    opt.as_of = r->as_of;
    opt.today = today;
    opt.recorded_by = req.principal ? req.principal->username : "api";
    opt.within = within;
    opt.remote = req.remote;
    // The import holds the write lock for seconds: off the threads that
    // answer requests, one at a time.
    Response out;
    auto job = std::make_shared<Job>(
        Job{std::move(*r), std::move(*cw), std::move(opt), check});
    out.deferred = [this, job](Response::Reply reply) {
      pool_.Run([this, job, reply = std::move(reply)] { reply(Run(*job)); });
    };
    return out;
  }

 private:
  struct Job {
    ImportRequest request;
    NameCrosswalk crosswalk;
    ImportOptions options;
    bool check = false;
  };

  Response Run(Job& job) {
    job.options.crosswalk = &job.crosswalk;
    StatusOr<ImportReport> report = Import(job, job.options);
    if (!report.ok()) return Response::Error(report.status());
    // The check also lists the names no place matches: a run that
    // suggests, and goes on below a name whose suggestion is clearly right
    // so that the names under it are checked too.  (Its rows count
    // differently, so the report is the plain dry run's.)
    std::vector<UnmatchedName> unmatched;
    if (job.check) {
      ImportOptions suggest = job.options;
      suggest.suggest = true;
      StatusOr<ImportReport> names = Import(job, suggest);
      if (!names.ok()) return Response::Error(names.status());
      unmatched = std::move(names->unmatched);
    }
    const Date as_of = job.options.as_of.value_or(job.options.today);
    std::string body =
        svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
          return ReportJson(*report, unmatched, job.request.source, as_of, h,
                            job.options.within);
        });
    if (report->committed && job.request.remember &&
        !job.request.decisions.empty() && opt_.alias_db != nullptr) {
      StatusOr<std::string> aliases = Remember(job);
      if (!aliases.ok()) return Response::Error(aliases.status());
      // The report's object gets one member more: what was stored.
      body.pop_back();
      body += ",\"aliases\":" + *aliases + "}";
    }
    return Response::Json(report->committed ? 201 : 200, std::move(body));
  }

  // The import of the request's file (CSV or a workbook's sheet).
  StatusOr<ImportReport> Import(const Job& job, const ImportOptions& opt) {
    JJM_ASSIGN_OR_RETURN(TableFile file,
                         OpenTableBytes(job.request.text, job.request.source,
                                        job.request.sheet));
    return ImportVillagesFromTable(svc_, &file, job.request.source, opt);
  }

  // Stores the decisions of a committed import as name aliases, all or
  // none, audited as the caller; returns {"stored","already_stored",
  // "refused":[{"source_name","reason"}]}.  A refusal (the name is an
  // alias of another place already) stores nothing and is reported: the
  // import itself stands.
  StatusOr<std::string> Remember(const Job& job) {
    CrosswalkService aliases(opt_.alias_db);
    // A write: under the coverage write lock like every writer of this
    // process, not under a read of the roll-ups (a committer holding the
    // database would wait for that read while it waits for the database).
    MutexLock lock(&svc_->write_mutex());
    const Hierarchy& h = svc_->hierarchy_for_writer();
    return [&]() -> StatusOr<std::string> {
      std::vector<AliasMapping> mappings;
      for (size_t i = 0; i < job.request.decisions.size(); ++i) {
        const Decision& d = job.request.decisions[i];
        AliasMapping m;
        m.line = static_cast<int64_t>(i) + 1;
        m.level = d.level;
        m.source_name = d.source_name;
        m.code = d.code;
        m.unit = h.Find(d.code, d.level);
        mappings.push_back(std::move(m));
      }
      JJM_ASSIGN_OR_RETURN(ApplyOutcome out,
                           aliases.Apply(h, mappings, job.options.recorded_by,
                                         job.request.source, /*commit=*/true));
      JsonWriter w;
      w.BeginObject();
      w.Key("stored").Int(out.committed ? out.to_store : 0);
      w.Key("already_stored").Int(out.already_stored);
      w.Key("refused").BeginArray();
      for (const AliasDecision& d : out.decisions) {
        if (d.verdict != AliasVerdict::kRefused) continue;
        w.BeginObject();
        w.Key("source_name").String(d.mapping.source_name);
        w.Key("reason").String(d.reason);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      return w.Take();
    }();
  }

  CoverageService* svc_;
  CrosswalkApiOptions opt_;
  WorkPool pool_{1};
};

}  // namespace

void AddCrosswalkRoutes(Router* router, CoverageService* svc,
                        CrosswalkApiOptions options) {
  auto api = std::make_shared<CrosswalkApi>(svc, std::move(options));
  // Callers need the permission over their own places (the rows say which
  // places an import touches, and each is checked against them): a caller
  // without it anywhere is refused for India.
  auto own = [](Request& r) -> StatusOr<std::vector<UnitId>> {
    std::vector<UnitId> places =
        PlacesWith(*r.principal, Permission::kImportVillages);
    if (places.empty()) places.push_back(kIndia);
    return places;
  };
  router->Add("POST", "/api/v1/imports/villages/check",
              Access::Needs(Permission::kImportVillages, own),
              [api](Request& r) { return api->Handle(r, true); });
  router->Add("POST", "/api/v1/imports/villages",
              Access::Needs(Permission::kImportVillages, own),
              [api](Request& r) { return api->Handle(r, false); });
  router->SetBodyLimit("POST", "/api/v1/imports/villages/check",
                       kImportBodyLimit);
  router->SetBodyLimit("POST", "/api/v1/imports/villages", kImportBodyLimit);
}

}  // namespace jjm
