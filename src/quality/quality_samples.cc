// Samples: registering them, their steps (received, tested, final,
// refused, retest, referred), field test kit tests, listing and reading.
#include <algorithm>

#include "quality/quality_internal.h"

namespace jjm {
namespace {

using After = std::vector<std::function<void(QualityIndex&)>>;

// Where a sample was taken.
struct Location {
  UnitId village = kNoUnit, habitation = kNoUnit;
  int64_t source_id = 0, point_id = 0;
  std::string point_kind = "source";
};

// "source" | "point" | ("village", "point_kind"), and "habitation".
StatusOr<Location> ReadLocation(QualityService::Impl& I, QualityStore& s,
                                const Json& body) {
  Location loc;
  JJM_ASSIGN_OR_RETURN(std::string source,
                       TextField(body, "", "source", false, 0, 80));
  JJM_ASSIGN_OR_RETURN(std::string village,
                       TextField(body, "", "village", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string kind,
                       TextField(body, "", "point_kind", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string habitation,
                       TextField(body, "", "habitation", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(int64_t point,
                       IntField(body, "", "point", false, 1, INT64_MAX, 0));
  if (!source.empty()) {
    auto src = I.SourceByCode(source);
    if (!src) {
      return InvalidArgument("source: no source with code '" + source + "'",
                             "source");
    }
    loc.source_id = src->id;
    loc.village = src->village;
    loc.habitation = src->habitation;
    if (!kind.empty() && kind != "source") {
      return InvalidArgument(
          "point_kind: a sample at a source is of kind "
          "source",
          "point_kind");
    }
  } else if (point > 0) {
    JJM_ASSIGN_OR_RETURN(auto p, s.GetSamplingPoint(point));
    if (!p) {
      return InvalidArgument(
          "point: no sampling point " + std::to_string(point), "point");
    }
    loc.point_id = p->id;
    loc.village = static_cast<UnitId>(p->village_id);
    loc.habitation =
        p->habitation_id > 0 ? static_cast<UnitId>(p->habitation_id) : kNoUnit;
    loc.point_kind = p->kind;
  } else {
    if (village.empty()) {
      return InvalidArgument(
          "give a source, a point, or a village and a "
          "point_kind",
          "source");
    }
    JJM_ASSIGN_OR_RETURN(loc.village,
                         I.PlaceOf(village, "village", Level::kVillage));
    if (!In(kPointKinds, kind)) {
      return InvalidArgument("point_kind must be one of " + Joined(kPointKinds),
                             "point_kind");
    }
    loc.point_kind = kind;
  }
  if (!habitation.empty()) {
    JJM_ASSIGN_OR_RETURN(loc.habitation,
                         I.HabitationOf(habitation, loc.village, "habitation"));
  }
  return loc;
}

// The sample's step refused for its status.
Status StepRefused(const SampleState& st, const std::string& kind) {
  return FailedPrecondition("sample " + st.sample.code + " is " + st.status +
                                (st.referred ? " (referred)" : "") +
                                ": it cannot be " + kind + " now",
                            "kind")
      .With("status", st.status);
}

bool StepAllowed(const std::string& status, const std::string& kind) {
  if (kind == "received") return status == "registered";
  if (kind == "tested") return status == "received";
  if (kind == "final") return status == "tested";
  if (kind == "retest") return status == "received" || status == "tested";
  if (kind == "refused") {
    return status == "registered" || status == "received" || status == "tested";
  }
  if (kind == "referred") return status == "final";
  return false;
}

// Writes a tested event with its graded results.
Status WriteTested(QualityStore& s, int64_t sample_id, int64_t day,
                   int64_t lab_id, const std::string& note,
                   const std::vector<GradedResult>& graded,
                   const StandardVersion& v, const std::string& now,
                   const std::string& by, std::vector<ResultRow>* rows) {
  SampleEventRow e;
  e.sample_id = sample_id;
  e.kind = "tested";
  e.day = day;
  e.lab_id = lab_id;
  e.note = note;
  e.at = now;
  e.actor = by;
  JJM_ASSIGN_OR_RETURN(int64_t event_id, s.AddEvent(e));
  for (const GradedResult& g : graded) {
    ResultRow r;
    r.event_id = event_id;
    r.parameter_id = g.parameter_id;
    r.standard_id = v.id;
    r.value = g.value;
    r.detected = g.detected;
    r.grade = static_cast<int>(g.grade);
    JJM_RETURN_IF_ERROR(s.AddResult(r));
    rows->push_back(r);
  }
  return Status::Ok();
}

Status WriteStep(QualityStore& s, int64_t sample_id, const std::string& kind,
                 int64_t day, int64_t lab_id, int64_t related,
                 const std::string& note, const std::string& now,
                 const std::string& by) {
  SampleEventRow e;
  e.sample_id = sample_id;
  e.kind = kind;
  e.day = day;
  e.lab_id = lab_id;
  e.related_sample_id = related;
  e.note = note;
  e.at = now;
  e.actor = by;
  return s.AddEvent(e).status();
}

void AddToIndex(const SampleRow& r, After* after) {
  after->push_back([r](QualityIndex& x) {
    x.AddSample(
        r.id, static_cast<UnitId>(r.village_id),
        r.habitation_id > 0 ? static_cast<UnitId>(r.habitation_id) : kNoUnit,
        r.source_id,
        r.method == "ftk" ? SampleMethod::kFtk : SampleMethod::kLab,
        DayOf(r.collected_day));
  });
}

void RunAfter(QualityService::Impl& I, After& after) {
  if (after.empty()) return;
  I.Apply([&](const Hierarchy&, QualityIndex& x) {
    for (auto& fn : after) fn(x);
  });
}

// A replayed request: the sample first written under `request_id`.
StatusOr<std::optional<Json>> Replay(QualityService::Impl& I, QualityStore& s,
                                     const QCaller& c,
                                     const std::string& request_id,
                                     const std::string& method) {
  if (request_id.empty()) return std::optional<Json>();
  JJM_ASSIGN_OR_RETURN(auto row, s.FindSampleByRequestId(request_id));
  if (!row) return std::optional<Json>();
  if (row->method != method) {
    return Conflict(
        "request_id " + request_id + " was used for another request",
        "request_id");
  }
  JJM_ASSIGN_OR_RETURN(SampleState st,
                       QualityService::Impl::LoadSample(s, row->id));
  JJM_ASSIGN_OR_RETURN(
      Json j,
      I.SampleJson(
          s, st,
          I.SeesTesters(c, static_cast<UnitId>(row->village_id), row->lab_id)));
  j["replayed"] = true;
  return std::optional<Json>(std::move(j));
}

}  // namespace

// --- registering ------------------------------------------------------------

StatusOr<Json> QualityService::RegisterSample(const Caller& c,
                                              const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"request_id", "method", "lab", "source", "point", "village",
       "point_kind", "habitation", "collected_on", "collected_by",
       "chlorinated", "latitude", "longitude", "parent", "reason"}));
  JJM_ASSIGN_OR_RETURN(std::string request_id,
                       TextField(body, "", "request_id", false, 0, 100));
  JJM_ASSIGN_OR_RETURN(std::string method,
                       TextField(body, "", "method", false, 0, 10));
  if (!method.empty() && method != "lab") {
    return InvalidArgument(
        "method must be lab (field test kits: POST /quality/ftk-tests)",
        "method");
  }
  MutexLock lock(&I.write_mutex());
  I.ForgetSampleIds();
  QualityStore& s = I.writer();
  JJM_ASSIGN_OR_RETURN(auto replayed, Replay(I, s, c, request_id, "lab"));
  if (replayed) return std::move(*replayed);

  JJM_ASSIGN_OR_RETURN(std::string lab_code,
                       TextField(body, "", "lab", true, 1, 40));
  auto lab = I.LabByCode(lab_code);
  if (!lab) {
    return InvalidArgument("lab: no lab with code '" + lab_code + "'", "lab");
  }
  JJM_ASSIGN_OR_RETURN(Location loc, ReadLocation(I, s, body));
  JJM_ASSIGN_OR_RETURN(Date collected,
                       PastDateField(body, "collected_on", c.today));
  if (lab->row.closed_on && *lab->row.closed_on <= collected.days()) {
    return FailedPrecondition(
        "lab " + lab_code + " closed on " + DayText(*lab->row.closed_on),
        "lab");
  }
  JJM_ASSIGN_OR_RETURN(std::string collected_by,
                       TextField(body, "", "collected_by", true, 1, 120));
  JJM_ASSIGN_OR_RETURN(bool chlorinated, FlagField(body, "chlorinated"));
  JJM_ASSIGN_OR_RETURN(auto lat, OptionalNumber(body, "latitude", -90, 90));
  JJM_ASSIGN_OR_RETURN(auto lon, OptionalNumber(body, "longitude", -180, 180));
  JJM_ASSIGN_OR_RETURN(std::string parent_code,
                       TextField(body, "", "parent", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string reason,
                       TextField(body, "", "reason", false, 0, 20));
  int64_t parent_id = 0;
  if (parent_code.empty()) {
    if (!reason.empty() && reason != "routine") {
      return InvalidArgument("reason " + reason + " needs the parent sample",
                             "parent");
    }
    reason = "routine";
  } else {
    if (!In(kSampleReasons, reason)) {
      return InvalidArgument("reason must be one of " + Joined(kSampleReasons),
                             "reason");
    }
    JJM_ASSIGN_OR_RETURN(auto parent, s.FindSampleByCode(parent_code));
    if (!parent) {
      return InvalidArgument(
          "parent: no sample with code '" + parent_code + "'", "parent");
    }
    if (reason == "confirmation" && parent->method != "ftk") {
      return InvalidArgument(
          "parent: a confirmation is of a field test kit "
          "sample",
          "parent");
    }
    if (parent->collected_day > collected.days()) {
      return InvalidArgument("collected_on is before the parent sample's",
                             "collected_on");
    }
    parent_id = parent->id;
  }
  // Analysts of the lab, or whoever manages the village's sources.
  if (!c.command_line && !WorksForLab(*c.principal, lab->row.id)) {
    JJM_RETURN_IF_ERROR(
        I.Need(c, Permission::kManageSources, loc.village, "register samples"));
  }

  SampleRow r;
  JJM_ASSIGN_OR_RETURN(r.id, I.NextSampleId());
  r.code = Impl::SampleCode(r.id);
  r.request_id = request_id;
  r.method = "lab";
  r.lab_id = lab->row.id;
  r.village_id = loc.village;
  r.habitation_id = loc.habitation == kNoUnit ? 0 : loc.habitation;
  r.source_id = loc.source_id;
  r.point_id = loc.point_id;
  r.point_kind = loc.point_kind;
  r.chlorinated = chlorinated;
  r.collected_day = collected.days();
  r.collected_by = collected_by;
  r.latitude = lat;
  r.longitude = lon;
  r.parent_sample_id = parent_id;
  r.reason = reason;
  r.registered_at = QualityNow();
  r.registered_by = Impl::ActorOf(c);
  After after;
  AuditRow audit = I.AuditAt("quality.sample.register", "wq_sample",
                             std::to_string(r.id), loc.village);
  audit.after = Json{
      {"code", r.code},
      {"lab", lab_code},
      {"collected_on", collected.ToString()},
      {"reason",
       reason}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_RETURN_IF_ERROR(s.AddSample(r));
    AddToIndex(r, &after);
    return I.OnRepeat(s, r, &after);
  }));
  RunAfter(I, after);
  JJM_ASSIGN_OR_RETURN(SampleState st, Impl::LoadSample(s, r.id));
  JJM_ASSIGN_OR_RETURN(Json j, I.SampleJson(s, st, true));
  j["replayed"] = false;
  return j;
}

// --- steps ------------------------------------------------------------------

StatusOr<Json> QualityService::AddSampleEvent(const Caller& c,
                                              int64_t sample_id,
                                              const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"kind", "on", "note", "reason", "results", "collected_by", "lab"}));
  JJM_ASSIGN_OR_RETURN(std::string kind,
                       TextField(body, "", "kind", true, 1, 20));
  static const std::vector<std::string> kKinds = {
      "received", "tested", "final", "refused", "retest", "referred"};
  if (!In(kKinds, kind)) {
    return InvalidArgument("kind must be one of " + Joined(kKinds), "kind");
  }
  JJM_ASSIGN_OR_RETURN(Date on, DateField(body, "", "on", false, c.today));
  if (on > c.today) {
    return InvalidArgument("on is in the future", "on");
  }
  JJM_ASSIGN_OR_RETURN(std::string note,
                       TextField(body, "", "note", false, 0, 2000));
  JJM_ASSIGN_OR_RETURN(std::string why,
                       TextField(body, "", "reason", false, 0, 2000));
  if (note.empty()) note = why;

  MutexLock lock(&I.write_mutex());
  I.ForgetSampleIds();
  QualityStore& s = I.writer();
  JJM_ASSIGN_OR_RETURN(SampleState st, Impl::LoadSample(s, sample_id));
  const SampleRow& sample = st.sample;
  if (sample.method == "ftk") {
    return FailedPrecondition("sample " + sample.code +
                                  " is a field test kit test, final when "
                                  "recorded",
                              "kind")
        .With("status", st.status);
  }
  auto lab = I.LabById(sample.lab_id);
  if (!lab) return Internal("sample " + sample.code + " has no lab");
  if (!c.command_line && !WorksForLab(*c.principal, sample.lab_id)) {
    return Status(StatusCode::kPermissionDenied,
                  "only analysts of lab " + lab->row.code +
                      " may record the steps of sample " + sample.code);
  }
  if (!StepAllowed(st.status, kind) || (kind == "referred" && st.referred)) {
    return StepRefused(st, kind);
  }
  if (on.days() < sample.collected_day) {
    return InvalidArgument("on is before the sample was collected", "on");
  }
  if (!st.events.empty() && on.days() < st.events.back().day) {
    return InvalidArgument("on is before the sample's last step (" +
                               DayText(st.events.back().day) + ")",
                           "on");
  }
  if (kind == "refused" && note.empty()) {
    return InvalidArgument("a refusal needs its reason", "reason");
  }
  if (kind != "tested" && body.contains("results")) {
    return InvalidArgument("results go with a tested step", "results");
  }

  const std::string now = QualityNow();
  const std::string by = Impl::ActorOf(c);
  After after;
  Json extra = Json::object();
  std::function<Status()> write;
  std::vector<GradedResult> graded;
  const StandardVersion* version = nullptr;
  std::vector<ResultRow> written;
  SampleRow child;  // a retest or a referral

  if (kind == "tested") {
    JJM_ASSIGN_OR_RETURN(
        graded, I.GradeJson(body.value("results", Json()), "results",
                            DayOf(sample.collected_day), sample.chlorinated,
                            &*lab, &version));
    write = [&]() -> Status {
      JJM_RETURN_IF_ERROR(WriteTested(s, sample.id, on.days(), sample.lab_id,
                                      note, graded, *version, now, by,
                                      &written));
      after.push_back(
          [id = sample.id, on](QualityIndex& x) { x.SampleTested(id, on); });
      return Status::Ok();
    };
  } else if (kind == "final") {
    write = [&]() -> Status {
      JJM_RETURN_IF_ERROR(WriteStep(s, sample.id, "final", on.days(),
                                    sample.lab_id, 0, note, now, by));
      JJM_ASSIGN_OR_RETURN(std::vector<ResultRow> results,
                           s.ResultsOf(sample.id));
      const Verdict v = I.VerdictOf(results, I.HasAlternate(sample));
      after.push_back([id = sample.id, on, f = v.ToFinal()](QualityIndex& x) {
        x.SampleFinal(id, on, f);
      });
      int64_t opened = 0;
      JJM_RETURN_IF_ERROR(
          I.OnFinal(s, st, v, on.days(), now, by, &after, &opened));
      extra["failing"] = v.AnyFailing();
      extra["alerts_opened"] = opened;
      if (v.AnyFailing() && lab->row.refers_to_lab_id > 0) {
        extra["referral_suggested"] = true;
      }
      return Status::Ok();
    };
  } else if (kind == "retest" || kind == "referred") {
    int64_t to_lab = sample.lab_id;
    if (kind == "referred") {
      JJM_ASSIGN_OR_RETURN(std::vector<ResultRow> results,
                           s.ResultsOf(sample.id));
      if (!I.VerdictOf(results, I.HasAlternate(sample)).AnyFailing()) {
        return FailedPrecondition("sample " + sample.code +
                                      " passed: only a positive sample is "
                                      "referred",
                                  "kind")
            .With("status", st.status);
      }
      JJM_ASSIGN_OR_RETURN(std::string to,
                           TextField(body, "", "lab", false, 0, 40));
      if (to.empty()) {
        to_lab = lab->row.refers_to_lab_id;
        if (to_lab == 0) {
          return InvalidArgument(
              "lab " + lab->row.code + " refers to no lab: name one", "lab");
        }
      } else {
        auto target = I.LabByCode(to);
        if (!target) {
          return InvalidArgument("lab: no lab with code '" + to + "'", "lab");
        }
        to_lab = target->row.id;
      }
      if (to_lab == sample.lab_id) {
        return InvalidArgument("a sample is referred to another lab", "lab");
      }
    }
    JJM_ASSIGN_OR_RETURN(std::string collector,
                         TextField(body, "", "collected_by", false, 0, 120));
    child = sample;
    JJM_ASSIGN_OR_RETURN(child.id, I.NextSampleId());
    child.code = Impl::SampleCode(child.id);
    child.request_id.clear();
    child.lab_id = to_lab;
    child.parent_sample_id = sample.id;
    child.reason = kind == "retest" ? "retest" : "referral";
    if (kind == "retest") child.collected_day = on.days();
    if (!collector.empty()) child.collected_by = collector;
    child.registered_at = now;
    child.registered_by = by;
    write = [&]() -> Status {
      JJM_RETURN_IF_ERROR(s.AddSample(child));
      JJM_RETURN_IF_ERROR(
          WriteStep(s, sample.id, kind, on.days(),
                    kind == "referred" ? child.lab_id : sample.lab_id, child.id,
                    note, now, by));
      AddToIndex(child, &after);
      extra["new_sample"] = child.code;
      return Status::Ok();
    };
  } else {  // received, refused
    write = [&]() -> Status {
      return WriteStep(s, sample.id, kind, on.days(), sample.lab_id, 0, note,
                       now, by);
    };
  }
  AuditRow audit =
      I.AuditAt("quality.sample.event", "wq_sample", std::to_string(sample.id),
                static_cast<UnitId>(sample.village_id));
  audit.before = Json{{"status", st.status}}.dump();
  audit.after = Json{{"code", sample.code},
                     {"kind", kind},
                     {"on", on.ToString()},
                     {"results", graded.size()}}
                    .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, write));
  RunAfter(I, after);
  JJM_ASSIGN_OR_RETURN(SampleState now_st, Impl::LoadSample(s, sample.id));
  JJM_ASSIGN_OR_RETURN(Json j, I.SampleJson(s, now_st, true));
  for (auto& [k, v] : extra.items()) j[k] = v;
  if (kind == "tested") {
    Json grades = Json::array();
    for (const GradedResult& g : graded) {
      grades.push_back(
          Json{{"parameter", I.standard().ParameterById(g.parameter_id)->code},
               {"grade", std::string(GradeName(g.grade))},
               {"reason", g.reason},
               {"reason_code", g.reason_code}});
    }
    j["graded"] = std::move(grades);
  }
  return j;
}

