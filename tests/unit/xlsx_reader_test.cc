// The XLSX reader on workbooks written by libxlsxwriter (shared strings, and
// inline strings in its constant-memory mode), and on hostile zips made by
// hand: a part that inflates past the limit, too many columns or rows, a
// document type declaration, a shared string that is not there, a file
// that is no zip.
#include "io/xlsx_reader.h"

#include <gtest/gtest.h>
#include <minizip/zip.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "io/table_file.h"

namespace jjm {
namespace {

class XlsxReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/jjm-xlsx-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  // A zip of `parts` (name, text), deflated.
  std::string Zip(
      const std::string& name,
      const std::vector<std::pair<std::string, std::string>>& parts) {
    const std::string path = Path(name);
    zipFile z = zipOpen64(path.c_str(), 0);
    EXPECT_NE(z, nullptr);
    for (const auto& [part, text] : parts) {
      zip_fileinfo info = {};
      EXPECT_EQ(zipOpenNewFileInZip64(z, part.c_str(), &info, nullptr, 0,
                                      nullptr, 0, nullptr, Z_DEFLATED, 9, 1),
                ZIP_OK);
      EXPECT_EQ(zipWriteInFileInZip(z, text.data(),
                                    static_cast<unsigned>(text.size())),
                ZIP_OK);
      EXPECT_EQ(zipCloseFileInZip(z), ZIP_OK);
    }
    EXPECT_EQ(zipClose(z, nullptr), ZIP_OK);
    return path;
  }

  // A minimal workbook around `sheet_xml` (and `shared` strings XML).
  std::string Book(const std::string& name, const std::string& sheet_xml,
                   const std::string& shared = "") {
    std::vector<std::pair<std::string, std::string>> parts = {
        {"xl/workbook.xml",
         "<?xml version=\"1.0\"?><workbook xmlns:r=\"r\"><sheets>"
         "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
         "</workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\"?><Relationships><Relationship Id=\"rId1\" "
         "Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
         "</Relationships>"},
        {"xl/worksheets/sheet1.xml", sheet_xml}};
    if (!shared.empty()) parts.push_back({"xl/sharedStrings.xml", shared});
    return Zip(name, parts);
  }

