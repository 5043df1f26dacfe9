#include "io/generate.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "base/csv.h"
#include "base/strings.h"
#include "io/importers.h"

namespace jjm {
namespace {

// Published national figures (DDWS press releases, see
// shared/data/jjm-published): households and households with tap, crore.
struct PublishedRow {
  int y, m, d;
  double households_crore;
  double with_tap_crore;
};
constexpr PublishedRow kPublished[] = {
    {2019, 8, 15, 18.93, 3.23},
    {2020, 7, 21, 18.93, 4.60},
    {2021, 7, 25, 18.98, 7.80},
    {2021, 10, 10, 19.224998, 8.310388},
    {2021, 12, 5, 19.22, 8.61},
    {2022, 6, 1, 19.13, 9.59},
    {2022, 12, 4, 19.35, 10.65},
    {2022, 12, 19, 19.36, 10.75},
    {2023, 3, 13, 19.42, 11.41},
    {2023, 5, 17, 19.44, 12.00},
    {2024, 1, 30, 19.27, 14.21},
    {2024, 3, 7, 19.2794822, 14.4657889},
    {2024, 6, 18, 19.3121778, 14.8816184},
    {2024, 7, 25, 19.32, 15.01},
    {2024, 8, 1, 19.32, 15.03},
    {2024, 11, 26, 19.34, 15.30},
    {2025, 3, 12, 19.36, 15.52},
    {2025, 3, 24, 19.36, 15.54},
    {2025, 7, 16, 19.36, 15.67},
};

// Household re-surveys: dates and the national total they move to.
struct Survey {
  int y, m, d;
  double households_crore;
};
constexpr Survey kSurveys[] = {
    {2021, 10, 10, 19.224998}, {2022, 12, 19, 19.36}, {2023, 3, 13, 19.42},
    {2024, 3, 7, 19.2794822},  {2025, 3, 12, 19.36},
};

// States and UTs: LGD code and name (LGD), districts, blocks and villages
// (LGD counts), and synthetic but plausible rural households (lakh),
// coverage at the baseline and in 2025 (%), and for states at 100% the
// month they got there.
struct StateSpec {
  int lgd;
  const char* name;
  int districts, blocks, villages;
  double hh_lakh, base_pct, final_pct;
  int done_y, done_m;  // 0 when not at 100%
  double sc, st;       // population shares
};
constexpr StateSpec kStates[] = {
    {1, "Jammu and Kashmir", 20, 287, 6857, 19.3, 31, 81, 0, 0, .07, .12},
    {2, "Himachal Pradesh", 12, 87, 21593, 17.1, 44, 100, 2023, 6, .27, .06},
    {3, "Punjab", 23, 153, 13014, 34.3, 48, 100, 2023, 3, .37, 0},
    {4, "Chandigarh", 1, 1, 5, 0.05, 90, 100, 2020, 6, .2, 0},
    {5, "Uttarakhand", 13, 95, 17343, 14.5, 9, 95, 0, 0, .2, .04},
    {6, "Haryana", 22, 143, 7090, 30.4, 58, 100, 2022, 8, .22, 0},
    {7, "Delhi", 11, 11, 353, 0.3, 80, 100, 2021, 3, .17, 0},
    {8, "Rajasthan", 33, 352, 52516, 107.6, 11, 55, 0, 0, .18, .16},
    {9, "Uttar Pradesh", 75, 828, 110274, 266.4, 2, 90, 0, 0, .23, .01},
    {10, "Bihar", 38, 534, 48927, 166.3, 2, 96, 0, 0, .17, .01},
    {11, "Sikkim", 6, 32, 485, 1.33, 53, 85, 0, 0, .05, .36},
    {12, "Arunachal Pradesh", 25, 114, 5491, 2.29, 10, 100, 2024, 6, 0, .75},
    {13, "Nagaland", 14, 74, 1554, 3.69, 4, 83, 0, 0, 0, .9},
    {14, "Manipur", 16, 70, 3850, 4.52, 6, 80, 0, 0, .04, .45},
    {15, "Mizoram", 11, 26, 887, 1.33, 7, 100, 2024, 12, 0, .95},
    {16, "Tripura", 8, 58, 898, 7.4, 3, 85, 0, 0, .18, .37},
    {17, "Meghalaya", 12, 46, 7203, 6.51, 1.5, 80, 0, 0, 0, .9},
    {18, "Assam", 35, 250, 28910, 72.6, 2, 81, 0, 0, .07, .14},
    {19, "West Bengal", 23, 346, 41006, 174.9, 1.3, 55, 0, 0, .27, .07},
    {20, "Jharkhand", 24, 264, 32737, 62.5, 6, 55, 0, 0, .12, .31},
    {21, "Odisha", 30, 314, 51800, 88.5, 4, 80, 0, 0, .17, .26},
    {22, "Chhattisgarh", 33, 146, 20665, 49.9, 7, 80, 0, 0, .12, .37},
    {23, "Madhya Pradesh", 52, 313, 57497, 111.8, 12, 70, 0, 0, .16, .25},
    {24, "Gujarat", 33, 250, 19105, 91.2, 65, 100, 2022, 10, .07, .23},
    {27, "Maharashtra", 36, 352, 44812, 146.8, 33, 88, 0, 0, .12, .14},
    {28, "Andhra Pradesh", 26, 668, 17957, 95.5, 32, 73, 0, 0, .18, .07},
    {29, "Karnataka", 31, 230, 30771, 101.3, 24, 85, 0, 0, .2, .09},
    {30, "Goa", 2, 12, 429, 2.63, 75, 100, 2021, 8, .02, .1},
    {31, "Lakshadweep", 1, 10, 27, 0.13, 0, 100, 2023, 12, 0, .95},
    {32, "Kerala", 14, 152, 1666, 70.7, 24, 54, 0, 0, .1, .02},
    {33, "Tamil Nadu", 38, 388, 18681, 125.3, 17, 90, 0, 0, .25, .02},
    {34, "Puducherry", 4, 6, 129, 1.15, 81, 100, 2022, 3, .16, 0},
    {35, "Andaman and Nicobar Islands", 3, 9, 559, 0.62, 46, 100, 2022, 8, 0,
     .1},
    {36, "Telangana", 33, 589, 11308, 53.98, 28, 100, 2022, 6, .17, .1},
    {37, "Ladakh", 2, 31, 248, 0.41, 3, 91, 0, 0, 0, .8},
    {38, "The Dadra and Nagar Haveli and Daman and Diu", 3, 3, 101, 0.85, 0,
     100, 2022, 6, .02, .5},
};

constexpr int kVillagesPerGp100 = 265;  // 2.65 villages per gram panchayat

// SplitMix64: small, fast and the same on every machine.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return (Next() >> 11) * (1.0 / 9007199254740992.0); }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Uniform() * n); }
  double Normal() {
    const double u1 = std::max(Uniform(), 1e-12), u2 = Uniform();
    return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  uint64_t s_;
};

std::string MakeName(Rng& rng, int style) {
  static const char* kStarts[] = {
      "Ram",    "Shiv",  "Krishna", "Lakshmi", "Ganga", "Chandra", "Hari",
      "Devi",   "Bhim",  "Sita",    "Madhav",  "Gopal", "Anand",   "Surya",
      "Kamal",  "Nanda", "Bela",    "Kesar",   "Moti",  "Hira",    "Sona",
      "Amar",   "Vijay", "Rudra",   "Padma",   "Tulsi", "Basant",  "Kusum",
      "Jamun",  "Neem",  "Peepal",  "Bargad",  "Kali",  "Durga",   "Bala",
      "Sundar", "Raj",   "Dhan",    "Mohan",   "Ratan"};
  static const char* kEnds[] = {
      "pur",    "pura",  "nagar", "gaon", "palli", "halli", "wadi",  "ganj",
      "garh",   "abad",  "kheda", "kota", "pet",   "peta",  "puram", "gudem",
      "valasa", "khali", "tola",  "bari", "dih",   "sar",   "ner",   "wara"};
  static const char* kWords[] = {"Khurd", "Kalan", "East",  "West",
                                 "North", "South", "Uttar", "Dakshin"};
  std::string n = kStarts[rng.Below(std::size(kStarts))];
  n += kEnds[rng.Below(std::size(kEnds))];
  if (style == 1 && rng.Uniform() < 0.12) {
    n += ' ';
    n += kWords[rng.Below(std::size(kWords))];
  }
  return n;
}

// Splits `n` children over `parents` parents: every parent gets at least
// one, the rest fall at random.  Returns the count per parent.
std::vector<int> Spread(Rng& rng, int n, int parents) {
  std::vector<int> out(parents, 1);
  for (int i = parents; i < n; ++i) ++out[rng.Below(parents)];
  return out;
}

// Cumulative fraction of a state's new connections done by each day, from
// the day after the baseline to `until`.
using Curve = std::vector<double>;

int32_t InverseCurve(const Curve& c, int32_t day0, double u) {
  const auto it = std::lower_bound(c.begin(), c.end(), u);
  const size_t i = it == c.end() ? c.size() - 1 : it - c.begin();
  return day0 + static_cast<int32_t>(i);
}

struct Village {
  int64_t code;
  int32_t hh;    // households in 2025 (the last survey)
  int32_t base;  // households with tap on the baseline
  int32_t final_tap;
  int32_t events_begin, events_end;  // into the event arrays
};

void AppendInt(int64_t v, std::string* out) { *out += std::to_string(v); }

}  // namespace

std::vector<NationalPoint> PublishedNationalSeries() {
  std::vector<NationalPoint> out;
  for (const PublishedRow& r : kPublished) {
    out.push_back({Date::FromCivil(r.y, r.m, r.d),
                   std::llround(r.households_crore * 1e7),
                   std::llround(r.with_tap_crore * 1e7)});
  }
  return out;
}

StatusOr<GenerateStats> Generate(const GenerateOptions& opt) {
  if (!(opt.scale > 0 && opt.scale <= 1)) {
    return InvalidArgument("scale must be above 0 and at most 1", "scale");
  }
  std::error_code ec;
  std::filesystem::create_directories(opt.out_dir, ec);
  if (ec) {
    return InvalidArgument(
        "cannot create '" + opt.out_dir + "': " + ec.message(), "out");
  }
  const double S = opt.scale;
  Rng rng(opt.seed);
  GenerateStats stats;
  const Date baseline = JjmBaseline();
  const Date until = Date::FromCivil(2025, 7, 16);
  const int32_t day0 = baseline.days() + 1;
  const int32_t ndays = until.days() - day0 + 1;

  // National curve: fraction of all new connections done by each day.
  const auto published = PublishedNationalSeries();
  const double n_base = published.front().with_tap;
  const double n_final = published.back().with_tap;
  Curve national(ndays);
  for (int32_t i = 0; i < ndays; ++i) {
    const int32_t d = day0 + i;
    size_t k = 1;
    while (k < published.size() && published[k].date.days() < d) ++k;
    const auto& a = published[k - 1];
    const auto& b = published[std::min(k, published.size() - 1)];
    const double span = std::max(1, b.date.days() - a.date.days());
    const double t = std::clamp((d - a.date.days()) / span, 0.0, 1.0);
    const double tap = a.with_tap + t * (b.with_tap - a.with_tap);
    national[i] = (tap - n_base) / (n_final - n_base);
  }

  // State totals, scaled to the national figures.
  const int ns = static_cast<int>(std::size(kStates));
  std::vector<double> hh(ns), base(ns), fin(ns);
  double hh_sum = 0;
  for (int s = 0; s < ns; ++s) hh_sum += kStates[s].hh_lakh;
  const double hh_target = 19.36e7 * S;
  const double base_ratio = 18.93 / 19.36;  // baseline households / 2025
  for (int s = 0; s < ns; ++s) hh[s] = kStates[s].hh_lakh / hh_sum * hh_target;
  // Baseline taps: scale everyone to 3.23 crore.
  {
    double sum = 0;
    for (int s = 0; s < ns; ++s)
      sum += hh[s] * base_ratio * kStates[s].base_pct / 100;
    for (int s = 0; s < ns; ++s) {
      base[s] = std::min(
          hh[s] * base_ratio * 0.98,
          hh[s] * base_ratio * kStates[s].base_pct / 100 * (3.23e7 * S) / sum);
    }
  }
  // Final taps: states at 100% stay; the others share the rest.
  {
    double fixed = 0, rest = 0;
    for (int s = 0; s < ns; ++s) {
      if (kStates[s].final_pct >= 100) {
        fixed += hh[s];
      } else {
        rest += hh[s] * kStates[s].final_pct / 100;
      }
    }
    const double k = (15.67e7 * S - fixed) / rest;
    for (int s = 0; s < ns; ++s) {
      fin[s] =
          kStates[s].final_pct >= 100
              ? hh[s]
              : std::min(hh[s] * 0.995, hh[s] * kStates[s].final_pct / 100 * k);
      fin[s] = std::max(fin[s], base[s]);
    }
  }

  // Curves: states at 100% get there by their month; the others follow
  // what is left of the national curve.
  std::vector<Curve> curves(ns);
  Curve rest_curve(ndays, 0.0);
  double new_fast = 0, new_rest = 0;
  for (int s = 0; s < ns; ++s) {
    const StateSpec& st = kStates[s];
    if (st.done_y == 0) {
      new_rest += fin[s] - base[s];
      continue;
    }
    new_fast += fin[s] - base[s];
    const int32_t done =
        Date::FromCivil(st.done_y, st.done_m, 1).NextMonth().days() - 1;
    const double warp =
        static_cast<double>(ndays) / std::max(30, done - day0 + 1);
    Curve c(ndays);
    for (int32_t i = 0; i < ndays; ++i) {
      const double x = std::min<double>(ndays - 1, i * warp);
      c[i] = national[static_cast<int32_t>(x)];
    }
    curves[s] = std::move(c);
  }
  for (int32_t i = 0; i < ndays; ++i) {
    double fast = 0;
    for (int s = 0; s < ns; ++s) {
      if (!curves[s].empty()) fast += (fin[s] - base[s]) * curves[s][i];
    }
    double v = ((new_fast + new_rest) * national[i] - fast) / new_rest;
    v = std::clamp(v, 0.0, 1.0);
    rest_curve[i] = i > 0 ? std::max(rest_curve[i - 1], v) : v;
  }
  rest_curve[ndays - 1] = 1.0;

  // Places, villages and their ledgers.
  std::vector<Village> villages;
  std::vector<int32_t> ev_day, ev_count;
  std::string vrows;  // villages.csv body
  struct Resurvey {
    std::string rows;
    int64_t count = 0;
  };
  std::vector<Resurvey> resurveys(std::size(kSurveys));
  int64_t next_d = 1, next_b = 1, next_g = 1, next_v = 1, next_h = 1;
  std::string hrows;  // habitations.csv body
  std::string line;

  for (int s = 0; s < ns; ++s) {
    const StateSpec& st = kStates[s];
    const int nv = std::max(1, static_cast<int>(std::lround(st.villages * S)));
    const int nd =
        std::clamp(static_cast<int>(std::lround(st.districts * S)), 1, nv);
    const int nb = std::clamp(
        static_cast<int>(std::lround(std::max(st.blocks, st.districts) * S)),
        nd, nv);
    const int ng = std::clamp(static_cast<int>(std::lround(
                                  st.villages * 100.0 / kVillagesPerGp100 * S)),
                              nb, nv);
    ++stats.states;
    stats.districts += nd;
    stats.blocks += nb;
    stats.gps += ng;
    stats.villages += nv;
    const std::vector<int> blocks_per_d = Spread(rng, nb, nd);
    const std::vector<int> gps_per_b = Spread(rng, ng, nb);
    const std::vector<int> villages_per_g = Spread(rng, nv, ng);

    // Household sizes: log-normal, clipped, scaled to the state total.
    const double mean = hh[s] / nv;
    const double cap = std::max(5000.0, 3 * mean);
    std::vector<double> size(nv);
    for (double& x : size) x = std::exp(0.85 * rng.Normal());
    for (int iter = 0; iter < 8; ++iter) {
      const double sum = std::accumulate(size.begin(), size.end(), 0.0);
      const double k = hh[s] / sum;
      for (double& x : size) x = std::clamp(x * k, 10.0, cap);
    }
    std::vector<int32_t> vhh(nv);
    int64_t total = 0;
    for (int i = 0; i < nv; ++i) {
      vhh[i] = static_cast<int32_t>(std::lround(size[i]));
      total += vhh[i];
    }
    for (int64_t diff = std::llround(hh[s]) - total, guard = 0;
         diff != 0 && guard < 10 * nv + 1000; ++guard) {
      int32_t& x = vhh[rng.Below(nv)];
      if (diff > 0 && x < cap) {
        ++x;
        --diff;
      } else if (diff < 0 && x > 10) {
        --x;
        ++diff;
      }
    }

    // Final coverage: a share of villages complete, the rest partway.
    const double fin_frac = fin[s] / hh[s];
    const double p_done = st.final_pct >= 100
                              ? 1.0
                              : std::clamp((fin_frac - 0.25) / 0.75, 0.0, 0.95);
    const double rest_frac =
        p_done >= 1 ? 1 : (fin_frac - p_done) / (1 - p_done);
    std::vector<int32_t> vfin(nv), vbase(nv);
    int64_t fin_total = 0, base_total = 0;
    const double base_frac = base[s] / (hh[s] * base_ratio);
    for (int i = 0; i < nv; ++i) {
      double f =
          rng.Uniform() < p_done
              ? 1.0
              : std::clamp(rest_frac * (0.4 + 1.2 * rng.Uniform()), 0.0, 0.97);
      vfin[i] = static_cast<int32_t>(std::lround(vhh[i] * f));
      const double b = std::clamp(base_frac * 2 * rng.Uniform(), 0.0, 1.0);
      vbase[i] = std::min<int32_t>(
          vfin[i],
          static_cast<int32_t>(std::floor(vhh[i] * base_ratio * 0.97 * b)));
      fin_total += vfin[i];
      base_total += vbase[i];
    }
    // Nudge to the state totals.
    for (int64_t diff = std::llround(fin[s]) - fin_total, guard = 0;
         diff != 0 && guard < 20 * nv + 1000; ++guard) {
      const int i = static_cast<int>(rng.Below(nv));
      if (diff > 0 && vfin[i] < vhh[i]) {
        const int32_t step =
            static_cast<int32_t>(std::min<int64_t>(diff, vhh[i] - vfin[i]));
        vfin[i] += step;
        diff -= step;
      } else if (diff < 0 && vfin[i] > vbase[i] && vfin[i] < vhh[i]) {
        const int32_t step =
            static_cast<int32_t>(std::min<int64_t>(-diff, vfin[i] - vbase[i]));
        vfin[i] -= step;
        diff += step;
      }
    }
    for (int64_t diff = std::llround(base[s]) - base_total, guard = 0;
         diff != 0 && guard < 20 * nv + 1000; ++guard) {
      const int i = static_cast<int>(rng.Below(nv));
      const int32_t room = std::min<int32_t>(
          vfin[i], static_cast<int32_t>(vhh[i] * base_ratio * 0.97));
      if (diff > 0 && vbase[i] < room) {
        const int32_t step =
            static_cast<int32_t>(std::min<int64_t>(diff, room - vbase[i]));
        vbase[i] += step;
        diff -= step;
      } else if (diff < 0 && vbase[i] > 0) {
        const int32_t step =
            static_cast<int32_t>(std::min<int64_t>(-diff, vbase[i]));
        vbase[i] -= step;
        diff += step;
      }
    }

    // Walk the hierarchy, writing villages as we go.
    const Curve& curve = curves[s].empty() ? rest_curve : curves[s];
    const std::string scode = "S" + std::to_string(st.lgd);
    int vi = 0, gi = 0, bi = 0;
    for (int d = 0; d < nd; ++d) {
      const std::string dcode = "DX" + std::to_string(next_d++);
      const std::string dname = MakeName(rng, 0);
      for (int b = 0; b < blocks_per_d[d]; ++b, ++bi) {
        const std::string bcode = "BX" + std::to_string(next_b++);
        const std::string bname = MakeName(rng, 0);
        for (int g = 0; g < gps_per_b[bi]; ++g, ++gi) {
          const std::string gcode = "GX" + std::to_string(next_g++);
          const std::string gname = MakeName(rng, 1);
          for (int v = 0; v < villages_per_g[gi]; ++v, ++vi) {
            Village vil;
            vil.code = next_v++;
            vil.hh = vhh[vi];
            vil.base = vbase[vi];
            vil.final_tap = vfin[vi];
            // Ledger: stratified days along the state's curve.
            vil.events_begin = static_cast<int32_t>(ev_day.size());
            const int32_t added = vil.final_tap - vil.base;
            if (added > 0) {
              const int k = std::clamp((added + 7) / 8, 1, 60);
              int32_t last_day = 0;
              for (int e = 0; e < k; ++e) {
                const double u = (e + rng.Uniform()) / k;
                const int32_t day = InverseCurve(curve, day0, u);
                // Even shares, with the remainder spread evenly too, so
                // that no part of the timeline is favoured.
                const int32_t count = static_cast<int32_t>(
                    (int64_t{e + 1} * added) / k - (int64_t{e} * added) / k);
                if (count == 0) continue;
                if (!ev_day.empty() &&
                    static_cast<int32_t>(ev_day.size()) > vil.events_begin &&
                    day == last_day) {
                  ev_count.back() += count;
                } else {
                  ev_day.push_back(day);
                  ev_count.push_back(count);
                }
                last_day = day;
              }
            }
            vil.events_end = static_cast<int32_t>(ev_day.size());

            // Households per survey, never below the taps of its period.
            auto taps_before = [&](int32_t day) {
              int64_t t = vil.base;
              for (int32_t e = vil.events_begin; e < vil.events_end; ++e) {
                if (ev_day[e] < day) t += ev_count[e];
              }
              return static_cast<int32_t>(t);
            };
            const int nsurvey = static_cast<int>(std::size(kSurveys));
            std::vector<int32_t> survey_hh(nsurvey + 1);
            std::vector<int32_t> survey_day(nsurvey + 1);
            survey_day[0] = baseline.days();
            for (int k = 0; k < nsurvey; ++k) {
              survey_day[k + 1] =
                  Date::FromCivil(kSurveys[k].y, kSurveys[k].m, kSurveys[k].d)
                      .days();
            }
            for (int k = 0; k <= nsurvey; ++k) {
              const double national_k =
                  k == 0 ? 18.93 : kSurveys[k - 1].households_crore;
              double x = vil.hh * national_k / 19.36;
              if (k < nsurvey) x *= 1 + 0.01 * rng.Normal();
              int32_t h = k == nsurvey
                              ? vil.hh
                              : std::max<int32_t>(
                                    10, static_cast<int32_t>(std::lround(x)));
              const int32_t next =
                  k < nsurvey ? survey_day[k + 1] : until.days() + 1;
              h = std::max(h, taps_before(next));
              survey_hh[k] = h;
            }
            // villages.csv: as of the baseline.
            const int32_t schools = static_cast<int32_t>(
                std::min<int64_t>(12, vil.hh / 250 + rng.Below(2)));
            const int32_t angan = static_cast<int32_t>(
                std::min<int64_t>(15, vil.hh / 180 + rng.Below(2)));
            const int32_t pop =
                static_cast<int32_t>(survey_hh[0] * (4.2 + rng.Uniform()));
            const int32_t sc = static_cast<int32_t>(
                pop * std::clamp(st.sc * (0.5 + rng.Uniform()), 0.0, 0.9));
            const int32_t stp = static_cast<int32_t>(
                pop * std::clamp(st.st * (0.5 + rng.Uniform()), 0.0,
                                 0.95 - double(sc) / std::max(1, pop)));
            line.clear();
            line += scode + "," + st.name + "," + dcode + "," + dname + "," +
                    bcode + "," + bname + "," + gcode + "," + gname + ",VX";
            AppendInt(vil.code, &line);
            const std::string vname = MakeName(rng, 1);
            line += "," + vname + ",";
            AppendInt(survey_hh[0], &line);
            line += ",";
            AppendInt(vil.base, &line);
            line += ",";
            const int64_t habitations = 1 + rng.Below(vil.hh / 400 + 2);
            AppendInt(habitations, &line);
            for (int64_t k = 1; k <= habitations; ++k) {
              static const char* kKinds[] = {"Tola", "Basti",  "Para", "Dhani",
                                             "Wadi", "Colony", "Khurd"};
              hrows += "VX" + std::to_string(vil.code) + ",HX" +
                       std::to_string(next_h++) + "," + vname + " " +
                       kKinds[rng.Below(std::size(kKinds))] + " " +
                       std::to_string(k) + "\n";
              ++stats.habitations;
            }
            line += ",";
            AppendInt(schools, &line);
            line += ",";
            AppendInt(static_cast<int64_t>(schools * rng.Uniform() * 0.6),
                      &line);
            line += ",";
            AppendInt(angan, &line);
            line += ",";
            AppendInt(static_cast<int64_t>(angan * rng.Uniform() * 0.5), &line);
            line += ",";
            AppendInt(sc, &line);
            line += ",";
            AppendInt(stp, &line);
            line += ",";
            AppendInt(pop - sc - stp, &line);
            line += ",";
            char lpcd[16];
            std::snprintf(lpcd, sizeof lpcd, "%.1f", 25 + 85 * rng.Uniform());
            line += lpcd;
            line += '\n';
            vrows += line;
            // Re-surveys: only where households changed; the last also
            // reports schools and anganwadis with tap.
            for (int k = 1; k <= nsurvey; ++k) {
              const bool last = k == nsurvey;
              if (survey_hh[k] == survey_hh[k - 1] && !last) continue;
              line.clear();
              line += scode + "," + st.name + "," + dcode + "," + dname + "," +
                      bcode + "," + bname + "," + gcode + "," + gname + ",VX";
              AppendInt(vil.code, &line);
              line += ",";
              line += vname + ",";
              AppendInt(survey_hh[k], &line);
              if (last) {
                const double share =
                    vil.final_tap >= vil.hh ? 1.0 : 0.75 + 0.25 * rng.Uniform();
                line += ",,,";  // no tap figure, no habitations
                AppendInt(schools, &line);
                line += ",";
                AppendInt(static_cast<int64_t>(std::floor(schools * share)),
                          &line);
                line += ",";
                AppendInt(angan, &line);
                line += ",";
                AppendInt(static_cast<int64_t>(std::floor(angan * share)),
                          &line);
                line += ",,,,\n";
              } else {
                line += ",,,,,,,,,,\n";
              }
              resurveys[k - 1].rows += line;
              ++resurveys[k - 1].count;
            }
            stats.households += vil.hh;
            stats.baseline_with_tap += vil.base;
            stats.final_with_tap += vil.final_tap;
            villages.push_back(vil);
          }
        }
      }
    }
  }

  // Write the files.
  std::string header;
  for (const char* c : kVillageColumns)
    header += std::string(header.empty() ? "" : ",") + c;
  for (const char* c : kVillageExtraColumns) header += std::string(",") + c;
  header += '\n';
  auto write = [&](const std::string& name, const std::string& body) -> Status {
    JJM_ASSIGN_OR_RETURN(auto w, CsvWriter::Create(opt.out_dir + "/" + name));
    w->Raw(header);
    w->Raw(body);
    stats.files.push_back(name);
    return w->Close();
  };
  std::string manifest =
      "# Import order for jjm: kind file [as-of date]\n"
      "villages villages.csv " +
      baseline.ToString() + "\n";
  JJM_RETURN_IF_ERROR(write("villages.csv", vrows));
  vrows.clear();
  vrows.shrink_to_fit();
  {
    JJM_ASSIGN_OR_RETURN(auto w,
                         CsvWriter::Create(opt.out_dir + "/habitations.csv"));
    w->Raw("village_code,habitation_code,habitation_name\n");
    w->Raw(hrows);
    JJM_RETURN_IF_ERROR(w->Close());
    stats.files.push_back("habitations.csv");
    manifest += "habitations habitations.csv\n";
    hrows.clear();
    hrows.shrink_to_fit();
  }
  for (size_t k = 0; k < std::size(kSurveys); ++k) {
    const Date d = Date::FromCivil(kSurveys[k].y, kSurveys[k].m, kSurveys[k].d);
    const std::string name = "resurvey-" + d.ToString() + ".csv";
    JJM_RETURN_IF_ERROR(write(name, resurveys[k].rows));
    stats.resurvey_rows += resurveys[k].count;
    manifest += "villages " + name + " " + d.ToString() + "\n";
  }
  {
    JJM_ASSIGN_OR_RETURN(auto w,
                         CsvWriter::Create(opt.out_dir + "/connections.csv"));
    w->Raw("village_code,date,count\n");
    std::string buf;
    char date[10];
    for (const Village& v : villages) {
      for (int32_t e = v.events_begin; e < v.events_end; ++e) {
        buf.clear();
        buf += "VX";
        AppendInt(v.code, &buf);
        buf += ',';
        Date::FromDays(ev_day[e]).Format(date);
        buf.append(date, 10);
        buf += ',';
        AppendInt(ev_count[e], &buf);
        buf += '\n';
        w->Raw(buf);
        ++stats.ledger_rows;
      }
    }
    JJM_RETURN_IF_ERROR(w->Close());
    stats.files.push_back("connections.csv");
    manifest += "connections connections.csv\n";
  }
  {
    std::ofstream m(opt.out_dir + "/manifest.txt");
    m << manifest;
    if (!m) return Internal("cannot write manifest.txt");
    stats.files.push_back("manifest.txt");
  }
  return stats;
}

Status ImportGenerated(CoverageService* svc, const std::string& dir,
                       const ImportOptions& base_opt, std::FILE* log) {
  std::ifstream in(dir + "/manifest.txt");
  if (!in) {
    return NotFound("no manifest.txt in '" + dir + "'; run jjm generate first",
                    "dir");
  }
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty() || text[0] == '#') continue;
    std::istringstream ls(text);
    std::string kind, file, date;
    ls >> kind >> file >> date;
    // The partner programme is loaded by the partner module.
    if (kind == "partners") continue;
    ImportOptions opt = base_opt;
    if (!date.empty()) {
      JJM_ASSIGN_OR_RETURN(Date d, Date::Parse(date));
      opt.as_of = d;
    }
    const std::string path = dir + "/" + file;
    StatusOr<ImportReport> r =
        kind == "villages"      ? ImportVillages(svc, path, opt)
        : kind == "habitations" ? ImportHabitations(svc, path, opt)
                                : ImportConnections(svc, path, opt);
    if (!r.ok()) return r.status();
    if (log != nullptr) {
      std::fprintf(log, "%s: %s rows, %s\n", file.c_str(),
                   IndianGrouped(r->rows_accepted).c_str(),
                   r->committed ? "committed" : "not committed");
    }
    if (!r->rejections().empty()) {
      r->Print(log != nullptr ? log : stderr, 10);
      return FailedPrecondition(file + " has rejected rows");
    }
  }
  return Status::Ok();
}

}  // namespace jjm
