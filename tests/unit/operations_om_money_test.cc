// O&M money: months, the checks of a month's account, collection
// efficiency and its roll-up, and the fund's balance in exact paise.
#include <gtest/gtest.h>

#include <vector>

#include "base/date.h"
#include "operations/om_money.h"

namespace jjm {
namespace {

MonthlyAccount Account(const char* month, int64_t hh, int64_t tariff,
                       int64_t collected,
                       std::array<int64_t, kExpenseHeads> spent = {}) {
  MonthlyAccount a;
  a.month = *ParseMonth(month);
  a.households = hh;
  a.tariff_paise = tariff;
  a.collected_paise = collected;
  a.spent_paise = spent;
  return a;
}

TEST(OperationsOmMoneyTest, MonthsParseAndPrint) {
  StatusOr<int32_t> m = ParseMonth("2024-05");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, 2024 * 12 + 4);
  EXPECT_EQ(MonthName(*m), "2024-05");
  EXPECT_EQ(MonthName(*ParseMonth("2099-12")), "2099-12");
  EXPECT_EQ(MonthOfDay(Date::FromCivil(2024, 5, 31).days()), *m);
  EXPECT_EQ(MonthOfDay(Date::FromCivil(2024, 6, 1).days()), *m + 1);
  for (const char* bad : {"2024-13", "2024-00", "2024-5", "24-05", "1999-12",
                          "2024/05", "2024-05-01", "abcd-ef", ""}) {
    StatusOr<int32_t> r = ParseMonth(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().field(), "month");
    }
  }
  EXPECT_EQ(ParseMonth("x", "from").status().field(), "from");
}

TEST(OperationsOmMoneyTest, CollectionEfficiencyIsCollectedOverDemanded) {
  // 120 households at Rs 30: Rs 3,600 demanded, Rs 3,000 collected.
  MonthlyAccount a = Account("2024-05", 120, 3000, 300000);
  EXPECT_EQ(DemandedPaise(a), 360000);
  EXPECT_DOUBLE_EQ(CollectionEfficiency(DemandedPaise(a), a.collected_paise),
                   300000.0 / 360000.0);
  EXPECT_EQ(CollectionEfficiency(0, 5000), 0);  // nothing demanded
  EXPECT_EQ(CollectionEfficiency(0, 0), 0);
  // Arrears paid: above 1.
  EXPECT_DOUBLE_EQ(CollectionEfficiency(1000, 1500), 1.5);
}

TEST(OperationsOmMoneyTest, CollectionSumsRollUpAndRemoveUndoesAdd) {
  MonthlyAccount a =
      Account("2024-05", 120, 3000, 300000, {500000, 0, 0, 0, 0});
  MonthlyAccount b = Account("2024-05", 80, 5000, 400000, {0, 120000, 0, 0, 7});
  CollectionSums one, two, block;
  one.Add(a);
  two.Add(b);
  block += one;
  block += two;
  EXPECT_EQ(block.accounts, 2);
  EXPECT_EQ(block.demanded_paise, 360000 + 400000);
  EXPECT_EQ(block.collected_paise, 700000);
  EXPECT_EQ(block.spent_paise, 620007);
  EXPECT_EQ(block.spent_by_head[static_cast<int>(ExpenseHead::kElectricity)],
            120000);
  // The place's efficiency is of its sums, not the mean of efficiencies.
  EXPECT_DOUBLE_EQ(block.Efficiency(), 700000.0 / 760000.0);
  block.Remove(b);
  EXPECT_EQ(block, one);
  block.Remove(a);
  EXPECT_EQ(block, CollectionSums{});
  EXPECT_EQ(block.Efficiency(), 0);
}

