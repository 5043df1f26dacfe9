// The national functionality assessment as pure math: a two-stage
// stratified sample (strata = districts; first stage: villages with
// probability proportional to size; second stage: households by simple
// random sampling), what a household's answers say about its supply, and
// the ratio estimates of shares with their standard errors.  No SQL, no
// HTTP, no I/O: the supply service keeps the frame, the draw and the
// responses in the store, and the roll-up index keeps one StratumSums per
// district (all measures at once).
//
//   std::vector<SampledVillage> villages = DrawVillages(frame, 10, seed);
//   for (const SampledVillage& v : villages) {
//     std::vector<int64_t> hh = DrawHouseholds(v.households, 10, seed,
//                                              v.village);
//     ...
//   }
//   // Per village, from its recorded households:
//   sums[district].Add(SumPsu(v.weight * HouseholdWeight(v.households, 10),
//                             derived));
//   Estimate e = EstimateShare(strata_of_place, kMeasureFullyFunctional);
//
// Every draw is reproducible from the seed on any platform: the random
// numbers come from SplitMix64 and xoshiro256** written here, never from
// <random>'s distributions (whose output differs between standard
// libraries).
#ifndef JJM_SUPPLY_SURVEY_H_
#define JJM_SUPPLY_SURVEY_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jjm {

// --- Random numbers ----------------------------------------------------------

// xoshiro256** (Blackman and Vigna), seeded by SplitMix64: the same
// sequence from the same seed everywhere.
class SurveyRng {
 public:
  explicit SurveyRng(uint64_t seed);
  // The stream for (seed, stream, key): a draw of villages uses stream 1
  // and the district as key, a draw of households stream 2 and the village,
  // so the streams of a district and a village with the same id differ.
  SurveyRng(uint64_t seed, uint64_t stream, int64_t key);

  uint64_t Next();
  // Uniform in [0, n) by rejection (no modulo bias); 0 when n <= 1.
  uint64_t Below(uint64_t n);
  // Uniform in [0, 1) with 53 random bits.
  double Unit();

 private:
  uint64_t s_[4];
};

// --- Stage 1: villages -------------------------------------------------------

// A village of the frame: its district (the stratum) and its households
// (the measure of size).
struct FrameVillage {
  int64_t village = 0;
  int64_t district = 0;
  int64_t households = 0;
};

struct SampledVillage {
  int64_t village = 0, district = 0, households = 0;
  // The village's inclusion probability in (0, 1]: 1 for a certainty
  // selection (and for every village of a district with no more eligible
  // villages than asked for); otherwise n' * households / T', where n' is
  // the number of draws left after the certainty selections and T' the
  // households of the villages left.  Without certainty selections that is
  // n * households / (the district's households).
  double probability = 0;
  double weight = 0;  // 1 / probability
};

// Draws `per_district` villages in each district of `frame`, probability
// proportional to households, without replacement, by systematic PPS:
// within a district the villages with households > 0 are listed by village
// id (so the order of `frame` does not matter), the interval is I = T / n
// (T: their households, n: draws to make); each village with households
// >= I is taken with certainty, and the draw is repeated among the others
// (n and T reduced) until none is; then one random start in [0, I) and the
// points start + k*I (k = 0..n-1) select the villages whose cumulated
// households span them.  The arithmetic is in integers (start uniform over
// T whole steps), so each village's chance is exactly its `probability`.
// The start comes from SurveyRng(seed, 1, district): each district's draw
// depends only on the seed and that district's villages.
//
// Villages with households <= 0 are never drawn.  A district with at most
// `per_district` eligible villages gives all of them, probability 1.
// per_district <= 0 draws nothing.  Each village is listed once in
// `frame` (a repeated id is treated as another village).  The result is
// sorted by (district, village).
std::vector<SampledVillage> DrawVillages(std::vector<FrameVillage> frame,
                                         int per_district, uint64_t seed);

// --- Stage 2: households -----------------------------------------------------

