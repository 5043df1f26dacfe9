#include "partners/partner_service.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <variant>

#include "accounts/crypto.h"
#include "base/strings.h"
#include "coverage/periods.h"

namespace jjm {
namespace {

// ---------------------------------------------------------------------------
// Reading request documents: every error names its field.

std::string At(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : prefix + "." + field;
}

Status CheckFields(const Json& j, const std::string& prefix,
                   std::initializer_list<const char*> allowed) {
  if (!j.is_object()) {
    return InvalidArgument((prefix.empty() ? std::string("the body") : prefix) +
                               " must be a JSON object",
                           prefix.empty() ? "body" : prefix);
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* a : allowed) known = known || it.key() == a;
    if (!known) {
      return InvalidArgument("unknown field '" + it.key() + "'",
                             At(prefix, it.key()));
    }
  }
  return Status::Ok();
}

StatusOr<std::string> Text(const Json& j, const std::string& prefix,
                           const char* key, bool required, size_t min_len,
                           size_t max_len) {
  const std::string field = At(prefix, key);
  if (!j.contains(key) || j[key].is_null()) {
    if (required) return InvalidArgument(field + " is required", field);
    return std::string();
  }
  if (!j[key].is_string()) {
    return InvalidArgument(field + " must be text", field);
  }
  std::string s = j[key].get<std::string>();
  // Trim spaces at both ends.
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.pop_back();
  }
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  s.erase(0, b);
  if (s.empty() && required) {
    return InvalidArgument(field + " is required", field);
  }
  if (!s.empty() && s.size() < min_len) {
    return InvalidArgument(
        field + " needs at least " + std::to_string(min_len) + " characters",
        field);
  }
  if (s.size() > max_len) {
    return InvalidArgument(
        field + " has more than " + std::to_string(max_len) + " characters",
        field);
  }
  return s;
}

StatusOr<int64_t> Int(const Json& j, const std::string& prefix, const char* key,
                      bool required, int64_t min, int64_t max,
                      int64_t otherwise = 0) {
  const std::string field = At(prefix, key);
  if (!j.contains(key) || j[key].is_null()) {
    if (required) return InvalidArgument(field + " is required", field);
    return otherwise;
  }
  if (!j[key].is_number_integer()) {
    return InvalidArgument(field + " must be a whole number", field);
  }
  const int64_t v = j[key].get<int64_t>();
  if (v < min || v > max) {
    return InvalidArgument(field + " must be " + std::to_string(min) + " to " +
                               std::to_string(max),
                           field);
  }
  return v;
}

StatusOr<Date> DateField(const Json& j, const std::string& prefix,
                         const char* key, bool required,
                         Date otherwise = Date()) {
  JJM_ASSIGN_OR_RETURN(std::string s, Text(j, prefix, key, required, 0, 10));
  if (s.empty()) return otherwise;
  return Date::ParseField(s, At(prefix, key));
}

// A required date that is not after `today`: when something was done.
StatusOr<Date> PastDate(const Json& j, const char* key, Date today) {
  JJM_ASSIGN_OR_RETURN(Date d, DateField(j, "", key, true));
  if (today < d) {
    return InvalidArgument(
        std::string(key) + " " + d.ToString() + " is in the future", key);
  }
  return d;
}

StatusOr<const Json*> Array(const Json& j, const std::string& prefix,
                            const char* key, bool required, size_t min,
                            size_t max) {
  static const Json kEmpty = Json::array();
  const std::string field = At(prefix, key);
  if (!j.contains(key) || j[key].is_null()) {
    if (required || min > 0) {
      return InvalidArgument(field + " is required", field);
    }
    return &kEmpty;
  }
  if (!j[key].is_array()) {
    return InvalidArgument(field + " must be a list", field);
  }
  const size_t n = j[key].size();
  if (n < min || n > max) {
    return InvalidArgument(field + " must have " + std::to_string(min) +
                               " to " + std::to_string(max) + " entries",
                           field);
  }
  return &j[key];
}

std::string Item(const std::string& prefix, const char* key, size_t i) {
  return At(prefix, key) + "[" + std::to_string(i) + "]";
}

// A list of distinct texts from a fixed set.
StatusOr<std::vector<std::string>> Choices(
    const Json& j, const std::string& prefix, const char* key, size_t min,
    size_t max, const std::function<bool(std::string_view)>& allowed,
    const char* what) {
  JJM_ASSIGN_OR_RETURN(const Json* a, Array(j, prefix, key, min > 0, min, max));
  std::vector<std::string> out;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string field = Item(prefix, key, i);
    if (!(*a)[i].is_string() || !allowed((*a)[i].get<std::string>())) {
      return InvalidArgument(field + " is not a known " + what, field);
    }
    const std::string v = (*a)[i].get<std::string>();
    if (std::find(out.begin(), out.end(), v) != out.end()) {
      return InvalidArgument(field + " repeats '" + v + "'", field);
    }
    out.push_back(v);
  }
  return out;
}

StatusOr<std::vector<std::string>> Texts(const Json& j,
                                         const std::string& prefix,
                                         const char* key, size_t max,
                                         size_t max_len) {
  JJM_ASSIGN_OR_RETURN(const Json* a, Array(j, prefix, key, false, 0, max));
  std::vector<std::string> out;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string field = Item(prefix, key, i);
    if (!(*a)[i].is_string() || (*a)[i].get<std::string>().empty() ||
        (*a)[i].get<std::string>().size() > max_len) {
      return InvalidArgument(field + " must be text of 1 to " +
                                 std::to_string(max_len) + " characters",
                             field);
    }
    out.push_back((*a)[i].get<std::string>());
  }
  return out;
}

bool LooksLikeEmail(const std::string& s) {
  const size_t at = s.find('@');
  return at != std::string::npos && at > 0 &&
         s.find('.', at) != std::string::npos &&
         s.find(' ') == std::string::npos && s.back() != '.';
}

bool LooksLikePhone(const std::string& s) {
  int digits = 0;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (c != '+' && c != '-' && c != ' ') {
      return false;
    }
  }
  return digits >= 8 && digits <= 15;
}

// Activity themes of a plan: the mission's list of what partners do.
constexpr std::string_view kActivityThemes[] = {
    "programme_management",   "iec",
    "community_mobilisation", "capacity_building",
    "replicable_models",      "best_practices",
    "social_audit",           "workshops_conferences"};
// What targets and achievements count.
constexpr std::string_view kMeasureUnits[] = {
    "trainings", "participants", "villages",        "iec_events", "documents",
    "audits",    "workshops",    "master_trainers", "vwscs",      "reports"};
constexpr std::string_view kPlanLevels[] = {"national", "state", "district"};
constexpr std::string_view kKnowledgeKinds[] = {
    "best_practice", "replicable_model", "workshop", "conference"};
constexpr std::string_view kActionStatuses[] = {"open", "in_progress", "done",
                                                "dropped"};

template <size_t N>
bool OneOf(const std::string_view (&set)[N], std::string_view v) {
  return std::find(std::begin(set), std::end(set), v) != std::end(set);
}

std::string NormaliseRegistration(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "2024-25" for the financial year starting in 2024.
std::string FyName(int start) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d-%02d", start, (start + 1) % 100);
  return buf;
}

StatusOr<int> ParseFy(const std::string& fy, const std::string& field) {
  int y = 0;
  if (fy.size() == 7 && fy[4] == '-') {
    if (auto v = ParseInt(std::string_view(fy).substr(0, 4))) {
      y = static_cast<int>(*v);
    }
  }
  if (y < 2019 || y > 2100 || FyName(y) != fy) {
    return InvalidArgument(
        field + " must be a financial year like 2024-25, not '" + fy + "'",
        field);
  }
  return y;
}

// The last day of quarter q (1..4) of the financial year starting in y.
Date QuarterEnd(int y, int q) {
  switch (q) {
    case 1:
      return Date::FromCivil(y, 6, 30);
    case 2:
      return Date::FromCivil(y, 9, 30);
    case 3:
      return Date::FromCivil(y, 12, 31);
    default:
      return Date::FromCivil(y + 1, 3, 31);
  }
}

// ---------------------------------------------------------------------------
// Uploaded files: type by the first bytes, size, count.

struct NewDocument {
  std::string name, content_type, bytes, sha256;
};

StatusOr<std::vector<NewDocument>> ReadDocuments(const Json& j,
                                                 const std::string& prefix,
                                                 const char* key,
                                                 const PartnerOptions& opt) {
  JJM_ASSIGN_OR_RETURN(
      const Json* a,
      Array(j, prefix, key, false, 0, static_cast<size_t>(opt.max_documents)));
  std::vector<NewDocument> out;
  size_t total = 0;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string p = Item(prefix, key, i);
    const Json& d = (*a)[i];
    JJM_RETURN_IF_ERROR(
        CheckFields(d, p, {"name", "content_type", "data_base64"}));
    NewDocument doc;
    JJM_ASSIGN_OR_RETURN(doc.name, Text(d, p, "name", true, 1, 200));
    JJM_ASSIGN_OR_RETURN(doc.content_type,
                         Text(d, p, "content_type", true, 1, 100));
    JJM_ASSIGN_OR_RETURN(std::string b64,
                         Text(d, p, "data_base64", true, 1, 16 << 20));
    auto bytes = DecodeBase64(b64);
    if (!bytes.ok()) {
      return InvalidArgument(p + ".data_base64 is not base64",
                             p + ".data_base64");
    }
    doc.bytes = std::move(*bytes);
    if (doc.bytes.empty()) {
      return InvalidArgument(p + " is an empty file", p + ".data_base64");
    }
    if (doc.bytes.size() > opt.max_document_bytes) {
      return Status(StatusCode::kPayloadTooLarge,
                    p + " (" + doc.name + ") is " +
                        std::to_string(doc.bytes.size()) +
                        " bytes; files may have up to " +
                        std::to_string(opt.max_document_bytes),
                    p + ".data_base64");
    }
    const std::string& b = doc.bytes;
    const bool pdf = b.rfind("%PDF-", 0) == 0;
    const bool png = b.rfind("\x89PNG\r\n\x1a\n", 0) == 0;
    const bool jpeg = b.rfind("\xFF\xD8\xFF", 0) == 0;
    const std::string& t = doc.content_type;
    if (t != "application/pdf" && t != "image/png" && t != "image/jpeg") {
      return InvalidArgument(p + ".content_type must be application/pdf, "
                                 "image/png or image/jpeg",
                             p + ".content_type");
    }
    if ((t == "application/pdf" && !pdf) || (t == "image/png" && !png) ||
        (t == "image/jpeg" && !jpeg)) {
      return InvalidArgument(p + " (" + doc.name + ") is not a " + t +
                                 " file: its content does not match",
                             p + ".data_base64");
    }
    doc.sha256 = Sha256Hex(doc.bytes);
    total += doc.bytes.size();
    if (total > opt.max_total_bytes) {
      return Status(StatusCode::kPayloadTooLarge,
                    "the files together have more than " +
                        std::to_string(opt.max_total_bytes) +
                        " bytes; send the rest in another save",
                    p + ".data_base64");
    }
    out.push_back(std::move(doc));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Round rules as JSON.

Json RulesToJson(const RoundRules& r) {
  Json j;
  j["checks"] = Json::array();
  for (const Check& c : r.checks) {
    j["checks"].push_back(
        {{"measure", c.measure}, {"min", c.min}, {"label", c.label}});
  }
  j["criteria"] = Json::array();
  for (const Criterion& c : r.criteria) {
    j["criteria"].push_back({{"code", c.code},
                             {"label", c.label},
                             {"weight", c.weight},
                             {"pass", c.pass}});
  }
  j["pass_mark"] = r.pass_mark;
  j["reviewers_per_application"] = r.reviewers_per_application;
  j["moderation_spread"] = r.moderation_spread;
  return j;
}

StatusOr<double> Num(const Json& j, const std::string& prefix, const char* key,
                     bool required, double otherwise) {
  const std::string field = At(prefix, key);
  if (!j.contains(key) || j[key].is_null()) {
    if (required) return InvalidArgument(field + " is required", field);
    return otherwise;
  }
  if (!j[key].is_number()) {
    return InvalidArgument(field + " must be a number", field);
  }
  return j[key].get<double>();
}

StatusOr<RoundRules> RulesFromJson(const Json& j, const std::string& p) {
  JJM_RETURN_IF_ERROR(
      CheckFields(j, p,
                  {"checks", "criteria", "pass_mark",
                   "reviewers_per_application", "moderation_spread"}));
  RoundRules r;
  JJM_ASSIGN_OR_RETURN(const Json* checks, Array(j, p, "checks", false, 0, 20));
  for (size_t i = 0; i < checks->size(); ++i) {
    const std::string q = Item(p, "checks", i);
    const Json& c = (*checks)[i];
    JJM_RETURN_IF_ERROR(CheckFields(c, q, {"measure", "min", "label"}));
    Check ch;
    JJM_ASSIGN_OR_RETURN(ch.measure, Text(c, q, "measure", true, 1, 40));
    JJM_ASSIGN_OR_RETURN(ch.min, Num(c, q, "min", true, 0));
    JJM_ASSIGN_OR_RETURN(ch.label, Text(c, q, "label", false, 0, 200));
    r.checks.push_back(ch);
  }
  JJM_ASSIGN_OR_RETURN(const Json* crit, Array(j, p, "criteria", true, 1, 20));
  for (size_t i = 0; i < crit->size(); ++i) {
    const std::string q = Item(p, "criteria", i);
    const Json& c = (*crit)[i];
    JJM_RETURN_IF_ERROR(CheckFields(c, q, {"code", "label", "weight", "pass"}));
    Criterion cr;
    JJM_ASSIGN_OR_RETURN(cr.code, Text(c, q, "code", true, 1, 40));
    JJM_ASSIGN_OR_RETURN(cr.label, Text(c, q, "label", true, 1, 200));
    JJM_ASSIGN_OR_RETURN(cr.weight, Num(c, q, "weight", true, 0));
    JJM_ASSIGN_OR_RETURN(cr.pass, Num(c, q, "pass", false, 0));
    r.criteria.push_back(cr);
  }
  JJM_ASSIGN_OR_RETURN(r.pass_mark, Num(j, p, "pass_mark", true, 0));
  JJM_ASSIGN_OR_RETURN(int64_t n,
                       Int(j, p, "reviewers_per_application", false, 1, 5, 2));
  r.reviewers_per_application = static_cast<int>(n);
  JJM_ASSIGN_OR_RETURN(r.moderation_spread,
                       Num(j, p, "moderation_spread", false, 3));
  if (Status v = Validate(r); !v.ok()) {
    return InvalidArgument(v.message(), At(p, v.field()));
  }
  return r;
}

StatusOr<Scores> ScoresFromJson(const Json& j, const std::string& field,
                                const RoundRules& rules) {
  if (!j.is_object()) {
    return InvalidArgument(field + " must be an object of criterion: score",
                           field);
  }
  Scores s;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_number()) {
      return InvalidArgument(field + "." + it.key() + " must be a number",
                             field + "." + it.key());
    }
    s[it.key()] = it.value().get<double>();
  }
  Status st = ValidateScores(rules, s);
  if (!st.ok()) return InvalidArgument(st.message(), field);
  return s;
}

Json ScoresToJson(const Scores& s) {
  Json j = Json::object();
  for (const auto& [k, v] : s) j[k] = v;
  return j;
}

ApplicationFacts FactsOf(const Json& app) {
  ApplicationFacts f;
  auto count = [&](const char* k) -> double {
    return app.contains(k) && app[k].is_array()
               ? static_cast<double>(app[k].size())
               : 0;
  };
  f.measures["years_work"] = app.value("years_of_work", 0);
  f.measures["years_rural"] = app.value("years_rural", 0);
  f.measures["themes"] = count("themes");
  f.measures["states"] = count("states");
  f.measures["past_projects"] = count("past_projects");
  double water = 0, water_projects = 0;
  if (app.contains("themes")) {
    for (const auto& t : app["themes"]) {
      if (IsWaterTheme(t.get<std::string>())) water = 1;
    }
  }
  if (app.contains("past_projects")) {
    for (const auto& p : app["past_projects"]) {
      bool w = false;
      if (p.contains("themes")) {
        for (const auto& t : p["themes"]) {
          w = w || IsWaterTheme(t.get<std::string>());
        }
      }
      if (w) {
        ++water_projects;
        water = 1;
      }
    }
  }
  f.measures["water_work"] = water;
  f.measures["water_projects"] = water_projects;
  return f;
}

// ---------------------------------------------------------------------------
// SQL with bound values.

using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

struct Arg {
  Value v;
  Arg(std::nullptr_t) : v(nullptr) {}             // NOLINT
  Arg(int v) : v(static_cast<int64_t>(v)) {}      // NOLINT
  Arg(int64_t v) : v(v) {}                        // NOLINT
  Arg(double v) : v(v) {}                         // NOLINT
  Arg(std::string v) : v(std::move(v)) {}         // NOLINT
  Arg(const char* v) : v(std::string(v)) {}       // NOLINT
  Arg(std::string_view v) : v(std::string(v)) {}  // NOLINT
};