// --- field test kits --------------------------------------------------------

StatusOr<Json> QualityService::RecordFtkTest(const Caller& c,
                                             const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"request_id", "source", "point", "village", "point_kind",
                   "habitation", "tested_on", "results", "chlorinated",
                   "collected_by", "latitude", "longitude"}));
  JJM_ASSIGN_OR_RETURN(std::string request_id,
                       TextField(body, "", "request_id", false, 0, 100));
  MutexLock lock(&I.write_mutex());
  I.ForgetSampleIds();
  QualityStore& s = I.writer();
  JJM_ASSIGN_OR_RETURN(auto replayed, Replay(I, s, c, request_id, "ftk"));
  if (replayed) return std::move(*replayed);
  JJM_ASSIGN_OR_RETURN(Location loc, ReadLocation(I, s, body));
  if (!c.command_line && !I.Places([&](const Hierarchy& h) {
        return MayTestInVillage(*c.principal, loc.village, h);
      })) {
    return Status(StatusCode::kPermissionDenied,
                  "only the field test kit testers of " +
                      I.CodeOf(loc.village) + " may record its tests");
  }
  JJM_ASSIGN_OR_RETURN(Date tested, PastDateField(body, "tested_on", c.today));
  JJM_ASSIGN_OR_RETURN(bool chlorinated, FlagField(body, "chlorinated"));
  JJM_ASSIGN_OR_RETURN(auto lat, OptionalNumber(body, "latitude", -90, 90));
  JJM_ASSIGN_OR_RETURN(auto lon, OptionalNumber(body, "longitude", -180, 180));
  JJM_ASSIGN_OR_RETURN(std::string collector,
                       TextField(body, "", "collected_by", false, 0, 120));
  if (collector.empty()) {
    collector = c.principal != nullptr && !c.principal->display_name.empty()
                    ? c.principal->display_name
                    : Impl::ActorOf(c);
  }
  const StandardVersion* version = nullptr;
  JJM_ASSIGN_OR_RETURN(std::vector<GradedResult> graded,
                       I.GradeJson(body.value("results", Json()), "results",
                                   tested, chlorinated, nullptr, &version));

  SampleRow r;
  JJM_ASSIGN_OR_RETURN(r.id, I.NextSampleId());
  r.code = Impl::SampleCode(r.id);
  r.request_id = request_id;
  r.method = "ftk";
  r.village_id = loc.village;
  r.habitation_id = loc.habitation == kNoUnit ? 0 : loc.habitation;
  r.source_id = loc.source_id;
  r.point_id = loc.point_id;
  r.point_kind = loc.point_kind;
  r.chlorinated = chlorinated;
  r.collected_day = tested.days();
  r.collected_by = collector;
  r.latitude = lat;
  r.longitude = lon;
  r.reason = "routine";
  r.registered_at = QualityNow();
  r.registered_by = Impl::ActorOf(c);
  After after;
  Verdict verdict;
  int64_t opened = 0;
  AuditRow audit = I.AuditAt("quality.sample.ftk", "wq_sample",
                             std::to_string(r.id), loc.village);
  audit.after = Json{{"code", r.code},
                     {"tested_on", tested.ToString()},
                     {"results", graded.size()}}
                    .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_RETURN_IF_ERROR(s.AddSample(r));
    AddToIndex(r, &after);
    std::vector<ResultRow> rows;
    JJM_RETURN_IF_ERROR(WriteTested(s, r.id, tested.days(), 0, "", graded,
                                    *version, r.registered_at, r.registered_by,
                                    &rows));
    JJM_RETURN_IF_ERROR(WriteStep(s, r.id, "final", tested.days(), 0, 0, "",
                                  r.registered_at, r.registered_by));
    verdict = I.VerdictOf(rows, I.HasAlternate(r));
    after.push_back(
        [id = r.id, tested, f = verdict.ToFinal()](QualityIndex& x) {
          x.SampleTested(id, tested);
          x.SampleFinal(id, tested, f);
        });
    JJM_ASSIGN_OR_RETURN(SampleState st, Impl::LoadSample(s, r.id));
    return I.OnFinal(s, st, verdict, tested.days(), r.registered_at,
                     r.registered_by, &after, &opened);
  }));
  RunAfter(I, after);
  JJM_ASSIGN_OR_RETURN(SampleState st, Impl::LoadSample(s, r.id));
  JJM_ASSIGN_OR_RETURN(Json j, I.SampleJson(s, st, true));
  j["replayed"] = false;
  j["failing"] = verdict.AnyFailing();
  j["alerts_opened"] = opened;
  j["confirmation_needed"] = verdict.AnyFailing();
  return j;
}

