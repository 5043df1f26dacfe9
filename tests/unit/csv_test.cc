#include "base/csv.h"

#include <gtest/gtest.h>

namespace jjm {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text,
                                              std::vector<int64_t>* lines) {
  auto r = CsvReader::FromString(text);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string_view> f;
  while (true) {
    auto more = r->Next(&f);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    out.emplace_back(f.begin(), f.end());
    if (lines) lines->push_back(r->line());
  }
  return out;
}

TEST(CsvTest, ReadsQuotesAndNewlinesAndKeepsLineNumbers) {
  std::vector<int64_t> lines;
  auto rows = ReadAll(
      "\xEF\xBB\xBF"
      "a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\n\n2,\"multi\nline\",\n3,,z",
      &lines);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "x, y", "he said \"hi\""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"2", "multi\nline", ""}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"3", "", "z"}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 4, 6}));
}

TEST(CsvTest, UnclosedQuoteIsAnError) {
  auto r = CsvReader::FromString("a,\"b\n1,2\n");
  std::vector<std::string_view> f;
  auto more = r->Next(&f);
  EXPECT_FALSE(more.ok());
  EXPECT_NE(more.status().message().find("line 1"), std::string::npos);
}

TEST(CsvTest, QuotesWhenNeeded) {
  std::string out;
  AppendCsvField("plain", &out);
  out += ',';
  AppendCsvField("a,b", &out);
  out += ',';
  AppendCsvField("say \"x\"", &out);
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"x\"\"\"");
}

}  // namespace
}  // namespace jjm
