// Writing a generated folder (villages.csv, habitations.csv, the
// re-surveys, connections.csv and manifest.txt, the import order), and
// importing one in that order.
#include <fstream>
#include <sstream>

#include "base/csv.h"
#include "base/strings.h"
#include "io/generate_internal.h"
#include "io/importers.h"

namespace jjm {
namespace gen {

Status WriteGenerated(const std::string& dir, Generated* g,
                      GenerateStats* stats_out) {
  GenerateStats& stats = *stats_out;
  const Date baseline = JjmBaseline();
  std::string& vrows = g->villages_csv;
  std::string& hrows = g->habitations_csv;
  const std::vector<Generated::Resurvey>& resurveys = g->resurveys;
  const std::vector<Village>& villages = g->villages;
  const std::vector<int32_t>& ev_day = g->ev_day;
  const std::vector<int32_t>& ev_count = g->ev_count;
  std::string header;
  for (const char* c : kVillageColumns)
    header += std::string(header.empty() ? "" : ",") + c;
  for (const char* c : kVillageExtraColumns) header += std::string(",") + c;
  header += '\n';
  auto write = [&](const std::string& name, const std::string& body) -> Status {
    JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(dir + "/" + name));
    w->Raw(header);
    w->Raw(body);
    stats.files.push_back(name);
    return w->Close();
  };
  std::string manifest =
      "# Import order for jjm: kind file [as-of date]\n"
      "villages villages.csv " +
      baseline.ToString() + "\n";
  JJM_RETURN_IF_ERROR(write("villages.csv", vrows));
  vrows.clear();
  vrows.shrink_to_fit();
  {
    JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(dir + "/habitations.csv"));
    w->Raw("village_code,habitation_code,habitation_name\n");
    w->Raw(hrows);
    JJM_RETURN_IF_ERROR(w->Close());
    stats.files.push_back("habitations.csv");
    manifest += "habitations habitations.csv\n";
    hrows.clear();
    hrows.shrink_to_fit();
  }
  for (size_t k = 0; k < std::size(kSurveys); ++k) {
    const Date d = SurveyDate(k);
    const std::string name = "resurvey-" + d.ToString() + ".csv";
    JJM_RETURN_IF_ERROR(write(name, resurveys[k].rows));
    stats.resurvey_rows += resurveys[k].count;
    manifest += "villages " + name + " " + d.ToString() + "\n";
  }
  {
    JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(dir + "/connections.csv"));
    w->Raw("village_code,date,count\n");
    std::string buf;
    char date[10];
    for (const Village& v : villages) {
      for (int32_t e = v.events_begin; e < v.events_end; ++e) {
        buf.clear();
        buf += "VX";
        AppendInt(v.code, &buf);
        buf += ',';
        Date::FromDays(ev_day[e]).Format(date);
        buf.append(date, 10);
        buf += ',';
        AppendInt(ev_count[e], &buf);
        buf += '\n';
        w->Raw(buf);
        ++stats.ledger_rows;
      }
    }
    JJM_RETURN_IF_ERROR(w->Close());
    stats.files.push_back("connections.csv");
    manifest += "connections connections.csv\n";
  }
  {
    std::ofstream m(dir + "/manifest.txt");
    m << manifest;
    if (!m) return Internal("cannot write manifest.txt");
    stats.files.push_back("manifest.txt");
  }
  return Status::Ok();
}

}  // namespace gen

Status ImportGenerated(CoverageService* svc, const std::string& dir,
                       const ImportOptions& base_opt, std::FILE* log) {
  std::ifstream in(dir + "/manifest.txt");
  if (!in) {
    return NotFound("no manifest.txt in '" + dir + "'; run jjm generate first",
                    "dir");
  }
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty() || text[0] == '#') continue;
    std::istringstream ls(text);
    std::string kind, file, date;
    ls >> kind >> file >> date;
    // The partner programme is loaded by the partner module.
    if (kind == "partners") continue;
    ImportOptions opt = base_opt;
    if (!date.empty()) {
      JJM_ASSIGN_OR_RETURN(Date d, Date::Parse(date));
      opt.as_of = d;
    }
    const std::string path = dir + "/" + file;
    StatusOr<ImportReport> r =
        kind == "villages"      ? ImportVillages(svc, path, opt)
        : kind == "habitations" ? ImportHabitations(svc, path, opt)
                                : ImportConnections(svc, path, opt);
    if (!r.ok()) return r.status();
    if (log != nullptr) {
      std::fprintf(log, "%s: %s rows, %s\n", file.c_str(),
                   IndianGrouped(r->rows_accepted).c_str(),
                   r->committed ? "committed" : "not committed");
    }
    if (!r->rejections().empty()) {
      r->Print(log != nullptr ? log : stderr, 10);
      return FailedPrecondition(file + " has rejected rows");
    }
  }
  return Status::Ok();
}

}  // namespace jjm
