// Demo data for water quality (quality_import.h): labs, sources and a few
// financial years of lab and FTK samples for the villages of a generated
// folder, with the contamination geography of the published WQMIS data
// (arsenic in the Ganga-Brahmaputra plains, fluoride in Rajasthan,
// Telangana and Gujarat, iron in the north-east and Odisha, salinity on
// the coasts, nitrate in the north-west, bacteria everywhere at a low
// rate).  Everything is drawn from one Rng in a fixed order.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/csv.h"
#include "io/generate_internal.h"
#include "io/quality_import.h"

namespace jjm {
namespace {

using gen::Rng;

// Shares of sources affected by each contaminant, by state LGD code.
struct Geography {
  int state;
  double arsenic, fluoride, iron, salinity, nitrate;
};
constexpr Geography kGeography[] = {
    {19, .08, 0, 0, .03, 0},    // West Bengal
    {10, .06, 0, .02, 0, 0},    // Bihar
    {9, .03, .01, 0, 0, .01},   // Uttar Pradesh
    {18, .04, 0, .15, 0, 0},    // Assam
    {20, .02, .01, 0, 0, 0},    // Jharkhand
    {3, .03, 0, 0, 0, .04},     // Punjab
    {8, 0, .12, 0, .03, .05},   // Rajasthan
    {36, 0, .08, 0, 0, 0},      // Telangana
    {24, 0, .06, 0, .05, .01},  // Gujarat
    {28, 0, .04, 0, .04, 0},    // Andhra Pradesh
    {29, 0, .04, 0, 0, .01},    // Karnataka
    {23, 0, .03, 0, 0, 0},      // Madhya Pradesh
    {17, 0, 0, .15, 0, 0},      // Meghalaya
    {16, 0, 0, .15, 0, 0},      // Tripura
    {14, 0, 0, .15, 0, 0},      // Manipur
    {13, 0, 0, .15, 0, 0},      // Nagaland
    {12, 0, 0, .15, 0, 0},      // Arunachal Pradesh
    {15, 0, 0, .15, 0, 0},      // Mizoram
    {21, 0, 0, .08, .03, 0},    // Odisha
    {33, 0, .01, 0, .05, 0},    // Tamil Nadu
    {6, 0, .01, 0, .01, .04},   // Haryana
};

const Geography* GeographyOf(int state) {
  for (const Geography& g : kGeography) {
    if (g.state == state) return &g;
  }
  return nullptr;
}

bool Hills(int s) {
  return s == 1 || s == 2 || s == 5 || s == 11 || s == 12 || s == 13 ||
         s == 14 || s == 15 || s == 17 || s == 37;
}
bool East(int s) { return s == 16 || s == 18 || s == 19 || s == 20 || s == 21; }
bool Plains(int s) { return s == 3 || s == 6 || s == 9 || s == 10; }

// Source types and their shares.
const char* SourceType(int state, Rng& rng) {
  struct Share {
    const char* type;
    double p;
  };
  static const Share kHills[] = {{"spring", .25},    {"river", .1},
                                 {"pond", .05},      {"reservoir", .05},
                                 {"hand_pump", .25}, {"borewell", .15},
                                 {"open_well", .15}};
  static const Share kEast[] = {{"pond", .08},      {"river", .04},
                                {"reservoir", .03}, {"tube_well", .35},
                                {"hand_pump", .35}, {"borewell", .1},
                                {"open_well", .05}};
  static const Share kPlains[] = {{"tube_well", .4},
                                  {"hand_pump", .4},
                                  {"borewell", .15},
                                  {"open_well", .03},
                                  {"canal", .02}};
  static const Share kRest[] = {{"borewell", .45},  {"hand_pump", .3},
                                {"open_well", .1},  {"tube_well", .08},
                                {"reservoir", .04}, {"canal", .03}};
  auto pick = [&](const auto& shares) {
    double u = rng.Uniform();
    for (const Share& s : shares) {
      if ((u -= s.p) < 0) return s.type;
    }
    return shares[0].type;
  };
  if (Hills(state)) return pick(kHills);
  if (East(state)) return pick(kEast);
  if (Plains(state)) return pick(kPlains);
  return pick(kRest);
}

bool Surface(const std::string& type) {
  return type == "spring" || type == "river" || type == "pond" ||
         type == "reservoir" || type == "canal";
}

std::string TypeLabel(const std::string& type) {
  if (type == "hand_pump") return "Hand pump";
  if (type == "tube_well") return "Tube well";
  if (type == "open_well") return "Open well";
  std::string t = type;
  t[0] = static_cast<char>(t[0] - 'a' + 'A');
  return t;
}

// The results file's parameter columns: the standard's code, a header as
// labs write it, and the decimals of values.
struct Column {
  const char* code;
  const char* header;
  int decimals;
};
constexpr Column kColumns[] = {
    {"ph", "pH", 1},
    {"turbidity", "Turbidity (NTU)", 1},
    {"tds", "TDS (mg/l)", 0},
    {"total_hardness", "Total hardness (as CaCO3) mg/L", 0},
    {"total_alkalinity", "Total alkalinity (mg/l)", 0},
    {"chloride", "Chloride (as Cl) mg/L", 0},
    {"sulphate", "Sulphate (mg/l)", 0},
    {"magnesium", "Magnesium (mg/l)", 1},
    {"nitrate", "Nitrate (as NO3) mg/L", 1},
    {"fluoride", "Fluoride (as F) mg/L", 2},
    {"iron", "Iron (mg/l)", 2},
    {"manganese", "Manganese (mg/l)", 3},
    {"arsenic", "Arsenic (mg/l)", 3},
    {"lead", "Lead (mg/l)", 3},
    {"total_coliform", "Total coliform (per 100 ml)", -1},
    {"e_coli", "E. coli (per 100 ml)", -1},
};
constexpr int kNumColumns = static_cast<int>(std::size(kColumns));
enum Col {
  kPh,
  kTurb,
  kTds,
  kHard,
  kAlk,
  kCl,
  kSo4,
  kMg,
  kNo3,
  kF,
  kFe,
  kMn,
  kAs,
  kPb,
  kTc,
  kEc
};

// Which columns a kind of test fills.
enum class Panel { kFull, kBlock, kBacteria, kFtk, kFtkArsenic };
bool InPanel(Panel p, int col) {
  switch (p) {
    case Panel::kFull:
      return true;
    case Panel::kBlock:
      return col != kPb;
    case Panel::kBacteria:
      return col == kPh || col == kTurb || col == kTc || col == kEc;
    case Panel::kFtk:
    case Panel::kFtkArsenic:
      return col == kPh || col == kHard || col == kAlk || col == kCl ||
             col == kNo3 || col == kF || col == kFe || col == kTc ||
             (p == Panel::kFtkArsenic && col == kAs);
  }
  return false;
}
// The parameters a lab of a level tests (empty: all).
std::string PanelCodes(Panel p) {
  std::string out;
  for (int c = 0; c < kNumColumns; ++c) {
    if (!InPanel(p, c)) continue;
    if (!out.empty()) out += ' ';
    out += kColumns[c].code;
  }
  return out;
}

// A source's lasting character: how high each contaminant runs there.
struct Source {
  std::string code;
  int village;  // index into villages
  bool surface = false;
  // 0: clean; otherwise a factor > 1 of the acceptable limit.
  double arsenic = 0, fluoride = 0, iron = 0, salinity = 0, nitrate = 0;
  double bacteria = 0.03;  // chance of a positive test
};

struct VillageRow {
  int state;
  std::string district, block, code;
  int64_t population = 0;
  std::vector<std::string> habitations;
  std::vector<int> sources;
};

struct Lab {
  std::string code;
  Panel panel;
  std::vector<std::string> analysts;
};

double Between(Rng& rng, double lo, double hi) {
  return lo + (hi - lo) * rng.Uniform();
}

void AppendNumber(double v, int decimals, std::string* out) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  *out += buf;
}

// One sample's values, drawn for source `s`.
void DrawValues(const Source& s, Panel panel, bool ftk, Rng& rng,
                std::string* row, bool* failing) {
  double v[kNumColumns];
  v[kPh] = Between(rng, 6.8, 8.2);
  v[kTurb] = s.surface ? Between(rng, 0.2, 1.5) : Between(rng, 0.1, 0.9);
  const double sal = s.salinity > 0 ? s.salinity : Between(rng, 0.3, 0.95);
  v[kTds] = 500 * sal * Between(rng, 0.9, 1.1);
  v[kCl] = 250 * sal * Between(rng, 0.3, 0.8);
  v[kHard] = Between(rng, 80, 190);
  v[kAlk] = Between(rng, 80, 190);
  v[kSo4] = Between(rng, 10, 150);
  v[kMg] = Between(rng, 5, 28);
  v[kNo3] = 45 * (s.nitrate > 0 ? s.nitrate * Between(rng, 0.85, 1.15)
                                : Between(rng, 0.05, 0.6));
  v[kF] = s.fluoride > 0 ? s.fluoride * Between(rng, 0.85, 1.15)
                         : Between(rng, 0.1, 0.8);
  v[kFe] = 0.3 * (s.iron > 0 ? s.iron * Between(rng, 0.85, 1.15)
                             : Between(rng, 0.05, 0.6));
  v[kMn] = Between(rng, 0.005, 0.04);
  if (v[kFe] + v[kMn] > 0.3 && s.iron == 0) v[kMn] = 0.3 - v[kFe] - 0.001;
  v[kAs] = 0.01 * (s.arsenic > 0 ? s.arsenic * Between(rng, 0.85, 1.15)
                                 : Between(rng, 0.05, 0.7));
  v[kPb] = Between(rng, 0.001, 0.006);
  const bool positive = rng.Uniform() < s.bacteria * (ftk ? 1.3 : 1.0);
  const bool ecoli = positive && rng.Uniform() < 0.6;
  *failing = positive || s.arsenic > 1 || s.fluoride > 1 || s.iron > 1 ||
             s.salinity > 1 || s.nitrate > 1;
  for (int c = 0; c < kNumColumns; ++c) {
    *row += ',';
    if (!InPanel(panel, c)) continue;
    if (c == kTc) {
      *row += positive ? "present" : "absent";
    } else if (c == kEc) {
      if (!ftk) *row += ecoli ? "present" : "absent";
    } else {
      AppendNumber(v[c], kColumns[c].decimals, row);
    }
  }
}

const char* kWomen[] = {"Sunita", "Anita", "Rekha",  "Savitri", "Kamla",
                        "Geeta",  "Meena", "Lalita", "Pushpa",  "Radha",
                        "Sarita", "Usha",  "Kiran",  "Manju",   "Asha",
                        "Shanti", "Bimla", "Poonam", "Seema",   "Rani"};
const char* kMen[] = {"Ramesh", "Suresh", "Mahesh", "Dinesh", "Rajesh",
                      "Mukesh", "Anil",   "Sunil",  "Vijay",  "Ajay"};
const char* kSurnames[] = {"Devi",  "Kumari", "Sharma", "Yadav", "Singh",
                           "Patel", "Reddy",  "Das",    "Naik",  "Behera"};

std::string Person(Rng& rng, bool woman) {
  std::string n = woman ? kWomen[rng.Below(std::size(kWomen))]
                        : kMen[rng.Below(std::size(kMen))];
  n += ' ';
  n += kSurnames[rng.Below(std::size(kSurnames))];
  return n;
}

std::string FyShort(int start_year) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d%02d", start_year % 100,
                (start_year + 1) % 100);
  return buf;
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Internal("cannot write " + path);
  return Status::Ok();
}

}  // namespace

