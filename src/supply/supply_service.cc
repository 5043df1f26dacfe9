#include "supply/supply_service.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "accounts/crypto.h"
#include "base/json_writer.h"
#include "base/strings.h"
#include "store/audited_write.h"
#include "supply/supply_internal.h"

namespace jjm {

std::string SupplyNow() {
  const std::time_t t =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string DayString(int64_t day) {
  return Date::FromDays(static_cast<int32_t>(day)).ToString();
}

// --- the service's state
// ------------------------------------------------------

SupplyService::Impl::Impl(Db* db, CoverageService* coverage, std::FILE* log)
    : coverage_(coverage), log_(log), pool_(ConnectionPool::Open(db)) {}

std::string SupplyService::Impl::ActorOf(const SCaller& c) {
  if (c.command_line) return c.actor.empty() ? "cli" : c.actor;
  return c.principal != nullptr ? c.principal->username : "public";
}

Status SupplyService::Impl::Write(
    const SCaller& c, AuditRow audit,
    const std::function<Status(SupplyStore&)>& write) {
  audit.actor = ActorOf(c);
  audit.remote = c.remote;
  if (audit.unit_path.empty()) audit.unit_path = "IN";
  SupplyStore s = writer();
  return WriteWithAudit(pool_->writer(), std::move(audit),
                        [&]() { return write(s); });
}

void SupplyService::Impl::Apply(
    const std::function<void(const Hierarchy&, const CoverageIndex&, Impl&)>&
        fn) {
  coverage_->Read([&](const Hierarchy& h, const CoverageIndex& x) {
    WriterLock lock(&mu_);
    fn(h, x, *this);
    hgj_.Seal();
    return 0;
  });
}

void SupplyService::Impl::Recompute(UnitId village, const Hierarchy& h,
                                    const CoverageIndex& x) {
  auto it = steps_.find(village);
  if (it == steps_.end() || !h.Contains(village)) return;
  hgj_.SetVillage(village,
                  StatusTimeline(it->second, x.Village(village).ToSteps()), h);
}

void SupplyService::Impl::OnCoverageChanged(const std::vector<UnitId>& villages,
                                            bool all) {
  // Most coverage writes touch no village with a Har Ghar Jal step: look
  // first under the shared lock, and leave the readers alone then.
  if (!all) {
    ReaderLock lock(&mu_);
    bool any = false;
    for (UnitId v : villages) any = any || steps_.count(v) != 0;
    if (!any) return;
  }
  coverage_->Read([&](const Hierarchy& h, const CoverageIndex& x) {
    WriterLock lock(&mu_);
    if (all) {
      for (const auto& [v, steps] : steps_) Recompute(v, h, x);
    } else {
      for (UnitId v : villages) {
        if (steps_.count(v) != 0) Recompute(v, h, x);
      }
    }
    hgj_.Seal();
    return 0;
  });
}

Status SupplyService::Impl::Load() {
  SupplyStore s(pool_->writer());
  // Read into locals (the analysis cannot follow this function's lack of
  // need for mu_ into the lambdas), then put them in place.
  std::unordered_map<UnitId, std::vector<HgjStep>> steps;
  std::map<int64_t, SchemeInfo> schemes;
  std::map<int64_t, RoundState> rounds;
  Status bad = Status::Ok();
  JJM_RETURN_IF_ERROR(s.EachHgjEvent([&](const HgjEventRow& r) {
    auto st = ParseHgjStatus(r.status);
    if (!st) {
      bad = Internal("unknown Har Ghar Jal status '" + r.status + "'");
      return;
    }
    steps[static_cast<UnitId>(r.village_id)].push_back(
        HgjStep{r.id, static_cast<int32_t>(r.day), *st});
  }));
  JJM_RETURN_IF_ERROR(bad);
  JJM_RETURN_IF_ERROR(s.EachScheme([&](const SchemeRow& r) {
    schemes[r.id] = SchemeInfo{r.id, r.code, {}, {}};
  }));
  JJM_RETURN_IF_ERROR(s.EachSchemeLinks([&](const SchemeLinks& l) {
    SchemeInfo& info = schemes[l.scheme_id];
    for (int64_t v : l.villages)
      info.villages.push_back(static_cast<UnitId>(v));
    for (int64_t v : l.habitations) {
      info.habitations.push_back(static_cast<UnitId>(v));
    }
  }));
  JJM_RETURN_IF_ERROR(
      s.EachRound([&](const SurveyRoundRow& r) { rounds[r.id].row = r; }));
  JJM_RETURN_IF_ERROR(s.EachRoundVillage([&](const SurveyVillageRow& r) {
    rounds[r.round_id].villages[r.village_id].row = r;
  }));
  JJM_RETURN_IF_ERROR(s.EachRoundHousehold([&](const SurveyHouseholdRow& r) {
    rounds[r.round_id].villages[r.village_id].households.push_back(r);
  }));
  JJM_RETURN_IF_ERROR(s.EachResponse([&](const SurveyResponseRow& r) {
    rounds[r.round_id].villages[r.village_id].responses[r.household_no] = r;
  }));
  for (auto& [id, round] : rounds) RebuildSums(&round);
  steps_ = std::move(steps);
  schemes_ = std::move(schemes);
  rounds_ = std::move(rounds);
  coverage_->Read([&](const Hierarchy& h, const CoverageIndex& x) {
    for (const auto& [v, st] : steps_for_apply()) Recompute(v, h, x);
    hgj_for_apply().Seal();
    return 0;
  });
  return Status::Ok();
}

Status SupplyService::Impl::Reload() {
  hgj_ = HgjIndex();
  steps_.clear();
  schemes_.clear();
  rounds_.clear();
  return Load();
}

// --- who may do what
// ------------------------------------------------------------

Status SupplyService::Impl::SignedIn(const SCaller& c) {
  if (c.command_line || c.principal != nullptr) return Status::Ok();
  return Status(StatusCode::kUnauthenticated, "sign in first");
}

Status SupplyService::Impl::Need(const SCaller& c, Permission p, UnitId unit,
                                 const char* what) const {
  JJM_RETURN_IF_ERROR(SignedIn(c));
  if (c.command_line) return Status::Ok();
  const bool ok = Places([&](const Hierarchy& h, const CoverageIndex&) {
    return Allows(*c.principal, p, unit, h);
  });
  if (ok) return Status::Ok();
  return Status(StatusCode::kPermissionDenied,
                std::string("your roles do not let you ") + what + " for " +
                    Places([&](const Hierarchy& h, const CoverageIndex&) {
                      return h.Contains(unit) ? h.Get(unit).name
                                              : std::string("this place");
                    }));
}

bool SupplyService::Impl::Sees(const SCaller& c, UnitId unit) const {
  if (c.command_line) return true;
  if (c.principal == nullptr) return false;
  return Places([&](const Hierarchy& h, const CoverageIndex&) {
    return InScope(*c.principal, unit, h);
  });
}

// --- places ------------------------------------------------------------------

StatusOr<UnitId> SupplyService::Impl::PlaceOf(
    const std::string& code, const std::string& field,
    std::optional<Level> level) const {
  return Places([&](const Hierarchy& h,
                    const CoverageIndex&) -> StatusOr<UnitId> {
    const UnitId id = h.Find(code);
    if (id == kNoUnit) {
      return InvalidArgument("no place has the code '" + code + "'", field);
    }
    if (level && h.Get(id).level != *level) {
      return InvalidArgument("'" + code + "' is a " +
                                 std::string(LevelName(h.Get(id).level)) +
                                 ", not a " + std::string(LevelName(*level)),
                             field);
    }
    return id;
  });
}

Json SupplyService::Impl::PlaceJson(UnitId id, const Hierarchy& h) const {
  if (id == kNoUnit || !h.Contains(id)) return Json();
  const Place& p = h.Get(id);
  return Json{{"code", p.code},
              {"name", p.name},
              {"level", std::string(LevelName(p.level))}};
}

Json SupplyService::Impl::PlaceJson(UnitId id) const {
  return Places([&](const Hierarchy& h, const CoverageIndex&) {
    return PlaceJson(id, h);
  });
}

AuditRow SupplyService::Impl::AuditAt(std::string action, std::string entity,
                                      std::string entity_id,
                                      UnitId unit) const {
  AuditRow a;
  a.action = std::move(action);
  a.entity = std::move(entity);
  a.entity_id = std::move(entity_id);
  a.unit_id = unit == kNoUnit ? 0 : unit;
  a.unit_path =
      unit == kNoUnit
          ? "IN"
          : coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
              return h.PathCodes(unit);
            });
  return a;
}

