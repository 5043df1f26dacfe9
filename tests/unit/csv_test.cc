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

// Several short unescaped fields in one record: each view stays valid
// while the next is unescaped.
TEST(CsvTest, ManyEscapedFieldsInOneRecord) {
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += (i ? "," : "") + std::string("\"a\"\"b\"");
  auto r = CsvReader::FromString(text);
  std::vector<std::string_view> f;
  ASSERT_TRUE(*r->Next(&f));
  ASSERT_EQ(f.size(), 40u);
  for (std::string_view v : f) EXPECT_EQ(v, "a\"b");
}

TEST(CsvTest, OwnedTextTakesItsRecordsLines) {
  auto r =
      CsvReader::FromOwned("h1,h2\n\"two\nlines\",x\nlast,y\n", {1, 17, 40});
  std::vector<std::string_view> f;
  std::vector<int64_t> lines;
  while (*r->Next(&f)) lines.push_back(r->line());
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 17, 40}));
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
