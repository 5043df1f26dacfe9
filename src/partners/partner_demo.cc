#include "partners/partner_demo.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <stdexcept>

#include "accounts/account_service.h"
#include "accounts/crypto.h"
#include "base/csv.h"
#include "base/fiscal_year.h"
#include "partners/partner_service.h"

namespace jjm {
namespace {

constexpr char kRoundName[] = "Sector Partners 2024";
constexpr int kApplications = 330;
constexpr int kReviewers = 6;

struct Geo {
  std::vector<std::string> states;
  std::map<std::string, std::vector<std::string>> districts;  // by state
  std::map<std::string, std::vector<std::string>> villages;   // by district
};

StatusOr<Geo> ReadGeo(const std::string& dir) {
  JJM_ASSIGN_OR_RETURN(auto csv, CsvReader::Open(dir + "/villages.csv"));
  std::vector<std::string_view> f;
  Geo g;
  bool header = true;
  while (true) {
    JJM_ASSIGN_OR_RETURN(bool more, csv->Next(&f));
    if (!more) break;
    if (header) {
      header = false;
      continue;
    }
    if (f.size() < 10) continue;
    const std::string state(f[0]), district(f[2]), village(f[8]);
    if (g.districts.find(state) == g.districts.end()) g.states.push_back(state);
    auto& ds = g.districts[state];
    if (ds.empty() || ds.back() != district) {
      if (std::find(ds.begin(), ds.end(), district) == ds.end()) {
        ds.push_back(district);
      }
    }
    auto& vs = g.villages[district];
    if (vs.size() < 400) vs.push_back(village);
  }
  if (g.states.empty()) return NotFound(dir + "/villages.csv has no villages");
  return g;
}

const char* kFirst[] = {
    "Sahyadri",  "Narmada",     "Ganga",       "Kaveri",  "Aravalli",
    "Vindhya",   "Godavari",    "Brahmaputra", "Satpura", "Nilgiri",
    "Konkan",    "Bundelkhand", "Marwar",      "Malwa",   "Deccan",
    "Terai",     "Chambal",     "Mahanadi",    "Krishna", "Tapti",
    "Sundarban", "Kutch",       "Doaba",       "Mewar",   "Baghelkhand"};
const char* kSecond[] = {"Jal",      "Gram",   "Jan",    "Lok",   "Samaj",
                         "Prakriti", "Neer",   "Paani",  "Seva",  "Vikas",
                         "Shakti",   "Jeevan", "Sahyog", "Mitra", "Disha"};
const char* kThird[] = {"Vikas Sansthan", "Seva Samiti",   "Foundation",
                        "Trust",          "Kalyan Samiti", "Sangathan",
                        "Society",        "Initiative",    "Resource Centre",
                        "Mandal"};
const char* kPeople[] = {"Anita",    "Rakesh", "Meera", "Suresh",  "Lakshmi",
                         "Imran",    "Kavita", "Arjun", "Fatima",  "Ramesh",
                         "Sunita",   "Joseph", "Priya", "Manoj",   "Geeta",
                         "Harpreet", "Asha",   "Vinod", "Nandini", "Tenzing"};
const char* kSurnames[] = {"Sharma", "Nair",  "Patel", "Reddy",  "Das",
                           "Khan",   "Singh", "Iyer",  "Bora",   "Kumar",
                           "Menon",  "Hegde", "Yadav", "Mishra", "Lepcha"};
const char* kTypes[] = {
    "ngo",       "ngo",       "ngo",        "ngo",        "ngo", "ngo",
    "ngo",       "ngo",       "ngo",        "ngo",        "ngo", "trust",
    "trust",     "trust",     "foundation", "foundation", "csr", "academic",
    "community", "un_agency", "other"};
const char* kOtherThemes[] = {
    "community_engagement", "capacity_building", "education", "health",
    "tribal_development",   "gender_equity"};
const char* kWaterThemes[] = {"water_sanitation_hygiene",
                              "natural_resource_management"};
const char* kLanguages[] = {"Hindi",     "English", "Bengali",  "Marathi",
                            "Telugu",    "Tamil",   "Gujarati", "Kannada",
                            "Malayalam", "Odia",    "Assamese", "Punjabi"};

struct ThemePlan {
  const char* theme;
  const char* description;
  std::vector<std::pair<const char*, std::pair<int, int>>> measures;
};
const ThemePlan kThemePlans[] = {
    {"capacity_building",
     "Train VWSC members on operation and maintenance",
     {{"trainings", {2, 8}}, {"participants", {40, 200}}}},
    {"iec",
     "Wall paintings, village meetings and rallies on safe water",
     {{"iec_events", {4, 20}}}},
    {"community_mobilisation",
     "Gram Sabhas to adopt village action plans",
     {{"villages", {5, 30}}, {"vwscs", {3, 15}}}},
    {"social_audit",
     "Social audits of in-village water supply schemes",
     {{"audits", {1, 5}}}},
    {"workshops_conferences",
     "District workshops with engineers and PRIs",
     {{"workshops", {0, 2}}}},
    {"best_practices",
     "Document what worked in villages",
     {{"documents", {0, 2}}}},
    {"replicable_models",
     "A replicable model of women-led water testing",
     {{"documents", {0, 1}}, {"villages", {2, 10}}}},
    {"programme_management",
     "Quarterly reports and reviews with the state",
     {{"reports", {1, 1}}}},
};

std::string Pdf(const std::string& what) {
  return EncodeBase64("%PDF-1.4\n% " + what + "\n%%EOF\n");
}

}  // namespace

Status GeneratePartnerDemo(const std::string& dir, uint64_t seed, Date today) {
  JJM_ASSIGN_OR_RETURN(Geo geo, ReadGeo(dir));
  std::mt19937_64 rng(seed ^ 0x5ec70eULL);
  auto uni = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  auto chance = [&](double p) {
    return std::uniform_real_distribution<double>(0, 1)(rng) < p;
  };
  std::normal_distribution<double> normal(0, 1);
  auto pick = [&](const auto& v) -> const auto& {
    return v[static_cast<size_t>(uni(0, static_cast<int>(std::size(v)) - 1))];
  };
  const Date opens = Date::FromCivil(2024, 6, 1);
  const Date closes = Date::FromCivil(2024, 7, 15);
  Json out{{"round",
            {{"name", kRoundName},
             {"opens_on", opens.ToString()},
             {"closes_on", closes.ToString()}}},
           {"reviewers", kReviewers},
           {"applications", Json::array()}};
  std::set<std::string> names;
  const int fy_now = today.FinancialYear();
  for (int i = 0; i < kApplications; ++i) {
    const double q = normal(rng);  // how good the organisation is
    std::string name;
    do {
      name =
          std::string(pick(kFirst)) + " " + pick(kSecond) + " " + pick(kThird);
    } while (!names.insert(name).second);
    const std::string type = pick(kTypes);
    const int years = std::clamp(
        static_cast<int>(std::lround(std::exp(2.2 + 0.6 * normal(rng)))), 1,
        60);
    int rural = years;
    if (chance(0.3))
      rural = std::max(0, years - uni(1, std::max(1, years / 2 + 1)));
    if (chance(0.08)) rural = uni(0, 2);
    rural = std::min(rural, years);
    std::vector<std::string> themes;
    if (chance(0.8 + (q > 0 ? 0.1 : -0.1)))
      themes.push_back(pick(kWaterThemes));
    const int others = uni(themes.empty() ? 1 : 0, 3);
    for (int k = 0; k < others; ++k) {
      std::string t = pick(kOtherThemes);
      if (std::find(themes.begin(), themes.end(), t) == themes.end()) {
        themes.push_back(t);
      }
    }
    std::vector<std::string> states;
    const int ns = chance(0.6) ? 1 : chance(0.75) ? 2 : 3;
    while (static_cast<int>(states.size()) < ns) {
      std::string s = pick(geo.states);
      if (std::find(states.begin(), states.end(), s) == states.end()) {
        states.push_back(s);
      }
    }
    std::vector<std::string> districts;
    for (const std::string& s : states) {
      const auto& ds = geo.districts[s];
      const int nd = std::min<int>(static_cast<int>(ds.size()), uni(0, 3));
      for (int k = 0; k < nd; ++k) {
        const std::string& d = pick(ds);
        if (std::find(districts.begin(), districts.end(), d) ==
            districts.end()) {
          districts.push_back(d);
        }
      }
    }
    Json projects = Json::array();
    const int np = chance(0.05) ? 0 : uni(1, 5);
    for (int k = 0; k < np; ++k) {
      const int from = uni(std::max(1990, 2024 - years), 2023);
      Json pt =
          Json::array({chance(0.6) ? pick(kWaterThemes) : pick(kOtherThemes)});
      projects.push_back(
          {{"title", std::string(pick(kSecond)) + " " +
                         (pt[0] == "water_sanitation_hygiene"
                              ? "water and sanitation project"
                              : "village development project")},
           {"from_year", from},
           {"to_year", std::min(2024, from + uni(0, 4))},
           {"themes", pt},
           {"funded_by", chance(0.5) ? "State government" : "CSR partner"},
           {"summary", "Worked with gram panchayats and village committees."}});
    }
    const std::string person =
        std::string(pick(kPeople)) + " " + pick(kSurnames);
    char reg[40], phone[24], email[80];
    std::snprintf(reg, sizeof reg, "%s/%d/%07d", states[0].c_str(),
                  2024 - years, 1000000 + i * 37);
    std::snprintf(phone, sizeof phone, "+91 9%09d", 100000000 + i * 7919);
    std::snprintf(email, sizeof email, "contact%03d@partner%03d.example.org", i,
                  i);
    Json app{
        {"org_name", name},
        {"org_type", type},
        {"registration_numbers", {{{"kind", "NGO Darpan"}, {"number", reg}}}},
        {"website", "https://partner" + std::to_string(i) + ".example.org"},
        {"address", "Main road, " + states[0]},
        {"years_of_work", years},
        {"years_rural", rural},
        {"themes", themes},
        {"states", states},
        {"districts", districts},
        {"past_projects", projects},
        {"contact",
         {{"name", person},
          {"designation", "Director"},
          {"email", email},
          {"phone", phone}}},
        {"documents",
         {{{"name", "registration.pdf"},
           {"content_type", "application/pdf"},
           {"data_base64", Pdf("registration certificate of " + name)}}}}};
    // Every reviewer's view of it (whichever are assigned), and conflicts.
    Json reviews = Json::array();
    for (int r = 0; r < kReviewers; ++r) {
      const double lean = 0.4 * (r - kReviewers / 2.0) / kReviewers;
      Json s = Json::object();
      for (const char* c : {"experience", "capacity", "reach", "approach"}) {
        const double v = 6.65 + 1.5 * q + lean + 0.8 * normal(rng);
        s[c] = std::clamp(std::round(v * 2) / 2, 0.0, 10.0);
      }
      reviews.push_back({{"conflict", chance(0.03)}, {"scores", s}});
    }
    // What it would do as a partner.
    Json trainers = Json::array();
    for (int k = 0, n = uni(2, 4); k < n; ++k) {
      trainers.push_back(
          {{"name", std::string(pick(kPeople)) + " " + pick(kSurnames)},
           {"gender", chance(0.55) ? "female" : "male"},
           {"skills",
            {"field test kits", chance(0.5) ? "operation and maintenance"
                                            : "community mobilisation"}},
           {"languages", {"Hindi", pick(kLanguages)}},
           {"districts",
            districts.empty() ? Json::array() : Json::array({districts[0]})}});
    }
    Json plans = Json::array();
    for (int fy = fy_now - 1; fy <= fy_now; ++fy) {
      Json acts = Json::array();
      const int na = uni(3, 6);
      std::set<int> used;
      for (int k = 0; k < na; ++k) {
        int t = uni(0, static_cast<int>(std::size(kThemePlans)) - 1);
        if (!used.insert(t).second) continue;
        const ThemePlan& tp = kThemePlans[t];
        const bool district = !districts.empty() && chance(0.5);
        Json targets = Json::array();
        for (const auto& [m, range] : tp.measures) {
          Json tt{{"measure", m}};
          int sum = 0;
          for (const char* qq : {"q1", "q2", "q3", "q4"}) {
            const int v = uni(range.first, range.second);
            tt[qq] = v;
            sum += v;
          }
          if (sum == 0) tt["q4"] = 1;
          targets.push_back(tt);
        }
        acts.push_back({{"level", district ? "district" : "state"},
                        {"unit", district ? districts[0] : states[0]},
                        {"theme", tp.theme},
                        {"description", tp.description},
                        {"targets", targets},
                        {"resources", "master trainers and field staff"},
                        {"budget_inr", uni(2, 40) * 50000}});
      }
      plans.push_back(
          {{"fy", fy},
           {"activities", acts},
           {"returned_once", chance(0.2)},
           {"left_submitted", fy == fy_now && chance(0.06)},
           {"skip_quarter", chance(0.1) ? uni(1, 2) : 0},
           {"delivery",
            0.6 + 0.5 * std::uniform_real_distribution<double>(0, 1)(rng)}});
    }
    Json trainings = Json::array();
    std::vector<std::string> where = districts;
    if (where.empty()) {
      for (const std::string& s : states) {
        for (const std::string& d : geo.districts[s]) where.push_back(d);
      }
    }
    const Date first = Date::FromCivil(2024, 9, 1);
    for (int k = 0, n = uni(6, 20); k < n; ++k) {
      const auto& vs = geo.villages[pick(where)];
      if (vs.empty()) continue;
      const int female = uni(5, 30), male = uni(2, 25);
      trainings.push_back(
          {{"kind", chance(0.7) ? "training" : "community_event"},
           {"date", (first + uni(0, today - first)).ToString()},
           {"place", pick(vs)},
           {"topic", chance(0.5)
                         ? "Testing water with field test kits"
                         : "Operation and maintenance of the village scheme"},
           {"trainer", uni(0, static_cast<int>(trainers.size()) - 1)},
           {"participants", {{"female", female}, {"male", male}, {"other", 0}}},
           {"roles",
            {{"vwsc_members", uni(0, std::min(12, female + male))},
             {"ftk_women", uni(0, std::min(5, female))},
             {"pri_members", uni(0, 3)},
             {"frontline_workers", uni(0, 3)}}}});
    }
    Json knowledge = Json::array();
    if (chance(0.4)) {
      knowledge.push_back(
          {{"kind", chance(0.5) ? "best_practice" : "replicable_model"},
           {"title", "Women-led water quality testing in " + states[0]},
           {"place", where[0]},
           {"theme", "best_practices"},
           {"date", (today - uni(10, 300)).ToString()},
           {"what_was_done",
            "Five women in each village trained to test water with "
            "field test kits and report monthly to the VWSC."},
           {"results", "Contamination reported and fixed faster."}});
    }
    if (chance(0.3)) {
      knowledge.push_back(
          {{"kind", "workshop"},
           {"title", "District workshop on operation and maintenance"},
           {"place", where[0]},
           {"theme", "workshops_conferences"},
           {"date", (today - uni(10, 300)).ToString()},
           {"participants", uni(30, 150)},
           {"what_was_done",
            "Engineers, PRI members and VWSCs agreed on O&M roles."}});
    }
    Json audits = Json::array();
    for (int k = 0, n = uni(0, 2); k < n; ++k) {
      const auto& vs = geo.villages[pick(where)];
      if (vs.empty()) continue;
      audits.push_back(
          {{"village", pick(vs)},
           {"date", (today - uni(15, 400)).ToString()},
           {"findings",
            "Some standposts leak; water reaches the tail end for two "
            "hours a day; the VWSC collects user charges irregularly."},
           {"actions",
            {{{"action", "Repair the leaking standposts"},
              {"owner", "Gram Panchayat"}},
             {{"action", "Agree a supply schedule for the tail end"},
              {"owner", "VWSC"}}}},
           {"done", uni(0, 2)}});
    }
    out["applications"].push_back({{"application", app},
                                   {"reviews", reviews},
                                   {"as_partner",
                                    {{"trainers", trainers},
                                     {"plans", plans},
                                     {"trainings", trainings},
                                     {"knowledge", knowledge},
                                     {"social_audits", audits}}}});
  }
  std::ofstream f(dir + "/partners.json");
  f << out.dump();
  if (!f) return Internal("cannot write " + dir + "/partners.json");
  return Status::Ok();
}

namespace {

Status Ok(const StatusOr<Json>& r, const char* what) {
  if (r.ok()) return Status::Ok();
  return Status(
      r.status().code(),
      std::string("demo partners: ") + what + ": " + r.status().message(),
      r.status().field());
}

// A date of the demo file, or an error naming the file and the field.
StatusOr<Date> FileDate(const std::string& file, const Json& j,
                        const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) {
    return InvalidArgument(file + ": round." + key + " is missing or not text",
                           key);
  }
  const std::string text = j[key].get<std::string>();
  auto d = Date::Parse(text);
  if (!d.ok()) {
    return InvalidArgument(
        file + ": round." + key + " '" + text + "' is not a date YYYY-MM-DD",
        key);
  }
  return *d;
}

// Feeds the parsed `demo` (read from `file`) through the services.
StatusOr<PartnerDemoStats> LoadParsed(const std::string& file, Json& demo,
                                      Db* db, CoverageService* coverage,
                                      Date today, std::FILE* log) {
  // What the first writes need is checked before them.
  if (!demo.contains("round") || !demo.contains("applications") ||
      !demo["applications"].is_array()) {
    return InvalidArgument(file + " has no round or no list of applications");
  }
  Json& rj = demo["round"];
  JJM_ASSIGN_OR_RETURN(const Date opens, FileDate(file, rj, "opens_on"));
  JJM_ASSIGN_OR_RETURN(const Date closes, FileDate(file, rj, "closes_on"));
  PartnerDemoStats stats;
  JJM_ASSIGN_OR_RETURN(auto accounts, AccountService::Load(db, coverage));
  JJM_ASSIGN_OR_RETURN(auto ps, PartnerService::Open(db, coverage));
  using Caller = PartnerService::Caller;

  Principal admin;
  admin.username = "system:demo";
  admin.grants.push_back({0, Role::kNationalAdmin, kIndia, 0});
  const int reviewers = demo.value("reviewers", kReviewers);
  std::vector<Principal> revs(static_cast<size_t>(reviewers));
  std::vector<std::string> rev_names;
  for (int r = 0; r < reviewers; ++r) {
    NewUser u;
    u.username = "reviewer." + std::to_string(r + 1);
    u.display_name = "Screening committee member " + std::to_string(r + 1);
    u.role = "national_viewer";
    u.unit_code = "IN";
    JJM_ASSIGN_OR_RETURN(int64_t id, accounts->CreateUser(nullptr, u, ""));
    revs[r].account_id = id;
    revs[r].username = u.username;
    revs[r].grants.push_back({0, Role::kNationalViewer, kIndia, 0});
    rev_names.push_back(u.username);
  }
  auto caller = [](const Principal* p, Date d) {
    Caller c;
    c.principal = p;
    c.today = d;
    return c;
  };
  auto round =
      ps->CreateRound(caller(&admin, opens), {{"name", rj["name"]},
                                              {"opens_on", rj["opens_on"]},
                                              {"closes_on", rj["closes_on"]}});
  JJM_RETURN_IF_ERROR(Ok(round, "round"));
  const int64_t round_id = (*round)["id"].get<int64_t>();
  Json& apps = demo["applications"];
  std::map<std::string, size_t> by_name;  // org name -> index in apps
  for (size_t i = 0; i < apps.size(); ++i) {
    const Date d = opens + static_cast<int32_t>(
                               i % static_cast<size_t>(closes - opens + 1));
    JJM_RETURN_IF_ERROR(
        Ok(ps->Apply(caller(nullptr, d), round_id, apps[i]["application"]),
           "application"));
    by_name[apps[i]["application"]["org_name"].get<std::string>()] = i;
    ++stats.applications;
  }
  // Screening, after the round closed: two reviewers each, conflicts
  // declared and replaced, then moderation and the shortlist.
  const Date screening = closes + 5;
  for (int pass = 0; pass < 3; ++pass) {
    JJM_RETURN_IF_ERROR(
        Ok(ps->AssignReviewers(caller(&admin, screening), round_id,
                               {{"reviewers", rev_names}}),
           "reviewers"));
    auto list = ps->ListApplications(caller(&admin, screening), round_id);
    JJM_RETURN_IF_ERROR(Ok(list, "list"));
    for (const auto& a : (*list)["applications"]) {
      if (!a["eligible"].get<bool>()) continue;
      const size_t idx = by_name.at(a["org_name"].get<std::string>());
      auto detail = ps->GetApplication(caller(&admin, screening), a["id"]);
      JJM_RETURN_IF_ERROR(Ok(detail, "application"));
      for (const auto& rv : (*detail)["reviews"]) {
        if (!rv["conflict"].is_null()) continue;
        const std::string who = rv["reviewer"].get<std::string>();
        const int r = std::stoi(who.substr(who.find('.') + 1)) - 1;
        Json& mine = apps[idx]["reviews"][static_cast<size_t>(r)];
        Json body;
        if (mine["conflict"].get<bool>()) {
          body = {{"conflict", true},
                  {"conflict_note", "worked with this organisation before"}};
        } else {
          body = {{"conflict", false},
                  {"scores", mine["scores"]},
                  {"comment", "read the proposal and past projects"}};
        }
        JJM_RETURN_IF_ERROR(
            Ok(ps->Review(caller(&revs[static_cast<size_t>(r)], screening),
                          a["id"].get<int64_t>(), body),
               "review"));
      }
    }
  }
  auto list = ps->ListApplications(caller(&admin, screening), round_id);
  JJM_RETURN_IF_ERROR(Ok(list, "list"));
  for (const auto& a : (*list)["applications"]) {
    if (!a["eligible"].get<bool>()) continue;
    ++stats.eligible;
    Json body = Json::object();
    if (!a["disagreements"].empty()) {
      body["note"] = "the reviewers discussed their scores; the mean stands";
    }
    JJM_RETURN_IF_ERROR(Ok(
        ps->Moderate(caller(&admin, screening), a["id"].get<int64_t>(), body),
        "moderation"));
  }
  auto decided = ps->Shortlist(caller(&admin, screening + 10), round_id);
  JJM_RETURN_IF_ERROR(Ok(decided, "shortlist"));
  stats.shortlisted = (*decided)["shortlisted"].get<int64_t>();
  if (log != nullptr) {
    std::fprintf(log,
                 "partners: %lld applications, %lld eligible, %lld "
                 "shortlisted by the round's criteria\n",
                 static_cast<long long>(stats.applications),
                 static_cast<long long>(stats.eligible),
                 static_cast<long long>(stats.shortlisted));
  }
  // Each partner's work.
  list = ps->ListApplications(caller(&admin, today), round_id);
  JJM_RETURN_IF_ERROR(Ok(list, "list"));
  for (const auto& a : (*list)["applications"]) {
    if (a["partner_id"].is_null()) continue;
    const int64_t pid = a["partner_id"].get<int64_t>();
    Json& work =
        apps[by_name.at(a["org_name"].get<std::string>())]["as_partner"];
    Principal me;
    me.username = "system:demo";
    me.grants.push_back({0, Role::kPartnerUser, kIndia, pid});
    const Caller pc = caller(&me, today);
    const Caller ac = caller(&admin, today);
    Json units = Json::array();
    if (a["org_type"] == "un_agency") units.push_back("IN");
    auto partner = ps->GetPartner(ac, pid);
    JJM_RETURN_IF_ERROR(Ok(partner, "partner"));
    for (const auto& u : (*partner)["units"]) units.push_back(u["code"]);
    Json upd{{"agreement",
              {{"signed_on", (closes + 30).ToString()},
               {"from", (closes + 30).ToString()},
               {"to", (closes + 30 + 3 * 365).ToString()}}}};
    if (a["org_type"] == "un_agency") upd["units"] = units;
    JJM_RETURN_IF_ERROR(Ok(ps->UpdatePartner(ac, pid, upd), "agreement"));
    std::vector<int64_t> trainer_ids;
    for (auto& t : work["trainers"]) {
      auto r = ps->AddTrainer(pc, pid, t);
      JJM_RETURN_IF_ERROR(Ok(r, "trainer"));
      trainer_ids.push_back((*r)["id"].get<int64_t>());
      ++stats.trainers;
    }
    for (auto& pl : work["plans"]) {
      const int y = pl["fy"].get<int>();
      auto plan = ps->CreatePlan(pc, pid, {{"fy", FyName(y)}});
      JJM_RETURN_IF_ERROR(Ok(plan, "plan"));
      const int64_t plan_id = (*plan)["id"].get<int64_t>();
      auto saved =
          ps->SavePlan(pc, plan_id, {{"activities", pl["activities"]}});
      JJM_RETURN_IF_ERROR(Ok(saved, "plan activities"));
      ++stats.plans;
      JJM_RETURN_IF_ERROR(Ok(
          ps->SetPlanStatus(pc, plan_id, {{"status", "submitted"}}), "submit"));
      if (pl["left_submitted"].get<bool>()) continue;
      if (pl["returned_once"].get<bool>()) {
        JJM_RETURN_IF_ERROR(
            Ok(ps->SetPlanStatus(ac, plan_id,
                                 {{"status", "returned"},
                                  {"comment",
                                   "Add quarter-wise targets for the "
                                   "IEC activities"}}),
               "return"));
        JJM_RETURN_IF_ERROR(
            Ok(ps->SetPlanStatus(pc, plan_id, {{"status", "submitted"}}),
               "resubmit"));
      }
      JJM_RETURN_IF_ERROR(Ok(
          ps->SetPlanStatus(ac, plan_id, {{"status", "approved"}}), "approve"));
      // Quarterly progress for every quarter that has begun.
      const Json activities = (*saved)["current"]["activities"];
      const double delivery = pl["delivery"].get<double>();
      const int skip = pl["skip_quarter"].get<int>();
      for (int q = 1; q <= 4; ++q) {
        const Date start = QuarterStart(y, q);
        const Date end = QuarterEnd(y, q);
        if (today < start) break;
        if (q == skip && y == today.FinancialYear()) continue;  // overdue
        Json rows = Json::array();
        int n = 0;
        for (const auto& act : activities) {
          for (const auto& t : act["targets"]) {
            const int64_t target = t["q" + std::to_string(q)].get<int64_t>();
            const int64_t got = static_cast<int64_t>(
                std::lround(target * (delivery + 0.1 * ((n++ % 3) - 1))));
            rows.push_back({{"activity", act["id"]},
                            {"measure", t["measure"]},
                            {"achieved", std::max<int64_t>(0, got)}});
          }
        }
        JJM_RETURN_IF_ERROR(
            Ok(ps->SaveProgress(pc, plan_id, q, {{"rows", rows}}), "progress"));
        ++stats.reports;
        if (today <= end) continue;  // the quarter is still running
        JJM_RETURN_IF_ERROR(
            Ok(ps->SetProgressStatus(pc, plan_id, q, {{"status", "submitted"}}),
               "submit progress"));
        if (today < end + 20) continue;  // waiting for the mission
        JJM_RETURN_IF_ERROR(
            Ok(ps->SetProgressStatus(ac, plan_id, q, {{"status", "accepted"}}),
               "accept progress"));
      }
    }
    for (auto& t : work["trainings"]) {
      Json body = t;
      body.erase("trainer");
      if (!trainer_ids.empty()) {
        body["trainer_id"] =
            trainer_ids[t["trainer"].get<size_t>() % trainer_ids.size()];
      }
      auto r = ps->AddTraining(pc, pid, body);
      if (!r.ok() && r.status().code() == StatusCode::kPermissionDenied)
        continue;
      JJM_RETURN_IF_ERROR(Ok(r, "training"));
      ++stats.trainings;
    }
    for (auto& k : work["knowledge"]) {
      JJM_RETURN_IF_ERROR(Ok(ps->AddKnowledge(pc, pid, k), "knowledge"));
    }
    for (auto& sa : work["social_audits"]) {
      Json body = sa;
      body.erase("done");
      auto r = ps->AddSocialAudit(pc, pid, body);
      JJM_RETURN_IF_ERROR(Ok(r, "social audit"));
      const int done = sa["done"].get<int>();
      for (int k = 0; k < done && k < static_cast<int>((*r)["actions"].size());
           ++k) {
        JJM_RETURN_IF_ERROR(Ok(
            ps->UpdateAuditAction(pc, (*r)["actions"][k]["id"].get<int64_t>(),
                                  {{"status", "done"}}),
            "follow-up"));
      }
    }
  }
  if (log != nullptr) {
    std::fprintf(log,
                 "partners: %lld plans, %lld quarterly reports, %lld master "
                 "trainers, %lld trainings\n",
                 static_cast<long long>(stats.plans),
                 static_cast<long long>(stats.reports),
                 static_cast<long long>(stats.trainers),
                 static_cast<long long>(stats.trainings));
  }
  return stats;
}

}  // namespace

StatusOr<PartnerDemoStats> LoadPartnerDemo(const std::string& dir, Db* db,
                                           CoverageService* coverage,
                                           Date today, std::FILE* log) {
  const std::string file = dir + "/partners.json";
  std::ifstream f(file);
  if (!f) return NotFound("no partners.json in " + dir);
  Json demo = Json::parse(f, nullptr, false);
  if (demo.is_discarded()) return InvalidArgument(file + " is not JSON");
  // The file's values are read where they are used; one of the wrong type
  // (or missing) stops the load with what is wrong.
  try {
    return LoadParsed(file, demo, db, coverage, today, log);
  } catch (const Json::exception& e) {
    return InvalidArgument(
        file + " is not a partners demo file: " + std::string(e.what()));
  } catch (const std::logic_error& e) {
    // std::map::at, std::stoi: a name the file does not list.
    return InvalidArgument(file +
                           " names an organisation or reviewer it "
                           "does not list: " +
                           std::string(e.what()));
  }
}

}  // namespace jjm
