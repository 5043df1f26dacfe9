#include "base/strings.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace jjm {

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

std::optional<int64_t> ParseInt(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  bool neg = false;
  size_t i = 0;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    i = 1;
  }
  if (i >= s.size() || s.size() - i > 18) return std::nullopt;
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return neg ? -v : v;
}

std::optional<double> ParseDecimal(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.size() > 40) return std::nullopt;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+')) {
      return std::nullopt;
    }
  }
  std::string tmp(s);
  char* end = nullptr;
  const double v = std::strtod(tmp.c_str(), &end);
  if (end != tmp.c_str() + tmp.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::string NameKey(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool space = false;
  for (unsigned char c : name) {
    if (c == ' ' || c == '.' || c == '-' || c == '_' || c == '\t' || c == ',' ||
        c == '(' || c == ')') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
      space = false;
    }
    if (c == '&') {
      out.append("and");
      continue;
    }
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  }
  return out;
}

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int v = 0;
    for (int k = 1; k <= 2; ++k) {
      const char c = s[i + k];
      v *= 16;
      if (c >= '0' && c <= '9') {
        v += c - '0';
      } else if (c >= 'a' && c <= 'f') {
        v += c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        v += c - 'A' + 10;
      } else {
        return std::nullopt;
      }
    }
    out.push_back(static_cast<char>(v));
    i += 2;
  }
  return out;
}

std::optional<std::string> DecodeJjmDashboardId(std::string_view encoded) {
  auto decoded = PercentDecode(Trim(encoded));
  if (!decoded || decoded->size() < 2) return std::nullopt;
  decoded->pop_back();
  for (char& c : *decoded) {
    c = static_cast<char>(c - 1);
    if (c < '0' || c > '9') return std::nullopt;
  }
  return decoded;
}

void AppendIndianGrouped(int64_t v, std::string* out) {
  if (v < 0) {
    out->push_back('-');
    v = -v;
  }
  char digits[24];
  const int n =
      std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(v));
  // The last three digits form one group; the rest go in twos.
  for (int i = 0; i < n; ++i) {
    out->push_back(digits[i]);
    const int left = n - i - 1;
    if (left > 0 && (left == 3 || (left > 3 && (left - 3) % 2 == 0))) {
      out->push_back(',');
    }
  }
}

std::string IndianGrouped(int64_t v) {
  std::string s;
  AppendIndianGrouped(v, &s);
  return s;
}

std::string IndianShort(int64_t v) {
  const double a = std::fabs(static_cast<double>(v));
  char buf[48];
  if (a >= 1e7) {
    std::snprintf(buf, sizeof buf, "%.2f crore", v / 1e7);
  } else if (a >= 1e5) {
    std::snprintf(buf, sizeof buf, "%.2f lakh", v / 1e5);
  } else {
    return IndianGrouped(v);
  }
  return buf;
}

void AppendJsonEscaped(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
}

}  // namespace jjm
