// The ledger's shape: the published national series, each state's
// targets and the curve its new connections follow, and the dated events
// of each village along it.
#include <algorithm>
#include <cmath>

#include "io/generate_internal.h"

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

namespace gen {

StatePlan PlanStates(double S) {
  StatePlan p;
  const Date baseline = JjmBaseline();
  const Date until = GenerateUntil();
  const int32_t day0 = p.day0 = baseline.days() + 1;
  const int32_t ndays = p.ndays = until.days() - day0 + 1;

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
  p.hh.assign(ns, 0);
  p.base.assign(ns, 0);
  p.fin.assign(ns, 0);
  std::vector<double>& hh = p.hh;
  std::vector<double>& base = p.base;
  std::vector<double>& fin = p.fin;
  double hh_sum = 0;
  for (int s = 0; s < ns; ++s) hh_sum += kStates[s].hh_lakh;
  const double hh_target = 19.36e7 * S;
  const double base_ratio = p.base_ratio;
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
  p.curves.assign(ns, Curve());
  p.rest_curve.assign(ndays, 0.0);
  std::vector<Curve>& curves = p.curves;
  Curve& rest_curve = p.rest_curve;
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

  return p;
}

void AddVillageEvents(const Curve& curve, int32_t day0, Rng& rng, Village* vil,
                      std::vector<int32_t>* ev_day,
                      std::vector<int32_t>* ev_count) {
  vil->events_begin = static_cast<int32_t>(ev_day->size());
  const int32_t added = vil->final_tap - vil->base;
  if (added > 0) {
    const int k = std::clamp((added + 7) / 8, 1, 60);
    int32_t last_day = 0;
    for (int e = 0; e < k; ++e) {
      const double u = (e + rng.Uniform()) / k;
      const int32_t day = InverseCurve(curve, day0, u);
      // Even shares, with the remainder spread evenly too, so
      // that no part of the timeline is favoured.
      const int32_t count = static_cast<int32_t>((int64_t{e + 1} * added) / k -
                                                 (int64_t{e} * added) / k);
      if (count == 0) continue;
      if (!ev_day->empty() &&
          static_cast<int32_t>(ev_day->size()) > vil->events_begin &&
          day == last_day) {
        ev_count->back() += count;
      } else {
        ev_day->push_back(day);
        ev_count->push_back(count);
      }
      last_day = day;
    }
  }
  vil->events_end = static_cast<int32_t>(ev_day->size());
}

}  // namespace gen
}  // namespace jjm
