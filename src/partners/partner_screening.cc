#include <map>
#include <set>

#include "partners/partner_internal.h"
#include "store/accounts_store.h"

namespace jjm {

StatusOr<Json> PartnerService::AssignReviewers(const Caller& c,
                                               int64_t round_id,
                                               const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::NeedAdmin(c, "assign reviewers"));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"reviewers"}));
  JJM_ASSIGN_OR_RETURN(auto names, TextsField(body, "", "reviewers", 50, 64));
  if (names.empty()) {
    return InvalidArgument("reviewers: name at least one reviewer",
                           "reviewers");
  }
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Round round, LoadRound(S, round_id));
  // Reviewers are accounts with a national role.
  std::vector<std::pair<int64_t, std::string>> reviewers;
  AccountsStore accounts(S.db());
  for (size_t i = 0; i < names.size(); ++i) {
    int64_t id = 0;
    JJM_ASSIGN_OR_RETURN(auto account, accounts.FindActiveAccount(names[i]));
    if (account) {
      for (const std::string& name : account->roles) {
        const std::optional<Role> role = ParseRole(name);
        if (role && MayReviewApplications(*role)) id = account->account_id;
      }
    }
    if (id == 0) {
      const std::string field = ItemPath("", "reviewers", i);
      return InvalidArgument(field + ": '" + names[i] +
                                 "' is not an active user with a national role",
                             field);
    }
    reviewers.emplace_back(id, names[i]);
  }
  JJM_ASSIGN_OR_RETURN(auto states, LoadStates(S, round_id));
  // Each eligible application gets reviewers until it has enough without a
  // conflict, in turn, never the same reviewer twice.
  std::vector<std::pair<int64_t, int64_t>> plan;  // application, account
  size_t next = 0;
  int64_t short_of = 0;
  for (const AppState& st : states) {
    if (!IsEligible(round.rules, st)) continue;
    if (st.moderation || st.decision) continue;
    int have = 0;
    std::set<int64_t> taken;
    for (const ReviewState& r : st.reviews) {
      taken.insert(r.account_id);
      if (r.conflict != true) ++have;
    }
    for (size_t tries = 0; have < round.rules.reviewers_per_application &&
                           tries < reviewers.size();
         ++tries) {
      const auto& [acc, name] = reviewers[next++ % reviewers.size()];
      if (taken.count(acc) != 0) continue;
      taken.insert(acc);
      plan.emplace_back(st.app.id, acc);
      ++have;
    }
    if (have < round.rules.reviewers_per_application) ++short_of;
  }
  const std::string now = NowUtc();
  AuditRow audit;
  audit.action = "reviewers.assign";
  audit.entity = "partner_round";
  audit.entity_id = std::to_string(round_id);
  audit.after = Json{{"reviewers", names}, {"assignments", plan.size()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    for (const auto& [app, acc] : plan) {
      JJM_RETURN_IF_ERROR(S.AddReview(app, acc, now, c.principal->username));
    }
    return Status::Ok();
  }));
  return Json{{"assigned", plan.size()},
              {"applications_short_of_reviewers", short_of}};
}

namespace {

// The texts of a review: the note on a conflict and the comment on scores.
struct ReviewTexts {
  std::string note, comment;
};

// Checks a review's fields (and that a conflict is true or false); gives its
// texts.
StatusOr<ReviewTexts> ReadReviewTexts(const Json& body) {
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "", {"conflict", "conflict_note", "scores", "comment"}));
  if (body.contains("conflict") && !body["conflict"].is_boolean()) {
    return InvalidArgument("conflict must be true or false", "conflict");
  }
  ReviewTexts t;
  JJM_ASSIGN_OR_RETURN(t.note,
                       TextField(body, "", "conflict_note", false, 0, 1000));
  JJM_ASSIGN_OR_RETURN(t.comment,
                       TextField(body, "", "comment", false, 0, 4000));
  return t;
}

}  // namespace