TEST(OperationsOmMoneyTest, CheckAccountNamesTheField) {
  MonthlyAccount ok = Account("2024-05", 120, 3000, 300000);
  EXPECT_TRUE(CheckAccount(ok).ok());
  MonthlyAccount a = ok;
  a.month = 1999 * 12;
  EXPECT_EQ(CheckAccount(a).field(), "month");
  a = ok;
  a.households = -1;
  EXPECT_EQ(CheckAccount(a).field(), "households");
  a = ok;
  a.tariff_paise = kMaxTariffPaise + 1;
  EXPECT_EQ(CheckAccount(a).field(), "tariff_paise");
  a = ok;
  a.collected_paise = -5;
  EXPECT_EQ(CheckAccount(a).field(), "collected_paise");
  a = ok;  // 12 months' demand is the most collected in one month
  a.collected_paise = 12 * 360000;
  EXPECT_TRUE(CheckAccount(a).ok());
  a.collected_paise += 1;
  EXPECT_EQ(CheckAccount(a).field(), "collected_paise");
  a = ok;  // nothing demanded: contributions are accepted
  a.tariff_paise = 0;
  a.collected_paise = 50000;
  EXPECT_TRUE(CheckAccount(a).ok());
  a.collected_paise = kMaxAmountPaise + 1;
  EXPECT_EQ(CheckAccount(a).field(), "collected_paise");
  a = ok;
  a.spent_paise[static_cast<int>(ExpenseHead::kRepairs)] = -1;
  Status s = CheckAccount(a);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "spent_paise.repairs");
}

TEST(OperationsOmMoneyTest, FundBalanceCarriesOverInExactPaise) {
  // Amounts that would drift in binary floating point (0.1 rupee steps).
  std::vector<MonthlyAccount> months = {
      Account("2024-04", 100, 3010, 280010, {250000, 20010, 0, 0, 0}),
      Account("2024-05", 100, 3010, 301000, {250000, 20010, 90000, 1990, 0}),
      // June has no account; July follows.
      Account("2024-07", 100, 3010, 150000, {250000, 0, 0, 0, 0}),
  };
  StatusOr<std::vector<FundMonth>> f = FundBalance(1000000, months);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->size(), 3u);
  EXPECT_EQ((*f)[0].opening_paise, 1000000);
  EXPECT_EQ((*f)[0].closing_paise, 1000000 + 280010 - 270010);
  EXPECT_EQ((*f)[1].opening_paise, (*f)[0].closing_paise);
  EXPECT_EQ((*f)[1].spent_paise, 362000);
  EXPECT_EQ((*f)[1].closing_paise, 1010000 + 301000 - 362000);
  EXPECT_EQ(MonthName((*f)[2].month), "2024-07");
  EXPECT_EQ((*f)[2].opening_paise, 949000);
  EXPECT_EQ((*f)[2].closing_paise, 849000);

  // A deficit is a negative balance, not an error.
  StatusOr<std::vector<FundMonth>> deficit =
      FundBalance(0, std::vector<MonthlyAccount>{months[2]});
  ASSERT_TRUE(deficit.ok());
  EXPECT_EQ(deficit->at(0).closing_paise, -100000);
}

TEST(OperationsOmMoneyTest, FundBalanceRefusesMonthsOutOfOrderAndBadAccounts) {
  std::vector<MonthlyAccount> months = {Account("2024-05", 10, 100, 1000),
                                        Account("2024-05", 10, 100, 1000)};
  EXPECT_EQ(FundBalance(0, months).status().field(), "accounts");
  months[1].month = *ParseMonth("2024-04");
  EXPECT_EQ(FundBalance(0, months).status().field(), "accounts");
  months[1].month = *ParseMonth("2024-06");
  EXPECT_TRUE(FundBalance(0, months).ok());
  months[1].households = -3;
  EXPECT_EQ(FundBalance(0, months).status().field(), "households");
  EXPECT_EQ(FundBalance(kMaxAmountPaise + 1, {}).status().field(),
            "opening_paise");
  StatusOr<std::vector<FundMonth>> none = FundBalance(5, {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(OperationsOmMoneyTest, ExpenseHeadNamesRoundTrip) {
  for (int i = 0; i < kExpenseHeads; ++i) {
    auto h = static_cast<ExpenseHead>(i);
    EXPECT_EQ(ParseExpenseHead(ExpenseHeadName(h)), h);
  }
  EXPECT_EQ(ExpenseHeadName(ExpenseHead::kOperatorPay), "operator_pay");
  EXPECT_EQ(ParseExpenseHead("salary"), std::nullopt);
}

}  // namespace
}  // namespace jjm
