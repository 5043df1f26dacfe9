// Loading the water-quality demo data (quality_import.h): the generated
// files through the importers, then what follows the alerts (remedial
// actions, completed ones, passing retests), the trained women of the
// villages and a few FTK tester accounts, all through the quality service.
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "accounts/account_service.h"
#include "base/csv.h"
#include "base/strings.h"
#include "io/generate_internal.h"
#include "io/quality_import.h"
#include "store/quality_store.h"

namespace jjm {
namespace {

// Trained women recorded one by one (each call is a transaction): enough
// for the demo's pages without making the first start slow.
constexpr int kMaxTesters = 8000;
// FTK tester and lab analyst accounts (no password; an administrator sets
// one).
constexpr int kTesterAccounts = 5;
constexpr int kAnalystAccounts = 3;
// Lab confirmations of positive FTK tests (four steps each): one for about
// 50 villages.
constexpr int kVillagesPerConfirmation = 50;

// Whether accounts can be bound to a lab (NewUser::lab_code).
template <typename U>
constexpr bool kLabAccounts = requires(U u) {
  u.lab_code = "";
};
template <typename U>
void SetLab(U* u, const std::string& code) {
  if constexpr (kLabAccounts<U>) u->lab_code = code;
}

using OpenAlert = DemoAlertRow;
using FtkAlert = DemoAlertRow;

const char* ActionFor(const std::string& contaminant, gen::Rng& rng) {
  if (contaminant == "bacteriological") return "disinfection";
  static const char* kArsenic[] = {"treatment_unit", "cwpp", "source_changed",
                                   "advisory"};
  static const char* kIron[] = {"treatment_unit", "source_changed"};
  static const char* kSalt[] = {"source_changed", "cwpp", "advisory"};
  if (contaminant == "arsenic" || contaminant == "fluoride") {
    return kArsenic[rng.Below(4)];
  }
  if (contaminant == "iron") return kIron[rng.Below(2)];
  if (contaminant == "salinity" || contaminant == "nitrate") {
    return kSalt[rng.Below(3)];
  }
  if (contaminant == "heavy_metals") return "source_changed";
  return "other";
}

// A passing test of every parameter a lab of `level` tests.
std::vector<LabReportInput::Value> CleanPanel(const std::string& level,
                                              gen::Rng& rng) {
  auto num = [&](double lo, double hi, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals,
                  lo + (hi - lo) * rng.Uniform());
    return std::string(buf);
  };
  std::vector<LabReportInput::Value> v = {
      {"ph", "pH", num(6.9, 7.9, 1), "ph"},
      {"turbidity", "NTU", num(0.1, 0.8, 1), "turbidity"},
      {"tds", "mg/l", num(150, 450, 0), "tds"},
      {"total_hardness", "mg/l", num(80, 180, 0), "total_hardness"},
      {"total_alkalinity", "mg/l", num(80, 180, 0), "total_alkalinity"},
      {"chloride", "mg/l", num(20, 180, 0), "chloride"},
      {"sulphate", "mg/l", num(10, 120, 0), "sulphate"},
      {"magnesium", "mg/l", num(5, 25, 1), "magnesium"},
      {"nitrate", "mg/l", num(2, 25, 1), "nitrate"},
      {"fluoride", "mg/l", num(0.1, 0.8, 2), "fluoride"},
      {"iron", "mg/l", num(0.02, 0.15, 2), "iron"},
      {"manganese", "mg/l", num(0.005, 0.04, 3), "manganese"},
      {"arsenic", "mg/l", num(0.001, 0.006, 3), "arsenic"},
      {"total_coliform", "per 100 ml", "absent", "total_coliform"},
      {"e_coli", "per 100 ml", "absent", "e_coli"},
  };
  if (level == "state" || level == "district") {
    v.push_back({"lead", "mg/l", num(0.001, 0.005, 3), "lead"});
  }
  return v;
}

Status Ok(const StatusOr<Json>& r, const std::string& what) {
  if (r.ok()) return Status::Ok();
  return Status(r.status().code(),
                "quality demo, " + what + ": " + r.status().message());
}

struct Village {
  std::string code;
  int64_t population = 0;
};

StatusOr<std::vector<Village>> ReadVillages(const std::string& path) {
  JJM_ASSIGN_OR_RETURN(auto r, CsvReader::Open(path));
  std::vector<std::string_view> f;
  JJM_RETURN_IF_ERROR(r->Next(&f).status());
  std::vector<Village> out;
  while (true) {
    JJM_ASSIGN_OR_RETURN(bool more, r->Next(&f));
    if (!more) break;
    if (f.size() < 20) continue;
    Village v;
    v.code = f[8];
    for (int c : {17, 18, 19}) v.population += ParseInt(f[c]).value_or(0);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

Status LoadQualityDemo(const std::string& dir, QualityService* svc, Db* db,
                       CoverageService* coverage, Date today, std::FILE* log) {
  if (!std::filesystem::exists(dir + "/labs.csv")) return Status::Ok();
  ImportOptions opt;
  opt.commit = true;
  opt.recorded_by = "system:demo";
  opt.today = today;
  using Importer = StatusOr<ImportReport> (*)(
      QualityService*, const std::string&, const ImportOptions&);
  const std::pair<const char*, Importer> files[] = {
      {"labs.csv", &ImportQualityLabs},
      {"sources.csv", &ImportQualitySources},
      {"quality-results.csv", &ImportQualityResults}};
  auto t0 = std::chrono::steady_clock::now();
  // Seconds since the last call.
  auto lap = [&] {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - t0).count();
    t0 = now;
    return s;
  };
  for (const auto& [file, import] : files) {
    StatusOr<ImportReport> r = import(svc, dir + "/" + file, opt);
    if (!r.ok()) return r.status();
    if (log != nullptr) {
      std::fprintf(log, "%s: %s rows, %s in %.2f s\n", file,
                   IndianGrouped(r->rows_accepted).c_str(),
                   r->committed ? "committed" : "not committed", lap());
    }
    if (!r->rejections().empty() || !r->committed) {
      r->Print(log != nullptr ? log : stderr, 10);
      return FailedPrecondition(std::string(file) + " has rejected rows");
    }
  }
  const QualityService::Caller caller = CommandLineCaller(opt);
  gen::Rng rng(0x9a11e7ull ^ static_cast<uint64_t>(today.days()));

  // Remedial actions on about 60% of the lab alerts, 70% of them done, and
  // a passing retest after three in four of those (which closes the alert).
  int64_t actions = 0, done = 0;
  std::vector<LabReportInput> retests;
  if (db != nullptr) {
    JJM_ASSIGN_OR_RETURN(std::vector<OpenAlert> alerts,
                         QualityStore(db).OpenLabAlertsForDemo());
    for (const OpenAlert& a : alerts) {
      if (rng.Uniform() >= 0.6) continue;
      const Date opened = Date::FromDays(a.opened_day);
      const Date started =
          std::min(opened + static_cast<int32_t>(1 + rng.Below(10)), today);
      auto action = svc->AddRemedialAction(
          caller, a.id,
          {{"kind", ActionFor(a.contaminant, rng)},
           {"started_on", started.ToString()},
           {"note", "demo: action on the " + a.contaminant + " alert"}});
      JJM_RETURN_IF_ERROR(Ok(action, "remedial action"));
      ++actions;
      const Date finished = started + static_cast<int32_t>(3 + rng.Below(40));
      if (rng.Uniform() >= 0.7 || finished >= today) continue;
      const int64_t action_id = (*action).value("id", int64_t{0});
      auto completed = svc->CompleteRemedialAction(
          caller, action_id, {{"done_on", finished.ToString()}});
      JJM_RETURN_IF_ERROR(Ok(completed, "completing an action"));
      ++done;
      const Date collected = finished + static_cast<int32_t>(1 + rng.Below(20));
      if (rng.Uniform() >= 0.75 || collected + 5 > today) continue;
      LabReportInput r;
      r.line = static_cast<int64_t>(retests.size()) + 1;
      r.sample_code = "RT-" + std::to_string(a.id);
      r.lab_code = a.lab;
      r.source_code = a.source;
      r.method = "lab";
      r.collected_on = collected.ToString();
      r.tested_on =
          (collected + static_cast<int32_t>(1 + rng.Below(5))).ToString();
      r.collected_by = "Jal Sahiya";
      r.tested_by = "Demo analyst";
      r.values = CleanPanel(a.level, rng);
      retests.push_back(std::move(r));
    }
  }
  if (log != nullptr) {
    std::fprintf(log, "quality demo: remedial actions in %.2f s\n", lap());
  }
  int64_t retested = 0, closed_before = 0;
  if (!retests.empty()) {
    JJM_ASSIGN_OR_RETURN(
        BulkOutcome out,
        svc->RecordLabReports(caller, retests, /*commit=*/true,
                              /*skip_invalid=*/true, "demo retests"));
    retested = out.accepted;
    for (const ReportRejection& r : out.rejected) {
      if (log != nullptr && closed_before++ < 5) {
        std::fprintf(log, "quality demo: retest %lld refused: %s %s\n",
                     static_cast<long long>(r.line), r.field.c_str(),
                     r.reason.c_str());
      }
    }
  }

  if (log != nullptr) {
    std::fprintf(log, "quality demo: retests in %.2f s\n", lap());
  }
  // Lab confirmations of some positive FTK tests: a lab sample of the same
  // source that passes, which clears the FTK alert.
  int64_t confirmed = 0;
  JJM_ASSIGN_OR_RETURN(std::vector<Village> villages,
                       ReadVillages(dir + "/villages.csv"));
  const int64_t max_confirmations = std::max<int64_t>(
      10, static_cast<int64_t>(villages.size()) / kVillagesPerConfirmation);
  if (db != nullptr) {
    JJM_ASSIGN_OR_RETURN(std::vector<FtkAlert> ftk,
                         QualityStore(db).OpenFtkAlertsForDemo());
    for (const FtkAlert& a : ftk) {
      if (confirmed >= max_confirmations) break;
      if (rng.Uniform() >= 0.4) continue;
      const Date collected = Date::FromDays(a.opened_day) +
                             static_cast<int32_t>(1 + rng.Below(10));
      const Date tested = collected + static_cast<int32_t>(1 + rng.Below(4));
      if (tested > today) continue;
      auto sample =
          svc->RegisterSample(caller, {{"method", "lab"},
                                       {"lab", a.lab},
                                       {"source", a.source},
                                       {"collected_on", collected.ToString()},
                                       {"collected_by", "Jal Sahiya"},
                                       {"parent", a.sample},
                                       {"reason", "confirmation"}});
      JJM_RETURN_IF_ERROR(Ok(sample, "confirmation"));
      const int64_t id = (*sample).value("id", int64_t{0});
      Json results = Json::array();
      for (const LabReportInput::Value& v : CleanPanel(a.level, rng)) {
        Json r = {{"parameter", v.parameter}, {"unit", v.unit}};
        if (v.value == "absent") {
          r["detected"] = false;
        } else {
          r["value"] = std::stod(v.value);
        }
        results.push_back(std::move(r));
      }
      const Json steps[] = {
          {{"kind", "received"}, {"on", collected.ToString()}},
          {{"kind", "tested"}, {"on", tested.ToString()}, {"results", results}},
          {{"kind", "final"}, {"on", tested.ToString()}}};
      for (const Json& step : steps) {
        JJM_RETURN_IF_ERROR(
            Ok(svc->AddSampleEvent(caller, id, step), "confirmation step"));
      }
      ++confirmed;
    }
  }

  if (log != nullptr) {
    std::fprintf(log, "quality demo: confirmations in %.2f s\n", lap());
  }
  // Women trained to use field test kits: 2 a village (5 above 1,000
  // people) in about 70% of villages, fewer elsewhere; a few with
  // accounts.
  int64_t testers = 0, accounts_made = 0;
  std::unique_ptr<AccountService> accounts;
  if (db != nullptr && coverage != nullptr) {
    auto a = AccountService::Load(db, coverage);
    if (a.ok()) accounts = std::move(*a);
  }
  static const char* kNames[] = {"Sunita", "Anita", "Rekha",  "Savitri",
                                 "Kamla",  "Geeta", "Meena",  "Lalita",
                                 "Pushpa", "Radha", "Sarita", "Usha"};
  static const char* kSurnames[] = {"Devi", "Kumari", "Bai",   "Yadav",
                                    "Das",  "Naik",   "Behera"};
  const size_t stride = std::max<size_t>(1, villages.size() * 3 / kMaxTesters);
  for (size_t vi = 0; vi < villages.size() && testers < kMaxTesters;
       vi += stride) {
    const Village& v = villages[vi];
    const int needed = v.population > 1000 ? 5 : 2;
    const int n =
        rng.Uniform() < 0.7 ? needed : static_cast<int>(rng.Below(needed));
    for (int k = 0; k < n; ++k) {
      std::string name = std::string(kNames[rng.Below(std::size(kNames))]) +
                         " " + kSurnames[rng.Below(std::size(kSurnames))];
      const Date trained =
          Date::FromCivil(2020, 1, 1) + static_cast<int32_t>(rng.Below(1700));
      Json body = {{"village", v.code},
                   {"name", name},
                   {"trained_on", trained.ToString()}};
      if (accounts != nullptr && k == 0 && accounts_made < kTesterAccounts) {
        NewUser u;
        u.username = "ftk." + std::to_string(accounts_made + 1);
        u.display_name = name;
        u.role = "ftk_tester";
        u.unit_code = v.code;
        if (accounts->CreateUser(nullptr, u, "").ok()) {
          body["username"] = u.username;
          ++accounts_made;
        }
      }
      JJM_RETURN_IF_ERROR(Ok(svc->AddTrainedTester(caller, body), "tester"));
      ++testers;
    }
  }
  if (log != nullptr) {
    std::fprintf(log, "quality demo: trained women in %.2f s\n", lap());
  }
  // Lab analysts of the first district labs.
  int64_t analysts = 0;
  if constexpr (kLabAccounts<NewUser>) {
    if (accounts != nullptr) {
      JJM_ASSIGN_OR_RETURN(auto labs, QualityStore(db).FirstLabsOfLevel(
                                          "district", kAnalystAccounts));
      for (const auto& [code, name] : labs) {
        NewUser u;
        u.username = "analyst." + std::to_string(analysts + 1);
        u.display_name = "Analyst, " + name;
        u.role = "lab_analyst";
        SetLab(&u, code);
        if (accounts->CreateUser(nullptr, u, "").ok()) ++analysts;
      }
    }
  }
  if (log != nullptr) {
    std::fprintf(
        log,
        "quality demo: %lld remedial actions (%lld done), %lld "
        "retests, %lld FTK results confirmed by a lab, %lld trained "
        "women, %lld FTK tester and %lld lab analyst accounts\n",
        static_cast<long long>(actions), static_cast<long long>(done),
        static_cast<long long>(retested), static_cast<long long>(confirmed),
        static_cast<long long>(testers), static_cast<long long>(accounts_made),
        static_cast<long long>(analysts));
  }
  return Status::Ok();
}

Status SeedQualityDemo(const std::string& dir, Db* db,
                       CoverageService* coverage, Date today, std::FILE* log) {
  if (!std::filesystem::exists(dir + "/labs.csv")) return Status::Ok();
  const auto t0 = std::chrono::steady_clock::now();
  JJM_ASSIGN_OR_RETURN(auto quality, QualityService::Open(db, coverage));
  JJM_RETURN_IF_ERROR(
      LoadQualityDemo(dir, quality.get(), db, coverage, today, log));
  if (log != nullptr) {
    std::fprintf(
        log, "jjm: water-quality demo data loaded in %.1f s\n",
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count());
  }
  return Status::Ok();
}

}  // namespace jjm