// Text or NULL when empty.
Arg OptText(const std::string& s) { return s.empty() ? Arg(nullptr) : Arg(s); }

}  // namespace

// ---------------------------------------------------------------------------

class PartnerService::Impl {
 public:
  Impl(std::unique_ptr<Db> own, Db* db, CoverageService* coverage,
       PartnerOptions opt)
      : own_(std::move(own)),
        db_(db),
        coverage_(coverage),
        audit_(db),
        opt_(opt) {}

  // Runs `sql` with `args`, calling fn(stmt) for each row.
  Status Query(const std::string& sql, std::initializer_list<Arg> args,
               const std::function<void(Statement*)>& fn = nullptr) {
    JJM_ASSIGN_OR_RETURN(auto s, db_->Prepare(sql));
    int i = 1;
    for (const Arg& a : args) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              s->BindNull(i);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              s->BindInt(i, v);
            } else if constexpr (std::is_same_v<T, double>) {
              s->BindDouble(i, v);
            } else {
              s->BindText(i, v);
            }
          },
          a.v);
      ++i;
    }
    while (true) {
      JJM_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      if (fn) fn(s.get());
    }
    return Status::Ok();
  }
  StatusOr<int64_t> Insert(const std::string& sql,
                           std::initializer_list<Arg> args) {
    int64_t id = 0;
    bool got = false;
    JJM_RETURN_IF_ERROR(Query(sql + " RETURNING id", args, [&](Statement* s) {
      id = s->ColumnInt(0);
      got = true;
    }));
    if (!got) return Internal("an insert returned no id");
    return id;
  }

  // Runs `write` in a transaction with one audit row.
  Status Write(const Caller& c, AuditRow audit,
               const std::function<Status()>& write) {
    Transaction tx(db_);
    JJM_RETURN_IF_ERROR(tx.Begin());
    JJM_RETURN_IF_ERROR(write());
    audit.actor = c.principal != nullptr ? c.principal->username : "public";
    audit.remote = c.remote;
    if (audit.unit_path.empty()) audit.unit_path = "IN";
    JJM_RETURN_IF_ERROR(audit_.Add(std::move(audit)).status());
    return tx.Commit();
  }

  // Stores uploaded files under `owner` ("progress:<partner id>", ...);
  // appends {id, name, content_type, size} of each to `listed`.
  Status StoreDocuments(const std::vector<NewDocument>& docs,
                        const std::string& owner, const std::string& now,
                        const std::string& by, Json* listed) {
    for (const NewDocument& d : docs) {
      JJM_ASSIGN_OR_RETURN(
          int64_t id,
          Insert("INSERT INTO document (owner, name, content_type, size, "
                 "sha256, data, uploaded_at, uploaded_by) VALUES ($1, $2, $3, "
                 "$4, $5, $6, $7, $8)",
                 {owner, d.name, d.content_type,
                  static_cast<int64_t>(d.bytes.size()), d.sha256,
                  EncodeBase64(d.bytes), now, by}));
      if (listed != nullptr) {
        listed->push_back({{"id", id},
                           {"name", d.name},
                           {"content_type", d.content_type},
                           {"size", d.bytes.size()}});
      }
    }
    return Status::Ok();
  }

  // --- who may do what ----------------------------------------------------

  static bool Has(const Principal* p, Role role) {
    if (p == nullptr) return false;
    return std::any_of(p->grants.begin(), p->grants.end(),
                       [&](const Grant& g) { return g.role == role; });
  }
  static bool IsAdmin(const Principal* p) {
    return Has(p, Role::kNationalAdmin);
  }
  static bool IsNational(const Principal* p) {
    return Has(p, Role::kNationalAdmin) || Has(p, Role::kNationalViewer);
  }
  static bool ActsFor(const Principal* p, int64_t partner_id) {
    if (p == nullptr) return false;
    return std::any_of(p->grants.begin(), p->grants.end(), [&](const Grant& g) {
      return g.role == Role::kPartnerUser && g.partner_id == partner_id;
    });
  }
  static Status SignedIn(const Caller& c) {
    if (c.principal == nullptr) {
      return Status(StatusCode::kUnauthenticated,
                    "sign in first (or your session has ended)");
    }
    return Status::Ok();
  }
  static Status NeedAdmin(const Caller& c, const char* what) {
    JJM_RETURN_IF_ERROR(SignedIn(c));
    if (!IsAdmin(c.principal)) {
      return Status(StatusCode::kPermissionDenied,
                    std::string("only national administrators may ") + what);
    }
    return Status::Ok();
  }
  static Status NeedNational(const Caller& c) {
    JJM_RETURN_IF_ERROR(SignedIn(c));
    if (!IsNational(c.principal)) {
      return Status(StatusCode::kPermissionDenied,
                    "this is for the mission's national roles");
    }
    return Status::Ok();
  }
  // Reads of a partner's records: the mission and the partner's own users.
  static Status MayRead(const Caller& c, int64_t partner_id) {
    JJM_RETURN_IF_ERROR(SignedIn(c));
    if (IsNational(c.principal) || ActsFor(c.principal, partner_id)) {
      return Status::Ok();
    }
    return Status(StatusCode::kPermissionDenied,
                  "you may see only your own organisation's records");
  }
  // Writes of a partner's own records: its users only.
  static Status MayEdit(const Caller& c, int64_t partner_id) {
    JJM_RETURN_IF_ERROR(SignedIn(c));
    if (ActsFor(c.principal, partner_id)) return Status::Ok();
    return Status(StatusCode::kPermissionDenied,
                  "only the partner's own users may change its records");
  }
  bool InScopeOf(const Principal* p, UnitId unit) {
    if (p == nullptr) return false;
    return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      return InScope(*p, unit, h);
    });
  }

  // --- places -------------------------------------------------------------

  struct PlaceRef {
    UnitId id = kNoUnit;
    Level level = Level::kNation;
    std::string code, name;
    UnitId state = kNoUnit;
    UnitId village = kNoUnit;
  };
  StatusOr<PlaceRef> Place(const std::string& code, const std::string& field) {
    return coverage_->Read([&](const Hierarchy& h,
                               const CoverageIndex&) -> StatusOr<PlaceRef> {
      const UnitId id = h.Find(code);
      if (id == kNoUnit) {
        return InvalidArgument(field + ": no place with code '" + code + "'",
                               field);
      }
      PlaceRef r;
      r.id = id;
      r.level = h.Get(id).level;
      r.code = h.Get(id).code;
      r.name = h.Get(id).name;
      r.state = r.level == Level::kState ? id : h.AncestorAt(id, Level::kState);
      r.village =
          r.level == Level::kVillage ? id : h.AncestorAt(id, Level::kVillage);
      return r;
    });
  }
  Json PlaceJson(UnitId id) {
    return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      if (!h.Contains(id)) return Json(nullptr);
      const auto& p = h.Get(id);
      return Json{{"code", p.code},
                  {"name", p.name},
                  {"level", std::string(LevelName(p.level))}};
    });
  }
  // Moves `rows` into `out`, each with the place its `id_key` names as
  // `name_key` ({code, name, level}) in place of the id.
  void NamePlaces(std::vector<Json>* rows, const char* id_key,
                  const char* name_key, Json* out) {
    for (Json& r : *rows) {
      r[name_key] = PlaceJson(static_cast<UnitId>(r[id_key].get<int64_t>()));
      r.erase(id_key);
      out->push_back(std::move(r));
    }
  }
  std::string CodeOf(UnitId id) {
    return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      return h.Contains(id) ? h.Get(id).code : std::string();
    });
  }
  std::string UnitPath(UnitId unit) {
    return coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
      if (!h.Contains(unit) || unit == kIndia) return std::string("IN");
      std::string path;
      for (UnitId a : h.Path(unit)) {
        if (!path.empty()) path += '/';
        path += h.Get(a).code;
      }
      return path + "/" + h.Get(unit).code;
    });
  }

  std::unique_ptr<Db> own_;
  Db* db_;
  CoverageService* coverage_;
  AuditStore audit_;
  PartnerOptions opt_;
  // One request at a time on the connection.
  std::mutex mu_;
};

}  // namespace jjm

namespace jjm {
namespace {

struct RoundRow {
  int64_t id = 0;
  std::string name;
  Date opens, closes;
  RoundRules rules;
};

struct AppRow {
  int64_t id = 0, round_id = 0;
  std::string reference, org_name, org_type, email, submitted_at;
  Json body;
};

}  // namespace

#define JJM_LOCKED_IMPL \
  Impl& I = *impl_;     \
  std::lock_guard impl_lock(I.mu_)

PartnerService::PartnerService(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
PartnerService::~PartnerService() = default;

StatusOr<std::unique_ptr<PartnerService>> PartnerService::Open(
    Db* db, CoverageService* coverage, PartnerOptions options) {
  std::unique_ptr<Db> own;
  if (auto another = db->OpenAnother(); another.ok()) {
    own = std::move(*another);
    db = own.get();
  }
  auto impl =
      std::make_unique<Impl>(std::move(own), db, coverage, std::move(options));
  return std::unique_ptr<PartnerService>(new PartnerService(std::move(impl)));
}

namespace {

StatusOr<RoundRow> LoadRound(PartnerService::Impl& I, int64_t id) {
  RoundRow r;
  std::string rules;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id, name, opens_on, closes_on, rules FROM partner_round WHERE "
      "id = $1",
      {id}, [&](Statement* s) {
        r.id = s->ColumnInt(0);
        r.name = s->ColumnText(1);
        r.opens = Date::Parse(s->ColumnText(2)).value();
        r.closes = Date::Parse(s->ColumnText(3)).value();
        rules = s->ColumnText(4);
      }));
  if (r.id == 0) return NotFound("no round " + std::to_string(id));
  JJM_ASSIGN_OR_RETURN(r.rules, RulesFromJson(Json::parse(rules), "rules"));
  return r;
}

StatusOr<AppRow> LoadApp(PartnerService::Impl& I, int64_t id) {
  AppRow a;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id, round_id, reference, org_name, org_type, email, body, "
      "submitted_at FROM application WHERE id = $1",
      {id}, [&](Statement* s) {
        a.id = s->ColumnInt(0);
        a.round_id = s->ColumnInt(1);
        a.reference = s->ColumnText(2);
        a.org_name = s->ColumnText(3);
        a.org_type = s->ColumnText(4);
        a.email = s->ColumnText(5);
        a.body = Json::parse(s->ColumnText(6));
        a.submitted_at = s->ColumnText(7);
      }));
  if (a.id == 0) return NotFound("no application " + std::to_string(id));
  return a;
}

Json RoundJson(const RoundRow& r, Date today, int64_t applications) {
  return Json{{"id", r.id},
              {"name", r.name},
              {"opens_on", r.opens.ToString()},
              {"closes_on", r.closes.ToString()},
              {"open", today >= r.opens && today <= r.closes},
              {"closed", today > r.closes},
              {"rules", RulesToJson(r.rules)},
              {"applications", applications}};
}

}  // namespace

StatusOr<Json> PartnerService::ListRounds(const Caller& c) {
  JJM_LOCKED_IMPL;
  std::vector<int64_t> ids;
  std::map<int64_t, int64_t> counts;
  JJM_RETURN_IF_ERROR(
      I.Query("SELECT id FROM partner_round ORDER BY id DESC", {},
              [&](Statement* s) { ids.push_back(s->ColumnInt(0)); }));
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT round_id, COUNT(*) FROM application GROUP BY round_id", {},
      [&](Statement* s) { counts[s->ColumnInt(0)] = s->ColumnInt(1); }));
  Json out{{"rounds", Json::array()}};
  for (int64_t id : ids) {
    JJM_ASSIGN_OR_RETURN(RoundRow r, LoadRound(I, id));
    out["rounds"].push_back(RoundJson(r, c.today, counts[id]));
  }
  return out;
}

StatusOr<Json> PartnerService::CreateRound(const Caller& c, const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::NeedAdmin(c, "open rounds"));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"name", "opens_on", "closes_on", "rules"}));
  RoundRow r;
  JJM_ASSIGN_OR_RETURN(r.name, Text(body, "", "name", true, 3, 200));
  JJM_ASSIGN_OR_RETURN(r.opens, DateField(body, "", "opens_on", true));
  JJM_ASSIGN_OR_RETURN(r.closes, DateField(body, "", "closes_on", true));
  if (r.closes < r.opens) {
    return InvalidArgument("closes_on is before opens_on", "closes_on");
  }
  if (body.contains("rules") && !body["rules"].is_null()) {
    JJM_ASSIGN_OR_RETURN(r.rules, RulesFromJson(body["rules"], "rules"));
  } else {
    r.rules = DefaultRules();
  }
  JJM_LOCKED_IMPL;
  bool taken = false;
  JJM_RETURN_IF_ERROR(I.Query("SELECT 1 FROM partner_round WHERE name = $1",
                              {r.name}, [&](Statement*) { taken = true; }));
  if (taken) {
    return Conflict("a round named '" + r.name + "' exists", "name");
  }
  const std::string rules = RulesToJson(r.rules).dump();
  AuditRow audit;
  audit.action = "round.create";
  audit.entity = "partner_round";
  audit.after = Json{{"name", r.name},
                     {"opens_on", r.opens.ToString()},
                     {"closes_on", r.closes.ToString()},
                     {"rules", RulesToJson(r.rules)}}
                    .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(
        r.id, I.Insert("INSERT INTO partner_round (name, opens_on, closes_on, "
                       "rules, created_at, created_by) VALUES ($1, $2, $3, "
                       "$4, $5, $6)",
                       {r.name, r.opens.ToString(), r.closes.ToString(), rules,
                        FormatUtc(std::time(nullptr)), c.principal->username}));
    return Status::Ok();
  }));
  return RoundJson(r, c.today, 0);
}

StatusOr<Json> PartnerService::UpdateRound(const Caller& c, int64_t round_id,
                                           const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::NeedAdmin(c, "change rounds"));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"opens_on", "closes_on", "rules"}));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(RoundRow r, LoadRound(I, round_id));
  RoundRow after = r;
  JJM_ASSIGN_OR_RETURN(after.opens,
                       DateField(body, "", "opens_on", false, r.opens));
  JJM_ASSIGN_OR_RETURN(after.closes,
                       DateField(body, "", "closes_on", false, r.closes));
  // Closing a round on the day it opened leaves it no day at all: its
  // last day is the day before.
  if (after.closes + 1 < after.opens) {
    return InvalidArgument(
        "closes_on is more than a day before opens_on (to close a round "
        "today, its last day is yesterday)",
        "closes_on");
  }
  int64_t applications = 0;
  bool decided = false;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT COUNT(*) FROM application WHERE round_id = $1", {round_id},
      [&](Statement* s) { applications = s->ColumnInt(0); }));
  JJM_RETURN_IF_ERROR(
      I.Query("SELECT 1 FROM screening_decision d JOIN application a ON a.id = "
              "d.application_id WHERE a.round_id = $1 LIMIT 1",
              {round_id}, [&](Statement*) { decided = true; }));
  if (decided) {
    return FailedPrecondition("the shortlist of '" + r.name +
                              "' is decided; the round is final");
  }
  if (body.contains("rules") && !body["rules"].is_null()) {
    if (applications > 0) {
      return FailedPrecondition("the rules of '" + r.name +
                                    "' are fixed once anyone has applied (" +
                                    std::to_string(applications) + " have)",
                                "rules");
    }
    JJM_ASSIGN_OR_RETURN(after.rules, RulesFromJson(body["rules"], "rules"));
  }
  AuditRow audit;
  audit.action = "round.update";
  audit.entity = "partner_round";
  audit.entity_id = std::to_string(round_id);
  audit.before = RoundJson(r, c.today, applications).dump();
  audit.after = RoundJson(after, c.today, applications).dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    return I.Query(
        "UPDATE partner_round SET opens_on = $1, closes_on = $2, rules = $3 "
        "WHERE id = $4",
        {after.opens.ToString(), after.closes.ToString(),
         RulesToJson(after.rules).dump(), round_id});
  }));
  return RoundJson(after, c.today, applications);
}

