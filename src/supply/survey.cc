#include "supply/survey.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

namespace jjm {

namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

SurveyRng::SurveyRng(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t& s : s_) s = SplitMix64(state);
}

SurveyRng::SurveyRng(uint64_t seed, uint64_t stream, int64_t key) {
  // Each part passes through SplitMix64 before it is mixed with the next,
  // so that nearby seeds, streams and keys give unrelated states.
  uint64_t state = seed;
  uint64_t h = SplitMix64(state);
  state = h ^ stream;
  h = SplitMix64(state);
  state = h ^ static_cast<uint64_t>(key);
  h = SplitMix64(state);
  state = h;
  for (uint64_t& s : s_) s = SplitMix64(state);
}

uint64_t SurveyRng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t SurveyRng::Below(uint64_t n) {
  if (n <= 1) return 0;
  // 2^64 mod n: values below it would make the low residues likelier.
  const uint64_t threshold = (0 - n) % n;
  for (;;) {
    const uint64_t r = Next();
    if (r >= threshold) return r % n;
  }
}

double SurveyRng::Unit() {
  return static_cast<double>(Next() >> 11) * 0x1.0p-53;
}

// --- Stage 1 -----------------------------------------------------------------

namespace {

// One district's draw: `villages` are its eligible villages (households >
// 0), sorted by id.
void DrawDistrict(const std::vector<FrameVillage>& villages, int per_district,
                  uint64_t seed, std::vector<SampledVillage>* out) {
  auto take = [&](const FrameVillage& v, double p) {
    out->push_back(
        SampledVillage{v.village, v.district, v.households, p, 1.0 / p});
  };
  std::vector<const FrameVillage*> rest;
  rest.reserve(villages.size());
  for (const FrameVillage& v : villages) rest.push_back(&v);
  int64_t n = per_district;
  for (;;) {
    if (static_cast<int64_t>(rest.size()) <= n) {
      for (const FrameVillage* v : rest) take(*v, 1.0);
      return;
    }
    __int128 total = 0;
    for (const FrameVillage* v : rest) total += v->households;
    // Certainty: households >= T / n, i.e. n * households >= T.
    const int64_t draws = n;
    std::vector<const FrameVillage*> left;
    left.reserve(rest.size());
    for (const FrameVillage* v : rest) {
      if (static_cast<__int128>(draws) * v->households >= total) {
        take(*v, 1.0);
        --n;
      } else {
        left.push_back(v);
      }
    }
    if (left.size() == rest.size()) break;
    rest.swap(left);
    if (n <= 0) return;  // not reached: certainties leave a draw for the rest
  }

  // Systematic PPS in integers.  Village i covers [n*C(i-1), n*C(i)) where
  // C is the running total of households (the whole line is n*T long); the
  // points are r, r + T, ..., r + (n-1)T with r uniform in [0, T).  As n *
  // households < T for every village left, a village holds at most one
  // point, and exactly n * households of the T starts put one in it.
  __int128 total = 0;
  for (const FrameVillage* v : rest) total += v->households;
  SurveyRng rng(seed, 1, rest.front()->district);
  const __int128 r =
      static_cast<__int128>(rng.Below(static_cast<uint64_t>(total)));
  __int128 cumulated = 0;
  for (const FrameVillage* v : rest) {
    const __int128 a = n * cumulated;
    cumulated += v->households;
    const __int128 b = n * cumulated;
    // The first point at or after a.
    const __int128 k = a <= r ? 0 : (a - r + total - 1) / total;
    const __int128 point = r + k * total;
    if (k < n && point < b) {
      take(*v, static_cast<double>(n) * static_cast<double>(v->households) /
                   static_cast<double>(total));
    }
  }
}

}  // namespace

std::vector<SampledVillage> DrawVillages(std::vector<FrameVillage> frame,
                                         int per_district, uint64_t seed) {
  std::vector<SampledVillage> out;
  if (per_district <= 0) return out;
  std::erase_if(frame, [](const FrameVillage& v) { return v.households <= 0; });
  std::stable_sort(frame.begin(), frame.end(),
                   [](const FrameVillage& a, const FrameVillage& b) {
                     if (a.district != b.district) {
                       return a.district < b.district;
                     }
                     return a.village < b.village;
                   });
  std::vector<FrameVillage> district;
  for (size_t i = 0; i < frame.size();) {
    size_t j = i;
    while (j < frame.size() && frame[j].district == frame[i].district) ++j;
    district.assign(frame.begin() + i, frame.begin() + j);
    DrawDistrict(district, per_district, seed, &out);
    i = j;
  }
  std::sort(out.begin(), out.end(),
            [](const SampledVillage& a, const SampledVillage& b) {
              if (a.district != b.district) return a.district < b.district;
              return a.village < b.village;
            });
  return out;
}

// --- Stage 2 -----------------------------------------------------------------

