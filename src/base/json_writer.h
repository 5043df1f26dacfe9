// A fast, allocation-light JSON writer for responses on hot paths.
//
//   JsonWriter w;
//   w.BeginObject().Key("code").String("S36").Key("pct").Double(81.2, 2);
//   w.EndObject();
//   Send(w.str());
#ifndef JJM_BASE_JSON_WRITER_H_
#define JJM_BASE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jjm {

class JsonWriter {
 public:
  JsonWriter() { out_.reserve(256); }

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The next value belongs to this key.
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view s);
  // `s`, or null when it is empty.
  JsonWriter& StringOrNull(std::string_view s);
  JsonWriter& Int(int64_t v);
  // Writes `v` rounded to `decimals` places; non-finite values become null.
  JsonWriter& Double(double v, int decimals = 2);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Inserts already-serialised JSON as one value.
  JsonWriter& Raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Separate();
  std::string out_;
  std::vector<bool> first_;  // one entry per open container
  bool after_key_ = false;
};

}  // namespace jjm

#endif  // JJM_BASE_JSON_WRITER_H_
