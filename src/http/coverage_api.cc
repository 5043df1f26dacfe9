// The coverage API's handlers and routes.  Parameters are read in
// coverage_params.cc, answers written in coverage_json.cc; what the store
// holds about a village comes from CoverageService.
#include "http/coverage_api.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "accounts/roles.h"
#include "base/json_writer.h"
#include "http/coverage_json.h"
#include "http/coverage_params.h"
#include "http/response_cache.h"

namespace jjm {
namespace {

using nlohmann::json;

// The place `code` (lettered, or a bare LGD number), or not found naming
// `field`; an LGD number that several levels share is refused naming them.
// Under the read lock.
StatusOr<UnitId> FindPlace(const Hierarchy& h, const std::string& code,
                           const char* field) {
  StatusOr<UnitId> u = h.Resolve(code, field);
  if (!u.ok() && u.status().code() == StatusCode::kNotFound) {
    return NotFound("no place has code '" + code + "'", field);
  }
  return u;
}

// A village named by `code`: a bare number is read as a village's LGD code
// first (gram panchayats' and villages' numbers overlap).
StatusOr<UnitId> FindVillage(const Hierarchy& h, const std::string& code,
                             const char* field) {
  const UnitId v = h.Find(code, Level::kVillage);
  if (v != kNoUnit) return v;
  return FindPlace(h, code, field);
}

class CoverageApi {
 public:
  CoverageApi(CoverageService* svc, Db* reader, CoverageApiOptions opt)
      : svc_(svc), reader_(reader), opt_(std::move(opt)) {}

  // Runs `compute` unless an answer for this request at this version is
  // cached; only successful answers are kept.  Keyed by the request target
  // and today's date.
  template <typename Fn>
  Response Cached(Request& req, Fn&& compute) {
    std::string key = req.target;
    key += '|';
    key += opt_.today().ToString();
    return cache_.GetOrCompute(key, svc_->version(),
                               [&] { return compute(req); });
  }

  Response Health(Request& req) {
    if (Status s = OnlyParams(req, {}); !s.ok()) return Response::Error(s);
    JsonWriter w;
    svc_->Read([&](const Hierarchy& h, const CoverageIndex& index) {
      w.BeginObject();
      w.Key("status").String("ok");
      w.Key("database").String(reader_->Kind());
      w.Key("schema_version").Int(LatestSchemaVersion());
      w.Key("states").Int(static_cast<int64_t>(h.count(Level::kState)));
      w.Key("districts").Int(static_cast<int64_t>(h.count(Level::kDistrict)));
      w.Key("blocks").Int(static_cast<int64_t>(h.count(Level::kBlock)));
      w.Key("gps").Int(static_cast<int64_t>(h.count(Level::kGp)));
      w.Key("villages").Int(static_cast<int64_t>(h.count(Level::kVillage)));
      w.Key("latest_change").String(index.LastChange().ToString());
      w.Key("today").String(opt_.today().ToString());
      w.EndObject();
    });
    return Response::Json(200, w.Take());
  }

  Response Search(Request& req) {
    auto p = ParseSearchParams(req);
    if (!p.ok()) return Response::Error(p.status());
    JsonWriter w;
    Status s = svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      PlaceQuery q{p->q, p->level, kIndia, p->offset, p->limit};
      if (!p->within.empty()) {
        JJM_ASSIGN_OR_RETURN(q.within, FindPlace(h, p->within, "within"));
      }
      WriteSearch(w, h, searcher_.Search(h, q), p->offset, p->limit);
      return Status::Ok();
    });
    if (!s.ok()) return Response::Error(s);
    return Response::Json(200, w.Take());
  }

