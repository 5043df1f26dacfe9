#include <unordered_map>

#include "partners/partner_internal.h"
#include "store/accounts_store.h"

namespace jjm {

StatusOr<std::vector<AppState>> LoadStates(PartnersStore& S, int64_t round_id,
                                           int64_t only_app) {
  const ApplicationScope scope{round_id, only_app};
  std::vector<AppState> out;
  std::unordered_map<int64_t, size_t> at;
  JJM_RETURN_IF_ERROR(S.ForEachApplication(scope, [&](ApplicationRow& row) {
    AppState st;
    st.app = AppOf(row);
    for (const auto& c : st.app.body["states"]) {
      st.states.push_back(c.get<std::string>());
    }
    at[st.app.id] = out.size();
    out.push_back(std::move(st));
  }));
  // Reviewers' names from the accounts, once each.
  AccountsStore accounts(S.db());
  std::unordered_map<int64_t, std::string> usernames;
  std::vector<ReviewRow> reviews;
  JJM_RETURN_IF_ERROR(S.ForEachReview(
      scope, [&](ReviewRow& r) { reviews.push_back(std::move(r)); }));
  for (ReviewRow& row : reviews) {
    auto it = at.find(row.application_id);
    if (it == at.end()) continue;
    auto name = usernames.find(row.account_id);
    if (name == usernames.end()) {
      JJM_ASSIGN_OR_RETURN(AccountRow account,
                           accounts.GetAccount(row.account_id));
      name = usernames.emplace(row.account_id, account.username).first;
    }
    ReviewState r;
    r.id = row.id;
    r.account_id = row.account_id;
    r.username = name->second;
    r.assigned_at = std::move(row.assigned_at);
    r.conflict = row.conflict;
    r.conflict_note = std::move(row.conflict_note);
    if (row.scores) r.scores = ParseScores(*row.scores);
    r.comment = std::move(row.comment);
    r.scored_at = std::move(row.scored_at);
    out[it->second].reviews.push_back(std::move(r));
  }
  JJM_RETURN_IF_ERROR(S.ForEachModeration(scope, [&](ModerationRow& m) {
    auto it = at.find(m.application_id);
    if (it == at.end()) return;
    out[it->second].moderation =
        ModerationState{ParseScores(m.scores), std::move(m.note),
                        std::move(m.at), std::move(m.actor)};
  }));
  JJM_RETURN_IF_ERROR(S.ForEachDecision(scope, [&](DecisionRow& row) {
    auto it = at.find(row.application_id);
    if (it == at.end()) return;
    DecisionState d;
    d.eligible = row.eligible;
    d.screened = row.screened;
    d.score = row.score;
    d.shortlisted = row.shortlisted;
    d.reason = std::move(row.reason);
    d.at = std::move(row.at);
    d.actor = std::move(row.actor);
    out[it->second].decision = std::move(d);
  }));
  JJM_RETURN_IF_ERROR(
      S.ForEachPartnerOf(scope, [&](int64_t application_id, int64_t partner) {
        auto it = at.find(application_id);
        if (it != at.end()) out[it->second].partner_id = partner;
      }));
  return out;
}

StatusOr<OneApp> LoadOneApp(PartnersStore& S, int64_t application_id) {
  OneApp one;
  JJM_ASSIGN_OR_RETURN(one.app, LoadApp(S, application_id));
  JJM_ASSIGN_OR_RETURN(one.round, LoadRound(S, one.app.round_id));
  JJM_ASSIGN_OR_RETURN(auto states,
                       LoadStates(S, one.app.round_id, application_id));
  one.state = std::move(states.at(0));
  return one;
}

bool IsEligible(const RoundRules& rules, const AppState& st) {
  return CheckEligibility(rules, FactsOf(st.app.body)).eligible;
}

const ReviewState* MyReview(const AppState& st, const Principal* p) {
  if (p == nullptr) return nullptr;
  for (const ReviewState& r : st.reviews) {
    if (r.account_id == p->account_id) return &r;
  }
  return nullptr;
}

// Reviews that count: assigned, no conflict declared.
std::vector<Scores> CountedScores(const AppState& st) {
  std::vector<Scores> out;
  for (const ReviewState& r : st.reviews) {
    if (r.conflict == false && r.scores) out.push_back(*r.scores);
  }
  return out;
}

Json ReviewJson(const ReviewState& r) {
  Json j{
      {"id", r.id},
      {"reviewer", r.username},
      {"assigned_at", r.assigned_at},
      {"conflict", r.conflict ? Json(*r.conflict) : Json(nullptr)},
      {"conflict_note", r.conflict_note},
      {"scores", r.scores ? ScoresToJson(*r.scores) : Json(nullptr)},
      {"comment", r.comment},
      {"scored_at", r.scored_at.empty() ? Json(nullptr) : Json(r.scored_at)}};
  return j;
}

namespace {

Json StateJson(const AppState& st, const RoundRules& rules, const Principal* p,
               bool full) {
  const ApplicationFacts facts = FactsOf(st.app.body);
  const Eligibility e = CheckEligibility(rules, facts);
  Json j{{"id", st.app.id},
         {"reference", st.app.reference},
         {"org_name", st.app.org_name},
         {"org_type", st.app.org_type},
         {"states", st.states},
         {"submitted_at", st.app.submitted_at},
         {"eligible", e.eligible},
         {"eligibility_failures", e.failures}};
  Json measures = Json::object();
  for (const auto& [k, v] : facts.measures) measures[k] = v;
  j["measures"] = measures;
  int assigned = 0, conflicts = 0, scored = 0;
  for (const ReviewState& r : st.reviews) {
    ++assigned;
    if (r.conflict == true) ++conflicts;
    if (r.scores) ++scored;
  }
  j["review_counts"] = {
      {"assigned", assigned}, {"conflicts", conflicts}, {"scored", scored}};
  const std::vector<Scores> counted = CountedScores(st);
  j["mean_scores"] =
      counted.empty() ? Json(nullptr) : ScoresToJson(MeanScores(counted));
  j["mean_score"] = counted.empty()
                        ? Json(nullptr)
                        : Json(WeightedScore(rules, MeanScores(counted)));
  j["disagreements"] = Disagreements(rules, counted);
  if (st.moderation) {
    j["moderation"] = {{"scores", ScoresToJson(st.moderation->scores)},
                       {"score", WeightedScore(rules, st.moderation->scores)},
                       {"note", st.moderation->note},
                       {"at", st.moderation->at},
                       {"by", st.moderation->actor}};
  } else {
    j["moderation"] = nullptr;
  }
  if (st.decision) {
    j["decision"] = {{"shortlisted", st.decision->shortlisted},
                     {"eligible", st.decision->eligible},
                     {"screened", st.decision->screened},
                     {"score", st.decision->score ? Json(*st.decision->score)
                                                  : Json(nullptr)},
                     {"reason", st.decision->reason},
                     {"at", st.decision->at},
                     {"by", st.decision->actor}};
  } else {
    j["decision"] = nullptr;
  }
  j["partner_id"] = st.partner_id ? Json(*st.partner_id) : Json(nullptr);
  const ReviewState* mine = MyReview(st, p);
  j["my_review"] = mine != nullptr ? ReviewJson(*mine) : Json(nullptr);
  if (full) {
    j["application"] = st.app.body;
    if (p != nullptr && MayAdministerPartners(*p)) {
      j["reviews"] = Json::array();
      for (const ReviewState& r : st.reviews)
        j["reviews"].push_back(ReviewJson(r));
    }
  }
  return j;
}

}  // namespace

StatusOr<Json> PartnerService::ListApplications(const Caller& c,
                                                int64_t round_id) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  JJM_ASSIGN_OR_RETURN(Round round, LoadRound(S, round_id));
  JJM_ASSIGN_OR_RETURN(auto states, LoadStates(S, round_id));
  Json out{{"round", RoundJson(round, c.today, states.size())},
           {"applications", Json::array()}};
  for (const AppState& st : states) {
    out["applications"].push_back(
        StateJson(st, round.rules, c.principal, false));
  }
  return out;
}

StatusOr<Json> PartnerService::GetApplication(const Caller& c, int64_t id) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
  PartnersStore& S = reading.store();
  JJM_ASSIGN_OR_RETURN(OneApp one, LoadOneApp(S, id));
  const App& app = one.app;
  const Round& round = one.round;
  Json j = StateJson(one.state, round.rules, c.principal, true);
  JJM_ASSIGN_OR_RETURN(int64_t applications, S.CountApplications(app.round_id));
  j["round"] = RoundJson(round, c.today, applications);
  j["documents"] = Json::array();
  JJM_RETURN_IF_ERROR(S.ForEachDocumentOf(
      "application:" + std::to_string(id), [&](const DocumentRow& d) {
        j["documents"].push_back({{"id", d.id},
                                  {"name", d.name},
                                  {"content_type", d.content_type},
                                  {"size", d.size},
                                  {"sha256", d.sha256}});
      }));
  return j;
}

}  // namespace jjm