StatusOr<Date> SupplyService::Impl::AsOf(const std::string& text,
                                         Date today) const {
  if (text.empty()) return today;
  return Date::ParseField(text, "as_of");
}

// --- the service
// ------------------------------------------------------------------

SupplyService::SupplyService(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
SupplyService::~SupplyService() = default;

StatusOr<std::unique_ptr<SupplyService>> SupplyService::Open(
    Db* db, CoverageService* coverage, std::FILE* log) {
  auto impl = std::make_unique<Impl>(db, coverage, log);
  {
    MutexLock lock(&impl->write_mutex());
    JJM_RETURN_IF_ERROR(impl->Load());
  }
  Impl* raw = impl.get();
  coverage->AddChangeListener(
      [raw](const std::vector<UnitId>& villages, bool all) {
        raw->OnCoverageChanged(villages, all);
      });
  return std::unique_ptr<SupplyService>(new SupplyService(std::move(impl)));
}

void SupplyService::SetSampleVerdict(SampleVerdictFn fn) {
  impl_->sample_verdict = std::move(fn);
}

// --- Har Ghar Jal
// -------------------------------------------------------------------

namespace {

Json CountsJson(const HgjCounts& n, const Metrics& m) {
  // A block, district or state is reported (certified) Har Ghar Jal when
  // every one of its villages is.
  const char* status = "in_progress";
  if (m.villages > 0 && n.certified() >= m.villages) {
    status = "certified";
  } else if (m.villages > 0 && n.reported() >= m.villages) {
    status = "reported";
  }
  return Json{{"status", status},
              {"villages", m.villages},
              {"full_coverage", m.hgj_villages},
              {"reported", n.reported()},
              {"certified", n.certified()},
              {"gap", n.reported() - n.certified()},
              {"submitted", n.of(HgjStatus::kSubmitted)},
              {"returned", n.of(HgjStatus::kReturned)},
              {"reverted", n.reverted}};
}

Json ReadinessJson(const Metrics& m) {
  Readiness r = ReadinessOf(m);
  Json shortfalls = Json::array();
  for (const auto& s : r.shortfalls) {
    shortfalls.push_back(
        Json{{"what", s.what}, {"lacking", s.lacking}, {"total", s.total}});
  }
  return Json{{"households", m.total_hh},
              {"households_with_tap", m.hh_with_tap},
              {"schools", m.schools},
              {"schools_with_tap", m.schools_with_tap},
              {"anganwadis", m.anganwadis},
              {"anganwadis_with_tap", m.anganwadis_with_tap},
              {"ready", r.ready},
              {"missing", r.missing},
              {"shortfalls", shortfalls}};
}

StatusOr<UnitId> VillageOf(const SupplyService::Impl& I,
                           const std::string& code) {
  JJM_ASSIGN_OR_RETURN(UnitId v, I.PlaceOf(code, "village", Level::kVillage));
  return v;
}

}  // namespace

StatusOr<Json> SupplyService::HgjSummary(const Caller& c,
                                         const std::string& place,
                                         const std::string& as_of) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(Date day, I.AsOf(as_of, c.today));
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  return I.Shared([&](const Hierarchy& h, const CoverageIndex& x) -> Json {
    const HgjIndex& idx = I.locked_hgj();
    auto row = [&](UnitId u) {
      Json j = I.PlaceJson(u, h);
      j.update(CountsJson(idx.At(u, day.days()), x.At(u, day)));
      return j;
    };
    Json rows = Json::array();
    const Level below = h.ChildLevel(unit);
    if (h.Get(unit).level < Level::kVillage) {
      h.ForEachAtLevel(unit, below, [&](UnitId u) { rows.push_back(row(u)); });
    }
    return Json{{"place", I.PlaceJson(unit, h)},
                {"as_of", day.ToString()},
                {"totals", row(unit)},
                {"rows", rows}};
  });
}