StatusOr<QualityDemoStats> GenerateQualityDemo(const std::string& dir,
                                               uint64_t seed, Date today) {
  // The folder's villages and habitations.
  std::vector<VillageRow> villages;
  std::map<std::string, std::string> district_names, block_names;
  std::vector<std::string> district_order, block_order;
  std::unordered_map<std::string, int> village_index;
  {
    JJM_ASSIGN_OR_RETURN(auto r, CsvReader::Open(dir + "/villages.csv"));
    std::vector<std::string_view> f;
    JJM_ASSIGN_OR_RETURN(bool any, r->Next(&f));  // the header
    if (!any) return InvalidArgument(dir + "/villages.csv is empty");
    while (true) {
      JJM_ASSIGN_OR_RETURN(bool more, r->Next(&f));
      if (!more) break;
      if (f.size() < 20) continue;
      VillageRow v;
      v.state = std::atoi(std::string(f[0].substr(1)).c_str());
      v.district = f[2];
      v.block = f[4];
      v.code = f[8];
      v.population = std::atoll(std::string(f[17]).c_str()) +
                     std::atoll(std::string(f[18]).c_str()) +
                     std::atoll(std::string(f[19]).c_str());
      if (!district_names.contains(v.district)) {
        district_names[v.district] = f[3];
        district_order.push_back(v.district);
      }
      if (!block_names.contains(v.block)) {
        block_names[v.block] = f[5];
        block_order.push_back(v.block);
      }
      village_index.emplace(v.code, static_cast<int>(villages.size()));
      villages.push_back(std::move(v));
    }
    auto h = CsvReader::Open(dir + "/habitations.csv");
    if (h.ok()) {
      JJM_RETURN_IF_ERROR((*h)->Next(&f).status());
      while (true) {
        JJM_ASSIGN_OR_RETURN(bool more, (*h)->Next(&f));
        if (!more) break;
        if (f.size() < 2) continue;
        auto it = village_index.find(std::string(f[0]));
        if (it != village_index.end()) {
          villages[it->second].habitations.emplace_back(f[1]);
        }
      }
    }
  }
  if (villages.empty()) return InvalidArgument(dir + " has no villages");
  const double scale = villages.size() / 677000.0;
  Rng rng(seed ^ 0x57a7e9a11ab5ull);
  QualityDemoStats stats;

  // Labs: a state referral lab per state, a lab per district, block labs
  // for about one block in six, a few mobile labs and labs at treatment
  // plants.  About 85% hold a NABL certificate, some of them expired.
  std::string labs =
      "code,name,level,place,parameters,refers_to,treatment_plant,"
      "nabl_certificate,nabl_valid_from,nabl_valid_to\n";
  std::map<int, std::string> state_lab;
  std::map<std::string, Lab> district_lab, block_lab;
  std::map<std::string, std::string> state_of_district;
  for (const VillageRow& v : villages)
    state_of_district[v.district] = "S" + std::to_string(v.state);
  int64_t cert = 1000;
  auto add_lab = [&](const std::string& code, const std::string& name,
                     const char* level, const std::string& place, Panel panel,
                     const std::string& refers, const std::string& plant,
                     double p_nabl) {
    labs += code + ",\"" + name + "\"," + level + "," + place + ",";
    if (panel != Panel::kFull) labs += PanelCodes(panel);
    labs += "," + refers + "," + plant + ",";
    ++stats.labs;
    if (rng.Uniform() < p_nabl) {
      // Two-year certificates; about one in seven has lapsed.
      const bool lapsed = rng.Uniform() < 0.14;
      const Date from =
          today -
          static_cast<int32_t>(lapsed ? 760 + rng.Below(700) : rng.Below(720));
      labs += "TC-" + std::to_string(cert += 1 + rng.Below(40)) + "," +
              from.ToString() + "," + (from + 729).ToString();
      if (!lapsed) ++stats.nabl_labs;
    } else {
      labs += ",,";
    }
    labs += '\n';
  };
  for (const gen::StateSpec& st : gen::kStates) {
    bool present = false;
    for (const auto& [d, s] : state_of_district) {
      present = present || s == "S" + std::to_string(st.lgd);
    }
    if (!present) continue;
    const std::string code = "SL" + std::to_string(st.lgd);
    state_lab[st.lgd] = code;
    add_lab(code, std::string("State Referral Laboratory, ") + st.name, "state",
            "S" + std::to_string(st.lgd), Panel::kFull, "", "", 0.97);
  }
  int mobile = 0, plants = 0;
  for (const std::string& d : district_order) {
    const std::string code = "DL" + d;
    const int state = std::atoi(state_of_district[d].c_str() + 1);
    add_lab(code, district_names[d] + " District Water Testing Laboratory",
            "district", d, Panel::kFull, state_lab[state], "", 0.9);
    district_lab[d] = {code, Panel::kFull, {}};
    if (rng.Uniform() < 0.07 * std::max(1.0, 1 / (scale * 30))) {
      const std::string m = "ML" + std::to_string(++mobile);
      add_lab(m, district_names[d] + " Mobile Water Testing Van", "mobile", d,
              Panel::kBlock, code, "", 0.3);
    }
    if (rng.Uniform() < 0.13) {
      ++plants;
      add_lab("WL" + std::to_string(plants),
              district_names[d] + " WTP Laboratory " + std::to_string(plants),
              "wtp", d, Panel::kBacteria, code, "WTP" + std::to_string(plants),
              0.5);
    }
  }
  for (const std::string& b : block_order) {
    if (rng.Uniform() >= 0.16) continue;
    const VillageRow* any = nullptr;
    for (const VillageRow& v : villages) {
      if (v.block == b) {
        any = &v;
        break;
      }
    }
    const std::string code = "BL" + b;
    add_lab(code, block_names[b] + " Sub-divisional Water Testing Laboratory",
            "block", b, Panel::kBlock, district_lab[any->district].code, "",
            0.62);
    block_lab[b] = {code, Panel::kBlock, {}};
  }
  for (auto* labs_of : {&district_lab, &block_lab}) {
    for (auto& [k, lab] : *labs_of) {
      for (int i = 0; i < 3; ++i) lab.analysts.push_back(Person(rng, i != 1));
    }
  }
  JJM_RETURN_IF_ERROR(WriteFile(dir + "/labs.csv", labs));

  // Sources: about 1.88 per village, more in larger villages.
  std::vector<Source> sources;
  std::string src =
      "code,village,habitation,type,name,has_alternate,"
      "created_on\n";
  {
    int64_t total_pop = 0;
    for (const VillageRow& v : villages)
      total_pop += std::max<int64_t>(1, v.population);
    const double target = 1268000.0 * scale;
    int64_t next = 1;
    for (size_t vi = 0; vi < villages.size(); ++vi) {
      VillageRow& v = villages[vi];
      // One each, and the rest by population.
      const double share = (target - static_cast<double>(villages.size())) *
                           std::max<int64_t>(1, v.population) /
                           static_cast<double>(total_pop);
      const int n = 1 + std::max(0, static_cast<int>(share + rng.Uniform()));
      const Geography* g = GeographyOf(v.state);
      std::map<std::string, int> per_type;
      for (int k = 0; k < n; ++k) {
        Source s;
        s.code = "WS" + std::to_string(next++);
        s.village = static_cast<int>(vi);
        const std::string type = SourceType(v.state, rng);
        s.surface = Surface(type);
        s.bacteria = s.surface ? 0.06 : 0.02;
        if (g != nullptr && !s.surface) {
          auto affected = [&](double p, double lo, double hi) {
            return rng.Uniform() < p ? Between(rng, lo, hi) : 0.0;
          };
          s.arsenic = affected(g->arsenic, 1.2, 8);
          s.fluoride = affected(g->fluoride, 1.05, 3.2);
          s.salinity = affected(g->salinity, 1.1, 4.5);
          s.nitrate = affected(g->nitrate, 1.05, 2.2);
        }
        if (g != nullptr) {
          s.iron = rng.Uniform() < g->iron ? Between(rng, 1.2, 9) : 0.0;
        }
        const std::string hab =
            v.habitations.empty()
                ? ""
                : v.habitations[rng.Below(v.habitations.size())];
        src += s.code + "," + v.code + "," + hab + "," + type + "," +
               TypeLabel(type) + " " + std::to_string(++per_type[type]) + "," +
               (rng.Uniform() < 0.35 ? "yes" : "no") + ",2019-04-01\n";
        v.sources.push_back(static_cast<int>(sources.size()));
        sources.push_back(std::move(s));
      }
    }
  }
  stats.sources = static_cast<int64_t>(sources.size());
  JJM_RETURN_IF_ERROR(WriteFile(dir + "/sources.csv", src));

  // Samples: three financial years up to today.  Each year a lab test of
  // about 55% of sources for the chemical parameters and bacteria, a
  // post-monsoon bacteriological test of about 35%, and field test kit
  // tests by the village's women (about 1.6 a village).
  JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(dir + "/quality-results.csv"));
  std::string row =
      "sample_code,method,lab,source,collected_on,tested_on,collected_by,"
      "tested_by";
  for (const Column& c : kColumns) {
    row += ',';
    row += c.header;
  }
  row += '\n';
  w->Raw(row);
  const Date last = today - 7;
  const int fy_now = today.FinancialYear();
  for (int fy = fy_now - 2; fy <= fy_now; ++fy) {
    const Date fy_start = Date::FromCivil(fy, 4, 1);
    const Date monsoon_end = Date::FromCivil(fy, 10, 1);
    const Date fy_end = std::min(Date::FromCivil(fy + 1, 3, 31), last);
    if (fy_end < fy_start) continue;
    const std::string tag = FyShort(fy);
    int64_t lab_no = 0, ftk_no = 0;
    auto add = [&](const std::string& code, bool ftk, const Lab* lab,
                   const Source& s, Date from, Date to, Panel panel) {
      if (to < from) return;
      const Date on = from + static_cast<int32_t>(rng.Below(to - from + 1));
      const Date tested = std::min(
          on + static_cast<int32_t>(ftk ? 0 : 1 + rng.Below(6)), today);
      row.clear();
      row += code;
      row += ftk ? ",ftk," : ",lab,";
      if (lab != nullptr) row += lab->code;
      row += ',';
      row += s.code;
      row += ',';
      row += on.ToString();
      row += ',';
      row += tested.ToString();
      row += ',';
      const std::string tester =
          ftk ? Person(rng, true) : lab->analysts[rng.Below(3)];
      row += ftk ? tester : Person(rng, rng.Uniform() < 0.3);
      row += ',';
      row += tester;
      bool failing = false;
      DrawValues(s, panel, ftk, rng, &row, &failing);
      row += '\n';
      w->Raw(row);
      ++stats.samples;
      if (ftk) ++stats.ftk_samples;
      if (failing) ++stats.failing;
    };
    for (const VillageRow& v : villages) {
      const Lab* lab = block_lab.contains(v.block) ? &block_lab[v.block]
                                                   : &district_lab[v.district];
      for (int si : v.sources) {
        const Source& s = sources[si];
        if (rng.Uniform() < 0.55) {
          add("WQ" + tag + "-" + std::to_string(++lab_no), false, lab, s,
              fy_start, std::min(fy_end, monsoon_end - 1), lab->panel);
        }
        if (rng.Uniform() < 0.35) {
          add("WQ" + tag + "-" + std::to_string(++lab_no), false, lab, s,
              monsoon_end, fy_end, Panel::kBacteria);
        }
      }
      const Geography* g = GeographyOf(v.state);
      const Panel ftk =
          g != nullptr && g->arsenic > 0 ? Panel::kFtkArsenic : Panel::kFtk;
      for (int k = 0; k < 2; ++k) {
        if (rng.Uniform() >= 0.8) continue;
        const Source& s = sources[v.sources[rng.Below(v.sources.size())]];
        add("FT" + tag + "-" + std::to_string(++ftk_no), true, nullptr, s,
            fy_start, fy_end, ftk);
      }
    }
  }
  JJM_RETURN_IF_ERROR(w->Close());
  return stats;
}

}  // namespace jjm
