#include "http/reports_api.h"

#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>

#include "http/json_body.h"
#include "http/module_api.h"
#include "http/work_pool.h"
#include "reports/j_formats.h"
#include "reports/page_table.h"
#include "reports/table_writers.h"

namespace jjm {
namespace {

using Caller = ReportsService::Caller;
using api::Json;
using api::OnlyQuery;
using api::Q;

// The format asked for: `format=` first, else the Accept header's first
// known type, else JSON.
StatusOr<TableFormat> FormatOf(const Request& r) {
  const std::string f = Q(r, "format");
  if (!f.empty()) return ParseTableFormat(f, "format");
  const std::string_view accept = r.Header("Accept");
  struct Known {
    const char* type;
    TableFormat format;
  };
  static const Known kKnown[] = {
      {"text/csv", TableFormat::kCsv},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       TableFormat::kXlsx},
      {"application/pdf", TableFormat::kPdf},
      {"application/json", TableFormat::kJson}};
  size_t best = std::string_view::npos;
  TableFormat out = TableFormat::kJson;
  for (const Known& k : kKnown) {
    const size_t at = accept.find(k.type);
    if (at != std::string_view::npos &&
        (best == std::string_view::npos || at < best)) {
      best = at;
      out = k.format;
    }
  }
  return out;
}

StatusOr<std::string> LangOf(const Request& r) {
  const std::string l = Q(r, "lang");
  if (l.empty() || l == "en") return std::string("en");
  if (l == "hi") return std::string("hi");
  return InvalidArgument("lang must be en or hi, not '" + l + "'", "lang");
}

// "j3-S36-2024-03-31.xlsx" from the parts "j3", "S36", "2024-03-31":
// letters, digits and '-' only before the extension.
std::string FileName(std::initializer_list<std::string> parts, TableFormat f) {
  std::string name;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    name += (name.empty() ? "" : "-") + p;
  }
  std::string safe;
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '-';
    safe += ok ? ch : '_';
  }
  return safe + "." + std::string(TableFormatName(f));
}

// The answer carrying table `t` in format `f`: a file to download unless
// JSON.
Response TableAnswer(const ReportTable& t, TableFormat f,
                     const std::string& lang, const std::string& file_name) {
  StatusOr<std::string> bytes = RenderTable(t, f, lang);
  if (!bytes.ok()) return Response::Error(bytes.status());
  Response ok;
  ok.status = 200;
  ok.content_type = std::string(TableContentType(f));
  ok.body = std::move(*bytes);
  if (f != TableFormat::kJson) {
    ok.headers.emplace_back("Content-Disposition",
                            "attachment; filename=\"" + file_name + "\"");
  }
  ok.headers.emplace_back("Cache-Control", "no-store");
  return ok;
}

Handler ReportHandler(ReportsService* rs, std::shared_ptr<WorkPool> pool) {
  return [rs, pool](Request& r) {
    Status q = OnlyQuery(r, {"place", "as_of", "format", "lang"});
    if (!q.ok()) return Response::Error(q);
    auto format = FormatOf(r);
    if (!format.ok()) return Response::Error(format.status());
    auto lang = LangOf(r);
    if (!lang.ok()) return Response::Error(lang.status());
    Caller c = api::CallerOf<Caller>(r);
    const std::string name = r.params.at(0);
    const std::string place = Q(r, "place");
    const std::string as_of = Q(r, "as_of");
    auto principal = r.principal;
    Response out;
    out.deferred = [=, f = *format, l = *lang](Response::Reply reply) {
      pool->Run([=] {
        Caller call = c;
        call.principal = principal.get();
        StatusOr<ReportTable> t = rs->Build(call, name, place, as_of);
        if (!t.ok()) {
          reply(Response::Error(t.status()));
          return;
        }
        reply(TableAnswer(
            *t, f, l,
            FileName({t->name, place.empty() ? "IN" : place,
                      as_of.empty() ? call.today.ToString() : as_of},
                     f)));
      });
    };
    return out;
  };
}

// A table the page shows, written out as the page asks (page_table.h).
Handler PageTableHandler(std::shared_ptr<WorkPool> pool) {
  return [pool](Request& r) {
    Status q = OnlyQuery(r, {"format", "lang"});
    if (!q.ok()) return Response::Error(q);
    auto format = FormatOf(r);
    if (!format.ok()) return Response::Error(format.status());
    auto lang = LangOf(r);
    if (!lang.ok()) return Response::Error(lang.status());
    auto body = JsonObjectBody(r);
    if (!body.ok()) return Response::Error(body.status());
    auto t = TableFromPage(*body, GeneratedAtNow());
    if (!t.ok()) return Response::Error(t.status());
    // A PDF takes about 0.2 ms a row: a public endpoint keeps it short.
    if (*format == TableFormat::kPdf && t->rows() > kPageTablePdfMaxRows) {
      return Response::Error(InvalidArgument(
          "a PDF of a page's table has at most " +
              std::to_string(kPageTablePdfMaxRows) +
              " rows; download CSV or XLSX, or the named report",
          "rows"));
    }
    auto table = std::make_shared<ReportTable>(std::move(*t));
    Response out;
    out.deferred = [=, f = *format, l = *lang](Response::Reply reply) {
      pool->Run([=] {
        reply(TableAnswer(
            *table, f, l,
            FileName({table->name, Date::TodayIst().ToString()}, f)));
      });
    };
    return out;
  };
}

}  // namespace

void AddReportsRoutes(Router* router, ReportsService* rs) {
  const Access pub = Access::Public();
  const Access in = Access::SignedIn();
  router->Add("GET", "/api/v1/reports", pub, [rs](Request& r) {
    Status q = OnlyQuery(r, {});
    if (!q.ok()) return Response::Error(q);
    return Response::Json(200, rs->List().dump());
  });
  // Reports are made one at a time on a thread of their own: a national
  // village-wise workbook takes seconds.
  auto pool = std::make_shared<WorkPool>(1);
  router->Add("GET", "/api/v1/reports/{name}", pub, ReportHandler(rs, pool));
  // Public like the tables it writes: the page sends only what it shows.
  router->Add("POST", "/api/v1/exports", pub, PageTableHandler(pool));
  router->Add("GET", "/api/v1/targets", pub,
              api::Answer(200, [rs](Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                return rs->Targets(api::CallerOf<Caller>(r));
              }));
  router->Add("POST", "/api/v1/targets/{state}", in,
              api::Answer(200, [rs](Request& r) -> StatusOr<Json> {
                JJM_RETURN_IF_ERROR(OnlyQuery(r, {}));
                JJM_ASSIGN_OR_RETURN(Json b, JsonObjectBody(r));
                return rs->SetTarget(api::CallerOf<Caller>(r), r.params.at(0),
                                     b);
              }));
}

}  // namespace jjm
