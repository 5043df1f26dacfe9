// Internals of the water-quality roll-ups (quality_index.cc builds and
// writes, quality_index_query.cc answers).  Not for use outside them.
//
// Facts are kept compactly, by id (samples, sources, alerts, actions are
// the store's dense row ids) and grouped by village.  From them:
//   - for every place at block level and above, per figure, a sorted run
//     of (day, running total) answering "on day d" with one binary search
//     (two for the financial-year figures, which only ever count up: the
//     year's total is the run at d minus the run before the year began);
//   - gram panchayats, villages and habitations are worked out from the
//     facts of their villages on demand.
// Feeding before the first question only records facts; the runs are
// built once (Finish, or the first question), then each write changes
// the runs of its village's block, district, state and India.
#ifndef JJM_QUALITY_QUALITY_INDEX_IMPL_H_
#define JJM_QUALITY_QUALITY_INDEX_IMPL_H_

#include <algorithm>
#include <array>
#include <atomic>
#include <limits>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "quality/quality_index.h"

namespace jjm {
namespace quality_index_internal {

constexpr int32_t kNone = std::numeric_limits<int32_t>::max();

// The figures kept as runs.  ftk_samples is samples - lab_samples.
enum Fig : uint8_t {
  kSamples,
  kLabSamples,
  kTested,
  kFailing,
  kFailingBy,  // + contaminant
  kSources = kFailingBy + kContaminantCount,
  kSrcChem,  // the four source slots of a financial year, in order
  kSrcBact,
  kSrcPre,
  kSrcPost,
  kVilLab,  // the four village slots
  kVilLabChem,
  kVilLabBact,
  kVilFtk,
  kHabAffected,
  kAffectedBy,  // + contaminant
  kVillagesAffected = kAffectedBy + kContaminantCount,
  kHouseholds,
  kAlertsOpen,
  kRepeatsOverdue,
  kActionsPending,
  kTrained,
  kFigCount,
};
inline bool IsFyFig(int f) { return f >= kSrcChem && f <= kVilFtk; }

// Sample flags.
constexpr uint8_t kLab = 1, kFinal = 2, kChem = 4, kBact = 8;

struct SampleRec {
  UnitId village = kNoUnit;  // kNoUnit: no such sample
  UnitId habitation = kNoUnit;
  int32_t source = 0;
  int32_t collected = 0;
  int32_t tested = kNone;
  int32_t final_day = kNone;
  uint8_t flags = 0;
  uint8_t failing = 0;  // a bit per contaminant
};
struct SourceRec {
  UnitId village = kNoUnit;
  UnitId habitation = kNoUnit;
  int32_t created = 0;
};
struct AlertRec {
  UnitId village = kNoUnit;
  UnitId habitation = kNoUnit;
  int32_t opened = 0, due = kNone, taken = kNone, closed = kNone;
  uint8_t contaminant = 0;
};
struct ActionRec {
  int32_t alert = -1;  // -1: no such action
  int32_t started = 0, done = kNone;
};
struct Spell {
  int32_t from, to;  // [from, to)
  int32_t households;
};
// A change to a run: `delta` on `day`.
struct Ev {
  int32_t day;
  uint8_t fig;
  int64_t delta;
};
struct Entry {
  int32_t day;
  int32_t total;
};

// The financial year (2024 for 2024-25) and month of a day.
inline int FyOf(int32_t day) { return Date::FromDays(day).FinancialYear(); }
inline int32_t FyStart(int fy) { return Date::FromCivil(fy, 4, 1).days(); }

// The slots a final sample fills: bits 0..3 of the source's (chemical,
// bacteriological, pre-monsoon, post-monsoon; lab samples of a source
// only) and of the village's (lab, lab chemical, lab bacteriological,
// FTK).
inline void Slots(const SampleRec& s, uint8_t* src, uint8_t* vil) {
  *src = *vil = 0;
  if (!(s.flags & kFinal)) return;
  if (!(s.flags & kLab)) {
    *vil = 8;
    return;
  }
  *vil = 1 | ((s.flags & kChem) ? 2 : 0) | ((s.flags & kBact) ? 4 : 0);
  if (s.source == 0) return;
  if (s.flags & kChem) *src |= 1;
  if (s.flags & kBact) {
    *src |= 2;
    const int m = Date::FromDays(s.collected).month();
    if (m >= 4 && m <= 6) *src |= 4;
    if (m >= 10 || m <= 3) *src |= 8;
  }
}

// Ids grouped by a key (a village's index): pairs are collected while
// loading, sorted into one array at Seal, and later additions go beside.
class Grouped {
 public:
  void Add(int32_t key, int32_t value) {
    if (!sealed_) {
      pending_.emplace_back(key, value);
      return;
    }
    if (static_cast<size_t>(key) + 1 < start_.size()) {
      extra_[key].push_back(value);
    } else {
      late_[key].push_back(value);
    }
  }
  void Seal(int32_t keys) {
    start_.assign(static_cast<size_t>(keys) + 1, 0);
    for (auto& [k, v] : pending_) ++start_[k + 1];
    for (size_t i = 1; i < start_.size(); ++i) start_[i] += start_[i - 1];
    values_.resize(pending_.size());
    std::vector<uint32_t> at(start_.begin(), start_.end() - 1);
    for (auto& [k, v] : pending_) values_[at[k]++] = v;
    std::vector<std::pair<int32_t, int32_t>>().swap(pending_);
    sealed_ = true;
  }
  template <typename Fn>
  void ForEach(int32_t key, Fn&& fn) const {
    if (key < 0) return;
    if (static_cast<size_t>(key) + 1 < start_.size()) {
      for (uint32_t i = start_[key]; i < start_[key + 1]; ++i) fn(values_[i]);
      if (auto it = extra_.find(key); it != extra_.end()) {
        for (int32_t v : it->second) fn(v);
      }
    } else if (auto it = late_.find(key); it != late_.end()) {
      for (int32_t v : it->second) fn(v);
    }
  }
  size_t MemoryBytes() const {
    size_t n = pending_.capacity() * 8 + start_.capacity() * 4 +
               values_.capacity() * 4;
    for (auto* m : {&extra_, &late_}) {
      for (auto& [k, v] : *m) n += 48 + v.capacity() * 4;
    }
    return n;
  }

