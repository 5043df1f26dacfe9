#include "coverage/place_search.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>

namespace jjm {
namespace {

// ASCII only, inline: every name of the nation is compared per search.
inline char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

// Where `needle` (already lower case) first occurs in `hay` ignoring ASCII
// case, or npos.
size_t FindIgnoreCase(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  const char first = needle[0];
  // The first letter in either case, found before anything else is done.
  const char first_upper = first >= 'a' && first <= 'z'
                               ? static_cast<char>(first - ('a' - 'A'))
                               : first;
  const size_t last = hay.size() - needle.size();
  for (size_t i = 0; i <= last; ++i) {
    if (hay[i] != first && hay[i] != first_upper) continue;
    size_t k = 1;
    while (k < needle.size() && Lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool WordStart(std::string_view s, size_t i) {
  if (i == 0) return true;
  const char c = s[i - 1];
  return c == ' ' || c == '-' || c == '(' || c == '.' || c == '/' || c == ',' ||
         c == '_';
}

// How `name` matches `needle`, or nullopt.
std::optional<PlaceMatchKind> NameMatch(std::string_view name,
                                        std::string_view needle) {
  size_t at = FindIgnoreCase(name, needle);
  if (at == std::string_view::npos) return std::nullopt;
  if (at == 0) {
    return name.size() == needle.size() ? PlaceMatchKind::kExact
                                        : PlaceMatchKind::kPrefix;
  }
  for (size_t i = at; i != std::string_view::npos;) {
    if (WordStart(name, i)) return PlaceMatchKind::kWord;
    const size_t next = FindIgnoreCase(name.substr(i + 1), needle);
    i = next == std::string_view::npos ? next : i + 1 + next;
  }
  return PlaceMatchKind::kContains;
}

}  // namespace

std::string_view PlaceMatchKindName(PlaceMatchKind k) {
  switch (k) {
    case PlaceMatchKind::kCode:
      return "code";
    case PlaceMatchKind::kExact:
      return "name";
    case PlaceMatchKind::kPrefix:
      return "prefix";
    case PlaceMatchKind::kWord:
      return "word";
    case PlaceMatchKind::kContains:
      return "contains";
    case PlaceMatchKind::kFormerName:
      return "former_name";
  }
  return "contains";
}

namespace {

// The places whose name holds `needle`, with how, found by `scan`; codes
// and former names as SearchPlaces says; then ranked and paged.
template <typename Scan>
PlaceSearchResult Ranked(const Hierarchy& h, const PlaceQuery& q, Scan&& scan) {
  PlaceSearchResult out;
  std::string needle(q.text);
  for (char& c : needle) c = Lower(c);
  if (needle.empty()) return out;
  const auto wanted = [&](UnitId u) {
    const Place& p = h.Get(u);
    return h.Contains(u) && u != kIndia && (!q.level || p.level == *q.level) &&
           (q.within == kIndia || h.IsWithin(u, q.within));
  };

  std::vector<PlaceMatch> found;
  // A code, as typed or in capitals, or a bare LGD number at any level.
  std::vector<UnitId> by_code;
  std::string upper(q.text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - ('a' - 'A'));
  }
  for (const std::string& code : {std::string(q.text), upper}) {
    const UnitId u = h.Find(code);
    if (u != kNoUnit) by_code.push_back(u);
    for (int l = 1; l <= 6; ++l) {
      const UnitId v = h.Find(code, static_cast<Level>(l));
      if (v != kNoUnit) by_code.push_back(v);
    }
  }
  std::sort(by_code.begin(), by_code.end());
  by_code.erase(std::unique(by_code.begin(), by_code.end()), by_code.end());
  for (UnitId u : by_code) {
    if (wanted(u)) found.push_back({u, PlaceMatchKind::kCode});
  }
  const auto taken = [&](UnitId u) {
    return std::binary_search(by_code.begin(), by_code.end(), u);
  };
  scan(needle, [&](UnitId u, PlaceMatchKind kind) {
    const Place& p = h.Get(u);
    if (q.level && p.level != *q.level) return;
    if (taken(u)) return;
    if (q.within != kIndia && !h.IsWithin(u, q.within)) return;
    found.push_back({u, kind});
  });
  // Former names, of the places whose name did not match.
  h.ForEachWithFormerNames(
      [&](UnitId u, const std::vector<std::string>& names) {
        if (!wanted(u) || taken(u) || NameMatch(h.Get(u).name, needle)) return;
        for (const std::string& old : names) {
          if (FindIgnoreCase(old, needle) != std::string_view::npos) {
            found.push_back({u, PlaceMatchKind::kFormerName});
            return;
          }
        }
      });

  out.total = found.size();
  const size_t end = std::min(found.size(), q.offset + q.limit);
  if (q.offset >= end) return out;
  const auto before = [&](const PlaceMatch& a, const PlaceMatch& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    const Place& pa = h.Get(a.unit);
    const Place& pb = h.Get(b.unit);
    if (pa.level != pb.level) return pa.level < pb.level;
    if (pa.name != pb.name) return pa.name < pb.name;
    return a.unit < b.unit;
  };
  std::partial_sort(found.begin(), found.begin() + end, found.end(), before);
  out.matches.assign(found.begin() + q.offset, found.begin() + end);
  return out;
}

}  // namespace

PlaceSearchResult SearchPlaces(const Hierarchy& h, const PlaceQuery& q) {
  return Ranked(h, q, [&](const std::string& needle, auto&& emit) {
    for (UnitId u = 1; u < h.end_id(); ++u) {
      if (!h.Contains(u)) continue;
      if (auto kind = NameMatch(h.Get(u).name, needle)) emit(u, *kind);
    }
  });
}

// Every present place's name, lower-cased, each followed by '\0', in one
// block; starts[k] is where the k-th name begins, units[k] its place.
struct PlaceSearcher::Names {
  const Hierarchy* of = nullptr;
  uint64_t generation = 0;
  std::string text;
  std::vector<uint32_t> starts;
  std::vector<UnitId> units;
};

PlaceSearcher::PlaceSearcher() = default;
PlaceSearcher::~PlaceSearcher() = default;

std::shared_ptr<const PlaceSearcher::Names> PlaceSearcher::NamesOf(
    const Hierarchy& h) {
  MutexLock lock(&mu_);
  if (names_ && names_->of == &h &&
      names_->generation == h.names_generation()) {
    return names_;
  }
  auto n = std::make_shared<Names>();
  n->of = &h;
  n->generation = h.names_generation();
  for (UnitId u = 1; u < h.end_id(); ++u) {
    if (!h.Contains(u)) continue;
    n->starts.push_back(static_cast<uint32_t>(n->text.size()));
    n->units.push_back(u);
    for (char c : h.Get(u).name) n->text += c == '\0' ? ' ' : Lower(c);
    n->text += '\0';
  }
  names_ = std::move(n);
  return names_;
}

PlaceSearchResult PlaceSearcher::Search(const Hierarchy& h,
                                        const PlaceQuery& q) {
  const std::shared_ptr<const Names> names = NamesOf(h);
  return Ranked(h, q, [&](const std::string& needle, auto&& emit) {
    if (needle.find('\0') != std::string::npos) return;
    const std::string_view text = names->text;
    size_t from = 0;
    while (from < text.size()) {
      const void* hit = memmem(text.data() + from, text.size() - from,
                               needle.data(), needle.size());
      if (hit == nullptr) break;
      const size_t at = static_cast<const char*>(hit) - text.data();
      // The name the hit lies in.
      const size_t k =
          std::upper_bound(names->starts.begin(), names->starts.end(), at) -
          names->starts.begin() - 1;
      const size_t start = names->starts[k];
      const size_t stop = text.find('\0', start);
      if (auto kind = NameMatch(text.substr(start, stop - start), needle)) {
        emit(names->units[k], *kind);
      }
      from = stop + 1;
    }
  });
}

}  // namespace jjm
