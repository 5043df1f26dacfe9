// The quality roll-ups must equal a recomputation from plain rows: random
// sources, samples, finals, alerts, repeats, closures, actions and
// testers, fed in random order, compared for many places and days, then
// again after further random writes (old days included).
#include "quality/quality_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

namespace jjm {
namespace {

#define EXPECT_FIELD(f) EXPECT_EQ(got.f, want.f) << what << ": " #f

void ExpectSame(const QualitySummary& got, const QualitySummary& want,
                const std::string& what) {
  EXPECT_FIELD(samples);
  EXPECT_FIELD(lab_samples);
  EXPECT_FIELD(ftk_samples);
  EXPECT_FIELD(tested);
  EXPECT_FIELD(failing);
  for (int c = 0; c < kContaminantCount; ++c) {
    EXPECT_FIELD(failing_by[c]) << " " << c;
    EXPECT_FIELD(affected_by[c]) << " " << c;
  }
  EXPECT_FIELD(sources);
  EXPECT_FIELD(sources_tested_chemical);
  EXPECT_FIELD(sources_tested_bacteriological);
  EXPECT_FIELD(sources_bact_pre_monsoon);
  EXPECT_FIELD(sources_bact_post_monsoon);
  EXPECT_FIELD(villages_lab);
  EXPECT_FIELD(villages_lab_chemical);
  EXPECT_FIELD(villages_lab_bacteriological);
  EXPECT_FIELD(villages_ftk);
  EXPECT_FIELD(habitations_affected);
  EXPECT_FIELD(villages_affected);
  EXPECT_FIELD(households_affected);
  EXPECT_FIELD(alerts_open);
  EXPECT_FIELD(repeats_overdue);
  EXPECT_FIELD(actions_pending);
  EXPECT_FIELD(trained_testers);
}

// India > 2 states > 2 districts > 2 blocks > villages (some under a gram
// panchayat, some straight under the block) > 0..2 habitations.
struct Places {
  Hierarchy h;
  std::vector<UnitId> all, villages;
  std::map<UnitId, std::vector<UnitId>> habitations;

  explicit Places(std::mt19937* rng) {
    UnitId next = 1;
    auto add = [&](UnitId parent, Level level) {
      const UnitId id = next++;
      const std::string code =
          std::string(1, LevelLetter(level)) + std::to_string(id);
      EXPECT_TRUE(h.Add(id, parent, level, code, code, std::nullopt).ok());
      all.push_back(id);
      return id;
    };
    all.push_back(kIndia);
    for (int s = 0; s < 2; ++s) {
      const UnitId st = add(kIndia, Level::kState);
      for (int d = 0; d < 2; ++d) {
        const UnitId di = add(st, Level::kDistrict);
        for (int b = 0; b < 2; ++b) {
          const UnitId bl = add(di, Level::kBlock);
          for (int g = 0; g < 3; ++g) {
            const bool gp = g < 2;
            const UnitId parent = gp ? add(bl, Level::kGp) : bl;
            const int nv = gp ? 2 : 1;
            for (int v = 0; v < nv; ++v) {
              const UnitId vi = add(parent, Level::kVillage);
              villages.push_back(vi);
              const int nh = static_cast<int>((*rng)() % 3);
              for (int k = 0; k < nh; ++k) {
                habitations[vi].push_back(add(vi, Level::kHabitation));
              }
            }
          }
        }
      }
    }
  }
};

// Random facts, as one list of writes in a random order that keeps each
// fact after the one it is about; `facts` mirrors what has been fed.
class World {
 public:
  World(const Places* places, uint32_t seed) : p_(places), rng_(seed) {}

