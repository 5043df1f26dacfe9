// The formats other modules compute (water quality's CS1 B(i) and L5),
// turned from their JSON answers into tables with the format's columns in
// its order, so that every writer serves them as it serves the J-formats.
#include <nlohmann/json.hpp>

#include "reports/reports_service.h"

namespace jjm {
namespace {

using Json = nlohmann::json;

// One column of a module's format: its key in the answer's rows, and
// whether it is a {"number","percent"} share (two columns).
struct Field {
  const char* key;
  const char* title;
  const char* title_hi;
  bool share = false;
};

const Field kCs1bi[] = {
    {"total_districts", "Total districts", "कुल ज़िले"},
    {"nabl_state_referral_labs", "NABL state referral labs",
     "NABL राज्य रेफ़रल प्रयोगशालाएँ"},
    {"nabl_district_labs", "NABL district labs", "NABL ज़िला प्रयोगशालाएँ"},
    {"districts_with_nabl_lab", "Districts with a NABL lab",
     "NABL प्रयोगशाला वाले ज़िले"},
    {"wtps", "Water treatment plants", "जल शोधन संयंत्र"},
    {"wtps_geotagged", "WTPs geo-tagged", "जियो-टैग किए गए संयंत्र"},
    {"wtps_with_lab", "WTPs with a lab", "प्रयोगशाला वाले संयंत्र"},
    {"wtps_with_nabl_lab", "WTPs with a NABL lab", "NABL प्रयोगशाला वाले संयंत्र"},
    {"wtps_without_lab_linked_to_nabl",
     "WTPs without a lab, linked to a NABL lab",
     "बिना प्रयोगशाला के, NABL प्रयोगशाला से जुड़े संयंत्र"},
    {"sources", "Drinking-water sources", "पेयजल स्रोत"},
    {"sources_tested_chemical", "Sources tested (chemical)",
     "जाँचे गए स्रोत (रासायनिक)"},
    {"sources_tested_bacteriological", "Sources tested (bacteriological)",
     "जाँचे गए स्रोत (जीवाणु)"},
};

const Field kL5[] = {
    {"total_villages", "Total villages", "कुल गाँव"},
    {"tested_by_lab", "Villages tested by a lab", "प्रयोगशाला द्वारा जाँचे गए गाँव",
     true},
    {"chemical_by_lab", "Chemical, by a lab", "रासायनिक, प्रयोगशाला द्वारा",
     true},
    {"bacteriological_by_lab", "Bacteriological, by a lab",
     "जीवाणु, प्रयोगशाला द्वारा", true},
    {"chemical_by_ftk", "Chemical, by field test kit",
     "रासायनिक, फ़ील्ड टेस्ट किट द्वारा", true},
};

int64_t IntOf(const Json& j) { return j.is_number() ? j.get<int64_t>() : 0; }

}  // namespace

StatusOr<ReportTable> TableFromModuleReport(const ReportInfo& info,
                                            const Json& answer,
                                            const Hierarchy& h, UnitId place,
                                            Date as_of,
                                            const std::string& generated_at) {
  const Field* begin = nullptr;
  const Field* end = nullptr;
  if (info.name == "cs1bi") {
    begin = std::begin(kCs1bi);
    end = std::end(kCs1bi);
  } else if (info.name == "l5") {
    begin = std::begin(kL5);
    end = std::end(kL5);
  } else {
    return NotFound("no module report '" + info.name + "'", "name");
  }
  ReportTable t;
  t.name = info.name;
  t.title = info.title;
  t.title_hi = info.title_hi;
  t.note = answer.value("note", "");
  AddStandardHead(h, place, as_of, generated_at, &t);
  if (answer.contains("fy")) {
    t.head.insert(t.head.begin() + 2,
                  ReportTable::HeadLine{"Financial year", "वित्तीय वर्ष",
                                        answer["fy"].get<std::string>()});
  }
  t.columns.push_back({"place", "Place", "स्थान", ColumnKind::kText, ""});
  t.columns.push_back({"code", "Code", "कोड", ColumnKind::kText, ""});
  for (const Field* f = begin; f != end; ++f) {
    t.columns.push_back(
        {f->key, f->title, f->title_hi, ColumnKind::kCount, ""});
    if (f->share) {
      t.columns.push_back(
          {std::string(f->key) + "_pct", std::string(f->title) + " (%)",
           std::string(f->title_hi) + " (%)", ColumnKind::kPercent, ""});
    }
  }
  auto add = [&](const Json& row, RowKind kind) {
    t.BeginRow(kind);
    const Json& p = row.contains("place") ? row["place"] : Json::object();
    t.Text(kind == RowKind::kTotal ? "Total" : p.value("name", ""));
    t.Text(p.value("code", ""));
    for (const Field* f = begin; f != end; ++f) {
      const Json& v = row.contains(f->key) ? row[f->key] : Json();
      if (f->share) {
        t.Int(v.is_object() ? IntOf(v.value("number", Json())) : 0);
        t.Real(v.is_object() ? v.value("percent", 0.0) : 0.0);
      } else {
        t.Int(IntOf(v));
      }
    }
  };
  if (answer.contains("rows") && answer["rows"].is_array()) {
    for (const Json& r : answer["rows"]) add(r, RowKind::kRow);
  }
  if (answer.contains("total") && answer["total"].is_object()) {
    add(answer["total"], RowKind::kTotal);
  }
  return t;
}

}  // namespace jjm
