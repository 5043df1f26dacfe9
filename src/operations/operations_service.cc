#include "operations/operations_service.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "operations/operations_internal.h"
#include "store/audited_write.h"

namespace jjm {

std::string OpsTime(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int64_t NowSeconds(const OCaller& c) {
  if (c.now > 0) return c.now;
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string OpsNow() {
  return OpsTime(std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count());
}

std::string OpsDay(int64_t day) {
  return Date::FromDays(static_cast<int32_t>(day)).ToString();
}

// --- the service's state
// ------------------------------------------------------

OperationsService::Impl::Impl(Db* db, CoverageService* coverage, std::FILE* log)
    : coverage_(coverage), log_(log), pool_(ConnectionPool::Open(db)) {}

std::string OperationsService::Impl::ActorOf(const OCaller& c) {
  if (c.command_line) return c.actor.empty() ? "cli" : c.actor;
  return c.principal != nullptr ? c.principal->username : "public";
}

Status OperationsService::Impl::Write(
    const OCaller& c, AuditRow audit,
    const std::function<Status(OperationsStore&)>& write) {
  audit.actor = ActorOf(c);
  audit.remote = c.remote;
  if (audit.unit_path.empty()) audit.unit_path = "IN";
  OperationsStore s = writer();
  return WriteWithAudit(pool_->writer(), std::move(audit),
                        [&]() { return write(s); });
}

void OperationsService::Impl::Apply(const std::function<void(Impl&)>& fn) {
  WriterLock lock(&mu_);
  fn(*this);
}

Status OperationsService::Impl::Load() {
  OperationsStore s(pool_->writer());
  JJM_ASSIGN_OR_RETURN(categories_, s.Categories());
  JJM_ASSIGN_OR_RETURN(std::vector<EscalationStepRow> steps,
                       s.EscalationSteps());
  // The rules as data: each category's deadline, the ladder.
  rules_ = DefaultComplaintRules();
  for (const CategoryRow& cat : categories_) {
    auto c = ParseComplaintCategory(cat.code);
    if (!c) return Internal("unknown complaint category '" + cat.code + "'");
    rules_.deadline_hours[static_cast<int>(*c)] =
        static_cast<int32_t>(cat.deadline_hours);
  }
  rules_.ladder.clear();
  for (const EscalationStepRow& e : steps) {
    auto level = ParseEscalationLevel(e.level);
    if (!level) return Internal("unknown escalation level '" + e.level + "'");
    rules_.ladder.push_back(
        LadderRung{*level, static_cast<int32_t>(e.hours.value_or(0))});
  }
  JJM_RETURN_IF_ERROR(CheckComplaintRules(rules_));
  std::map<int64_t, CommitteeState> committees;
  JJM_RETURN_IF_ERROR(s.EachCommittee(
      [&](const CommitteeRow& r) { committees[r.id].row = r; }));
  JJM_RETURN_IF_ERROR(s.EachMember([&](const MemberRow& m) {
    committees[m.committee_id].members.push_back(m);
  }));
  std::map<int64_t, ComplaintState> complaints;
  Status bad = Status::Ok();
  JJM_RETURN_IF_ERROR(s.EachComplaint([&](const ComplaintRow& r) {
    ComplaintState& st = complaints[r.id];
    st.row = r;
    auto c = ParseComplaintCategory(r.category);
    if (!c) bad = Internal("unknown complaint category '" + r.category + "'");
    st.category = c.value_or(ComplaintCategory::kOther);
  }));
  JJM_RETURN_IF_ERROR(bad);
  JJM_RETURN_IF_ERROR(s.EachComplaintEvent([&](const ComplaintEventRow& e) {
    complaints[e.complaint_id].events.push_back(e);
  }));
  JJM_RETURN_IF_ERROR(s.EachComplaintSample([&](const ComplaintSampleRow& r) {
    complaints[r.complaint_id].samples.push_back(r);
  }));
  committees_ = std::move(committees);
  complaints_ = std::move(complaints);
  JJM_RETURN_IF_ERROR(LoadMoney(s));
  return LoadSources(s);
}

Status OperationsService::Impl::SignedIn(const OCaller& c) {
  if (c.command_line || c.principal != nullptr) return Status::Ok();
  return Status(StatusCode::kUnauthenticated, "sign in first");
}

Status OperationsService::Impl::Need(const OCaller& c, Permission p,
                                     UnitId unit, const char* what) const {
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

bool OperationsService::Impl::Sees(const OCaller& c, UnitId unit) const {
  if (c.command_line) return true;
  if (c.principal == nullptr) return false;
  return Places([&](const Hierarchy& h, const CoverageIndex&) {
    return InScope(*c.principal, unit, h);
  });
}

StatusOr<UnitId> OperationsService::Impl::PlaceOf(
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

Json OperationsService::Impl::PlaceJson(UnitId id, const Hierarchy& h) const {
  if (id == kNoUnit || !h.Contains(id)) return Json();
  const Place& p = h.Get(id);
  return Json{{"code", p.code},
              {"name", p.name},
              {"level", std::string(LevelName(p.level))}};
}

Json OperationsService::Impl::PlaceJson(UnitId id) const {
  return Places([&](const Hierarchy& h, const CoverageIndex&) {
    return PlaceJson(id, h);
  });
}

AuditRow OperationsService::Impl::AuditAt(std::string action,
                                          std::string entity,
                                          std::string entity_id,
                                          UnitId unit) const {
  AuditRow a;
  a.action = std::move(action);
  a.entity = std::move(entity);
  a.entity_id = std::move(entity_id);
  a.unit_id = unit == kNoUnit ? 0 : unit;
  a.unit_path = Places([&](const Hierarchy& h, const CoverageIndex&) {
    return h.Contains(unit) ? h.PathCodes(unit) : std::string("IN");
  });
  return a;
}

int64_t OperationsService::Impl::CommitteeOf(UnitId unit) const {
  ReaderLock lock(&mu_);
  for (const auto& [id, c] : committees_) {
    if (c.row.unit_id == unit) return id;
  }
  return 0;
}

bool OperationsService::Impl::MayFile(const std::string& remote, UnitId village,
                                      int64_t now) {
  // At most 10 complaints an hour from one address and 50 a day for one
  // village: enough for a village in trouble, too few for a flood.
  constexpr size_t kPerAddressHour = 10, kPerVillageDay = 50;
  MutexLock lock(&rate_mu_);
  auto trim = [&](std::deque<int64_t>& q, int64_t window) {
    while (!q.empty() && q.front() <= now - window) q.pop_front();
  };
  auto& a = by_remote_[remote];
  auto& v = by_village_[village];
  trim(a, 3600);
  trim(v, 86400);
  if (a.size() >= kPerAddressHour || v.size() >= kPerVillageDay) return false;
  a.push_back(now);
  v.push_back(now);
  return true;
}

// --- the service
// ------------------------------------------------------------------

OperationsService::OperationsService(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
OperationsService::~OperationsService() { impl_->clock_.Stop(); }

StatusOr<std::unique_ptr<OperationsService>> OperationsService::Open(
    Db* db, CoverageService* coverage, std::FILE* log) {
  auto impl = std::make_unique<Impl>(db, coverage, log);
  {
    MutexLock lock(&impl->write_mutex());
    JJM_RETURN_IF_ERROR(impl->Load());
  }
  return std::unique_ptr<OperationsService>(
      new OperationsService(std::move(impl)));
}

Status OperationsService::StartClock(std::chrono::milliseconds interval) {
  return impl_->clock_.Start(interval, "the complaints' clock", [this] {
    return RunClock(NowSeconds(Caller())).status();
  });
}

// --- committees
// ------------------------------------------------------------------

StatusOr<UnitId> CommitteePlace(const OperationsService::Impl& I,
                                const std::string& code) {
  JJM_ASSIGN_OR_RETURN(UnitId u, I.PlaceOf(code, "village"));
  const Level l = I.Places(
      [&](const Hierarchy& h, const CoverageIndex&) { return h.Get(u).level; });
  if (l != Level::kVillage && l != Level::kGp) {
    return InvalidArgument(
        "a committee belongs to a village or a gram "
        "panchayat; '" +
            code + "' is a " + std::string(LevelName(l)),
        "village");
  }
  return u;
}

namespace {

CommitteeMember ToMember(const MemberRow& r) {
  CommitteeMember m;
  m.id = r.id;
  m.role = ParseMemberRole(r.role).value_or(MemberRole::kMember);
  m.gender = ParseMemberGender(r.gender).value_or(MemberGender::kOther);
  m.social_group =
      ParseSocialGroup(r.social_group).value_or(SocialGroup::kOther);
  m.elected_panchayat_member = r.elected_member;
  m.joined = static_cast<int32_t>(r.joined_day);
  if (r.left_day) m.left = static_cast<int32_t>(*r.left_day);
  return m;
}

}  // namespace

StatusOr<Json> OperationsService::CreateCommittee(const Caller& c,
                                                  const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"village", "name", "formed_on"}));
  JJM_ASSIGN_OR_RETURN(std::string code,
                       TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(UnitId u, CommitteePlace(I, code));
  JJM_ASSIGN_OR_RETURN(std::string name,
                       TextField(body, "", "name", false, 0, 200));
  JJM_ASSIGN_OR_RETURN(Date formed, PastDateField(body, "formed_on", c.today));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageCommittee, u, "manage the committee"));
  MutexLock lock(&I.write_mutex());
  if (I.CommitteeOf(u) != 0) {
    return Conflict("the place has a committee already", "village");
  }
  CommitteeRow r;
  r.unit_id = u;
  r.name = name.empty()
               ? I.Places([&](const Hierarchy& h, const CoverageIndex&) {
                   return h.Get(u).name;
                 }) + " Paani Samiti"
               : name;
  r.formed_day = formed.days();
  r.created_at = OpsNow();
  r.created_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("operations.committee.create", "vwsc_committee", code, u);
  audit.after =
      Json{{"name", r.name}, {"formed_on", OpsDay(r.formed_day)}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddCommittee(r));
    return Status::Ok();
  }));
  I.Apply([&](Impl& me) { me.committees_for_apply()[r.id].row = r; });
  return GetCommittee(c, code, "");
}

