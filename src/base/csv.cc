#include "base/csv.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace jjm {

StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return NotFound("cannot open '" + path + "': " + std::strerror(errno),
                    "file");
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return InvalidArgument("'" + path + "' is not a regular file", "file");
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* map = nullptr;
  if (size > 0) {
    map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      ::close(fd);
      return Internal("cannot map '" + path + "': " + std::strerror(errno));
    }
    ::madvise(map, size, MADV_SEQUENTIAL);
  }
  ::close(fd);
  const char* data = static_cast<const char*>(map);
  size_t skip = 0;
  if (size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) skip = 3;
  return std::unique_ptr<CsvReader>(
      new CsvReader(data + skip, size - skip, map, size));
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string_view data) {
  size_t skip = 0;
  if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") skip = 3;
  return std::unique_ptr<CsvReader>(
      new CsvReader(data.data() + skip, data.size() - skip, nullptr, 0));
}

std::unique_ptr<CsvReader> CsvReader::FromOwned(
    std::string data, std::vector<int64_t> record_lines) {
  std::unique_ptr<CsvReader> r(new CsvReader(nullptr, 0, nullptr, 0));
  r->owned_ = std::move(data);
  r->data_ = r->owned_.data();
  r->size_ = r->owned_.size();
  r->record_lines_ = std::move(record_lines);
  return r;
}

CsvReader::CsvReader(const char* data, size_t size, void* mapping,
                     size_t map_size)
    : data_(data), size_(size), mapping_(mapping), map_size_(map_size) {}

CsvReader::~CsvReader() {
  if (mapping_ != nullptr) ::munmap(mapping_, map_size_);
}

StatusOr<bool> CsvReader::Next(std::vector<std::string_view>* fields) {
  StatusOr<bool> more = NextRecord(fields);
  if (!record_lines_.empty() && more.ok() && *more) {
    line_ = record_ < record_lines_.size() ? record_lines_[record_]
                                           : record_lines_.back() + 1;
    ++record_;
  }
  return more;
}

StatusOr<bool> CsvReader::NextRecord(std::vector<std::string_view>* fields) {
  fields->clear();
  scratch_.clear();
  // Skip blank lines.
  while (pos_ < size_ && (data_[pos_] == '\n' || data_[pos_] == '\r')) {
    if (data_[pos_] == '\n') ++next_line_;
    ++pos_;
  }
  if (pos_ >= size_) return false;
  line_ = next_line_;
  while (true) {
    if (pos_ < size_ && data_[pos_] == '"') {
      // Quoted field.
      const int64_t start_line = next_line_;
      ++pos_;
      const size_t start = pos_;
      bool escaped = false;
      while (true) {
        if (pos_ >= size_) {
          return InvalidArgument("line " + std::to_string(start_line) +
                                 ": a quoted field is never closed");
        }
        const char c = data_[pos_];
        if (c == '"') {
          if (pos_ + 1 < size_ && data_[pos_ + 1] == '"') {
            escaped = true;
            pos_ += 2;
            continue;
          }
          break;
        }
        if (c == '\n') ++next_line_;
        ++pos_;
      }
      std::string_view raw(data_ + start, pos_ - start);
      ++pos_;  // closing quote
      if (escaped) {
        std::string s;
        s.reserve(raw.size());
        for (size_t i = 0; i < raw.size(); ++i) {
          s += raw[i];
          if (raw[i] == '"') ++i;
        }
        scratch_.push_back(std::move(s));
        fields->push_back(scratch_.back());
      } else {
        fields->push_back(raw);
      }
      // Anything after the closing quote up to the delimiter is kept as is.
      const size_t after = pos_;
      while (pos_ < size_ && data_[pos_] != ',' && data_[pos_] != '\n' &&
             data_[pos_] != '\r') {
        ++pos_;
      }
      if (pos_ > after) {
        std::string s(fields->back());
        s.append(data_ + after, pos_ - after);
        scratch_.push_back(std::move(s));
        fields->back() = scratch_.back();
      }
    } else {
      const size_t start = pos_;
      while (pos_ < size_ && data_[pos_] != ',' && data_[pos_] != '\n' &&
             data_[pos_] != '\r') {
        ++pos_;
      }
      fields->emplace_back(data_ + start, pos_ - start);
    }
    if (pos_ >= size_) return true;
    const char c = data_[pos_];
    if (c == ',') {
      ++pos_;
      if (pos_ >= size_) {
        fields->emplace_back();
        return true;
      }
      continue;
    }
    // End of record: \n, \r\n or a lone \r.
    if (c == '\r') {
      ++pos_;
      if (pos_ < size_ && data_[pos_] == '\n') ++pos_;
    } else {
      ++pos_;
    }
    ++next_line_;
    return true;
  }
}

void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

StatusOr<std::unique_ptr<CsvWriter>> CsvWriter::Create(
    const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return InvalidArgument(
        "cannot write '" + path + "': " + std::strerror(errno), "out");
  }
  return std::unique_ptr<CsvWriter>(new CsvWriter(f));
}

CsvWriter::~CsvWriter() {
  if (f_ == nullptr) return;
  // Owners call Close() to learn of errors; one left for here is reported.
  if (Status s = Close(); !s.ok()) {
    std::fprintf(stderr, "jjm: closing a CSV file: %s\n", s.ToString().c_str());
  }
}

void CsvWriter::Row(const std::vector<std::string_view>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) buf_.push_back(',');
    AppendCsvField(fields[i], &buf_);
  }
  buf_.push_back('\n');
  FlushIfFull();
}

void CsvWriter::Raw(std::string_view text) {
  buf_.append(text);
  FlushIfFull();
}

void CsvWriter::FlushIfFull() {
  if (buf_.size() < (1 << 20)) return;
  if (std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
    failed_ = true;
  }
  buf_.clear();
}

Status CsvWriter::Close() {
  if (f_ == nullptr) return Status::Ok();
  if (!buf_.empty() &&
      std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
    failed_ = true;
  }
  buf_.clear();
  if (std::fclose(f_) != 0) failed_ = true;
  f_ = nullptr;
  if (failed_) return Internal("write failed: disk full or file closed");
  return Status::Ok();
}

}  // namespace jjm
