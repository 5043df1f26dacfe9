// Matching the place names of a source file (a JJM village file) to the
// places of the official hierarchy (LGD), for the name crosswalk.
//
// A name is compared in stages, each with a fixed score, so that a person
// reading the crosswalk can see why a candidate was proposed:
//
//   1.00  the same name after normalising case, spaces, punctuation, "&" for
//         "and" and stray symbols ("Ranga Reddy" / "Rangareddy",
//         "Rajahmundry®" / "RAJAHMUNDRY");
//   0.97  the same after folding the usual transliteration variants: th/t,
//         dh/d, oo/u, ee/i, aa/a, w/v, doubled letters, y/i at word ends
//         ("Bazarhathnoor" / "BAZARHATNOOR", "Chengannoor" / "Chengannur");
//   0.95  a former name the hierarchy keeps, equal in either of those forms;
//   0.93  one letter apart after folding, in names of 8 letters or more
//         ("Neredigonda" / "NERADIGONDA");
//   0.85  the same once a suffix word (Rural, Urban, East, West, North,
//         South, Central, New, Old, Sadar) is dropped from either side
//         ("Warangal Rural" / "WARANGAL"): never taken without a person,
//         since a district split into Rural and Urban may have been renamed;
//   0.75  one name is the first words of the other ("Ghanpur" /
//         "GHANPUR (STATION)"), for a person to confirm;
//   below 0.8  an edit distance over what is left, 0.8 x (1 - d / length).
//
// A suggestion is accepted on its own only when its score is at least
// kAcceptScore and it leads the next candidate by kAcceptLead, or when it
// is the one place with the same normalised name (score 1): a wrong
// automatic match is worse than none, so anything closer is left for a
// person.
#ifndef JJM_CROSSWALK_NAME_MATCH_H_
#define JJM_CROSSWALK_NAME_MATCH_H_

#include <string>
#include <string_view>
#include <vector>

namespace jjm {

inline constexpr double kAcceptScore = 0.9;
inline constexpr double kAcceptLead = 0.1;
// Candidates below this score are not proposed at all.
inline constexpr double kMinCandidateScore = 0.5;

// Lower-case letters and digits only: spaces, punctuation and symbols
// dropped, "&" read as "and".  Devanagari and other Indic letters are kept;
// other non-ASCII characters (®, ©, °, non-breaking spaces) are dropped.
std::string MatchKey(std::string_view name);
// MatchKey with the transliteration variants folded.
std::string FoldedKey(std::string_view name);
// The name without its suffix words, or empty when it has none (or is
// nothing but one).
std::string WithoutSuffix(std::string_view name);
// Levenshtein distance between two byte strings.
int EditDistance(std::string_view a, std::string_view b);

struct NameScore {
  double score = 0;    // 0 when the names are unrelated
  std::string reason;  // "same name after folding spelling variants"
};
// How well `source` names a place called `target`.
NameScore ScoreName(std::string_view source, std::string_view target);

// A place that might be meant: its id in the caller's terms, its current
// name and its former names.
struct NameCandidate {
  int64_t id = 0;
  std::string name;
  std::vector<std::string> former_names;
};
struct Suggestion {
  int64_t id = 0;
  std::string name;
  double score = 0;
  std::string reason;
};
// The candidates worth proposing for `source`, best first (ties by name),
// each scored by its best name.
std::vector<Suggestion> Suggest(std::string_view source,
                                const std::vector<NameCandidate>& within);
// True when the first suggestion may be taken without a person.
bool ClearlyAhead(const std::vector<Suggestion>& ranked);

}  // namespace jjm

#endif  // JJM_CROSSWALK_NAME_MATCH_H_