StatusOr<Json> PartnerService::Review(const Caller& c, int64_t application_id,
                                      const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  JJM_ASSIGN_OR_RETURN(const ReviewTexts texts, ReadReviewTexts(body));
  const std::string& note = texts.note;
  const std::string& comment = texts.comment;
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(OneApp one, LoadOneApp(S, application_id));
  const App& app = one.app;
  const AppState& st = one.state;
  const ReviewState* mine = MyReview(st, c.principal);
  if (mine == nullptr) {
    return Status(StatusCode::kPermissionDenied,
                  "you are not a reviewer of " + app.reference);
  }
  if (st.moderation || st.decision) {
    return FailedPrecondition(app.reference +
                              " has been moderated; reviews are closed");
  }
  std::optional<bool> conflict = mine->conflict;
  if (body.contains("conflict")) {
    const bool declared = body["conflict"].get<bool>();
    if (mine->conflict && *mine->conflict != declared) {
      return Conflict(
          "you declared " + std::string(*mine->conflict ? "a" : "no") +
              " conflict of interest on " + mine->assigned_at.substr(0, 10) +
              "; a declaration is not changed",
          "conflict");
    }
    if (declared && note.empty() && !mine->conflict) {
      return InvalidArgument("conflict_note: say what the conflict is",
                             "conflict_note");
    }
    conflict = declared;
  }
  std::optional<Scores> scores;
  if (body.contains("scores")) {
    if (!conflict) {
      return FailedPrecondition(
          "declare first whether you have a conflict of interest with " +
              app.reference,
          "conflict");
    }
    if (*conflict) {
      return Status(StatusCode::kPermissionDenied,
                    "you declared a conflict of interest with " +
                        app.reference + "; you may not score it",
                    "scores");
    }
    JJM_ASSIGN_OR_RETURN(
        scores, ScoresFromJson(body["scores"], "scores", one.round.rules));
  }
  if (!body.contains("conflict") && !scores) {
    return InvalidArgument("send a conflict declaration, scores, or both",
                           "body");
  }
  const std::string now = NowUtc();
  AuditRow audit;
  audit.action = scores ? "review.score" : "review.declare";
  audit.entity = "application";
  audit.entity_id = app.reference;
  audit.before = ReviewJson(*mine).dump();
  ReviewState after = *mine;
  after.conflict = conflict;
  if (body.contains("conflict") && !mine->conflict) after.conflict_note = note;
  if (scores) {
    after.scores = scores;
    after.comment = comment;
    after.scored_at = now;
  }
  audit.after = ReviewJson(after).dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    if (body.contains("conflict") && !mine->conflict) {
      JJM_RETURN_IF_ERROR(S.DeclareConflict(mine->id, *conflict, note, now));
    }
    if (scores) {
      JJM_RETURN_IF_ERROR(
          S.ScoreReview(mine->id, ScoresToJson(*scores).dump(), comment, now));
    }
    return Status::Ok();
  }));
  return ReviewJson(after);
}