std::vector<int64_t> DrawHouseholds(int64_t households, int per_village,
                                    uint64_t seed, int64_t village) {
  std::vector<int64_t> out;
  if (households <= 0 || per_village <= 0) return out;
  if (households <= per_village) {
    out.reserve(households);
    for (int64_t i = 1; i <= households; ++i) out.push_back(i);
    return out;
  }
  // Floyd: for j = N-m+1..N pick t in 1..j; take t, or j if t is taken.
  // Every m-subset is equally likely.
  SurveyRng rng(seed, 2, village);
  std::set<int64_t> chosen;
  for (int64_t j = households - per_village + 1; j <= households; ++j) {
    const int64_t t =
        1 + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(j)));
    if (!chosen.insert(t).second) chosen.insert(j);
  }
  out.assign(chosen.begin(), chosen.end());
  return out;
}

double HouseholdWeight(int64_t households, int per_village) {
  if (households <= 0 || per_village <= 0) return 0;
  const int64_t m = std::min<int64_t>(households, per_village);
  return static_cast<double>(households) / static_cast<double>(m);
}

// --- A household's answers ---------------------------------------------------

Derived Derive(const HouseholdResponse& r) {
  Derived d;
  d.working = r.tap_present && r.water_last_7_days;
  d.lpcd = r.household_size >= 1 ? r.litres_per_day / r.household_size : 0;
  d.adequate = d.working && d.lpcd >= kAdequateLpcd;
  d.regular = d.working && r.days_per_week >= r.promised_days_per_week &&
              (r.promised_hours_per_day <= 0 ||
               r.hours_per_day >= r.promised_hours_per_day);
  d.potable = d.working && r.potable;
  d.fully_functional = d.working && d.adequate && d.regular && d.potable;
  return d;
}

StatusOr<Derived> CheckAndDerive(const HouseholdResponse& r) {
  if (r.household_size < 1 || r.household_size > 100) {
    return InvalidArgument("household_size must be 1 to 100 persons",
                           "household_size");
  }
  if (!std::isfinite(r.litres_per_day) || r.litres_per_day < 0 ||
      r.litres_per_day > 100000) {
    return InvalidArgument("litres_per_day must be 0 to 100000",
                           "litres_per_day");
  }
  if (r.days_per_week < 0 || r.days_per_week > 7) {
    return InvalidArgument("days_per_week must be 0 to 7", "days_per_week");
  }
  if (!std::isfinite(r.hours_per_day) || r.hours_per_day < 0 ||
      r.hours_per_day > 24) {
    return InvalidArgument("hours_per_day must be 0 to 24", "hours_per_day");
  }
  if (r.promised_days_per_week < 1 || r.promised_days_per_week > 7) {
    return InvalidArgument("promised_days_per_week must be 1 to 7",
                           "promised_days_per_week");
  }
  if (!std::isfinite(r.promised_hours_per_day) ||
      r.promised_hours_per_day < 0 || r.promised_hours_per_day > 24) {
    return InvalidArgument("promised_hours_per_day must be 0 to 24",
                           "promised_hours_per_day");
  }
  return Derive(r);
}

// --- Estimates ---------------------------------------------------------------

std::string_view MeasureName(int measure) {
  switch (measure) {
    case kMeasureWorking:
      return "working";
    case kMeasureAdequate:
      return "adequate";
    case kMeasureRegular:
      return "regular";
    case kMeasurePotable:
      return "potable";
    case kMeasureFullyFunctional:
      return "fully_functional";
  }
  return "";
}

bool MeasureOf(const Derived& d, int measure) {
  switch (measure) {
    case kMeasureWorking:
      return d.working;
    case kMeasureAdequate:
      return d.adequate;
    case kMeasureRegular:
      return d.regular;
    case kMeasurePotable:
      return d.potable;
    case kMeasureFullyFunctional:
      return d.fully_functional;
  }
  return false;
}

PsuTotals SumPsu(double weight, std::span<const Derived> households) {
  PsuTotals t;
  int counts[kMeasures] = {};
  double lpcd = 0;
  for (const Derived& d : households) {
    for (int m = 0; m < kMeasures; ++m) counts[m] += MeasureOf(d, m) ? 1 : 0;
    lpcd += d.lpcd;
  }
  t.households = static_cast<int>(households.size());
  t.x = weight * t.households;
  for (int m = 0; m < kMeasures; ++m) t.y[m] = weight * counts[m];
  t.lpcd = weight * lpcd;
  return t;
}

namespace {

// Fixed-point scales: x and the shares' y in units of 2^-32, lpcd totals
// in units of 2^-16.
constexpr int kShareBits = 32;
constexpr int kLpcdBits = 16;

uint64_t Quantize(double v, int bits) {
  const double scaled = std::ldexp(v, bits);
  if (!(scaled > 0)) return 0;  // also NaN
  if (scaled >= 0x1.0p63) return uint64_t{1} << 63;
  return static_cast<uint64_t>(std::llround(scaled));
}

}  // namespace

