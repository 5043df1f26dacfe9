// The functionality assessment: rounds drawn from the frame, households
// recorded, and weighted estimates with 95% intervals.
#include <algorithm>
#include <cmath>

#include "base/json_writer.h"
#include "supply/supply_internal.h"

namespace jjm {
namespace {

HouseholdResponse ToResponse(const SurveyResponseRow& r) {
  HouseholdResponse h;
  h.tap_present = r.tap_present;
  h.water_last_7_days = r.water_last_7_days;
  h.litres_per_day = r.litres_per_day;
  h.household_size = static_cast<int>(r.household_size);
  h.days_per_week = static_cast<int>(r.days_per_week);
  h.hours_per_day = r.hours_per_day;
  h.promised_days_per_week = static_cast<int>(r.promised_days);
  h.promised_hours_per_day = r.promised_hours;
  h.potable = r.quality_result == "safe";
  return h;
}

double HouseholdWeightOf(const RoundState::Village& v) {
  return v.households.empty() ? 0 : v.households.front().weight;
}

PsuTotals TotalsOf(const RoundState::Village& v) {
  std::vector<Derived> d;
  d.reserve(v.responses.size());
  for (const auto& [no, r] : v.responses) d.push_back(Derive(ToResponse(r)));
  return SumPsu(v.row.weight * HouseholdWeightOf(v), d);
}

Json EstimateJson(const Estimate& e) {
  return Json{{"share", e.share},           {"ci_low", e.ci_low},
              {"ci_high", e.ci_high},       {"se", e.se},
              {"households", e.households}, {"villages", e.villages}};
}

// Estimates of every measure over the strata of `place` (districts within
// it), with the mean lpcd.
Json EstimatesJson(const RoundState& r, UnitId place, const Hierarchy& h) {
  std::vector<const StratumSums*> strata;
  for (const auto& [district, sums] : r.strata) {
    if (h.Contains(static_cast<UnitId>(district)) &&
        h.IsWithin(static_cast<UnitId>(district), place)) {
      strata.push_back(&sums);
    }
  }
  Json j = Json::object();
  for (int m = 0; m < kMeasures; ++m) {
    j[std::string(MeasureName(m))] = EstimateJson(EstimateShare(strata, m));
  }
  j["lpcd"] = EstimateJson(EstimateMeanLpcd(strata));
  return j;
}

Json RoundJson(const RoundState& r, const SupplyService::Impl& I,
               const Hierarchy& h) {
  int64_t households = 0, recorded = 0;
  for (const auto& [id, v] : r.villages) {
    households += static_cast<int64_t>(v.households.size());
    recorded += static_cast<int64_t>(v.responses.size());
  }
  return Json{{"id", r.row.id},
              {"name", r.row.name},
              {"period_from", DayString(r.row.period_from)},
              {"period_to", DayString(r.row.period_to)},
              {"methodology", r.row.methodology},
              {"place", I.PlaceJson(static_cast<UnitId>(r.row.place_id), h)},
              {"seed", r.row.seed},
              {"villages_per_district", r.row.villages_per_district},
              {"households_per_village", r.row.households_per_village},
              {"frame", r.row.frame},
              {"frame_on", DayString(r.row.frame_day)},
              {"villages_drawn", r.villages.size()},
              {"districts", r.strata.size()},
              {"households_drawn", households},
              {"households_recorded", recorded}};
}

}  // namespace

void RebuildSums(RoundState* round) {
  round->strata.clear();
  for (auto& [id, v] : round->villages) {
    v.totals = TotalsOf(v);
    round->strata[v.row.district_id].Add(v.totals);
  }
}

Json LatestEstimatesJson(const SupplyService::Impl& I, UnitId place, Date day) {
  return I.Shared([&](const Hierarchy& h, const CoverageIndex&) -> Json {
    const RoundState* best = nullptr;
    for (const auto& [id, r] : I.locked_rounds()) {
      const UnitId rp = static_cast<UnitId>(r.row.place_id);
      if (r.row.period_from > day.days()) continue;
      // A round covers the place: a state's round says nothing of India.
      if (!h.IsWithin(place, rp)) continue;
      if (best == nullptr || r.row.period_from > best->row.period_from) {
        best = &r;
      }
    }
    if (best == nullptr) return Json();
    return Json{{"round", Json{{"id", best->row.id}, {"name", best->row.name}}},
                {"estimates", EstimatesJson(*best, place, h)}};
  });
}

StatusOr<Json> SupplyService::CreateRound(const Caller& c, const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"name", "period_from", "period_to", "methodology", "place", "seed",
       "villages_per_district", "households_per_village", "frame"}));
  SurveyRoundRow r;
  JJM_ASSIGN_OR_RETURN(r.name, TextField(body, "", "name", true, 3, 200));
  JJM_ASSIGN_OR_RETURN(Date from, DateField(body, "", "period_from", true));
  JJM_ASSIGN_OR_RETURN(Date to, DateField(body, "", "period_to", true));
  if (to < from) {
    return InvalidArgument("period_to is before period_from", "period_to");
  }
  r.period_from = from.days();
  r.period_to = to.days();
  JJM_ASSIGN_OR_RETURN(r.methodology,
                       TextField(body, "", "methodology", true, 10, 20000));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(body, "", "place", false, 0, 40));
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
    const Level l = I.Places([&](const Hierarchy& h, const CoverageIndex&) {
      return h.Get(unit).level;
    });
    if (l != Level::kNation && l != Level::kState) {
      return InvalidArgument("a survey round covers India or a state", "place");
    }
  }
  JJM_ASSIGN_OR_RETURN(r.seed, IntField(body, "", "seed", true, 0, INT64_MAX));
  JJM_ASSIGN_OR_RETURN(
      r.villages_per_district,
      IntField(body, "", "villages_per_district", true, 1, 500));
  JJM_ASSIGN_OR_RETURN(
      r.households_per_village,
      IntField(body, "", "households_per_village", true, 1, 200));
  JJM_ASSIGN_OR_RETURN(r.frame, TextField(body, "", "frame", false, 0, 20));
  if (r.frame.empty()) r.frame = "reported";
  if (r.frame != "reported" && r.frame != "all") {
    return InvalidArgument("frame must be reported or all", "frame");
  }
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageSurveys, unit, "set up survey rounds"));
  MutexLock lock(&I.write_mutex());
  const bool taken = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    for (const auto& [id, round] : I.locked_rounds()) {
      if (round.row.name == r.name) return true;
    }
    return false;
  });
  if (taken) {
    return Conflict("a survey round named '" + r.name + "' exists", "name");
  }
  r.place_id = unit;
  r.frame_day = c.today.days();
  // The frame: villages of the place with households on the day (and, for
  // "reported", reported Har Ghar Jal then).
  std::vector<FrameVillage> frame =
      I.Shared([&](const Hierarchy& h, const CoverageIndex& x) {
        std::vector<FrameVillage> out;
        const HgjIndex& idx = I.locked_hgj();
        h.ForEachVillage(unit, [&](UnitId v) {
          const Metrics m = x.At(v, c.today);
          if (m.total_hh <= 0) return;
          if (r.frame == "reported") {
            const StatusSpan* s = SpanAt(idx.Spans(v), c.today.days());
            if (s == nullptr || !CountsAsReported(s->status)) return;
          }
          const UnitId d = h.AncestorAt(v, Level::kDistrict);
          if (d == kNoUnit) return;
          out.push_back(FrameVillage{v, d, m.total_hh});
        });
        return out;
      });
  if (frame.empty()) {
    return Status(StatusCode::kFailedPrecondition,
                  r.frame == "reported"
                      ? "no village of the place is reported Har Ghar Jal: "
                        "nothing to draw from"
                      : "no village of the place has households on record")
        .With("reason", "empty_frame");
  }
  const std::vector<SampledVillage> drawn =
      DrawVillages(frame, static_cast<int>(r.villages_per_district),
                   static_cast<uint64_t>(r.seed));
  RoundState state;
  std::vector<SurveyVillageRow> vrows;
  std::vector<SurveyHouseholdRow> hrows;
  for (const SampledVillage& s : drawn) {
    SurveyVillageRow vr{
        0, s.village, s.district, s.households, s.probability, s.weight};
    vrows.push_back(vr);
    const double w = HouseholdWeight(
        s.households, static_cast<int>(r.households_per_village));
    for (int64_t no : DrawHouseholds(
             s.households, static_cast<int>(r.households_per_village),
             static_cast<uint64_t>(r.seed), s.village)) {
      hrows.push_back(SurveyHouseholdRow{0, s.village, no, w});
    }
  }
  r.created_at = SupplyNow();
  r.created_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("supply.survey.create", "fa_round", r.name, unit);
  audit.after = Json{{"name", r.name},
                     {"seed", r.seed},
                     {"villages", vrows.size()},
                     {"households", hrows.size()}}
                    .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](SupplyStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddRound(r));
    for (auto& v : vrows) v.round_id = r.id;
    for (auto& hh : hrows) hh.round_id = r.id;
    JJM_RETURN_IF_ERROR(s.AddRoundVillages(vrows));
    return s.AddRoundHouseholds(hrows);
  }));
  state.row = r;
  for (const auto& v : vrows) state.villages[v.village_id].row = v;
  for (const auto& hh : hrows) {
    state.villages[hh.village_id].households.push_back(hh);
  }
  RebuildSums(&state);
  Json out;
  I.Apply(
      [&](const Hierarchy& h, const CoverageIndex&, SupplyService::Impl& me) {
        auto& slot = me.rounds_for_apply()[r.id] = std::move(state);
        out = RoundJson(slot, me, h);
      });
  return out;
}

