// The JSON bodies of the coverage API, written from the hierarchy, the
// roll-ups and what CoverageService reads from the store.  The shapes are
// those of openapi.json.
#ifndef JJM_HTTP_COVERAGE_JSON_H_
#define JJM_HTTP_COVERAGE_JSON_H_

#include <string>
#include <vector>

#include "base/date.h"
#include "base/json_writer.h"
#include "coverage/coverage_index.h"
#include "coverage/coverage_service.h"
#include "coverage/hierarchy.h"
#include "coverage/metrics.h"
#include "coverage/place_search.h"

namespace jjm {

// {"code", "name", "level"} of a place.
void WriteUnitRef(JsonWriter& w, const Place& p);
// The roll-up figures of one place, as keys of the open object.
void WriteMetrics(JsonWriter& w, const Metrics& m);

// GET /units: the page of `r` (coverage/place_search.h) with each place's
// places above it, nearest first ("within"), and how it matched.
void WriteSearch(JsonWriter& w, const Hierarchy& h, const PlaceSearchResult& r,
                 size_t offset, size_t limit);

// GET /units/{code}: the keys of a place (code, names, parent, path,
// children), leaving the object open for a village's facts and ledger.
void WriteUnitHead(JsonWriter& w, const Hierarchy& h, UnitId u);
// "facts" of a village, and "recent_ledger".
void WriteFacts(JsonWriter& w, const VillageFacts& f);
void WriteRecentLedger(JsonWriter& w, const std::vector<LedgerEntry>& rows);

// GET /units/{code}/children.
void WriteChildren(JsonWriter& w, const Hierarchy& h, UnitId u);

// GET /coverage: the rows at `level` under `parent` as of a date and the
// parent's total with what remains to the target.
void WriteCoverage(JsonWriter& w, const Hierarchy& h,
                   const CoverageIndex& index, UnitId parent, Level level,
                   Date as_of, Date target);

// GET /coverage/timeseries.
void WriteSeries(JsonWriter& w, const Hierarchy& h, const CoverageIndex& index,
                 UnitId u, Date from, Date to, Interval interval);

// The answer to recorded connections: the batch, its sequence numbers and
// the current figures of each village named (`codes`, once each).
void WriteRecorded(JsonWriter& w, const Hierarchy& h,
                   const CoverageIndex& index, const RecordResult& result,
                   const std::vector<std::string>& codes);

}  // namespace jjm

#endif  // JJM_HTTP_COVERAGE_JSON_H_
