// Demo data for sources and their sustainability, on the water-quality
// demo's sources (SeedQualityDemo runs before the operations demo): five
// monsoon years of pre- and post-monsoon groundwater levels for the
// ground sources (a few falling by more than a metre in the latest year),
// yields, dry spells (a few still dry), recharge works paid by MGNREGS,
// Finance Commission grants or other schemes, and greywater structures.
// One audited transaction.
#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "operations/operations_internal.h"
#include "store/audited_write.h"

namespace jjm {
namespace {

struct Rng {
  explicit Rng(uint64_t seed) : e(seed) {}
  uint64_t Below(uint64_t n) { return n <= 1 ? 0 : e() % n; }
  double Unit() { return static_cast<double>(e() >> 11) * 0x1.0p-53; }
  std::mt19937_64 e;
};

bool Ground(const std::string& type) {
  return type == "borewell" || type == "tube_well" || type == "open_well" ||
         type == "hand_pump";
}

double Round2(double m) { return std::round(m * 100) / 100; }

}  // namespace

Status SeedSourcesDemo(OperationsService::Impl& I, uint64_t seed, Date today,
                       std::FILE* log) {
  std::vector<WqSourceRef> sources;
  {
    JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
    JJM_ASSIGN_OR_RETURN(sources, OperationsStore(lease.db()).AllSources());
  }
  std::erase_if(sources, [](const WqSourceRef& s) { return !Ground(s.type); });
  // At most 3000, spread over the register (every k-th).
  constexpr size_t kMost = 3000;
  if (sources.size() > kMost) {
    const size_t k = (sources.size() + kMost - 1) / kMost;
    std::vector<WqSourceRef> some;
    for (size_t i = 0; i < sources.size(); i += k) some.push_back(sources[i]);
    sources = std::move(some);
  }
  if (sources.empty()) {
    if (log != nullptr) {
      std::fprintf(log,
                   "operations demo: no ground sources in the water-quality "
                   "register, so no groundwater levels\n");
    }
    return Status::Ok();
  }
  Rng rng(seed ^ 0x50a7ceULL);
  const std::string now = OpsNow();
  const std::string by = "system:demo";
  // The latest monsoon year with a post-monsoon reading by today (taken in
  // November).
  const int latest = today.month() >= 12 ? today.year() : today.year() - 1;
  std::vector<SourceLevelRow> levels;
  std::vector<SourceYieldRow> yields;
  std::vector<DrySpellRow> spells;
  std::set<int64_t> villages;
  for (size_t i = 0; i < sources.size(); ++i) {
    const WqSourceRef& s = sources[i];
    villages.insert(s.village_id);
    const bool falling = i % 7 == 3;  // about one in seven
    double post = 4 + (rng.Unit() * 30);
    for (int y = latest - 4; y <= latest; ++y) {
      // Stable within half a metre a year; the falling ones 1.2 to 3 m in
      // the latest year.
      double change = (rng.Unit() - 0.5);
      if (falling && y == latest) change = 1.2 + (rng.Unit() * 1.8);
      post = std::max(0.5, post + change);
      const double pre = post + 2 + (rng.Unit() * 2);
      const Date pre_day = Date::FromCivil(y, 5, 10 + rng.Below(15));
      const Date post_day = Date::FromCivil(y, 11, 5 + rng.Below(20));
      auto add = [&](Date d, const char* season, double m) {
        if (d > today) return;
        SourceLevelRow r;
        r.source_id = s.id;
        r.day = d.days();
        r.season = season;
        r.depth_m = Round2(m);
        r.recorded_at = now;
        r.recorded_by = by;
        levels.push_back(r);
      };
      add(pre_day, "pre_monsoon", pre);
      add(post_day, "post_monsoon", post);
      if (post_day <= today) {
        SourceYieldRow yr;
        yr.source_id = s.id;
        yr.day = post_day.days();
        yr.litres_per_hour =
            static_cast<int64_t>(500 + rng.Below(4500)) / 10 * 10;
        yr.recorded_at = now;
        yr.recorded_by = by;
        yields.push_back(yr);
      }
    }
    if (i % 11 == 5) {  // dried in a summer, revived with the monsoon
      DrySpellRow d;
      d.source_id = s.id;
      const int y = latest - static_cast<int>(rng.Below(3));
      d.dried_day = Date::FromCivil(y, 5, 1 + rng.Below(25)).days();
      d.revived_day = Date::FromCivil(y, 7, 1 + rng.Below(25)).days();
      d.note = "dried in the summer";
      d.recorded_at = now;
      d.recorded_by = by;
      spells.push_back(d);
    }
  }
  // A few dry now, for some weeks.
  for (size_t i = 9; i < sources.size(); i += 40) {
    DrySpellRow d;
    d.source_id = sources[i].id;
    d.dried_day = today.days() - 20 - static_cast<int64_t>(i % 30);
    d.note = "dry; the village is on tankers";
    d.recorded_at = now;
    d.recorded_by = by;
    bool clash = false;
    for (const DrySpellRow& o : spells) {
      if (o.source_id == d.source_id) clash = true;
    }
    if (!clash) spells.push_back(d);
  }
  static const char* kWork[] = {"recharge_pit", "check_dam", "pond_renovation",
                                "rooftop_harvesting", "other"};
  static const char* kGrey[] = {"soak_pit", "leach_pit", "magic_pit",
                                "stabilisation_pond", "other"};
  std::vector<RechargeWorkRow> works;
  std::vector<GreywaterRow> greywater;
  size_t k = 0;
  for (int64_t v : villages) {
    const int32_t hh = I.Places([&](const Hierarchy&, const CoverageIndex& x) {
      return x.At(static_cast<UnitId>(v), today).total_hh;
    });
    auto paid = [&](std::string* by_scheme, std::string* note) {
      const double u = rng.Unit();
      *by_scheme = u < 0.6   ? "mgnregs"
                   : u < 0.9 ? "finance_commission"
                             : "other";
      if (*by_scheme == "other") *note = rng.Below(2) ? "CSR" : "state scheme";
    };
    if (k % 3 == 0) {
      RechargeWorkRow w;
      w.village_id = v;
      for (const WqSourceRef& s : sources) {
        if (s.village_id == v && rng.Below(2)) w.source_id = s.id;
      }
      w.kind = kWork[rng.Below(5)];
      if (w.kind == "other") w.note = "contour trenches";
      w.started_day = today.days() - 60 - static_cast<int64_t>(rng.Below(900));
      if (rng.Unit() < 0.8)
        w.completed_day = w.started_day + 30 + rng.Below(90);
      if (w.completed_day && *w.completed_day > today.days()) {
        w.completed_day.reset();
      }
      w.cost_paise =
          (50'000 + static_cast<int64_t>(rng.Below(1'450'000))) * 100;
      paid(&w.paid_by, &w.paid_by_note);
      w.recorded_at = now;
      w.recorded_by = by;
      works.push_back(w);
    }
    if (k % 2 == 0 && hh > 0) {
      GreywaterRow g;
      g.village_id = v;
      g.kind = kGrey[rng.Below(rng.Unit() < 0.7 ? 1 : 5)];
      g.count = 1 + static_cast<int64_t>(rng.Below(40));
      g.households_served =
          std::min<int64_t>(hh, g.kind == "soak_pit" ? g.count : hh / 2);
      g.completed_day = today.days() - static_cast<int64_t>(rng.Below(700));
      g.cost_paise =
          g.count * (3'000 + static_cast<int64_t>(rng.Below(9'000))) * 100;
      paid(&g.paid_by, &g.paid_by_note);
      g.recorded_at = now;
      g.recorded_by = by;
      greywater.push_back(g);
    }
    ++k;
  }
  AuditRow audit;
  audit.actor = by;
  audit.action = "operations.demo.sources";
  audit.entity = "operations";
  audit.unit_path = "IN";
  audit.after = Json{{"levels", levels.size()},
                     {"yields", yields.size()},
                     {"dry_spells", spells.size()},
                     {"recharge_works", works.size()},
                     {"greywater", greywater.size()}}
                    .dump();
  {
    MutexLock lock(&I.write_mutex());
    OperationsStore s = I.writer();
    JJM_RETURN_IF_ERROR(WriteWithAudit(s.db(), audit, [&]() -> Status {
      for (const SourceLevelRow& r : levels) {
        JJM_RETURN_IF_ERROR(s.AddLevel(r).status());
      }
      for (const SourceYieldRow& r : yields) {
        JJM_RETURN_IF_ERROR(s.AddYield(r).status());
      }
      for (const DrySpellRow& r : spells) {
        JJM_RETURN_IF_ERROR(s.AddDrySpell(r).status());
      }
      for (const RechargeWorkRow& r : works) {
        JJM_RETURN_IF_ERROR(s.AddRechargeWork(r).status());
      }
      for (const GreywaterRow& r : greywater) {
        JJM_RETURN_IF_ERROR(s.AddGreywater(r).status());
      }
      return Status::Ok();
    }));
    JJM_RETURN_IF_ERROR(I.Load());
  }
  if (log != nullptr) {
    std::fprintf(log,
                 "operations demo: %zu sources with %zu levels, %zu yields, "
                 "%zu dry spells; %zu recharge works, %zu greywater\n",
                 sources.size(), levels.size(), yields.size(), spells.size(),
                 works.size(), greywater.size());
  }
  return Status::Ok();
}

}  // namespace jjm