  Response Unit(Request& req) {
    if (Status s = OnlyParams(req, {}); !s.ok()) return Response::Error(s);
    JsonWriter w;
    UnitId village = kNoUnit;
    Status st = svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      JJM_ASSIGN_OR_RETURN(const UnitId u, FindPlace(h, req.params[0], "code"));
      WriteUnitHead(w, h, u);
      if (h.Get(u).level == Level::kVillage) village = u;
      return Status::Ok();
    });
    if (!st.ok()) return Response::Error(st);
    if (village != kNoUnit) {
      // Facts as of today, from the store: the latest value of each.
      auto facts = svc_->LatestFacts(reader_, village);
      if (!facts.ok()) return Response::Error(facts.status());
      WriteFacts(w, *facts);
      // Who recorded what is for people working on this place.
      const bool may_see =
          req.principal != nullptr &&
          svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
            return InScope(*req.principal, village, h);
          });
      if (may_see) {
        auto ledger = svc_->RecentLedger(reader_, village, 20);
        if (!ledger.ok()) return Response::Error(ledger.status());
        WriteRecentLedger(w, *ledger);
      }
    }
    w.EndObject();
    return Response::Json(200, w.Take());
  }

  Response Children(Request& req) {
    if (Status s = OnlyParams(req, {}); !s.ok()) return Response::Error(s);
    JsonWriter w;
    Status st = svc_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      JJM_ASSIGN_OR_RETURN(const UnitId u, FindPlace(h, req.params[0], "code"));
      WriteChildren(w, h, u);
      return Status::Ok();
    });
    if (!st.ok()) return Response::Error(st);
    return Response::Json(200, w.Take());
  }

  Response Coverage(Request& req) {
    auto p = ParseCoverageParams(req, opt_.today(), opt_.target);
    if (!p.ok()) return Response::Error(p.status());
    JsonWriter w;
    Status st = svc_->Read([&](const Hierarchy& h, const CoverageIndex& index) {
      JJM_ASSIGN_OR_RETURN(const UnitId parent,
                           FindPlace(h, p->parent_code, "parent"));
      JJM_ASSIGN_OR_RETURN(const Level level, RowLevel(h, parent, p->level));
      WriteCoverage(w, h, index, parent, level, p->as_of, p->target);
      return Status::Ok();
    });
    if (!st.ok()) return Response::Error(st);
    return Response::Json(200, w.Take());
  }

  Response Timeseries(Request& req) {
    auto p = ParseSeriesParams(req, opt_.today());
    if (!p.ok()) return Response::Error(p.status());
    JsonWriter w;
    Status st = svc_->Read([&](const Hierarchy& h, const CoverageIndex& index) {
      JJM_ASSIGN_OR_RETURN(const UnitId u, FindPlace(h, p->unit, "unit"));
      WriteSeries(w, h, index, u, p->from, p->to, p->interval);
      return Status::Ok();
    });
    if (!st.ok()) return Response::Error(st);
    return Response::Json(200, w.Take());
  }

  Response PostConnections(Request& req) {
    if (Status s = OnlyParams(req, {}); !s.ok()) return Response::Error(s);
    auto body = ParseConnectionsBody(req);
    if (!body.ok()) return Response::Error(body.status());
    BatchRow meta;
    meta.kind = "api";
    meta.source =
        req.principal && req.principal->via_api_key ? "api key" : "api";
    meta.recorded_by =
        req.principal ? req.principal->username : "anonymous@" + req.remote;
    meta.remote = req.remote;
    meta.request_id = body->request_id;
    Response out;
    CoverageService* svc = svc_;
    const Date today = opt_.today();
    out.deferred = [svc, meta = std::move(meta), items = std::move(body->items),
                    today, batch = body->batch](Response::Reply reply) mutable {
      std::vector<std::string> codes;
      for (const ConnectionInput& c : items) codes.push_back(c.village_code);
      svc->RecordConnectionsAsync(
          std::move(meta), std::move(items), today, batch,
          [svc, codes = std::move(codes),
           reply = std::move(reply)](StatusOr<RecordResult> result) {
            reply(RecordedResponse(svc, codes, result));
          });
    };
    return out;
  }

  // The answer to a recorded (or refused) request.
  static Response RecordedResponse(CoverageService* svc,
                                   const std::vector<std::string>& codes,
                                   const StatusOr<RecordResult>& result) {
    if (!result.ok()) return Response::Error(result.status());
    JsonWriter w;
    svc->Read([&](const Hierarchy& h, const CoverageIndex& index) {
      WriteRecorded(w, h, index, *result, codes);
    });
    return Response::Json(result->replayed ? 200 : 201, w.Take());
  }

 private:
  CoverageService* svc_;
  Db* reader_;
  CoverageApiOptions opt_;
  ResponseCache cache_;
  PlaceSearcher searcher_;  // the names, cached for search
};

}  // namespace

void AddCoverageRoutes(Router* router, CoverageService* svc, Db* reader,
                       CoverageApiOptions options) {
  auto api = std::make_shared<CoverageApi>(svc, reader, std::move(options));
  router->Add("GET", "/api/v1/health", Access::Public(),
              [api](Request& r) { return api->Health(r); });
  router->Add("GET", "/api/v1/openapi.json", Access::Public(), [](Request& r) {
    if (!r.query.empty()) {
      return Response::Error(
          InvalidArgument("this endpoint takes no parameters"));
    }
    return Response::Json(200, kOpenApiJson);
  });
  router->Add("GET", "/api/v1/units", Access::Public(),
              [api](Request& r) { return api->Search(r); });
  router->Add("GET", "/api/v1/units/{code}", Access::Public(),
              [api](Request& r) { return api->Unit(r); });
  router->Add("GET", "/api/v1/units/{code}/children", Access::Public(),
              [api](Request& r) { return api->Children(r); });
  router->Add("GET", "/api/v1/coverage", Access::Public(), [api](Request& r) {
    return api->Cached(r, [&](Request& q) { return api->Coverage(q); });
  });
  router->Add("GET", "/api/v1/coverage/timeseries", Access::Public(),
              [api](Request& r) {
                return api->Cached(
                    r, [&](Request& q) { return api->Timeseries(q); });
              });
  // Recording needs the permission over every village the body names.
  auto villages = [svc](Request& r) -> StatusOr<std::vector<UnitId>> {
    JJM_ASSIGN_OR_RETURN(json body, JsonObjectBody(r));
    const std::vector<std::string> codes = VillageCodesOf(body);
    std::vector<UnitId> out;
    JJM_RETURN_IF_ERROR(svc->Read([&](const Hierarchy& h,
                                      const CoverageIndex&) -> Status {
      for (const std::string& c : codes) {
        JJM_ASSIGN_OR_RETURN(const UnitId u, FindVillage(h, c, "village_code"));
        out.push_back(u);
      }
      return Status::Ok();
    }));
    return out;
  };
  router->Add("POST", "/api/v1/connections",
              Access::Needs(Permission::kRecordConnections, villages),
              [api](Request& r) { return api->PostConnections(r); });
}

}  // namespace jjm
