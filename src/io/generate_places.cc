// The places of one state, its villages and their facts: sizes, coverage,
// the rows of villages.csv, habitations.csv and the re-surveys.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "io/generate_internal.h"

namespace jjm::gen {

void GenerateState(int s, const StatePlan& plan, double S, Rng& rng,
                   Generated* out, GenerateStats* stats_out) {
  GenerateStats& stats = *stats_out;
  const std::vector<double>& hh = plan.hh;
  const std::vector<double>& base = plan.base;
  const std::vector<double>& fin = plan.fin;
  const double base_ratio = plan.base_ratio;
  const int32_t day0 = plan.day0;
  const Date baseline = JjmBaseline();
  const Date until = GenerateUntil();
  std::vector<Village>& villages = out->villages;
  std::vector<int32_t>& ev_day = out->ev_day;
  std::vector<int32_t>& ev_count = out->ev_count;
  std::string& vrows = out->villages_csv;
  std::string& hrows = out->habitations_csv;
  std::vector<Generated::Resurvey>& resurveys = out->resurveys;
  int64_t& next_d = out->next_d;
  int64_t& next_b = out->next_b;
  int64_t& next_g = out->next_g;
  int64_t& next_v = out->next_v;
  int64_t& next_h = out->next_h;
  std::string line;

  const StateSpec& st = kStates[s];
  const int nv = std::max(1, static_cast<int>(std::lround(st.villages * S)));
  const int nd =
      std::clamp(static_cast<int>(std::lround(st.districts * S)), 1, nv);
  const int nb = std::clamp(
      static_cast<int>(std::lround(std::max(st.blocks, st.districts) * S)), nd,
      nv);
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
  const double rest_frac = p_done >= 1 ? 1 : (fin_frac - p_done) / (1 - p_done);
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
  const Curve& curve = plan.CurveOf(s);
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
          AddVillageEvents(curve, day0, rng, &vil, &ev_day, &ev_count);

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
            survey_day[k + 1] = SurveyDate(k).days();
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
          AppendInt(static_cast<int64_t>(schools * rng.Uniform() * 0.6), &line);
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
              AppendInt(static_cast<int64_t>(std::floor(angan * share)), &line);
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

}  // namespace jjm::gen