StatusOr<Json> OperationsService::GetCommittee(const Caller& c,
                                               const std::string& place,
                                               const std::string& as_of) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(UnitId u, CommitteePlace(I, place));
  Date day = c.today;
  if (!as_of.empty()) {
    JJM_ASSIGN_OR_RETURN(day, Date::ParseField(as_of, "as_of"));
  }
  const int64_t id = I.CommitteeOf(u);
  if (id == 0) return NotFound("the place has no committee on record");
  // The village's SC and ST shares from its latest facts.
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  double sc = 0, st = 0;
  if (I.Places([&](const Hierarchy& h, const CoverageIndex&) {
        return h.Get(u).level == Level::kVillage;
      })) {
    JJM_ASSIGN_OR_RETURN(VillageFacts f,
                         I.coverage_->LatestFacts(lease.db(), u));
    const double scp = static_cast<double>(f.latest.sc_population.value_or(0));
    const double stp = static_cast<double>(f.latest.st_population.value_or(0));
    const double gen =
        static_cast<double>(f.latest.general_population.value_or(0));
    if (scp + stp + gen > 0) {
      sc = scp / (scp + stp + gen);
      st = stp / (scp + stp + gen);
    }
  }
  OperationsStore s(lease.db());
  JJM_ASSIGN_OR_RETURN(std::vector<MeetingRow> meetings, s.MeetingsOf(id));
  JJM_ASSIGN_OR_RETURN(std::vector<ActionPlanRow> plans, s.ActionPlansOf(id));
  const bool names = I.Sees(c, u);
  return I.Shared(
      [&](const Hierarchy& h, const CoverageIndex&) -> StatusOr<Json> {
        const CommitteeState& cs = I.locked_committees().at(id);
        std::vector<CommitteeMember> members;
        for (const MemberRow& m : cs.members) members.push_back(ToMember(m));
        JJM_ASSIGN_OR_RETURN(Composition comp,
                             CompositionCheck(members, day.days(), sc, st));
        Json list = Json::array();
        for (int i : comp.serving) {
          const MemberRow& m = cs.members[static_cast<size_t>(i)];
          list.push_back(Json{{"id", m.id},
                              {"name", m.name},
                              {"role", m.role},
                              {"gender", m.gender},
                              {"social_group", m.social_group},
                              {"elected_member", m.elected_member},
                              {"joined_on", OpsDay(m.joined_day)}});
        }
        Json shortfalls = Json::array();
        for (const CompositionShortfall& f : comp.shortfalls) {
          shortfalls.push_back(Json{{"code", f.code},
                                    {"have", f.have},
                                    {"need", f.need},
                                    {"message", f.message}});
        }
        Json ms = Json::array();
        for (const MeetingRow& m : meetings) {
          Json one{{"on", OpsDay(m.day)},
                   {"attendance", m.attendance},
                   {"decisions", m.decisions}};
          if (names) one["by"] = m.recorded_by;
          ms.push_back(one);
        }
        return Json{{"id", id},
                    {"place", I.PlaceJson(u, h)},
                    {"name", cs.row.name},
                    {"formed_on", OpsDay(cs.row.formed_day)},
                    {"as_of", day.ToString()},
                    {"members", list},
                    {"composition", Json{{"size", comp.size},
                                         {"women", comp.women},
                                         {"elected", comp.elected},
                                         {"sc", comp.sc},
                                         {"st", comp.st},
                                         {"required_sc", comp.required_sc},
                                         {"required_st", comp.required_st},
                                         {"village_sc_share", sc},
                                         {"village_st_share", st},
                                         {"meets", comp.meets},
                                         {"shortfalls", shortfalls}}},
                    {"meetings", ms},
                    {"action_plans", ActionPlansJson(plans, names)}};
      });
}

