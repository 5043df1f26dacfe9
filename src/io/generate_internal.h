// The parts of the demo data generator (generate*.cc): the tables it is
// made from, its random numbers, and the steps Generate() runs in order.
// Every step draws from one Rng in a fixed order, so that the same seed
// gives the same files.  Not for use outside src/io/.
#ifndef JJM_IO_GENERATE_INTERNAL_H_
#define JJM_IO_GENERATE_INTERNAL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "io/generate.h"

namespace jjm::gen {

// Household re-surveys: dates and the national total they move to.
struct Survey {
  int y, m, d;
  double households_crore;
};
inline constexpr Survey kSurveys[] = {
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
inline constexpr StateSpec kStates[] = {
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

inline constexpr int kVillagesPerGp100 =
    265;  // 2.65 villages per gram panchayat

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

inline std::string MakeName(Rng& rng, int style) {
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
inline std::vector<int> Spread(Rng& rng, int n, int parents) {
  std::vector<int> out(parents, 1);
  for (int i = parents; i < n; ++i) ++out[rng.Below(parents)];
  return out;
}

// Cumulative fraction of a state's new connections done by each day, from
// the day after the baseline to `until`.
using Curve = std::vector<double>;

inline int32_t InverseCurve(const Curve& c, int32_t day0, double u) {
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

inline void AppendInt(int64_t v, std::string* out) {
  *out += std::to_string(v);
}

// The last day the ledger reaches.
inline Date GenerateUntil() { return Date::FromCivil(2025, 7, 16); }

// The date of re-survey k (0-based).
inline Date SurveyDate(size_t k) {
  return Date::FromCivil(kSurveys[k].y, kSurveys[k].m, kSurveys[k].d);
}

// What each state is to hold, scaled: households (2025), households with
// tap on the baseline and at the end, and the curve its new connections
// follow (empty: `rest_curve`, what the national series leaves).  Curves
// run over the days from `day0` (the day after the baseline), `ndays` of
// them.
struct StatePlan {
  int32_t day0 = 0, ndays = 0;
  double base_ratio = 18.93 / 19.36;  // baseline households / 2025
  std::vector<double> hh, base, fin;
  std::vector<Curve> curves;
  Curve rest_curve;
  const Curve& CurveOf(int state) const {
    return curves[state].empty() ? rest_curve : curves[state];
  }
};
// Works the plan out from the published national series (generate_series.cc).
StatePlan PlanStates(double scale);

// Appends the ledger of a village (stratified days along `curve`) to
// `ev_day` / `ev_count` and sets its events_begin and events_end.
void AddVillageEvents(const Curve& curve, int32_t day0, Rng& rng, Village* vil,
                      std::vector<int32_t>* ev_day,
                      std::vector<int32_t>* ev_count);

// Everything generated, as the bodies of the files to write.
struct Generated {
  std::vector<Village> villages;
  std::vector<int32_t> ev_day, ev_count;  // the ledger, by Village ranges
  std::string villages_csv;               // rows, as of the baseline
  std::string habitations_csv;            // rows
  struct Resurvey {
    std::string rows;
    int64_t count = 0;
  };
  std::vector<Resurvey> resurveys;  // one per kSurveys entry
  // The next number of each kind of project code.
  int64_t next_d = 1, next_b = 1, next_g = 1, next_v = 1, next_h = 1;
};

// Generates state `s`: its places, villages with their facts, ledgers,
// habitations and re-surveys (generate_places.cc).
void GenerateState(int s, const StatePlan& plan, double scale, Rng& rng,
                   Generated* out, GenerateStats* stats);

// Writes the files and manifest.txt into `dir` (generate_files.cc).
Status WriteGenerated(const std::string& dir, Generated* g,
                      GenerateStats* stats);

}  // namespace jjm::gen

#endif  // JJM_IO_GENERATE_INTERNAL_H_