namespace {

// CountsJson's members, written.
void WriteCounts(JsonWriter& w, const HgjCounts& n, const Metrics& m) {
  const char* status = "in_progress";
  if (m.villages > 0 && n.certified() >= m.villages) {
    status = "certified";
  } else if (m.villages > 0 && n.reported() >= m.villages) {
    status = "reported";
  }
  w.Key("status").String(status);
  w.Key("villages").Int(m.villages);
  w.Key("full_coverage").Int(m.hgj_villages);
  w.Key("reported").Int(n.reported());
  w.Key("certified").Int(n.certified());
  w.Key("gap").Int(n.reported() - n.certified());
  w.Key("submitted").Int(n.of(HgjStatus::kSubmitted));
  w.Key("returned").Int(n.of(HgjStatus::kReturned));
  w.Key("reverted").Int(n.reverted);
}

void WritePlace(JsonWriter& w, const Place& p) {
  w.Key("code").String(p.code);
  w.Key("name").String(p.name);
  w.Key("level").String(LevelName(p.level));
}

}  // namespace

StatusOr<std::string> SupplyService::HgjSummaryText(const Caller& c,
                                                    const std::string& place,
                                                    const std::string& as_of) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(Date day, I.AsOf(as_of, c.today));
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  return I.Shared([&](const Hierarchy& h, const CoverageIndex& x) {
    const HgjIndex& idx = I.locked_hgj();
    JsonWriter w;
    auto row = [&](UnitId u) {
      w.BeginObject();
      WritePlace(w, h.Get(u));
      WriteCounts(w, idx.At(u, day.days()), x.At(u, day));
      w.EndObject();
    };
    w.BeginObject();
    w.Key("place").BeginObject();
    WritePlace(w, h.Get(unit));
    w.EndObject();
    w.Key("as_of").String(day.ToString());
    w.Key("totals");
    row(unit);
    w.Key("rows").BeginArray();
    if (h.Get(unit).level < Level::kVillage) {
      h.ForEachAtLevel(unit, h.ChildLevel(unit), [&](UnitId u) { row(u); });
    }
    w.EndArray();
    w.EndObject();
    return w.Take();
  });
}