StatusOr<Json> SupplyService::ListRounds(const Caller&) {
  Impl& I = *impl_;
  return I.Shared([&](const Hierarchy& h, const CoverageIndex&) {
    Json rows = Json::array();
    for (const auto& [id, r] : I.locked_rounds()) {
      rows.push_back(RoundJson(r, I, h));
    }
    return Json{{"rows", rows}};
  });
}

StatusOr<Json> SupplyService::GetRound(const Caller&, int64_t id,
                                       const Json& query) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(query, "", {"district"}));
  JJM_ASSIGN_OR_RETURN(std::string district,
                       TextField(query, "", "district", false, 0, 40));
  UnitId d = kNoUnit;
  if (!district.empty()) {
    JJM_ASSIGN_OR_RETURN(d, I.PlaceOf(district, "district", Level::kDistrict));
  }
  return I.Shared([&](const Hierarchy& h,
                      const CoverageIndex&) -> StatusOr<Json> {
    auto it = I.locked_rounds().find(id);
    if (it == I.locked_rounds().end()) {
      return NotFound("no survey round " + std::to_string(id));
    }
    const RoundState& r = it->second;
    Json j = RoundJson(r, I, h);
    Json villages = Json::array();
    for (const auto& [vid, v] : r.villages) {
      if (d != kNoUnit && v.row.district_id != d) continue;
      if (villages.size() >= 2000) break;
      Json pj = I.PlaceJson(static_cast<UnitId>(vid), h);
      villages.push_back(Json{
          {"code", pj["code"]},
          {"name", pj["name"]},
          {"district", I.PlaceJson(static_cast<UnitId>(v.row.district_id), h)},
          {"households", v.row.households},
          {"probability", v.row.probability},
          {"weight", v.row.weight},
          {"households_sampled", v.households.size()},
          {"recorded", v.responses.size()}});
    }
    j["villages"] = villages;
    return j;
  });
}