 private:
  bool sealed_ = false;
  std::vector<std::pair<int32_t, int32_t>> pending_;
  std::vector<uint32_t> start_;
  std::vector<int32_t> values_;
  std::unordered_map<int32_t, std::vector<int32_t>> extra_, late_;
};

// Records by a dense id, in chunks of 64K, so that growing never copies
// and holds at most one chunk more than needed.
template <typename T>
class Chunked {
 public:
  static constexpr int kBits = 16;
  static constexpr int64_t kChunk = int64_t{1} << kBits;
  // The record of `id` (>= 0), made (default) when new.
  T& At(int64_t id) {
    const size_t c = static_cast<size_t>(id >> kBits);
    while (chunks_.size() <= c) {
      chunks_.push_back(std::make_unique<T[]>(kChunk));
    }
    return chunks_[c][id & (kChunk - 1)];
  }
  // Null beyond the records made.
  const T* Find(int64_t id) const {
    if (id < 0 || static_cast<size_t>(id >> kBits) >= chunks_.size()) {
      return nullptr;
    }
    return &chunks_[id >> kBits][id & (kChunk - 1)];
  }
  T* Find(int64_t id) {
    return const_cast<T*>(static_cast<const Chunked*>(this)->Find(id));
  }
  // Unchecked: `id` was made.
  const T& operator[](int64_t id) const {
    return chunks_[id >> kBits][id & (kChunk - 1)];
  }
  T& operator[](int64_t id) { return chunks_[id >> kBits][id & (kChunk - 1)]; }
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const auto& c : chunks_) {
      for (int64_t i = 0; i < kChunk; ++i) fn(c[i]);
    }
  }
  size_t MemoryBytes() const {
    return chunks_.capacity() * sizeof(chunks_[0]) +
           chunks_.size() * kChunk * sizeof(T);
  }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
};