StatusOr<Json> SupplyService::Impl::VillageStatusJson(const SCaller& c,
                                                      SupplyStore& s,
                                                      UnitId village,
                                                      Date day) const {
  JJM_ASSIGN_OR_RETURN(std::vector<HgjEventRow> events, s.HgjEventsOf(village));
  const bool names = Sees(c, village);
  // The certifications' documents: {id, content_type, bytes, sha256}.
  std::map<int64_t, Json> docs;
  for (const HgjEventRow& e : events) {
    if (e.status != "submitted") continue;
    for (int64_t id : {e.resolution_document_id, e.video_document_id}) {
      if (id <= 0 || docs.count(id) != 0) continue;
      JJM_ASSIGN_OR_RETURN(auto d, s.GetDocument(id, false));
      docs[id] = d ? Json{{"id", id},
                          {"name", d->name},
                          {"content_type", d->content_type},
                          {"bytes", d->size},
                          {"sha256", d->sha256}}
                   : Json{{"id", id}};
    }
  }
  auto doc = [&](int64_t id) { return id > 0 ? docs[id] : Json(); };
  return Shared([&](const Hierarchy& h, const CoverageIndex& x) -> Json {
    const std::vector<StatusSpan>& spans = locked_hgj().Spans(village);
    const StatusSpan* now = SpanAt(spans, day.days());
    const Metrics m = x.At(village, day);
    Json j{{"village", PlaceJson(village, h)},
           {"path", h.PathCodes(village)},
           {"as_of", day.ToString()},
           {"status", std::string(HgjStatusName(now ? now->status
                                                    : HgjStatus::kInProgress))},
           {"since", now ? Json(DayString(now->day)) : Json()},
           {"readiness", ReadinessJson(m)}};
    if (now != nullptr && now->reverted) {
      j["reason"] = ReversalReason(now->figures);
      j["reason_code"] = "coverage_fell";
    }
    // The latest certification submitted on or before the day, and the
    // latest return's reason.
    Json history = Json::array();
    for (const HgjEventRow& e : events) {
      if (e.day > day.days()) continue;
      Json r{{"on", DayString(e.day)},
             {"status", e.status},
             {"recorded_at", e.recorded_at}};
      if (!e.reason.empty()) r["reason"] = e.reason;
      if (names) r["by"] = e.recorded_by;
      history.push_back(r);
      if (e.status == "submitted") {
        j["certification"] = Json{
            {"gram_sabha_on",
             e.gram_sabha_day ? Json(DayString(*e.gram_sabha_day)) : Json()},
            {"resolution_no", e.resolution_no},
            {"resolution_document", doc(e.resolution_document_id)},
            {"video_document", doc(e.video_document_id)},
            {"submitted_on", DayString(e.day)}};
      }
      if (e.status == "returned") j["returned_reason"] = e.reason;
    }
    // Falls back to in progress are read off the figures: dated rows too.
    for (const StatusSpan& sp : spans) {
      if (!sp.reverted || sp.day > day.days()) continue;
      Json r{{"on", DayString(sp.day)},
             {"status", "in_progress"},
             {"reason", ReversalReason(sp.figures)},
             {"reason_code", "coverage_fell"}};
      if (names) r["by"] = "jjm (from the coverage figures)";
      history.push_back(r);
    }
    std::stable_sort(
        history.begin(), history.end(), [](const Json& a, const Json& b) {
          return a["on"].get<std::string>() < b["on"].get<std::string>();
        });
    j["history"] = history;
    return j;
  });
}