StatusOr<Json> SupplyService::RoundVillage(const Caller& c, int64_t id,
                                           const std::string& village) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(UnitId v,
                       I.PlaceOf(village, "village", Level::kVillage));
  const bool names = I.Sees(c, v);
  return I.Shared([&](const Hierarchy& h,
                      const CoverageIndex&) -> StatusOr<Json> {
    auto it = I.locked_rounds().find(id);
    if (it == I.locked_rounds().end()) {
      return NotFound("no survey round " + std::to_string(id));
    }
    auto vit = it->second.villages.find(v);
    if (vit == it->second.villages.end()) {
      return NotFound("village " + village + " was not drawn in this round");
    }
    const RoundState::Village& rv = vit->second;
    Json hh = Json::array();
    for (const SurveyHouseholdRow& row : rv.households) {
      Json one{{"household_no", row.household_no}, {"weight", row.weight}};
      auto r = rv.responses.find(row.household_no);
      if (r != rv.responses.end()) {
        const Derived d = Derive(ToResponse(r->second));
        Json resp{{"on", DayString(r->second.day)},
                  {"tap_present", r->second.tap_present},
                  {"water_last_7_days", r->second.water_last_7_days},
                  {"litres_per_day", r->second.litres_per_day},
                  {"household_size", r->second.household_size},
                  {"days_per_week", r->second.days_per_week},
                  {"hours_per_day", r->second.hours_per_day},
                  {"quality", Json{{"method", r->second.quality_method},
                                   {"result", r->second.quality_result}}},
                  {"derived", Json{{"working", d.working},
                                   {"adequate", d.adequate},
                                   {"regular", d.regular},
                                   {"potable", d.potable},
                                   {"fully_functional", d.fully_functional},
                                   {"lpcd", d.lpcd}}}};
        if (names) resp["by"] = r->second.recorded_by;
        one["response"] = resp;
      }
      hh.push_back(one);
    }
    return Json{{"round", Json{{"id", id}, {"name", it->second.row.name}}},
                {"village", I.PlaceJson(v, h)},
                {"households_in_frame", rv.row.households},
                {"probability", rv.row.probability},
                {"weight", rv.row.weight},
                {"households", hh}};
  });
}

