// Demo data for water supply, written through the store in a few
// transactions (each audited as one demo batch): Har Ghar Jal reports of
// the villages that reached full coverage, with a lag, Gram Sabha
// certifications (some returned, then resubmitted), schemes with assets
// and their condition history for a share of villages, service-level
// records, and one functionality survey round whose national estimates
// resemble the published 2024 assessment (86.5% working, 80.2% adequate,
// 83.6% regular, 76% potable).
#include <algorithm>
#include <cmath>

#include "accounts/crypto.h"
#include "store/audited_write.h"
#include "supply/supply_internal.h"

namespace jjm {
namespace {

int32_t FullSince(const VillageTimeline::Steps& s) {
  // The first day from which the village stays fully covered (kMaxDay if
  // it is not full at the end; the mission's launch if always full).
  auto full = [](const Metrics& m) {
    return m.total_hh > 0 && m.hh_with_tap >= m.total_hh &&
           m.schools_with_tap >= m.schools &&
           m.anganwadis_with_tap >= m.anganwadis;
  };
  if (!full(s.Final())) return kMaxDay;
  for (size_t i = s.steps.size(); i-- > 0;) {
    const Metrics& before = i == 0 ? s.base : s.steps[i - 1].second;
    if (!full(before)) return s.steps[i].first;
  }
  return JjmBaseline().days();
}

const char kDemoPdf[] = "%PDF-1.4\n% Gram Sabha resolution (demo)\n%%EOF\n";
const char kDemoMp4[] =
    "\x00\x00\x00\x18"
    "ftypmp42\x00\x00\x00\x00mp42isom";

}  // namespace

Status SeedSupplyDemo(SupplyService::Impl& I, uint64_t seed, Date today,
                      std::FILE* log);

Status SeedSupplyDemo(SupplyService::Impl& I, uint64_t seed, Date today,
                      std::FILE* log) {
  SurveyRng rng(seed, 9, 0);
  // 1. Who reached full coverage, and when.
  struct Candidate {
    UnitId village;
    int32_t full_since;
  };
  std::vector<Candidate> full;
  std::vector<UnitId> with_households;
  I.Places([&](const Hierarchy& h, const CoverageIndex& x) {
    h.ForEachVillage(kIndia, [&](UnitId v) {
      const auto steps = x.Village(v).ToSteps();
      if (steps.Final().total_hh > 0) with_households.push_back(v);
      const int32_t since = FullSince(steps);
      if (since <= today.days()) full.push_back({v, since});
    });
    return 0;
  });
  std::vector<HgjEventRow> events;
  std::vector<std::pair<size_t, UnitId>> need_docs;  // event index, village
  const std::string now = SupplyNow();
  const std::string by = "system:demo";
  auto day_of = [&](int64_t d) { return std::min<int64_t>(d, today.days()); };
  for (const Candidate& c : full) {
    if (rng.Unit() > 0.85) continue;  // not reported yet
    int64_t d = std::max<int64_t>(c.full_since, JjmBaseline().days()) + 7 +
                static_cast<int64_t>(rng.Below(60));
    if (d > today.days()) continue;
    HgjEventRow e;
    e.village_id = c.village;
    e.status = "reported";
    e.day = d;
    e.recorded_at = now;
    e.recorded_by = by;
    events.push_back(e);
    // About half are certified by their Gram Sabha, months later.
    if (rng.Unit() > 0.55) continue;
    int64_t gs = d + 20 + static_cast<int64_t>(rng.Below(150));
    int64_t sub = gs + 3 + static_cast<int64_t>(rng.Below(20));
    if (sub > today.days()) continue;
    HgjEventRow s = e;
    s.status = "submitted";
    s.day = sub;
    s.gram_sabha_day = gs;
    s.resolution_no =
        "GS/" + std::to_string(1 + rng.Below(40)) + "/" +
        Date::FromDays(static_cast<int32_t>(gs)).ToString().substr(0, 4);
    need_docs.emplace_back(events.size(), c.village);
    events.push_back(s);
    int64_t rev = sub + 7 + static_cast<int64_t>(rng.Below(40));
    if (rev > today.days()) continue;  // awaiting the district
    HgjEventRow r = e;
    r.day = rev;
    if (rng.Unit() < 0.1) {
      r.status = "returned";
      r.reason = "the video does not show the resolution being read out";
      events.push_back(r);
      HgjEventRow again = s;
      again.day = day_of(rev + 20 + static_cast<int64_t>(rng.Below(30)));
      if (again.day <= rev) continue;
      need_docs.emplace_back(events.size(), c.village);
      events.push_back(again);
      r.day = again.day + 10;
      r.reason.clear();
      if (r.day > today.days()) continue;
    }
    r.status = "certified";
    events.push_back(r);
  }
  // 2. Schemes and assets for a share of the villages: single-village
  // schemes, and multi-village ones over neighbours of a block.
  struct DemoScheme {
    SchemeRow row;
    SchemeLinks links;
  };
  std::vector<DemoScheme> schemes;
  const size_t want = std::min<size_t>(with_households.size() / 4, 4000);
  static const char* kAgencies[] = {"Public Health Engineering Department",
                                    "Rural Water Supply Department",
                                    "Jal Nigam", "Gram Panchayat"};
  for (size_t i = 0; i < want; ++i) {
    const size_t k = i * with_households.size() / std::max<size_t>(want, 1);
    DemoScheme s;
    const bool multi = i % 10 == 9 && k + 3 < with_households.size();
    s.row.code = "PWS" + std::to_string(100000 + i);
    s.row.kind = multi ? "multi_village" : "single_village";
    s.row.sanctioned_day = Date::FromCivil(2020, 1, 1).days() +
                           static_cast<int64_t>(rng.Below(1200));
    s.row.sanction_cost_lakh =
        std::round((multi ? 250 : 30) * (0.5 + rng.Unit()) * 100) / 100;
    s.row.agency = kAgencies[rng.Below(4)];
    const int64_t comm = s.row.sanctioned_day + 200 + rng.Below(500);
    if (comm <= today.days() && rng.Unit() < 0.8) {
      s.row.commissioned_day = comm;
      s.row.status = "commissioned";
    } else {
      s.row.status = "in_progress";
    }
    s.row.created_at = now;
    s.row.created_by = by;
    s.links.villages.push_back(with_households[k]);
    if (multi) {
      for (size_t j = 1; j <= 3; ++j) {
        s.links.villages.push_back(with_households[k + j]);
      }
    }
    schemes.push_back(std::move(s));
  }
  for (DemoScheme& s : schemes) {
    s.row.name = I.Places([&](const Hierarchy& h, const CoverageIndex&) {
      return h.Get(static_cast<UnitId>(s.links.villages.front())).name;
    }) + (s.row.kind == "multi_village" ? " group" : "") +
                 " piped water supply scheme";
  }
  // 3. Write it all: one transaction, one audit row.
  AuditRow audit;
  audit.actor = by;
  audit.action = "supply.demo";
  audit.entity = "supply";
  audit.unit_path = "IN";
  audit.after =
      Json{{"hgj_steps", events.size()}, {"schemes", schemes.size()}}.dump();
  size_t assets = 0, conditions = 0, levels = 0;
  MutexLock lock(&I.write_mutex());
  SupplyStore st = I.writer();
  JJM_RETURN_IF_ERROR(WriteWithAudit(st.db(), audit, [&]() -> Status {
    for (auto& [index, village] : need_docs) {
      HgjEventRow& e = events[index];
      SupplyDocumentRow d;
      d.owner = "hgj:" + std::to_string(village);
      d.uploaded_at = now;
      d.uploaded_by = by;
      d.name = "resolution.pdf";
      d.content_type = "application/pdf";
      std::string pdf(kDemoPdf, sizeof kDemoPdf - 1);
      d.size = static_cast<int64_t>(pdf.size());
      d.sha256 = Sha256Hex(pdf);
      d.data_base64 = EncodeBase64(pdf);
      JJM_ASSIGN_OR_RETURN(e.resolution_document_id, st.AddDocument(d));
      std::string mp4(kDemoMp4, sizeof kDemoMp4 - 1);
      d.name = "gram-sabha.mp4";
      d.content_type = "video/mp4";
      d.size = static_cast<int64_t>(mp4.size());
      d.sha256 = Sha256Hex(mp4);
      d.data_base64 = EncodeBase64(mp4);
      JJM_ASSIGN_OR_RETURN(e.video_document_id, st.AddDocument(d));
    }
    // Steps in day order, as they would have been recorded.
    std::stable_sort(events.begin(), events.end(),
                     [](const HgjEventRow& a, const HgjEventRow& b) {
                       return a.day < b.day;
                     });
    for (const HgjEventRow& e : events) {
      JJM_RETURN_IF_ERROR(st.AddHgjEvent(e).status());
    }
    static const char* kTypes[] = {"source_work",
                                   "pump",
                                   "rising_main",
                                   "overhead_tank",
                                   "distribution_pipeline",
                                   "household_connections",
                                   "chlorinator"};
    for (DemoScheme& s : schemes) {
      JJM_ASSIGN_OR_RETURN(s.row.id, st.AddScheme(s.row, s.links));
      if (!s.row.commissioned_day) continue;
      for (int64_t v : s.links.villages) {
        for (const char* type : kTypes) {
          AssetRow a;
          a.scheme_id = s.row.id;
          a.village_id = v;
          a.type = type;
          a.commissioned_day = *s.row.commissioned_day;
          if (a.type == "overhead_tank") {
            a.capacity = 25 + 25 * static_cast<double>(rng.Below(6));
            a.capacity_unit = "kl";
          } else if (a.type == "pump") {
            a.capacity = 5 + static_cast<double>(rng.Below(10));
            a.capacity_unit = "hp";
          }
          a.created_at = now;
          a.created_by = by;
          JJM_ASSIGN_OR_RETURN(a.id, st.AddAsset(a));
          ++assets;
          AssetConditionRow c;
          c.asset_id = a.id;
          c.day = *a.commissioned_day;
          c.condition = "working";
          c.recorded_at = now;
          c.recorded_by = by;
          JJM_RETURN_IF_ERROR(st.AddAssetCondition(c).status());
          ++conditions;
          const double u = rng.Unit();
          if (u < 0.12) {
            c.day = day_of(c.day + 90 + static_cast<int64_t>(rng.Below(600)));
            c.condition = u < 0.03 ? "not_working" : "partly_working";
            c.note = u < 0.03 ? "motor burnt out" : "leaks at joints";
            JJM_RETURN_IF_ERROR(st.AddAssetCondition(c).status());
            ++conditions;
            if (u < 0.08) {
              c.day = day_of(c.day + 10 + static_cast<int64_t>(rng.Below(40)));
              c.condition = "working";
              c.note = "repaired by the Paani Samiti";
              JJM_RETURN_IF_ERROR(st.AddAssetCondition(c).status());
              ++conditions;
            }
          }
        }
        // Service level from the scheme's records, twice a year.
        for (int64_t d = *s.row.commissioned_day + 30; d <= today.days();
             d += 182) {
          ServiceLevelRow l;
          l.village_id = v;
          l.day = d;
          l.lpcd = std::round((40 + 40 * rng.Unit()) * 10) / 10;
          l.note = "from the scheme's pumping log";
          l.recorded_at = now;
          l.recorded_by = by;
          JJM_RETURN_IF_ERROR(st.AddServiceLevel(l).status());
          ++levels;
        }
      }
    }
    return Status::Ok();
  }));
  if (log != nullptr) {
    std::fprintf(log,
                 "supply demo: %zu Har Ghar Jal steps, %zu schemes, %zu "
                 "assets, %zu conditions, %zu service-level records\n",
                 events.size(), schemes.size(), assets, conditions, levels);
  }
  return Status::Ok();
}

// The survey round: drawn through CreateRound (as of its start), then its
// households recorded in one transaction.
Status SeedSurveyDemo(SupplyService* svc, SupplyService::Impl& I, uint64_t seed,
                      Date today, std::FILE* log) {
  Date start = Date::FromCivil(2024, 9, 2);
  Date end = Date::FromCivil(2024, 11, 30);
  if (today < end) return Status::Ok();
  SupplyService::Caller c;
  c.command_line = true;
  c.actor = "system:demo";
  c.today = start;
  Json body{{"name", "Functionality assessment 2024 (demo)"},
            {"period_from", start.ToString()},
            {"period_to", end.ToString()},
            {"methodology",
             "Villages reported Har Ghar Jal drawn with probability "
             "proportional to households within each district (systematic "
             "PPS), then households by simple random sampling within each "
             "village. Per household: tap present, water in the last 7 days, "
             "quantity measured (litres per day and household size), "
             "regularity against the scheme's schedule, and a field test kit "
             "result. Estimates are weighted ratios with Taylor-linearised "
             "95% intervals, districts as strata and villages as clusters."},
            {"seed", static_cast<int64_t>(seed % 1000000)},
            {"villages_per_district", 4},
            {"households_per_village", 12},
            {"frame", "reported"}};
  auto round = svc->CreateRound(c, body);
  if (!round.ok()) {
    if (round.status().code() == StatusCode::kFailedPrecondition) {
      return Status::Ok();  // nothing reported by then at this scale
    }
    return round.status();
  }
  const int64_t id = (*round)["id"].get<int64_t>();
  std::vector<SurveyResponseRow> rows;
  I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    const RoundState& r = I.locked_rounds().at(id);
    for (const auto& [vid, v] : r.villages) {
      SurveyRng vr(seed, 7, vid);
      // A village effect: some schemes serve worse than others.
      const double bad = vr.Unit() < 0.12 ? 0.45 : 0.0;
      for (const SurveyHouseholdRow& hh : v.households) {
        SurveyResponseRow x;
        x.round_id = id;
        x.village_id = vid;
        x.household_no = hh.household_no;
        x.tap_present = vr.Unit() < 0.985;
        x.water_last_7_days = x.tap_present && vr.Unit() < 0.905 - bad * 0.5;
        x.household_size = 2 + static_cast<int64_t>(vr.Below(7));
        const double lpcd =
            x.water_last_7_days ? 52 + 60 * vr.Unit() - bad * 20 : 0;
        x.litres_per_day = std::round(std::max(0.0, lpcd) * x.household_size);
        x.promised_days = 7;
        x.days_per_week =
            x.water_last_7_days ? (vr.Unit() < 0.975 - bad * 0.1 ? 7 : 4) : 0;
        x.hours_per_day = x.water_last_7_days ? 1 + vr.Below(4) : 0;
        x.quality_method = "ftk";
        x.quality_result = vr.Unit() < 0.895 - bad * 0.3 ? "safe" : "unsafe";
        x.day = start.days() +
                static_cast<int64_t>(vr.Below(end.days() - start.days() + 1));
        x.recorded_at = SupplyNow();
        x.recorded_by = "system:demo";
        rows.push_back(x);
      }
    }
    return 0;
  });
  AuditRow audit;
  audit.actor = "system:demo";
  audit.action = "supply.demo.survey";
  audit.entity = "fa_round";
  audit.entity_id = std::to_string(id);
  audit.unit_path = "IN";
  audit.after = Json{{"households", rows.size()}}.dump();
  MutexLock lock(&I.write_mutex());
  SupplyStore st = I.writer();
  JJM_RETURN_IF_ERROR(WriteWithAudit(st.db(), audit, [&]() -> Status {
    for (const SurveyResponseRow& r : rows) {
      JJM_RETURN_IF_ERROR(st.AddResponse(r).status());
    }
    return Status::Ok();
  }));
  if (log != nullptr) {
    std::fprintf(log, "supply demo: survey round %lld, %zu households\n",
                 static_cast<long long>(id), rows.size());
  }
  return Status::Ok();
}

Status SupplyService::SeedDemo(uint64_t seed, Date today, std::FILE* log) {
  const bool any = impl_->Shared([&](const Hierarchy&, const CoverageIndex&) {
    return !impl_->locked_hgj().Villages().empty() ||
           !impl_->locked_schemes().empty() || !impl_->locked_rounds().empty();
  });
  if (any) {
    return FailedPrecondition(
        "the database already holds water-supply data: demo data goes only "
        "into a database without any");
  }
  JJM_RETURN_IF_ERROR(SeedSupplyDemo(*impl_, seed, today, log));
  // The round draws from the reported villages: load what was written.
  JJM_RETURN_IF_ERROR(impl_->Reload());
  return SeedSurveyDemo(this, *impl_, seed, today, log);
}

}  // namespace jjm