StatusOr<Json> OperationsService::AddMember(const Caller& c,
                                            const std::string& place,
                                            const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "",
                                  {"name", "role", "gender", "social_group",
                                   "elected_member", "joined_on"}));
  JJM_ASSIGN_OR_RETURN(UnitId u, CommitteePlace(I, place));
  MemberRow r;
  JJM_ASSIGN_OR_RETURN(r.name, TextField(body, "", "name", true, 2, 200));
  JJM_ASSIGN_OR_RETURN(r.role, TextField(body, "", "role", true, 1, 20));
  JJM_ASSIGN_OR_RETURN(r.gender, TextField(body, "", "gender", true, 1, 20));
  JJM_ASSIGN_OR_RETURN(r.social_group,
                       TextField(body, "", "social_group", true, 1, 20));
  if (body.contains("elected_member") && !body["elected_member"].is_null()) {
    if (!body["elected_member"].is_boolean()) {
      return InvalidArgument("elected_member must be true or false",
                             "elected_member");
    }
    r.elected_member = body["elected_member"].get<bool>();
  }
  JJM_ASSIGN_OR_RETURN(Date joined, PastDateField(body, "joined_on", c.today));
  r.joined_day = joined.days();
  auto role = ParseMemberRole(r.role);
  auto gender = ParseMemberGender(r.gender);
  auto group = ParseSocialGroup(r.social_group);
  if (!role) {
    return InvalidArgument("role must be chair, secretary, member or operator",
                           "role");
  }
  if (!gender) {
    return InvalidArgument("gender must be female, male or other", "gender");
  }
  if (!group) {
    return InvalidArgument("social_group must be sc, st or other",
                           "social_group");
  }
  JJM_RETURN_IF_ERROR(CheckMember(ToMember(r), c.today.days()));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageCommittee, u, "manage the committee"));
  MutexLock lock(&I.write_mutex());
  const int64_t id = I.CommitteeOf(u);
  if (id == 0) return NotFound("the place has no committee on record");
  r.committee_id = id;
  r.created_at = OpsNow();
  r.created_by = Impl::ActorOf(c);
  AuditRow audit = I.AuditAt("operations.member.add", "vwsc_member", place, u);
  audit.after = Json{{"name", r.name}, {"role", r.role}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddMember(r));
    return Status::Ok();
  }));
  I.Apply(
      [&](Impl& me) { me.committees_for_apply()[id].members.push_back(r); });
  return GetCommittee(c, place, "");
}