// A simple random sample without replacement of `per_village` household
// serial numbers out of 1..households (Floyd's algorithm, from
// SurveyRng(seed, 2, village)), sorted ascending; every serial number when
// households <= per_village; empty when households <= 0 or per_village
// <= 0.
std::vector<int64_t> DrawHouseholds(int64_t households, int per_village,
                                    uint64_t seed, int64_t village);

// The weight of a sampled household within its village: households / m,
// m = min(households, per_village) households drawn; 0 when nothing is
// drawn.  (Computing it with m = households recorded instead is the usual
// adjustment for households that could not be interviewed.)
double HouseholdWeight(int64_t households, int per_village);

// --- A household's answers ---------------------------------------------------

struct HouseholdResponse {
  bool tap_present = false;
  bool water_last_7_days = false;     // water from the tap in the last 7 days
  double litres_per_day = 0;          // the household's, from the tap
  int household_size = 1;             // persons
  int days_per_week = 0;              // days with supply in a usual week
  double hours_per_day = 0;           // hours of supply on such a day
  int promised_days_per_week = 7;     // the scheme's schedule
  double promised_hours_per_day = 0;  // 0: no schedule of hours
  bool potable = false;  // the quality test of the tap's water was safe
};

struct Derived {
  bool working = false;   // tap present and water in the last 7 days
  bool adequate = false;  // working and lpcd >= 55
  // Working, days_per_week >= promised_days_per_week, and hours_per_day >=
  // promised_hours_per_day when hours are promised.
  bool regular = false;
  bool potable = false;           // working and the water is safe
  bool fully_functional = false;  // all four
  double lpcd = 0;                // litres_per_day / household_size
};

// Litres per person per day the norm asks for (adequate: at least this).
inline constexpr double kAdequateLpcd = 55;

// What `r` says, for valid input (see CheckAndDerive); a household_size
// below 1 gives lpcd 0.
Derived Derive(const HouseholdResponse& r);

// Derive(r) after checking `r`: InvalidArgument naming the field
// (household_size 1..100; litres_per_day finite, 0..100000;
// days_per_week 0..7; hours_per_day finite, 0..24; promised_days_per_week
// 1..7; promised_hours_per_day finite, 0..24).
StatusOr<Derived> CheckAndDerive(const HouseholdResponse& r);

// --- Estimates ---------------------------------------------------------------

// The shares estimated, in this order (indexes of PsuTotals::y).
enum SurveyMeasure : int {
  kMeasureWorking = 0,
  kMeasureAdequate = 1,
  kMeasureRegular = 2,
  kMeasurePotable = 3,
  kMeasureFullyFunctional = 4,
};
inline constexpr int kMeasures = 5;

// "working", "adequate", "regular", "potable", "fully_functional" (the
// JSON names); "" for anything else.
std::string_view MeasureName(int measure);
// The indicator of `measure` in `d` (false for an unknown measure).
bool MeasureOf(const Derived& d, int measure);

// One sampled village's (PSU's) weighted totals over its recorded
// households j, with w_j = village weight * household weight:
// x = sum w_j, y[m] = sum w_j * indicator_m(j), lpcd = sum w_j * lpcd_j.
// Limits for exact sums: 0 <= y[m] <= x < 2^31 and 0 <= lpcd < 2^47 (far
// above any district of India: x estimates a district's households / n).
struct PsuTotals {
  double x = 0;
  double y[kMeasures] = {};
  double lpcd = 0;
  int households = 0;  // households recorded
};

// The totals of one village from its recorded households, all of weight
// `weight` (= village weight * household weight).
PsuTotals SumPsu(double weight, std::span<const Derived> households);

