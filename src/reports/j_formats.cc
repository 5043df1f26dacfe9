#include "reports/j_formats.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

#include "base/strings.h"
#include "coverage/report.h"

namespace jjm {
namespace {

using K = ColumnKind;

ReportColumn Col(std::string key, std::string title, std::string title_hi,
                 ColumnKind kind, std::string note = "") {
  return ReportColumn{std::move(key), std::move(title), std::move(title_hi),
                      kind, std::move(note)};
}

// The heading of a column of places at `level`.
ReportColumn PlaceCol(Level level) {
  switch (level) {
    case Level::kState:
      return Col("state", "State", "राज्य", K::kText);
    case Level::kDistrict:
      return Col("district", "District", "ज़िला", K::kText);
    case Level::kBlock:
      return Col("block", "Block", "ब्लॉक", K::kText);
    case Level::kGp:
      return Col("gp", "Gram Panchayat", "ग्राम पंचायत", K::kText);
    case Level::kVillage:
      return Col("village", "Village", "गाँव", K::kText);
    default:
      return Col("place", "Place", "स्थान", K::kText);
  }
}

ReportColumn CodeCol() { return Col("code", "Code", "कोड", K::kText); }

// The place's existing children, ordered by name as IMIS lists them.
std::vector<UnitId> ChildrenByName(const Hierarchy& h, UnitId u) {
  std::vector<UnitId> out;
  for (UnitId c : h.Get(u).children) {
    if (h.Contains(c) && h.Get(c).level <= Level::kVillage) out.push_back(c);
  }
  std::stable_sort(out.begin(), out.end(), [&](UnitId a, UnitId b) {
    return h.Get(a).name < h.Get(b).name;
  });
  return out;
}

// The places at `level` under `u`, depth first, each level by name: the
// order in which IMIS lists districts within states.
void AtLevelByName(const Hierarchy& h, UnitId u, Level level,
                   std::vector<UnitId>* out) {
  if (h.Get(u).level == level) {
    out->push_back(u);
    return;
  }
  if (h.Get(u).level > level) return;
  for (UnitId c : ChildrenByName(h, u)) AtLevelByName(h, c, level, out);
}

Status CheckDepth(const Hierarchy& h, UnitId place, Level deepest,
                  std::string_view report) {
  const Place& p = h.Get(place);
  if (p.level > deepest) {
    return InvalidArgument(std::string(report) + " is by places below a " +
                               std::string(LevelName(deepest)) +
                               " at most: " + p.code + " is a " +
                               std::string(LevelName(p.level)),
                           "place");
  }
  return Status::Ok();
}

// NE and UT groups of J2, by LGD state code, then by name.
enum class StateGroup { kNe, kUt, kOther };
StateGroup GroupOf(const Place& p) {
  static constexpr std::array<int64_t, 8> kNe = {12, 18, 14, 17,
                                                 15, 13, 11, 16};
  static constexpr std::array<int64_t, 10> kUt = {35, 4,  38, 7,  1,
                                                  37, 31, 34, 25, 26};
  static const char* const kNeNames[] = {
      "arunachal pradesh", "assam",    "manipur", "meghalaya",
      "mizoram",           "nagaland", "sikkim",  "tripura"};
  static const char* const kUtNames[] = {
      "andaman and nicobar islands",
      "chandigarh",
      "dadra and nagar haveli and daman and diu",
      "the dadra and nagar haveli and daman and diu",
      "delhi",
      "nct of delhi",
      "jammu and kashmir",
      "ladakh",
      "lakshadweep",
      "puducherry"};
  if (p.lgd_code.has_value()) {
    const int64_t c = *p.lgd_code;
    if (std::find(kNe.begin(), kNe.end(), c) != kNe.end()) {
      return StateGroup::kNe;
    }
    if (std::find(kUt.begin(), kUt.end(), c) != kUt.end()) {
      return StateGroup::kUt;
    }
    return StateGroup::kOther;
  }
  const std::string key = NameKey(p.name);
  for (const char* n : kNeNames) {
    if (key == n) return StateGroup::kNe;
  }
  for (const char* n : kUtNames) {
    if (key == n) return StateGroup::kUt;
  }
  return StateGroup::kOther;
}

ReportTable Start(std::string_view name, const JReportInput& in) {
  ReportTable t;
  const ReportInfo* info = FindReport(name);
  t.name = std::string(name);
  t.title = info->title;
  t.title_hi = info->title_hi;
  AddStandardHead(*in.h, in.place, in.as_of, in.generated_at, &t);
  return t;
}

// ---------------------------------------------------------------- J2

ReportTable J2(const JReportInput& in) {
  const Hierarchy& h = *in.h;
  ReportTable t = Start("j2", in);
  const bool national = in.place == kIndia;
  t.note =
      "Public institutions with a tap connection as of the date, from the "
      "latest village facts on or before it. jjm records schools and "
      "anganwadi centres per village; ashram shalas and other public "
      "institutions are not recorded, so their column is empty and the "
      "total counts schools and anganwadi centres only.";
  if (national) {
    t.columns.push_back(Col("group", "Group", "समूह", K::kText,
                            "NE: the eight north-eastern states; UT: union "
                            "territories; OTHER: the other states"));
  }
  const Level child = national ? Level::kState : h.ChildLevel(in.place);
  t.columns.push_back(PlaceCol(child));
  t.columns.push_back(CodeCol());
  t.columns.push_back(Col("schools_with_tap", "Schools with tap",
                          "नल कनेक्शन वाले स्कूल", K::kCount));
  t.columns.push_back(Col("anganwadis_with_tap", "Anganwadi centres with tap",
                          "नल कनेक्शन वाले आंगनवाड़ी केंद्र", K::kCount));
  t.columns.push_back(Col("ashramshala_and_other_public_institutions_with_tap",
                          "Ashram shalas and other public institutions "
                          "with tap",
                          "नल कनेक्शन वाली आश्रमशालाएँ और अन्य सार्वजनिक "
                          "संस्थान",
                          K::kCount, "not recorded in jjm"));
  t.columns.push_back(Col("total", "Total", "कुल", K::kCount,
                          "schools with tap + anganwadi centres with tap"));
  auto row = [&](RowKind kind, const char* group, const std::string& name,
                 const std::string& code, const Metrics& m) {
    t.BeginRow(kind);
    if (national) t.Text(group);
    t.Text(name);
    t.Text(code);
    t.Int(m.schools_with_tap);
    t.Int(m.anganwadis_with_tap);
    t.Empty();
    t.Int(int64_t{m.schools_with_tap} + m.anganwadis_with_tap);
  };
  const std::vector<UnitId> children = ChildrenByName(h, in.place);
  if (!national) {
    for (UnitId c : children) {
      row(RowKind::kRow, "", h.Get(c).name, h.Get(c).code,
          in.index->At(c, in.as_of));
    }
  } else {
    // IMIS lists the north-eastern states, then the union territories,
    // then the other states, each group with its sub-total.
    const std::pair<StateGroup, const char*> groups[] = {
        {StateGroup::kNe, "NE"},
        {StateGroup::kUt, "UT"},
        {StateGroup::kOther, "OTHER"}};
    std::vector<std::pair<const char*, Metrics>> subtotals;
    for (const auto& [g, label] : groups) {
      Metrics sum;
      for (UnitId c : children) {
        if (GroupOf(h.Get(c)) != g) continue;
        const Metrics m = in.index->At(c, in.as_of);
        sum += m;
        row(RowKind::kRow, label, h.Get(c).name, h.Get(c).code, m);
      }
      subtotals.emplace_back(label, sum);
    }
    for (const auto& [label, m] : subtotals) {
      row(RowKind::kSubtotal, label, "Sub-Total", "", m);
    }
  }
  row(RowKind::kTotal, national ? "ALL" : "", "Total", h.Get(in.place).code,
      in.index->At(in.place, in.as_of));
  return t;
}

// ---------------------------------------------------------------- J3

// Households and connections in villages with piped water supply.
struct Pws {
  int64_t villages = 0, households = 0, with_tap = 0;
};

Pws PwsOf(const JReportInput& in, UnitId u) {
  Pws p;
  in.h->ForEachVillage(u, [&](UnitId v) {
    if (static_cast<size_t>(v) >= in.pws.size() || !in.pws[v]) return;
    const Metrics m = in.index->At(v, in.as_of);
    ++p.villages;
    p.households += m.total_hh;
    p.with_tap += m.hh_with_tap;
  });
  return p;
}

ReportTable J3(const JReportInput& in) {
  const Hierarchy& h = *in.h;
  ReportTable t = Start("j3", in);
  t.note =
      "Households and tap connections as of the date. PWS villages are "
      "villages served by a piped water supply scheme commissioned on or "
      "before the date (the supply module's schemes).";
  t.columns.push_back(PlaceCol(h.ChildLevel(in.place)));
  t.columns.push_back(CodeCol());
  t.columns.push_back(Col("villages", "Villages", "गाँव", K::kCount));
  t.columns.push_back(Col("total_hh", "Total households", "कुल परिवार",
                          K::kCount,
                          "latest village facts on or before the date"));
  t.columns.push_back(Col("hh_with_tap", "Households with tap",
                          "नल कनेक्शन वाले परिवार", K::kCount,
                          "the ledger of connections up to the date"));
  t.columns.push_back(Col("balance", "Balance", "शेष", K::kCount,
                          "total households - households with tap"));
  t.columns.push_back(Col("balance_pct", "Balance (% of total)", "शेष (कुल का %)",
                          K::kPercent, "balance / total households x 100"));
  t.columns.push_back(
      Col("pws_villages", "PWS villages", "पाइप जलापूर्ति वाले गाँव", K::kCount));
  t.columns.push_back(Col("pws_households", "Households in PWS villages",
                          "पाइप जलापूर्ति वाले गाँवों में परिवार", K::kCount));
  t.columns.push_back(Col("pws_connections", "Connections in PWS villages",
                          "पाइप जलापूर्ति वाले गाँवों में नल कनेक्शन", K::kCount));
  t.columns.push_back(Col("pws_balance", "PWS balance",
                          "पाइप जलापूर्ति वाले गाँवों में शेष", K::kCount,
                          "households - connections in PWS villages"));
  auto row = [&](RowKind kind, UnitId u, const std::string& name) {
    const Metrics m = in.index->At(u, in.as_of);
    const int64_t balance = int64_t{m.total_hh} - m.hh_with_tap;
    t.BeginRow(kind);
    t.Text(name);
    t.Text(h.Get(u).code);
    t.Int(m.villages);
    t.Int(m.total_hh);
    t.Int(m.hh_with_tap);
    t.Int(balance);
    t.Real(Percent(balance, m.total_hh));
    if (in.pws_known) {
      const Pws p = PwsOf(in, u);
      t.Int(p.villages);
      t.Int(p.households);
      t.Int(p.with_tap);
      t.Int(p.households - p.with_tap);
    } else {
      for (int i = 0; i < 4; ++i) t.Empty();
    }
  };
  for (UnitId c : ChildrenByName(h, in.place)) {
    row(RowKind::kRow, c, h.Get(c).name);
  }
  row(RowKind::kTotal, in.place, "Total");
  return t;
}

// ---------------------------------------------------------------- J5

constexpr int kBands = 6;
const char* const kBandKeys[kBands] = {"0",     "0_25",   "25_50",
                                       "50_75", "75_100", "100"};
const char* const kBandTitles[kBands] = {"0%",
                                         "above 0 to below 25%",
                                         "25 to below 50%",
                                         "50 to below 75%",
                                         "75 to below 100%",
                                         "100%"};
const char* const kBandTitlesHi[kBands] = {"0%",
                                           "0 से अधिक, 25% से कम",
                                           "25 से 50% से कम",
                                           "50 से 75% से कम",
                                           "75 से 100% से कम",
                                           "100%"};

// The band of a village with `m`, or -1 for one with no households.
int BandOf(const Metrics& m) {
  if (m.total_hh <= 0) return -1;
  if (m.hh_with_tap <= 0) return 0;
  if (m.hh_with_tap >= m.total_hh) return 5;
  const double pct = Percent(m.hh_with_tap, m.total_hh);
  if (pct < 25) return 1;
  if (pct < 50) return 2;
  if (pct < 75) return 3;
  return 4;
}

struct BandSums {
  std::array<std::array<int64_t, 4>, kBands> v{};  // villages, habs, hh, tap
  BandSums& operator+=(const BandSums& o) {
    for (int b = 0; b < kBands; ++b) {
      for (int i = 0; i < 4; ++i) v[b][i] += o.v[b][i];
    }
    return *this;
  }
};

BandSums BandsOf(const JReportInput& in, UnitId block) {
  BandSums s;
  in.h->ForEachVillage(block, [&](UnitId v) {
    const Metrics m = in.index->At(v, in.as_of);
    const int b = BandOf(m);
    if (b < 0) return;
    int64_t habitations = 0;
    for (UnitId c : in.h->Get(v).children) {
      if (in.h->Contains(c)) ++habitations;
    }
    s.v[b][0] += 1;
    s.v[b][1] += habitations;
    s.v[b][2] += m.total_hh;
    s.v[b][3] += m.hh_with_tap;
  });
  return s;
}

ReportTable J5(const JReportInput& in) {
  const Hierarchy& h = *in.h;
  ReportTable t = Start("j5", in);
  t.note =
      "Villages banded by the share of their households with a tap as of "
      "the date; for each band its villages, the habitations recorded in "
      "them, their households and house connections. jjm keeps households "
      "and connections per village, so a habitation takes its village's "
      "band. Villages with no households recorded are in no band.";
  t.columns.push_back(PlaceCol(Level::kDistrict));
  t.columns.push_back(PlaceCol(Level::kBlock));
  t.columns.push_back(CodeCol());
  for (int b = 0; b < kBands; ++b) {
    const std::string k = std::string("band_") + kBandKeys[b];
    const std::string ti = kBandTitles[b];
    const std::string th = kBandTitlesHi[b];
    t.columns.push_back(
        Col(k + "_villages", ti + ": villages", th + ": गाँव", K::kCount));
    t.columns.push_back(Col(k + "_habitations", ti + ": habitations",
                            th + ": बसावटें", K::kCount));
    t.columns.push_back(Col(k + "_households", ti + ": households",
                            th + ": परिवार", K::kCount));
    t.columns.push_back(Col(k + "_connections", ti + ": house connections",
                            th + ": घरेलू नल कनेक्शन", K::kCount));
  }
  auto row = [&](RowKind kind, const std::string& district,
                 const std::string& block, const std::string& code,
                 const BandSums& s) {
    t.BeginRow(kind);
    t.Text(district);
    t.Text(block);
    t.Text(code);
    for (int b = 0; b < kBands; ++b) {
      for (int i = 0; i < 4; ++i) t.Int(s.v[b][i]);
    }
  };
  std::vector<UnitId> districts;
  AtLevelByName(h, in.place, Level::kDistrict, &districts);
  if (districts.empty())
    districts.push_back(h.AncestorAt(in.place, Level::kDistrict));
  const bool many =
      districts.size() > 1 || h.Get(in.place).level < Level::kDistrict;
  BandSums total;
  for (UnitId d : districts) {
    if (d == kNoUnit) continue;
    std::vector<UnitId> blocks;
    AtLevelByName(h, h.Get(in.place).level > Level::kDistrict ? in.place : d,
                  Level::kBlock, &blocks);
    BandSums sub;
    for (UnitId b : blocks) {
      const BandSums s = BandsOf(in, b);
      sub += s;
      row(RowKind::kRow, h.Get(d).name, h.Get(b).name, h.Get(b).code, s);
    }
    total += sub;
    if (many)
      row(RowKind::kSubtotal, h.Get(d).name, "Sub-Total", h.Get(d).code, sub);
  }
  row(RowKind::kTotal, "Total", "", h.Get(in.place).code, total);
  return t;
}

// ---------------------------------------------------------------- J7

ReportTable J7(const JReportInput& in) {
  const Hierarchy& h = *in.h;
  ReportTable t = Start("j7", in);
  t.note =
      "Every village below the place as of the date, by district, block and "
      "gram panchayat; a sub-total after each block.";
  for (Level l : {Level::kDistrict, Level::kBlock, Level::kGp}) {
    t.columns.push_back(PlaceCol(l));
    t.columns.back().group = true;
  }
  t.columns.push_back(PlaceCol(Level::kVillage));
  t.columns.push_back(CodeCol());
  t.columns.push_back(
      Col("total_hh", "Total households", "कुल परिवार", K::kCount));
  t.columns.push_back(Col("hh_with_tap", "Households with tap",
                          "नल कनेक्शन वाले परिवार", K::kCount));
  t.columns.push_back(Col("coverage_pct", "Coverage (%)", "कवरेज (%)",
                          K::kPercent,
                          "households with tap / total households x 100"));
  t.columns.push_back(Col("balance", "Balance", "शेष", K::kCount));
  t.columns.push_back(Col("hgj", "Har Ghar Jal", "हर घर जल", K::kCount,
                          "1 when every household has a tap"));
  t.columns.push_back(Col("schools", "Schools", "स्कूल", K::kCount));
  t.columns.push_back(Col("schools_with_tap", "Schools with tap",
                          "नल कनेक्शन वाले स्कूल", K::kCount));
  t.columns.push_back(
      Col("anganwadis", "Anganwadi centres", "आंगनवाड़ी केंद्र", K::kCount));
  t.columns.push_back(Col("anganwadis_with_tap", "Anganwadi centres with tap",
                          "नल कनेक्शन वाले आंगनवाड़ी केंद्र", K::kCount));
  auto figures = [&](const Metrics& m) {
    t.Int(m.total_hh);
    t.Int(m.hh_with_tap);
    t.Real(Percent(m.hh_with_tap, m.total_hh));
    t.Int(int64_t{m.total_hh} - m.hh_with_tap);
    t.Int(m.hgj_villages);
    t.Int(m.schools);
    t.Int(m.schools_with_tap);
    t.Int(m.anganwadis);
    t.Int(m.anganwadis_with_tap);
  };
  std::vector<UnitId> blocks;
  AtLevelByName(h, in.place, Level::kBlock, &blocks);
  if (blocks.empty()) blocks.push_back(kNoUnit);  // the place is a GP
  for (UnitId b : blocks) {
    const UnitId from = b == kNoUnit ? in.place : b;
    // (gram panchayat, village) pairs by name; a village filed straight
    // under its block (files without panchayats) has no panchayat.
    std::vector<std::pair<UnitId, UnitId>> villages;
    for (UnitId c : ChildrenByName(h, from)) {
      if (h.Get(c).level == Level::kVillage) {
        villages.emplace_back(kNoUnit, c);
      } else if (h.Get(c).level == Level::kGp) {
        for (UnitId v : ChildrenByName(h, c)) {
          if (h.Get(v).level == Level::kVillage) villages.emplace_back(c, v);
        }
      }
    }
    if (h.Get(from).level == Level::kVillage)
      villages.emplace_back(kNoUnit, from);
    const UnitId block = h.AncestorAt(from, Level::kBlock);
    const UnitId district = h.AncestorAt(from, Level::kDistrict);
    const std::string& dname = district == kNoUnit ? "" : h.Get(district).name;
    const std::string& bname = block == kNoUnit ? "" : h.Get(block).name;
    for (const auto& [g, v] : villages) {
      t.BeginRow(RowKind::kRow);
      t.Text(dname);
      t.Text(bname);
      t.Text(g == kNoUnit ? "" : h.Get(g).name);
      t.Text(h.Get(v).name);
      t.Text(h.Get(v).code);
      figures(in.index->At(v, in.as_of));
    }
    if (b != kNoUnit && blocks.size() > 1) {
      t.BeginRow(RowKind::kSubtotal);
      t.Text(dname);
      t.Text(bname);
      t.Text("Sub-Total");
      t.Text("");
      t.Text(h.Get(b).code);
      Metrics m = in.index->At(b, in.as_of);
      m.villages = 0;
      figures(m);
    }
  }
  t.BeginRow(RowKind::kTotal);
  t.Text("Total");
  for (int i = 0; i < 3; ++i) t.Text("");
  t.Text(h.Get(in.place).code);
  figures(in.index->At(in.place, in.as_of));
  return t;
}

// ---------------------------------------------------------------- J17

ReportTable J17(const JReportInput& in) {
  const Hierarchy& h = *in.h;
  ReportTable t = Start("j17", in);
  t.note =
      "Each district's tap connections: the households with a tap on the "
      "mission's launch (15 Aug 2019, the ledger's baseline), those "
      "connected since, and the position on the date. States' sub-totals "
      "follow their districts.";
  t.columns.push_back(PlaceCol(Level::kState));
  t.columns.push_back(PlaceCol(Level::kDistrict));
  t.columns.push_back(CodeCol());
  t.columns.push_back(
      Col("total_hh", "Total households", "कुल परिवार", K::kCount));
  t.columns.push_back(Col("hh_with_tap_at_launch",
                          "Households with tap on 15 Aug 2019",
                          "15 अगस्त 2019 को नल कनेक्शन वाले परिवार", K::kCount,
                          "the ledger's baseline records"));
  t.columns.push_back(Col("connections_since_launch",
                          "Connections since launch",
                          "मिशन शुरू होने के बाद दिए गए नल कनेक्शन", K::kCount,
                          "households with tap on the date - on 15 Aug 2019"));
  t.columns.push_back(Col("hh_with_tap", "Households with tap",
                          "नल कनेक्शन वाले परिवार", K::kCount));
  t.columns.push_back(
      Col("coverage_pct", "Coverage (%)", "कवरेज (%)", K::kPercent));
  t.columns.push_back(Col("balance", "Balance", "शेष", K::kCount));
  t.columns.push_back(Col("villages", "Villages", "गाँव", K::kCount));
  t.columns.push_back(Col("hgj_villages", "Har Ghar Jal villages",
                          "हर घर जल गाँव", K::kCount,
                          "villages where every household has a tap"));
  auto row = [&](RowKind kind, const std::string& state,
                 const std::string& district, UnitId u) {
    const Figures f = ComputeFigures(*in.index, u, in.as_of, in.as_of);
    t.BeginRow(kind);
    t.Text(state);
    t.Text(district);
    t.Text(h.Get(u).code);
    t.Int(f.m.total_hh);
    if (in.as_of >= JjmBaseline()) {
      t.Int(in.index->BaselineTap(u));
      t.Int(f.connections_since_launch);
    } else {
      t.Empty();
      t.Empty();
    }
    t.Int(f.m.hh_with_tap);
    t.Real(f.pct);
    t.Int(f.remaining);
    t.Int(f.m.villages);
    t.Int(f.m.hgj_villages);
  };
  std::vector<UnitId> states;
  AtLevelByName(h, in.place, Level::kState, &states);
  if (states.empty()) states.push_back(h.AncestorAt(in.place, Level::kState));
  const bool national = in.place == kIndia;
  for (UnitId s : states) {
    std::vector<UnitId> districts;
    AtLevelByName(h, h.Get(in.place).level > Level::kState ? in.place : s,
                  Level::kDistrict, &districts);
    for (UnitId d : districts) {
      row(RowKind::kRow, h.Get(s).name, h.Get(d).name, d);
    }
    if (national) row(RowKind::kSubtotal, h.Get(s).name, "Sub-Total", s);
  }
  row(RowKind::kTotal, "Total", "", in.place);
  return t;
}

// ---------------------------------------------------------------- J23

ReportTable J23(const JReportInput& in) {
  const Hierarchy& h = *in.h;
  ReportTable t = Start("j23", in);
  t.note =
      "Households still to be connected, and the households per day needed "
      "to connect them all by each state's target date (kept per state; "
      "the national default where a state has none). Households per day "
      "is empty once the target date has passed.";
  t.columns.push_back(PlaceCol(h.ChildLevel(in.place)));
  t.columns.push_back(CodeCol());
  t.columns.push_back(
      Col("total_hh", "Total households", "कुल परिवार", K::kCount));
  t.columns.push_back(Col("hh_with_tap", "Households with tap",
                          "नल कनेक्शन वाले परिवार", K::kCount));
  t.columns.push_back(Col("balance", "Balance", "शेष", K::kCount));
  t.columns.push_back(Col("balance_pct", "Balance (%)", "शेष (%)", K::kPercent));
  t.columns.push_back(Col("connections_last_day", "Connections in the last day",
                          "पिछले दिन दिए गए नल कनेक्शन", K::kCount,
                          "households with tap on the date - the day before"));
  t.columns.push_back(Col("target_date", "Target date", "लक्ष्य तिथि", K::kDate));
  t.columns.push_back(Col("days_left", "Days left", "शेष दिन", K::kCount));
  t.columns.push_back(Col("hh_per_day_needed", "Households per day needed",
                          "प्रतिदिन आवश्यक नल कनेक्शन", K::kDecimal,
                          "balance / days left"));
  auto row = [&](RowKind kind, UnitId u, const std::string& name) {
    const UnitId state = h.AncestorAt(u, Level::kState);
    const Date target =
        state == kNoUnit ? DefaultTargetDate() : in.target_of(state);
    const Figures f = ComputeFigures(*in.index, u, in.as_of, target);
    const Metrics before = in.index->At(u, in.as_of - 1);
    t.BeginRow(kind);
    t.Text(name);
    t.Text(h.Get(u).code);
    t.Int(f.m.total_hh);
    t.Int(f.m.hh_with_tap);
    t.Int(f.remaining);
    t.Real(Percent(f.remaining, f.m.total_hh));
    t.Int(int64_t{f.m.hh_with_tap} - before.hh_with_tap);
    if (state == kNoUnit) {
      t.Empty();  // India: each state has its own date
      t.Empty();
      t.Empty();
      return;
    }
    t.Text(target.ToString());
    t.Int(std::max(0, f.days_to_target));
    if (f.hh_per_day_needed.has_value()) {
      t.Real(*f.hh_per_day_needed);
    } else {
      t.Empty();
    }
  };
  for (UnitId c : ChildrenByName(h, in.place)) {
    row(RowKind::kRow, c, h.Get(c).name);
  }
  row(RowKind::kTotal, in.place, "Total");
  return t;
}

}  // namespace

const std::vector<ReportInfo>& AllReports() {
  static const std::vector<ReportInfo>* all = new std::vector<ReportInfo>{
      {"j2",
       "Format J2: schools, anganwadi centres and other public institutions "
       "with tap",
       "प्रारूप J2: नल कनेक्शन वाले स्कूल, आंगनवाड़ी केंद्र और अन्य सार्वजनिक "
       "संस्थान",
       "state (or the place's children)", "coverage", Level::kBlock},
      {"j3", "Format J3: state-wise tap connections",
       "प्रारूप J3: राज्य-वार नल कनेक्शन", "state (or the place's children)",
       "coverage", Level::kGp},
      {"j5", "Format J5: habitation-wise coverage in bands, by block",
       "प्रारूप J5: बसावट-वार कवरेज के स्तर, ब्लॉक-वार", "block", "coverage",
       Level::kBlock},
      {"j7", "Format J7: village-wise coverage", "प्रारूप J7: गाँव-वार कवरेज",
       "village", "coverage", Level::kGp},
      {"j17", "Format J17: district-wise analysis of tap connections",
       "प्रारूप J17: ज़िला-वार नल कनेक्शन विश्लेषण", "district", "coverage",
       Level::kDistrict},
      {"j23",
       "Format J23: status of tap connections and the rate needed to reach "
       "Har Ghar Jal",
       "प्रारूप J23: नल कनेक्शन की स्थिति और हर घर जल तक पहुँचने की आवश्यक दर",
       "state (or the place's children)", "coverage", Level::kGp},
      {"cs1bi", "CS1 B(i): water quality, by state",
       "CS1 B(i): जल गुणवत्ता, राज्य-वार", "state", "quality", Level::kState},
      {"l5", "Format L5: village-wise testing (lab and FTK)",
       "प्रारूप L5: गाँव-वार जाँच (प्रयोगशाला और FTK)", "the place's children",
       "quality", Level::kGp},
  };
  return *all;
}

const ReportInfo* FindReport(std::string_view name) {
  for (const ReportInfo& r : AllReports()) {
    // "J7" as officials write it finds j7.
    if (r.name.size() == name.size() &&
        std::equal(r.name.begin(), r.name.end(), name.begin(),
                   [](char a, char b) {
                     return a == std::tolower(static_cast<unsigned char>(b));
                   })) {
      return &r;
    }
  }
  return nullptr;
}

void AddStandardHead(const Hierarchy& h, UnitId place, Date as_of,
                     const std::string& generated_at, ReportTable* t) {
  const Place& p = h.Get(place);
  // "Balapura · Amarsar · Bhimgarh · Gopalgarh · Andhra Pradesh".
  std::string where = p.name;
  const std::vector<UnitId> path = h.Path(place);
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if (*it != kIndia) where += " · " + h.Get(*it).name;
  }
  t->head.push_back({"Place", "स्थान",
                     place == kIndia ? p.name : where + " (" + p.code + ")"});
  t->head.push_back({"As of", "तिथि", as_of.ToString()});
  t->head.push_back({"Generated", "तैयार किया गया", generated_at});
}

std::string GeneratedAtNow() {
  const std::time_t now = std::time(nullptr) + 19800;  // IST
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M IST", &tm);
  return buf;
}

StatusOr<ReportTable> BuildJReport(std::string_view name,
                                   const JReportInput& in) {
  const ReportInfo* info = FindReport(name);
  if (info == nullptr || info->module != "coverage") {
    return NotFound("no coverage report '" + std::string(name) + "'", "name");
  }
  JJM_RETURN_IF_ERROR(CheckDepth(*in.h, in.place, info->deepest,
                                 "Format " + std::string(name)));
  if (name == "j2") return J2(in);
  if (name == "j3") return J3(in);
  if (name == "j5") return J5(in);
  if (name == "j7") return J7(in);
  if (name == "j17") return J17(in);
  return J23(in);
}

}  // namespace jjm