// The records of each financial year (a handful of years).
template <typename T>
class ByYear {
 public:
  T& operator[](int fy) {
    for (auto& [y, t] : years_) {
      if (y == fy) return t;
    }
    years_.emplace_back(fy, T());
    return years_.back().second;
  }
  auto begin() const { return years_.begin(); }
  auto end() const { return years_.end(); }

 private:
  std::vector<std::pair<int, T>> years_;
};

// The running total of `run` on `day` (0 before its first change).
inline int64_t TotalAt(const std::vector<Entry>& run, int32_t day) {
  auto it =
      std::upper_bound(run.begin(), run.end(), day,
                       [](int32_t d, const Entry& e) { return d < e.day; });
  return it == run.begin() ? 0 : std::prev(it)->total;
}

inline void AddToRun(std::vector<Entry>& run, int32_t day, int64_t delta) {
  if (delta == 0) return;
  const int32_t d32 = static_cast<int32_t>(delta);
  if (run.empty() || run.back().day < day) {
    run.push_back({day, (run.empty() ? 0 : run.back().total) + d32});
    return;
  }
  auto it =
      std::lower_bound(run.begin(), run.end(), day,
                       [](const Entry& e, int32_t d) { return e.day < d; });
  if (it->day != day) {
    const int32_t before = it == run.begin() ? 0 : std::prev(it)->total;
    it = run.insert(it, {day, before});
  }
  for (; it != run.end(); ++it) it->total += d32;
}

// Runs built from changes sorted by (fig, day).
// Runs from changes in any order: summed per (figure, day) in a dense
// table when the days span little (`cells` is reused), else sorted.
inline void SweepInto(std::vector<Ev>& evs,
                      std::vector<std::vector<Entry>>& runs,
                      std::vector<int64_t>* cells) {
  if (evs.empty()) return;
  int32_t lo = evs[0].day, hi = evs[0].day;
  for (const Ev& e : evs) {
    lo = std::min(lo, e.day);
    hi = std::max(hi, e.day);
  }
  const size_t range = static_cast<size_t>(int64_t{hi} - lo + 1);
  if (range * kFigCount <= 4 * evs.size() + (1u << 16)) {
    cells->assign(range * kFigCount, 0);
    for (const Ev& e : evs) (*cells)[e.fig * range + (e.day - lo)] += e.delta;
    for (int f = 0; f < kFigCount; ++f) {
      std::vector<Entry>& run = runs[f];
      run.clear();
      int64_t total = 0;
      const int64_t* c = cells->data() + f * range;
      for (size_t d = 0; d < range; ++d) {
        if (c[d] == 0) continue;
        total += c[d];
        run.push_back(
            {lo + static_cast<int32_t>(d), static_cast<int32_t>(total)});
      }
      run.shrink_to_fit();
    }
    return;
  }
  std::sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) {
    return a.fig != b.fig ? a.fig < b.fig : a.day < b.day;
  });
  size_t i = 0;
  while (i < evs.size()) {
    const uint8_t f = evs[i].fig;
    std::vector<Entry>& run = runs[f];
    run.clear();
    int64_t total = 0;
    while (i < evs.size() && evs[i].fig == f) {
      const int32_t d = evs[i].day;
      int64_t sum = 0;
      for (; i < evs.size() && evs[i].fig == f && evs[i].day == d; ++i) {
        sum += evs[i].delta;
      }
      if (sum == 0) continue;
      total += sum;
      run.push_back({d, static_cast<int32_t>(total)});
    }
    run.shrink_to_fit();
  }
}

}  // namespace quality_index_internal

using namespace quality_index_internal;  // NOLINT: internal header

struct QualityIndex::Impl {
  const Hierarchy* h;
  // By unit id: a village's index, or a run place's index; -1 for none.
  std::vector<int32_t> slot;
  std::vector<UnitId> village_of;   // by village index
  std::vector<UnitId> place_of;     // by run-place index
  std::vector<int32_t> households;  // by village index
  std::vector<std::array<std::vector<Entry>, kFigCount>> runs;