void StratumSums::Add(const PsuTotals& psu) { Apply(psu, 1); }
void StratumSums::Remove(const PsuTotals& psu) { Apply(psu, -1); }

void StratumSums::Apply(const PsuTotals& psu, int sign) {
  if (psu.households == 0) return;
  auto apply = [sign](Fixed& sum, Fixed v) {
    if (sign > 0) {
      sum += v;
    } else {
      sum -= v;
    }
  };
  const Fixed qx = Quantize(psu.x, kShareBits);
  n_ += sign;
  households_ += sign * static_cast<int64_t>(psu.households);
  apply(sx_, qx);
  apply(sxx_, qx * qx);
  for (int m = 0; m <= kMeasures; ++m) {
    const Fixed qy = m < kMeasures ? Quantize(psu.y[m], kShareBits)
                                   : Quantize(psu.lpcd, kLpcdBits);
    apply(sy_[m], qy);
    apply(syy_[m], qy * qy);
    apply(sxy_[m], qx * qy);
  }
}

StratumSums StratumSums::AsDomainOf(int64_t district_psus) const {
  StratumSums d = *this;
  d.outside_ = std::max<int64_t>(0, district_psus - n_);
  return d;
}

// Reads StratumSums' fixed-point sums (a friend of it).
class SurveyEstimator {
 public:
  // The ratio of y[index] (index kMeasures: lpcd) to x, and its variance.
  static Estimate Ratio(std::span<const StratumSums* const> strata, int index,
                        bool clip_to_one) {
    Estimate e;
    const int y_bits = index < kMeasures ? kShareBits : kLpcdBits;
    const long double x_unit = std::ldexp(1.0L, -kShareBits);
    const long double y_unit = std::ldexp(1.0L, -y_bits);
    StratumSums::Fixed x_total = 0, y_total = 0;
    for (const StratumSums* s : strata) {
      if (s == nullptr) continue;
      x_total += s->sx_;
      y_total += s->sy_[index];
      e.households += s->households_;
      e.villages += s->n_;
    }
    if (x_total == 0) return Estimate{0, 0, 0, 0, e.households, e.villages};
    const long double x = static_cast<long double>(x_total) * x_unit;
    const long double ratio = static_cast<long double>(y_total) * y_unit / x;

    long double sum = 0;
    for (const StratumSums* s : strata) {
      const int64_t n_h = s == nullptr ? 0 : s->n_ + s->outside_;
      if (n_h < 2) continue;  // n_h = 1: no spread known
      const long double n = static_cast<long double>(n_h);
      const long double sx = static_cast<long double>(s->sx_) * x_unit;
      const long double sy = static_cast<long double>(s->sy_[index]) * y_unit;
      const long double sxx =
          static_cast<long double>(s->sxx_) * x_unit * x_unit;
      const long double syy =
          static_cast<long double>(s->syy_[index]) * y_unit * y_unit;
      const long double sxy =
          static_cast<long double>(s->sxy_[index]) * x_unit * y_unit;
      // sum z^2 - (sum z)^2 / n with z = y - R x, by centred moments.
      const long double cxx = sxx - sx * sx / n;
      const long double cyy = syy - sy * sy / n;
      const long double cxy = sxy - sx * sy / n;
      const long double spread = cyy - 2 * ratio * cxy + ratio * ratio * cxx;
      sum += n / (n - 1) * spread;
    }
    long double var = sum / (x * x);
    if (!(var > 0)) var = 0;  // rounding below 0
    e.share = static_cast<double>(ratio);
    e.se = static_cast<double>(std::sqrt(var));
    e.ci_low = std::max(0.0, e.share - 1.96 * e.se);
    e.ci_high = e.share + 1.96 * e.se;
    if (clip_to_one) {
      e.ci_high = std::min(1.0, e.ci_high);
      e.share = std::clamp(e.share, 0.0, 1.0);
    }
    return e;
  }
};

namespace {

std::vector<const StratumSums*> Pointers(std::span<const StratumSums> s) {
  std::vector<const StratumSums*> out;
  out.reserve(s.size());
  for (const StratumSums& x : s) out.push_back(&x);
  return out;
}

}  // namespace

Estimate EstimateShare(std::span<const StratumSums* const> strata,
                       int measure) {
  if (measure < 0 || measure >= kMeasures) return Estimate{};
  return SurveyEstimator::Ratio(strata, measure, true);
}

Estimate EstimateShare(std::span<const StratumSums> strata, int measure) {
  return EstimateShare(Pointers(strata), measure);
}

Estimate EstimateMeanLpcd(std::span<const StratumSums* const> strata) {
  return SurveyEstimator::Ratio(strata, kMeasures, false);
}

Estimate EstimateMeanLpcd(std::span<const StratumSums> strata) {
  return EstimateMeanLpcd(Pointers(strata));
}

}  // namespace jjm
