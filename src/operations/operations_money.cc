// O&M money: a committee's monthly accounts (corrections are new
// versions), the bills attached to them, the fund's balance month by month
// and the collection efficiency by place, from sums kept in memory.
#include <algorithm>
#include <set>

#include "accounts/crypto.h"
#include "base/strings.h"
#include "operations/operations_internal.h"
#include "store/audited_write.h"

namespace jjm {

MonthlyAccount ToMonthly(const OmAccountRow& r) {
  MonthlyAccount a;
  a.month = static_cast<int32_t>(r.month);
  a.households = r.households;
  a.tariff_paise = r.tariff_paise;
  a.collected_paise = r.collected_paise;
  for (int i = 0; i < kExpenseHeads; ++i) a.spent_paise[i] = r.spent_paise[i];
  return a;
}

// --- the state
// ------------------------------------------------------------------

void OperationsService::Impl::ApplyAccount(const OmAccountRow& r,
                                           const std::vector<UnitId>& places) {
  MoneyState& m = money_[r.committee_id];
  const int32_t month = static_cast<int32_t>(r.month);
  auto old = m.months.find(month);
  if (old != m.months.end() && old->second.version >= r.version) return;
  for (UnitId u : places) {
    CollectionSums& s = money_sums_[u][month];
    if (old != m.months.end()) s.Remove(ToMonthly(old->second));
    s.Add(ToMonthly(r));
  }
  m.months[month] = r;
}

void OperationsService::Impl::ApplyOpening(const OmOpeningRow& r) {
  MoneyState& m = money_[r.committee_id];
  if (r.version <= m.opening_version) return;
  m.opening_version = r.version;
  m.opening_paise = r.opening_paise;
}

std::vector<UnitId> OperationsService::Impl::PlacesUp(UnitId unit) const {
  return Places([&](const Hierarchy& h, const CoverageIndex&) {
    std::vector<UnitId> out = h.Path(unit);
    out.push_back(unit);
    return out;
  });
}

Status OperationsService::Impl::LoadMoney(OperationsStore& s) {
  money_.clear();
  money_sums_.clear();
  std::map<int64_t, std::vector<UnitId>> up;
  for (const auto& [id, c] : committees_) {
    up[id] = PlacesUp(static_cast<UnitId>(c.row.unit_id));
  }
  JJM_RETURN_IF_ERROR(s.EachOmAccount(
      [&](const OmAccountRow& r) { ApplyAccount(r, up[r.committee_id]); }));
  return s.EachOmOpening([&](const OmOpeningRow& r) { ApplyOpening(r); });
}

namespace {

using Impl = OperationsService::Impl;

// The committee of a village or GP code: its place and id.
struct CommitteeAt {
  UnitId unit = kNoUnit;
  int64_t id = 0;
};

StatusOr<CommitteeAt> FindCommittee(const Impl& I, const std::string& code,
                                    const std::string& field) {
  JJM_ASSIGN_OR_RETURN(UnitId u, I.PlaceOf(code, field));
  const int64_t id = I.CommitteeOf(u);
  if (id == 0) {
    return Status(StatusCode::kNotFound,
                  "'" + code + "' has no committee on record", field);
  }
  return CommitteeAt{u, id};
}

const char* kHeads[kExpenseHeads] = {"operator_pay", "electricity", "repairs",
                                     "chemicals", "other"};

// The figures of a body (RecordAccount), checked by CheckAccount.
StatusOr<MonthlyAccount> AccountOfBody(const Json& body, Date today) {
  JJM_RETURN_IF_ERROR(CheckFields(body, "",
                                  {"month", "households", "tariff_paise",
                                   "collected_paise", "spent_paise", "note"}));
  MonthlyAccount a;
  JJM_ASSIGN_OR_RETURN(std::string month,
                       TextField(body, "", "month", true, 1, 20));
  JJM_ASSIGN_OR_RETURN(a.month, ParseMonth(month, "month"));
  JJM_ASSIGN_OR_RETURN(a.households, IntField(body, "", "households", true,
                                              INT64_MIN, INT64_MAX));
  JJM_ASSIGN_OR_RETURN(a.tariff_paise, IntField(body, "", "tariff_paise", true,
                                                INT64_MIN, INT64_MAX));
  JJM_ASSIGN_OR_RETURN(a.collected_paise, IntField(body, "", "collected_paise",
                                                   true, INT64_MIN, INT64_MAX));
  if (body.contains("spent_paise") && !body["spent_paise"].is_null()) {
    const Json& sp = body["spent_paise"];
    JJM_RETURN_IF_ERROR(CheckFields(
        sp, "spent_paise",
        {"operator_pay", "electricity", "repairs", "chemicals", "other"}));
    for (int i = 0; i < kExpenseHeads; ++i) {
      JJM_ASSIGN_OR_RETURN(
          a.spent_paise[i],
          IntField(sp, "spent_paise", kHeads[i], false, INT64_MIN, INT64_MAX));
    }
  }
  JJM_RETURN_IF_ERROR(CheckAccount(a));
  if (a.month > MonthOfDay(today.days())) {
    return InvalidArgument("the month " + month + " has not begun", "month");
  }
  return a;
}

OmAccountRow RowOf(const MonthlyAccount& a, int64_t committee,
                   const std::string& note, const std::string& by) {
  OmAccountRow r;
  r.committee_id = committee;
  r.month = a.month;
  r.households = a.households;
  r.tariff_paise = a.tariff_paise;
  r.collected_paise = a.collected_paise;
  for (int i = 0; i < kExpenseHeads; ++i) r.spent_paise[i] = a.spent_paise[i];
  r.note = note;
  r.recorded_at = OpsNow();
  r.recorded_by = by;
  return r;
}

// The latest version of a committee's month, or 0.
int64_t VersionOf(const Impl& I, int64_t committee, int32_t month) {
  return I.Shared([&](const Hierarchy&, const CoverageIndex&) -> int64_t {
    auto m = I.locked_money().find(committee);
    if (m == I.locked_money().end()) return 0;
    auto a = m->second.months.find(month);
    return a == m->second.months.end() ? 0 : a->second.version;
  });
}

Json SumsJson(const CollectionSums& s) {
  Json heads = Json::object();
  for (int i = 0; i < kExpenseHeads; ++i) heads[kHeads[i]] = s.spent_by_head[i];
  return Json{{"accounts", s.accounts},
              {"demanded_paise", s.demanded_paise},
              {"collected_paise", s.collected_paise},
              {"efficiency", s.Efficiency()},
              {"spent_paise", s.spent_paise},
              {"spent_by_head", heads}};
}

// The period of a query: {"from"?,"to"?} months, inclusive; 0 .. max.
StatusOr<std::pair<int32_t, int32_t>> PeriodOf(const Json& q) {
  int32_t from = 0, to = INT32_MAX;
  JJM_ASSIGN_OR_RETURN(std::string f, TextField(q, "", "from", false, 0, 20));
  JJM_ASSIGN_OR_RETURN(std::string t, TextField(q, "", "to", false, 0, 20));
  if (!f.empty()) {
    JJM_ASSIGN_OR_RETURN(from, ParseMonth(f, "from"));
  }
  if (!t.empty()) {
    JJM_ASSIGN_OR_RETURN(to, ParseMonth(t, "to"));
  }
  if (from > to) return InvalidArgument("from is after to", "from");
  return std::make_pair(from, to);
}

// A bill's file: {"name"?,"content_type","data_base64"}, a JPEG, PNG or
// PDF by its bytes, of at most kMaxBillBytes.
StatusOr<OpsDocumentRow> BillFile(const Json& body, const std::string& owner,
                                  const std::string& by) {
  if (!body.contains("file") || body["file"].is_null()) {
    return InvalidArgument("a bill needs its file", "file");
  }
  static constexpr UploadRule kBill = {
      "file",
      "a bill",
      kMaxBillBytes,
      true,
      true,
      "bill",
      "a bill must be a JPEG or PNG image or a PDF (its content decides)"};
  return UploadedFile(body, kBill, owner, by);
}

}  // namespace

// --- writes
// ---------------------------------------------------------------------

StatusOr<Json> OperationsService::RecordAccount(const Caller& c,
                                                const std::string& place,
                                                const Json& body) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(CommitteeAt at, FindCommittee(I, place, "village"));
  JJM_ASSIGN_OR_RETURN(MonthlyAccount a, AccountOfBody(body, c.today));
  JJM_ASSIGN_OR_RETURN(std::string note,
                       TextField(body, "", "note", false, 0, 1000));
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageCommittee, at.unit,
                             "record the committee's accounts"));
  const std::vector<UnitId> up = I.PlacesUp(at.unit);
  OmAccountRow r = RowOf(a, at.id, note, Impl::ActorOf(c));
  {
    MutexLock lock(&I.write_mutex());
    r.version = VersionOf(I, at.id, a.month) + 1;
    AuditRow audit = I.AuditAt("operations.om_account.record", "om_account",
                               place + "/" + MonthName(a.month), at.unit);
    audit.after = Json{{"version", r.version},
                       {"households", r.households},
                       {"tariff_paise", r.tariff_paise},
                       {"collected_paise", r.collected_paise},
                       {"spent_paise", SpentPaise(a)}}
                      .dump();
    JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
      JJM_ASSIGN_OR_RETURN(r.id, s.AddOmAccount(r));
      return Status::Ok();
    }));
    I.Apply([&](Impl& me) { me.ApplyAccount(r, up); });
  }
  return CommitteeAccounts(c, place, Json::object());
}

