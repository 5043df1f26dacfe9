#include "operations/om_money.h"

#include <cstdio>

#include "base/date.h"

namespace jjm {

StatusOr<int32_t> ParseMonth(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return InvalidArgument(
        "a month is written YYYY-MM (2000-01 to 2099-12), not \"" +
            std::string(text.substr(0, 20)) + "\"",
        std::string(field));
  };
  if (text.size() != 7 || text[4] != '-') return bad();
  int year = 0, month = 0;
  for (int i = 0; i < 7; ++i) {
    if (i == 4) continue;
    const char ch = text[i];
    if (ch < '0' || ch > '9') return bad();
    if (i < 4) {
      year = year * 10 + (ch - '0');
    } else {
      month = month * 10 + (ch - '0');
    }
  }
  if (year < 2000 || year > 2099 || month < 1 || month > 12) return bad();
  return static_cast<int32_t>(year * 12 + month - 1);
}

std::string MonthName(int32_t month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", month / 12, month % 12 + 1);
  return buf;
}

int32_t MonthOfDay(int32_t day) {
  const Date d = Date::FromDays(day);
  return d.year() * 12 + d.month() - 1;
}

std::string_view ExpenseHeadName(ExpenseHead h) {
  switch (h) {
    case ExpenseHead::kOperatorPay:
      return "operator_pay";
    case ExpenseHead::kElectricity:
      return "electricity";
    case ExpenseHead::kRepairs:
      return "repairs";
    case ExpenseHead::kChemicals:
      return "chemicals";
    case ExpenseHead::kOther:
      return "other";
  }
  return "";
}

std::optional<ExpenseHead> ParseExpenseHead(std::string_view name) {
  for (int i = 0; i < kExpenseHeads; ++i) {
    auto h = static_cast<ExpenseHead>(i);
    if (ExpenseHeadName(h) == name) return h;
  }
  return std::nullopt;
}

int64_t DemandedPaise(const MonthlyAccount& a) {
  return a.households * a.tariff_paise;
}

int64_t SpentPaise(const MonthlyAccount& a) {
  int64_t sum = 0;
  for (int64_t v : a.spent_paise) sum += v;
  return sum;
}

namespace {

constexpr int32_t kFirstMonth = 2000 * 12;
constexpr int32_t kLastMonth = 2099 * 12 + 11;

}  // namespace

Status CheckAccount(const MonthlyAccount& a) {
  if (a.month < kFirstMonth || a.month > kLastMonth) {
    return InvalidArgument("the month must be 2000-01 to 2099-12", "month");
  }
  if (a.households < 0 || a.households > kMaxHouseholds) {
    return InvalidArgument("households must be 0 to 100000", "households");
  }
  if (a.tariff_paise < 0 || a.tariff_paise > kMaxTariffPaise) {
    return InvalidArgument(
        "the tariff must be 0 to 100000 paise (Rs 1,000) a household",
        "tariff_paise");
  }
  if (a.collected_paise < 0 || a.collected_paise > kMaxAmountPaise) {
    return InvalidArgument("collected must be 0 to Rs 1 crore in paise",
                           "collected_paise");
  }
  const int64_t demanded = DemandedPaise(a);
  if (demanded > 0 && a.collected_paise > kMaxMonthsCollected * demanded) {
    return InvalidArgument(
        "collected is more than 12 months of the month's demand (" +
            std::to_string(demanded) + " paise)",
        "collected_paise");
  }
  for (int i = 0; i < kExpenseHeads; ++i) {
    const int64_t v = a.spent_paise[i];
    if (v < 0 || v > kMaxAmountPaise) {
      return InvalidArgument(
          "each expenditure must be 0 to Rs 1 crore in paise",
          "spent_paise." +
              std::string(ExpenseHeadName(static_cast<ExpenseHead>(i))));
    }
  }
  return Status::Ok();
}

double CollectionEfficiency(int64_t demanded_paise, int64_t collected_paise) {
  if (demanded_paise <= 0) return 0;
  return static_cast<double>(collected_paise) /
         static_cast<double>(demanded_paise);
}

void CollectionSums::Add(const MonthlyAccount& a) {
  ++accounts;
  demanded_paise += DemandedPaise(a);
  collected_paise += a.collected_paise;
  spent_paise += SpentPaise(a);
  for (int i = 0; i < kExpenseHeads; ++i) spent_by_head[i] += a.spent_paise[i];
}

void CollectionSums::Remove(const MonthlyAccount& a) {
  --accounts;
  demanded_paise -= DemandedPaise(a);
  collected_paise -= a.collected_paise;
  spent_paise -= SpentPaise(a);
  for (int i = 0; i < kExpenseHeads; ++i) spent_by_head[i] -= a.spent_paise[i];
}

CollectionSums& CollectionSums::operator+=(const CollectionSums& o) {
  accounts += o.accounts;
  demanded_paise += o.demanded_paise;
  collected_paise += o.collected_paise;
  spent_paise += o.spent_paise;
  for (int i = 0; i < kExpenseHeads; ++i)
    spent_by_head[i] += o.spent_by_head[i];
  return *this;
}

StatusOr<std::vector<FundMonth>> FundBalance(
    int64_t opening_paise, std::span<const MonthlyAccount> accounts) {
  if (opening_paise < -kMaxAmountPaise || opening_paise > kMaxAmountPaise) {
    return InvalidArgument("the opening balance must be within Rs 1 crore",
                           "opening_paise");
  }
  std::vector<FundMonth> out;
  out.reserve(accounts.size());
  int64_t balance = opening_paise;
  for (size_t i = 0; i < accounts.size(); ++i) {
    const MonthlyAccount& a = accounts[i];
    JJM_RETURN_IF_ERROR(CheckAccount(a));
    if (i > 0 && a.month <= accounts[i - 1].month) {
      return InvalidArgument(
          "the accounts' months must rise: " + MonthName(a.month) +
              " follows " + MonthName(accounts[i - 1].month),
          "accounts");
    }
    FundMonth m;
    m.month = a.month;
    m.opening_paise = balance;
    m.collected_paise = a.collected_paise;
    m.spent_paise = SpentPaise(a);
    balance += m.collected_paise - m.spent_paise;
    m.closing_paise = balance;
    out.push_back(m);
  }
  return out;
}

}  // namespace jjm
