// Complaints: filed by anyone, followed by reference and secret, worked on
// by the village's committee and officers, escalated and closed by the
// server's own clock, and summed up by place.
#include <algorithm>
#include <cctype>

#include "accounts/crypto.h"
#include "base/strings.h"
#include "operations/operations_internal.h"
#include "store/audited_write.h"

namespace jjm {
namespace {

std::optional<ComplaintStatus> StatusOfEvent(const std::string& kind) {
  if (kind == "assigned") return ComplaintStatus::kAssigned;
  if (kind == "in_progress") return ComplaintStatus::kInProgress;
  if (kind == "resolved") return ComplaintStatus::kResolved;
  if (kind == "closed" || kind == "spam") return ComplaintStatus::kClosed;
  if (kind == "reopened") return ComplaintStatus::kReopened;
  return std::nullopt;
}

// "round R rung K", the note of an escalation the clock recorded.
std::string EscalationNote(const Escalation& e) {
  return "round " + std::to_string(e.round) + " rung " + std::to_string(e.rung);
}

}  // namespace

std::vector<StatusChange> ComplaintState::History() const {
  std::vector<StatusChange> out;
  for (const ComplaintEventRow& e : events) {
    if (auto s = StatusOfEvent(e.kind)) out.push_back({e.at, *s});
  }
  return out;
}

std::vector<std::pair<int, int>> ComplaintState::Recorded() const {
  std::vector<std::pair<int, int>> out;
  for (const ComplaintEventRow& e : events) {
    if (e.kind != "escalated") continue;
    int r = 0, k = 0;
    if (std::sscanf(e.note.c_str(), "round %d rung %d", &r, &k) == 2) {
      out.emplace_back(r, k);
    }
  }
  return out;
}

namespace {

StatusOr<ComplaintClock> ClockOf(const OperationsService::Impl& I,
                                 const ComplaintState& s, int64_t now) {
  const std::vector<StatusChange> h = s.History();
  return ComplaintClockAt(s.row.filed_at, s.category, h, I.rules(), now);
}

bool WasSpam(const ComplaintState& s) {
  for (const ComplaintEventRow& e : s.events) {
    if (e.kind == "spam") return true;
  }
  return false;
}

// A photo of a request: {"content_type","data_base64"}, a JPEG or PNG of
// at most 2 MiB, checked by its bytes.
StatusOr<std::optional<OpsDocumentRow>> PhotoOf(const Json& body,
                                                const std::string& owner,
                                                const std::string& by) {
  if (!body.contains("photo") || body["photo"].is_null()) {
    return std::optional<OpsDocumentRow>();
  }
  static constexpr UploadRule kPhoto = {
      "photo",
      "a photo",
      kMaxComplaintPhotoBytes,
      false,
      false,
      "photo",
      "a photo must be a JPEG or PNG image (its content decides)"};
  JJM_ASSIGN_OR_RETURN(OpsDocumentRow d, UploadedFile(body, kPhoto, owner, by));
  return std::optional<OpsDocumentRow>(std::move(d));
}

std::string NewReference() {
  std::string hex = TokenDigest(RandomToken(16)).substr(0, 10);
  for (char& ch : hex) ch = static_cast<char>(std::toupper(ch));
  return "JJM-" + hex;
}

}  // namespace

// The complaint as JSON: the public view (no contact, no names) unless
// `internal`.
static Json ComplaintJson(const OperationsService::Impl& I,
                          const ComplaintState& s, const ComplaintClock& k,
                          const Hierarchy& h, bool internal) {
  Json events = Json::array();
  for (const ComplaintEventRow& e : s.events) {
    Json one{{"at", OpsTime(e.at)}, {"kind", e.kind}};
    if (!e.level.empty()) one["level"] = e.level;
    if (!e.note.empty() && e.kind != "escalated") one["note"] = e.note;
    if (e.document_id > 0) one["photo"] = e.document_id;
    if (internal) one["by"] = e.actor;
    events.push_back(one);
  }
  Json j{{"reference", s.row.reference},
         {"village", I.PlaceJson(static_cast<UnitId>(s.row.village_id), h)},
         {"category", s.row.category},
         {"description", s.row.description},
         {"filed_at", OpsTime(s.row.filed_at)},
         {"status", std::string(ComplaintStatusName(k.status))},
         {"spam", WasSpam(s)},
         {"held_by", std::string(EscalationLevelName(k.holder))},
         {"deadline", OpsTime(k.deadline)},
         {"overdue", k.overdue},
         {"next_escalation_at",
          k.next_escalation_at ? Json(OpsTime(*k.next_escalation_at)) : Json()},
         {"quality_test_requested", NeedsQualityTest(s.category)},
         {"has_photo", s.row.photo_document_id > 0},
         {"events", events}};
  if (s.row.photo_document_id > 0) j["photo"] = s.row.photo_document_id;
  Json samples = Json::array();
  for (const ComplaintSampleRow& r : s.samples) {
    samples.push_back(
        Json{{"code", r.sample_code}, {"linked_at", OpsTime(r.linked_at)}});
  }
  j["samples"] = samples;
  if (internal) {
    j["id"] = s.row.id;
    j["filed_by"] = s.row.filed_by;
    j["contact"] = s.row.contact;
  }
  return j;
}

StatusOr<Json> OperationsService::FileComplaint(const Caller& c,
                                                const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "",
                                  {"request_id", "village", "category",
                                   "description", "contact", "photo"}));
  ComplaintRow r;
  JJM_ASSIGN_OR_RETURN(r.request_id,
                       TextField(body, "", "request_id", false, 0, 100));
  JJM_ASSIGN_OR_RETURN(std::string village,
                       TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(UnitId v,
                       I.PlaceOf(village, "village", Level::kVillage));
  r.village_id = v;
  JJM_ASSIGN_OR_RETURN(r.category,
                       TextField(body, "", "category", true, 1, 40));
  auto category = ParseComplaintCategory(r.category);
  if (!category) {
    return InvalidArgument(
        "category must be no_supply, low_pressure, irregular_supply, "
        "contaminated_water, leakage_burst, broken_tap, billing or other",
        "category");
  }
  JJM_ASSIGN_OR_RETURN(r.description,
                       TextField(body, "", "description", true, 5, 2000));
  JJM_ASSIGN_OR_RETURN(r.contact,
                       TextField(body, "", "contact", false, 0, 200));
  r.filed_by = Impl::ActorOf(c);
  r.remote = c.remote;
  JJM_ASSIGN_OR_RETURN(auto photo, PhotoOf(body, "complaint", r.filed_by));
  const int64_t now = NowSeconds(c);
  MutexLock lock(&I.write_mutex());
  OperationsStore w = I.writer();
  if (!r.request_id.empty()) {
    JJM_ASSIGN_OR_RETURN(auto prior, w.ComplaintByRequestId(r.request_id));
    if (prior) {
      // The secret is not kept: a replay says so, and gives the reference.
      return Json{{"reference", prior->reference},
                  {"replayed", true},
                  {"message",
                   "this request was filed before; its follow-up link was "
                   "given then"}};
    }
  }
  if (!c.command_line && !I.MayFile(c.remote, v, now)) {
    return Status(StatusCode::kResourceExhausted,
                  "too many complaints from this address or for this village "
                  "just now; please try again later")
        .With("retry_after", "3600");
  }
  const std::string secret = RandomToken(18);
  r.reference = NewReference();
  r.secret_sha256 = Sha256Hex(secret);
  r.filed_at = now;
  std::vector<ComplaintEventRow> first;
  ComplaintEventRow assigned;
  assigned.at = now;
  assigned.kind = "assigned";
  assigned.level = "committee";
  assigned.note = "to the village's committee and its operator";
  assigned.actor = "jjm";
  first.push_back(assigned);
  if (NeedsQualityTest(*category)) {
    ComplaintEventRow q = assigned;
    q.kind = "quality_test";
    q.level.clear();
    q.note = "a water-quality test of the village's water is asked for";
    first.push_back(q);
  }
  AuditRow audit =
      I.AuditAt("operations.complaint.file", "complaint", r.reference, v);
  audit.after = Json{{"category", r.category}}.dump();  // never the contact
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    if (photo) {
      JJM_ASSIGN_OR_RETURN(r.photo_document_id, s.AddDocument(*photo));
    }
    JJM_ASSIGN_OR_RETURN(r.id, s.AddComplaint(r));
    for (ComplaintEventRow& e : first) {
      e.complaint_id = r.id;
      JJM_ASSIGN_OR_RETURN(e.id, s.AddComplaintEvent(e));
    }
    return Status::Ok();
  }));
  ComplaintState st;
  st.row = r;
  st.category = *category;
  st.events = first;
  JJM_ASSIGN_OR_RETURN(ComplaintClock k, ClockOf(I, st, now));
  I.Apply([&](Impl& me) { me.complaints_for_apply()[r.id] = st; });
  return Json{
      {"reference", r.reference},
      {"secret", secret},
      {"follow", "/?view=complaint&ref=" + r.reference + "&secret=" + secret},
      {"status", std::string(ComplaintStatusName(k.status))},
      {"deadline", OpsTime(k.deadline)},
      {"quality_test_requested", NeedsQualityTest(*category)}};
}