StatusOr<Json> SupplyService::RecordHousehold(const Caller& c, int64_t id,
                                              const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"request_id", "village", "household_no", "tap_present",
                   "water_last_7_days", "litres_per_day", "household_size",
                   "days_per_week", "hours_per_day", "promised_days_per_week",
                   "promised_hours_per_day", "quality", "on"}));
  SurveyResponseRow r;
  r.round_id = id;
  JJM_ASSIGN_OR_RETURN(r.request_id,
                       TextField(body, "", "request_id", false, 0, 100));
  JJM_ASSIGN_OR_RETURN(std::string village,
                       TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(UnitId v,
                       I.PlaceOf(village, "village", Level::kVillage));
  r.village_id = v;
  JJM_ASSIGN_OR_RETURN(r.household_no,
                       IntField(body, "", "household_no", true, 1, 100000000));
  auto flag = [&](const char* key, bool* out) -> Status {
    if (!body.contains(key) || !body[key].is_boolean()) {
      return InvalidArgument(std::string(key) + " must be true or false", key);
    }
    *out = body[key].get<bool>();
    return Status::Ok();
  };
  JJM_RETURN_IF_ERROR(flag("tap_present", &r.tap_present));
  JJM_RETURN_IF_ERROR(flag("water_last_7_days", &r.water_last_7_days));
  JJM_ASSIGN_OR_RETURN(r.litres_per_day,
                       NumberField(body, "", "litres_per_day", true, 0));
  JJM_ASSIGN_OR_RETURN(r.household_size,
                       IntField(body, "", "household_size", true, 1, 100));
  JJM_ASSIGN_OR_RETURN(r.days_per_week,
                       IntField(body, "", "days_per_week", true, 0, 7));
  JJM_ASSIGN_OR_RETURN(r.hours_per_day,
                       NumberField(body, "", "hours_per_day", true, 0));
  JJM_ASSIGN_OR_RETURN(
      r.promised_days,
      IntField(body, "", "promised_days_per_week", false, 1, 7, 7));
  JJM_ASSIGN_OR_RETURN(
      r.promised_hours,
      NumberField(body, "", "promised_hours_per_day", false, 0));
  if (!r.tap_present && r.water_last_7_days) {
    return InvalidArgument(
        "a household without a tap cannot have had water from it",
        "water_last_7_days");
  }
  HouseholdResponse check = ToResponse(r);
  JJM_RETURN_IF_ERROR(CheckAndDerive(check).status());
  if (!body.contains("quality") || !body["quality"].is_object()) {
    return InvalidArgument(
        "quality must say how the tap's water was tested and the result",
        "quality");
  }
  const Json& q = body["quality"];
  JJM_RETURN_IF_ERROR(
      CheckFields(q, "quality", {"method", "result", "sample"}));
  JJM_ASSIGN_OR_RETURN(r.quality_method,
                       TextField(q, "quality", "method", true, 1, 10));
  if (r.quality_method != "ftk" && r.quality_method != "lab") {
    return InvalidArgument("quality.method must be ftk or lab",
                           "quality.method");
  }
  JJM_ASSIGN_OR_RETURN(std::string sample,
                       TextField(q, "quality", "sample", false, 0, 60));
  // A lab sample of the water-quality module gives the result itself.
  const bool linked = !sample.empty() && I.sample_verdict != nullptr;
  JJM_ASSIGN_OR_RETURN(r.quality_result,
                       TextField(q, "quality", "result", !linked, 1, 10));
  if (linked) {
    if (r.quality_method != "lab") {
      return InvalidArgument("a sample is a lab test: quality.method is lab",
                             "quality.method");
    }
    JJM_ASSIGN_OR_RETURN(SupplyService::SampleVerdict verdict,
                         I.sample_verdict(sample));
    if (verdict.village != village) {
      return InvalidArgument("sample " + sample + " was taken in " +
                                 verdict.village + ", not in " + village,
                             "quality.sample");
    }
    if (!verdict.final) {
      return Status(StatusCode::kFailedPrecondition,
                    "sample " + sample +
                        " has no final result yet: record the household "
                        "when the lab has reported it",
                    "quality.sample");
    }
    const std::string from_lab = verdict.safe ? "safe" : "unsafe";
    if (!r.quality_result.empty() && r.quality_result != from_lab) {
      return InvalidArgument("the lab found sample " + sample + " " + from_lab +
                                 "; quality.result says " + r.quality_result,
                             "quality.result");
    }
    r.quality_result = from_lab;
  }
  if (r.quality_result != "safe" && r.quality_result != "unsafe") {
    return InvalidArgument("quality.result must be safe or unsafe",
                           "quality.result");
  }
  JJM_ASSIGN_OR_RETURN(Date on, DateField(body, "", "on", false, c.today));
  if (on > c.today) return InvalidArgument("on is after today", "on");
  r.day = on.days();
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kRecordSurvey, v, "record surveyed households"));
  MutexLock lock(&I.write_mutex());
  SupplyStore w = I.writer();
  if (!r.request_id.empty()) {
    JJM_ASSIGN_OR_RETURN(auto prior, w.ResponseByRequestId(r.request_id));
    if (prior) {
      if (prior->round_id != r.round_id || prior->village_id != r.village_id ||
          prior->household_no != r.household_no) {
        return Conflict("request_id was used for another household",
                        "request_id");
      }
      // A replay carries the same answers; other answers under a used id
      // are refused, as for connections.
      if (prior->tap_present != r.tap_present ||
          prior->water_last_7_days != r.water_last_7_days ||
          prior->litres_per_day != r.litres_per_day ||
          prior->household_size != r.household_size ||
          prior->days_per_week != r.days_per_week ||
          prior->hours_per_day != r.hours_per_day ||
          prior->quality_method != r.quality_method) {
        return Conflict(
            "request_id was used for other answers for this household",
            "request_id");
      }
      const Derived d = Derive(ToResponse(*prior));
      return Json{{"id", prior->id},
                  {"replayed", true},
                  {"derived", Json{{"working", d.working},
                                   {"adequate", d.adequate},
                                   {"regular", d.regular},
                                   {"potable", d.potable},
                                   {"fully_functional", d.fully_functional},
                                   {"lpcd", d.lpcd}}}};
    }
  }
  if (!sample.empty()) {
    JJM_ASSIGN_OR_RETURN(r.sample_id, w.SampleId(sample));
    if (r.sample_id == 0) {
      return InvalidArgument(
          "no water-quality sample has the code '" + sample + "'",
          "quality.sample");
    }
  }
  // The round, the village drawn in it, the household drawn in it.
  Status drawn = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    auto it = I.locked_rounds().find(id);
    if (it == I.locked_rounds().end()) {
      return NotFound("no survey round " + std::to_string(id));
    }
    const SurveyRoundRow& round = it->second.row;
    if (r.day < round.period_from || r.day > round.period_to) {
      return InvalidArgument("the round's field work runs from " +
                                 DayString(round.period_from) + " to " +
                                 DayString(round.period_to),
                             "on");
    }
    auto vit = it->second.villages.find(v);
    if (vit == it->second.villages.end()) {
      return InvalidArgument(
          "village " + village + " was not drawn in this round", "village");
    }
    for (const auto& hh : vit->second.households) {
      if (hh.household_no == r.household_no) return Status::Ok();
    }
    return InvalidArgument("household " + std::to_string(r.household_no) +
                               " was not drawn in village " + village,
                           "household_no");
  });
  JJM_RETURN_IF_ERROR(drawn);
  r.recorded_at = SupplyNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("supply.survey.household", "fa_response",
                std::to_string(id) + ":" + std::to_string(r.household_no), v);
  const Derived d = Derive(ToResponse(r));
  audit.after = Json{
      {"household_no", r.household_no},
      {"fully_functional", d.fully_functional},
      {"lpcd",
       d.lpcd}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](SupplyStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddResponse(r));
    return Status::Ok();
  }));
  I.Apply([&](const Hierarchy&, const CoverageIndex&, SupplyService::Impl& me) {
    RoundState& round = me.rounds_for_apply()[id];
    RoundState::Village& rv = round.villages[v];
    StratumSums& stratum = round.strata[rv.row.district_id];
    stratum.Remove(rv.totals);
    rv.responses[r.household_no] = r;
    rv.totals = TotalsOf(rv);
    stratum.Add(rv.totals);
  });
  return Json{{"id", r.id},
              {"village", village},
              {"household_no", r.household_no},
              {"derived", Json{{"working", d.working},
                               {"adequate", d.adequate},
                               {"regular", d.regular},
                               {"potable", d.potable},
                               {"fully_functional", d.fully_functional},
                               {"lpcd", d.lpcd}}}};
}