StatusOr<Json> SupplyService::HgjVillage(const Caller& c,
                                         const std::string& village,
                                         const std::string& as_of) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(Date day, I.AsOf(as_of, c.today));
  JJM_ASSIGN_OR_RETURN(UnitId v, VillageOf(I, village));
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease r, I.Read());
  SupplyStore s(r.db());
  return I.VillageStatusJson(c, s, v, day);
}

namespace {

// The village's status today, from the roll-ups.
HgjStatus CurrentStatus(const SupplyService::Impl& I, UnitId v, Date today) {
  return I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    const StatusSpan* s = SpanAt(I.locked_hgj().Spans(v), today.days());
    return s ? s->status : HgjStatus::kInProgress;
  });
}

// Writes one step and puts it in the roll-ups.
StatusOr<Json> WriteStep(SupplyService::Impl& I, const SCaller& c, UnitId v,
                         HgjEventRow row, HgjStatus status)
    REQUIRES(I.write_mutex()) {
  row.village_id = v;
  row.status = std::string(HgjStatusName(status));
  row.day = c.today.days();
  row.recorded_at = SupplyNow();
  row.recorded_by = SupplyService::Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("hgj." + row.status, "hgj_event", "", v);
  Json after{{"village", I.PlaceJson(v)["code"]},
             {"status", row.status},
             {"on", DayString(row.day)}};
  if (!row.reason.empty()) after["reason"] = row.reason;
  if (!row.resolution_no.empty()) after["resolution_no"] = row.resolution_no;
  audit.after = after.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](SupplyStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(row.id, s.AddHgjEvent(row));
    return Status::Ok();
  }));
  I.Apply(
      [&](const Hierarchy& h, const CoverageIndex& x, SupplyService::Impl& me) {
        me.steps_for_apply()[v].push_back(
            HgjStep{row.id, static_cast<int32_t>(row.day), status});
        me.Recompute(v, h, x);
      });
  SupplyStore s = I.writer();
  return I.VillageStatusJson(c, s, v, c.today);
}

}  // namespace

StatusOr<Json> SupplyService::ReportHgj(const Caller& c,
                                        const std::string& village,
                                        const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"note"}));
  JJM_ASSIGN_OR_RETURN(std::string note,
                       TextField(body, "", "note", false, 0, 500));
  JJM_ASSIGN_OR_RETURN(UnitId v, VillageOf(I, village));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kReportHgj, v, "report villages Har Ghar Jal"));
  MutexLock lock(&I.write_mutex());
  JJM_RETURN_IF_ERROR(
      CheckStep(CurrentStatus(I, v, c.today), HgjStatus::kReported));
  const Metrics m = I.Places([&](const Hierarchy&, const CoverageIndex& x) {
    return x.At(v, c.today);
  });
  Readiness r = ReadinessOf(m);
  if (!r.ready) {
    std::string msg = "the village cannot be reported Har Ghar Jal yet: ";
    for (size_t i = 0; i < r.missing.size(); ++i) {
      msg += (i ? "; " : "") + r.missing[i];
    }
    return Status(StatusCode::kFailedPrecondition, msg)
        .With("reason", "not_full_coverage");
  }
  HgjEventRow row;
  row.reason = note;
  return WriteStep(I, c, v, row, HgjStatus::kReported);
}

namespace {

struct Kind {
  const char* name;
  size_t limit;
  std::vector<std::string> types;
};

bool Matches(const std::string& type, const std::string& b) {
  auto starts = [&](const char* magic, size_t n) {
    return b.size() >= n && b.compare(0, n, magic, n) == 0;
  };
  if (type == "application/pdf") return starts("%PDF-", 5);
  if (type == "image/png") return starts("\x89PNG\r\n\x1a\n", 8);
  if (type == "image/jpeg") return starts("\xFF\xD8\xFF", 3);
  if (type == "video/webm") return starts("\x1A\x45\xDF\xA3", 4);
  if (type == "video/mp4" || type == "video/3gpp") {
    return b.size() >= 12 && b.compare(4, 4, "ftyp") == 0;
  }
  return false;
}

}  // namespace

