// jjm crosswalk: suggest (the names of a village file that match no LGD
// place, with candidates, written for a person to decide), apply (the
// accepted ones stored as aliases of LGD places), list and revoke.
#include <cstdio>
#include <memory>
#include <string>

#include "base/csv.h"
#include "base/strings.h"
#include "cli/cli_common.h"
#include "crosswalk/crosswalk_service.h"
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

// Flags of apply, list and revoke.
struct AliasFlags {
  std::string db;
  std::string file;  // apply
  std::string by;
  bool commit = false;
  std::string state;  // list
  bool all = false;
  int64_t id = 0;  // revoke
  std::string reason;
};

std::string Actor(const AliasFlags& f) {
  return "cli:" + (f.by.empty() ? LoginName() : f.by);
}

std::string CsvQuote(std::string_view field) {
  std::string out;
  AppendCsvField(field, &out);
  return out;
}

std::string FileName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "block 'Bazarhathnoor' in Adilabad -> B4636 Bazarhatnoor".
std::string MappingLine(const Hierarchy& h, Level level, int64_t parent,
                        const std::string& source_name, int64_t unit) {
  return std::string(LevelName(level)) + " '" + source_name + "' in " +
         (parent == 0 ? std::string("India") : h.Get(parent).name) + " -> " +
         PlaceLabel(h, unit);
}

int RunApply(const AliasFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  CrosswalkService aliases(opened->db.get());
  const std::string actor = Actor(f);
  std::string report;
  StatusOr<ApplyOutcome> r = opened->svc->Read(
      [&](const Hierarchy& h, const CoverageIndex&) -> StatusOr<ApplyOutcome> {
        JJM_ASSIGN_OR_RETURN(std::vector<AliasMapping> rows,
                             ReadAcceptedMappings(f.file, h));
        JJM_ASSIGN_OR_RETURN(
            ApplyOutcome out,
            aliases.Apply(h, rows, actor, FileName(f.file), f.commit));
        size_t stored = 0;
        for (const AliasDecision& d : out.decisions) {
          const AliasMapping& m = d.mapping;
          switch (d.verdict) {
            case AliasVerdict::kStore: {
              const std::string id =
                  out.committed
                      ? "alias " + std::to_string(out.stored_ids[stored++]) +
                            ": "
                      : "";
              report +=
                  "  store   " + id +
                  MappingLine(h, m.level, d.parent_id, m.source_name, m.unit) +
                  " (line " + std::to_string(m.line) + ")\n";
              break;
            }
            case AliasVerdict::kAlreadyStored:
              report += "  already line " + std::to_string(m.line) + ": " +
                        d.reason + "\n";
              break;
            case AliasVerdict::kRefused:
              report += "  refused " + DescribeRefusal(d) + "\n";
              break;
          }
        }
        return out;
      });
  if (!r.ok()) return Fail(r.status());
  std::printf("%s", report.c_str());
  std::printf(
      "accepted rows: %zu\n"
      "  to store as aliases:   %s\n"
      "  already stored:        %s\n"
      "  refused:               %s\n",
      r->decisions.size(), IndianGrouped(r->to_store).c_str(),
      IndianGrouped(r->already_stored).c_str(),
      IndianGrouped(r->refused).c_str());
  if (r->refused > 0) {
    std::printf(
        "nothing stored: %s rows refused (correct the crosswalk, or revoke "
        "the aliases they conflict with)\n",
        IndianGrouped(r->refused).c_str());
    return kExitRejected;
  }
  if (r->committed) {
    std::printf("stored %s aliases, by %s\n",
                IndianGrouped(r->to_store).c_str(), actor.c_str());
  } else if (!f.commit) {
    std::printf("dry run: nothing written (add --commit to store)\n");
  } else {
    std::printf("nothing to store\n");
  }
  return 0;
}

int RunList(const AliasFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  CrosswalkService aliases(opened->db.get());
  std::string text;
  size_t count = 0;
  Status s = opened->svc->Read(
      [&](const Hierarchy& h, const CoverageIndex&) -> Status {
        UnitId within = kIndia;
        if (!f.state.empty()) {
          within = h.Find(f.state, Level::kState);
          if (within == kNoUnit) {
            return InvalidArgument(
                "--state " + f.state + ": no state has this code", "--state");
          }
        }
        JJM_ASSIGN_OR_RETURN(std::vector<NameAliasRow> rows,
                             aliases.List(h, within, f.all));
        text += "id,level,parent,source_name,place,created_by,created_at";
        if (f.all) text += ",revoked_by,revoked_at,revoke_reason";
        text += "\n";
        for (const NameAliasRow& a : rows) {
          std::vector<std::string> cells = {
              std::to_string(a.id),
              std::string(LevelName(static_cast<Level>(a.level))),
              PlaceLabel(h, a.parent_id),
              a.source_name,
              PlaceLabel(h, a.unit_id),
              a.created_by,
              a.created_at};
          if (f.all) {
            cells.insert(cells.end(),
                         {a.revoked_by, a.revoked_at, a.revoke_reason});
          }
          for (size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) text += ',';
            text += CsvQuote(cells[i]);
          }
          text += "\n";
        }
        count = rows.size();
        return Status::Ok();
      });
  if (!s.ok()) return Fail(s);
  std::printf("%s", text.c_str());
  // The count on standard error, so that standard output is the CSV alone.
  std::fprintf(stderr, "%zu %s\n", count,
               f.all ? "aliases" : "aliases in force");
  return 0;
}

