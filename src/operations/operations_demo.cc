// Demo data for the village's own side, written through the store in one
// audited transaction: committees for a share of the villages (some not
// meeting the guidelines), a year of complaints with realistic categories
// and resolution times (the clock then records the escalations that were
// due, some are overdue now), and breakdowns (some still open).
#include <algorithm>
#include <random>

#include "accounts/crypto.h"
#include "operations/operations_internal.h"
#include "store/audited_write.h"

namespace jjm {
namespace {

// Random numbers from the engine alone (distributions differ across
// standard libraries; the engine does not).
struct DemoRng {
  explicit DemoRng(uint64_t seed) : e(seed) {}
  uint64_t Below(uint64_t n) { return n <= 1 ? 0 : e() % n; }
  double Unit() { return static_cast<double>(e() >> 11) * 0x1.0p-53; }
  std::mt19937_64 e;
};

const char* kFemale[] = {"Sunita", "Kamla",  "Rekha",  "Savitri", "Meena",
                         "Geeta",  "Anita",  "Pushpa", "Lakshmi", "Radha",
                         "Sarita", "Kavita", "Asha",   "Usha",    "Shanti"};
const char* kMale[] = {"Ramesh", "Suresh", "Mahesh",  "Rajesh", "Mukesh",
                       "Dinesh", "Ganesh", "Prakash", "Ashok",  "Vijay"};
const char* kSurname[] = {"Devi",  "Kumar", "Singh", "Yadav", "Patel",
                          "Meena", "Verma", "Gond",  "Bai",   "Munda"};

// A year of O&M accounts, to last month, of a committee whose village has
// `hh` households: a tariff of Rs 30-100, a collection efficiency of its
// own (40-100%) varying month to month, the operator's pay, electricity,
// chemicals, now and then a repair (some months end in deficit).
std::vector<OmAccountRow> DemoAccounts(DemoRng& rng, int64_t committee,
                                       int32_t hh, Date today,
                                       const std::string& now,
                                       const std::string& by) {
  std::vector<OmAccountRow> out;
  const int64_t tariff = 100 * (30 + 5 * static_cast<int64_t>(rng.Below(15)));
  const int64_t charged = std::max<int64_t>(
      1, hh * (70 + static_cast<int64_t>(rng.Below(31))) / 100);
  const double base = 0.4 + 0.6 * rng.Unit();
  const int64_t pay = 100 * (1500 + 250 * static_cast<int64_t>(rng.Below(11)));
  const int32_t last = MonthOfDay(today.days()) - 1;
  for (int32_t m = last - 11; m <= last; ++m) {
    OmAccountRow r;
    r.committee_id = committee;
    r.month = m;
    r.version = 1;
    r.households = charged;
    r.tariff_paise = tariff;
    const double e = std::clamp(base + (rng.Unit() - 0.5) * 0.2, 0.3, 1.05);
    r.collected_paise =
        static_cast<int64_t>(e * static_cast<double>(charged * tariff)) / 100 *
        100;
    const int64_t demand = charged * tariff;
    r.spent_paise[0] = pay;
    r.spent_paise[1] =
        demand * (15 + static_cast<int64_t>(rng.Below(25))) / 100 / 100 * 100;
    r.spent_paise[2] =
        rng.Unit() < 0.12
            ? 100 * (2000 + 500 * static_cast<int64_t>(rng.Below(20)))
            : 0;
    r.spent_paise[3] = 100 * (100 + 50 * static_cast<int64_t>(rng.Below(8)));
    r.spent_paise[4] =
        rng.Unit() < 0.3 ? 100 * (50 * static_cast<int64_t>(rng.Below(10))) : 0;
    r.recorded_at = now;
    r.recorded_by = by;
    out.push_back(r);
  }
  return out;
}

}  // namespace

Status OperationsService::SeedDemo(uint64_t seed, Date today, std::FILE* log) {
  Impl& I = *impl_;
  const bool any = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    return !I.locked_committees().empty() || !I.locked_complaints().empty();
  });
  if (any) {
    return FailedPrecondition(
        "the database already holds committees or complaints: demo data goes "
        "only into a database without any");
  }
  DemoRng rng(seed ^ 0x0e5a11ULL);
  std::vector<std::pair<UnitId, int32_t>> villages;  // with households
  I.Places([&](const Hierarchy& h, const CoverageIndex& x) {
    h.ForEachVillage(kIndia, [&](UnitId v) {
      const int32_t hh = x.At(v, today).total_hh;
      if (hh > 0) villages.emplace_back(v, hh);
    });
    return 0;
  });
  const std::string now = OpsNow();
  const std::string by = "system:demo";
  const int64_t now_s = (static_cast<int64_t>(today.days()) * 86400) + 36000;
  struct DemoCommittee {
    int32_t households = 0;
    CommitteeRow row;
    std::vector<MemberRow> members;
  };
  std::vector<DemoCommittee> committees;
  std::vector<std::pair<ComplaintRow, std::vector<ComplaintEventRow>>>
      complaints;
  std::vector<BreakdownRow> breakdowns;
  const size_t want = std::min<size_t>(villages.size() / 3, 3000);
  {  // a reader for the villages' facts, given back before writing
    JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
    for (size_t i = 0; i < want; ++i) {
      const size_t k = i * villages.size() / std::max<size_t>(want, 1);
      const UnitId v = villages[k].first;
      // The village's SC and ST shares, which the committee mirrors.
      JJM_ASSIGN_OR_RETURN(VillageFacts f,
                           I.coverage_->LatestFacts(lease.db(), v));
      const double scp =
          static_cast<double>(f.latest.sc_population.value_or(0));
      const double stp =
          static_cast<double>(f.latest.st_population.value_or(0));
      const double all =
          scp + stp +
          static_cast<double>(f.latest.general_population.value_or(0));
      DemoCommittee c;
      c.households = villages[k].second;
      c.row.unit_id = v;
      c.row.name = I.Places([&](const Hierarchy& h, const CoverageIndex&) {
        return h.Get(v).name;
      }) + " Paani Samiti";
      c.row.formed_day = Date::FromCivil(2020, 1, 1).days() +
                         static_cast<int64_t>(rng.Below(900));
      c.row.created_at = now;
      c.row.created_by = by;
      // Most committees follow the guidelines; about one in five does not
      // (too few women, too small, or no secretary).
      const double u = rng.Unit();
      int size = 10 + static_cast<int>(rng.Below(6));
      int women = (size + 1) / 2 + static_cast<int>(rng.Below(2));
      bool secretary = true;
      if (u < 0.08) {
        women = size / 2 - 2;
      } else if (u < 0.14) {
        size = 7 + static_cast<int>(rng.Below(3));
        women = (size + 1) / 2;
      } else if (u < 0.2) {
        secretary = false;
      }
      const int need_sc = all > 0 ? RequiredShare(scp / all, size) : 0;
      const int need_st = all > 0 ? RequiredShare(stp / all, size) : 0;
      for (int m = 0; m < size; ++m) {
        MemberRow r;
        const bool woman = m < women;
        r.name =
            std::string(woman ? kFemale[rng.Below(15)] : kMale[rng.Below(10)]) +
            " " + kSurname[rng.Below(10)];
        r.role = m == 0                ? "chair"
                 : m == 1 && secretary ? "secretary"
                 : m == size - 1       ? "operator"
                                       : "member";
        if (m == size - 1 && woman) r.role = "member";
        r.gender = woman ? "female" : "male";
        // Members from the end of the list are the SC and ST members the
        // village's shares ask for (every committee but the failing ones).
        const int from_end = size - 1 - m;
        r.social_group = from_end < need_sc             ? "sc"
                         : from_end < need_sc + need_st ? "st"
                                                        : "other";
        r.elected_member = m >= 2 && m < 2 + size / 4;
        r.joined_day = c.row.formed_day;
        r.created_at = now;
        r.created_by = by;
        c.members.push_back(r);
      }
      committees.push_back(std::move(c));
    }
  }
  // A year of complaints: about one village in six files one.
  static const char* kCats[] = {
      "no_supply",     "low_pressure", "irregular_supply", "contaminated_water",
      "leakage_burst", "broken_tap",   "billing",          "other"};
  static const double kCatShare[] = {0.25, 0.15, 0.15, 0.08,
                                     0.15, 0.12, 0.05, 0.05};
  static const char* kWhat[] = {"no water for three days",
                                "very low pressure at the tail end",
                                "water comes only every other day",
                                "yellowish water with a smell",
                                "pipe burst near the school",
                                "the tap in front of the house is broken",
                                "charged twice this month",
                                "the valve chamber is open and unsafe"};
  static const char* kDone[] = {"motor repaired and supply restored",
                                "valve adjusted at the tank",
                                "supply schedule restored",
                                "tank cleaned and chlorinated",
                                "pipe joint replaced",
                                "tap replaced",
                                "bill corrected",
                                "chamber covered"};
  for (size_t i = 0; i < villages.size(); i += 6) {
    const UnitId v = villages[i].first;
    ComplaintRow r;
    r.reference = "JJM-D" + std::to_string(100000 + complaints.size());
    r.secret_sha256 = Sha256Hex(RandomToken(18));
    r.village_id = v;
    double pick = rng.Unit();
    int cat = 0;
    while (cat < 7 && pick > kCatShare[cat]) pick -= kCatShare[cat++];
    r.category = kCats[cat];
    r.description = kWhat[cat];
    r.filed_at = now_s - static_cast<int64_t>(rng.Below(365 * 86400));
    r.filed_by = "public";
    std::vector<ComplaintEventRow> ev;
    auto add = [&](int64_t at, const char* kind, const char* level,
                   std::string note, const std::string& actor) {
      if (at > now_s) return false;
      ComplaintEventRow e;
      e.at = at;
      e.kind = kind;
      if (level != nullptr) e.level = level;
      e.note = std::move(note);
      e.actor = actor;
      ev.push_back(e);
      return true;
    };
    add(r.filed_at, "assigned", "committee",
        "to the village's committee and its operator", "jjm");
    if (cat == 3) {
      add(r.filed_at, "quality_test", nullptr,
          "a water-quality test of the village's water is asked for", "jjm");
    }
    // Time to resolve: mostly within a day or two, a tail of weeks.
    const double t = rng.Unit();
    const int64_t hours = t < 0.6 ? 4 + static_cast<int64_t>(rng.Below(30))
                          : t < 0.9
                              ? 30 + static_cast<int64_t>(rng.Below(70))
                              : 100 + static_cast<int64_t>(rng.Below(400));
    const int64_t start =
        r.filed_at + 3600 * (1 + static_cast<int64_t>(rng.Below(6)));
    if (add(start, "in_progress", nullptr, "", "operator:demo") &&
        add(std::max(start + 3600, r.filed_at + hours * 3600), "resolved",
            nullptr, kDone[cat], "operator:demo")) {
      const int64_t confirm =
          std::max(start + 3600, r.filed_at + hours * 3600) +
          3600 * (2 + static_cast<int64_t>(rng.Below(60)));
      if (rng.Unit() < 0.6) {
        add(confirm, "closed", nullptr, "the filer confirmed it is resolved",
            "filer");
      }
    }
    complaints.emplace_back(r, std::move(ev));
  }
  // Breakdowns: about one village in eight, a few still open.
  static const char* kReasons[] = {"power", "pump_failure", "pipe_burst",
                                   "source_dried", "other"};
  for (size_t i = 3; i < villages.size(); i += 8) {
    BreakdownRow b;
    b.village_id = villages[i].first;
    b.started_day = today.days() - static_cast<int64_t>(rng.Below(365));
    const int64_t len =
        1 + static_cast<int64_t>(rng.Below(rng.Unit() < 0.8 ? 4 : 20));
    if (b.started_day + len <= today.days() && rng.Unit() < 0.95) {
      b.ended_day = b.started_day + len;
    }
    b.reason = kReasons[rng.Below(5)];
    b.households_affected =
        std::max<int64_t>(1, villages[i].second * (20 + rng.Below(80)) / 100);
    b.recorded_at = now;
    b.recorded_by = by;
    breakdowns.push_back(b);
  }
  AuditRow audit;
  audit.actor = by;
  audit.action = "operations.demo";
  audit.entity = "operations";
  audit.unit_path = "IN";
  audit.after = Json{{"committees", committees.size()},
                     {"complaints", complaints.size()},
                     {"breakdowns", breakdowns.size()}}
                    .dump();
  size_t members = 0, events = 0, accounts = 0;
  DemoRng money_rng(seed ^ 0x0a11ceULL);
  {
    MutexLock lock(&I.write_mutex());
    OperationsStore s = I.writer();
    JJM_RETURN_IF_ERROR(WriteWithAudit(s.db(), audit, [&]() -> Status {
      for (DemoCommittee& c : committees) {
        JJM_ASSIGN_OR_RETURN(c.row.id, s.AddCommittee(c.row));
        for (MemberRow& m : c.members) {
          m.committee_id = c.row.id;
          JJM_ASSIGN_OR_RETURN(m.id, s.AddMember(m));
          ++members;
        }
      }
      for (auto& [r, ev] : complaints) {
        JJM_ASSIGN_OR_RETURN(r.id, s.AddComplaint(r));
        for (ComplaintEventRow& e : ev) {
          e.complaint_id = r.id;
          JJM_ASSIGN_OR_RETURN(e.id, s.AddComplaintEvent(e));
          ++events;
        }
      }
      for (BreakdownRow& b : breakdowns) {
        JJM_ASSIGN_OR_RETURN(b.id, s.AddBreakdown(b));
      }
      // O&M money: a year of accounts and, for some, an opening balance.
      for (const DemoCommittee& c : committees) {
        for (const OmAccountRow& a :
             DemoAccounts(money_rng, c.row.id, c.households, today, now, by)) {
          JJM_RETURN_IF_ERROR(s.AddOmAccount(a).status());
          ++accounts;
        }
        if (money_rng.Unit() < 0.5) {
          OmOpeningRow o{
              .committee_id = c.row.id,
              .version = 1,
              .opening_paise =
                  100 * (500 * static_cast<int64_t>(money_rng.Below(40))),
              .recorded_at = now,
              .recorded_by = by};
          JJM_RETURN_IF_ERROR(s.AddOmOpening(o).status());
        }
      }
      return Status::Ok();
    }));
    JJM_RETURN_IF_ERROR(I.Load());
  }
  // Sources' levels and works (operations_demo_sources.cc).
  JJM_RETURN_IF_ERROR(SeedSourcesDemo(I, seed, today, log));
  JJM_RETURN_IF_ERROR(SeedActionPlanDemo(I, seed, today));
  // The escalations and automatic closes that fell due meanwhile.
  JJM_ASSIGN_OR_RETURN(int64_t clock, RunClock(now_s));
  if (log != nullptr) {
    std::fprintf(log,
                 "operations demo: %zu committees (%zu members), %zu "
                 "complaints (%zu events, %lld by the clock), %zu "
                 "breakdowns, %zu monthly O&M accounts\n",
                 committees.size(), members, complaints.size(), events,
                 static_cast<long long>(clock), breakdowns.size(), accounts);
  }
  return Status::Ok();
}

}  // namespace jjm