StatusOr<Json> SupplyService::Results(const Caller&, int64_t id,
                                      const std::string& place) {
  Impl& I = *impl_;
  UnitId unit = kNoUnit;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  return I.Shared(
      [&](const Hierarchy& h, const CoverageIndex&) -> StatusOr<Json> {
        auto it = I.locked_rounds().find(id);
        if (it == I.locked_rounds().end()) {
          return NotFound("no survey round " + std::to_string(id));
        }
        const RoundState& r = it->second;
        const UnitId at =
            unit == kNoUnit ? static_cast<UnitId>(r.row.place_id) : unit;
        if (h.Get(at).level > Level::kDistrict) {
          return InvalidArgument(
              "estimates are made for India, a state or a district (the "
              "survey's strata)",
              "place");
        }
        Json rows = Json::array();
        if (h.Get(at).level < Level::kDistrict) {
          h.ForEachAtLevel(at, h.ChildLevel(at), [&](UnitId u) {
            Json e = EstimatesJson(r, u, h);
            if (e["working"]["households"].get<int64_t>() == 0) return;
            Json row = I.PlaceJson(u, h);
            row["estimates"] = e;
            rows.push_back(row);
          });
        }
        return Json{{"round", RoundJson(r, I, h)},
                    {"place", I.PlaceJson(at, h)},
                    {"estimates", EstimatesJson(r, at, h)},
                    {"rows", rows}};
      });
}

}  // namespace jjm