  std::string dir_;
};

std::vector<std::vector<std::string>> Records(const XlsxSheet& s) {
  std::vector<std::vector<std::string>> out;
  auto r = CsvReader::FromString(s.csv);
  std::vector<std::string_view> f;
  while (*r->Next(&f)) out.emplace_back(f.begin(), f.end());
  return out;
}

TEST(XlsxNamesTest, ColumnsAndCellsAsExcelNamesThem) {
  EXPECT_EQ(XlsxColumnName(0), "A");
  EXPECT_EQ(XlsxColumnName(25), "Z");
  EXPECT_EQ(XlsxColumnName(26), "AA");
  EXPECT_EQ(XlsxColumnName(701), "ZZ");
  EXPECT_EQ(XlsxColumnName(702), "AAA");
  EXPECT_EQ(XlsxColumnName(16383), "XFD");
  EXPECT_EQ(XlsxCellName("Sheet1", 17, 3), "Sheet1!D17");
  EXPECT_EQ(XlsxCellName("Gram Panchayats", 2, 0), "'Gram Panchayats'!A2");
}

TEST_F(XlsxReaderTest, ReadsWhatExcelWritesBothWays) {
  for (const bool constant_memory : {false, true}) {
    SCOPED_TRACE(constant_memory ? "inline strings" : "shared strings");
    const std::string path =
        Path(constant_memory ? "inline.xlsx" : "shared.xlsx");
    lxw_workbook_options opt = {};
    opt.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    opt.tmpdir = const_cast<char*>(dir_.c_str());
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &opt);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Villages");
    lxw_worksheet* other = workbook_add_worksheet(wb, "Notes");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    worksheet_write_string(ws, 0, 0, "village_code", nullptr);
    worksheet_write_string(ws, 0, 1, "name", nullptr);
    worksheet_write_string(ws, 0, 2, "households", nullptr);
    worksheet_write_string(ws, 0, 3, "as_of", nullptr);
    worksheet_write_string(ws, 0, 4, "note", nullptr);
    worksheet_write_number(ws, 1, 0, 100234, nullptr);
    worksheet_write_string(ws, 1, 1, "बालापुर", nullptr);
    worksheet_write_number(ws, 1, 2, 1234.5, money);
    lxw_datetime day = {2024, 3, 31, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 3, &day, date);
    worksheet_write_string(ws, 1, 4, "a, \"quoted\"\nnote", nullptr);
    // Row 3 empty; row 4 with a gap in the middle and nothing at the end.
    worksheet_write_string(ws, 3, 0, "100235", nullptr);
    worksheet_write_number(ws, 3, 2, 0, nullptr);
    worksheet_write_boolean(ws, 4, 0, 1, nullptr);
    worksheet_write_string(other, 0, 0, "only", nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

    auto s = ReadXlsxSheet(path, "");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->name, "Villages");
    EXPECT_EQ(s->columns, 5);
    EXPECT_EQ(s->rows, (std::vector<int64_t>{1, 2, 4, 5}));
    const auto rec = Records(*s);
    ASSERT_EQ(rec.size(), 4u);
    EXPECT_EQ(rec[1],
              (std::vector<std::string>{"100234", "बालापुर", "1234.5",
                                        "2024-03-31", "a, \"quoted\"\nnote"}));
    EXPECT_EQ(rec[2], (std::vector<std::string>{"100235", "", "0", "", ""}));
    EXPECT_EQ(rec[3], (std::vector<std::string>{"TRUE", "", "", "", ""}));

    auto notes = ReadXlsxSheet(path, "Notes");
    ASSERT_TRUE(notes.ok());
    EXPECT_EQ(Records(*notes)[0][0], "only");
    auto none = ReadXlsxSheet(path, "Sheet9");
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.status().field(), "sheet");
    EXPECT_NE(none.status().message().find("Villages, Notes"),
              std::string::npos);

    // Through TableFile, each record keeps its sheet row, even after a
    // field that spans two lines of the CSV.
    auto file = OpenTableFile(path, "");
    ASSERT_TRUE(file.ok());
    std::vector<std::string_view> f;
    std::vector<int64_t> lines;
    while (*file->reader->Next(&f)) lines.push_back(file->reader->line());
    EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 4, 5}));
    EXPECT_EQ(file->header[2], "households");
    ImportReport report;
    file->Label(&report);
    report.Reject(4, "households", "0", "no households");
    report.Reject(5, "no such column", "", "bad row");
    EXPECT_EQ(report.rejections()[0].cell, "Villages!C4");
    EXPECT_EQ(report.rejections()[1].cell, "Villages!5");
  }
}

// A workbook read from memory (an upload) reads as from its file; a byte
// order mark pasted into the first heading is not part of its name.
TEST_F(XlsxReaderTest, FromMemoryAsFromFileAndNoMarkInHeadings) {
  const std::string path = Book(
      "m.xlsx",
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
      "<t>\xEF\xBB\xBFstate_name</t></is></c><c r=\"B1\" t=\"s\"><v>0</v></c>"
      "</row><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Kerala</t></is>"
      "</c><c r=\"B3\"><v>42</v></c></row></sheetData></worksheet>",
      "<sst><si><t>households</t></si></sst>");
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  ASSERT_TRUE(IsXlsxBytes(bytes));
  auto from_file = ReadXlsxSheet(path, "");
  auto from_memory = ReadXlsxSheetFromBytes(bytes, "upload.xlsx", "");
  ASSERT_TRUE(from_file.ok()) << from_file.status().ToString();
  ASSERT_TRUE(from_memory.ok()) << from_memory.status().ToString();
  EXPECT_EQ(from_memory->csv, from_file->csv);
  EXPECT_EQ(from_memory->rows, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(Records(*from_memory)[0],
            (std::vector<std::string>{"state_name", "households"}));
  auto table = OpenTableBytes(bytes, "upload.xlsx", "Data");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->sheet, "Data");
  // A cut-off upload, and a sheet asked of a CSV, are refused by field.
  auto cut = ReadXlsxSheetFromBytes(bytes.substr(0, bytes.size() / 2),
                                    "upload.xlsx", "");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().field(), "file");
  EXPECT_NE(cut.status().message().find("upload.xlsx"), std::string::npos);
  auto csv = OpenTableBytes("a,b\n1,2\n", "a.csv", "Data");
  ASSERT_FALSE(csv.ok());
  EXPECT_EQ(csv.status().field(), "sheet");
  auto unknown = ReadXlsxSheetFromBytes(bytes, "upload.xlsx", "Nope");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().field(), "sheet");
}

