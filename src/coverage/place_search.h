// Finding a place by what a person types: its name (or part of it, in any
// ASCII case; Devanagari and other scripts as typed), a former name, its
// code ("VX12085") or its bare LGD number ("583451").  Matches are ranked
// so that the place meant comes first among many alike: a code, then the
// exact name, then names that start with the text, then names with a word
// that starts with it, then names that contain it, then former names; in
// each rank shallower levels first, then by name.  No SQL, no HTTP.
//
// PlaceSearcher keeps every name lower-cased in one block of memory (about
// 25 MB for the nation's 20 lakh places), rebuilt when the hierarchy's
// names change, so that a search scans that block rather than every place.
//
// Thread safety: SearchPlaces reads the hierarchy only; callers hold its
// read lock.  A PlaceSearcher may be used from any number of threads, each
// holding the hierarchy's read lock; mu_ guards the cached names.
#ifndef JJM_COVERAGE_PLACE_SEARCH_H_
#define JJM_COVERAGE_PLACE_SEARCH_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/thread_annotations.h"
#include "coverage/hierarchy.h"

namespace jjm {

enum class PlaceMatchKind {
  kCode,        // its code or LGD number
  kExact,       // its name, ignoring case
  kPrefix,      // its name starts with the text
  kWord,        // a word of its name starts with the text
  kContains,    // its name contains the text
  kFormerName,  // a former name matches
};
std::string_view PlaceMatchKindName(PlaceMatchKind k);

struct PlaceMatch {
  UnitId unit = kNoUnit;
  PlaceMatchKind kind = PlaceMatchKind::kContains;
};

struct PlaceSearchResult {
  std::vector<PlaceMatch> matches;  // matches[offset, offset + limit)
  size_t total = 0;                 // every match
};

struct PlaceQuery {
  std::string_view text;       // trimmed, at least 2 bytes
  std::optional<Level> level;  // only places at this level
  UnitId within = kIndia;      // only places at or below this one
  size_t offset = 0;
  size_t limit = 20;
};

// Without a cache (each place's name read where it is).
PlaceSearchResult SearchPlaces(const Hierarchy& h, const PlaceQuery& q);

class PlaceSearcher {
 public:
  PlaceSearcher();
  ~PlaceSearcher();
  PlaceSearcher(const PlaceSearcher&) = delete;
  PlaceSearcher& operator=(const PlaceSearcher&) = delete;

  // The same answer as SearchPlaces(h, q).
  PlaceSearchResult Search(const Hierarchy& h, const PlaceQuery& q);

 private:
  struct Names;
  std::shared_ptr<const Names> NamesOf(const Hierarchy& h);
  Mutex mu_;
  std::shared_ptr<const Names> names_ GUARDED_BY(mu_);
};

}  // namespace jjm

#endif  // JJM_COVERAGE_PLACE_SEARCH_H_