namespace jjm {
namespace {

void WriteEstimate(JsonWriter& w, const Estimate& e) {
  w.BeginObject();
  w.Key("share").Double(e.share, 12);
  w.Key("ci_low").Double(e.ci_low, 12);
  w.Key("ci_high").Double(e.ci_high, 12);
  w.Key("se").Double(e.se, 12);
  w.Key("households").Int(e.households);
  w.Key("villages").Int(e.villages);
  w.EndObject();
}

void WriteEstimates(JsonWriter& w,
                    const std::vector<const StratumSums*>& strata) {
  w.BeginObject();
  for (int m = 0; m < kMeasures; ++m) {
    w.Key(MeasureName(m));
    WriteEstimate(w, EstimateShare(strata, m));
  }
  w.Key("lpcd");
  WriteEstimate(w, EstimateMeanLpcd(strata));
  w.EndObject();
}

void WritePlaceOf(JsonWriter& w, const Place& p) {
  w.Key("code").String(p.code);
  w.Key("name").String(p.name);
  w.Key("level").String(LevelName(p.level));
}

}  // namespace

StatusOr<std::string> SupplyService::ResultsText(const Caller&, int64_t id,
                                                 const std::string& place) {
  Impl& I = *impl_;
  UnitId unit = kNoUnit;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  return I.Shared(
      [&](const Hierarchy& h, const CoverageIndex&) -> StatusOr<std::string> {
        auto it = I.locked_rounds().find(id);
        if (it == I.locked_rounds().end()) {
          return NotFound("no survey round " + std::to_string(id));
        }
        const RoundState& r = it->second;
        const UnitId at =
            unit == kNoUnit ? static_cast<UnitId>(r.row.place_id) : unit;
        if (h.Get(at).level > Level::kDistrict) {
          return InvalidArgument(
              "estimates are made for India, a state or a district (the "
              "survey's strata)",
              "place");
        }
        // The place's strata, and each child place's, in one pass.
        const bool below = h.Get(at).level < Level::kDistrict;
        const Level child = below ? h.ChildLevel(at) : Level::kDistrict;
        std::vector<const StratumSums*> all;
        std::map<UnitId, std::vector<const StratumSums*>> by_child;
        for (const auto& [district, sums] : r.strata) {
          const UnitId d = static_cast<UnitId>(district);
          if (!h.Contains(d) || !h.IsWithin(d, at)) continue;
          all.push_back(&sums);
          if (below && !sums.empty()) {
            const UnitId c = h.AncestorAt(d, child);
            if (c != kNoUnit) by_child[c].push_back(&sums);
          }
        }
        JsonWriter w;
        w.BeginObject();
        w.Key("round").Raw(RoundJson(r, I, h).dump());
        w.Key("place").BeginObject();
        WritePlaceOf(w, h.Get(at));
        w.EndObject();
        w.Key("estimates");
        WriteEstimates(w, all);
        w.Key("rows").BeginArray();
        for (const auto& [c, strata] : by_child) {
          w.BeginObject();
          WritePlaceOf(w, h.Get(c));
          w.Key("estimates");
          WriteEstimates(w, strata);
          w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        return w.Take();
      });
}

}  // namespace jjm