TEST_F(XlsxReaderTest, DateSerialsInBothSystems) {
  auto cell = [](const char* v, int style) {
    return std::string("<c r=\"A1\" s=\"") + std::to_string(style) + "\"><v>" +
           v + "</v></c>";
  };
  const std::string styles =
      "<styleSheet><numFmts><numFmt numFmtId=\"164\" "
      "formatCode=\"[$-409]d\\-mmm\\-yy;@\"/><numFmt numFmtId=\"165\" "
      "formatCode=\"&quot;day &quot;0\"/></numFmts><cellStyleXfs><xf "
      "numFmtId=\"14\"/></cellStyleXfs><cellXfs><xf numFmtId=\"0\"/><xf "
      "numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
      "</cellXfs></styleSheet>";
  struct Case {
    const char* serial;
    int style;
    bool date1904;
    std::string want;
  };
  const Case cases[] = {
      {"1", 1, false, "1900-01-01"},
      {"59", 1, false, "1900-02-28"},
      {"61", 1, false, "1900-03-01"},
      {"45382", 1, false, "2024-03-31"},
      {"45382.5", 2, false, "2024-03-31 12:00:00"},
      {"43692", 1, true, "2023-08-16"},
      {"45382", 0, false, "45382"},
      {"45382", 3, false, "45382"},  // "day "0: a quoted d is not a date
      {"45381.99999999", 2, false, "2024-03-31"},  // rounds to midnight
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.serial);
    const std::string path = Zip(
        "d" + std::to_string(n++) + ".xlsx",
        {{"xl/workbook.xml", std::string("<workbook><workbookPr date1904=\"") +
                                 (c.date1904 ? "1" : "0") +
                                 "\"/><sheets><sheet name=\"S\" r:id=\"rId1\" "
                                 "xmlns:r=\"r\"/></sheets></workbook>"},
         {"xl/_rels/workbook.xml.rels",
          "<Relationships><Relationship Id=\"rId1\" "
          "Target=\"/xl/worksheets/s.xml\"/></Relationships>"},
         {"xl/styles.xml", styles},
         {"xl/worksheets/s.xml", "<worksheet><sheetData><row r=\"1\">" +
                                     cell(c.serial, c.style) +
                                     "</row></sheetData></worksheet>"}});
    auto s = ReadXlsxSheet(path, "");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(Records(*s)[0][0], c.want);
  }
}