StatusOr<Json> PartnerService::Apply(const Caller& c, int64_t round_id,
                                     const Json& body) {
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"org_name", "org_type", "registration_numbers", "website", "address",
       "years_of_work", "years_rural", "themes", "states", "districts",
       "past_projects", "contact", "documents"}));
  Json app = Json::object();
  JJM_ASSIGN_OR_RETURN(std::string org_name,
                       Text(body, "", "org_name", true, 3, 200));
  JJM_ASSIGN_OR_RETURN(std::string org_type,
                       Text(body, "", "org_type", true, 1, 40));
  if (!IsOrgType(org_type)) {
    return InvalidArgument(
        "org_type must be one of un_agency, ngo, trust, foundation, csr, "
        "academic, community, other",
        "org_type");
  }
  app["org_name"] = org_name;
  app["org_type"] = org_type;
  JJM_ASSIGN_OR_RETURN(const Json* regs,
                       Array(body, "", "registration_numbers", true, 1, 6));
  std::vector<std::string> reg_keys;
  app["registration_numbers"] = Json::array();
  for (size_t i = 0; i < regs->size(); ++i) {
    const std::string p = Item("", "registration_numbers", i);
    JJM_RETURN_IF_ERROR(CheckFields((*regs)[i], p, {"kind", "number"}));
    JJM_ASSIGN_OR_RETURN(std::string kind,
                         Text((*regs)[i], p, "kind", true, 2, 60));
    JJM_ASSIGN_OR_RETURN(std::string number,
                         Text((*regs)[i], p, "number", true, 3, 60));
    const std::string key = NormaliseRegistration(number);
    if (key.size() < 3) {
      return InvalidArgument(p + ".number needs letters or digits",
                             p + ".number");
    }
    reg_keys.push_back(key);
    app["registration_numbers"].push_back({{"kind", kind}, {"number", number}});
  }
  JJM_ASSIGN_OR_RETURN(std::string website,
                       Text(body, "", "website", false, 4, 200));
  JJM_ASSIGN_OR_RETURN(std::string address,
                       Text(body, "", "address", false, 5, 500));
  app["website"] = website;
  app["address"] = address;
  const int this_year = c.today.year();
  JJM_ASSIGN_OR_RETURN(int64_t years,
                       Int(body, "", "years_of_work", true, 0, 200));
  JJM_ASSIGN_OR_RETURN(int64_t rural,
                       Int(body, "", "years_rural", true, 0, 200));
  if (rural > years) {
    return InvalidArgument("years_rural cannot be more than years_of_work",
                           "years_rural");
  }
  app["years_of_work"] = years;
  app["years_rural"] = rural;
  JJM_ASSIGN_OR_RETURN(auto themes,
                       Choices(body, "", "themes", 1, 8, IsTheme, "theme"));
  app["themes"] = themes;
  Impl& I = *impl_;
  // States and districts by code.
  JJM_ASSIGN_OR_RETURN(const Json* states,
                       Array(body, "", "states", true, 1, 40));
  std::vector<UnitId> state_ids;
  app["states"] = Json::array();
  for (size_t i = 0; i < states->size(); ++i) {
    const std::string field = Item("", "states", i);
    if (!(*states)[i].is_string()) {
      return InvalidArgument(field + " must be a state code", field);
    }
    JJM_ASSIGN_OR_RETURN(auto place,
                         I.Place((*states)[i].get<std::string>(), field));
    if (place.level != Level::kState) {
      return InvalidArgument(field + ": " + place.code + " is not a state",
                             field);
    }
    if (std::find(state_ids.begin(), state_ids.end(), place.id) !=
        state_ids.end()) {
      return InvalidArgument(field + " repeats " + place.code, field);
    }
    state_ids.push_back(place.id);
    app["states"].push_back(place.code);
  }
  JJM_ASSIGN_OR_RETURN(const Json* districts,
                       Array(body, "", "districts", false, 0, 300));
  app["districts"] = Json::array();
  for (size_t i = 0; i < districts->size(); ++i) {
    const std::string field = Item("", "districts", i);
    if (!(*districts)[i].is_string()) {
      return InvalidArgument(field + " must be a district code", field);
    }
    JJM_ASSIGN_OR_RETURN(auto place,
                         I.Place((*districts)[i].get<std::string>(), field));
    if (place.level != Level::kDistrict) {
      return InvalidArgument(field + ": " + place.code + " is not a district",
                             field);
    }
    if (std::find(state_ids.begin(), state_ids.end(), place.state) ==
        state_ids.end()) {
      return InvalidArgument(
          field + ": " + place.code + " is not in one of the states listed",
          field);
    }
    app["districts"].push_back(place.code);
  }
  JJM_ASSIGN_OR_RETURN(const Json* projects,
                       Array(body, "", "past_projects", false, 0, 20));
  app["past_projects"] = Json::array();
  for (size_t i = 0; i < projects->size(); ++i) {
    const std::string p = Item("", "past_projects", i);
    const Json& pj = (*projects)[i];
    JJM_RETURN_IF_ERROR(CheckFields(pj, p,
                                    {"title", "from_year", "to_year", "themes",
                                     "funded_by", "summary", "rural"}));
    Json out;
    JJM_ASSIGN_OR_RETURN(std::string title, Text(pj, p, "title", true, 3, 200));
    JJM_ASSIGN_OR_RETURN(int64_t from,
                         Int(pj, p, "from_year", true, 1950, this_year));
    JJM_ASSIGN_OR_RETURN(
        int64_t to, Int(pj, p, "to_year", false, 1950, this_year + 10, from));
    if (to < from) {
      return InvalidArgument(p + ".to_year is before from_year",
                             p + ".to_year");
    }
    JJM_ASSIGN_OR_RETURN(auto pt,
                         Choices(pj, p, "themes", 1, 8, IsTheme, "theme"));
    JJM_ASSIGN_OR_RETURN(std::string funded,
                         Text(pj, p, "funded_by", false, 0, 200));
    JJM_ASSIGN_OR_RETURN(std::string summary,
                         Text(pj, p, "summary", false, 0, 2000));
    if (pj.contains("rural") && !pj["rural"].is_boolean()) {
      return InvalidArgument(p + ".rural must be true or false", p + ".rural");
    }
    out["title"] = title;
    out["from_year"] = from;
    out["to_year"] = to;
    out["themes"] = pt;
    out["funded_by"] = funded;
    out["summary"] = summary;
    out["rural"] = pj.value("rural", true);
    app["past_projects"].push_back(out);
  }
  if (!body.contains("contact")) {
    return InvalidArgument("contact is required", "contact");
  }
  const Json& ct = body["contact"];
  JJM_RETURN_IF_ERROR(
      CheckFields(ct, "contact", {"name", "designation", "email", "phone"}));
  JJM_ASSIGN_OR_RETURN(std::string cname,
                       Text(ct, "contact", "name", true, 2, 120));
  JJM_ASSIGN_OR_RETURN(std::string cdes,
                       Text(ct, "contact", "designation", false, 0, 120));
  JJM_ASSIGN_OR_RETURN(std::string email,
                       Text(ct, "contact", "email", true, 5, 200));
  JJM_ASSIGN_OR_RETURN(std::string phone,
                       Text(ct, "contact", "phone", true, 1, 20));
  if (!LooksLikeEmail(email)) {
    return InvalidArgument("contact.email is not an e-mail address",
                           "contact.email");
  }
  if (!LooksLikePhone(phone)) {
    return InvalidArgument("contact.phone must have 8 to 15 digits",
                           "contact.phone");
  }
  app["contact"] = {{"name", cname},
                    {"designation", cdes},
                    {"email", email},
                    {"phone", phone}};
  JJM_ASSIGN_OR_RETURN(auto docs, ReadDocuments(body, "", "documents", I.opt_));

  std::lock_guard impl_lock(I.mu_);
  JJM_ASSIGN_OR_RETURN(RoundRow round, LoadRound(I, round_id));
  if (c.today < round.opens) {
    return FailedPrecondition("the round '" + round.name + "' opens on " +
                              round.opens.ToString());
  }
  if (c.today > round.closes) {
    return FailedPrecondition("the round '" + round.name + "' closed on " +
                              round.closes.ToString() +
                              "; applications are no longer taken");
  }
  // The same organisation twice: a registration number, the name or the
  // contact e-mail seen before in this round.
  const std::string name_key = NameKey(org_name);
  const std::string email_key = Lower(email);
  std::string clash;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT reference, registration_key, name_key, email FROM application "
      "WHERE round_id = $1",
      {round_id}, [&](Statement* s) {
        if (!clash.empty()) return;
        const std::string ref(s->ColumnText(0));
        std::string keys(s->ColumnText(1));
        for (const std::string& k : reg_keys) {
          if ((" " + keys + " ").find(" " + k + " ") != std::string::npos) {
            clash = ref + " (the same registration number)";
            return;
          }
        }
        if (s->ColumnText(2) == name_key) {
          clash = ref + " (the same organisation name)";
        } else if (Lower(std::string(s->ColumnText(3))) == email_key) {
          clash = ref + " (the same contact e-mail)";
        }
      }));
  if (!clash.empty()) {
    return Conflict(
        "this organisation has already applied in this round: " + clash,
        "org_name");
  }
  int64_t n = 0;
  JJM_RETURN_IF_ERROR(
      I.Query("SELECT COUNT(*) FROM application WHERE round_id = $1",
              {round_id}, [&](Statement* s) { n = s->ColumnInt(0); }));
  char ref[48];
  std::snprintf(ref, sizeof ref, "EOI-%lld-%04lld",
                static_cast<long long>(round_id),
                static_cast<long long>(n + 1));
  std::string reg_key;
  for (const std::string& k : reg_keys)
    reg_key += (reg_key.empty() ? "" : " ") + k;
  const std::string now = FormatUtc(std::time(nullptr));
  int64_t id = 0;
  AuditRow audit;
  audit.action = "application.submit";
  audit.entity = "application";
  audit.entity_id = ref;
  audit.after = Json{
      {"reference", ref},
      {"org_name", org_name},
      {"org_type", org_type},
      {"states", app["states"]},
      {"documents",
       docs.size()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(
        id, I.Insert("INSERT INTO application (round_id, reference, org_name, "
                     "name_key, org_type, registration_key, email, body, "
                     "submitted_at, remote) VALUES ($1, $2, $3, $4, $5, $6, "
                     "$7, $8, $9, $10)",
                     {round_id, ref, org_name, name_key, org_type, reg_key,
                      email, app.dump(), now, OptText(c.remote)}));
    for (UnitId st : state_ids) {
      JJM_RETURN_IF_ERROR(I.Query(
          "INSERT INTO application_state (application_id, state_id) VALUES "
          "($1, $2)",
          {id, static_cast<int64_t>(st)}));
    }
    return I.StoreDocuments(docs, "application:" + std::to_string(id), now,
                            "public", nullptr);
  }));
  return Json{{"id", id},
              {"reference", ref},
              {"round", round.name},
              {"submitted_at", now},
              {"documents", docs.size()}};
}

}  // namespace jjm

namespace jjm {
namespace {

struct ReviewRow {
  int64_t id = 0, account_id = 0;
  std::string username, assigned_at, conflict_note, comment, scored_at;
  std::optional<bool> conflict;
  std::optional<Scores> scores;
};

struct ModerationRow {
  Scores scores;
  std::string note, at, actor;
};

struct DecisionRow {
  bool eligible = false, screened = false, shortlisted = false;
  std::optional<double> score;
  std::string reason, at, actor;
};

struct AppState {
  AppRow app;
  std::vector<std::string> states;  // codes
  std::vector<ReviewRow> reviews;
  std::optional<ModerationRow> moderation;
  std::optional<DecisionRow> decision;
  std::optional<int64_t> partner_id;
};

Scores ParseScores(std::string_view text) {
  Scores s;
  if (text.empty()) return s;
  Json j = Json::parse(text);
  for (auto it = j.begin(); it != j.end(); ++it) s[it.key()] = it.value();
  return s;
}

// Applications of a round (or one application), with their screening.
StatusOr<std::vector<AppState>> LoadStates(PartnerService::Impl& I,
                                           int64_t round_id,
                                           int64_t only_app = 0) {
  std::vector<AppState> out;
  std::unordered_map<int64_t, size_t> at;
  const std::string where = only_app != 0 ? "a.id = $1" : "a.round_id = $1";
  const int64_t key = only_app != 0 ? only_app : round_id;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT a.id, a.round_id, a.reference, a.org_name, a.org_type, a.email, "
      "a.body, a.submitted_at FROM application a WHERE " +
          where + " ORDER BY a.id",
      {key}, [&](Statement* s) {
        AppState st;
        st.app.id = s->ColumnInt(0);
        st.app.round_id = s->ColumnInt(1);
        st.app.reference = s->ColumnText(2);
        st.app.org_name = s->ColumnText(3);
        st.app.org_type = s->ColumnText(4);
        st.app.email = s->ColumnText(5);
        st.app.body = Json::parse(s->ColumnText(6));
        st.app.submitted_at = s->ColumnText(7);
        for (const auto& c : st.app.body["states"]) {
          st.states.push_back(c.get<std::string>());
        }
        at[st.app.id] = out.size();
        out.push_back(std::move(st));
      }));
  const std::string join =
      only_app != 0 ? "x.application_id = $1"
                    : "x.application_id IN (SELECT id FROM application WHERE "
                      "round_id = $1)";
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT x.id, x.application_id, x.account_id, a.username, "
      "x.assigned_at, x.conflict, x.conflict_note, x.scores, x.comment, "
      "x.scored_at FROM review x JOIN account a ON a.id = x.account_id WHERE " +
          join + " ORDER BY x.id",
      {key}, [&](Statement* s) {
        auto it = at.find(s->ColumnInt(1));
        if (it == at.end()) return;
        ReviewRow r;
        r.id = s->ColumnInt(0);
        r.account_id = s->ColumnInt(2);
        r.username = s->ColumnText(3);
        r.assigned_at = s->ColumnText(4);
        if (!s->ColumnIsNull(5)) r.conflict = s->ColumnInt(5) != 0;
        r.conflict_note = s->ColumnText(6);
        if (!s->ColumnIsNull(7)) r.scores = ParseScores(s->ColumnText(7));
        r.comment = s->ColumnText(8);
        r.scored_at = s->ColumnText(9);
        out[it->second].reviews.push_back(std::move(r));
      }));
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT x.application_id, x.scores, x.note, x.at, x.actor FROM "
      "moderation x WHERE " +
          join + " ORDER BY x.id",
      {key}, [&](Statement* s) {
        auto it = at.find(s->ColumnInt(0));
        if (it == at.end()) return;
        out[it->second].moderation = ModerationRow{
            ParseScores(s->ColumnText(1)), std::string(s->ColumnText(2)),
            std::string(s->ColumnText(3)), std::string(s->ColumnText(4))};
      }));
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT x.application_id, x.eligible, x.screened, x.score, "
      "x.shortlisted, x.reason, x.at, x.actor FROM screening_decision x "
      "WHERE " +
          join + " ORDER BY x.id",
      {key}, [&](Statement* s) {
        auto it = at.find(s->ColumnInt(0));
        if (it == at.end()) return;
        DecisionRow d;
        d.eligible = s->ColumnInt(1) != 0;
        d.screened = s->ColumnInt(2) != 0;
        if (!s->ColumnIsNull(3)) d.score = s->ColumnDouble(3);
        d.shortlisted = s->ColumnInt(4) != 0;
        d.reason = s->ColumnText(5);
        d.at = s->ColumnText(6);
        d.actor = s->ColumnText(7);
        out[it->second].decision = d;
      }));
  JJM_RETURN_IF_ERROR(
      I.Query("SELECT x.application_id, x.id FROM partner x WHERE " + join,
              {key}, [&](Statement* s) {
                auto it = at.find(s->ColumnInt(0));
                if (it != at.end())
                  out[it->second].partner_id = s->ColumnInt(1);
              }));
  return out;
}

const ReviewRow* MyReview(const AppState& st, const Principal* p) {
  if (p == nullptr) return nullptr;
  for (const ReviewRow& r : st.reviews) {
    if (r.account_id == p->account_id) return &r;
  }
  return nullptr;
}

// Reviews that count: assigned, no conflict declared.
std::vector<Scores> CountedScores(const AppState& st) {
  std::vector<Scores> out;
  for (const ReviewRow& r : st.reviews) {
    if (r.conflict == false && r.scores) out.push_back(*r.scores);
  }
  return out;
}

Json ReviewJson(const ReviewRow& r) {
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
  for (const ReviewRow& r : st.reviews) {
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
  const ReviewRow* mine = MyReview(st, p);
  j["my_review"] = mine != nullptr ? ReviewJson(*mine) : Json(nullptr);
  if (full) {
    j["application"] = st.app.body;
    if (PartnerService::Impl::IsAdmin(p)) {
      j["reviews"] = Json::array();
      for (const ReviewRow& r : st.reviews)
        j["reviews"].push_back(ReviewJson(r));
    }
  }
  return j;
}

}  // namespace

StatusOr<Json> PartnerService::ListApplications(const Caller& c,
                                                int64_t round_id) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(RoundRow round, LoadRound(I, round_id));
  JJM_ASSIGN_OR_RETURN(auto states, LoadStates(I, round_id));
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
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(AppRow app, LoadApp(I, id));
  JJM_ASSIGN_OR_RETURN(RoundRow round, LoadRound(I, app.round_id));
  JJM_ASSIGN_OR_RETURN(auto states, LoadStates(I, app.round_id, id));
  Json j = StateJson(states.at(0), round.rules, c.principal, true);
  int64_t applications = 0;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT COUNT(*) FROM application WHERE round_id = $1", {app.round_id},
      [&](Statement* s) { applications = s->ColumnInt(0); }));
  j["round"] = RoundJson(round, c.today, applications);
  j["documents"] = Json::array();
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id, name, content_type, size, sha256 FROM document WHERE owner "
      "= $1 ORDER BY id",
      {"application:" + std::to_string(id)}, [&](Statement* s) {
        j["documents"].push_back({{"id", s->ColumnInt(0)},
                                  {"name", s->ColumnText(1)},
                                  {"content_type", s->ColumnText(2)},
                                  {"size", s->ColumnInt(3)},
                                  {"sha256", s->ColumnText(4)}});
      }));
  return j;
}