namespace {

// The complaint with this reference whose secret matches, or NotFound
// (the same answer for a wrong secret as for no such reference).
StatusOr<ComplaintState> ByReference(const OperationsService::Impl& I,
                                     const std::string& reference,
                                     const std::string& secret) {
  return I.Shared(
      [&](const Hierarchy&, const CoverageIndex&) -> StatusOr<ComplaintState> {
        for (const auto& [id, s] : I.locked_complaints()) {
          if (s.row.reference != reference) continue;
          if (!secret.empty() &&
              DigestsEqual(s.row.secret_sha256, Sha256Hex(secret))) {
            return s;
          }
          break;
        }
        return NotFound("no complaint matches this reference and link");
      });
}

}  // namespace

StatusOr<Json> OperationsService::TrackComplaint(const Caller& c,
                                                 const std::string& reference,
                                                 const std::string& secret) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(ComplaintState s, ByReference(I, reference, secret));
  JJM_ASSIGN_OR_RETURN(ComplaintClock k, ClockOf(I, s, NowSeconds(c)));
  Json j = I.Places([&](const Hierarchy& h, const CoverageIndex&) {
    return ComplaintJson(I, s, k, h, false);
  });
  AddSampleVerdicts(I, j);
  return j;
}

StatusOr<OperationsService::Document> OperationsService::ComplaintPhoto(
    const Caller& c, const std::string& reference, const std::string& secret,
    int64_t photo) {
  Impl& I = *impl_;
  std::optional<ComplaintState> found;
  if (!secret.empty()) {
    JJM_ASSIGN_OR_RETURN(ComplaintState s, ByReference(I, reference, secret));
    found = std::move(s);
  } else {
    JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
    found = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
      for (const auto& [id, s] : I.locked_complaints()) {
        if (s.row.reference == reference) {
          return std::optional<ComplaintState>(s);
        }
      }
      return std::optional<ComplaintState>();
    });
    if (!found) return NotFound("no complaint " + reference);
    JJM_RETURN_IF_ERROR(I.Need(c, Permission::kHandleComplaints,
                               static_cast<UnitId>(found->row.village_id),
                               "see the complaint's photos"));
  }
  bool ours = photo > 0 && found->row.photo_document_id == photo;
  for (const ComplaintEventRow& e : found->events) {
    ours = ours || (photo > 0 && e.document_id == photo);
  }
  if (!ours)
    return NotFound("the complaint has no photo " + std::to_string(photo));
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  OperationsStore st(lease.db());
  JJM_ASSIGN_OR_RETURN(std::optional<OpsDocumentRow> d, st.GetDocument(photo));
  if (!d)
    return NotFound("the complaint has no photo " + std::to_string(photo));
  JJM_ASSIGN_OR_RETURN(std::string bytes, DecodeBase64(d->data_base64));
  return Document{d->name, d->content_type, d->sha256, std::move(bytes)};
}