StatusOr<Json> SupplyService::UploadDocument(const Caller& c,
                                             const std::string& village,
                                             const std::string& kind,
                                             const std::string& content_type,
                                             const std::string& name,
                                             const std::string& bytes) {
  Impl& I = *impl_;
  static const Kind kResolution{"resolution",
                                kMaxResolutionBytes,
                                {"application/pdf", "image/jpeg", "image/png"}};
  static const Kind kVideo{
      "video", kMaxVideoBytes, {"video/mp4", "video/webm", "video/3gpp"}};
  const Kind* k = kind == "resolution" ? &kResolution
                  : kind == "video"    ? &kVideo
                                       : nullptr;
  if (k == nullptr) {
    return InvalidArgument("kind must be resolution or video", "kind");
  }
  JJM_ASSIGN_OR_RETURN(UnitId v, VillageOf(I, village));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kCertifyHgj, v, "upload certification documents"));
  std::string type = content_type.substr(0, content_type.find(';'));
  type = std::string(Trim(type));
  if (std::find(k->types.begin(), k->types.end(), type) == k->types.end()) {
    std::string all;
    for (const auto& t : k->types) all += (all.empty() ? "" : ", ") + t;
    return InvalidArgument(std::string("a ") + k->name + " must be one of " +
                               all + "; this file is " +
                               (type.empty() ? "of no type" : type),
                           "content-type");
  }
  if (bytes.empty()) return InvalidArgument("the file is empty", "body");
  if (bytes.size() > k->limit) {
    return Status(StatusCode::kPayloadTooLarge,
                  std::string("a ") + k->name + " may have up to " +
                      std::to_string(k->limit >> 20) + " MiB; this file has " +
                      std::to_string(bytes.size()) + " bytes",
                  "body");
  }
  if (!Matches(type, bytes)) {
    return InvalidArgument(
        "the file is not a " + type + " file: its content does not match",
        "body");
  }
  SupplyDocumentRow d;
  d.owner = "hgj:" + std::to_string(v);
  d.name = name.empty() ? std::string(k->name) : name.substr(0, 200);
  d.content_type = type;
  d.size = static_cast<int64_t>(bytes.size());
  d.sha256 = Sha256Hex(bytes);
  d.data_base64 = EncodeBase64(bytes);
  d.uploaded_at = SupplyNow();
  d.uploaded_by = Impl::ActorOf(c);
  MutexLock lock(&I.write_mutex());
  AuditRow audit =
      I.AuditAt(std::string("hgj.document.") + k->name, "document", "", v);
  audit.after = Json{
      {"name", d.name},
      {"content_type", d.content_type},
      {"bytes", d.size},
      {"sha256",
       d.sha256}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](SupplyStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(d.id, s.AddDocument(d));
    return Status::Ok();
  }));
  return Json{{"id", d.id},      {"kind", k->name},
              {"name", d.name},  {"content_type", d.content_type},
              {"bytes", d.size}, {"sha256", d.sha256}};
}

StatusOr<SupplyDocument> SupplyService::GetDocument(const Caller&, int64_t id) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease r, I.Read());
  SupplyStore s(r.db());
  JJM_ASSIGN_OR_RETURN(auto d, s.GetDocument(id, true));
  if (!d || !d->owner.starts_with("hgj:")) {
    return NotFound("no document " + std::to_string(id));
  }
  JJM_ASSIGN_OR_RETURN(std::string bytes, DecodeBase64(d->data_base64));
  return SupplyDocument{d->name, d->content_type, d->sha256, std::move(bytes)};
}