TEST_F(XlsxReaderTest, HostileFilesAreRefusedNamingWhy) {
  XlsxLimits small;
  small.max_part_bytes = 1 << 20;
  small.max_columns = 5;
  small.max_rows = 1000;
  // 50 MB of spaces deflate to a few tens of KB: counted as inflated.
  const std::string bomb =
      Book("bomb.xlsx", "<worksheet><sheetData>" + std::string(50 << 20, ' ') +
                            "</sheetData></worksheet>");
  EXPECT_LT(std::filesystem::file_size(bomb), 1u << 20);
  auto s = ReadXlsxSheet(bomb, "", small);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().field(), "file");
  EXPECT_NE(s.status().message().find("the limit"), std::string::npos);

  const std::string wide =
      Book("wide.xlsx",
           "<worksheet><sheetData><row r=\"1\"><c r=\"F1\"><v>1</v></c></row>"
           "</sheetData></worksheet>");
  s = ReadXlsxSheet(wide, "", small);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("Data!F1"), std::string::npos)
      << s.status().message();

  const std::string tall =
      Book("tall.xlsx",
           "<worksheet><sheetData><row r=\"1001\"><c r=\"A1001\"><v>1</v></c>"
           "</row></sheetData></worksheet>");
  s = ReadXlsxSheet(tall, "", small);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("1001"), std::string::npos);

  const std::string laughs = Book(
      "laughs.xlsx",
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
      "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is>"
      "</c></row></sheetData></worksheet>");
  s = ReadXlsxSheet(laughs, "");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("document type"), std::string::npos);

  const std::string missing =
      Book("missing.xlsx",
           "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c>"
           "</row></sheetData></worksheet>",
           "<sst><si><t>only one</t></si></sst>");
  s = ReadXlsxSheet(missing, "");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("Data!A1"), std::string::npos);

  const std::string backwards =
      Book("backwards.xlsx",
           "<worksheet><sheetData><row r=\"5\"><c><v>1</v></c></row><row "
           "r=\"3\"><c><v>1</v></c></row></sheetData></worksheet>");
  s = ReadXlsxSheet(backwards, "");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("row 3 comes after row 5"),
            std::string::npos);

  // A row inside a row would repeat its cells.
  const std::string nested =
      Book("nested.xlsx",
           "<worksheet><sheetData><row r=\"1\"><row r=\"2\"><c><v>1</v></c>"
           "</row></row></sheetData></worksheet>");
  s = ReadXlsxSheet(nested, "");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("a row inside row 1"), std::string::npos);

  // One cell at XFD on each of many rows: tiny zipped, huge as text.
  std::string padded = "<worksheet><sheetData>";
  for (int r = 1; r <= 2000; ++r) {
    padded += "<row r=\"" + std::to_string(r) + "\"><c r=\"XFD" +
              std::to_string(r) + "\"><v>1</v></c></row>";
  }
  padded += "</sheetData></worksheet>";
  XlsxLimits out_limit;
  out_limit.max_output_bytes = 4 << 20;
  s = ReadXlsxSheet(Book("padded.xlsx", padded), "", out_limit);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("as text it would be larger"),
            std::string::npos);

  // Many sheets in a small part.
  std::string sheets = "<workbook><sheets>";
  for (int i = 0; i < 200; ++i) {
    sheets += "<sheet name=\"S" + std::to_string(i) + "\" r:id=\"r" +
              std::to_string(i) + "\" xmlns:r=\"r\"/>";
  }
  sheets += "</sheets></workbook>";
  XlsxLimits few;
  few.max_entries = 100;
  s = ReadXlsxSheet(Zip("sheets.xlsx", {{"xl/workbook.xml", sheets}}), "", few);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("more than 100 sheets"),
            std::string::npos);

  const std::string broken = Book("broken.xlsx", "<worksheet><sheetData><row>");
  s = ReadXlsxSheet(broken, "");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("not well-formed"), std::string::npos);

  const std::string no_book = Zip("nobook.xlsx", {{"hello.txt", "hi"}});
  s = ReadXlsxSheet(no_book, "");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("xl/workbook.xml"), std::string::npos);

  const std::string text = Path("text.xlsx");
  std::ofstream(text) << "village_code,households\n1,2\n";
  s = ReadXlsxSheet(text, "");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().field(), "file");
  // Told by its bytes: the same file is read as the CSV it is, and a
  // --sheet for it is refused.
  auto as_csv = OpenTableFile(text, "");
  ASSERT_TRUE(as_csv.ok());
  EXPECT_TRUE(as_csv->sheet.empty());
  auto sheet_for_csv = OpenTableFile(text, "Sheet1");
  ASSERT_FALSE(sheet_for_csv.ok());
  EXPECT_EQ(sheet_for_csv.status().field(), "sheet");
}

}  // namespace
}  // namespace jjm