StatusOr<Json> OperationsService::SetFundOpening(const Caller& c,
                                                 const std::string& place,
                                                 const Json& body) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(CommitteeAt at, FindCommittee(I, place, "village"));
  JJM_RETURN_IF_ERROR(CheckFields(body, "", {"opening_paise"}));
  OmOpeningRow r;
  JJM_ASSIGN_OR_RETURN(r.opening_paise,
                       IntField(body, "", "opening_paise", true,
                                -kMaxAmountPaise, kMaxAmountPaise));
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageCommittee, at.unit,
                             "record the committee's accounts"));
  r.committee_id = at.id;
  r.recorded_at = OpsNow();
  r.recorded_by = Impl::ActorOf(c);
  {
    MutexLock lock(&I.write_mutex());
    r.version = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
      auto m = I.locked_money().find(at.id);
      return m == I.locked_money().end() ? int64_t{0}
                                         : m->second.opening_version;
    }) + 1;
    AuditRow audit = I.AuditAt("operations.om_fund.opening", "om_fund_opening",
                               place, at.unit);
    audit.after =
        Json{{"version", r.version}, {"opening_paise", r.opening_paise}}.dump();
    JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
      JJM_ASSIGN_OR_RETURN(r.id, s.AddOmOpening(r));
      return Status::Ok();
    }));
    I.Apply([&](Impl& me) { me.ApplyOpening(r); });
  }
  return CommitteeAccounts(c, place, Json::object());
}