StatusOr<Json> SupplyService::SubmitCertification(const Caller& c,
                                                  const std::string& village,
                                                  const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "",
                                  {"gram_sabha_on", "resolution_no",
                                   "resolution_document", "video_document"}));
  JJM_ASSIGN_OR_RETURN(Date gs, PastDateField(body, "gram_sabha_on", c.today));
  JJM_ASSIGN_OR_RETURN(std::string no,
                       TextField(body, "", "resolution_no", true, 1, 60));
  JJM_ASSIGN_OR_RETURN(int64_t res, IntField(body, "", "resolution_document",
                                             true, 1, INT64_MAX));
  JJM_ASSIGN_OR_RETURN(
      int64_t vid, IntField(body, "", "video_document", true, 1, INT64_MAX));
  JJM_ASSIGN_OR_RETURN(UnitId v, VillageOf(I, village));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kCertifyHgj, v, "submit certifications"));
  MutexLock lock(&I.write_mutex());
  const HgjStatus cur = CurrentStatus(I, v, c.today);
  JJM_RETURN_IF_ERROR(CheckStep(cur, HgjStatus::kSubmitted));
  // The Gram Sabha met after the village was reported.
  const int32_t since = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    const auto* steps = I.locked_steps(v);
    int32_t d = 0;
    if (steps != nullptr) {
      for (const HgjStep& s : *steps) {
        if (s.status == HgjStatus::kReported) d = s.day;
      }
    }
    return d;
  });
  if (gs.days() < since) {
    return InvalidArgument("the Gram Sabha met on " + gs.ToString() +
                               ", before the village was reported on " +
                               DayString(since),
                           "gram_sabha_on");
  }
  SupplyStore w = I.writer();
  const std::string owner = "hgj:" + std::to_string(v);
  struct Doc {
    int64_t id;
    const char* field;
    const char* kind;
    std::vector<std::string> types;
  };
  for (const Doc& d : {Doc{res,
                           "resolution_document",
                           "resolution",
                           {"application/pdf", "image/jpeg", "image/png"}},
                       Doc{vid,
                           "video_document",
                           "video",
                           {"video/mp4", "video/webm", "video/3gpp"}}}) {
    JJM_ASSIGN_OR_RETURN(auto row, w.GetDocument(d.id, false));
    if (!row || row->owner != owner) {
      return InvalidArgument("document " + std::to_string(d.id) +
                                 " was not uploaded for this village",
                             d.field);
    }
    if (std::find(d.types.begin(), d.types.end(), row->content_type) ==
        d.types.end()) {
      return InvalidArgument("document " + std::to_string(d.id) + " is not a " +
                                 d.kind + " (" + row->content_type + ")",
                             d.field);
    }
  }
  HgjEventRow row;
  row.gram_sabha_day = gs.days();
  row.resolution_no = no;
  row.resolution_document_id = res;
  row.video_document_id = vid;
  return WriteStep(I, c, v, row, HgjStatus::kSubmitted);
}

StatusOr<Json> SupplyService::ReviewCertification(const Caller& c,
                                                  const std::string& village,
                                                  const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"decision", "reason"}));
  JJM_ASSIGN_OR_RETURN(std::string decision,
                       TextField(body, "", "decision", true, 1, 20));
  if (decision != "accept" && decision != "return") {
    return InvalidArgument("decision must be accept or return", "decision");
  }
  JJM_ASSIGN_OR_RETURN(
      std::string reason,
      TextField(body, "", "reason", decision == "return", 3, 1000));
  JJM_ASSIGN_OR_RETURN(UnitId v, VillageOf(I, village));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kReviewHgj, v, "review certifications"));
  MutexLock lock(&I.write_mutex());
  const HgjStatus next =
      decision == "accept" ? HgjStatus::kCertified : HgjStatus::kReturned;
  JJM_RETURN_IF_ERROR(CheckStep(CurrentStatus(I, v, c.today), next));
  HgjEventRow row;
  row.reason = reason;
  return WriteStep(I, c, v, row, next);
}

StatusOr<Json> SupplyService::Headline(const Caller& c,
                                       const std::string& place,
                                       const std::string& as_of) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(Date day, I.AsOf(as_of, c.today));
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  Json j = I.Shared([&](const Hierarchy& h, const CoverageIndex& x) -> Json {
    const Metrics m = x.At(unit, day);
    Json out{{"place", I.PlaceJson(unit, h)}, {"as_of", day.ToString()}};
    out["coverage"] = Json{
        {"households", m.total_hh},
        {"households_with_tap", m.hh_with_tap},
        {"share", m.total_hh > 0 ? double(m.hh_with_tap) / m.total_hh : 0.0}};
    out["hgj"] = CountsJson(I.locked_hgj().At(unit, day.days()), m);
    return out;
  });
  j["functionality"] = LatestEstimatesJson(I, unit, day);
  return j;
}

}  // namespace jjm