StatusOr<StoredDocument> PartnerService::GetDocument(const Caller& c,
                                                     int64_t id) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_LOCKED_IMPL;
  std::string owner, b64;
  StoredDocument d;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT owner, name, content_type, data FROM document WHERE id = $1",
      {id}, [&](Statement* s) {
        owner = s->ColumnText(0);
        d.name = s->ColumnText(1);
        d.content_type = s->ColumnText(2);
        b64 = s->ColumnText(3);
      }));
  if (owner.empty()) return NotFound("no document " + std::to_string(id));
  // Application documents: the mission.  Others: the mission and the
  // partner that uploaded them ("progress:<partner>:<id>").
  const size_t colon = owner.find(':');
  const std::string kind = owner.substr(0, colon);
  if (kind == "application") {
    JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  } else if (kind == "knowledge") {
    // Knowledge is shared with every signed-in user, evidence too.
  } else {
    const int64_t partner =
        ParseInt(std::string_view(owner).substr(colon + 1)).value_or(0);
    JJM_RETURN_IF_ERROR(Impl::MayRead(c, partner));
  }
  JJM_ASSIGN_OR_RETURN(d.data, DecodeBase64(b64));
  return d;
}

StatusOr<Json> PartnerService::AssignReviewers(const Caller& c,
                                               int64_t round_id,
                                               const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::NeedAdmin(c, "assign reviewers"));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"reviewers"}));
  JJM_ASSIGN_OR_RETURN(auto names, Texts(body, "", "reviewers", 50, 64));
  if (names.empty()) {
    return InvalidArgument("reviewers: name at least one reviewer",
                           "reviewers");
  }
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(RoundRow round, LoadRound(I, round_id));
  // Reviewers are accounts with a national role.
  std::vector<std::pair<int64_t, std::string>> reviewers;
  for (size_t i = 0; i < names.size(); ++i) {
    int64_t id = 0;
    JJM_RETURN_IF_ERROR(I.Query(
        "SELECT a.id FROM account a JOIN account_role r ON r.account_id = "
        "a.id WHERE a.username = $1 AND a.disabled = 0 AND r.revoked_at IS "
        "NULL AND r.role IN ('national_admin', 'national_viewer')",
        {names[i]}, [&](Statement* s) { id = s->ColumnInt(0); }));
    if (id == 0) {
      const std::string field = Item("", "reviewers", i);
      return InvalidArgument(field + ": '" + names[i] +
                                 "' is not an active user with a national role",
                             field);
    }
    reviewers.emplace_back(id, names[i]);
  }
  JJM_ASSIGN_OR_RETURN(auto states, LoadStates(I, round_id));
  // Each eligible application gets reviewers until it has enough without a
  // conflict, in turn, never the same reviewer twice.
  std::vector<std::pair<int64_t, int64_t>> plan;  // application, account
  size_t next = 0;
  int64_t short_of = 0;
  for (const AppState& st : states) {
    if (!CheckEligibility(round.rules, FactsOf(st.app.body)).eligible) continue;
    if (st.moderation || st.decision) continue;
    int have = 0;
    std::set<int64_t> taken;
    for (const ReviewRow& r : st.reviews) {
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
  const std::string now = FormatUtc(std::time(nullptr));
  AuditRow audit;
  audit.action = "reviewers.assign";
  audit.entity = "partner_round";
  audit.entity_id = std::to_string(round_id);
  audit.after = Json{{"reviewers", names}, {"assignments", plan.size()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    for (const auto& [app, acc] : plan) {
      JJM_RETURN_IF_ERROR(
          I.Query("INSERT INTO review (application_id, account_id, "
                  "assigned_at, assigned_by) VALUES ($1, $2, $3, $4)",
                  {app, acc, now, c.principal->username}));
    }
    return Status::Ok();
  }));
  return Json{{"assigned", plan.size()},
              {"applications_short_of_reviewers", short_of}};
}

StatusOr<Json> PartnerService::Review(const Caller& c, int64_t application_id,
                                      const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "", {"conflict", "conflict_note", "scores", "comment"}));
  if (body.contains("conflict") && !body["conflict"].is_boolean()) {
    return InvalidArgument("conflict must be true or false", "conflict");
  }
  JJM_ASSIGN_OR_RETURN(std::string note,
                       Text(body, "", "conflict_note", false, 0, 1000));
  JJM_ASSIGN_OR_RETURN(std::string comment,
                       Text(body, "", "comment", false, 0, 4000));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(AppRow app, LoadApp(I, application_id));
  JJM_ASSIGN_OR_RETURN(RoundRow round, LoadRound(I, app.round_id));
  JJM_ASSIGN_OR_RETURN(auto states,
                       LoadStates(I, app.round_id, application_id));
  const AppState& st = states.at(0);
  const ReviewRow* mine = MyReview(st, c.principal);
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
    JJM_ASSIGN_OR_RETURN(scores,
                         ScoresFromJson(body["scores"], "scores", round.rules));
  }
  if (!body.contains("conflict") && !scores) {
    return InvalidArgument("send a conflict declaration, scores, or both",
                           "body");
  }
  const std::string now = FormatUtc(std::time(nullptr));
  AuditRow audit;
  audit.action = scores ? "review.score" : "review.declare";
  audit.entity = "application";
  audit.entity_id = app.reference;
  audit.before = ReviewJson(*mine).dump();
  ReviewRow after = *mine;
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
      JJM_RETURN_IF_ERROR(
          I.Query("UPDATE review SET conflict = $1, conflict_note = $2, "
                  "declared_at = $3 WHERE id = $4",
                  {*conflict ? 1 : 0, OptText(note), now, mine->id}));
    }
    if (scores) {
      JJM_RETURN_IF_ERROR(I.Query(
          "UPDATE review SET scores = $1, comment = $2, scored_at = $3 WHERE "
          "id = $4",
          {ScoresToJson(*scores).dump(), OptText(comment), now, mine->id}));
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
                       Text(body, "", "note", false, 0, 4000));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(AppRow app, LoadApp(I, application_id));
  JJM_ASSIGN_OR_RETURN(RoundRow round, LoadRound(I, app.round_id));
  JJM_ASSIGN_OR_RETURN(auto states,
                       LoadStates(I, app.round_id, application_id));
  const AppState& st = states.at(0);
  if (st.decision) {
    return FailedPrecondition("the shortlist of this round is decided");
  }
  if (!CheckEligibility(round.rules, FactsOf(app.body)).eligible) {
    return FailedPrecondition(app.reference +
                              " is not eligible; there is nothing to moderate");
  }
  int pending = 0;
  for (const ReviewRow& r : st.reviews) {
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
  if (static_cast<int>(counted.size()) <
      round.rules.reviewers_per_application) {
    return FailedPrecondition(
        app.reference + " has scores from " + std::to_string(counted.size()) +
        " reviewer(s) without a conflict; the round's rules ask for " +
        std::to_string(round.rules.reviewers_per_application) +
        " (assign more reviewers)");
  }
  const Scores mean = MeanScores(counted);
  Scores final_scores = mean;
  if (body.contains("scores") && !body["scores"].is_null()) {
    JJM_ASSIGN_OR_RETURN(final_scores,
                         ScoresFromJson(body["scores"], "scores", round.rules));
  }
  const auto disagree = Disagreements(round.rules, counted);
  if (note.empty() && (final_scores != mean || !disagree.empty())) {
    return InvalidArgument(
        disagree.empty()
            ? "note: say why the final scores differ from the reviewers' mean"
            : "note: the reviewers differ by more than " +
                  std::to_string(
                      static_cast<int>(round.rules.moderation_spread)) +
                  " points on " + disagree.front() + "; record the moderation",
        "note");
  }
  const std::string now = FormatUtc(std::time(nullptr));
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
      {"score", WeightedScore(round.rules, final_scores)},
      {"note",
       note}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    return I.Query(
        "INSERT INTO moderation (application_id, scores, note, at, actor) "
        "VALUES ($1, $2, $3, $4, $5)",
        {application_id, ScoresToJson(final_scores).dump(), note, now,
         c.principal->username});
  }));
  return Json{{"reference", app.reference},
              {"scores", ScoresToJson(final_scores)},
              {"score", WeightedScore(round.rules, final_scores)},
              {"note", note}};
}

StatusOr<Json> PartnerService::Shortlist(const Caller& c, int64_t round_id) {
  JJM_RETURN_IF_ERROR(Impl::NeedAdmin(c, "decide the shortlist"));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(RoundRow round, LoadRound(I, round_id));
  if (c.today <= round.closes) {
    return FailedPrecondition(
        "the round '" + round.name + "' takes applications until " +
        round.closes.ToString() + "; decide after it closes");
  }
  JJM_ASSIGN_OR_RETURN(auto states, LoadStates(I, round_id));
  std::vector<std::string> waiting;
  for (const AppState& st : states) {
    if (st.decision) {
      return Conflict("the shortlist of '" + round.name + "' was decided on " +
                      st.decision->at.substr(0, 10));
    }
    if (CheckEligibility(round.rules, FactsOf(st.app.body)).eligible &&
        !st.moderation) {
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
  const std::string now = FormatUtc(std::time(nullptr));
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
      JJM_RETURN_IF_ERROR(I.Query(
          "INSERT INTO screening_decision (application_id, eligible, "
          "screened, score, shortlisted, reason, at, actor) VALUES ($1, $2, "
          "$3, $4, $5, $6, $7, $8)",
          {st.app.id, d.eligible ? 1 : 0, d.screened ? 1 : 0,
           d.score ? Arg(*d.score) : Arg(nullptr), d.shortlisted ? 1 : 0,
           d.reason, now, c.principal->username}));
      if (!d.shortlisted) continue;
      const Json& b = st.app.body;
      Json profile{{"about", ""},
                   {"website", b.value("website", "")},
                   {"address", b.value("address", "")},
                   {"focal_persons", Json::array({b["contact"]})}};
      JJM_ASSIGN_OR_RETURN(
          int64_t pid,
          I.Insert("INSERT INTO partner (application_id, name, org_type, "
                   "profile, created_at, created_by) VALUES ($1, $2, $3, $4, "
                   "$5, $6)",
                   {st.app.id, st.app.org_name, st.app.org_type, profile.dump(),
                    now, c.principal->username}));
      ++partners;
      std::set<std::string> codes(st.states.begin(), st.states.end());
      for (const auto& d2 : b["districts"]) codes.insert(d2.get<std::string>());
      for (const std::string& code : codes) {
        JJM_ASSIGN_OR_RETURN(auto place, I.Place(code, "states"));
        JJM_RETURN_IF_ERROR(I.Query(
            "INSERT INTO partner_unit (partner_id, unit_id) VALUES ($1, $2)",
            {pid, static_cast<int64_t>(place.id)}));
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
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(RoundRow round, LoadRound(I, round_id));
  JJM_ASSIGN_OR_RETURN(auto states, LoadStates(I, round_id));
  struct Row {
    int64_t applied = 0, eligible = 0, screened = 0, shortlisted = 0;
  };
  std::map<std::string, Row> rows;
  Row total;
  for (const AppState& st : states) {
    const bool elig =
        CheckEligibility(round.rules, FactsOf(st.app.body)).eligible;
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

namespace jjm {
namespace {

struct PartnerRow {
  int64_t id = 0;
  std::string name, org_type, signed_on, from, to, created_at;
  Json profile;
  std::vector<UnitId> units;
};

StatusOr<PartnerRow> LoadPartner(PartnerService::Impl& I, int64_t id) {
  PartnerRow p;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id, name, org_type, profile, agreement_signed_on, "
      "agreement_from, agreement_to, created_at FROM partner WHERE id = $1",
      {id}, [&](Statement* s) {
        p.id = s->ColumnInt(0);
        p.name = s->ColumnText(1);
        p.org_type = s->ColumnText(2);
        p.profile = Json::parse(s->ColumnText(3));
        p.signed_on = s->ColumnText(4);
        p.from = s->ColumnText(5);
        p.to = s->ColumnText(6);
        p.created_at = s->ColumnText(7);
      }));
  if (p.id == 0) return NotFound("no partner " + std::to_string(id));
  JJM_RETURN_IF_ERROR(
      I.Query("SELECT unit_id FROM partner_unit WHERE partner_id = $1 ORDER BY "
              "unit_id",
              {id}, [&](Statement* s) {
                p.units.push_back(static_cast<UnitId>(s->ColumnInt(0)));
              }));
  return p;
}

// True if the partner works at `unit` or a place above it.
bool WorksAt(PartnerService::Impl& I, const PartnerRow& p, UnitId unit) {
  return I.coverage_->Read([&](const Hierarchy& h, const CoverageIndex&) {
    for (UnitId u : p.units) {
      if (h.IsWithin(unit, u)) return true;
    }
    return false;
  });
}

Json PartnerJson(PartnerService::Impl& I, const PartnerRow& p) {
  Json units = Json::array();
  for (UnitId u : p.units) units.push_back(I.PlaceJson(u));
  auto opt = [](const std::string& s) {
    return s.empty() ? Json(nullptr) : Json(s);
  };
  return Json{{"id", p.id},
              {"name", p.name},
              {"org_type", p.org_type},
              {"profile", p.profile},
              {"units", units},
              {"agreement",
               {{"signed_on", opt(p.signed_on)},
                {"from", opt(p.from)},
                {"to", opt(p.to)}}},
              {"created_at", p.created_at}};
}

}  // namespace

StatusOr<Json> PartnerService::ListPartners(const Caller& c) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_LOCKED_IMPL;
  std::vector<int64_t> ids;
  JJM_RETURN_IF_ERROR(
      I.Query("SELECT id FROM partner ORDER BY name, id", {},
              [&](Statement* s) { ids.push_back(s->ColumnInt(0)); }));
  Json out{{"partners", Json::array()}};
  const bool national = Impl::IsNational(c.principal);
  if (!national && std::none_of(c.principal->grants.begin(),
                                c.principal->grants.end(), [](const Grant& g) {
                                  return g.role == Role::kPartnerUser;
                                })) {
    return Status(StatusCode::kPermissionDenied,
                  "partners are listed for the mission and partner users");
  }
  for (int64_t id : ids) {
    if (!national && !Impl::ActsFor(c.principal, id)) continue;
    JJM_ASSIGN_OR_RETURN(PartnerRow p, LoadPartner(I, id));
    out["partners"].push_back(PartnerJson(I, p));
  }
  return out;
}

StatusOr<Json> PartnerService::GetPartner(const Caller& c, int64_t id) {
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, id));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PartnerRow p, LoadPartner(I, id));
  Json j = PartnerJson(I, p);
  j["users"] = Json::array();
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT a.username, a.display_name FROM account_role r JOIN account a "
      "ON a.id = r.account_id WHERE r.partner_id = $1 AND r.role = "
      "'partner_user' AND r.revoked_at IS NULL ORDER BY a.username",
      {id}, [&](Statement* s) {
        j["users"].push_back({{"username", s->ColumnText(0)},
                              {"display_name", s->ColumnText(1)}});
      }));
  return j;
}