namespace {

// Appends one event after checking the step; returns the new state.
StatusOr<ComplaintState> AddEvent(OperationsService::Impl& I, const OCaller& c,
                                  ComplaintState s, ComplaintEventRow e,
                                  std::optional<OpsDocumentRow> photo,
                                  const std::string& action)
    REQUIRES(I.write_mutex()) {
  const int64_t now = NowSeconds(c);
  JJM_ASSIGN_OR_RETURN(ComplaintClock k, ClockOf(I, s, now));
  auto to = StatusOfEvent(e.kind);
  if (to) {
    JJM_RETURN_IF_ERROR(CheckComplaintStep(k.status, *to, e.kind == "spam"));
  }
  e.complaint_id = s.row.id;
  e.at = std::max(now, s.events.empty() ? now : s.events.back().at);
  AuditRow audit = I.AuditAt(action, "complaint", s.row.reference,
                             static_cast<UnitId>(s.row.village_id));
  audit.after = Json{{"kind", e.kind}, {"note", e.note}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& st) -> Status {
    if (photo) {
      JJM_ASSIGN_OR_RETURN(e.document_id, st.AddDocument(*photo));
    }
    JJM_ASSIGN_OR_RETURN(e.id, st.AddComplaintEvent(e));
    return Status::Ok();
  }));
  s.events.push_back(e);
  I.Apply([&](OperationsService::Impl& me) {
    me.complaints_for_apply()[s.row.id].events.push_back(e);
  });
  return s;
}

}  // namespace