  Chunked<SampleRec> samples;
  Chunked<SourceRec> sources;
  Chunked<AlertRec> alerts;
  Chunked<ActionRec> actions;
  Grouped samples_of, sources_of, alerts_of, actions_of, testers_of;
  std::unordered_map<int32_t, std::vector<Spell>> spells;  // by village

  // First collection day in a financial year, per slot, of each source
  // (with the village it counts at) and each village.
  struct SourceFirst {
    UnitId village = kNoUnit;
    std::array<int32_t, 4> first{kNone, kNone, kNone, kNone};
  };
  ByYear<Chunked<SourceFirst>> source_first;
  ByYear<std::vector<std::array<int32_t, 4>>> village_first;

  std::atomic<bool> built{false};
  std::mutex build_mu;

  bool IsRunLevel(UnitId u) const { return h->Get(u).level <= Level::kBlock; }

  int32_t SlotOf(UnitId u) const {
    return u >= 0 && static_cast<size_t>(u) < slot.size() ? slot[u] : -1;
  }
  int32_t VillageIndex(UnitId v) {
    if (static_cast<size_t>(v) >= slot.size()) {
      slot.resize(std::max<size_t>(v + 1, h->end_id()), -1);
    }
    if (slot[v] < 0) {
      slot[v] = static_cast<int32_t>(village_of.size());
      village_of.push_back(v);
      households.push_back(0);
    }
    return slot[v];
  }
  int32_t RunIndex(UnitId p) {
    if (static_cast<size_t>(p) >= slot.size()) {
      slot.resize(std::max<size_t>(p + 1, h->end_id()), -1);
    }
    if (slot[p] < 0) {
      slot[p] = static_cast<int32_t>(place_of.size());
      place_of.push_back(p);
      runs.emplace_back();
    }
    return slot[p];
  }
  // The nearest place at block level or above holding `u`.
  UnitId RunParent(UnitId u) const {
    while (u != kNoUnit && !IsRunLevel(u)) u = h->Get(u).parent;
    return u;
  }

  // Contributions of facts, as changes on days (quality_index.cc).
  static void SampleEvents(const SampleRec& s, std::vector<Ev>* out);
  static void ActionEvents(const ActionRec& a, std::vector<Ev>* out);
  // Spells of `v`'s alerts as they are now, each keeping the households it
  // had in `old` when it starts on the same day.
  std::vector<Spell> Spells(int32_t v, const std::vector<Spell>* old) const;
  // Everything `v`'s alerts add to the runs, with `spells` for its
  // households.
  void AlertEvents(int32_t v, const std::vector<Spell>& sp,
                   std::vector<Ev>* out) const;
  // The changes of one village other than its financial-year firsts.
  void VillageEvents(int32_t v, std::vector<Ev>* out) const;
  // Applies changes at `village` to its run places.
  void Apply(UnitId village, const std::vector<Ev>& evs);
  void ApplyOne(UnitId village, Ev e);
  // A financial-year first of a source or village moves to `day` when it
  // is earlier; the runs follow.
  void MoveFirst(int32_t* first, int32_t day, uint8_t fig, UnitId village);
  void RecordFirsts(const SampleRec& s);
  // Redoes `v`'s alert contributions after `change` alters its alerts.
  template <typename Change>
  void ChangeAlerts(int32_t v, Change&& change);
  // Builds the runs from the facts (once); EnsureBuilt is safe for
  // readers running together.
  void Build();
  void EnsureBuilt();

  // Answers (quality_index_query.cc): the figures of run place `p`.
  QualitySummary FromRuns(int32_t p, int32_t day) const;
  // Adds village `v`'s figures on `day` to `s`; with `habitation` set,
  // only its facts (and none of the village-counted figures).
  void AddVillage(int32_t v, UnitId habitation, int32_t d,
                  QualitySummary* s) const;
  void Add(QualitySummary* to, const QualitySummary& x) const;
};

}  // namespace jjm

#endif  // JJM_QUALITY_QUALITY_INDEX_IMPL_H_
