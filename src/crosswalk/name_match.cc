#include "crosswalk/name_match.h"

#include <algorithm>
#include <array>

namespace jjm {
namespace {

// Words of `name` in lower case: ASCII letters and digits and Indic
// letters, "&" as the word "and"; everything else separates words.
std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        cur += static_cast<char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        cur += static_cast<char>(c);
      } else if (c == '&') {
        flush();
        words.push_back("and");
      } else if (c == '\'' || c == '`') {
        // "Kumuram's" reads as one word.
      } else {
        flush();
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence: its length from the lead byte.
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > name.size()) len = name.size() - i;
    // U+0900..U+0DFF (Devanagari to Sinhala) are letters of a name.
    const bool indic = len == 3 && c == 0xE0 &&
                       static_cast<unsigned char>(name[i + 1]) >= 0xA4 &&
                       static_cast<unsigned char>(name[i + 1]) <= 0xB7;
    if (indic) {
      cur.append(name.substr(i, len));
    } else if (len == 2 && c == 0xC2 &&
               static_cast<unsigned char>(name[i + 1]) == 0xA0) {
      flush();  // a non-breaking space separates words
    }
    // Other symbols (®, ©, °, ...) are dropped without separating.
    i += len;
  }
  flush();
  return words;
}

std::string Join(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += w;
  return s;
}

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  size_t at = 0;
  while ((at = s->find(from, at)) != std::string::npos) {
    s->replace(at, from.size(), to);
    at += to.size();
  }
}

std::string FoldWord(std::string w) {
  if (w.size() > 2 && w.back() == 'y') w.back() = 'i';
  ReplaceAll(&w, "oo", "u");
  ReplaceAll(&w, "ee", "i");
  ReplaceAll(&w, "aa", "a");
  ReplaceAll(&w, "th", "t");
  ReplaceAll(&w, "dh", "d");
  ReplaceAll(&w, "w", "v");
  std::string out;
  for (char c : w) {
    if (out.empty() || out.back() != c || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string FoldWords(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += FoldWord(w);
  return s;
}

constexpr std::array<std::string_view, 10> kSuffixes = {
    "rural", "urban",   "east", "west", "north",
    "south", "central", "new",  "old",  "sadar"};

bool IsSuffix(std::string_view w) {
  return std::find(kSuffixes.begin(), kSuffixes.end(), w) != kSuffixes.end();
}

// The words without a leading or trailing suffix word; unchanged when that
// would leave nothing.
std::vector<std::string> StripSuffix(std::vector<std::string> words) {
  if (words.size() > 1 && IsSuffix(words.back())) words.pop_back();
  if (words.size() > 1 && IsSuffix(words.front())) {
    words.erase(words.begin());
  }
  return words;
}

size_t Letters(std::string_view s) { return s.size(); }

}  // namespace

std::string MatchKey(std::string_view name) { return Join(Words(name)); }

std::string FoldedKey(std::string_view name) { return FoldWords(Words(name)); }

std::string WithoutSuffix(std::string_view name) {
  std::vector<std::string> words = Words(name);
  std::vector<std::string> stripped = StripSuffix(words);
  if (stripped.size() == words.size()) return "";
  std::string s;
  for (const std::string& w : stripped) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

NameScore ScoreName(std::string_view source, std::string_view target) {
  const std::vector<std::string> sw = Words(source), tw = Words(target);
  const std::string sk = Join(sw), tk = Join(tw);
  if (sk.empty() || tk.empty()) return {};
  if (sk == tk) {
    return {1.0, "same name after normalising case, spaces and symbols"};
  }
  const std::string sf = FoldWords(sw), tf = FoldWords(tw);
  if (sf == tf) return {0.97, "same name after folding spelling variants"};
  const size_t shorter = std::min(Letters(sf), Letters(tf));
  const int d = EditDistance(sf, tf);
  if (d == 1 && shorter >= 8) {
    return {0.93, "one letter apart after folding spelling variants"};
  }
  const std::vector<std::string> ss = StripSuffix(sw), ts = StripSuffix(tw);
  if ((ss.size() != sw.size() || ts.size() != tw.size()) &&
      FoldWords(ss) == FoldWords(ts)) {
    return {0.85,
            "same name once a suffix (Rural, Urban, East, ...) is "
            "dropped; a district may have been split or renamed"};
  }
  // "Ghanpur" for "Ghanpur (Station)": one name is the other's first
  // words.  Only ever for a person to confirm.
  const std::vector<std::string>& fewer = sw.size() < tw.size() ? sw : tw;
  const std::vector<std::string>& more = sw.size() < tw.size() ? tw : sw;
  if (fewer.size() < more.size() && Join(fewer).size() >= 5 &&
      std::equal(fewer.begin(), fewer.end(), more.begin())) {
    return {0.75, "one name is the first words of the other"};
  }
  const size_t longer = std::max(Letters(sf), Letters(tf));
  const double sim = 1.0 - static_cast<double>(d) / static_cast<double>(longer);
  const double score = 0.8 * sim;
  if (score < kMinCandidateScore) return {};
  return {score, std::to_string(d) + (d == 1 ? " letter" : " letters") +
                     " apart after folding spelling variants"};
}

std::vector<Suggestion> Suggest(std::string_view source,
                                const std::vector<NameCandidate>& within) {
  std::vector<Suggestion> out;
  for (const NameCandidate& c : within) {
    NameScore best = ScoreName(source, c.name);
    for (const std::string& former : c.former_names) {
      NameScore f = ScoreName(source, former);
      if (f.score >= 0.97) {
        f.score = 0.95;
        f.reason = "a former name of this place (" + former + ")";
      } else {
        f.score = std::min(f.score, 0.8);
        if (f.score > 0) f.reason += " (former name " + former + ")";
      }
      if (f.score > best.score) best = f;
    }
    if (best.score >= kMinCandidateScore) {
      out.push_back({c.id, c.name, best.score, std::move(best.reason)});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Suggestion& a, const Suggestion& b) {
              if (a.score != b.score) return a.score > b.score;
              return a.name < b.name;
            });
  return out;
}

bool ClearlyAhead(const std::vector<Suggestion>& ranked) {
  if (ranked.empty() || ranked[0].score < kAcceptScore) return false;
  // The same name once case, spaces and symbols are set aside is the name,
  // unless another place has it too.
  if (ranked[0].score == 1.0)
    return ranked.size() == 1 || ranked[1].score < 1.0;
  return ranked.size() == 1 ||
         ranked[0].score - ranked[1].score >= kAcceptLead - 1e-9;
}

}  // namespace jjm
