// Import of villages CSV files: the public JJM dashboard village profile and
// the project's own export format.
#include "io/table_file.h"
#include "io/village_importer.h"

namespace jjm {

const char* const kVillageColumns[12] = {
    "state_code",   "state_name",   "district_code", "district_name",
    "block_code",   "block_name",   "gp_code",       "gp_name",
    "village_code", "village_name", "total_hh",      "hh_with_tap"};
const char* const kVillageExtraColumns[9] = {
    "habitations",         "schools",
    "schools_with_tap",    "anganwadis",
    "anganwadis_with_tap", "sc_population",
    "st_population",       "general_population",
    "service_lpcd"};

namespace village_import {

std::optional<int64_t> FactField(const FactRow& f, int i) {
  switch (i) {
    case kHouseholds:
      return f.households;
    case kHabitations:
      return f.habitations;
    case kSchools:
      return f.schools;
    case kSchoolsTap:
      return f.schools_with_tap;
    case kAnganwadis:
      return f.anganwadis;
    case kAnganwadisTap:
      return f.anganwadis_with_tap;
    case kSc:
      return f.sc_population;
    case kSt:
      return f.st_population;
    case kGeneral:
      return f.general_population;
    default:
      return std::nullopt;
  }
}

Status VillageImporter::ReadHeader(const std::vector<std::string_view>& h) {
  for (size_t i = 0; i < h.size(); ++i) {
    col_.emplace(std::string(Trim(h[i])), static_cast<int>(i));
  }
  if (col_.count("vil_encode") != 0) {
    format_ = Format::kDashboard;
  } else if (col_.count("village_code") != 0) {
    format_ = Format::kProject;
  } else {
    return InvalidArgument(
        "the header names neither the JJM dashboard's columns (vil_encode, "
        "...) nor the project's (village_code, ...)",
        "header");
  }
  std::vector<std::string> required;
  if (format_ == Format::kDashboard) {
    required = {"state_name",          "district_name",
                "block_name",          "blcode11",
                "village_name",        "vil_encode",
                "TotalNoofHouseholds", "HousesWithTaps"};
  } else {
    required.assign(std::begin(kVillageColumns), std::end(kVillageColumns));
  }
  std::string missing;
  for (const std::string& r : required) {
    if (col_.count(r) == 0) missing += (missing.empty() ? "" : ", ") + r;
  }
  if (!missing.empty()) {
    return InvalidArgument("missing columns: " + missing, "header");
  }
  for (int i = 0; i < kFigCount; ++i) {
    fig_col_[i] = Col(format_ == Format::kDashboard ? kFigColumns[i].dashboard
                                                    : kFigColumns[i].project);
  }
  lpcd_col_ =
      Col(format_ == Format::kDashboard ? "service_level" : "service_lpcd");
  as_of_col_ = Col("as_of");
  // Say which columns this import does not keep.
  for (const auto& [name, i] : col_) {
    bool used = name == "state_name" || name == "district_name" ||
                name == "block_name" || name == "village_name" ||
                name == "blcode11" || name == "vil_encode" ||
                name == "service_level" || name == "service_lpcd" ||
                name == "TotalCurrentPop" || name == "JJMStatus" ||
                name == "as_of";
    for (const char* c : kVillageColumns) used = used || name == c;
    for (const ColumnSpec& c : kFigColumns) {
      used = used || name == c.dashboard || name == c.project;
    }
    if (!used) ignored_columns_.push_back(name);
  }
  return Status::Ok();
}

StatusOr<const KnownFacts*> VillageImporter::Known(UnitRef village,
                                                   Date as_of) {
  if (village < 0) return nullptr;
  auto [slot, fresh] = known_.try_emplace(as_of.days());
  auto& known = slot->second;
  if (fresh) {
    const int32_t d = as_of.days();
    Status read = svc_->store()->ForEachFact([&](const FactRow& f) {
      if (f.as_of.days() > d) return;
      KnownFacts& k = known[static_cast<UnitId>(f.village_id)];
      for (int i = 0; i < kFigCount; ++i) {
        auto v = FactField(f, i);
        if (v && f.as_of.days() >= k.day[i]) {
          k.value[i] = *v;
          k.day[i] = f.as_of.days();
        }
      }
      if (f.service_lpcd && f.as_of.days() >= k.lpcd_day) {
        k.lpcd = *f.service_lpcd;
        k.lpcd_day = f.as_of.days();
      }
    });
    if (!read.ok()) {
      known_.erase(slot);
      return read;
    }
  }
  auto it = known.find(static_cast<UnitId>(village));
  return it == known.end() ? nullptr : &it->second;
}

void VillageImporter::Row(const std::vector<std::string_view>& f,
                          int64_t line) {
  ++report_.rows_read;
  row_aliases_.clear();
  const size_t before = report_.rejections().size();
  // A file may date each row (export villages --history does).
  Date as_of = as_of_;
  if (as_of_col_ >= 0) {
    const std::string_view v = Field(f, as_of_col_);
    auto d = Date::Parse(v);
    if (!d.ok()) {
      report_.Reject(line, "as_of", v, d.status().message());
      return;
    }
    if (*d > opt_.today) {
      report_.Reject(line, "as_of", v, "the date is in the future");
      return;
    }
    as_of = *d;
  }
  // Figures first: they need no lookups.
  std::array<std::optional<int64_t>, kFigCount> fig;
  for (int i = 0; i < kFigCount; ++i) {
    const int c = fig_col_[i];
    const std::string_view v = Field(f, c);
    if (c < 0 || v.empty()) {
      if (format_ == Format::kDashboard &&
          (i == kHouseholds || i == kWithTap)) {
        report_.Reject(line,
                       format_ == Format::kDashboard ? kFigColumns[i].dashboard
                                                     : kFigColumns[i].project,
                       v, "a number is required");
      }
      continue;
    }
    auto n = ParseInt(v);
    const char* name = format_ == Format::kDashboard ? kFigColumns[i].dashboard
                                                     : kFigColumns[i].project;
    if (!n) {
      report_.Reject(line, name, v, "not a whole number");
    } else if (*n < 0) {
      report_.Reject(line, name, v, "must not be negative");
    } else if (*n > kMaxVillageFigure) {
      report_.Reject(line, name, v,
                     "larger than " + IndianGrouped(kMaxVillageFigure) +
                         ", the most one village can hold");
    } else {
      fig[i] = *n;
    }
  }
  std::optional<double> lpcd;
  if (std::string_view v = Field(f, lpcd_col_); !v.empty()) {
    auto d = ParseDecimal(v);
    const char* name =
        format_ == Format::kDashboard ? "service_level" : "service_lpcd";
    if (!d || *d < 0 || *d > 100000) {
      report_.Reject(line, name, v,
                     "not a service level in litres per person per day");
    } else {
      lpcd = *d;
    }
  }
  auto over = [&](int part, int whole) {
    if (fig[part] && fig[whole] && *fig[part] > *fig[whole]) {
      const char* pn = format_ == Format::kDashboard
                           ? kFigColumns[part].dashboard
                           : kFigColumns[part].project;
      const char* wn = format_ == Format::kDashboard
                           ? kFigColumns[whole].dashboard
                           : kFigColumns[whole].project;
      report_.Reject(line, pn, std::to_string(*fig[part]),
                     std::string("more than ") + wn + " (" +
                         std::to_string(*fig[whole]) + ")");
    }
  };
  over(kWithTap, kHouseholds);
  over(kSchoolsTap, kSchools);
  over(kAnganwadisTap, kAnganwadis);
  if (fig[kWithTap] && as_of < JjmBaseline() && *fig[kWithTap] > 0) {
    report_.Reject(
        line, format_ == Format::kDashboard ? "HousesWithTaps" : "hh_with_tap",
        std::to_string(*fig[kWithTap]),
        "households with tap can be recorded from " + JjmBaseline().ToString() +
            " on; the file is as of " + as_of.ToString());
  }
  if (report_.rejections().size() != before) {
    return;  // nothing is planned for a row with bad figures
  }

  // Look the places up; create nothing until the row has passed.
  std::string key;
  anchor_ = kNoUnit;
  UnitRef village = format_ == Format::kDashboard
                        ? PlaceDashboard(f, line, &key, false)
                        : PlaceProject(f, line, &key, false);
  // The same village twice in one file is an error, not a double count
  // (twice on one date, when rows are dated).
  if (as_of_col_ >= 0 && !key.empty()) key += " on " + as_of.ToString();
  if (!key.empty()) {
    auto [it, fresh] = seen_villages_.emplace(key, line);
    if (!fresh) {
      report_.Reject(
          line, format_ == Format::kDashboard ? "vil_encode" : "village_code",
          key,
          "the same village already appears on line " +
              std::to_string(it->second) + " of this file");
      return;
    }
  }
  if (village == kNoUnit) return;
  if (!opt_.within.empty() &&
      !Within(village == kPlanned ? anchor_ : village, f, line, false)) {
    return;
  }

  // Work out the village's new timeline and check it.
  VillageTimeline t;
  if (auto w = working_.find(village); w != working_.end()) {
    t = w->second;
  } else if (village != kPlanned) {
    t = svc_->index_for_writer().Village(static_cast<UnitId>(village));
  }
  FactRow fact;
  fact.as_of = as_of;
  bool changed = false;
  const KnownFacts* known = nullptr;
  if (village != kPlanned) {
    StatusOr<const KnownFacts*> k = Known(village, as_of);
    if (!k.ok()) {
      failure_ = k.status();  // the store failed: the import stops
      return;
    }
    known = *k;
  }
  auto put = [&](int i, std::optional<int64_t>* slot) {
    if (!fig[i]) return;
    *slot = fig[i];
    if (known == nullptr || known->value[i] != *fig[i]) changed = true;
  };
  put(kHouseholds, &fact.households);
  put(kHabitations, &fact.habitations);
  put(kSchools, &fact.schools);
  put(kSchoolsTap, &fact.schools_with_tap);
  put(kAnganwadis, &fact.anganwadis);
  put(kAnganwadisTap, &fact.anganwadis_with_tap);
  put(kSc, &fact.sc_population);
  put(kSt, &fact.st_population);
  put(kGeneral, &fact.general_population);
  if (lpcd) {
    fact.service_lpcd = lpcd;
    if (known == nullptr || known->lpcd != *lpcd) changed = true;
  }
  if (changed) t.AddFact(ToFactRecord(fact));
  int64_t delta = 0;
  if (fig[kWithTap]) {
    delta = *fig[kWithTap] - t.TapAt(as_of.days());
    if (delta != 0) t.AddTap(as_of.days(), static_cast<int32_t>(delta));
  }
  if (opt_.closed_period_reason.empty() && (changed || delta != 0)) {
    const UnitId unit = village >= 0 ? static_cast<UnitId>(village) : kIndia;
    Status open =
        svc_->periods().CheckOpen(svc_->hierarchy_for_writer(), unit, as_of,
                                  opt_.today, std::time(nullptr), "as_of");
    if (!open.ok()) {
      report_.Reject(
          line, as_of_col_ >= 0 ? "as_of" : "--as-of", as_of.ToString(),
          open.message() + " (or import with --closed-periods REASON)");
      return;
    }
  }
  const std::string label =
      village == kPlanned ? key : places_->CodeOf(village);
  Status s = CheckVillage(t, as_of.days(), label);
  if (!s.ok()) {
    report_.Reject(
        line,
        format_ == Format::kDashboard ? "TotalNoofHouseholds" : "total_hh",
        fig[kHouseholds] ? std::to_string(*fig[kHouseholds]) : "", s.message());
    return;
  }
  village = format_ == Format::kDashboard ? PlaceDashboard(f, line, &key, true)
                                          : PlaceProject(f, line, &key, true);
  if (as_of_col_ >= 0) working_[village] = t;
  if (changed) {
    plan_.facts.push_back({village, fact});
    report_.Count("fact records");
  } else if (fig[kHouseholds] || lpcd) {
    report_.Count("villages with unchanged facts");
  }
  if (delta != 0) {
    EventKind kind = EventKind::kAdjustment;
    if (as_of == JjmBaseline() && delta > 0) kind = EventKind::kBaseline;
    plan_.events.push_back(
        {village, as_of, delta, kind,
         "reported in " + source_ + " as of " + as_of.ToString()});
    report_.Count(kind == EventKind::kBaseline ? "baseline events"
                                               : "adjustment events");
    report_.Count("net households with tap added", delta);
  }
  for (int64_t alias : row_aliases_) {
    alias_uses_.push_back({alias, village, line});
  }
  if (!row_aliases_.empty()) {
    report_.Count("rows placed through stored aliases");
  }
  file_households_ += fig[kHouseholds].value_or(0);
  file_with_tap_ += fig[kWithTap].value_or(0);
  ++report_.rows_accepted;
}

StatusOr<ImportReport> VillageImporter::Run(CsvReader* reader) {
  as_of_ = opt_.as_of.value_or(opt_.today);
  if (as_of_ > opt_.today) {
    return InvalidArgument("--as-of " + as_of_.ToString() + " is in the future",
                           "as_of");
  }
  std::vector<std::string_view> f;
  JJM_RETURN_IF_ERROR(ReadHeaderRow(reader, &f));
  JJM_RETURN_IF_ERROR(ReadHeader(f));

  MutexLock lock(&svc_->write_mutex());
  JJM_ASSIGN_OR_RETURN(PlaceResolver resolver,
                       PlaceResolver::Create(svc_, &plan_));
  places_.emplace(std::move(resolver));
  ProgressTicker ticker(opt_);
  while (NextRow(reader, &f, &report_)) {
    Row(f, reader->line());
    if (!failure_.ok()) return failure_;
    ticker.Tick(reader->progress(), report_.rows_read);
  }
  report_.Count("households in accepted rows", file_households_);
  report_.Count("households with tap in accepted rows", file_with_tap_);
  if (!ignored_columns_.empty()) {
    std::string note = "columns this import does not keep:";
    for (const std::string& c : ignored_columns_) note += " " + c;
    report_.notes.push_back(std::move(note));
  }
  const bool clean = report_.rejections().empty();
  if (opt_.commit && (clean || opt_.skip_invalid) &&
      report_.rows_accepted > 0) {
    plan_.batch.kind = "import";
    plan_.batch.source = source_;
    plan_.batch.recorded_by = opt_.recorded_by;
    plan_.batch.remote = opt_.remote;
    plan_.batch.note = "villages as of " + as_of_.ToString();
    if (!opt_.closed_period_reason.empty()) {
      plan_.batch.note += ", into closed months: " + opt_.closed_period_reason;
    }
    plan_.valid_from = as_of_;
    if (!alias_uses_.empty()) {
      plan_.also_write = [this](int64_t batch,
                                const std::function<int64_t(UnitRef)>& id) {
        std::vector<NameAliasUseRow> uses;
        uses.reserve(alias_uses_.size());
        for (const AliasUse& u : alias_uses_) {
          uses.push_back({u.alias_id, batch, id(u.village), u.line});
        }
        return CrosswalkService(svc_->store()->db()).RecordUses(uses);
      };
    }
    JJM_RETURN_IF_ERROR(svc_->ApplyPlan(plan_));
    report_.committed = true;
  }
  return std::move(report_);
}

}  // namespace village_import

using village_import::VillageImporter;

StatusOr<ImportReport> ImportVillagesFromText(CoverageService* svc,
                                              std::string_view text,
                                              std::string source,
                                              const ImportOptions& opt) {
  auto reader = CsvReader::FromString(text);
  VillageImporter importer(svc, opt, std::move(source));
  return importer.Run(reader.get());
}

StatusOr<ImportReport> ImportVillagesFromTable(CoverageService* svc,
                                               TableFile* file,
                                               std::string source,
                                               const ImportOptions& opt) {
  VillageImporter importer(svc, opt, std::move(source));
  JJM_ASSIGN_OR_RETURN(ImportReport report, importer.Run(file->reader.get()));
  file->Label(&report);
  return report;
}

StatusOr<ImportReport> ImportVillages(CoverageService* svc,
                                      const std::string& path,
                                      const ImportOptions& opt) {
  JJM_ASSIGN_OR_RETURN(TableFile file, OpenTableFile(path, opt.sheet));
  VillageImporter importer(svc, opt, SourceName(path));
  JJM_ASSIGN_OR_RETURN(ImportReport report, importer.Run(file.reader.get()));
  file.Label(&report);
  return report;
}

}  // namespace jjm