StatusOr<Json> PartnerService::UpdatePartner(const Caller& c, int64_t id,
                                             const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  const bool admin = Impl::IsAdmin(c.principal);
  if (!admin) JJM_RETURN_IF_ERROR(Impl::MayEdit(c, id));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"profile", "units", "agreement"}));
  for (const char* k : {"agreement", "units"}) {
    if (body.contains(k) && !admin) {
      return Status(StatusCode::kPermissionDenied,
                    std::string(k) == "units"
                        ? "the places a partner works at are agreed with the "
                          "mission: national administrators set them"
                        : "agreement dates are set by national administrators",
                    k);
    }
  }
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PartnerRow p, LoadPartner(I, id));
  PartnerRow after = p;
  if (body.contains("profile")) {
    const Json& pr = body["profile"];
    JJM_RETURN_IF_ERROR(CheckFields(
        pr, "profile", {"about", "website", "address", "focal_persons"}));
    Json np = p.profile;
    for (const char* k : {"about", "website", "address"}) {
      if (pr.contains(k)) {
        JJM_ASSIGN_OR_RETURN(std::string v,
                             Text(pr, "profile", k, false, 0,
                                  std::string(k) == "about" ? 4000 : 500));
        np[k] = v;
      }
    }
    if (pr.contains("focal_persons")) {
      JJM_ASSIGN_OR_RETURN(const Json* fps,
                           Array(pr, "profile", "focal_persons", true, 1, 10));
      np["focal_persons"] = Json::array();
      for (size_t i = 0; i < fps->size(); ++i) {
        const std::string q = Item("profile", "focal_persons", i);
        const Json& f = (*fps)[i];
        JJM_RETURN_IF_ERROR(
            CheckFields(f, q, {"name", "designation", "email", "phone"}));
        JJM_ASSIGN_OR_RETURN(std::string n, Text(f, q, "name", true, 2, 120));
        JJM_ASSIGN_OR_RETURN(std::string d,
                             Text(f, q, "designation", false, 0, 120));
        JJM_ASSIGN_OR_RETURN(std::string e, Text(f, q, "email", true, 5, 200));
        JJM_ASSIGN_OR_RETURN(std::string ph, Text(f, q, "phone", false, 0, 20));
        if (!LooksLikeEmail(e)) {
          return InvalidArgument(q + ".email is not an e-mail address",
                                 q + ".email");
        }
        if (!ph.empty() && !LooksLikePhone(ph)) {
          return InvalidArgument(q + ".phone must have 8 to 15 digits",
                                 q + ".phone");
        }
        np["focal_persons"].push_back(
            {{"name", n}, {"designation", d}, {"email", e}, {"phone", ph}});
      }
    }
    after.profile = np;
  }
  if (body.contains("units")) {
    JJM_ASSIGN_OR_RETURN(const Json* us,
                         Array(body, "", "units", true, 1, 300));
    after.units.clear();
    for (size_t i = 0; i < us->size(); ++i) {
      const std::string field = Item("", "units", i);
      if (!(*us)[i].is_string()) {
        return InvalidArgument(field + " must be a place code", field);
      }
      JJM_ASSIGN_OR_RETURN(auto place,
                           I.Place((*us)[i].get<std::string>(), field));
      if (place.level > Level::kDistrict) {
        return InvalidArgument(
            field + ": partners work at national, state or district level",
            field);
      }
      if (std::find(after.units.begin(), after.units.end(), place.id) ==
          after.units.end()) {
        after.units.push_back(place.id);
      }
    }
  }
  if (body.contains("agreement")) {
    const Json& a = body["agreement"];
    JJM_RETURN_IF_ERROR(
        CheckFields(a, "agreement", {"signed_on", "from", "to"}));
    JJM_ASSIGN_OR_RETURN(Date s, DateField(a, "agreement", "signed_on", true));
    JJM_ASSIGN_OR_RETURN(Date f, DateField(a, "agreement", "from", true));
    JJM_ASSIGN_OR_RETURN(Date t, DateField(a, "agreement", "to", true));
    if (t < f)
      return InvalidArgument("agreement.to is before agreement.from",
                             "agreement.to");
    after.signed_on = s.ToString();
    after.from = f.ToString();
    after.to = t.ToString();
  }
  AuditRow audit;
  audit.action = "partner.update";
  audit.entity = "partner";
  audit.entity_id = std::to_string(id);
  audit.before = PartnerJson(I, p).dump();
  audit.after = PartnerJson(I, after).dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_RETURN_IF_ERROR(
        I.Query("UPDATE partner SET profile = $1, agreement_signed_on = $2, "
                "agreement_from = $3, agreement_to = $4 WHERE id = $5",
                {after.profile.dump(), OptText(after.signed_on),
                 OptText(after.from), OptText(after.to), id}));
    if (body.contains("units")) {
      JJM_RETURN_IF_ERROR(
          I.Query("DELETE FROM partner_unit WHERE partner_id = $1", {id}));
      for (UnitId u : after.units) {
        JJM_RETURN_IF_ERROR(I.Query(
            "INSERT INTO partner_unit (partner_id, unit_id) VALUES ($1, $2)",
            {id, static_cast<int64_t>(u)}));
      }
    }
    return Status::Ok();
  }));
  return PartnerJson(I, after);
}

// ---------------------------------------------------------------------------
// Plans.

namespace {

struct PlanVersion {
  int64_t id = 0;
  int revision = 0;
  std::string status, comment, at, actor;
  Json activities;
};

struct PlanRow {
  int64_t id = 0, partner_id = 0;
  std::string fy, created_at;
  std::vector<PlanVersion> versions;  // oldest first
  const PlanVersion& current() const { return versions.back(); }
  const PlanVersion* in_force() const {
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      if (it->status == "approved") return &*it;
    }
    return nullptr;
  }
};

StatusOr<PlanRow> LoadPlan(PartnerService::Impl& I, int64_t id) {
  PlanRow p;
  JJM_RETURN_IF_ERROR(
      I.Query("SELECT id, partner_id, fy, created_at FROM plan WHERE id = $1",
              {id}, [&](Statement* s) {
                p.id = s->ColumnInt(0);
                p.partner_id = s->ColumnInt(1);
                p.fy = s->ColumnText(2);
                p.created_at = s->ColumnText(3);
              }));
  if (p.id == 0) return NotFound("no plan " + std::to_string(id));
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id, revision, status, activities, comment, at, actor FROM "
      "plan_version WHERE plan_id = $1 ORDER BY id",
      {id}, [&](Statement* s) {
        PlanVersion v;
        v.id = s->ColumnInt(0);
        v.revision = static_cast<int>(s->ColumnInt(1));
        v.status = s->ColumnText(2);
        v.activities = Json::parse(s->ColumnText(3));
        v.comment = s->ColumnText(4);
        v.at = s->ColumnText(5);
        v.actor = s->ColumnText(6);
        p.versions.push_back(std::move(v));
      }));
  return p;
}

Json VersionJson(const PlanVersion& v, bool with_activities) {
  Json j{{"version_id", v.id}, {"revision", v.revision},
         {"status", v.status}, {"comment", v.comment},
         {"at", v.at},         {"by", v.actor}};
  if (with_activities) j["activities"] = v.activities;
  return j;
}

Json PlanJson(PartnerService::Impl& I, const PlanRow& p,
              const std::string& partner_name) {
  Json j{{"id", p.id},
         {"partner", {{"id", p.partner_id}, {"name", partner_name}}},
         {"fy", p.fy},
         {"created_at", p.created_at},
         {"current", VersionJson(p.current(), true)}};
  const PlanVersion* f = p.in_force();
  j["in_force"] = f != nullptr ? VersionJson(*f, true) : Json(nullptr);
  j["history"] = Json::array();
  for (auto it = p.versions.rbegin(); it != p.versions.rend(); ++it) {
    j["history"].push_back(VersionJson(*it, false));
  }
  (void)I;
  return j;
}

// Checks and normalises a plan's activities.
StatusOr<Json> ReadActivities(PartnerService::Impl& I, const Json& body,
                              const PartnerRow& partner) {
  JJM_ASSIGN_OR_RETURN(const Json* acts,
                       Array(body, "", "activities", true, 0, 200));
  Json out = Json::array();
  std::set<std::string> ids;
  int next = 1;
  for (const auto& a : *acts) {
    if (a.is_object() && a.contains("id") && a["id"].is_string()) {
      const std::string s = a["id"].get<std::string>();
      if (s.size() > 1 && s[0] == 'A') {
        next = std::max<int>(
            next, static_cast<int>(ParseInt(s.substr(1)).value_or(0)) + 1);
      }
    }
  }
  for (size_t i = 0; i < acts->size(); ++i) {
    const std::string p = Item("", "activities", i);
    const Json& a = (*acts)[i];
    JJM_RETURN_IF_ERROR(
        CheckFields(a, p,
                    {"id", "level", "unit", "theme", "description", "targets",
                     "resources", "budget_inr"}));
    Json o;
    JJM_ASSIGN_OR_RETURN(std::string id, Text(a, p, "id", false, 1, 20));
    if (id.empty()) id = "A" + std::to_string(next++);
    if (!ids.insert(id).second) {
      return InvalidArgument(p + ".id repeats '" + id + "'", p + ".id");
    }
    JJM_ASSIGN_OR_RETURN(std::string level, Text(a, p, "level", true, 1, 20));
    if (!OneOf(kPlanLevels, level)) {
      return InvalidArgument(p + ".level must be national, state or district",
                             p + ".level");
    }
    JJM_ASSIGN_OR_RETURN(std::string unit,
                         Text(a, p, "unit", level != "national", 1, 40));
    if (unit.empty()) unit = "IN";
    JJM_ASSIGN_OR_RETURN(auto place, I.Place(unit, p + ".unit"));
    const Level want = level == "national" ? Level::kNation
                       : level == "state"  ? Level::kState
                                           : Level::kDistrict;
    if (place.level != want) {
      return InvalidArgument(
          p + ".unit: " + place.code + " is not a " +
              (level == "national" ? std::string("nation (use IN)") : level),
          p + ".unit");
    }
    if (!WorksAt(I, partner, place.id)) {
      return Status(StatusCode::kPermissionDenied,
                    p + ".unit: " + partner.name + " does not work in " +
                        place.name + " (" + place.code + ")",
                    p + ".unit");
    }
    JJM_ASSIGN_OR_RETURN(std::string theme, Text(a, p, "theme", true, 1, 40));
    if (!OneOf(kActivityThemes, theme)) {
      return InvalidArgument(
          p + ".theme must be one of programme_management, iec, "
              "community_mobilisation, capacity_building, replicable_models, "
              "best_practices, social_audit, workshops_conferences",
          p + ".theme");
    }
    JJM_ASSIGN_OR_RETURN(std::string desc,
                         Text(a, p, "description", true, 3, 2000));
    JJM_ASSIGN_OR_RETURN(const Json* targets,
                         Array(a, p, "targets", true, 1, 10));
    Json tj = Json::array();
    std::set<std::string> measures;
    for (size_t k = 0; k < targets->size(); ++k) {
      const std::string q = Item(p, "targets", k);
      const Json& t = (*targets)[k];
      JJM_RETURN_IF_ERROR(
          CheckFields(t, q, {"measure", "q1", "q2", "q3", "q4"}));
      JJM_ASSIGN_OR_RETURN(std::string m, Text(t, q, "measure", true, 1, 40));
      if (!OneOf(kMeasureUnits, m)) {
        return InvalidArgument(
            q + ".measure must be one of trainings, participants, villages, "
                "iec_events, documents, audits, workshops, master_trainers, "
                "vwscs, reports",
            q + ".measure");
      }
      if (!measures.insert(m).second) {
        return InvalidArgument(q + ".measure repeats '" + m + "'",
                               q + ".measure");
      }
      Json tt{{"measure", m}};
      int64_t sum = 0;
      for (const char* qq : {"q1", "q2", "q3", "q4"}) {
        JJM_ASSIGN_OR_RETURN(int64_t v, Int(t, q, qq, false, 0, 10000000, 0));
        tt[qq] = v;
        sum += v;
      }
      if (sum == 0) {
        return InvalidArgument(q + ": a target needs a number in some quarter",
                               q + ".q1");
      }
      tj.push_back(tt);
    }
    JJM_ASSIGN_OR_RETURN(std::string resources,
                         Text(a, p, "resources", false, 0, 1000));
    JJM_ASSIGN_OR_RETURN(int64_t budget,
                         Int(a, p, "budget_inr", false, 0, 100000000000LL, 0));
    o["id"] = id;
    o["level"] = level;
    o["unit"] = place.code;
    o["unit_name"] = place.name;
    o["theme"] = theme;
    o["description"] = desc;
    o["targets"] = tj;
    o["resources"] = resources;
    o["budget_inr"] = budget;
    out.push_back(o);
  }
  return out;
}

}  // namespace

StatusOr<Json> PartnerService::ListPlans(const Caller& c, int64_t partner_id) {
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, partner_id));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PartnerRow partner, LoadPartner(I, partner_id));
  std::vector<int64_t> ids;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id FROM plan WHERE partner_id = $1 ORDER BY fy DESC",
      {partner_id}, [&](Statement* s) { ids.push_back(s->ColumnInt(0)); }));
  Json out{{"partner", {{"id", partner.id}, {"name", partner.name}}},
           {"plans", Json::array()}};
  for (int64_t id : ids) {
    JJM_ASSIGN_OR_RETURN(PlanRow p, LoadPlan(I, id));
    const PlanVersion* f = p.in_force();
    out["plans"].push_back({{"id", p.id},
                            {"fy", p.fy},
                            {"revision", p.current().revision},
                            {"status", p.current().status},
                            {"in_force_revision",
                             f != nullptr ? Json(f->revision) : Json(nullptr)},
                            {"activities", p.current().activities.size()},
                            {"updated_at", p.current().at}});
  }
  return out;
}

StatusOr<Json> PartnerService::CreatePlan(const Caller& c, int64_t partner_id,
                                          const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"fy"}));
  JJM_ASSIGN_OR_RETURN(std::string fy, Text(body, "", "fy", true, 7, 7));
  JJM_ASSIGN_OR_RETURN(int y, ParseFy(fy, "fy"));
  if (y > c.today.FinancialYear() + 1) {
    return InvalidArgument("fy " + fy +
                               " is too far ahead; plan at most the "
                               "next financial year",
                           "fy");
  }
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PartnerRow partner, LoadPartner(I, partner_id));
  bool exists = false;
  JJM_RETURN_IF_ERROR(
      I.Query("SELECT 1 FROM plan WHERE partner_id = $1 AND fy = $2",
              {partner_id, fy}, [&](Statement*) { exists = true; }));
  if (exists) {
    return Conflict(partner.name + " already has a plan for " + fy, "fy");
  }
  const std::string now = FormatUtc(std::time(nullptr));
  int64_t id = 0;
  AuditRow audit;
  audit.action = "plan.create";
  audit.entity = "plan";
  audit.after = Json{{"partner", partner.name}, {"fy", fy}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(
        id, I.Insert("INSERT INTO plan (partner_id, fy, created_at, "
                     "created_by) VALUES ($1, $2, $3, $4)",
                     {partner_id, fy, now, c.principal->username}));
    return I.Query(
        "INSERT INTO plan_version (plan_id, revision, status, activities, "
        "comment, at, actor) VALUES ($1, 1, 'draft', '[]', NULL, $2, $3)",
        {id, now, c.principal->username});
  }));
  JJM_ASSIGN_OR_RETURN(PlanRow p, LoadPlan(I, id));
  return PlanJson(I, p, partner.name);
}

StatusOr<Json> PartnerService::GetPlan(const Caller& c, int64_t plan_id) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PlanRow p, LoadPlan(I, plan_id));
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, p.partner_id));
  JJM_ASSIGN_OR_RETURN(PartnerRow partner, LoadPartner(I, p.partner_id));
  return PlanJson(I, p, partner.name);
}

StatusOr<Json> PartnerService::SavePlan(const Caller& c, int64_t plan_id,
                                        const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"activities"}));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PlanRow p, LoadPlan(I, plan_id));
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, p.partner_id));
  const PlanVersion& cur = p.current();
  if (cur.status == "approved") {
    return FailedPrecondition(
        "revision " + std::to_string(cur.revision) + " of the " + p.fy +
        " plan is approved and locked; start a new revision to change it");
  }
  if (cur.status == "submitted") {
    return FailedPrecondition("the " + p.fy +
                              " plan is submitted and waits for the mission");
  }
  JJM_ASSIGN_OR_RETURN(PartnerRow partner, LoadPartner(I, p.partner_id));
  JJM_ASSIGN_OR_RETURN(Json acts, ReadActivities(I, body, partner));
  const std::string now = FormatUtc(std::time(nullptr));
  AuditRow audit;
  audit.action = "plan.save";
  audit.entity = "plan";
  audit.entity_id = std::to_string(plan_id);
  audit.before = Json{{"activities", cur.activities.size()}}.dump();
  audit.after = Json{{"activities", acts.size()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    return I.Query(
        "INSERT INTO plan_version (plan_id, revision, status, activities, "
        "comment, at, actor) VALUES ($1, $2, 'draft', $3, NULL, $4, $5)",
        {plan_id, cur.revision, acts.dump(), now, c.principal->username});
  }));
  JJM_ASSIGN_OR_RETURN(PlanRow q, LoadPlan(I, plan_id));
  return PlanJson(I, q, partner.name);
}

StatusOr<Json> PartnerService::SetPlanStatus(const Caller& c, int64_t plan_id,
                                             const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"status", "comment"}));
  JJM_ASSIGN_OR_RETURN(std::string status,
                       Text(body, "", "status", true, 1, 20));
  JJM_ASSIGN_OR_RETURN(std::string comment,
                       Text(body, "", "comment", false, 0, 4000));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PlanRow p, LoadPlan(I, plan_id));
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, p.partner_id));
  const PlanVersion& cur = p.current();
  int revision = cur.revision;
  Json activities = cur.activities;
  if (status == "submitted") {
    JJM_RETURN_IF_ERROR(Impl::MayEdit(c, p.partner_id));
    if (cur.status != "draft" && cur.status != "returned") {
      return FailedPrecondition("a " + cur.status + " plan cannot be submitted",
                                "status");
    }
    if (activities.empty()) {
      return FailedPrecondition("a plan needs at least one activity",
                                "activities");
    }
  } else if (status == "returned" || status == "approved") {
    JJM_RETURN_IF_ERROR(Impl::NeedAdmin(
        c, status == "returned" ? "return plans" : "approve plans"));
    if (cur.status != "submitted") {
      return FailedPrecondition("only a submitted plan can be " + status +
                                    "; this one is " + cur.status,
                                "status");
    }
    if (status == "returned" && comment.empty()) {
      return InvalidArgument("comment: say what to change", "comment");
    }
  } else if (status == "draft") {
    JJM_RETURN_IF_ERROR(Impl::MayEdit(c, p.partner_id));
    if (cur.status != "approved") {
      return FailedPrecondition(
          "a new revision starts from an approved plan; this one is " +
              cur.status,
          "status");
    }
    ++revision;
  } else {
    return InvalidArgument(
        "status must be submitted, returned, approved or draft (a new "
        "revision)",
        "status");
  }
  JJM_ASSIGN_OR_RETURN(PartnerRow partner, LoadPartner(I, p.partner_id));
  const std::string now = FormatUtc(std::time(nullptr));
  AuditRow audit;
  audit.action = "plan." + std::string(status == "draft" ? "revise" : status);
  audit.entity = "plan";
  audit.entity_id = std::to_string(plan_id);
  audit.before =
      Json{{"status", cur.status}, {"revision", cur.revision}}.dump();
  audit.after =
      Json{{"status", status}, {"revision", revision}, {"comment", comment}}
          .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(
        int64_t vid,
        I.Insert("INSERT INTO plan_version (plan_id, revision, status, "
                 "activities, comment, at, actor) VALUES ($1, $2, $3, $4, "
                 "$5, $6, $7)",
                 {plan_id, revision, status, activities.dump(),
                  OptText(comment), now, c.principal->username}));
    if (status != "approved") return Status::Ok();
    for (const auto& a : activities) {
      JJM_ASSIGN_OR_RETURN(auto place,
                           I.Place(a["unit"].get<std::string>(), "unit"));
      for (const auto& t : a["targets"]) {
        JJM_RETURN_IF_ERROR(I.Query(
            "INSERT INTO plan_target (plan_version_id, activity, level, "
            "unit_id, state_id, theme, measure, q1, q2, q3, q4) VALUES ($1, "
            "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            {vid, a["id"].get<std::string>(), a["level"].get<std::string>(),
             static_cast<int64_t>(place.id),
             place.state == kNoUnit ? Arg(nullptr)
                                    : Arg(static_cast<int64_t>(place.state)),
             a["theme"].get<std::string>(), t["measure"].get<std::string>(),
             t["q1"].get<int64_t>(), t["q2"].get<int64_t>(),
             t["q3"].get<int64_t>(), t["q4"].get<int64_t>()}));
      }
    }
    return Status::Ok();
  }));
  JJM_ASSIGN_OR_RETURN(PlanRow q, LoadPlan(I, plan_id));
  return PlanJson(I, q, partner.name);
}

}  // namespace jjm