int RunRevoke(const AliasFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  CrosswalkService aliases(opened->db.get());
  const std::string actor = Actor(f);
  std::string text;
  StatusOr<RevokeOutcome> r = opened->svc->Read(
      [&](const Hierarchy& h, const CoverageIndex&) -> StatusOr<RevokeOutcome> {
        JJM_ASSIGN_OR_RETURN(
            RevokeOutcome out,
            aliases.Revoke(h, f.id, f.reason, actor, f.commit));
        const NameAliasRow& a = out.alias;
        text += "alias " + std::to_string(a.id) + ": " +
                MappingLine(h, static_cast<Level>(a.level), a.parent_id,
                            a.source_name, a.unit_id) +
                ", by " + a.created_by + " at " + a.created_at + "\n";
        text += "villages imported through it: " +
                IndianGrouped(static_cast<int64_t>(out.uses.size())) + "\n";
        if (!out.uses.empty()) {
          text += "village_code,village_name,batch,file,recorded_at,line\n";
        }
        for (const NameAliasUseListing& u : out.uses) {
          text += CsvQuote(u.village_code) + "," + CsvQuote(u.village_name) +
                  "," + std::to_string(u.batch_id) + "," + CsvQuote(u.source) +
                  "," + u.recorded_at + "," +
                  (u.line > 0 ? std::to_string(u.line) : std::string()) + "\n";
        }
        return out;
      });
  if (!r.ok()) return Fail(r.status());
  std::printf("%s", text.c_str());
  if (r->committed) {
    std::printf(
        "revoked by %s: files name this place so again only through a "
        "crosswalk or a new alias\n",
        actor.c_str());
  } else {
    std::printf("dry run: nothing written (add --commit to revoke)\n");
  }
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

  auto a = std::make_shared<AliasFlags>();
  auto* ap = cw->add_subcommand(
      "apply",
      "Store the accepted rows of a crosswalk as aliases of the LGD places, "
      "so that later files name them with no crosswalk (a dry run unless "
      "--commit; a name already an alias of another place is refused, "
      "naming both)");
  ap->add_option("CROSSWALK", a->file,
                 "crosswalk CSV (written by 'jjm crosswalk suggest', "
                 "decided by a person)")
      ->required();
  AddDbOption(ap, &a->db);
  ap->add_flag("--commit", a->commit,
               "store the aliases (default: only check and report)");
  ap->add_option("--by", a->by,
                 "who accepted the crosswalk, for the audit trail (default: "
                 "the login name)");
  out->push_back({"crosswalk apply", ap, [a] { return RunApply(*a); }});

  auto l = std::make_shared<AliasFlags>();
  auto* ls = cw->add_subcommand(
      "list",
      "List the stored name aliases (CSV on standard output, their count on "
      "standard error)");
  AddDbOption(ls, &l->db);
  ls->add_option("--state", l->state,
                 "only the aliases of places in this state (S36 or 36)");
  ls->add_flag("--all", l->all, "also the revoked aliases");
  out->push_back({"crosswalk list", ls, [l] { return RunList(*l); }});

  auto r = std::make_shared<AliasFlags>();
  auto* rv = cw->add_subcommand(
      "revoke",
      "Revoke a stored name alias, listing the villages imported through "
      "it (a dry run unless --commit)");
  rv->add_option("ID", r->id, "the alias id ('jjm crosswalk list')")
      ->required();
  AddDbOption(rv, &r->db);
  rv->add_option("--reason", r->reason, "why, for the audit trail")->required();
  rv->add_flag("--commit", r->commit,
               "revoke (default: only show the alias and its villages)");
  rv->add_option("--by", r->by,
                 "who revokes it, for the audit trail (default: the login "
                 "name)");
  out->push_back({"crosswalk revoke", rv, [r] { return RunRevoke(*r); }});
}

}  // namespace jjm
