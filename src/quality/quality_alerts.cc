// Alerts opened and closed by the rule, and remedial actions.
//
// A final sample failing for a contaminant class opens one alert for it at
// the sample's habitation (its village when none); bacteria detected set a
// repeat due `bacteria_repeat_days` after.  An open alert closes when a
// later final lab sample of the same source (or habitation, or village),
// collected on or after the done day of a completed remedial action of the
// alert, tested that class and failed none of it.  A lab confirmation of a
// field test kit sample closes the kit's alerts for the classes it tested:
// passing, as cleared; failing, as confirmed (its own alert then stands).
#include <algorithm>

#include "quality/quality_internal.h"

namespace jjm {

using After = std::vector<std::function<void(QualityIndex&)>>;

Status QualityService::Impl::OnFinal(QualityStore& s, const SampleState& st,
                                     const Verdict& v, int64_t day,
                                     const std::string& now,
                                     const std::string& by, After* after,
                                     int64_t* opened) const {
  const SampleRow& sample = st.sample;
  // Close first what this sample clears (lab samples only).
  if (sample.method == "lab") {
    std::vector<AlertRow> open;
    JJM_RETURN_IF_ERROR(s.ForEachOpenAlertOf(
        sample.village_id, [&](const AlertRow& a) { open.push_back(a); }));
    for (const AlertRow& a : open) {
      auto c = ParseContaminant(a.contaminant);
      if (!c) continue;
      const int k = static_cast<int>(*c);
      if (!v.tested[k]) continue;
      const bool confirms = sample.reason == "confirmation" &&
                            sample.parent_sample_id == a.sample_id;
      bool close = confirms;
      if (!close && !v.failing[k]) {
        bool same_place = true;
        if (a.source_id > 0) {
          same_place = sample.source_id == a.source_id;
        } else if (a.habitation_id > 0) {
          same_place = sample.habitation_id == a.habitation_id;
        }
        if (same_place) {
          bool remedied = false;
          JJM_RETURN_IF_ERROR(
              s.ForEachAction(a.id, [&](const RemedialActionRow& r) {
                if (r.done_day && *r.done_day <= sample.collected_day) {
                  remedied = true;
                }
              }));
          close = remedied;
        }
      }
      if (!close) continue;
      JJM_RETURN_IF_ERROR(
          s.CloseAlert(a.id, std::max(day, a.opened_day), sample.id, now, by));
      after->push_back([id = a.id, d = std::max(day, a.opened_day)](
                           QualityIndex& x) { x.AlertClosed(id, DayOf(d)); });
    }
  }
  // Then open one alert per failing class.
  for (int k = 0; k < kContaminantCount; ++k) {
    if (!v.failing[k]) continue;
    const Contaminant c = static_cast<Contaminant>(k);
    AlertRow a;
    a.sample_id = sample.id;
    a.village_id = sample.village_id;
    a.habitation_id = sample.habitation_id;
    a.source_id = sample.source_id;
    a.contaminant = std::string(ContaminantName(c));
    a.opened_day = day;
    a.opened_at = now;
    if (c == Contaminant::kBacteriological) {
      a.repeat_due_day =
          day + static_cast<int64_t>(Rule("bacteria_repeat_days", 1));
    }
    JJM_ASSIGN_OR_RETURN(a.id, s.AddAlert(a));
    ++*opened;
    after->push_back([a, c](QualityIndex& x) {
      std::optional<Date> due;
      if (a.repeat_due_day) due = DayOf(*a.repeat_due_day);
      x.AlertOpened(
          a.id, static_cast<UnitId>(a.village_id),
          a.habitation_id > 0 ? static_cast<UnitId>(a.habitation_id) : kNoUnit,
          c, DayOf(a.opened_day), due);
    });
  }
  return Status::Ok();
}

Status QualityService::Impl::OnRepeat(QualityStore& s, const SampleRow& r,
                                      After* after) const {
  if (r.reason != "repeat" || r.parent_sample_id <= 0) return Status::Ok();
  bool earlier = false;
  JJM_RETURN_IF_ERROR(
      s.ForEachChildSample(r.parent_sample_id, [&](const SampleRow& other) {
        if (other.id != r.id && other.reason == "repeat") earlier = true;
      }));
  if (earlier) return Status::Ok();
  std::vector<int64_t> alerts;
  JJM_RETURN_IF_ERROR(
      s.ForEachAlertOfSample(r.parent_sample_id, [&](const AlertRow& a) {
        if (a.repeat_due_day) alerts.push_back(a.id);
      }));
  for (int64_t id : alerts) {
    after->push_back([id, d = r.collected_day](QualityIndex& x) {
      x.AlertRepeatTaken(id, DayOf(d));
    });
  }
  return Status::Ok();
}

// --- the queue --------------------------------------------------------------

StatusOr<Json> QualityService::ListAlerts(const Caller& c, const Json& query) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      query, "", {"place", "status", "contaminant", "before_id", "limit"}));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(query, "", "place", false, 0, 40));
  AlertFilter f;
  JJM_ASSIGN_OR_RETURN(f.status, TextField(query, "", "status", false, 0, 10));
  if (f.status.empty()) f.status = "open";
  if (f.status != "open" && f.status != "closed" && f.status != "all") {
    return InvalidArgument("status must be open, closed or all", "status");
  }
  if (f.status == "all") f.status.clear();
  JJM_ASSIGN_OR_RETURN(f.contaminant,
                       TextField(query, "", "contaminant", false, 0, 30));
  if (!f.contaminant.empty() && !ParseContaminant(f.contaminant)) {
    return InvalidArgument("contaminant: unknown class '" + f.contaminant + "'",
                           "contaminant");
  }
  JJM_ASSIGN_OR_RETURN(
      f.before_id, IntField(query, "", "before_id", false, 0, INT64_MAX, 0));
  JJM_ASSIGN_OR_RETURN(int64_t limit,
                       IntField(query, "", "limit", false, 1, 500, 200));
  f.limit = static_cast<int>(limit);
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  } else if (!c.command_line) {
    std::vector<UnitId> places =
        PlacesWith(*c.principal, Permission::kRecordRemedies);
    if (places.empty()) {
      places = PlacesWith(*c.principal, Permission::kReadInternal);
    }
    if (places.empty()) {
      return Status(StatusCode::kPermissionDenied,
                    "the alert queue is for officers and village committees");
    }
    unit = places[0];
  }
  if (!c.command_line) {
    const bool ok = I.Places([&](const Hierarchy& h) {
      return Allows(*c.principal, Permission::kRecordRemedies, unit, h) ||
             InScope(*c.principal, unit, h);
    });
    if (!ok) {
      return Status(StatusCode::kPermissionDenied,
                    "you may not see the alerts of " + I.CodeOf(unit));
    }
  }
  f.village_ids = I.VillagesOf(unit);
  JJM_ASSIGN_OR_RETURN(auto reading, I.Read());
  QualityStore& s = reading.store();
  std::vector<AlertRow> alerts;
  JJM_RETURN_IF_ERROR(
      s.ForEachAlertWhere(f, [&](const AlertRow& a) { alerts.push_back(a); }));
  Json rows = Json::array();
  for (const AlertRow& a : alerts) {
    JJM_ASSIGN_OR_RETURN(auto sample, s.GetSample(a.sample_id));
    const int64_t end = a.closed_day ? *a.closed_day : c.today.days();
    Json j{{"id", a.id},
           {"contaminant", a.contaminant},
           {"village", I.PlaceJson(static_cast<UnitId>(a.village_id))},
           {"opened_on", DayText(a.opened_day)},
           {"days_open", std::max<int64_t>(0, end - a.opened_day)},
           {"open", !a.closed_day.has_value()},
           {"sample", sample ? sample->code : ""},
           {"method", sample ? sample->method : ""},
           {"unconfirmed", sample && sample->method == "ftk"}};
    if (a.habitation_id > 0) {
      j["habitation"] = I.PlaceJson(static_cast<UnitId>(a.habitation_id));
    }
    if (a.source_id > 0) {
      auto src = I.SourceById(a.source_id);
      if (src) j["source"] = src->code;
    }
    if (a.repeat_due_day) {
      j["repeat_due_on"] = DayText(*a.repeat_due_day);
      bool taken = false;
      JJM_RETURN_IF_ERROR(
          s.ForEachChildSample(a.sample_id, [&](const SampleRow& r) {
            if (r.reason == "repeat") taken = true;
          }));
      j["repeat_taken"] = taken;
      j["repeat_overdue"] =
          !taken && !a.closed_day && *a.repeat_due_day < c.today.days();
    }
    if (sample && sample->method == "ftk") {
      std::string confirmation;
      JJM_RETURN_IF_ERROR(
          s.ForEachChildSample(a.sample_id, [&](const SampleRow& r) {
            if (r.reason == "confirmation" && confirmation.empty()) {
              confirmation = r.code;
            }
          }));
      j["confirmation"] =
          confirmation.empty() ? Json(nullptr) : Json(confirmation);
    }
    if (a.closed_day) {
      j["closed_on"] = DayText(*a.closed_day);
      JJM_ASSIGN_OR_RETURN(auto by, s.GetSample(a.closed_by_sample_id));
      j["closed_by_sample"] = by ? by->code : "";
      j["cleared"] = sample && sample->method == "ftk" && by &&
                     by->parent_sample_id == a.sample_id;
    }
    Json actions = Json::array();
    JJM_RETURN_IF_ERROR(s.ForEachAction(a.id, [&](const RemedialActionRow& r) {
      Json aj{{"id", r.id},
              {"kind", r.kind},
              {"started_on", DayText(r.started_day)},
              {"done_on", r.done_day ? Json(DayText(*r.done_day)) : Json()},
              {"note", r.note},
              {"recorded_by", r.recorded_by}};
      actions.push_back(std::move(aj));
    }));
    j["actions"] = std::move(actions);
    rows.push_back(std::move(j));
  }
  Json out{{"place", I.PlaceJson(unit)}, {"alerts", std::move(rows)}};
  out["next_before_id"] = static_cast<int64_t>(alerts.size()) >= limit
                              ? Json(alerts.back().id)
                              : Json(nullptr);
  return out;
}

