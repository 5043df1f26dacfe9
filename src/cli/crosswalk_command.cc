// jjm crosswalk suggest: the names of a village file that match no LGD
// place, with candidates, written for a person to decide.
#include <cstdio>
#include <memory>
#include <string>

#include "base/strings.h"
#include "cli/cli_common.h"
#include "io/crosswalk_file.h"
#include "io/importers.h"

namespace jjm {
namespace {

struct SuggestFlags {
  std::string db;
  std::string file;
  std::string out;
};

int RunSuggest(const SuggestFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  ImportOptions opt;
  opt.commit = false;  // never writes: the import is only read for names
  opt.suggest = true;
  // Dates and closed months do not matter for names.
  opt.closed_period_reason = "crosswalk suggest reads names only";
  StatusOr<ImportReport> r = ImportVillages(opened->svc.get(), f.file, opt);
  if (!r.ok()) return Fail(r.status());
  StatusOr<CrosswalkCounts> c =
      opened->svc->Read([&](const Hierarchy& h, const CoverageIndex&) {
        return WriteCrosswalk(r->unmatched, h, f.out);
      });
  if (!c.ok()) return Fail(c.status());
  int64_t rows = 0;
  for (const UnmatchedName& u : r->unmatched) rows += u.rows;
  auto found = r->counts().find("distinct names found in the hierarchy");
  std::printf(
      "names found exactly: %s\n",
      IndianGrouped(found == r->counts().end() ? 0 : found->second).c_str());
  std::printf(
      "names not found in LGD: %s (in %s row lookups)\n"
      "  suggestion clearly ahead (decision accept): %s\n"
      "  candidates for a person to choose:          %s\n"
      "  no candidate:                               %s\n"
      "written to %s\n",
      IndianGrouped(c->names).c_str(), IndianGrouped(rows).c_str(),
      IndianGrouped(c->accepted).c_str(), IndianGrouped(c->for_person).c_str(),
      IndianGrouped(c->no_candidate).c_str(), f.out.c_str());
  return 0;
}

}  // namespace

void AddCrosswalkCommands(CLI::App* app, Commands* out) {
  auto* cw = app->add_subcommand("crosswalk",
                                 "Map the place names of a file to LGD places");
  cw->require_subcommand(1);
  auto f = std::make_shared<SuggestFlags>();
  auto* sg = cw->add_subcommand(
      "suggest",
      "List the names of a villages file that match no LGD place, with "
      "candidates and a decision column (nothing is written to the "
      "database)");
  sg->add_option("FILE", f->file, "villages CSV (either format)")->required();
  AddDbOption(sg, &f->db);
  sg->add_option("--out", f->out, "crosswalk CSV to write")->required();
  out->push_back({"crosswalk suggest", sg, [f] { return RunSuggest(*f); }});
}

}  // namespace jjm