  void Generate(int sources, int samples, int alerts) {
    const Date first = Date::FromCivil(2022, 1, 15);
    const int span = Date::FromCivil(2025, 9, 30) - first;
    auto day = [&] { return first + static_cast<int32_t>(rng_() % span); };
    auto pick = [&](const auto& v) { return v[rng_() % v.size()]; };
    auto hab_of = [&](UnitId v) {
      auto it = p_->habitations.find(v);
      if (it == p_->habitations.end() || rng_() % 3 == 0) return kNoUnit;
      return pick(it->second);
    };
    for (UnitId v : p_->villages) {
      const int64_t hh = 20 + rng_() % 400;
      Push(0, [this, v, hh](QualityIndex* ix) {
        ix->SetVillageHouseholds(v, hh);
        facts_.village_households.emplace_back(v, hh);
      });
    }
    std::vector<QualityFacts::Source> srcs;
    for (int i = 1; i <= sources; ++i) {
      const UnitId v = pick(p_->villages);
      QualityFacts::Source s{i, v, hab_of(v), day()};
      srcs.push_back(s);
      Push(Key(), [this, s](QualityIndex* ix) {
        ix->AddSource(s.id, s.village, s.habitation, s.created);
        facts_.sources.push_back(s);
      });
    }
    for (int i = 1; i <= samples; ++i) {
      QualityFacts::Sample x{};
      x.id = i;
      if (rng_() % 4 != 0) {
        const QualityFacts::Source& s = pick(srcs);
        x.village = s.village;
        x.habitation = s.habitation;
        x.source_id = s.id;
      } else {
        x.village = pick(p_->villages);
        x.habitation = hab_of(x.village);
        x.source_id = 0;
      }
      x.method = rng_() % 3 == 0 ? SampleMethod::kFtk : SampleMethod::kLab;
      x.collected = day();
      const double key = Key();
      const size_t at = samples_.size();
      samples_.push_back(x);
      Push(key, [this, at](QualityIndex* ix) {
        const QualityFacts::Sample& s = samples_[at];
        ix->AddSample(s.id, s.village, s.habitation, s.source_id, s.method,
                      s.collected);
        fed_samples_[s.id] = s;
        fed_samples_[s.id].tested.reset();
        fed_samples_[s.id].final_day.reset();
      });
      if (rng_() % 5 != 0) {
        // Usually days after collection; sometimes (bad data) before.
        const Date t = x.collected + static_cast<int32_t>(rng_() % 20) - 2;
        const int64_t id = i;
        Push(key + Later(), [this, id, t](QualityIndex* ix) {
          ix->SampleTested(id, t);
          fed_samples_[id].tested = t;
        });
        if (rng_() % 6 != 0) {
          QualityIndex::Final f;
          f.chemical = rng_() % 4 != 0;
          f.bacteriological = !f.chemical || rng_() % 2 == 0;
          if (rng_() % 3 == 0) {
            const int n = 1 + static_cast<int>(rng_() % 2);
            for (int k = 0; k < n; ++k) {
              f.failing.push_back(
                  static_cast<Contaminant>(rng_() % kContaminantCount));
            }
          }
          const Date fd = t + static_cast<int32_t>(rng_() % 10);
          Push(key + 2 * Later(), [this, id, fd, f](QualityIndex* ix) {
            ix->SampleFinal(id, fd, f);
            fed_samples_[id].final_day = fd;
            fed_samples_[id].final = f;
          });
        }
      }
    }
    for (int i = 1; i <= alerts; ++i) {
      QualityFacts::Alert a{};
      a.id = i;
      a.village = pick(p_->villages);
      a.habitation = hab_of(a.village);
      a.contaminant = static_cast<Contaminant>(rng_() % kContaminantCount);
      a.opened = day();
      if (rng_() % 2 == 0) {
        a.repeat_due = a.opened + static_cast<int32_t>(rng_() % 3);
      }
      const double key = Key();
      Push(key, [this, a](QualityIndex* ix) {
        ix->AlertOpened(a.id, a.village, a.habitation, a.contaminant, a.opened,
                        a.repeat_due);
        fed_alerts_[a.id] = a;
      });
      if (a.repeat_due && rng_() % 2 == 0) {
        const Date t = *a.repeat_due + static_cast<int32_t>(rng_() % 30) - 1;
        Push(key + Later(), [this, a, t](QualityIndex* ix) {
          ix->AlertRepeatTaken(a.id, t);
          fed_alerts_[a.id].repeat_taken = t;
        });
      }
      if (rng_() % 3 != 0) {
        const Date c = a.opened + static_cast<int32_t>(rng_() % 200);
        Push(key + 3 * Later(), [this, a, c](QualityIndex* ix) {
          ix->AlertClosed(a.id, c);
          fed_alerts_[a.id].closed = c;
        });
      }
      const int nact = static_cast<int>(rng_() % 3);
      for (int k = 0; k < nact; ++k) {
        QualityFacts::Action act{++actions_, a.id,
                                 a.opened + static_cast<int32_t>(rng_() % 60),
                                 std::nullopt};
        const double akey = key + Later();
        Push(akey, [this, act](QualityIndex* ix) {
          ix->ActionStarted(act.id, act.alert_id, act.started);
          fed_actions_[act.id] = act;
        });
        if (rng_() % 2 == 0) {
          const Date done = act.started + static_cast<int32_t>(rng_() % 40);
          Push(akey + Later(), [this, act, done](QualityIndex* ix) {
            ix->ActionDone(act.id, done);
            fed_actions_[act.id].done = done;
          });
        }
      }
    }
    for (int i = 0; i < 60; ++i) {
      const UnitId v = pick(p_->villages);
      const Date d = day();
      Push(Key(), [this, v, d](QualityIndex* ix) {
        ix->TesterTrained(v, d);
        facts_.testers.emplace_back(v, d);
      });
    }
    std::stable_sort(
        ops_.begin(), ops_.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
  }

  // Feeds the next `n` writes (all that are left when fewer).
  void Feed(QualityIndex* ix, size_t n) {
    for (; n > 0 && next_ < ops_.size(); --n) ops_[next_++].second(ix);
  }
  size_t left() const { return ops_.size() - next_; }

  QualityFacts Facts() const {
    QualityFacts f = facts_;
    for (auto& [id, s] : fed_samples_) f.samples.push_back(s);
    for (auto& [id, a] : fed_alerts_) f.alerts.push_back(a);
    for (auto& [id, a] : fed_actions_) f.actions.push_back(a);
    return f;
  }
  std::mt19937& rng() { return rng_; }

 private:
  using Op = std::function<void(QualityIndex*)>;
  double Key() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  double Later() {
    return std::uniform_real_distribution<double>(1e-6, 0.3)(rng_);
  }
  void Push(double key, Op op) { ops_.emplace_back(key, std::move(op)); }

  const Places* p_;
  std::mt19937 rng_;
  std::vector<std::pair<double, Op>> ops_;
  size_t next_ = 0;
  std::vector<QualityFacts::Sample> samples_;
  int64_t actions_ = 0;
  QualityFacts facts_;
  std::map<int64_t, QualityFacts::Sample> fed_samples_;
  std::map<int64_t, QualityFacts::Alert> fed_alerts_;
  std::map<int64_t, QualityFacts::Action> fed_actions_;
};

// Compares every place on many days: random ones and the edges of
// financial years and season windows.
void CompareAll(const QualityIndex& ix, const World& w, const Places& p,
                std::mt19937* rng, const std::string& stage) {
  const QualityFacts facts = w.Facts();
  std::vector<Date> days = {
      Date::FromCivil(2021, 12, 31), Date::FromCivil(2022, 3, 31),
      Date::FromCivil(2022, 4, 1),   Date::FromCivil(2023, 6, 30),
      Date::FromCivil(2023, 7, 1),   Date::FromCivil(2024, 3, 31),
      Date::FromCivil(2024, 4, 1),   Date::FromCivil(2024, 10, 1),
      Date::FromCivil(2026, 1, 1)};
  for (int i = 0; i < 12; ++i) {
    days.push_back(Date::FromCivil(2022, 1, 1) +
                   static_cast<int32_t>((*rng)() % 1400));
  }
  for (UnitId u : p.all) {
    for (Date d : days) {
      const std::string what =
          stage + " place " + p.h.Get(u).code + " on " + d.ToString();
      ExpectSame(ix.Summary(u, d), RecomputeSummary(facts, p.h, u, d), what);
      if (::testing::Test::HasFailure()) return;
    }
  }
  // Affected-by and trained testers of single places.
  for (UnitId v : p.villages) {
    const Date d = days[(*rng)() % days.size()];
    int64_t trained = 0;
    for (auto& [village, day] : facts.testers) {
      if (village == v && day <= d) ++trained;
    }
    EXPECT_EQ(ix.TrainedTesters(v, d), trained);
    std::vector<UnitId> keys = {v};
    if (auto it = p.habitations.find(v); it != p.habitations.end()) {
      keys.insert(keys.end(), it->second.begin(), it->second.end());
    }
    for (UnitId key : keys) {
      std::set<Contaminant> want;
      for (const auto& a : facts.alerts) {
        const UnitId k = a.habitation == kNoUnit ? a.village : a.habitation;
        if (k == key && a.opened <= d && (!a.closed || *a.closed > d)) {
          want.insert(a.contaminant);
        }
      }
      const std::vector<Contaminant> got = ix.AffectedBy(key, d);
      EXPECT_EQ(std::vector<Contaminant>(want.begin(), want.end()), got)
          << stage << " affected by at " << p.h.Get(key).code;
    }
  }
}

TEST(QualityIndexTest, EqualsRecomputationAfterRandomWrites) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    std::mt19937 rng(seed);
    Places places(&rng);
    World world(&places, seed * 7919);
    world.Generate(120, 1500, 220);
    QualityIndex ix(&places.h);
    // Start-up: most facts in random order, then Finish.
    world.Feed(&ix, world.left() * 2 / 3);
    ix.Finish();
    CompareAll(ix, world, places, &rng,
               "start-up seed " + std::to_string(seed));
    if (HasFailure()) return;
    // Later writes one by one, compared along the way.
    while (world.left() > 0) {
      world.Feed(&ix, 400);
      CompareAll(ix, world, places, &rng,
                 "writes seed " + std::to_string(seed));
      if (HasFailure()) return;
    }
    EXPECT_GT(ix.MemoryBytes(), 0u);
  }
}

TEST(QualityIndexTest, FirstQuestionBuildsWithoutFinish) {
  std::mt19937 rng(11);
  Places places(&rng);
  World world(&places, 99);
  world.Generate(60, 600, 80);
  QualityIndex ix(&places.h);
  world.Feed(&ix, world.left());
  CompareAll(ix, world, places, &rng, "lazy");
}

TEST(QualityIndexTest, EmptyAndUnknownPlaces) {
  std::mt19937 rng(5);
  Places places(&rng);
  QualityIndex ix(&places.h);
  const QualitySummary s = ix.Summary(kIndia, Date::FromCivil(2024, 5, 1));
  EXPECT_EQ(s.samples, 0);
  EXPECT_EQ(ix.Summary(99999, Date::FromCivil(2024, 5, 1)).samples, 0);
  EXPECT_TRUE(ix.AffectedBy(99999, Date::FromCivil(2024, 5, 1)).empty());
  EXPECT_EQ(ix.TrainedTesters(99999, Date::FromCivil(2024, 5, 1)), 0);
}

TEST(QualityIndexTest, FinancialYearFiguresRestartInApril) {
  std::mt19937 rng(5);
  Places places(&rng);
  QualityIndex ix(&places.h);
  const UnitId v = places.villages[0];
  ix.AddSource(1, v, kNoUnit, Date::FromCivil(2023, 1, 1));
  ix.AddSample(1, v, kNoUnit, 1, SampleMethod::kLab,
               Date::FromCivil(2023, 5, 10));
  ix.SampleTested(1, Date::FromCivil(2023, 5, 12));
  ix.SampleFinal(1, Date::FromCivil(2023, 5, 14), {true, true, {}});
  ix.Finish();
  for (UnitId u : {kIndia, v}) {
    QualitySummary s = ix.Summary(u, Date::FromCivil(2023, 5, 10));
    EXPECT_EQ(s.sources, 1);
    EXPECT_EQ(s.sources_tested_chemical, 1);
    EXPECT_EQ(s.sources_bact_pre_monsoon, 1);
    EXPECT_EQ(s.sources_bact_post_monsoon, 0);
    EXPECT_EQ(s.villages_lab, 1);
    EXPECT_EQ(s.tested, 0);
    s = ix.Summary(u, Date::FromCivil(2024, 3, 31));
    EXPECT_EQ(s.sources_tested_chemical, 1);
    EXPECT_EQ(s.tested, 1);
    s = ix.Summary(u, Date::FromCivil(2024, 4, 1));
    EXPECT_EQ(s.sources_tested_chemical, 0);
    EXPECT_EQ(s.villages_lab, 0);
    EXPECT_EQ(s.samples, 1);
  }
  // A post-monsoon test written after start-up.
  ix.AddSample(2, v, kNoUnit, 1, SampleMethod::kLab,
               Date::FromCivil(2023, 11, 2));
  ix.SampleFinal(2, Date::FromCivil(2023, 11, 5), {false, true, {}});
  EXPECT_EQ(
      ix.Summary(kIndia, Date::FromCivil(2024, 1, 1)).sources_bact_post_monsoon,
      1);
  EXPECT_EQ(
      ix.Summary(kIndia, Date::FromCivil(2024, 1, 1)).sources_tested_chemical,
      1);
}

}  // namespace
}  // namespace jjm