StatusOr<Json> OperationsService::AttachBill(const Caller& c,
                                             const std::string& place,
                                             const Json& body) {
  Impl& I = *impl_;
  JJM_ASSIGN_OR_RETURN(CommitteeAt at, FindCommittee(I, place, "village"));
  JJM_RETURN_IF_ERROR(
      CheckFields(body, "", {"month", "head", "amount_paise", "note", "file"}));
  JJM_ASSIGN_OR_RETURN(std::string month,
                       TextField(body, "", "month", true, 1, 20));
  OmBillRow b;
  JJM_ASSIGN_OR_RETURN(int32_t m, ParseMonth(month, "month"));
  b.month = m;
  JJM_ASSIGN_OR_RETURN(b.head, TextField(body, "", "head", true, 1, 20));
  if (!ParseExpenseHead(b.head)) {
    return InvalidArgument(
        "head must be operator_pay, electricity, repairs, chemicals or other",
        "head");
  }
  if (body.contains("amount_paise") && !body["amount_paise"].is_null()) {
    JJM_ASSIGN_OR_RETURN(int64_t amount, IntField(body, "", "amount_paise",
                                                  true, 0, kMaxAmountPaise));
    b.amount_paise = amount;
  }
  JJM_ASSIGN_OR_RETURN(b.note, TextField(body, "", "note", false, 0, 1000));
  JJM_RETURN_IF_ERROR(I.Need(c, Permission::kManageCommittee, at.unit,
                             "attach the committee's bills"));
  const std::string by = Impl::ActorOf(c);
  JJM_ASSIGN_OR_RETURN(
      OpsDocumentRow doc,
      BillFile(body, "om_bill:" + place + "/" + MonthName(m), by));
  b.committee_id = at.id;
  b.attached_at = OpsNow();
  b.attached_by = by;
  MutexLock lock(&I.write_mutex());
  if (VersionOf(I, at.id, m) == 0) {
    return InvalidArgument("no account is recorded for " + MonthName(m) +
                               ": record the month first",
                           "month");
  }
  AuditRow audit = I.AuditAt("operations.om_bill.attach", "om_bill",
                             place + "/" + MonthName(m), at.unit);
  audit.after = Json{
      {"head", b.head},
      {"name", doc.name},
      {"content_type", doc.content_type},
      {"size", doc.size},
      {"sha256",
       doc.sha256}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    JJM_ASSIGN_OR_RETURN(b.document_id, s.AddDocument(doc));
    JJM_ASSIGN_OR_RETURN(b.id, s.AddOmBill(b));
    return Status::Ok();
  }));
  return Json{
      {"id", b.id},
      {"month", MonthName(m)},
      {"head", b.head},
      {"amount_paise", b.amount_paise ? Json(*b.amount_paise) : Json(nullptr)},
      {"name", doc.name},
      {"content_type", doc.content_type},
      {"size", doc.size},
      {"attached_by", by}};
}

