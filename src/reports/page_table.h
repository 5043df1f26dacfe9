// A table the page shows (coverage at any level, partner funnels, progress
// roll-ups, the audit rows a reader may see), sent back by the page to be
// written out as CSV, XLSX or PDF with the same heading as the J-formats.
// The page sends only what it was given, so no figure is looked up here:
// this checks the table's shape and limits, and stamps when it was made.
// No SQL, no HTTP.
#ifndef JJM_REPORTS_PAGE_TABLE_H_
#define JJM_REPORTS_PAGE_TABLE_H_

#include <nlohmann/json.hpp>
#include <string>

#include "base/status.h"
#include "reports/table.h"

namespace jjm {

// Limits on a page's table (the request body is limited as well).
inline constexpr size_t kPageTableMaxColumns = 64;
inline constexpr size_t kPageTableMaxRows = 200000;
inline constexpr size_t kPageTableMaxHead = 16;
inline constexpr size_t kPageTableMaxText = 2000;      // bytes of one text
inline constexpr size_t kPageTablePdfMaxRows = 20000;  // as PDF

// `body`: {"title", "title_hi"?, "name"?, "note"?,
//   "head": [{"label", "label_hi"?, "value"}],  (place, date, filters)
//   "columns": [{"title", "title_hi"?, "kind"?: text|count|percent|
//                decimal|date, "note"?}],
//   "rows": [[cell, ...] or {"kind": row|subtotal|total, "cells": [...]}]}
// A cell is null, a string, or a number (an integer in a count column).
// Anything else is refused naming the field ("rows[3][2]"). `generated_at`
// is added to the heading as "Generated".
StatusOr<ReportTable> TableFromPage(const nlohmann::json& body,
                                    const std::string& generated_at);

}  // namespace jjm

#endif  // JJM_REPORTS_PAGE_TABLE_H_