StatusOr<Json> OperationsService::EndMembership(const Caller& c,
                                                int64_t member_id,
                                                const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"left_on"}));
  JJM_ASSIGN_OR_RETURN(Date left, PastDateField(body, "left_on", c.today));
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  std::optional<MemberRow> m;
  UnitId u = kNoUnit;
  I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    for (const auto& [id, cs] : I.locked_committees()) {
      for (const MemberRow& r : cs.members) {
        if (r.id == member_id) {
          m = r;
          u = static_cast<UnitId>(cs.row.unit_id);
        }
      }
    }
    return 0;
  });
  if (!m) return NotFound("no member " + std::to_string(member_id));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageCommittee, u, "manage the committee"));
  if (m->left_day) {
    return FailedPrecondition("the member left on " + OpsDay(*m->left_day));
  }
  if (left.days() < m->joined_day) {
    return InvalidArgument(
        "left_on is before the member joined on " + OpsDay(m->joined_day),
        "left_on");
  }
  const std::string now = OpsNow();
  AuditRow audit = I.AuditAt("operations.member.leave", "vwsc_member",
                             std::to_string(member_id), u);
  audit.after = Json{{"left_on", left.ToString()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) {
    return s.EndMembership(member_id, left.days(), now, Impl::ActorOf(c));
  }));
  I.Apply([&](Impl& me) {
    for (auto& [id, cs] : me.committees_for_apply()) {
      for (MemberRow& r : cs.members) {
        if (r.id == member_id) r.left_day = left.days();
      }
    }
  });
  const std::string code = I.Places(
      [&](const Hierarchy& h, const CoverageIndex&) { return h.Get(u).code; });
  return GetCommittee(c, code, "");
}

