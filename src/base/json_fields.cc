#include "base/json_fields.h"

#include <algorithm>
#include <cctype>

namespace jjm {

std::string FieldPath(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : prefix + "." + field;
}

Status CheckFields(const Json& j, const std::string& prefix,
                   std::initializer_list<const char*> allowed) {
  return CheckFields(j, prefix, std::vector<const char*>(allowed));
}

Status CheckFields(const Json& j, const std::string& prefix,
                   const std::vector<const char*>& allowed) {
  if (!j.is_object()) {
    return InvalidArgument((prefix.empty() ? std::string("the body") : prefix) +
                               " must be a JSON object",
                           prefix.empty() ? "body" : prefix);
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* a : allowed) known = known || it.key() == a;
    if (!known) {
      return InvalidArgument("unknown field '" + it.key() + "'",
                             FieldPath(prefix, it.key()));
    }
  }
  return Status::Ok();
}

StatusOr<std::string> TextField(const Json& j, const std::string& prefix,
                                const char* key, bool required, size_t min_len,
                                size_t max_len) {
  const std::string field = FieldPath(prefix, key);
  if (!j.contains(key) || j[key].is_null()) {
    if (required) return InvalidArgument(field + " is required", field);
    return std::string();
  }
  if (!j[key].is_string()) {
    return InvalidArgument(field + " must be text", field);
  }
  std::string s = j[key].get<std::string>();
  // Trim spaces at both ends.
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.pop_back();
  }
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  s.erase(0, b);
  if (s.empty() && required) {
    return InvalidArgument(field + " is required", field);
  }
  if (!s.empty() && s.size() < min_len) {
    return InvalidArgument(
        field + " needs at least " + std::to_string(min_len) + " characters",
        field);
  }
  if (s.size() > max_len) {
    return InvalidArgument(
        field + " has more than " + std::to_string(max_len) + " characters",
        field);
  }
  return s;
}

StatusOr<int64_t> IntField(const Json& j, const std::string& prefix,
                           const char* key, bool required, int64_t min,
                           int64_t max, int64_t otherwise) {
  const std::string field = FieldPath(prefix, key);
  if (!j.contains(key) || j[key].is_null()) {
    if (required) return InvalidArgument(field + " is required", field);
    return otherwise;
  }
  if (!j[key].is_number_integer()) {
    return InvalidArgument(field + " must be a whole number", field);
  }
  const int64_t v = j[key].get<int64_t>();
  if (v < min || v > max) {
    return InvalidArgument(field + " must be " + std::to_string(min) + " to " +
                               std::to_string(max),
                           field);
  }
  return v;
}

StatusOr<Date> DateField(const Json& j, const std::string& prefix,
                         const char* key, bool required, Date otherwise) {
  JJM_ASSIGN_OR_RETURN(std::string s,
                       TextField(j, prefix, key, required, 0, 10));
  if (s.empty()) return otherwise;
  return Date::ParseField(s, FieldPath(prefix, key));
}

// A required date that is not after `today`: when something was done.
StatusOr<Date> PastDateField(const Json& j, const char* key, Date today) {
  JJM_ASSIGN_OR_RETURN(Date d, DateField(j, "", key, true));
  if (today < d) {
    return InvalidArgument(
        std::string(key) + " " + d.ToString() + " is in the future", key);
  }
  return d;
}

StatusOr<const Json*> ArrayField(const Json& j, const std::string& prefix,
                                 const char* key, bool required, size_t min,
                                 size_t max) {
  static const Json kEmpty = Json::array();
  const std::string field = FieldPath(prefix, key);
  if (!j.contains(key) || j[key].is_null()) {
    if (required || min > 0) {
      return InvalidArgument(field + " is required", field);
    }
    return &kEmpty;
  }
  if (!j[key].is_array()) {
    return InvalidArgument(field + " must be a list", field);
  }
  const size_t n = j[key].size();
  if (n < min || n > max) {
    return InvalidArgument(field + " must have " + std::to_string(min) +
                               " to " + std::to_string(max) + " entries",
                           field);
  }
  return &j[key];
}

std::string ItemPath(const std::string& prefix, const char* key, size_t i) {
  return FieldPath(prefix, key) + "[" + std::to_string(i) + "]";
}

// A list of distinct texts from a fixed set.
StatusOr<std::vector<std::string>> ChoicesField(
    const Json& j, const std::string& prefix, const char* key, size_t min,
    size_t max, const std::function<bool(std::string_view)>& allowed,
    const char* what) {
  JJM_ASSIGN_OR_RETURN(const Json* a,
                       ArrayField(j, prefix, key, min > 0, min, max));
  std::vector<std::string> out;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string field = ItemPath(prefix, key, i);
    if (!(*a)[i].is_string() || !allowed((*a)[i].get<std::string>())) {
      return InvalidArgument(field + " is not a known " + what, field);
    }
    const std::string v = (*a)[i].get<std::string>();
    if (std::find(out.begin(), out.end(), v) != out.end()) {
      return InvalidArgument(field + " repeats '" + v + "'", field);
    }
    out.push_back(v);
  }
  return out;
}

StatusOr<std::vector<std::string>> TextsField(const Json& j,
                                              const std::string& prefix,
                                              const char* key, size_t max,
                                              size_t max_len) {
  JJM_ASSIGN_OR_RETURN(const Json* a,
                       ArrayField(j, prefix, key, false, 0, max));
  std::vector<std::string> out;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string field = ItemPath(prefix, key, i);
    if (!(*a)[i].is_string() || (*a)[i].get<std::string>().empty() ||
        (*a)[i].get<std::string>().size() > max_len) {
      return InvalidArgument(field + " must be text of 1 to " +
                                 std::to_string(max_len) + " characters",
                             field);
    }
    out.push_back((*a)[i].get<std::string>());
  }
  return out;
}

StatusOr<double> NumberField(const Json& j, const std::string& prefix,
                             const char* key, bool required, double otherwise) {
  const std::string field = FieldPath(prefix, key);
  if (!j.contains(key) || j[key].is_null()) {
    if (required) return InvalidArgument(field + " is required", field);
    return otherwise;
  }
  if (!j[key].is_number()) {
    return InvalidArgument(field + " must be a number", field);
  }
  return j[key].get<double>();
}

}  // namespace jjm
