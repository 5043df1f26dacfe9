// SQL of a committee's O&M money (migration 009): monthly accounts and
// their versions, the fund's opening balance, bills.
#include <utility>

#include "store/operations_store.h"
#include "store/sql_values.h"

namespace jjm {
namespace {

using sql::OrNull;

void ReadAccount(Statement& s, OmAccountRow* r) {
  sql::Read(s, 0, r->id, r->committee_id, r->month, r->version, r->households,
            r->tariff_paise, r->collected_paise, r->spent_paise[0],
            r->spent_paise[1], r->spent_paise[2], r->spent_paise[3],
            r->spent_paise[4], r->note, r->recorded_at, r->recorded_by);
}

void ReadOpening(Statement& s, OmOpeningRow* r) {
  sql::Read(s, 0, r->id, r->committee_id, r->version, r->opening_paise,
            r->recorded_at, r->recorded_by);
}

void ReadBill(Statement& s, OmBillRow* r) {
  sql::Read(s, 0, r->id, r->committee_id, r->month, r->head, r->document_id,
            r->amount_paise, r->note, r->attached_at, r->attached_by, r->name,
            r->content_type, r->size);
}
constexpr char kBillColumns[] =
    "SELECT b.id, b.committee_id, b.month, b.head, b.document_id, "
    "b.amount_paise, b.note, b.attached_at, b.attached_by, d.name, "
    "d.content_type, d.size FROM om_bill b JOIN document d ON d.id = "
    "b.document_id";

}  // namespace

StatusOr<int64_t> OperationsStore::AddOmAccount(const OmAccountRow& r) {
  return sql::InsertRow(
      db_, "om_account",
      "committee_id, month, version, households, tariff_paise, "
      "collected_paise, operator_pay_paise, electricity_paise, repairs_paise, "
      "chemicals_paise, other_paise, note, recorded_at, recorded_by",
      r.committee_id, r.month, r.version, r.households, r.tariff_paise,
      r.collected_paise, r.spent_paise[0], r.spent_paise[1], r.spent_paise[2],
      r.spent_paise[3], r.spent_paise[4], OrNull{r.note}, r.recorded_at,
      r.recorded_by);
}

Status OperationsStore::EachOmAccount(
    const std::function<void(const OmAccountRow&)>& fn) {
  return sql::EachRow<OmAccountRow>(
      db_, ReadAccount, fn,
      "SELECT id, committee_id, month, version, households, tariff_paise, "
      "collected_paise, operator_pay_paise, electricity_paise, repairs_paise, "
      "chemicals_paise, other_paise, note, recorded_at, recorded_by FROM "
      "om_account ORDER BY id");
}

StatusOr<int64_t> OperationsStore::AddOmOpening(const OmOpeningRow& r) {
  return sql::InsertRow(
      db_, "om_fund_opening",
      "committee_id, version, opening_paise, recorded_at, recorded_by",
      r.committee_id, r.version, r.opening_paise, r.recorded_at, r.recorded_by);
}

Status OperationsStore::EachOmOpening(
    const std::function<void(const OmOpeningRow&)>& fn) {
  return sql::EachRow<OmOpeningRow>(
      db_, ReadOpening, fn,
      "SELECT id, committee_id, version, opening_paise, recorded_at, "
      "recorded_by FROM om_fund_opening ORDER BY id");
}

StatusOr<int64_t> OperationsStore::AddOmBill(const OmBillRow& r) {
  return sql::InsertRow(db_, "om_bill",
                        "committee_id, month, head, document_id, "
                        "amount_paise, note, attached_at, attached_by",
                        r.committee_id, r.month, r.head, r.document_id,
                        r.amount_paise, OrNull{r.note}, r.attached_at,
                        r.attached_by);
}

StatusOr<std::vector<OmBillRow>> OperationsStore::OmBillsOf(
    int64_t committee_id) {
  std::vector<OmBillRow> out;
  JJM_RETURN_IF_ERROR(sql::EachRow<OmBillRow>(
      db_, ReadBill, [&](const OmBillRow& r) { out.push_back(r); },
      std::string(kBillColumns) +
          " WHERE b.committee_id = $1 ORDER BY b.month, b.id",
      committee_id));
  return out;
}

StatusOr<std::optional<OmBillRow>> OperationsStore::GetOmBill(int64_t id) {
  std::optional<OmBillRow> out;
  JJM_RETURN_IF_ERROR(sql::EachRow<OmBillRow>(
      db_, ReadBill, [&](const OmBillRow& r) { out = r; },
      std::string(kBillColumns) + " WHERE b.id = $1", id));
  return out;
}

}  // namespace jjm