// The sufficient statistics of one stratum (district): the number n of
// PSUs and, over them, sum x, sum x^2 and, per measure, sum y, sum y^2,
// sum xy.  Values are kept in fixed point (x and y in units of 2^-32, lpcd
// in units of 2^-16) as exact integers, so that Remove is the exact
// inverse of Add and the sums do not depend on the order of the calls: a
// roll-up kept by Add and Remove equals, bit for bit, one recomputed from
// the PSUs left.
//
// Sums of different strata are never merged (the variance is a sum of
// per-stratum terms); a place's estimate takes the list of its districts'
// StratumSums.  O(kMeasures) per call; not thread-safe (guard with the
// index's lock).
class StratumSums {
 public:
  // A PSU with households == 0 (nothing recorded yet) is ignored by both
  // Add and Remove: villages enter n once something is recorded.
  void Add(const PsuTotals& psu);
  // `psu` must equal (bit for bit) a PsuTotals added and not yet removed.
  void Remove(const PsuTotals& psu);

  int64_t psus() const { return n_; }
  int64_t households() const { return households_; }
  bool empty() const { return n_ == 0; }

  // For a domain inside one district (a block, a gram panchayat): these
  // sums (over the domain's PSUs) with the variance taken as if the
  // district's other PSUs, `district_psus` in all, were present with
  // z = 0, the usual linearisation for a domain (n_h stays the stratum's).
  // Estimate::villages still counts only the domain's PSUs.  A value below
  // psus() is taken as psus().
  StratumSums AsDomainOf(int64_t district_psus) const;

  bool operator==(const StratumSums&) const = default;

 private:
  using Fixed = unsigned __int128;  // wraps mod 2^128: Remove undoes Add
  friend class SurveyEstimator;

  void Apply(const PsuTotals& psu, int sign);

  int64_t n_ = 0;
  int64_t outside_ = 0;  // PSUs of the district outside a domain (z = 0)
  int64_t households_ = 0;
  Fixed sx_ = 0, sxx_ = 0;
  // Index kMeasures: lpcd.
  Fixed sy_[kMeasures + 1] = {}, syy_[kMeasures + 1] = {},
                        sxy_[kMeasures + 1] = {};
};

struct Estimate {
  double share = 0;  // or the mean, for EstimateMeanLpcd
  double se = 0;
  double ci_low = 0, ci_high = 0;  // 95%
  int64_t households = 0;          // recorded, unweighted
  int64_t villages = 0;            // PSUs with a recorded household
};

// The ratio estimate R = Y / X of the share of households with `measure`
// over `strata` (each one district; nullptr entries are skipped), X = sum
// of x, Y = sum of y[measure] over every PSU, with the Taylor-linearised
// variance under the ultimate-cluster (PSUs drawn with replacement)
// approximation:
//   var(R) = 1/X^2 sum_h n_h/(n_h-1) [sum_i z_hi^2 - (sum_i z_hi)^2 / n_h],
//   z_hi = y_hi - R x_hi,
// expanded over the kept sums.  No finite population correction: with
// PPS without replacement the variance is slightly overstated
// (conservative).  Certainty villages count as PSUs of their district.
//
// A stratum with n_h = 1 counts in X and Y but adds 0 to the variance
// (one PSU says nothing about the spread between PSUs), so se understates
// the uncertainty of a place dominated by such districts.  The standard
// alternative is to collapse strata: pair each such district with a
// similar one (same state, similar size) and treat the pair as one stratum
// of n_h + n_g PSUs; that needs the pairing, which this function leaves to
// the caller (pass a StratumSums holding both districts' PSUs).
//
// se = sqrt(var), CI = share -+ 1.96 se clipped to [0, 1].  Everything 0
// when no household is recorded (X = 0); check households.  An unknown
// `measure` gives all zero as well.
Estimate EstimateShare(std::span<const StratumSums* const> strata, int measure);
Estimate EstimateShare(std::span<const StratumSums> strata, int measure);

// The mean lpcd over households, sum w lpcd / sum w, with the same
// variance (the ratio of the lpcd totals to x); the CI is clipped at 0
// from below only.
Estimate EstimateMeanLpcd(std::span<const StratumSums* const> strata);
Estimate EstimateMeanLpcd(std::span<const StratumSums> strata);

}  // namespace jjm

#endif  // JJM_SUPPLY_SURVEY_H_