// ---------------------------------------------------------------------------
// Progress.

namespace jjm {
namespace {

struct ProgressVersion {
  int64_t id = 0;
  int quarter = 0;
  std::string status, comment, at, actor;
  Json body;
};

StatusOr<std::vector<ProgressVersion>> LoadProgress(PartnerService::Impl& I,
                                                    int64_t plan_id) {
  std::vector<ProgressVersion> out;
  JJM_RETURN_IF_ERROR(
      I.Query("SELECT id, quarter, status, body, comment, at, actor FROM "
              "progress_version WHERE plan_id = $1 ORDER BY id",
              {plan_id}, [&](Statement* s) {
                ProgressVersion v;
                v.id = s->ColumnInt(0);
                v.quarter = static_cast<int>(s->ColumnInt(1));
                v.status = s->ColumnText(2);
                v.body = Json::parse(s->ColumnText(3));
                v.comment = s->ColumnText(4);
                v.at = s->ColumnText(5);
                v.actor = s->ColumnText(6);
                out.push_back(std::move(v));
              }));
  return out;
}

const ProgressVersion* Latest(const std::vector<ProgressVersion>& all, int q,
                              const char* status = nullptr) {
  const ProgressVersion* found = nullptr;
  for (const ProgressVersion& v : all) {
    if (v.quarter == q && (status == nullptr || v.status == status)) found = &v;
  }
  return found;
}

Json ProgressVersionJson(const ProgressVersion& v) {
  return Json{{"version_id", v.id},     {"status", v.status},
              {"rows", v.body["rows"]}, {"evidence", v.body["evidence"]},
              {"comment", v.comment},   {"at", v.at},
              {"by", v.actor}};
}

}  // namespace

StatusOr<Json> PartnerService::GetProgress(const Caller& c, int64_t plan_id) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PlanRow p, LoadPlan(I, plan_id));
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, p.partner_id));
  JJM_ASSIGN_OR_RETURN(auto versions, LoadProgress(I, plan_id));
  JJM_ASSIGN_OR_RETURN(int y, ParseFy(p.fy, "fy"));
  Json out{{"plan_id", plan_id}, {"fy", p.fy}, {"quarters", Json::array()}};
  // Achieved per activity and measure, by quarter, from accepted reports.
  std::map<std::pair<std::string, std::string>, std::array<int64_t, 4>>
      achieved;
  for (int q = 1; q <= 4; ++q) {
    const ProgressVersion* cur = Latest(versions, q);
    const ProgressVersion* acc = Latest(versions, q, "accepted");
    Json qj{
        {"quarter", q},
        {"due_on", (QuarterEnd(y, q) + I.opt_.report_due_days).ToString()},
        {"current", cur != nullptr ? ProgressVersionJson(*cur) : Json(nullptr)},
        {"accepted",
         acc != nullptr ? ProgressVersionJson(*acc) : Json(nullptr)},
        {"history", Json::array()}};
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      if (it->quarter != q) continue;
      qj["history"].push_back({{"version_id", it->id},
                               {"status", it->status},
                               {"comment", it->comment},
                               {"at", it->at},
                               {"by", it->actor}});
    }
    out["quarters"].push_back(qj);
    if (acc != nullptr) {
      for (const auto& r : acc->body["rows"]) {
        achieved[{r["activity"].get<std::string>(),
                  r["measure"].get<std::string>()}][q - 1] +=
            r["achieved"].get<int64_t>();
      }
    }
  }
  // The approved activities with targets against what was achieved.
  Json acts = Json::array();
  if (const PlanVersion* f = p.in_force()) {
    for (const auto& a : f->activities) {
      Json aj{{"id", a["id"]},
              {"level", a["level"]},
              {"unit", a["unit"]},
              {"unit_name", a["unit_name"]},
              {"theme", a["theme"]},
              {"description", a["description"]},
              {"measures", Json::array()}};
      for (const auto& t : a["targets"]) {
        const auto& got = achieved[{a["id"].get<std::string>(),
                                    t["measure"].get<std::string>()}];
        int64_t target = 0, done = 0;
        Json quarters = Json::array();
        for (int q = 1; q <= 4; ++q) {
          const int64_t tq = t["q" + std::to_string(q)].get<int64_t>();
          target += tq;
          done += got[q - 1];
          quarters.push_back({{"target", tq},
                              {"achieved", got[q - 1]},
                              {"cumulative_target", target},
                              {"cumulative_achieved", done}});
        }
        aj["measures"].push_back({{"measure", t["measure"]},
                                  {"target", target},
                                  {"achieved", done},
                                  {"quarters", quarters}});
      }
      acts.push_back(aj);
    }
  }
  out["activities"] = acts;
  out["in_force_revision"] =
      p.in_force() != nullptr ? Json(p.in_force()->revision) : Json(nullptr);
  return out;
}

StatusOr<Json> PartnerService::SaveProgress(const Caller& c, int64_t plan_id,
                                            int quarter, const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  if (quarter < 1 || quarter > 4) {
    return InvalidArgument("quarter must be 1 to 4", "quarter");
  }
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"rows", "evidence"}));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PlanRow p, LoadPlan(I, plan_id));
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, p.partner_id));
  const PlanVersion* f = p.in_force();
  if (f == nullptr) {
    return FailedPrecondition("the " + p.fy +
                              " plan has no approved revision; progress is "
                              "reported against approved activities");
  }
  JJM_ASSIGN_OR_RETURN(int y, ParseFy(p.fy, "fy"));
  const Date starts =
      quarter == 1 ? Date::FromCivil(y, 4, 1) : QuarterEnd(y, quarter - 1) + 1;
  if (c.today < starts) {
    return FailedPrecondition("quarter " + std::to_string(quarter) + " of " +
                                  p.fy + " begins on " + starts.ToString(),
                              "quarter");
  }
  JJM_ASSIGN_OR_RETURN(auto versions, LoadProgress(I, plan_id));
  const ProgressVersion* cur = Latest(versions, quarter);
  if (cur != nullptr &&
      (cur->status == "submitted" || cur->status == "accepted")) {
    return FailedPrecondition("the report for quarter " +
                              std::to_string(quarter) + " is " + cur->status);
  }
  std::map<std::pair<std::string, std::string>, bool> allowed;
  for (const auto& a : f->activities) {
    for (const auto& t : a["targets"]) {
      allowed[{a["id"].get<std::string>(), t["measure"].get<std::string>()}] =
          true;
    }
  }
  JJM_ASSIGN_OR_RETURN(const Json* rows,
                       Array(body, "", "rows", true, 0, 2000));
  Json out_rows = Json::array();
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < rows->size(); ++i) {
    const std::string q = Item("", "rows", i);
    const Json& r = (*rows)[i];
    JJM_RETURN_IF_ERROR(
        CheckFields(r, q, {"activity", "measure", "achieved", "narrative"}));
    JJM_ASSIGN_OR_RETURN(std::string act, Text(r, q, "activity", true, 1, 20));
    JJM_ASSIGN_OR_RETURN(std::string m, Text(r, q, "measure", true, 1, 40));
    if (!allowed.count({act, m})) {
      return FailedPrecondition(q + ": activity " + act + " with measure " + m +
                                    " is not in the approved plan (revision " +
                                    std::to_string(f->revision) + ")",
                                q + ".activity");
    }
    if (!seen.insert({act, m}).second) {
      return InvalidArgument(q + " repeats " + act + " / " + m, q);
    }
    JJM_ASSIGN_OR_RETURN(int64_t v, Int(r, q, "achieved", true, 0, 10000000));
    JJM_ASSIGN_OR_RETURN(std::string narrative,
                         Text(r, q, "narrative", false, 0, 4000));
    out_rows.push_back({{"activity", act},
                        {"measure", m},
                        {"achieved", v},
                        {"narrative", narrative}});
  }
  JJM_ASSIGN_OR_RETURN(auto docs, ReadDocuments(body, "", "evidence", I.opt_));
  Json evidence = cur != nullptr && cur->body.contains("evidence")
                      ? cur->body["evidence"]
                      : Json::array();
  const std::string now = FormatUtc(std::time(nullptr));
  AuditRow audit;
  audit.action = "progress.save";
  audit.entity = "plan";
  audit.entity_id = std::to_string(plan_id);
  audit.after = Json{
      {"quarter", quarter},
      {"rows", out_rows.size()},
      {"new_evidence",
       docs.size()}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_RETURN_IF_ERROR(
        I.StoreDocuments(docs, "progress:" + std::to_string(p.partner_id), now,
                         c.principal->username, &evidence));
    return I.Query(
        "INSERT INTO progress_version (plan_id, quarter, status, body, "
        "comment, at, actor) VALUES ($1, $2, 'draft', $3, NULL, $4, $5)",
        {plan_id, quarter,
         Json{{"rows", out_rows}, {"evidence", evidence}}.dump(), now,
         c.principal->username});
  }));
  return Json{{"plan_id", plan_id},
              {"quarter", quarter},
              {"status", "draft"},
              {"rows", out_rows},
              {"evidence", evidence}};
}

StatusOr<Json> PartnerService::SetProgressStatus(const Caller& c,
                                                 int64_t plan_id, int quarter,
                                                 const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  if (quarter < 1 || quarter > 4) {
    return InvalidArgument("quarter must be 1 to 4", "quarter");
  }
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"status", "comment"}));
  JJM_ASSIGN_OR_RETURN(std::string status,
                       Text(body, "", "status", true, 1, 20));
  JJM_ASSIGN_OR_RETURN(std::string comment,
                       Text(body, "", "comment", false, 0, 4000));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PlanRow p, LoadPlan(I, plan_id));
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, p.partner_id));
  JJM_ASSIGN_OR_RETURN(auto versions, LoadProgress(I, plan_id));
  const ProgressVersion* cur = Latest(versions, quarter);
  const std::string now_status = cur != nullptr ? cur->status : "none";
  if (status == "submitted") {
    JJM_RETURN_IF_ERROR(Impl::MayEdit(c, p.partner_id));
    if (cur == nullptr ||
        (cur->status != "draft" && cur->status != "returned")) {
      return FailedPrecondition(
          "save the quarter's figures first; the report is " + now_status,
          "status");
    }
    if (cur->body["rows"].empty()) {
      return FailedPrecondition("a report needs at least one figure", "rows");
    }
  } else if (status == "returned" || status == "accepted") {
    JJM_RETURN_IF_ERROR(Impl::NeedAdmin(
        c, status == "returned" ? "return reports" : "accept reports"));
    if (cur == nullptr || cur->status != "submitted") {
      return FailedPrecondition("only a submitted report can be " + status +
                                    "; this one is " + now_status,
                                "status");
    }
    if (status == "returned" && comment.empty()) {
      return InvalidArgument("comment: say what to change", "comment");
    }
  } else {
    return InvalidArgument("status must be submitted, returned or accepted",
                           "status");
  }
  const std::string now = FormatUtc(std::time(nullptr));
  AuditRow audit;
  audit.action = "progress." + status;
  audit.entity = "plan";
  audit.entity_id = std::to_string(plan_id);
  audit.before = Json{{"quarter", quarter}, {"status", now_status}}.dump();
  audit.after =
      Json{{"quarter", quarter}, {"status", status}, {"comment", comment}}
          .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(
        int64_t vid,
        I.Insert("INSERT INTO progress_version (plan_id, quarter, status, "
                 "body, comment, at, actor) VALUES ($1, $2, $3, $4, $5, $6, "
                 "$7)",
                 {plan_id, quarter, status, cur->body.dump(), OptText(comment),
                  now, c.principal->username}));
    if (status != "accepted") return Status::Ok();
    for (const auto& r : cur->body["rows"]) {
      JJM_RETURN_IF_ERROR(I.Query(
          "INSERT INTO progress_figure (progress_version_id, activity, "
          "measure, achieved) VALUES ($1, $2, $3, $4)",
          {vid, r["activity"].get<std::string>(),
           r["measure"].get<std::string>(), r["achieved"].get<int64_t>()}));
    }
    return Status::Ok();
  }));
  return Json{{"plan_id", plan_id},
              {"quarter", quarter},
              {"status", status},
              {"comment", comment}};
}

StatusOr<Json> PartnerService::ProgressRollup(const Caller& c,
                                              const std::string& by,
                                              const std::string& fy) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  if (by != "theme" && by != "level" && by != "state" && by != "partner") {
    return InvalidArgument("by must be theme, level, state or partner", "by");
  }
  JJM_RETURN_IF_ERROR(ParseFy(fy, "fy").status());
  const bool national = Impl::IsNational(c.principal);
  std::set<int64_t> own;
  for (const Grant& g : c.principal->grants) {
    if (g.role == Role::kPartnerUser) own.insert(g.partner_id);
  }
  if (!national && own.empty()) {
    return Status(StatusCode::kPermissionDenied,
                  "progress roll-ups are for the mission and partner users");
  }
  JJM_LOCKED_IMPL;
  // Targets of the approved revision in force of each plan of the year.
  struct Key {
    int64_t plan;
    std::string activity, measure;
    bool operator<(const Key& o) const {
      return std::tie(plan, activity, measure) <
             std::tie(o.plan, o.activity, o.measure);
    }
  };
  struct Target {
    std::string group, group_name;
    int64_t target = 0;
  };
  std::map<Key, Target> targets;
  std::map<int64_t, std::string> partner_names;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT p.id, p.partner_id, t.activity, t.measure, t.theme, t.level, "
      "t.state_id, t.q1 + t.q2 + t.q3 + t.q4, n.name FROM plan p JOIN "
      "partner n ON n.id = p.partner_id JOIN plan_target t ON "
      "t.plan_version_id = (SELECT MAX(v.id) FROM plan_version v WHERE "
      "v.plan_id = p.id AND v.status = 'approved') WHERE p.fy = $1",
      {fy}, [&](Statement* s) {
        const int64_t partner = s->ColumnInt(1);
        if (!national && own.count(partner) == 0) return;
        Target t;
        if (by == "theme") {
          t.group = s->ColumnText(4);
        } else if (by == "level") {
          t.group = s->ColumnText(5);
        } else if (by == "state") {
          t.group = s->ColumnIsNull(6)
                        ? "IN"
                        : I.CodeOf(static_cast<UnitId>(s->ColumnInt(6)));
        } else {
          t.group = std::to_string(partner);
          t.group_name = s->ColumnText(8);
        }
        t.target = s->ColumnInt(7);
        targets[{s->ColumnInt(0), std::string(s->ColumnText(2)),
                 std::string(s->ColumnText(3))}] = t;
      }));
  std::map<Key, int64_t> achieved;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT v.plan_id, f.activity, f.measure, f.achieved FROM "
      "progress_figure f JOIN progress_version v ON v.id = "
      "f.progress_version_id JOIN plan p ON p.id = v.plan_id WHERE p.fy = $1 "
      "AND v.id = (SELECT MAX(w.id) FROM progress_version w WHERE w.plan_id = "
      "v.plan_id AND w.quarter = v.quarter AND w.status = 'accepted')",
      {fy}, [&](Statement* s) {
        achieved[{s->ColumnInt(0), std::string(s->ColumnText(1)),
                  std::string(s->ColumnText(2))}] += s->ColumnInt(3);
      }));
  struct Sum {
    std::string name;
    int64_t target = 0, achieved = 0, activities = 0;
  };
  std::map<std::pair<std::string, std::string>, Sum> sums;  // group, measure
  for (const auto& [k, t] : targets) {
    Sum& s = sums[{t.group, k.measure}];
    s.name = t.group_name;
    s.target += t.target;
    ++s.activities;
    auto it = achieved.find(k);
    if (it != achieved.end()) s.achieved += it->second;
  }
  Json out{{"fy", fy}, {"by", by}, {"rows", Json::array()}};
  for (const auto& [k, s] : sums) {
    std::string name = s.name;
    if (by == "state") {
      if (k.first == "IN") {
        name = "National level";
      } else {
        auto place = I.Place(k.first, "state");
        name = place.ok() ? place->name : k.first;
      }
    } else if (name.empty()) {
      name = k.first;
    }
    out["rows"].push_back(
        {{"key", k.first},
         {"name", name},
         {"measure", k.second},
         {"activities", s.activities},
         {"target", s.target},
         {"achieved", s.achieved},
         {"pct", s.target > 0
                     ? Json(std::round(1000.0 * s.achieved / s.target) / 10)
                     : Json(nullptr)}});
  }
  return out;
}

