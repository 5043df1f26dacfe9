#include "base/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "base/strings.h"

namespace jjm {

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Separate();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  out_.push_back('"');
  AppendJsonEscaped(key, &out_);
  out_.append("\":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  Separate();
  out_.push_back('"');
  AppendJsonEscaped(s, &out_);
  out_.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t v) {
  Separate();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  return *this;
}

JsonWriter& JsonWriter::Double(double v, int decimals) {
  Separate();
  if (!std::isfinite(v)) {
    out_.append("null");
    return *this;
  }
  char buf[48];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed,
                         decimals);
  // Trim trailing zeros after the point: 81.20 -> 81.2, 100.00 -> 100.
  char* end = r.ptr;
  char* dot = nullptr;
  for (char* p = buf; p < end; ++p) {
    if (*p == '.') dot = p;
  }
  if (dot != nullptr) {
    while (end > dot + 1 && end[-1] == '0') --end;
    if (end == dot + 1) end = dot;
  }
  if (end - buf == 2 && buf[0] == '-' && buf[1] == '0') {
    out_.push_back('0');
  } else {
    out_.append(buf, end);
  }
  return *this;
}

JsonWriter& JsonWriter::Bool(bool v) {
  Separate();
  out_.append(v ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::StringOrNull(std::string_view s) {
  return s.empty() ? Null() : String(s);
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  out_.append(json);
  return *this;
}

}  // namespace jjm
