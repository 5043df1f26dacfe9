#include "io/crosswalk_file.h"

#include <cstdio>
#include <unordered_map>

#include "base/csv.h"
#include "base/strings.h"

namespace jjm {
namespace {

constexpr const char* kColumns[] = {
    "level",       "state",    "district",       "block",
    "source_name", "rows",     "candidate_code", "candidate_name",
    "score",       "decision", "reason"};

std::string Score(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", s);
  return buf;
}

}  // namespace

StatusOr<CrosswalkCounts> WriteCrosswalk(
    const std::vector<UnmatchedName>& unmatched, const Hierarchy& h,
    const std::string& path) {
  JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(path));
  w->Row({std::begin(kColumns), std::end(kColumns)});
  CrosswalkCounts counts;
  for (const UnmatchedName& u : unmatched) {
    ++counts.names;
    const bool ahead = ClearlyAhead(u.suggestions);
    if (ahead) {
      ++counts.accepted;
    } else if (u.suggestions.empty()) {
      ++counts.no_candidate;
    } else {
      ++counts.for_person;
    }
    const std::string level(LevelName(u.level));
    const std::string rows = std::to_string(u.rows);
    const std::string block;  // names at block level have no block above
    if (u.suggestions.empty()) {
      w->Row({level, u.state, u.district, block, u.name, rows, "", "", "", "",
              "no place of this level under its parent is near this name"});
      continue;
    }
    for (size_t i = 0; i < u.suggestions.size(); ++i) {
      const Suggestion& s = u.suggestions[i];
      const UnitId id = static_cast<UnitId>(s.id);
      const std::string code = h.Contains(id) ? h.Get(id).code : "";
      w->Row({level, u.state, u.district, block, u.name, rows, code, s.name,
              Score(s.score), i == 0 && ahead ? "accept" : "", s.reason});
    }
  }
  JJM_RETURN_IF_ERROR(w->Close());
  return counts;
}

StatusOr<std::vector<AliasMapping>> ReadAcceptedMappings(
    const std::string& path, const Hierarchy& h) {
  JJM_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  std::vector<std::string_view> f;
  JJM_ASSIGN_OR_RETURN(bool any, reader->Next(&f));
  if (!any) return InvalidArgument(path + " is empty", "crosswalk");
  std::unordered_map<std::string, int> col;
  for (size_t i = 0; i < f.size(); ++i) {
    col.emplace(std::string(Trim(f[i])), static_cast<int>(i));
  }
  for (const char* c : {"level", "source_name", "candidate_code", "decision"}) {
    if (col.count(c) == 0) {
      return InvalidArgument(path + ": the header lacks the column " + c,
                             "crosswalk");
    }
  }
  auto at = [&](const char* name) {
    auto c = col.find(name);
    if (c == col.end()) return std::string_view();
    const int i = c->second;
    return i < static_cast<int>(f.size()) ? Trim(f[i]) : std::string_view();
  };
  std::vector<AliasMapping> out;
  // Source name key -> line of its accepted row, to refuse a second one.
  std::unordered_map<std::string, int64_t> accepted_on;
  std::string errors;
  int error_count = 0;
  auto fail = [&](const char* column, std::string_view value,
                  const std::string& why) {
    if (++error_count <= 20) {
      errors += "\n  line " + std::to_string(reader->line()) + ", column " +
                column + ", value '" + std::string(value) + "': " + why;
    }
  };
  while (true) {
    JJM_ASSIGN_OR_RETURN(bool more, reader->Next(&f));
    if (!more) break;
    const std::string_view decision = at("decision");
    if (decision.empty() || decision == "reject") continue;
    if (decision != "accept") {
      fail("decision", decision, "write accept, reject or nothing");
      continue;
    }
    const std::optional<Level> level = ParseLevel(at("level"));
    if (!level || *level < Level::kState || *level > Level::kBlock) {
      fail("level", at("level"), "the level must be state, district or block");
      continue;
    }
    const std::string_view code = at("candidate_code");
    const UnitId u = h.Find(code, *level);
    if (u == kNoUnit) {
      fail("candidate_code", code,
           "no " + std::string(LevelName(*level)) + " has this code");
      continue;
    }
    const std::string_view name = at("source_name");
    if (MatchKey(name).empty()) {
      fail("source_name", name, "the source name is empty");
      continue;
    }
    const std::string& parent_code = h.Get(h.Get(u).parent).code;
    std::string key = std::string(LevelName(*level)) + '\x1f' + parent_code +
                      '\x1f' + MatchKey(name);
    auto [it, fresh] = accepted_on.emplace(key, reader->line());
    if (!fresh) {
      fail("decision", decision,
           "this name is already accepted for another place on line " +
               std::to_string(it->second) + "; accept one candidate only");
      continue;
    }
    AliasMapping m;
    m.line = reader->line();
    m.level = *level;
    m.state = std::string(at("state"));
    m.district = std::string(at("district"));
    m.source_name = std::string(name);
    m.code = std::string(code);
    m.unit = u;
    out.push_back(std::move(m));
  }
  if (error_count > 0) {
    return InvalidArgument(path + ": " + std::to_string(error_count) +
                               " rows are wrong; nothing was read:" + errors,
                           "crosswalk");
  }
  return out;
}

StatusOr<NameCrosswalk> ReadCrosswalk(const std::string& path,
                                      const Hierarchy& h) {
  JJM_ASSIGN_OR_RETURN(std::vector<AliasMapping> rows,
                       ReadAcceptedMappings(path, h));
  NameCrosswalk out;
  for (const AliasMapping& m : rows) {
    out.Add(m.level, h.Get(h.Get(m.unit).parent).code, m.source_name,
            h.Get(m.unit).code);
  }
  return out;
}

}  // namespace jjm
