#include "coverage/boundaries.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace jjm {
namespace {

using Json = nlohmann::json;

// An LGD code from a property: a whole number, or digits as text.
bool CodeOf(const Json& v, int64_t* out) {
  if (v.is_number_integer()) {
    *out = v.get<int64_t>();
    return *out > 0;
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 12) return false;
    int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    *out = n;
    return n > 0;
  }
  return false;
}

// The text at `key` of an object, or "" (nlohmann's value() throws when
// the key holds another type).
std::string TextAt(const Json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

StatusOr<Boundaries> Boundaries::Parse(std::string_view geojson) {
  if (geojson.size() > kMaxBytes) {
    return InvalidArgument("the boundary file is larger than " +
                               std::to_string(kMaxBytes >> 20) + " MB",
                           "boundaries");
  }
  Json doc = Json::parse(geojson, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return InvalidArgument("the boundary file is not JSON", "boundaries");
  }
  if (!doc.is_object() || TextAt(doc, "type") != "FeatureCollection" ||
      !doc.contains("features") || !doc["features"].is_array()) {
    return InvalidArgument(
        "the boundary file must be a GeoJSON FeatureCollection", "boundaries");
  }
  Boundaries out;
  const Json& features = doc["features"];
  for (size_t i = 0; i < features.size(); ++i) {
    const Json& f = features[i];
    const std::string where = "feature " + std::to_string(i + 1);
    if (!f.is_object() || !f.contains("geometry") ||
        !f["geometry"].is_object()) {
      return InvalidArgument(where + " has no geometry", "boundaries");
    }
    const std::string type = TextAt(f["geometry"], "type");
    if (type != "Polygon" && type != "MultiPolygon") {
      return InvalidArgument(where + " is a " +
                                 (type.empty() ? "shape of no type" : type) +
                                 "; a boundary is a Polygon or MultiPolygon",
                             "boundaries");
    }
    const Json props = f.contains("properties") && f["properties"].is_object()
                           ? f["properties"]
                           : Json::object();
    Level level = Level::kNation;
    int64_t code = 0;
    const auto has = [&](const char* k) {
      return props.contains(k) && CodeOf(props[k], &code);
    };
    if (has("lgd_code")) {
      const std::string l = TextAt(props, "level");
      if (l == "state") level = Level::kState;
      if (l == "district") level = Level::kDistrict;
      if (level == Level::kNation) {
        return InvalidArgument(
            where + " has an lgd_code but no level (state or district)",
            "boundaries");
      }
    } else if (has("district_code") || has("dt_code")) {
      level = Level::kDistrict;
    } else if (has("state_code") || has("st_code")) {
      level = Level::kState;
    } else {
      return InvalidArgument(
          where +
              " names no LGD code (lgd_code with level, state_code or "
              "district_code)",
          "boundaries");
    }
    auto [it, added] = out.geometry_.emplace(
        std::make_pair(static_cast<int>(level), code), f["geometry"].dump());
    if (!added) {
      return InvalidArgument(where + " repeats the " +
                                 std::string(LevelName(level)) +
                                 " with LGD code " + std::to_string(code),
                             "boundaries");
    }
  }
  return out;
}

StatusOr<Boundaries> Boundaries::Load(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) {
    return NotFound("cannot read the boundary file '" + path + "'",
                    "boundaries");
  }
  if (size > kMaxBytes) {
    return InvalidArgument("'" + path + "' is larger than " +
                               std::to_string(kMaxBytes >> 20) + " MB",
                           "boundaries");
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto b = Parse(text.str());
  if (!b.ok()) {
    return InvalidArgument("'" + path + "': " + b.status().message(),
                           "boundaries");
  }
  return b;
}

const std::string* Boundaries::Find(Level level, int64_t lgd) const {
  auto it = geometry_.find({static_cast<int>(level), lgd});
  return it == geometry_.end() ? nullptr : &it->second;
}

bool Boundaries::HasLevel(Level level) const {
  auto it = geometry_.lower_bound({static_cast<int>(level), 0});
  return it != geometry_.end() && it->first.first == static_cast<int>(level);
}

std::string Boundaries::LevelNames() const {
  std::string out;
  for (Level l : {Level::kState, Level::kDistrict}) {
    if (!HasLevel(l)) continue;
    if (!out.empty()) out += ",";
    out += LevelName(l);
  }
  return out;
}

void Boundaries::Layer(const Boundaries& newer) {
  for (Level l : {Level::kState, Level::kDistrict}) {
    if (!newer.HasLevel(l)) continue;
    const int k = static_cast<int>(l);
    geometry_.erase(geometry_.lower_bound({k, INT64_MIN}),
                    geometry_.lower_bound({k + 1, INT64_MIN}));
    geometry_.insert(newer.geometry_.lower_bound({k, INT64_MIN}),
                     newer.geometry_.lower_bound({k + 1, INT64_MIN}));
  }
}

}  // namespace jjm