StatusOr<Json> OperationsService::FilerAction(const Caller& c,
                                              const std::string& reference,
                                              const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"secret", "action", "note"}));
  JJM_ASSIGN_OR_RETURN(std::string secret,
                       TextField(body, "", "secret", true, 1, 100));
  JJM_ASSIGN_OR_RETURN(std::string action,
                       TextField(body, "", "action", true, 1, 20));
  if (action != "confirm" && action != "reopen") {
    return InvalidArgument("action must be confirm or reopen", "action");
  }
  JJM_ASSIGN_OR_RETURN(
      std::string note,
      TextField(body, "", "note", action == "reopen", 3, 1000));
  MutexLock lock(&I.write_mutex());
  JJM_ASSIGN_OR_RETURN(ComplaintState s, ByReference(I, reference, secret));
  ComplaintEventRow e;
  e.kind = action == "confirm" ? "closed" : "reopened";
  e.note = action == "confirm" ? "the filer confirmed it is resolved" : note;
  e.actor = "filer";
  JJM_ASSIGN_OR_RETURN(
      s, AddEvent(I, c, s, e, std::nullopt, "operations.complaint." + action));
  JJM_ASSIGN_OR_RETURN(ComplaintClock k, ClockOf(I, s, NowSeconds(c)));
  Json j = I.Places([&](const Hierarchy& h, const CoverageIndex&) {
    return ComplaintJson(I, s, k, h, false);
  });
  AddSampleVerdicts(I, j);
  return j;
}

StatusOr<Json> OperationsService::ComplaintStep(const Caller& c, int64_t id,
                                                const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"kind", "note", "photo"}));
  JJM_ASSIGN_OR_RETURN(std::string kind,
                       TextField(body, "", "kind", true, 1, 20));
  if (kind != "assigned" && kind != "in_progress" && kind != "resolved" &&
      kind != "spam") {
    return InvalidArgument(
        "kind must be assigned, in_progress, resolved or spam", "kind");
  }
  const bool needs_note = kind == "resolved" || kind == "spam";
  JJM_ASSIGN_OR_RETURN(std::string note,
                       TextField(body, "", "note", needs_note, 3, 2000));
  JJM_ASSIGN_OR_RETURN(auto photo,
                       PhotoOf(body, "complaint", Impl::ActorOf(c)));
  MutexLock lock(&I.write_mutex());
  std::optional<ComplaintState> found =
      I.Shared([&](const Hierarchy&, const CoverageIndex&) {
        auto it = I.locked_complaints().find(id);
        return it == I.locked_complaints().end()
                   ? std::optional<ComplaintState>()
                   : std::optional<ComplaintState>(it->second);
      });
  if (!found) return NotFound("no complaint " + std::to_string(id));
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kHandleComplaints,
                             static_cast<UnitId>(found->row.village_id),
                             "act on complaints"));
  ComplaintEventRow e;
  e.kind = kind;
  e.note = note;
  e.actor = Impl::ActorOf(c);
  JJM_ASSIGN_OR_RETURN(ComplaintState s,
                       AddEvent(I, c, *found, e, std::move(photo),
                                "operations.complaint." + kind));
  JJM_ASSIGN_OR_RETURN(ComplaintClock k, ClockOf(I, s, NowSeconds(c)));
  Json j = I.Places([&](const Hierarchy& h, const CoverageIndex&) {
    return ComplaintJson(I, s, k, h, true);
  });
  AddSampleVerdicts(I, j);
  return j;
}

