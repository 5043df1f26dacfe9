// The JSON of samples, results and summaries; the standard and grading
// without writing; the public summary.
#include "quality/quality_internal.h"

namespace jjm {

// --- JSON -------------------------------------------------------------------

Json QualityService::Impl::ResultJson(const ResultRow& r) const {
  const Parameter* p = standard_.ParameterById(r.parameter_id);
  const StandardVersion* v = standard_.VersionById(r.standard_id);
  const Limit* l = v != nullptr ? v->LimitOf(r.parameter_id) : nullptr;
  Json j{{"parameter", p != nullptr ? p->code : std::to_string(r.parameter_id)},
         {"grade", std::string(GradeName(static_cast<::jjm::Grade>(r.grade)))},
         {"standard", v != nullptr ? v->code : ""},
         {"unit", l != nullptr ? l->unit : ""}};
  if (r.value) j["value"] = *r.value;
  if (r.detected) j["detected"] = *r.detected;
  if (p != nullptr) {
    j["name_en"] = p->name_en;
    j["contaminant"] = std::string(ContaminantName(p->contaminant));
  }
  return j;
}

StatusOr<Json> QualityService::Impl::SampleJson(QualityStore& s,
                                                const SampleState& st,
                                                bool names) const {
  const SampleRow& r = st.sample;
  Json j{{"id", r.id},
         {"code", r.code},
         {"method", r.method},
         {"village", PlaceJson(static_cast<UnitId>(r.village_id))},
         {"point_kind", r.point_kind},
         {"chlorinated", r.chlorinated},
         {"collected_on", DayText(r.collected_day)},
         {"reason", r.reason},
         {"status", st.status},
         {"referred", st.referred},
         {"registered_at", r.registered_at}};
  if (r.habitation_id > 0) {
    j["habitation"] = PlaceJson(static_cast<UnitId>(r.habitation_id));
  }
  if (r.lab_id > 0) {
    auto lab = LabById(r.lab_id);
    j["lab"] = lab ? Json{{"id", lab->row.id},
                          {"code", lab->row.code},
                          {"name", lab->row.name},
                          {"level", lab->row.level}}
                   : Json(nullptr);
  }
  if (r.source_id > 0) {
    auto src = SourceById(r.source_id);
    j["source"] = src ? src->code : "";
  }
  if (r.point_id > 0) j["point"] = r.point_id;
  if (r.latitude) j["latitude"] = *r.latitude;
  if (r.longitude) j["longitude"] = *r.longitude;
  if (r.parent_sample_id > 0) {
    JJM_ASSIGN_OR_RETURN(auto parent, s.GetSample(r.parent_sample_id));
    j["parent"] = parent ? parent->code : "";
  }
  if (names) {
    j["collected_by"] = r.collected_by;
    j["registered_by"] = r.registered_by;
  }
  Json events = Json::array();
  for (const SampleEventRow& e : st.events) {
    Json ev{
        {"id", e.id}, {"kind", e.kind}, {"on", DayText(e.day)}, {"at", e.at}};
    if (!e.note.empty()) ev["note"] = e.note;
    if (e.related_sample_id > 0) {
      JJM_ASSIGN_OR_RETURN(auto rel, s.GetSample(e.related_sample_id));
      ev["related_sample"] = rel ? rel->code : "";
    }
    if (names) ev["by"] = e.actor;
    events.push_back(std::move(ev));
  }
  j["events"] = std::move(events);
  JJM_ASSIGN_OR_RETURN(std::vector<ResultRow> results, s.ResultsOf(r.id));
  Json rs = Json::array();
  for (const ResultRow& res : results) rs.push_back(ResultJson(res));
  j["results"] = std::move(rs);
  Json alerts = Json::array();
  JJM_RETURN_IF_ERROR(s.ForEachAlertOfSample(r.id, [&](const AlertRow& a) {
    alerts.push_back(Json{{"id", a.id},
                          {"contaminant", a.contaminant},
                          {"open", !a.closed_day.has_value()}});
  }));
  j["alerts"] = std::move(alerts);
  return j;
}

Json QualityService::Impl::SummaryJson(const QualitySummary& s) const {
  Json failing_by = Json::object(), affected_by = Json::object();
  for (int i = 0; i < kContaminantCount; ++i) {
    const std::string name(ContaminantName(static_cast<Contaminant>(i)));
    failing_by[name] = s.failing_by[i];
    affected_by[name] = s.affected_by[i];
  }
  return Json{
      {"samples", s.samples},
      {"lab_samples", s.lab_samples},
      {"ftk_samples", s.ftk_samples},
      {"tested", s.tested},
      {"failing", s.failing},
      {"failing_by", std::move(failing_by)},
      {"sources", s.sources},
      {"sources_tested_chemical", s.sources_tested_chemical},
      {"sources_tested_bacteriological", s.sources_tested_bacteriological},
      {"sources_bact_pre_monsoon", s.sources_bact_pre_monsoon},
      {"sources_bact_post_monsoon", s.sources_bact_post_monsoon},
      {"villages_lab", s.villages_lab},
      {"villages_lab_chemical", s.villages_lab_chemical},
      {"villages_lab_bacteriological", s.villages_lab_bacteriological},
      {"villages_ftk", s.villages_ftk},
      {"habitations_affected", s.habitations_affected},
      {"affected_by", std::move(affected_by)},
      {"villages_affected", s.villages_affected},
      {"households_affected", s.households_affected},
      {"alerts_open", s.alerts_open},
      {"repeats_overdue", s.repeats_overdue},
      {"actions_pending", s.actions_pending},
      {"trained_testers", s.trained_testers}};
}

StatusOr<Json> QualityService::GetStandard(const Caller&) {
  const Standard& st = impl_->standard();
  Json params = Json::array();
  for (const Parameter& p : st.parameters()) {
    params.push_back(
        Json{{"id", p.id},
             {"code", p.code},
             {"name_en", p.name_en},
             {"name_hi", p.name_hi},
             {"family", std::string(FamilyName(p.family))},
             {"contaminant", std::string(ContaminantName(p.contaminant))},
             {"ordinal", p.ordinal}});
  }
  Json versions = Json::array();
  for (const StandardVersion& v : st.versions()) {
    Json limits = Json::array();
    for (const Limit& l : v.limits) {
      const Parameter* p = st.ParameterById(l.parameter_id);
      Json j{{"parameter", p != nullptr ? p->code : ""},
             {"unit", l.unit},
             {"kind", std::string(LimitKindName(l.kind))},
             {"only_when_chlorinated", l.only_when_chlorinated},
             {"note", l.note}};
      j["acceptable_min"] = l.acceptable_min ? Json(*l.acceptable_min) : Json();
      j["acceptable_max"] = l.acceptable_max ? Json(*l.acceptable_max) : Json();
      j["permissible_max"] =
          l.permissible_max ? Json(*l.permissible_max) : Json();
      limits.push_back(std::move(j));
    }
    Json rules = Json::array();
    for (const CrossRule& r : v.cross_rules) {
      const Parameter* p = st.ParameterById(r.parameter_id);
      const Parameter* o = st.ParameterById(r.other_parameter_id);
      rules.push_back(
          Json{{"kind",
                r.kind == CrossRuleKind::kSumMax ? "sum_max" : "relax_if_max"},
               {"parameter", p != nullptr ? p->code : ""},
               {"other_parameter", o != nullptr ? o->code : ""},
               {"value", r.value},
               {"note", r.note}});
    }
    versions.push_back(Json{{"id", v.id},
                            {"code", v.code},
                            {"title", v.title},
                            {"in_force_from", v.in_force_from.ToString()},
                            {"limits", std::move(limits)},
                            {"cross_rules", std::move(rules)}});
  }
  Json rules = Json::object();
  for (const auto& [name, value] : impl_->rules_) rules[name] = value;
  return Json{{"parameters", std::move(params)},
              {"versions", std::move(versions)},
              {"rules", std::move(rules)}};
}

StatusOr<Json> QualityService::Grade(const Caller& c, const Json& body) {
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"results", "day", "chlorinated", "source"}));
  JJM_ASSIGN_OR_RETURN(Date day, DateField(body, "", "day", false, c.today));
  bool chlorinated = false;
  if (body.contains("chlorinated") && !body["chlorinated"].is_null()) {
    if (!body["chlorinated"].is_boolean()) {
      return InvalidArgument("chlorinated must be true or false",
                             "chlorinated");
    }
    chlorinated = body["chlorinated"].get<bool>();
  }
  bool alternate = false;
  JJM_ASSIGN_OR_RETURN(std::string source,
                       TextField(body, "", "source", false, 0, 80));
  if (!source.empty()) {
    auto src = impl_->SourceByCode(source);
    if (!src) {
      return InvalidArgument("source: no source with code '" + source + "'",
                             "source");
    }
    alternate = src->has_alternate;
  }
  const Json results = body.value("results", Json());
  const StandardVersion* v = nullptr;
  JJM_ASSIGN_OR_RETURN(
      std::vector<GradedResult> graded,
      impl_->GradeJson(results, "results", day, chlorinated, nullptr, &v));
  Json out = Json::array();
  bool failing = false;
  for (size_t i = 0; i < graded.size(); ++i) {
    const GradedResult& g = graded[i];
    const Parameter* p = impl_->standard().ParameterById(g.parameter_id);
    const Limit* l = v->LimitOf(g.parameter_id);
    Json j{{"parameter", p->code},
           {"grade", std::string(GradeName(g.grade))},
           {"fails", Fails(g.grade, alternate)},
           {"reason", g.reason},
           {"reason_code", g.reason_code},
           {"unit", l != nullptr ? l->unit : ""}};
    if (g.value) j["value"] = *g.value;
    if (g.detected) j["detected"] = *g.detected;
    failing = failing || Fails(g.grade, alternate);
    out.push_back(std::move(j));
  }
  return Json{{"standard", v->code},
              {"results", std::move(out)},
              {"worst", std::string(GradeName(WorstGrade(graded)))},
              {"failing", failing}};
}

StatusOr<Json> QualityService::Summary(const Caller& c,
                                       const std::string& place,
                                       const std::string& as_of) {
  UnitId id = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(id, impl_->PlaceOf(place, "place"));
  }
  Date day = c.today;
  if (!as_of.empty()) {
    JJM_ASSIGN_OR_RETURN(day, Date::ParseField(as_of, "as_of"));
  }
  return impl_->Shared([&](const Hierarchy& h) {
    const Place& p = h.Get(id);
    Json rows = Json::array();
    for (UnitId child : p.children) {
      if (!h.Contains(child)) continue;
      const Place& cp = h.Get(child);
      rows.push_back(Json{
          {"code", cp.code},
          {"name", cp.name},
          {"level", std::string(LevelName(cp.level))},
          {"summary",
           impl_->SummaryJson(impl_->locked_index().Summary(child, day))}});
    }
    return Json{
        {"place", Json{{"code", p.code},
                       {"name", p.name},
                       {"level", std::string(LevelName(p.level))}}},
        {"as_of", day.ToString()},
        {"summary", impl_->SummaryJson(impl_->locked_index().Summary(id, day))},
        {"rows", std::move(rows)}};
  });
}

}  // namespace jjm