StatusOr<OperationsService::ImportOutcome> OperationsService::ImportAccounts(
    const Caller& c, const std::vector<AccountInput>& rows, bool commit) {
  Impl& I = *impl_;
  ImportOutcome out;
  struct Ready {
    OmAccountRow row;
    UnitId unit = kNoUnit;
    std::string code;
  };
  std::vector<Ready> ready;
  std::set<std::pair<int64_t, int32_t>> seen;
  const std::string by = Impl::ActorOf(c);
  for (size_t i = 0; i < rows.size(); ++i) {
    const AccountInput& in = rows[i];
    auto reject = [&](const Status& s) {
      out.rejected.push_back({i, s.field(), s.message()});
    };
    StatusOr<CommitteeAt> at = FindCommittee(I, in.village, "village");
    if (!at.ok()) {
      reject(at.status());
      continue;
    }
    StatusOr<int32_t> month = ParseMonth(in.month, "month");
    if (!month.ok()) {
      reject(month.status());
      continue;
    }
    MonthlyAccount a;
    a.month = *month;
    a.households = in.households;
    a.tariff_paise = in.tariff_paise;
    a.collected_paise = in.collected_paise;
    for (int h = 0; h < kExpenseHeads; ++h)
      a.spent_paise[h] = in.spent_paise[h];
    if (Status s = CheckAccount(a); !s.ok()) {
      reject(s);
      continue;
    }
    if (a.month > MonthOfDay(c.today.days())) {
      reject(
          InvalidArgument("the month " + in.month + " has not begun", "month"));
      continue;
    }
    if (in.note.size() > 1000) {
      reject(InvalidArgument("a note may have up to 1000 bytes", "note"));
      continue;
    }
    if (Status s = I.Need(c, Permission::kManageCommittee, at->unit,
                          "record the committee's accounts");
        !s.ok()) {
      reject(Status(s.code(), s.message(), "village"));
      continue;
    }
    if (!seen.insert({at->id, a.month}).second) {
      reject(InvalidArgument(
          "the file has " + in.village + " " + in.month + " more than once",
          "month"));
      continue;
    }
    ready.push_back({RowOf(a, at->id, in.note, by), at->unit, in.village});
  }
  out.accepted = static_cast<int64_t>(ready.size());
  if (!commit || !out.rejected.empty() || ready.empty()) return out;
  MutexLock lock(&I.write_mutex());
  for (Ready& r : ready) {
    r.row.version =
        VersionOf(I, r.row.committee_id, static_cast<int32_t>(r.row.month)) + 1;
    if (r.row.version > 1) ++out.corrections;
  }
  AuditRow audit =
      I.AuditAt("operations.om_account.import", "om_account", "import",
                ready.size() == 1 ? ready[0].unit : kNoUnit);
  audit.after =
      Json{{"accounts", ready.size()}, {"corrections", out.corrections}}.dump();
  JJM_RETURN_IF_ERROR(I.Write(c, audit, [&](OperationsStore& s) -> Status {
    for (Ready& r : ready) {
      JJM_ASSIGN_OR_RETURN(r.row.id, s.AddOmAccount(r.row));
    }
    return Status::Ok();
  }));
  std::vector<std::vector<UnitId>> ups;
  for (const Ready& r : ready) ups.push_back(I.PlacesUp(r.unit));
  I.Apply([&](Impl& me) {
    for (size_t i = 0; i < ready.size(); ++i) {
      me.ApplyAccount(ready[i].row, ups[i]);
    }
  });
  out.committed = true;
  return out;
}