StatusOr<Json> OperationsService::LinkComplaintSample(const Caller& c,
                                                      int64_t id,
                                                      const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"sample"}));
  JJM_ASSIGN_OR_RETURN(std::string code,
                       TextField(body, "", "sample", true, 1, 60));
  if (!I.sample_verdict) {
    return Status(StatusCode::kFailedPrecondition,
                  "this server does not link samples of the water-quality "
                  "module",
                  "sample");
  }
  std::optional<ComplaintState> found =
      I.Shared([&](const Hierarchy&, const CoverageIndex&) {
        auto it = I.locked_complaints().find(id);
        return it == I.locked_complaints().end()
                   ? std::optional<ComplaintState>()
                   : std::optional<ComplaintState>(it->second);
      });
  if (!found) return NotFound("no complaint " + std::to_string(id));
  const UnitId v = static_cast<UnitId>(found->row.village_id);
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kHandleComplaints, v, "act on complaints"));
  // Outside every lock of this module: the water-quality module's word.
  StatusOr<SampleVerdict> verdict = I.sample_verdict(code);
  if (!verdict.ok()) {
    return Status(verdict.status().code() == StatusCode::kNotFound
                      ? StatusCode::kInvalidArgument
                      : verdict.status().code(),
                  "no water-quality sample " + code, "sample");
  }
  const std::string village = I.Places(
      [&](const Hierarchy& h, const CoverageIndex&) { return h.Get(v).code; });
  if (verdict->village != village) {
    return InvalidArgument(
        "sample " + code + " was not taken in the complaint's village",
        "sample");
  }
  MutexLock lock(&I.write_mutex());
  ComplaintSampleRow r;
  r.complaint_id = id;
  r.sample_code = code;
  r.linked_at = NowSeconds(c);
  r.linked_by = Impl::ActorOf(c);
  const bool again = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    for (const ComplaintSampleRow& x : I.locked_complaints().at(id).samples) {
      if (x.sample_code == code) return true;
    }
    return false;
  });
  if (again) {
    return Status(StatusCode::kConflict,
                  "sample " + code + " is already linked to this complaint",
                  "sample");
  }
  AuditRow audit = I.AuditAt("operations.complaint.sample", "complaint",
                             found->row.reference, v);
  audit.after = Json{{"sample", code}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& st) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, st.AddComplaintSample(r));
    return Status::Ok();
  }));
  ComplaintState s;
  I.Apply([&](Impl& me) {
    ComplaintState& cs = me.complaints_for_apply()[id];
    cs.samples.push_back(r);
    s = cs;
  });
  JJM_ASSIGN_OR_RETURN(ComplaintClock k, ClockOf(I, s, NowSeconds(c)));
  Json j = I.Places([&](const Hierarchy& h, const CoverageIndex&) {
    return ComplaintJson(I, s, k, h, true);
  });
  AddSampleVerdicts(I, j);
  return j;
}

