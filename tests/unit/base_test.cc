#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "base/date.h"
#include "base/json_writer.h"
#include "base/poller.h"
#include "base/strings.h"
#include "coverage/hierarchy.h"

namespace jjm {
namespace {

TEST(DateTest, ParsesAndFormats) {
  auto d = Date::Parse("2019-08-15");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ToString(), "2019-08-15");
  EXPECT_EQ(*d, JjmBaseline());
  EXPECT_EQ(d->year(), 2019);
  EXPECT_EQ(d->month(), 8);
  EXPECT_EQ(d->day(), 15);
  EXPECT_EQ((*d + 17).ToString(), "2019-09-01");
}

TEST(DateTest, RejectsBadDates) {
  for (const char* bad :
       {"2019-02-29", "2019-13-01", "2019-8-15", "15-08-2019", "2019/08/15", "",
        "2019-08-15x", "abcd-ef-gh", "2020-04-31"}) {
    auto d = Date::ParseField(bad, "date");
    EXPECT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.status().field(), "date");
  }
  EXPECT_TRUE(Date::Parse("2020-02-29").ok());
}

TEST(DateTest, FinancialYearAndQuarter) {
  EXPECT_EQ(Date::FromCivil(2021, 4, 1).FinancialYear(), 2021);
  EXPECT_EQ(Date::FromCivil(2022, 3, 31).FinancialYear(), 2021);
  EXPECT_EQ(Date::FromCivil(2021, 4, 1).FinancialQuarter(), 1);
  EXPECT_EQ(Date::FromCivil(2021, 12, 31).FinancialQuarter(), 3);
  EXPECT_EQ(Date::FromCivil(2022, 1, 1).FinancialQuarter(), 4);
  EXPECT_EQ(Date::FromCivil(2024, 12, 10).NextMonth().ToString(), "2025-01-01");
}

TEST(StringsTest, IndianGrouping) {
  EXPECT_EQ(IndianGrouped(0), "0");
  EXPECT_EQ(IndianGrouped(999), "999");
  EXPECT_EQ(IndianGrouped(1000), "1,000");
  EXPECT_EQ(IndianGrouped(100000), "1,00,000");
  EXPECT_EQ(IndianGrouped(5398219), "53,98,219");
  EXPECT_EQ(IndianGrouped(193600000), "19,36,00,000");
  EXPECT_EQ(IndianGrouped(-74100000), "-7,41,00,000");
  EXPECT_EQ(IndianShort(193600000), "19.36 crore");
  EXPECT_EQ(IndianShort(5398219), "53.98 lakh");
  EXPECT_EQ(IndianShort(9458), "9,458");
}

TEST(StringsTest, DecodesJjmDashboardIds) {
  // Each digit d is written d+1 (9 as ':'), then a '1' is appended.
  EXPECT_EQ(DecodeJjmDashboardId("82531").value(), "7142");
  EXPECT_EQ(DecodeJjmDashboardId("6%3A6%3A1").value(), "5959");
  EXPECT_EQ(DecodeJjmDashboardId("11111311251").value(), "0000020014");
  EXPECT_FALSE(DecodeJjmDashboardId("1").has_value());
  EXPECT_FALSE(DecodeJjmDashboardId("ab1").has_value());
  EXPECT_FALSE(DecodeJjmDashboardId("%ZZ1").has_value());
}

TEST(StringsTest, NameKeyMatchesSpellings) {
  EXPECT_EQ(NameKey("Bhadradri  Kothagudem"), NameKey("BHADRADRI-KOTHAGUDEM"));
  EXPECT_EQ(NameKey("Y.S.R."), NameKey("y s r"));
  EXPECT_EQ(NameKey("Daman & Diu"), NameKey("daman and diu"));
  EXPECT_NE(NameKey("Warangal Rural"), NameKey("Warangal"));
}

TEST(StringsTest, ParseIntIsStrict) {
  EXPECT_EQ(ParseInt(" 42 ").value(), 42);
  EXPECT_EQ(ParseInt("-7").value(), -7);
  EXPECT_FALSE(ParseInt("4.2").has_value());
  EXPECT_FALSE(ParseInt("").has_value());
  EXPECT_FALSE(ParseInt("12a").has_value());
  EXPECT_FALSE(ParseInt("9999999999999999999").has_value());
}

TEST(JsonWriterTest, WritesNestedValues) {
  JsonWriter w;
  w.BeginObject().Key("a").Int(1).Key("b").BeginArray().String("x\"y").Null();
  w.Double(81.2049, 2).Double(100.0, 2).EndArray().Key("c").Bool(true);
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x\"y",null,81.2,100],"c":true})");
}

TEST(JsonWriterTest, WritesEmptyTextAsNull) {
  JsonWriter w;
  w.BeginObject().Key("a").StringOrNull("").Key("b").StringOrNull("x");
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"a":null,"b":"x"})");
}

TEST(PollerTest, RunsUntilStoppedAndGoesOnAfterFailures) {
  std::atomic<int> calls{0};
  Poller p;
  ASSERT_TRUE(p.Start(std::chrono::milliseconds(1), "testing", [&]() -> Status {
                 ++calls;
                 return Internal("a failing call does not stop it");
               }).ok());
  EXPECT_FALSE(p.Start(std::chrono::milliseconds(1), "testing", [] {
                  return Status::Ok();
                }).ok());
  for (int i = 0; i < 2000 && calls < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_GE(calls.load(), 3);
  p.Stop();
  EXPECT_FALSE(p.running());
  const int after = calls;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(calls.load(), after);  // nothing runs after Stop()
  p.Stop();                        // a second Stop does nothing
}

TEST(PollerTest, StopsPromptlyWithALongInterval) {
  Poller p;
  ASSERT_TRUE(p.Start(std::chrono::hours(1), "testing", [] {
                 return Status::Ok();
               }).ok());
  const auto t0 = std::chrono::steady_clock::now();
  p.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

TEST(UnitPathTest, PathCodesAndScopes) {
  Hierarchy h;
  ASSERT_TRUE(h.Add(1, kIndia, Level::kState, "S36", "Telangana", 36).ok());
  ASSERT_TRUE(h.Add(2, 1, Level::kDistrict, "D532", "Hanumakonda", 532).ok());
  EXPECT_EQ(h.PathCodes(kIndia), "IN");
  EXPECT_EQ(h.PathCodes(2), "IN/S36/D532");
  EXPECT_EQ(h.PathCodes(99), "IN");  // not present
  EXPECT_TRUE(PathWithin("IN/S36/D532", "IN/S36"));
  EXPECT_TRUE(PathWithin("IN/S36", "IN/S36"));
  EXPECT_FALSE(PathWithin("IN/S361", "IN/S36"));
  EXPECT_FALSE(PathWithin("IN", "IN/S36"));
}

}  // namespace
}  // namespace jjm