StatusOr<Json> PartnerService::Overdue(const Caller& c, const std::string& fy) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  JJM_ASSIGN_OR_RETURN(int y, ParseFy(fy, "fy"));
  JJM_LOCKED_IMPL;
  std::vector<std::pair<int64_t, std::string>> plans;  // plan, partner name
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT p.id, n.name FROM plan p JOIN partner n ON n.id = p.partner_id "
      "WHERE p.fy = $1 AND EXISTS (SELECT 1 FROM plan_version v WHERE "
      "v.plan_id = p.id AND v.status = 'approved') ORDER BY n.name",
      {fy}, [&](Statement* s) {
        plans.emplace_back(s->ColumnInt(0), std::string(s->ColumnText(1)));
      }));
  Json out{
      {"fy", fy}, {"as_of", c.today.ToString()}, {"overdue", Json::array()}};
  for (const auto& [plan_id, name] : plans) {
    JJM_ASSIGN_OR_RETURN(PlanRow p, LoadPlan(I, plan_id));
    JJM_ASSIGN_OR_RETURN(auto versions, LoadProgress(I, plan_id));
    // Quarters with something planned in the approved revision.
    int64_t planned[5] = {0, 0, 0, 0, 0};
    if (const PlanVersion* f = p.in_force()) {
      for (const auto& a : f->activities) {
        for (const auto& t : a["targets"]) {
          for (int q = 1; q <= 4; ++q) {
            planned[q] += t["q" + std::to_string(q)].get<int64_t>();
          }
        }
      }
    }
    for (int q = 1; q <= 4; ++q) {
      const Date due = QuarterEnd(y, q) + I.opt_.report_due_days;
      if (!(due < c.today) || planned[q] == 0) continue;
      const ProgressVersion* cur = Latest(versions, q);
      const std::string st = cur != nullptr ? cur->status : "none";
      if (st == "submitted" || st == "accepted") continue;
      out["overdue"].push_back(
          {{"partner", {{"id", p.partner_id}, {"name", name}}},
           {"plan_id", plan_id},
           {"quarter", q},
           {"due_on", due.ToString()},
           {"days_overdue", c.today - due},
           {"status", st}});
    }
  }
  return out;
}

StatusOr<Json> PartnerService::Queue(const Caller& c) {
  JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  JJM_LOCKED_IMPL;
  Json out{{"plans", Json::array()}, {"reports", Json::array()}};
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT p.id, p.fy, n.id, n.name, v.revision, v.at FROM plan p JOIN "
      "partner n ON n.id = p.partner_id JOIN plan_version v ON v.id = (SELECT "
      "MAX(w.id) FROM plan_version w WHERE w.plan_id = p.id) WHERE v.status = "
      "'submitted' ORDER BY v.at",
      {}, [&](Statement* s) {
        out["plans"].push_back(
            {{"plan_id", s->ColumnInt(0)},
             {"fy", s->ColumnText(1)},
             {"partner", {{"id", s->ColumnInt(2)}, {"name", s->ColumnText(3)}}},
             {"revision", s->ColumnInt(4)},
             {"submitted_at", s->ColumnText(5)}});
      }));
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT p.id, p.fy, n.id, n.name, v.quarter, v.at FROM progress_version "
      "v JOIN plan p ON p.id = v.plan_id JOIN partner n ON n.id = "
      "p.partner_id WHERE v.status = 'submitted' AND v.id = (SELECT MAX(w.id) "
      "FROM progress_version w WHERE w.plan_id = v.plan_id AND w.quarter = "
      "v.quarter) ORDER BY v.at",
      {}, [&](Statement* s) {
        out["reports"].push_back(
            {{"plan_id", s->ColumnInt(0)},
             {"fy", s->ColumnText(1)},
             {"partner", {{"id", s->ColumnInt(2)}, {"name", s->ColumnText(3)}}},
             {"quarter", s->ColumnInt(4)},
             {"submitted_at", s->ColumnText(5)}});
      }));
  return out;
}

}  // namespace jjm

// ---------------------------------------------------------------------------
// Master trainers, trainings, knowledge and social audits.

namespace jjm {
namespace {

// Partner ids whose records the caller may see, or null for all.
std::optional<std::set<int64_t>> VisiblePartners(const Principal* p) {
  if (PartnerService::Impl::IsNational(p)) return std::nullopt;
  std::set<int64_t> own;
  for (const Grant& g : p->grants) {
    if (g.role == Role::kPartnerUser) own.insert(g.partner_id);
  }
  return own;
}

Json TrainerJson(Statement* s) {
  Json details = Json::parse(s->ColumnText(5));
  return Json{{"id", s->ColumnInt(0)},
              {"partner_id", s->ColumnInt(1)},
              {"name", s->ColumnText(2)},
              {"gender", s->ColumnText(3)},
              {"phone", s->ColumnText(4)},
              {"skills", details["skills"]},
              {"languages", details["languages"]},
              {"districts", details["districts"]},
              {"active", s->ColumnInt(6) != 0},
              {"created_at", s->ColumnText(7)}};
}

}  // namespace

StatusOr<Json> PartnerService::ListTrainers(const Caller& c,
                                            int64_t partner_id) {
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, partner_id));
  JJM_LOCKED_IMPL;
  JJM_RETURN_IF_ERROR(LoadPartner(I, partner_id).status());
  Json out{{"trainers", Json::array()}};
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id, partner_id, name, gender, phone, details, active, "
      "created_at FROM trainer WHERE partner_id = $1 ORDER BY name, id",
      {partner_id},
      [&](Statement* s) { out["trainers"].push_back(TrainerJson(s)); }));
  return out;
}

StatusOr<Json> PartnerService::AddTrainer(const Caller& c, int64_t partner_id,
                                          const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(CheckFields(
      body, "",
      {"name", "gender", "phone", "skills", "languages", "districts"}));
  JJM_ASSIGN_OR_RETURN(std::string name, Text(body, "", "name", true, 2, 120));
  JJM_ASSIGN_OR_RETURN(std::string gender,
                       Text(body, "", "gender", true, 1, 10));
  if (gender != "female" && gender != "male" && gender != "other") {
    return InvalidArgument("gender must be female, male or other", "gender");
  }
  JJM_ASSIGN_OR_RETURN(std::string phone,
                       Text(body, "", "phone", false, 0, 20));
  if (!phone.empty() && !LooksLikePhone(phone)) {
    return InvalidArgument("phone must have 8 to 15 digits", "phone");
  }
  JJM_ASSIGN_OR_RETURN(auto skills, Texts(body, "", "skills", 20, 100));
  if (skills.empty()) {
    return InvalidArgument("skills: name at least one skill", "skills");
  }
  JJM_ASSIGN_OR_RETURN(auto languages, Texts(body, "", "languages", 20, 40));
  if (languages.empty()) {
    return InvalidArgument("languages: name at least one language",
                           "languages");
  }
  JJM_ASSIGN_OR_RETURN(auto districts, Texts(body, "", "districts", 100, 40));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PartnerRow partner, LoadPartner(I, partner_id));
  Json dcodes = Json::array();
  for (size_t i = 0; i < districts.size(); ++i) {
    const std::string field = Item("", "districts", i);
    JJM_ASSIGN_OR_RETURN(auto place, I.Place(districts[i], field));
    if (place.level != Level::kDistrict) {
      return InvalidArgument(field + ": " + place.code + " is not a district",
                             field);
    }
    if (!WorksAt(I, partner, place.id)) {
      return Status(
          StatusCode::kPermissionDenied,
          field + ": " + partner.name + " does not work in " + place.name,
          field);
    }
    dcodes.push_back(place.code);
  }
  const std::string now = FormatUtc(std::time(nullptr));
  Json details{
      {"skills", skills}, {"languages", languages}, {"districts", dcodes}};
  int64_t id = 0;
  AuditRow audit;
  audit.action = "trainer.create";
  audit.entity = "trainer";
  audit.after = Json{
      {"partner", partner.name},
      {"name", name},
      {"gender", gender},
      {"details",
       details}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(
        id, I.Insert("INSERT INTO trainer (partner_id, name, gender, phone, "
                     "details, active, created_at, created_by) VALUES ($1, "
                     "$2, $3, $4, $5, 1, $6, $7)",
                     {partner_id, name, gender, OptText(phone), details.dump(),
                      now, c.principal->username}));
    return Status::Ok();
  }));
  return Json{{"id", id},
              {"partner_id", partner_id},
              {"name", name},
              {"gender", gender},
              {"phone", phone},
              {"skills", skills},
              {"languages", languages},
              {"districts", dcodes},
              {"active", true},
              {"created_at", now}};
}

StatusOr<Json> PartnerService::ListTrainings(const Caller& c,
                                             int64_t partner_id) {
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, partner_id));
  JJM_LOCKED_IMPL;
  JJM_RETURN_IF_ERROR(LoadPartner(I, partner_id).status());
  Json out{{"trainings", Json::array()}};
  std::vector<Json> rows;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT t.id, t.kind, t.day, t.unit_id, t.topic, t.female, t.male, "
      "t.other, t.vwsc_members, t.ftk_women, t.pri_members, "
      "t.frontline_workers, t.note, t.trainer_id, r.name FROM training t "
      "LEFT JOIN trainer r ON r.id = t.trainer_id WHERE t.partner_id = $1 "
      "ORDER BY t.day DESC, t.id DESC LIMIT 1000",
      {partner_id}, [&](Statement* s) {
        rows.push_back(
            {{"id", s->ColumnInt(0)},
             {"kind", s->ColumnText(1)},
             {"date",
              Date::FromDays(static_cast<int32_t>(s->ColumnInt(2))).ToString()},
             {"unit_id", s->ColumnInt(3)},
             {"topic", s->ColumnText(4)},
             {"participants",
              {{"female", s->ColumnInt(5)},
               {"male", s->ColumnInt(6)},
               {"other", s->ColumnInt(7)},
               {"total", s->ColumnInt(5) + s->ColumnInt(6) + s->ColumnInt(7)}}},
             {"roles",
              {{"vwsc_members", s->ColumnInt(8)},
               {"ftk_women", s->ColumnInt(9)},
               {"pri_members", s->ColumnInt(10)},
               {"frontline_workers", s->ColumnInt(11)}}},
             {"note", s->ColumnText(12)},
             {"trainer", s->ColumnIsNull(13)
                             ? Json(nullptr)
                             : Json{{"id", s->ColumnInt(13)},
                                    {"name", s->ColumnText(14)}}}});
      }));
  I.NamePlaces(&rows, "unit_id", "place", &out["trainings"]);
  return out;
}

StatusOr<Json> PartnerService::AddTraining(const Caller& c, int64_t partner_id,
                                           const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"kind", "date", "place", "topic", "trainer_id",
                   "participants", "roles", "note"}));
  JJM_ASSIGN_OR_RETURN(std::string kind, Text(body, "", "kind", true, 1, 20));
  if (kind != "training" && kind != "community_event") {
    return InvalidArgument("kind must be training or community_event", "kind");
  }
  JJM_ASSIGN_OR_RETURN(Date day, PastDate(body, "date", c.today));
  if (day < Date::FromCivil(2019, 8, 15)) {
    return InvalidArgument("date is before the mission began (2019-08-15)",
                           "date");
  }
  JJM_ASSIGN_OR_RETURN(std::string code, Text(body, "", "place", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(std::string topic,
                       Text(body, "", "topic", true, 3, 300));
  JJM_ASSIGN_OR_RETURN(int64_t trainer,
                       Int(body, "", "trainer_id", false, 1, INT64_MAX, 0));
  JJM_ASSIGN_OR_RETURN(std::string note,
                       Text(body, "", "note", false, 0, 2000));
  if (!body.contains("participants")) {
    return InvalidArgument("participants is required", "participants");
  }
  const Json& pj = body["participants"];
  JJM_RETURN_IF_ERROR(
      CheckFields(pj, "participants", {"female", "male", "other"}));
  JJM_ASSIGN_OR_RETURN(int64_t female,
                       Int(pj, "participants", "female", true, 0, 100000));
  JJM_ASSIGN_OR_RETURN(int64_t male,
                       Int(pj, "participants", "male", true, 0, 100000));
  JJM_ASSIGN_OR_RETURN(int64_t other,
                       Int(pj, "participants", "other", false, 0, 100000, 0));
  const int64_t total = female + male + other;
  if (total == 0) {
    return InvalidArgument("participants: nobody took part", "participants");
  }
  Json rj = body.contains("roles") ? body["roles"] : Json::object();
  JJM_RETURN_IF_ERROR(CheckFields(
      rj, "roles",
      {"vwsc_members", "ftk_women", "pri_members", "frontline_workers"}));
  int64_t roles[4];
  const char* role_names[4] = {"vwsc_members", "ftk_women", "pri_members",
                               "frontline_workers"};
  for (int i = 0; i < 4; ++i) {
    JJM_ASSIGN_OR_RETURN(roles[i],
                         Int(rj, "roles", role_names[i], false, 0, 100000, 0));
    if (roles[i] > total) {
      return InvalidArgument(std::string("roles.") + role_names[i] +
                                 " is more than the participants (" +
                                 std::to_string(total) + ")",
                             std::string("roles.") + role_names[i]);
    }
  }
  if (roles[1] > female) {
    return InvalidArgument(
        "roles.ftk_women is more than the women taking part (" +
            std::to_string(female) + ")",
        "roles.ftk_women");
  }
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PartnerRow partner, LoadPartner(I, partner_id));
  JJM_ASSIGN_OR_RETURN(auto place, I.Place(code, "place"));
  if (place.level != Level::kVillage && place.level != Level::kHabitation) {
    return InvalidArgument(
        "place: " + place.code + " is not a village or habitation", "place");
  }
  if (!WorksAt(I, partner, place.id)) {
    return Status(StatusCode::kPermissionDenied,
                  "place: " + partner.name + " does not work where " +
                      place.name + " (" + place.code + ") is",
                  "place");
  }
  if (trainer != 0) {
    int64_t owner = 0;
    JJM_RETURN_IF_ERROR(
        I.Query("SELECT partner_id FROM trainer WHERE id = $1", {trainer},
                [&](Statement* s) { owner = s->ColumnInt(0); }));
    if (owner != partner_id) {
      return InvalidArgument("trainer_id: no master trainer " +
                                 std::to_string(trainer) + " of " +
                                 partner.name,
                             "trainer_id");
    }
  }
  const std::string now = FormatUtc(std::time(nullptr));
  Json record{{"kind", kind},
              {"date", day.ToString()},
              {"place", place.code},
              {"topic", topic},
              {"participants",
               {{"female", female},
                {"male", male},
                {"other", other},
                {"total", total}}},
              {"roles",
               {{"vwsc_members", roles[0]},
                {"ftk_women", roles[1]},
                {"pri_members", roles[2]},
                {"frontline_workers", roles[3]}}}};
  int64_t id = 0;
  AuditRow audit;
  audit.action = "training.create";
  audit.entity = "training";
  audit.unit_id = place.id;
  audit.unit_path = I.UnitPath(place.id);
  audit.after = record.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(
        id, I.Insert("INSERT INTO training (partner_id, trainer_id, kind, "
                     "day, unit_id, village_id, topic, female, male, other, "
                     "vwsc_members, ftk_women, pri_members, "
                     "frontline_workers, note, created_at, created_by) VALUES "
                     "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                     "$13, $14, $15, $16, $17)",
                     {partner_id, trainer != 0 ? Arg(trainer) : Arg(nullptr),
                      kind, static_cast<int64_t>(day.days()),
                      static_cast<int64_t>(place.id),
                      static_cast<int64_t>(place.village), topic, female, male,
                      other, roles[0], roles[1], roles[2], roles[3],
                      OptText(note), now, c.principal->username}));
    return Status::Ok();
  }));
  record["id"] = id;
  record["place"] = I.PlaceJson(place.id);
  return record;
}