StatusOr<Json> OperationsService::ComplaintQueue(const Caller& c,
                                                 const Json& query) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(query, "", {"place", "status", "limit"}));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(query, "", "place", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string status,
                       TextField(query, "", "status", false, 0, 20));
  if (status.empty()) status = "open";
  if (status != "open" && status != "overdue" && status != "all") {
    return InvalidArgument("status must be open, overdue or all", "status");
  }
  int64_t limit = 200;
  if (query.contains("limit")) {
    if (!query["limit"].is_number_integer() ||
        query["limit"].get<int64_t>() < 1 ||
        query["limit"].get<int64_t>() > 1000) {
      return InvalidArgument("limit must be a whole number from 1 to 1000",
                             "limit");
    }
    limit = query["limit"].get<int64_t>();
  }
  std::vector<UnitId> places;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(UnitId u, I.PlaceOf(place, "place"));
    JJM_RETURN_IF_ERROR(
        I.Need(c, Permission::kHandleComplaints, u, "see the complaints"));
    places.push_back(u);
  } else if (c.command_line) {
    places.push_back(kIndia);
  } else {
    places = PlacesWith(*c.principal, Permission::kHandleComplaints);
    if (places.empty()) {
      return Status(StatusCode::kPermissionDenied,
                    "your roles do not include complaints of any place");
    }
  }
  const int64_t now = NowSeconds(c);
  StatusOr<Json> q = I.Shared([&](const Hierarchy& h,
                                  const CoverageIndex&) -> StatusOr<Json> {
    struct Row {
      bool overdue;
      int64_t deadline;
      Json j;
    };
    std::vector<Row> rows;
    int64_t open = 0, overdue = 0;
    for (const auto& [id, s] : I.locked_complaints()) {
      const UnitId v = static_cast<UnitId>(s.row.village_id);
      bool within = false;
      for (UnitId p : places) within = within || h.IsWithin(v, p);
      if (!within) continue;
      JJM_ASSIGN_OR_RETURN(ComplaintClock k, ClockOf(I, s, now));
      open += k.open;
      overdue += k.overdue;
      if (status == "open" && !k.open) continue;
      if (status == "overdue" && !k.overdue) continue;
      rows.push_back({k.overdue, k.deadline, ComplaintJson(I, s, k, h, true)});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      if (a.overdue != b.overdue) return a.overdue;
      return a.deadline < b.deadline;
    });
    Json out = Json::array();
    for (const Row& r : rows) {
      if (static_cast<int64_t>(out.size()) >= limit) break;
      out.push_back(r.j);
    }
    return Json{{"status", status},
                {"open", open},
                {"overdue", overdue},
                {"rows", out}};
  });
  if (q.ok()) {
    for (Json& row : (*q)["rows"]) AddSampleVerdicts(I, row);
  }
  return q;
}

StatusOr<Json> OperationsService::ComplaintSummary(const Caller& c,
                                                   const std::string& place,
                                                   const std::string& as_of) {
  Impl& I = *impl_;
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  Date day = c.today;
  if (!as_of.empty()) {
    JJM_ASSIGN_OR_RETURN(day, Date::ParseField(as_of, "as_of"));
  }
  // The end of the day in India (UTC+5:30), in seconds.
  const int64_t end =
      (static_cast<int64_t>(day.days()) + 1) * 86400 - 19800 - 1;
  return I.Shared([&](const Hierarchy& h,
                      const CoverageIndex&) -> StatusOr<Json> {
    struct Sums {
      int64_t received = 0, open = 0, overdue = 0, resolved = 0, spam = 0;
      std::vector<double> hours;
      std::map<std::string, int64_t> by_category;
    };
    std::map<UnitId, Sums> sums;
    const bool below = h.Get(unit).level < Level::kVillage;
    const Level child = below ? h.ChildLevel(unit) : Level::kVillage;
    for (const auto& [id, s] : I.locked_complaints()) {
      if (s.row.filed_at > end) continue;
      const UnitId v = static_cast<UnitId>(s.row.village_id);
      if (!h.IsWithin(v, unit)) continue;
      JJM_ASSIGN_OR_RETURN(ComplaintClock k, ClockOf(I, s, end));
      const bool spam = WasSpam(s) && k.status == ComplaintStatus::kClosed;
      std::vector<UnitId> targets = {unit};
      if (below) {
        const UnitId a = h.AncestorAt(v, child);
        if (a != kNoUnit) targets.push_back(a);
      }
      // The first resolution, for the time to resolve.
      int64_t resolved_at = 0;
      for (const ComplaintEventRow& e : s.events) {
        if (e.at > end) break;
        if (e.kind == "resolved" && resolved_at == 0) resolved_at = e.at;
      }
      for (UnitId t : targets) {
        Sums& x = sums[t];
        ++x.received;
        ++x.by_category[s.row.category];
        if (spam) {
          ++x.spam;
          continue;
        }
        x.open += k.open;
        x.overdue += k.overdue;
        if (!k.open) ++x.resolved;
        if (resolved_at > 0) {
          x.hours.push_back((resolved_at - s.row.filed_at) / 3600.0);
        }
      }
    }
    auto json = [&](UnitId u) {
      Sums& x = sums[u];
      Json j = I.PlaceJson(u, h);
      j["received"] = x.received;
      j["open"] = x.open;
      j["overdue"] = x.overdue;
      j["resolved"] = x.resolved;
      j["spam"] = x.spam;
      if (x.hours.empty()) {
        j["median_hours_to_resolve"] = nullptr;
      } else {
        std::sort(x.hours.begin(), x.hours.end());
        const size_t n = x.hours.size();
        j["median_hours_to_resolve"] =
            n % 2 ? x.hours[n / 2] : (x.hours[n / 2 - 1] + x.hours[n / 2]) / 2;
      }
      j["by_category"] = x.by_category;
      return j;
    };
    Json rows = Json::array();
    if (below) {
      h.ForEachAtLevel(unit, child, [&](UnitId u) {
        if (sums.count(u)) rows.push_back(json(u));
      });
    }
    return Json{
        {"as_of", day.ToString()}, {"totals", json(unit)}, {"rows", rows}};
  });
}