StatusOr<Json> PartnerService::Moderate(const Caller& c, int64_t application_id,
                                        const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::NeedAdmin(c, "moderate scores"));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"scores", "note"}));
  JJM_ASSIGN_OR_RETURN(std::string note,
                       TextField(body, "", "note", false, 0, 4000));
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(OneApp one, LoadOneApp(S, application_id));
  const App& app = one.app;
  const RoundRules& rules = one.round.rules;
  const AppState& st = one.state;
  if (st.decision) {
    return FailedPrecondition("the shortlist of this round is decided");
  }
  if (!CheckEligibility(rules, FactsOf(app.body)).eligible) {
    return FailedPrecondition(app.reference +
                              " is not eligible; there is nothing to moderate");
  }
  int pending = 0;
  for (const ReviewState& r : st.reviews) {
    if (r.conflict != true && !r.scores) ++pending;
  }
  const std::vector<Scores> counted = CountedScores(st);
  if (counted.empty()) {
    return FailedPrecondition(app.reference +
                              " has no scores from a reviewer without a "
                              "conflict yet");
  }
  if (pending > 0) {
    return FailedPrecondition(app.reference + " waits for " +
                              std::to_string(pending) +
                              " reviewer(s) to score");
  }
  if (static_cast<int>(counted.size()) < rules.reviewers_per_application) {
    return FailedPrecondition(
        app.reference + " has scores from " + std::to_string(counted.size()) +
        " reviewer(s) without a conflict; the round's rules ask for " +
        std::to_string(rules.reviewers_per_application) +
        " (assign more reviewers)");
  }
  const Scores mean = MeanScores(counted);
  Scores final_scores = mean;
  if (body.contains("scores") && !body["scores"].is_null()) {
    JJM_ASSIGN_OR_RETURN(final_scores,
                         ScoresFromJson(body["scores"], "scores", rules));
  }
  const auto disagree = Disagreements(rules, counted);
  if (note.empty() && (final_scores != mean || !disagree.empty())) {
    return InvalidArgument(
        disagree.empty()
            ? "note: say why the final scores differ from the reviewers' mean"
            : "note: the reviewers differ by more than " +
                  std::to_string(static_cast<int>(rules.moderation_spread)) +
                  " points on " + disagree.front() + "; record the moderation",
        "note");
  }
  const std::string now = NowUtc();
  AuditRow audit;
  audit.action = "application.moderate";
  audit.entity = "application";
  audit.entity_id = app.reference;
  if (st.moderation) {
    audit.before = Json{{"scores", ScoresToJson(st.moderation->scores)},
                        {"note", st.moderation->note}}
                       .dump();
  }
  audit.after = Json{
      {"scores", ScoresToJson(final_scores)},
      {"score", WeightedScore(rules, final_scores)},
      {"note",
       note}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    ModerationRow m;
    m.application_id = application_id;
    m.scores = ScoresToJson(final_scores).dump();
    m.note = note;
    m.at = now;
    m.actor = c.principal->username;
    return S.AddModeration(m);
  }));
  return Json{{"reference", app.reference},
              {"scores", ScoresToJson(final_scores)},
              {"score", WeightedScore(rules, final_scores)},
              {"note", note}};
}

StatusOr<Json> PartnerService::Shortlist(const Caller& c, int64_t round_id) {
  JJM_RETURN_IF_ERROR(Impl::NeedAdmin(c, "decide the shortlist"));
  Impl& I = *impl_;
  MutexLock write_lock(&I.write_mutex());
  PartnersStore& S = I.writer();
  JJM_ASSIGN_OR_RETURN(Round round, LoadRound(S, round_id));
  if (c.today <= round.closes) {
    return FailedPrecondition(
        "the round '" + round.name + "' takes applications until " +
        round.closes.ToString() + "; decide after it closes");
  }
  JJM_ASSIGN_OR_RETURN(auto states, LoadStates(S, round_id));
  std::vector<std::string> waiting;
  for (const AppState& st : states) {
    if (st.decision) {
      return Conflict("the shortlist of '" + round.name + "' was decided on " +
                      st.decision->at.substr(0, 10));
    }
    if (IsEligible(round.rules, st) && !st.moderation) {
      waiting.push_back(st.app.reference);
    }
  }
  if (!waiting.empty()) {
    std::string list;
    for (size_t i = 0; i < waiting.size() && i < 5; ++i) {
      list += (i > 0 ? ", " : "") + waiting[i];
    }
    return FailedPrecondition(
        std::to_string(waiting.size()) +
        " eligible application(s) are not moderated yet: " + list +
        (waiting.size() > 5 ? ", ..." : ""));
  }
  const std::string now = NowUtc();
  int64_t eligible = 0, shortlisted = 0, partners = 0;
  std::vector<Decision> decisions;
  for (const AppState& st : states) {
    const Scores* final_scores =
        st.moderation ? &st.moderation->scores : nullptr;
    decisions.push_back(
        Decide(round.rules, FactsOf(st.app.body), final_scores));
    eligible += decisions.back().eligible;
    shortlisted += decisions.back().shortlisted;
  }
  AuditRow audit;
  audit.action = "round.shortlist";
  audit.entity = "partner_round";
  audit.entity_id = std::to_string(round_id);
  audit.after = Json{
      {"applied", states.size()},
      {"eligible", eligible},
      {"shortlisted",
       shortlisted}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    for (size_t i = 0; i < states.size(); ++i) {
      const AppState& st = states[i];
      const Decision& d = decisions[i];
      DecisionRow row;
      row.application_id = st.app.id;
      row.eligible = d.eligible;
      row.screened = d.screened;
      row.score = d.score;
      row.shortlisted = d.shortlisted;
      row.reason = d.reason;
      row.at = now;
      row.actor = c.principal->username;
      JJM_RETURN_IF_ERROR(S.AddDecision(row));
      if (!d.shortlisted) continue;
      const Json& b = st.app.body;
      Json profile{{"about", ""},
                   {"website", b.value("website", "")},
                   {"address", b.value("address", "")},
                   {"focal_persons", Json::array({b["contact"]})}};
      PartnerRow partner;
      partner.application_id = st.app.id;
      partner.name = st.app.org_name;
      partner.org_type = st.app.org_type;
      partner.profile = profile.dump();
      partner.created_at = now;
      partner.created_by = c.principal->username;
      JJM_ASSIGN_OR_RETURN(int64_t pid, S.AddPartner(partner));
      ++partners;
      std::set<std::string> codes(st.states.begin(), st.states.end());
      for (const auto& d2 : b["districts"]) codes.insert(d2.get<std::string>());
      for (const std::string& code : codes) {
        JJM_ASSIGN_OR_RETURN(auto place, I.Place(code, "states"));
        JJM_RETURN_IF_ERROR(
            S.AddPartnerUnit(pid, static_cast<int64_t>(place.id)));
      }
    }
    return Status::Ok();
  }));
  return Json{{"applied", states.size()},
              {"eligible", eligible},
              {"screened", eligible},
              {"shortlisted", shortlisted},
              {"partners_created", partners}};
}