// --- remedial actions -------------------------------------------------------

StatusOr<Json> QualityService::AddRemedialAction(const Caller& c,
                                                 int64_t alert_id,
                                                 const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"kind", "started_on", "note"}));
  JJM_ASSIGN_OR_RETURN(std::string kind,
                       TextField(body, "", "kind", true, 1, 30));
  if (!In(kActionKinds, kind)) {
    return InvalidArgument("kind must be one of " + Joined(kActionKinds),
                           "kind");
  }
  JJM_ASSIGN_OR_RETURN(Date started,
                       PastDateField(body, "started_on", c.today));
  JJM_ASSIGN_OR_RETURN(std::string note,
                       TextField(body, "", "note", false, 0, 2000));
  MutexLock lock(&I.write_mutex());
  QualityStore& s = I.writer();
  JJM_ASSIGN_OR_RETURN(auto alert, s.GetAlert(alert_id));
  if (!alert) return NotFound("no alert " + std::to_string(alert_id));
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kRecordRemedies,
                             static_cast<UnitId>(alert->village_id),
                             "record remedial actions"));
  if (alert->closed_day) {
    return FailedPrecondition(
        "alert " + std::to_string(alert_id) + " is closed", "alert");
  }
  if (started.days() < alert->opened_day) {
    return InvalidArgument("started_on is before the alert opened",
                           "started_on");
  }
  RemedialActionRow r;
  r.alert_id = alert_id;
  r.kind = kind;
  r.started_day = started.days();
  r.note = note;
  r.recorded_at = QualityNow();
  r.recorded_by = Impl::ActorOf(c);
  AuditRow audit =
      I.AuditAt("quality.alert.action", "wq_alert", std::to_string(alert_id),
                static_cast<UnitId>(alert->village_id));
  audit.after = Json{{"kind", kind}, {"started_on", started.ToString()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(r.id, s.AddAction(r));
    return Status::Ok();
  }));
  I.Apply([&](const Hierarchy&, QualityIndex& x) {
    x.ActionStarted(r.id, alert_id, started);
  });
  return Json{{"id", r.id},         {"alert", alert_id},
              {"kind", kind},       {"started_on", started.ToString()},
              {"done_on", nullptr}, {"note", note}};
}