StatusOr<Json> OperationsService::ComplaintRulesJson(const Caller&) {
  Impl& I = *impl_;
  Json cats = Json::array();
  for (const CategoryRow& c : I.categories()) {
    cats.push_back(Json{{"code", c.code},
                        {"deadline_hours", c.deadline_hours},
                        {"name_en", c.name_en},
                        {"name_hi", c.name_hi}});
  }
  Json ladder = Json::array();
  for (const LadderRung& r : I.rules().ladder) {
    ladder.push_back(Json{{"level", std::string(EscalationLevelName(r.level))},
                          {"hours", r.hours}});
  }
  return Json{{"categories", cats},
              {"ladder", ladder},
              {"close_after_days", I.rules().close_after_days}};
}

StatusOr<int64_t> OperationsService::RunClock(int64_t now) {
  Impl& I = *impl_;
  MutexLock lock(&I.write_mutex());
  // What is due and not recorded yet.
  std::vector<ComplaintEventRow> due;
  Status bad = I.Shared([&](const Hierarchy&, const CoverageIndex&) -> Status {
    for (const auto& [id, s] : I.locked_complaints()) {
      JJM_ASSIGN_OR_RETURN(ComplaintClock k, ClockOf(I, s, now));
      const auto recorded = s.Recorded();
      for (const Escalation& e : k.escalations) {
        if (std::find(recorded.begin(), recorded.end(),
                      std::make_pair(e.round, e.rung)) != recorded.end()) {
          continue;
        }
        ComplaintEventRow ev;
        ev.complaint_id = id;
        ev.at = e.at;
        ev.kind = "escalated";
        ev.level = std::string(EscalationLevelName(e.to));
        ev.note = EscalationNote(e);
        ev.actor = "jjm";
        due.push_back(ev);
      }
      if (AutoCloseDue(k, now)) {
        ComplaintEventRow ev;
        ev.complaint_id = id;
        ev.at = *k.auto_close_at;
        ev.kind = "closed";
        ev.note = "closed " + std::to_string(I.rules().close_after_days) +
                  " days after it was resolved, without the filer's answer";
        ev.actor = "jjm";
        due.push_back(ev);
      }
    }
    return Status::Ok();
  });
  JJM_RETURN_IF_ERROR(bad);
  if (due.empty()) return int64_t{0};
  AuditRow audit;
  audit.actor = "jjm";
  audit.action = "operations.complaint.clock";
  audit.entity = "complaint";
  audit.unit_path = "IN";
  audit.after = Json{{"events", due.size()}}.dump();
  OperationsStore s = I.writer();
  JJM_RETURN_IF_ERROR(WriteWithAudit(s.db(), audit, [&]() -> Status {
    for (ComplaintEventRow& e : due) {
      JJM_ASSIGN_OR_RETURN(e.id, s.AddComplaintEvent(e));
    }
    return Status::Ok();
  }));
  I.Apply([&](Impl& me) {
    for (const ComplaintEventRow& e : due) {
      auto& events = me.complaints_for_apply()[e.complaint_id].events;
      events.push_back(e);
      std::stable_sort(events.begin(), events.end(),
                       [](const ComplaintEventRow& a,
                          const ComplaintEventRow& b) { return a.at < b.at; });
    }
  });
  return static_cast<int64_t>(due.size());
}

}  // namespace jjm
