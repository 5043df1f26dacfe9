// A committee's operation-and-maintenance (O&M) money, month by month, as
// pure rules: the user charges demanded (households x tariff), what was
// collected, the expenditure by head, the collection efficiency (for a
// committee or any place, from additive sums) and the balance of the O&M
// fund.  No SQL, no HTTP, no I/O.
//
// Every amount is in paise (1 rupee = 100 paise) as int64, so sums are
// exact and Remove undoes Add; pages divide by 100 to show rupees.  A
// month is a count of months since year 0 (year * 12 + month - 1),
// written "YYYY-MM" (ParseMonth, MonthName).
//
//   StatusOr<int32_t> m = ParseMonth("2024-05");
//   MonthlyAccount a{.month = *m, .households = 120, .tariff_paise = 3000,
//                    .collected_paise = 300000};
//   JJM_RETURN_IF_ERROR(CheckAccount(a));
//   CollectionSums place;
//   place.Add(a);
//   double e = place.Efficiency();  // 300000 / 360000
#ifndef JJM_OPERATIONS_OM_MONEY_H_
#define JJM_OPERATIONS_OM_MONEY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jjm {

// "YYYY-MM" with a year 2000..2099 and a month 01..12, as year * 12 +
// month - 1; InvalidArgument naming `field` otherwise.
StatusOr<int32_t> ParseMonth(std::string_view text,
                             std::string_view field = "month");
// "YYYY-MM" for a month from ParseMonth.
std::string MonthName(int32_t month);
// The month (year * 12 + month - 1) of a day since 1970-01-01.
int32_t MonthOfDay(int32_t day);

enum class ExpenseHead : uint8_t {
  kOperatorPay = 0,
  kElectricity = 1,
  kRepairs = 2,
  kChemicals = 3,  // bleaching powder, chlorine
  kOther = 4,
};
inline constexpr int kExpenseHeads = 5;

// "operator_pay", "electricity", "repairs", "chemicals", "other"; "" out
// of range.
std::string_view ExpenseHeadName(ExpenseHead h);
std::optional<ExpenseHead> ParseExpenseHead(std::string_view name);

// One committee's month.
struct MonthlyAccount {
  int32_t month = 0;
  int64_t households = 0;    // households charged
  int64_t tariff_paise = 0;  // per household for the month
  int64_t collected_paise = 0;
  // Indexed by ExpenseHead.
  std::array<int64_t, kExpenseHeads> spent_paise{};
};

// households * tariff_paise.  This, SpentPaise and CollectionSums are
// exact for accounts passing CheckAccount (no overflow below 10^8 of them).
int64_t DemandedPaise(const MonthlyAccount& a);
// The sum over the heads.
int64_t SpentPaise(const MonthlyAccount& a);

// Limits of one month's figures.
inline constexpr int64_t kMaxHouseholds = 100000;
inline constexpr int64_t kMaxTariffPaise = 100000;      // Rs 1,000 a month
inline constexpr int64_t kMaxAmountPaise = 1000000000;  // Rs 1 crore
// Collected may exceed the month's demand (arrears paid) by up to this
// many months' demand.
inline constexpr int64_t kMaxMonthsCollected = 12;

// InvalidArgument naming the field: "month" (not from ParseMonth's range),
// "households" (0..kMaxHouseholds), "tariff_paise" (0..kMaxTariffPaise),
// "collected_paise" (0..kMaxAmountPaise, and at most kMaxMonthsCollected x
// the month's demand when something is demanded; with nothing demanded,
// voluntary contributions up to the absolute limit are accepted), or
// "spent_paise.<head>" (0..kMaxAmountPaise each).
Status CheckAccount(const MonthlyAccount& a);

// collected / demanded; 0 when nothing is demanded (demanded <= 0).  May
// exceed 1 when arrears are paid.
double CollectionEfficiency(int64_t demanded_paise, int64_t collected_paise);

// Additive sums for a roll-up by place and period: a committee's months,
// a block's committees, India.  Add and Remove are exact inverses, and a
// place's sums are the sum of its parts' (operator+=).
struct CollectionSums {
  int64_t accounts = 0;  // monthly accounts counted
  int64_t demanded_paise = 0;
  int64_t collected_paise = 0;
  int64_t spent_paise = 0;
  std::array<int64_t, kExpenseHeads> spent_by_head{};

  void Add(const MonthlyAccount& a);
  void Remove(const MonthlyAccount& a);
  CollectionSums& operator+=(const CollectionSums& o);
  double Efficiency() const {
    return CollectionEfficiency(demanded_paise, collected_paise);
  }
  bool operator==(const CollectionSums&) const = default;
};

// One month of the O&M fund: closing = opening + collected - spent.  The
// closing balance may be negative (spent more than the fund had); pages
// show it as a deficit.
struct FundMonth {
  int32_t month = 0;
  int64_t opening_paise = 0;
  int64_t collected_paise = 0;
  int64_t spent_paise = 0;
  int64_t closing_paise = 0;
};

// The fund month by month from `opening_paise` (its balance before the
// first account): one row per account, in month order, each opening with
// the closing before it (a month with no account collects and spends
// nothing, so the balance carries over).  InvalidArgument naming
// "opening_paise" (outside -kMaxAmountPaise..kMaxAmountPaise), "accounts"
// (months not strictly rising), or the first account failing CheckAccount
// (its field).
StatusOr<std::vector<FundMonth>> FundBalance(
    int64_t opening_paise, std::span<const MonthlyAccount> accounts);

}  // namespace jjm

#endif  // JJM_OPERATIONS_OM_MONEY_H_