StatusOr<Json> QualityService::CompleteRemedialAction(const Caller& c,
                                                      int64_t action_id,
                                                      const Json& body) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"done_on"}));
  JJM_ASSIGN_OR_RETURN(Date done, PastDateField(body, "done_on", c.today));
  MutexLock lock(&I.write_mutex());
  QualityStore& s = I.writer();
  JJM_ASSIGN_OR_RETURN(auto action, s.GetAction(action_id));
  if (!action)
    return NotFound("no remedial action " + std::to_string(action_id));
  JJM_ASSIGN_OR_RETURN(auto alert, s.GetAlert(action->alert_id));
  if (!alert) return Internal("action without its alert");
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kRecordRemedies,
                             static_cast<UnitId>(alert->village_id),
                             "record remedial actions"));
  if (action->done_day) {
    return FailedPrecondition("remedial action " + std::to_string(action_id) +
                                  " was completed on " +
                                  DayText(*action->done_day),
                              "done_on");
  }
  if (done.days() < action->started_day) {
    return InvalidArgument("done_on is before the action started", "done_on");
  }
  const std::string now = QualityNow();
  AuditRow audit = I.AuditAt("quality.action.done", "wq_remedial_action",
                             std::to_string(action_id),
                             static_cast<UnitId>(alert->village_id));
  audit.after = Json{{"done_on", done.ToString()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    return s.CompleteAction(action_id, done.days(), now, Impl::ActorOf(c));
  }));
  I.Apply([&](const Hierarchy&, QualityIndex& x) {
    x.ActionDone(action_id, done);
  });
  return Json{{"id", action_id},
              {"alert", action->alert_id},
              {"kind", action->kind},
              {"started_on", DayText(action->started_day)},
              {"done_on", done.ToString()},
              {"note", action->note}};
}

}  // namespace jjm
