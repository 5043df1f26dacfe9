// The names of the water-quality enums as the store, the API and files
// write them (quality/standard.h).
#include <array>
#include <string_view>
#include <utility>

#include "quality/standard.h"

namespace jjm {
namespace {

template <typename E, size_t N>
std::optional<E> ParseName(const std::array<std::string_view, N>& names,
                           std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::string_view, N>& names, E e) {
  const size_t i = static_cast<size_t>(e);
  return i < N ? names[i] : std::string_view("unknown");
}

constexpr std::array<std::string_view, 3> kFamilies = {"physical", "chemical",
                                                       "bacteriological"};
constexpr std::array<std::string_view, kContaminantCount> kContaminants = {
    "arsenic",      "fluoride",        "iron", "salinity", "nitrate",
    "heavy_metals", "bacteriological", "other"};
constexpr std::array<std::string_view, 4> kLimitKinds = {"max", "range", "min",
                                                         "absent"};
constexpr std::array<std::string_view, 4> kGrades = {
    "acceptable", "permissible", "beyond", "not_applicable"};

}  // namespace

std::string_view FamilyName(ParameterFamily f) { return NameOf(kFamilies, f); }
std::optional<ParameterFamily> ParseFamily(std::string_view name) {
  return ParseName<ParameterFamily>(kFamilies, name);
}
std::string_view ContaminantName(Contaminant c) {
  return NameOf(kContaminants, c);
}
std::optional<Contaminant> ParseContaminant(std::string_view name) {
  return ParseName<Contaminant>(kContaminants, name);
}
std::string_view LimitKindName(LimitKind k) { return NameOf(kLimitKinds, k); }
std::optional<LimitKind> ParseLimitKind(std::string_view name) {
  return ParseName<LimitKind>(kLimitKinds, name);
}
std::string_view GradeName(Grade g) { return NameOf(kGrades, g); }
std::optional<Grade> ParseGrade(std::string_view name) {
  return ParseName<Grade>(kGrades, name);
}

}  // namespace jjm
