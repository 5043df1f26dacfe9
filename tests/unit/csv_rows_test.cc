#include "io/csv_rows.h"

#include <gtest/gtest.h>

namespace jjm {
namespace {

TEST(CsvRowsTest, SourceNameIsWhatFollowsTheLastSlash) {
  EXPECT_EQ(SourceName("data/in/villages.csv"), "villages.csv");
  EXPECT_EQ(SourceName("villages.csv"), "villages.csv");
}

TEST(CsvRowsTest, AnEmptyFileHasNoHeader) {
  auto r = CsvReader::FromString("");
  std::vector<std::string_view> f;
  Status s = ReadHeaderRow(r.get(), &f);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "the file is empty");
  EXPECT_EQ(s.field(), "file");
}

TEST(CsvRowsTest, ReadsRowsUntilTheEnd) {
  auto r = CsvReader::FromString("a,b\n1,2\n3,4\n");
  std::vector<std::string_view> f;
  ASSERT_TRUE(ReadHeaderRow(r.get(), &f).ok());
  EXPECT_EQ(f.size(), 2u);
  ImportReport report;
  std::vector<std::string> firsts;
  while (NextRow(r.get(), &f, &report)) firsts.emplace_back(f[0]);
  EXPECT_EQ(firsts, (std::vector<std::string>{"1", "3"}));
  EXPECT_TRUE(report.rejections().empty());
}

TEST(CsvRowsTest, ARowThatCannotBeReadIsRejectedAndEndsTheFile) {
  auto r = CsvReader::FromString("a,b\n1,2\n\"3,4\n5,6\n");
  std::vector<std::string_view> f;
  ASSERT_TRUE(ReadHeaderRow(r.get(), &f).ok());
  ImportReport report;
  int rows = 0;
  while (NextRow(r.get(), &f, &report, "lgd.csv:")) ++rows;
  EXPECT_EQ(rows, 1);
  ASSERT_EQ(report.rejections().size(), 1u);
  EXPECT_EQ(report.rejections()[0].column, "lgd.csv:");
  EXPECT_FALSE(report.rejections()[0].reason.empty());
}

}  // namespace
}  // namespace jjm