// --- reading ----------------------------------------------------------------

StatusOr<Json> QualityService::GetSample(const Caller& c, int64_t sample_id) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, I.Read());
  JJM_ASSIGN_OR_RETURN(SampleState st,
                       Impl::LoadSample(reading.store(), sample_id));
  return I.SampleJson(
      reading.store(), st,
      I.SeesTesters(c, static_cast<UnitId>(st.sample.village_id),
                    st.sample.lab_id));
}

StatusOr<int64_t> QualityService::SampleIdOf(const std::string& code) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, I.Read());
  JJM_ASSIGN_OR_RETURN(auto row, reading.store().FindSampleByCode(code));
  if (!row)
    return NotFound("no water-quality sample has the code '" + code + "'",
                    "quality.sample");
  return row->id;
}

StatusOr<Json> QualityService::ListSamples(const Caller& c, const Json& query) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      query, "", {"lab", "village", "place", "status", "before_id", "limit"}));
  JJM_ASSIGN_OR_RETURN(std::string lab_code,
                       TextField(query, "", "lab", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string village,
                       TextField(query, "", "village", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(query, "", "place", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string status,
                       TextField(query, "", "status", false, 0, 20));
  static const std::vector<std::string> kStatuses = {
      "registered", "received", "tested", "final", "refused", "retest"};
  if (!status.empty() && !In(kStatuses, status)) {
    return InvalidArgument("status must be one of " + Joined(kStatuses),
                           "status");
  }
  SampleFilter f;
  JJM_ASSIGN_OR_RETURN(
      f.before_id, IntField(query, "", "before_id", false, 0, INT64_MAX, 0));
  JJM_ASSIGN_OR_RETURN(int64_t limit,
                       IntField(query, "", "limit", false, 1, 500, 100));
  const Principal* p = c.principal;
  if (!lab_code.empty()) {
    auto lab = I.LabByCode(lab_code);
    if (!lab) {
      return InvalidArgument("lab: no lab with code '" + lab_code + "'", "lab");
    }
    f.lab_id = lab->row.id;
    if (!c.command_line && !WorksForLab(*p, f.lab_id)) {
      JJM_RETURN_IF_ERROR(I.Need(c, Permission::kReadInternal,
                                 static_cast<UnitId>(lab->row.unit_id),
                                 "see the sample register of labs"));
    }
  }
  if (!village.empty() || !place.empty()) {
    JJM_ASSIGN_OR_RETURN(UnitId unit,
                         village.empty()
                             ? I.PlaceOf(place, "place")
                             : I.PlaceOf(village, "village", Level::kVillage));
    if (f.lab_id == 0) {
      JJM_RETURN_IF_ERROR(
          I.Need(c, Permission::kReadInternal, unit, "see samples"));
    }
    f.village_ids = I.VillagesOf(unit);
  }
  if (f.lab_id == 0 && f.village_ids.empty() && !c.command_line) {
    const std::vector<int64_t> labs = LabsOf(*p);
    const std::vector<UnitId> places =
        PlacesWith(*p, Permission::kReadInternal);
    if (labs.size() == 1 && places.empty()) {
      f.lab_id = labs[0];
    } else if (places.empty()) {
      return InvalidArgument("name the lab", "lab");
    } else if (std::find(places.begin(), places.end(), kIndia) ==
               places.end()) {
      f.village_ids = I.VillagesOf(places[0]);
    }
  }
  JJM_ASSIGN_OR_RETURN(auto reading, I.Read());
  QualityStore& s = reading.store();
  Json rows = Json::array();
  int64_t last_id = 0;
  bool more = true;
  f.limit = static_cast<int>(status.empty() ? limit : 500);
  while (more && static_cast<int64_t>(rows.size()) < limit) {
    std::vector<SampleRow> batch;
    JJM_RETURN_IF_ERROR(s.ForEachSampleWhere(
        f, [&](const SampleRow& r) { batch.push_back(r); }));
    more = static_cast<int>(batch.size()) == f.limit && !status.empty();
    for (const SampleRow& r : batch) {
      f.before_id = r.id;
      if (static_cast<int64_t>(rows.size()) >= limit) break;
      JJM_ASSIGN_OR_RETURN(std::vector<SampleEventRow> events,
                           s.EventsOf(r.id));
      bool referred = false;
      const std::string st = StatusOf(events, &referred);
      if (!status.empty() && st != status) continue;
      last_id = r.id;
      Json j{{"id", r.id},
             {"code", r.code},
             {"method", r.method},
             {"status", st},
             {"referred", referred},
             {"reason", r.reason},
             {"point_kind", r.point_kind},
             {"collected_on", DayText(r.collected_day)},
             {"village", I.PlaceJson(static_cast<UnitId>(r.village_id))}};
      if (r.lab_id > 0) {
        auto lab = I.LabById(r.lab_id);
        if (lab) j["lab"] = lab->row.code;
      }
      if (r.source_id > 0) {
        auto src = I.SourceById(r.source_id);
        if (src) j["source"] = src->code;
      }
      if (I.SeesTesters(c, static_cast<UnitId>(r.village_id), r.lab_id)) {
        j["collected_by"] = r.collected_by;
      }
      rows.push_back(std::move(j));
    }
    if (batch.empty()) break;
  }
  Json out{{"samples", std::move(rows)}};
  out["next_before_id"] = static_cast<int64_t>(out["samples"].size()) >= limit
                              ? Json(last_id)
                              : Json(nullptr);
  return out;
}

}  // namespace jjm