StatusOr<Json> OperationsService::AddMeeting(const Caller& c,
                                             const std::string& place,
                                             const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"on", "attendance", "decisions"}));
  JJM_ASSIGN_OR_RETURN(UnitId u, CommitteePlace(I, place));
  MeetingRow r;
  JJM_ASSIGN_OR_RETURN(Date on, PastDateField(body, "on", c.today));
  r.day = on.days();
  JJM_ASSIGN_OR_RETURN(r.attendance,
                       IntField(body, "", "attendance", true, 0, 1000));
  JJM_ASSIGN_OR_RETURN(r.decisions,
                       TextField(body, "", "decisions", true, 3, 5000));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageCommittee, u, "manage the committee"));
  MutexLock lock(&I.write_mutex());
  const int64_t id = I.CommitteeOf(u);
  if (id == 0) return NotFound("the place has no committee on record");
  r.committee_id = id;
  r.recorded_at = OpsNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("operations.meeting.add", "vwsc_meeting", place, u);
  audit.after =
      Json{{"on", OpsDay(r.day)}, {"attendance", r.attendance}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddMeeting(r));
    return Status::Ok();
  }));
  return GetCommittee(c, place, "");
}

StatusOr<Json> OperationsService::ListCommittees(const Caller& c,
                                                 const Json& query) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(query, "", {"place", "failing"}));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(query, "", "place", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(std::string failing,
                       TextField(query, "", "failing", false, 0, 5));
  if (!failing.empty() && failing != "true" && failing != "false") {
    return InvalidArgument("failing must be true or false", "failing");
  }
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  // The composition needs each village's shares: read from the facts.
  std::vector<std::pair<int64_t, UnitId>> ids =
      I.Shared([&](const Hierarchy& h, const CoverageIndex&) {
        std::vector<std::pair<int64_t, UnitId>> out;
        for (const auto& [id, cs] : I.locked_committees()) {
          const UnitId u = static_cast<UnitId>(cs.row.unit_id);
          if (h.Contains(u) && h.IsWithin(u, unit)) out.emplace_back(id, u);
        }
        return out;
      });
  Json rows = Json::array();
  int64_t meeting = 0, not_meeting = 0;
  for (const auto& [id, place_id] : ids) {
    const UnitId u = place_id;
    const std::string code =
        I.Places([&](const Hierarchy& h, const CoverageIndex&) {
          return h.Get(u).code;
        });
    JJM_ASSIGN_OR_RETURN(Json one, GetCommittee(c, code, ""));
    const bool meets = one["composition"]["meets"].get<bool>();
    (meets ? meeting : not_meeting) += 1;
    if (failing == "true" && meets) continue;
    if (rows.size() >= 500) continue;
    rows.push_back(Json{{"place", one["place"]},
                        {"name", one["name"]},
                        {"size", one["composition"]["size"]},
                        {"meets", meets},
                        {"shortfalls", one["composition"]["shortfalls"]}});
  }
  return Json{{"place", I.PlaceJson(unit)},
              {"committees", meeting + not_meeting},
              {"meeting_guidelines", meeting},
              {"not_meeting_guidelines", not_meeting},
              {"rows", rows}};
}

// --- breakdowns
// ---------------------------------------------------------------------

namespace {

const std::vector<std::string> kReasons = {
    "power", "pump_failure", "pipe_burst", "source_dried", "other"};

Json BreakdownJson(const BreakdownRow& b, bool names) {
  Json j{{"id", b.id},
         {"started_on", OpsDay(b.started_day)},
         {"ended_on", b.ended_day ? Json(OpsDay(*b.ended_day)) : Json()},
         {"reason", b.reason},
         {"households_affected", b.households_affected},
         {"note", b.note}};
  if (b.scheme_id > 0) j["scheme_id"] = b.scheme_id;
  if (b.asset_id > 0) j["asset_id"] = b.asset_id;
  if (names) j["by"] = b.recorded_by;
  return j;
}

}  // namespace