StatusOr<Json> PartnerService::Funnel(const Caller& c, int64_t round_id,
                                      const std::string& by) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  if (by != "org_type" && by != "state") {
    return InvalidArgument("by must be org_type or state", "by");
  }
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  JJM_ASSIGN_OR_RETURN(Round round, LoadRound(S, round_id));
  JJM_ASSIGN_OR_RETURN(auto states, LoadStates(S, round_id));
  struct Row {
    int64_t applied = 0, eligible = 0, screened = 0, shortlisted = 0;
  };
  std::map<std::string, Row> rows;
  Row total;
  for (const AppState& st : states) {
    const bool elig = IsEligible(round.rules, st);
    const bool screened = elig && st.moderation.has_value();
    const bool sl = st.decision && st.decision->shortlisted;
    std::vector<std::string> keys;
    if (by == "org_type") {
      keys.push_back(st.app.org_type);
    } else {
      keys = st.states;
    }
    for (const std::string& k : keys) {
      Row& r = rows[k];
      ++r.applied;
      r.eligible += elig;
      r.screened += screened;
      r.shortlisted += sl;
    }
    ++total.applied;
    total.eligible += elig;
    total.screened += screened;
    total.shortlisted += sl;
  }
  auto row_json = [](const Row& r) {
    return Json{{"applied", r.applied},
                {"eligible", r.eligible},
                {"screened", r.screened},
                {"shortlisted", r.shortlisted}};
  };
  Json out{{"round", RoundJson(round, c.today, states.size())},
           {"by", by},
           {"rows", Json::array()},
           {"total", row_json(total)}};
  for (const auto& [k, r] : rows) {
    Json j = row_json(r);
    j["key"] = k;
    if (by == "state") {
      JJM_ASSIGN_OR_RETURN(auto place, I.Place(k, "state"));
      j["name"] = place.name;
    } else {
      j["name"] = k;
    }
    out["rows"].push_back(j);
  }
  if (by == "state") {
    out["note"] =
        "an application counts in every state it names, so the rows add up "
        "to more than the total";
  }
  return out;
}

}  // namespace jjm