// --- reads
// ----------------------------------------------------------------------

StatusOr<Json> OperationsService::CommitteeAccounts(const Caller& c,
                                                    const std::string& place,
                                                    const Json& query) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(CheckFields(query, "", {"from", "to"}));
  JJM_ASSIGN_OR_RETURN(auto period, PeriodOf(query));
  JJM_ASSIGN_OR_RETURN(CommitteeAt at, FindCommittee(I, place, "village"));
  const bool names = I.Sees(c, at.unit);
  std::vector<OmBillRow> bills;
  if (names) {
    JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
    OperationsStore s(lease.db());
    JJM_ASSIGN_OR_RETURN(bills, s.OmBillsOf(at.id));
  }
  std::vector<OmAccountRow> accounts;
  int64_t opening = 0;
  I.Shared([&](const Hierarchy&, const CoverageIndex&) {
    auto m = I.locked_money().find(at.id);
    if (m == I.locked_money().end()) return 0;
    opening = m->second.opening_paise;
    for (const auto& [month, r] : m->second.months) accounts.push_back(r);
    return 0;
  });
  std::vector<MonthlyAccount> monthly;
  for (const OmAccountRow& r : accounts) monthly.push_back(ToMonthly(r));
  JJM_ASSIGN_OR_RETURN(std::vector<FundMonth> fund,
                       FundBalance(opening, monthly));
  Json months = Json::array();
  CollectionSums total;
  int64_t opening_of_period = opening, closing_of_period = opening;
  bool started = false;
  for (size_t i = 0; i < accounts.size(); ++i) {
    const MonthlyAccount& a = monthly[i];
    if (a.month < period.first) {
      opening_of_period = closing_of_period = fund[i].closing_paise;
      continue;
    }
    if (a.month > period.second) break;
    if (!started) opening_of_period = fund[i].opening_paise;
    started = true;
    closing_of_period = fund[i].closing_paise;
    total.Add(a);
    const OmAccountRow& r = accounts[i];
    Json spent = Json::object();
    for (int h = 0; h < kExpenseHeads; ++h) spent[kHeads[h]] = a.spent_paise[h];
    Json one{{"month", MonthName(a.month)},
             {"version", r.version},
             {"households", r.households},
             {"tariff_paise", r.tariff_paise},
             {"demanded_paise", DemandedPaise(a)},
             {"collected_paise", r.collected_paise},
             {"efficiency",
              CollectionEfficiency(DemandedPaise(a), a.collected_paise)},
             {"spent_paise", SpentPaise(a)},
             {"spent_by_head", spent},
             {"opening_paise", fund[i].opening_paise},
             {"closing_paise", fund[i].closing_paise},
             {"deficit", fund[i].closing_paise < 0}};
    if (names) {
      one["recorded_by"] = r.recorded_by;
      one["recorded_at"] = r.recorded_at;
      one["note"] = r.note;
      Json bl = Json::array();
      for (const OmBillRow& b : bills) {
        if (b.month != a.month) continue;
        bl.push_back(
            Json{{"id", b.id},
                 {"month", MonthName(a.month)},
                 {"head", b.head},
                 {"amount_paise",
                  b.amount_paise ? Json(*b.amount_paise) : Json(nullptr)},
                 {"name", b.name},
                 {"content_type", b.content_type},
                 {"size", b.size}});
      }
      one["bills"] = bl;
    }
    months.push_back(one);
  }
  Json totals = SumsJson(total);
  totals["opening_paise"] = opening_of_period;
  totals["closing_paise"] = closing_of_period;
  return Json{{"place", I.PlaceJson(at.unit)},
              {"committee_id", at.id},
              {"fund_opening_paise", opening},
              {"months", months},
              {"totals", totals}};
}