StatusOr<Json> OperationsService::AddBreakdown(const Caller& c,
                                               const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"village", "scheme", "asset", "started_on", "ended_on",
                   "reason", "households_affected", "note"}));
  BreakdownRow r;
  JJM_ASSIGN_OR_RETURN(std::string village,
                       TextField(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(UnitId v,
                       I.PlaceOf(village, "village", Level::kVillage));
  r.village_id = v;
  JJM_ASSIGN_OR_RETURN(r.scheme_id,
                       IntField(body, "", "scheme", false, 1, INT64_MAX));
  JJM_ASSIGN_OR_RETURN(r.asset_id,
                       IntField(body, "", "asset", false, 1, INT64_MAX));
  JJM_ASSIGN_OR_RETURN(Date start, PastDateField(body, "started_on", c.today));
  r.started_day = start.days();
  if (body.contains("ended_on") && !body["ended_on"].is_null()) {
    JJM_ASSIGN_OR_RETURN(Date end, PastDateField(body, "ended_on", c.today));
    if (end < start) {
      return InvalidArgument("ended_on is before started_on", "ended_on");
    }
    r.ended_day = end.days();
  }
  JJM_ASSIGN_OR_RETURN(r.reason, TextField(body, "", "reason", true, 1, 20));
  if (std::find(kReasons.begin(), kReasons.end(), r.reason) == kReasons.end()) {
    return InvalidArgument(
        "reason must be power, pump_failure, pipe_burst, source_dried or "
        "other",
        "reason");
  }
  JJM_ASSIGN_OR_RETURN(
      r.households_affected,
      IntField(body, "", "households_affected", true, 0, 1000000));
  const int32_t hh = I.Places([&](const Hierarchy&, const CoverageIndex& x) {
    return x.At(v, start).total_hh;
  });
  if (r.households_affected > hh) {
    return InvalidArgument(
        "the village has " + std::to_string(hh) + " households; " +
            std::to_string(r.households_affected) + " cannot be affected",
        "households_affected");
  }
  JJM_ASSIGN_OR_RETURN(r.note, TextField(body, "", "note", false, 0, 1000));
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageCommittee, v, "record breakdowns"));
  MutexLock lock(&I.write_mutex());
  if (r.asset_id > 0) {
    // The asset that broke down: of the scheme given (or its scheme is
    // the breakdown's), serving the village.
    JJM_ASSIGN_OR_RETURN(auto a, I.writer().AssetOf(r.asset_id));
    if (!a) {
      return InvalidArgument("no asset " + std::to_string(r.asset_id), "asset");
    }
    if (r.scheme_id > 0 && a->scheme_id != r.scheme_id) {
      return InvalidArgument("asset " + std::to_string(r.asset_id) +
                                 " is of scheme " +
                                 std::to_string(a->scheme_id) + ", not " +
                                 std::to_string(r.scheme_id),
                             "asset");
    }
    r.scheme_id = a->scheme_id;
  }
  if (r.scheme_id > 0) {
    // An unknown scheme would fail the foreign key: say so by the field.
    JJM_ASSIGN_OR_RETURN(bool serves, I.writer().SchemeServes(r.scheme_id, v));
    if (!serves) {
      return InvalidArgument(
          "scheme " + std::to_string(r.scheme_id) + " does not serve " +
              village,
          r.asset_id > 0 && !body.contains("scheme") ? "asset" : "scheme");
    }
  }
  r.recorded_at = OpsNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("operations.breakdown.add", "breakdown", village, v);
  audit.after =
      Json{{"started_on", start.ToString()}, {"reason", r.reason}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddBreakdown(r));
    return Status::Ok();
  }));
  return BreakdownJson(r, true);
}