StatusOr<Json> PartnerService::TrainingCoverage(const Caller& c,
                                                const std::string& parent,
                                                const std::string& level) {
  JJM_LOCKED_IMPL;
  auto found = I.Place(parent.empty() ? "IN" : parent, "parent");
  if (!found.ok()) {
    return NotFound("no place has code '" + parent + "'", "parent");
  }
  const auto top = *found;
  // By default, the level below the parent.
  auto lv = level.empty() ? std::optional<Level>(static_cast<Level>(
                                static_cast<int>(top.level) + 1))
                          : ParseLevel(level);
  if (!lv || *lv == Level::kNation || *lv > Level::kVillage) {
    return InvalidArgument(
        "level must be state, district, block, gp or village", "level");
  }
  if (*lv <= top.level) {
    return InvalidArgument("level must lie below the parent's", "level");
  }
  struct VillageTraining {
    int64_t trainings = 0, participants = 0, women = 0, ftk_women = 0;
  };
  std::unordered_map<UnitId, VillageTraining> by_village;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT village_id, COUNT(*), SUM(female + male + other), SUM(female), "
      "SUM(ftk_women) FROM training GROUP BY village_id",
      {}, [&](Statement* s) {
        by_village[static_cast<UnitId>(s->ColumnInt(0))] = {
            s->ColumnInt(1), s->ColumnInt(2), s->ColumnInt(3), s->ColumnInt(4)};
      }));
  const Date today = c.today;
  return I.coverage_->Read([&](const Hierarchy& h, const CoverageIndex& idx) {
    Json out{{"parent", I.PlaceJson(top.id)},
             {"level", std::string(LevelName(*lv))},
             {"as_of", today.ToString()},
             {"rows", Json::array()}};
    int64_t tv = 0, tt = 0, tp = 0, tw = 0, tf = 0;
    Metrics total;
    h.ForEachAtLevel(top.id, *lv, [&](UnitId u) {
      int64_t villages_trained = 0, trainings = 0, participants = 0, women = 0,
              ftk = 0;
      h.ForEachVillage(u, [&](UnitId v) {
        auto it = by_village.find(v);
        if (it == by_village.end()) return;
        ++villages_trained;
        trainings += it->second.trainings;
        participants += it->second.participants;
        women += it->second.women;
        ftk += it->second.ftk_women;
      });
      const Metrics m = idx.At(u, today);
      total += m;
      tv += villages_trained;
      tt += trainings;
      tp += participants;
      tw += women;
      tf += ftk;
      const auto& p = h.Get(u);
      out["rows"].push_back(
          {{"code", p.code},
           {"name", p.name},
           {"villages", m.villages},
           {"villages_trained", villages_trained},
           {"pct_villages_trained",
            m.villages > 0
                ? std::round(1000.0 * villages_trained / m.villages) / 10
                : 0.0},
           {"trainings", trainings},
           {"participants", participants},
           {"women", women},
           {"ftk_women", ftk},
           {"total_hh", m.total_hh},
           {"hh_with_tap", m.hh_with_tap},
           {"pct_hh_with_tap",
            m.total_hh > 0
                ? std::round(1000.0 * m.hh_with_tap / m.total_hh) / 10
                : 0.0}});
    });
    out["total"] = {
        {"villages", total.villages},
        {"villages_trained", tv},
        {"pct_villages_trained",
         total.villages > 0 ? std::round(1000.0 * tv / total.villages) / 10
                            : 0.0},
        {"trainings", tt},
        {"participants", tp},
        {"women", tw},
        {"ftk_women", tf},
        {"total_hh", total.total_hh},
        {"hh_with_tap", total.hh_with_tap},
        {"pct_hh_with_tap",
         total.total_hh > 0
             ? std::round(1000.0 * total.hh_with_tap / total.total_hh) / 10
             : 0.0}};
    return StatusOr<Json>(out);
  });
}

StatusOr<Json> PartnerService::ListKnowledge(const Caller& c,
                                             const std::string& kind,
                                             int64_t partner_id) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  if (!kind.empty() && !OneOf(kKnowledgeKinds, kind)) {
    return InvalidArgument(
        "kind must be best_practice, replicable_model, workshop or conference",
        "kind");
  }
  JJM_LOCKED_IMPL;
  Json out{{"records", Json::array()}};
  std::vector<Json> rows;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT k.id, k.partner_id, n.name, k.kind, k.title, k.unit_id, "
      "k.theme, k.day, k.participants, k.body, k.created_at FROM knowledge k "
      "LEFT JOIN partner n ON n.id = k.partner_id WHERE ($1 = '' OR k.kind = "
      "$1) AND ($2 = 0 OR k.partner_id = $2) ORDER BY k.day DESC, k.id DESC "
      "LIMIT 500",
      {kind, partner_id}, [&](Statement* s) {
        Json b = Json::parse(s->ColumnText(9));
        rows.push_back(
            {{"id", s->ColumnInt(0)},
             {"partner", {{"id", s->ColumnInt(1)}, {"name", s->ColumnText(2)}}},
             {"kind", s->ColumnText(3)},
             {"title", s->ColumnText(4)},
             {"unit_id", s->ColumnInt(5)},
             {"theme", s->ColumnText(6)},
             {"date",
              Date::FromDays(static_cast<int32_t>(s->ColumnInt(7))).ToString()},
             {"participants",
              s->ColumnIsNull(8) ? Json(nullptr) : Json(s->ColumnInt(8))},
             {"what_was_done", b["what_was_done"]},
             {"results", b["results"]},
             {"evidence", b["evidence"]},
             {"created_at", s->ColumnText(10)}});
      }));
  I.NamePlaces(&rows, "unit_id", "place", &out["records"]);
  return out;
}

StatusOr<Json> PartnerService::AddKnowledge(const Caller& c, int64_t partner_id,
                                            const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "",
                  {"kind", "title", "place", "theme", "date", "participants",
                   "what_was_done", "results", "evidence"}));
  JJM_ASSIGN_OR_RETURN(std::string kind, Text(body, "", "kind", true, 1, 30));
  if (!OneOf(kKnowledgeKinds, kind)) {
    return InvalidArgument(
        "kind must be best_practice, replicable_model, workshop or conference",
        "kind");
  }
  JJM_ASSIGN_OR_RETURN(std::string title,
                       Text(body, "", "title", true, 3, 300));
  JJM_ASSIGN_OR_RETURN(std::string code, Text(body, "", "place", false, 1, 40));
  JJM_ASSIGN_OR_RETURN(std::string theme, Text(body, "", "theme", true, 1, 40));
  if (!OneOf(kActivityThemes, theme)) {
    return InvalidArgument("theme is not one of the mission's thematic areas",
                           "theme");
  }
  JJM_ASSIGN_OR_RETURN(Date day, PastDate(body, "date", c.today));
  const bool event = kind == "workshop" || kind == "conference";
  JJM_ASSIGN_OR_RETURN(int64_t participants,
                       Int(body, "", "participants", event, 1, 1000000, 0));
  JJM_ASSIGN_OR_RETURN(std::string what,
                       Text(body, "", "what_was_done", true, 10, 8000));
  JJM_ASSIGN_OR_RETURN(std::string results,
                       Text(body, "", "results", false, 0, 8000));
  JJM_ASSIGN_OR_RETURN(auto docs,
                       ReadDocuments(body, "", "evidence", impl_->opt_));
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PartnerRow partner, LoadPartner(I, partner_id));
  JJM_ASSIGN_OR_RETURN(auto place,
                       I.Place(code.empty() ? "IN" : code, "place"));
  if (!WorksAt(I, partner, place.id)) {
    return Status(StatusCode::kPermissionDenied,
                  "place: " + partner.name + " does not work in " + place.name,
                  "place");
  }
  const std::string now = FormatUtc(std::time(nullptr));
  Json evidence = Json::array();
  int64_t id = 0;
  AuditRow audit;
  audit.action = "knowledge.create";
  audit.entity = "knowledge";
  audit.unit_id = place.id;
  audit.unit_path = I.UnitPath(place.id);
  audit.after = Json{{"kind", kind},
                     {"title", title},
                     {"place", place.code},
                     {"date", day.ToString()}}
                    .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_RETURN_IF_ERROR(
        I.StoreDocuments(docs, "knowledge:" + std::to_string(partner_id), now,
                         c.principal->username, &evidence));
    Json b{
        {"what_was_done", what}, {"results", results}, {"evidence", evidence}};
    JJM_ASSIGN_OR_RETURN(
        id, I.Insert("INSERT INTO knowledge (partner_id, kind, title, "
                     "unit_id, theme, day, participants, body, created_at, "
                     "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                     "$10)",
                     {partner_id, kind, title, static_cast<int64_t>(place.id),
                      theme, static_cast<int64_t>(day.days()),
                      participants > 0 ? Arg(participants) : Arg(nullptr),
                      b.dump(), now, c.principal->username}));
    return Status::Ok();
  }));
  return Json{
      {"id", id},
      {"partner", {{"id", partner_id}, {"name", partner.name}}},
      {"kind", kind},
      {"title", title},
      {"place", I.PlaceJson(place.id)},
      {"theme", theme},
      {"date", day.ToString()},
      {"participants", participants > 0 ? Json(participants) : Json(nullptr)},
      {"what_was_done", what},
      {"results", results},
      {"evidence", evidence},
      {"created_at", now}};
}

namespace {

Json ActionJson(Statement* s, int from) {
  return Json{
      {"id", s->ColumnInt(from)},
      {"action", s->ColumnText(from + 1)},
      {"owner", s->ColumnText(from + 2)},
      {"due_on", s->ColumnIsNull(from + 3) ? Json(nullptr)
                                           : Json(s->ColumnText(from + 3))},
      {"status", s->ColumnText(from + 4)},
      {"updated_at", s->ColumnText(from + 5)},
      {"updated_by", s->ColumnText(from + 6)}};
}

}  // namespace

StatusOr<Json> PartnerService::ListSocialAudits(const Caller& c,
                                                int64_t partner_id) {
  JJM_RETURN_IF_ERROR(Impl::MayRead(c, partner_id));
  JJM_LOCKED_IMPL;
  JJM_RETURN_IF_ERROR(LoadPartner(I, partner_id).status());
  Json out{{"social_audits", Json::array()}};
  std::map<int64_t, size_t> at;
  std::vector<Json> rows;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id, village_id, day, findings, created_at, created_by FROM "
      "social_audit WHERE partner_id = $1 ORDER BY day DESC, id DESC",
      {partner_id}, [&](Statement* s) {
        at[s->ColumnInt(0)] = rows.size();
        rows.push_back(
            {{"id", s->ColumnInt(0)},
             {"village_id", s->ColumnInt(1)},
             {"date",
              Date::FromDays(static_cast<int32_t>(s->ColumnInt(2))).ToString()},
             {"findings", s->ColumnText(3)},
             {"created_at", s->ColumnText(4)},
             {"created_by", s->ColumnText(5)},
             {"actions", Json::array()}});
      }));
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT a.social_audit_id, a.id, a.action, a.owner, a.due_on, a.status, "
      "a.updated_at, a.updated_by FROM audit_action a JOIN social_audit s ON "
      "s.id = a.social_audit_id WHERE s.partner_id = $1 ORDER BY a.id",
      {partner_id}, [&](Statement* s) {
        auto it = at.find(s->ColumnInt(0));
        if (it != at.end())
          rows[it->second]["actions"].push_back(ActionJson(s, 1));
      }));
  I.NamePlaces(&rows, "village_id", "village", &out["social_audits"]);
  return out;
}

StatusOr<Json> PartnerService::AddSocialAudit(const Caller& c,
                                              int64_t partner_id,
                                              const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::MayEdit(c, partner_id));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"village", "date", "findings", "actions"}));
  JJM_ASSIGN_OR_RETURN(std::string code,
                       Text(body, "", "village", true, 1, 40));
  JJM_ASSIGN_OR_RETURN(Date day, PastDate(body, "date", c.today));
  JJM_ASSIGN_OR_RETURN(std::string findings,
                       Text(body, "", "findings", true, 10, 8000));
  JJM_ASSIGN_OR_RETURN(const Json* acts,
                       Array(body, "", "actions", false, 0, 50));
  struct NewAction {
    std::string action, owner, due;
  };
  std::vector<NewAction> actions;
  for (size_t i = 0; i < acts->size(); ++i) {
    const std::string q = Item("", "actions", i);
    const Json& a = (*acts)[i];
    JJM_RETURN_IF_ERROR(CheckFields(a, q, {"action", "owner", "due_on"}));
    NewAction na;
    JJM_ASSIGN_OR_RETURN(na.action, Text(a, q, "action", true, 3, 1000));
    JJM_ASSIGN_OR_RETURN(na.owner, Text(a, q, "owner", true, 2, 200));
    JJM_ASSIGN_OR_RETURN(Date due, DateField(a, q, "due_on", false, Date()));
    if (a.contains("due_on") && !a["due_on"].is_null()) na.due = due.ToString();
    actions.push_back(na);
  }
  JJM_LOCKED_IMPL;
  JJM_ASSIGN_OR_RETURN(PartnerRow partner, LoadPartner(I, partner_id));
  JJM_ASSIGN_OR_RETURN(auto place, I.Place(code, "village"));
  if (place.level != Level::kVillage) {
    return InvalidArgument("village: " + place.code + " is not a village",
                           "village");
  }
  if (!WorksAt(I, partner, place.id)) {
    return Status(StatusCode::kPermissionDenied,
                  "village: " + partner.name + " does not work where " +
                      place.name + " is",
                  "village");
  }
  const std::string now = FormatUtc(std::time(nullptr));
  int64_t id = 0;
  AuditRow audit;
  audit.action = "social_audit.create";
  audit.entity = "social_audit";
  audit.unit_id = place.id;
  audit.unit_path = I.UnitPath(place.id);
  audit.after = Json{{"village", place.code},
                     {"date", day.ToString()},
                     {"actions", actions.size()}}
                    .dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    JJM_ASSIGN_OR_RETURN(
        id, I.Insert("INSERT INTO social_audit (partner_id, village_id, day, "
                     "findings, created_at, created_by) VALUES ($1, $2, $3, "
                     "$4, $5, $6)",
                     {partner_id, static_cast<int64_t>(place.id),
                      static_cast<int64_t>(day.days()), findings, now,
                      c.principal->username}));
    for (const NewAction& a : actions) {
      JJM_RETURN_IF_ERROR(I.Query(
          "INSERT INTO audit_action (social_audit_id, action, owner, due_on, "
          "status, updated_at, updated_by) VALUES ($1, $2, $3, $4, 'open', "
          "$5, $6)",
          {id, a.action, a.owner, OptText(a.due), now, c.principal->username}));
    }
    return Status::Ok();
  }));
  Json out{{"id", id},
           {"village", I.PlaceJson(place.id)},
           {"date", day.ToString()},
           {"findings", findings},
           {"actions", Json::array()}};
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id, action, owner, due_on, status, updated_at, updated_by FROM "
      "audit_action WHERE social_audit_id = $1 ORDER BY id",
      {id}, [&](Statement* s) { out["actions"].push_back(ActionJson(s, 0)); }));
  return out;
}

StatusOr<Json> PartnerService::UpdateAuditAction(const Caller& c,
                                                 int64_t action_id,
                                                 const Json& body) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"status"}));
  JJM_ASSIGN_OR_RETURN(std::string status,
                       Text(body, "", "status", true, 1, 20));
  if (!OneOf(kActionStatuses, status)) {
    return InvalidArgument("status must be open, in_progress, done or dropped",
                           "status");
  }
  JJM_LOCKED_IMPL;
  int64_t partner = 0, village = 0;
  std::string before;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT s.partner_id, s.village_id, a.status FROM audit_action a JOIN "
      "social_audit s ON s.id = a.social_audit_id WHERE a.id = $1",
      {action_id}, [&](Statement* s) {
        partner = s->ColumnInt(0);
        village = s->ColumnInt(1);
        before = s->ColumnText(2);
      }));
  if (before.empty())
    return NotFound("no follow-up action " + std::to_string(action_id));
  // The partner, or an official whose scope holds the village, follows up.
  if (!Impl::ActsFor(c.principal, partner) &&
      !(I.InScopeOf(c.principal, static_cast<UnitId>(village)) &&
        !Impl::Has(c.principal, Role::kNationalViewer))) {
    return Status(StatusCode::kPermissionDenied,
                  "only the partner or an official of the village's area may "
                  "update its follow-up");
  }
  const std::string now = FormatUtc(std::time(nullptr));
  AuditRow audit;
  audit.action = "audit_action.update";
  audit.entity = "audit_action";
  audit.entity_id = std::to_string(action_id);
  audit.unit_id = village;
  audit.unit_path = I.UnitPath(static_cast<UnitId>(village));
  audit.before = Json{{"status", before}}.dump();
  audit.after = Json{{"status", status}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&]() -> Status {
    return I.Query(
        "UPDATE audit_action SET status = $1, updated_at = $2, updated_by = "
        "$3 WHERE id = $4",
        {status, now, c.principal->username, action_id});
  }));
  Json out;
  JJM_RETURN_IF_ERROR(I.Query(
      "SELECT id, action, owner, due_on, status, updated_at, updated_by FROM "
      "audit_action WHERE id = $1",
      {action_id}, [&](Statement* s) { out = ActionJson(s, 0); }));
  return out;
}

}  // namespace jjm