StatusOr<Json> OperationsService::GetBill(const Caller& c, int64_t id) {
  Impl& I = *impl_;
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  JJM_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, I.Read());
  OperationsStore s(lease.db());
  JJM_ASSIGN_OR_RETURN(std::optional<OmBillRow> b, s.GetOmBill(id));
  UnitId u = kNoUnit;
  if (b) {
    u = I.Shared([&](const Hierarchy&, const CoverageIndex&) {
      auto it = I.locked_committees().find(b->committee_id);
      return it == I.locked_committees().end()
                 ? kNoUnit
                 : static_cast<UnitId>(it->second.row.unit_id);
    });
  }
  // Another place's bill is as unknown as a missing one.
  if (!b || u == kNoUnit || !I.Sees(c, u)) {
    return NotFound("no bill " + std::to_string(id));
  }
  JJM_ASSIGN_OR_RETURN(std::optional<OpsDocumentRow> d,
                       s.GetDocument(b->document_id));
  if (!d) return Internal("bill " + std::to_string(id) + " has no document");
  return Json{{"id", b->id},
              {"month", MonthName(static_cast<int32_t>(b->month))},
              {"head", b->head},
              {"name", d->name},
              {"content_type", d->content_type},
              {"size", d->size},
              {"sha256", d->sha256},
              {"data_base64", d->data_base64}};
}

StatusOr<Json> OperationsService::MoneySummary(const Caller& c,
                                               const Json& query) {
  Impl& I = *impl_;
  (void)c;
  JJM_RETURN_IF_ERROR(CheckFields(query, "", {"place", "from", "to"}));
  JJM_ASSIGN_OR_RETURN(std::string place,
                       TextField(query, "", "place", false, 0, 40));
  JJM_ASSIGN_OR_RETURN(auto period, PeriodOf(query));
  UnitId unit = kIndia;
  if (!place.empty()) {
    JJM_ASSIGN_OR_RETURN(unit, I.PlaceOf(place, "place"));
  }
  auto sum = [&](UnitId u) {
    CollectionSums s;
    const auto& all = I.locked_money_sums();
    auto it = all.find(u);
    if (it == all.end()) return s;
    for (auto m = it->second.lower_bound(period.first);
         m != it->second.end() && m->first <= period.second; ++m) {
      s += m->second;
    }
    return s;
  };
  return I.Shared([&](const Hierarchy& h, const CoverageIndex&) {
    Json self = SumsJson(sum(unit));
    self["place"] = I.PlaceJson(unit, h);
    Json below = Json::array();
    for (UnitId ch : h.Get(unit).children) {
      CollectionSums s = sum(ch);
      if (s.accounts == 0) continue;
      Json one = SumsJson(s);
      one["place"] = I.PlaceJson(ch, h);
      below.push_back(one);
    }
    return Json{
        {"from",
         period.first == 0 ? Json(nullptr) : Json(MonthName(period.first))},
        {"to", period.second == INT32_MAX ? Json(nullptr)
                                          : Json(MonthName(period.second))},
        {"total", self},
        {"places", below}};
  });
}

}  // namespace jjm