StatusOr<Json> OperationsService::EndBreakdown(const Caller& c, int64_t id,
                                               const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"ended_on"}));
  JJM_ASSIGN_OR_RETURN(Date end, PastDateField(body, "ended_on", c.today));
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  MutexLock lock(&I.write_mutex());
  OperationsStore w = I.writer();
  JJM_ASSIGN_OR_RETURN(auto b, w.GetBreakdown(id));
  if (!b) return NotFound("no breakdown " + std::to_string(id));
  const UnitId v = static_cast<UnitId>(b->village_id);
  JJM_RETURN_IF_ERROR(
      I.Need(c, Permission::kManageCommittee, v, "record breakdowns"));
  if (b->ended_day) {
    return FailedPrecondition("the breakdown ended on " +
                              OpsDay(*b->ended_day));
  }
  if (end.days() < b->started_day) {
    return InvalidArgument(
        "ended_on is before the breakdown started on " + OpsDay(b->started_day),
        "ended_on");
  }
  const std::string now = OpsNow();
  AuditRow audit =
      I.AuditAt("operations.breakdown.end", "breakdown", std::to_string(id), v);
  audit.after = Json{{"ended_on", end.ToString()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) {
    return s.EndBreakdown(id, end.days(), now, Impl::ActorOf(c));
  }));
  b->ended_day = end.days();
  return BreakdownJson(*b, true);
}

StatusOr<Json> OperationsService::VillageBreakdowns(
    const Caller& c, const std::string& village) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(UnitId v,
                       I.PlaceOf(village, "village", Level::kVillage));
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  OperationsStore s(lease.db());
  JJM_ASSIGN_OR_RETURN(std::vector<BreakdownRow> rows, s.BreakdownsOf(v));
  const bool names = I.Sees(c, v);
  // Days without supply per month: the days any breakdown covered (an
  // open one up to today), each day once.
  std::map<std::string, int> by_month;
  std::vector<int32_t> days;
  for (const BreakdownRow& b : rows) {
    const int64_t end = b.ended_day.value_or(c.today.days());
    for (int64_t d = b.started_day; d <= end && d - b.started_day < 3660; ++d) {
      days.push_back(static_cast<int32_t>(d));
    }
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  for (int32_t d : days) ++by_month[Date::FromDays(d).ToString().substr(0, 7)];
  Json list = Json::array(), months = Json::array();
  for (const BreakdownRow& b : rows) list.push_back(BreakdownJson(b, names));
  for (const auto& [m, n] : by_month) {
    months.push_back(Json{{"month", m}, {"days_without_supply", n}});
  }
  return Json{{"village", I.PlaceJson(v)},
              {"breakdowns", list},
              {"days_without_supply", months}};
}

StatusOr<Json> OperationsService::SchemeBreakdowns(const Caller& c,
                                                   int64_t scheme_id) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  OperationsStore s(lease.db());
  JJM_ASSIGN_OR_RETURN(bool exists, s.SchemeExists(scheme_id));
  if (!exists) return NotFound("no scheme " + std::to_string(scheme_id));
  JJM_ASSIGN_OR_RETURN(std::vector<BreakdownRow> rows,
                       s.BreakdownsOfScheme(scheme_id));
  // Each asset's repair history: its breakdowns, the days it was down (an
  // open breakdown up to today), when it was last repaired.
  struct AssetSums {
    int64_t breakdowns = 0, days_down = 0;
    std::optional<int64_t> last_repaired, down_since;
  };
  std::map<int64_t, AssetSums> assets;
  Json list = Json::array();
  for (const BreakdownRow& b : rows) {
    const UnitId v = static_cast<UnitId>(b.village_id);
    Json j = BreakdownJson(b, I.Sees(c, v));
    j["village"] = I.PlaceJson(v);
    list.push_back(j);
    if (b.asset_id == 0) continue;
    AssetSums& a = assets[b.asset_id];
    ++a.breakdowns;
    const int64_t end = b.ended_day.value_or(c.today.days());
    a.days_down += std::max<int64_t>(0, end - b.started_day) + 1;
    if (b.ended_day) {
      a.last_repaired = std::max(a.last_repaired.value_or(0), *b.ended_day);
    } else {
      a.down_since = b.started_day;
    }
  }
  Json history = Json::array();
  for (const auto& [id, a] : assets) {
    JJM_ASSIGN_OR_RETURN(auto place, s.AssetOf(id));
    history.push_back(Json{
        {"asset_id", id},
        {"type", place ? place->type : ""},
        {"name", place ? place->name : ""},
        {"breakdowns", a.breakdowns},
        {"days_down", a.days_down},
        {"last_repaired_on",
         a.last_repaired ? Json(OpsDay(*a.last_repaired)) : Json()},
        {"down_since", a.down_since ? Json(OpsDay(*a.down_since)) : Json()}});
  }
  return Json{
      {"scheme_id", scheme_id}, {"breakdowns", list}, {"assets", history}};
}

}  // namespace jjm
