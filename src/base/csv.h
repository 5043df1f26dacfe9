// A small RFC 4180 CSV reader and writer.
//
// The reader maps the file into memory and hands out each record as views
// into it, so it can read the national ledger (crores of rows) without
// copying.  It keeps the line on which each record starts, so that an import
// can report row and column for every rejected row.
//
//   JJM_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
//   std::vector<std::string_view> fields;
//   while (true) {
//     JJM_ASSIGN_OR_RETURN(bool more, reader->Next(&fields));
//     if (!more) break;
//     ...
//   }
#ifndef JJM_BASE_CSV_H_
#define JJM_BASE_CSV_H_

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jjm {

class CsvReader {
 public:
  // Reads `path`.  A leading UTF-8 byte-order mark is skipped.
  static StatusOr<std::unique_ptr<CsvReader>> Open(const std::string& path);
  // Reads from `data`, which must outlive the reader.
  static std::unique_ptr<CsvReader> FromString(std::string_view data);
  // Reads from `data`, which the reader keeps; record k (0-based) is said
  // to start on line `record_lines[k]` (a spreadsheet's row numbers, when
  // the text was made from one), not on the line it has in `data`.
  static std::unique_ptr<CsvReader> FromOwned(
      std::string data, std::vector<int64_t> record_lines);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `fields`.  Returns false at the end of the
  // input, or an error for a quote that is never closed.  The views stay
  // valid until the next call.  Blank lines are skipped.
  StatusOr<bool> Next(std::vector<std::string_view>* fields);

  // 1-based line number on which the last record returned starts.
  int64_t line() const { return line_; }
  // Fraction of the input consumed, 0..1, for progress reports.
  double progress() const {
    return size_ == 0 ? 1.0 : static_cast<double>(pos_) / size_;
  }
  size_t size_bytes() const { return size_; }

 private:
  CsvReader(const char* data, size_t size, void* mapping, size_t map_size);
  StatusOr<bool> NextRecord(std::vector<std::string_view>* fields);

  const char* data_;
  size_t size_;
  size_t pos_ = 0;
  int64_t line_ = 0;
  int64_t next_line_ = 1;
  void* mapping_;
  size_t map_size_;
  // Storage for fields that needed unescaping ("" inside quotes): a deque,
  // so that adding one leaves the views into the others valid.
  std::deque<std::string> scratch_;
  std::string owned_;                  // FromOwned's text
  std::vector<int64_t> record_lines_;  // FromOwned's line of each record
  size_t record_ = 0;
};

// Appends `field` to `out`, quoted if it holds a comma, quote or newline.
void AppendCsvField(std::string_view field, std::string* out);

// Writes rows to a file through a large buffer.
class CsvWriter {
 public:
  static StatusOr<std::unique_ptr<CsvWriter>> Create(const std::string& path);
  ~CsvWriter();
  // Writes one record; fields are quoted as needed.
  void Row(const std::vector<std::string_view>& fields);
  // Appends pre-formatted text (must end lines with '\n').
  void Raw(std::string_view text);
  // Flushes and closes; reports any write error.
  Status Close();

 private:
  explicit CsvWriter(std::FILE* f) : f_(f) {}
  std::FILE* f_;
  std::string buf_;
  bool failed_ = false;
  void FlushIfFull();
};

}  // namespace jjm

#endif  // JJM_BASE_CSV_H_
