// The PDF writer: Pango lays out the text (HarfBuzz shapes Devanagari),
// Cairo draws it onto A4 landscape pages.  Every page repeats the title,
// the heading lines and the column headings, and says "page n of N".  The
// only translation unit that includes Pango and Cairo.
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "reports/table_writers.h"

namespace jjm {
namespace {

constexpr double kPageW = 841.89;  // A4 landscape, points
constexpr double kPageH = 595.28;
constexpr double kMargin = 28;
constexpr double kCellPad = 2.5;
constexpr char kFamily[] = "Noto Sans, Noto Sans Devanagari";

cairo_status_t AppendBytes(void* closure, const unsigned char* data,
                           unsigned int length) {
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct Font {
  explicit Font(double size, bool bold) {
    desc = pango_font_description_from_string(kFamily);
    pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
    if (bold) pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD);
  }
  ~Font() { pango_font_description_free(desc); }
  Font(const Font&) = delete;
  Font& operator=(const Font&) = delete;
  PangoFontDescription* desc;
};

// One reusable layout for drawing a piece of text in a box.
class Painter {
 public:
  explicit Painter(cairo_t* cr)
      : cr_(cr), layout_(pango_cairo_create_layout(cr)) {}
  ~Painter() { g_object_unref(layout_); }
  Painter(const Painter&) = delete;
  Painter& operator=(const Painter&) = delete;

  // Width and height in points of `text` in `font`, wrapped at `wrap`
  // points (0: one line).
  std::pair<double, double> Measure(std::string_view text, const Font& font,
                                    double wrap) {
    Set(text, font, wrap, /*ellipsize=*/false, PANGO_ALIGN_LEFT);
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return {static_cast<double>(w) / PANGO_SCALE,
            static_cast<double>(h) / PANGO_SCALE};
  }
  // Draws `text` at (x, y) within `width` points.
  void Draw(std::string_view text, const Font& font, double x, double y,
            double width, bool wrap, PangoAlignment align) {
    Set(text, font, width, /*ellipsize=*/!wrap, align);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout_);
  }

 private:
  void Set(std::string_view text, const Font& font, double width,
           bool ellipsize, PangoAlignment align) {
    pango_layout_set_font_description(layout_, font.desc);
    pango_layout_set_width(
        layout_, width > 0 ? static_cast<int>(width * PANGO_SCALE) : -1);
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_ellipsize(
        layout_, ellipsize ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_alignment(layout_, align);
    pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
  }
  cairo_t* cr_;
  PangoLayout* layout_;
};

}  // namespace

StatusOr<std::string> TablePdf(const ReportTable& t, std::string_view lang) {
  std::string out;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendBytes, &out, kPageW, kPageH);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return Internal("cannot start a PDF document");
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                 t.TitleIn(lang).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "jjm");
  cairo_t* cr = cairo_create(surface);
  {
    Painter p(cr);
    const size_t ncols = t.columns.size();
    const double usable = kPageW - 2 * kMargin;
    // The font shrinks as columns grow, from 8 pt down to 5 pt.
    const double size =
        std::clamp(8.0 * 12.0 / std::max<double>(12, ncols), 5.0, 8.0);
    Font body(size, false), strong(size, true), head_font(size, true);
    Font title_font(12, true), small(7.5, false);

    // Natural widths: the widest of the first rows, and of the heading's
    // longest word; then scaled to fill the page.
    std::vector<double> width(ncols, 0);
    const size_t sample = std::min<size_t>(t.rows(), 300);
    for (size_t c = 0; c < ncols; ++c) {
      width[c] = p.Measure(t.columns[c].TitleIn(lang), head_font, 0).first / 3;
      for (size_t r = 0; r < sample; ++r) {
        width[c] =
            std::max(width[c], p.Measure(t.Display(r, c), body, 0).first);
      }
      width[c] = std::min(width[c], 160.0) + 2 * kCellPad;
    }
    double total = 0;
    for (double w : width) total += w;
    const double scale = total > 0 ? usable / total : 1;
    for (double& w : width) w *= scale;

    // The heading block, the same on every page.
    double top = kMargin;
    const double title_h =
        p.Measure(t.TitleIn(lang), title_font, usable).second;
    double head_h = 0;
    for (const ReportTable::HeadLine& h : t.head) {
      head_h +=
          p.Measure(h.LabelIn(lang) + ": " + h.value, small, usable).second;
    }
    double header_h = 0;
    for (size_t c = 0; c < ncols; ++c) {
      header_h =
          std::max(header_h, p.Measure(t.columns[c].TitleIn(lang), head_font,
                                       width[c] - 2 * kCellPad)
                                 .second);
    }
    header_h += 2 * kCellPad;
    const double row_h = p.Measure("Ag", body, 0).second + 2 * kCellPad;
    const double footer_h = 16;
    const double table_top = top + title_h + head_h + 6;
    const double room = kPageH - kMargin - footer_h - table_top - header_h;
    const size_t per_page =
        std::max<size_t>(1, static_cast<size_t>(std::floor(room / row_h)));
    const size_t pages =
        std::max<size_t>(1, (t.rows() + per_page - 1) / per_page);
    const std::string page_word = lang == "hi" ? "पृष्ठ" : "Page";
    const std::string of_word = lang == "hi" ? "में से" : "of";

    for (size_t page = 0; page < pages; ++page) {
      double y = top;
      cairo_set_source_rgb(cr, 0, 0, 0);
      p.Draw(t.TitleIn(lang), title_font, kMargin, y, usable, true,
             PANGO_ALIGN_LEFT);
      y += title_h;
      for (const ReportTable::HeadLine& h : t.head) {
        const std::string line = h.LabelIn(lang) + ": " + h.value;
        p.Draw(line, small, kMargin, y, usable, true, PANGO_ALIGN_LEFT);
        y += p.Measure(line, small, usable).second;
      }
      y = table_top;
      // Column headings.
      cairo_set_source_rgb(cr, 0.87, 0.92, 0.97);
      cairo_rectangle(cr, kMargin, y, usable, header_h);
      cairo_fill(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      double x = kMargin;
      for (size_t c = 0; c < ncols; ++c) {
        p.Draw(t.columns[c].TitleIn(lang), head_font, x + kCellPad,
               y + kCellPad, width[c] - 2 * kCellPad, true,
               t.columns[c].kind == ColumnKind::kText ? PANGO_ALIGN_LEFT
                                                      : PANGO_ALIGN_RIGHT);
        x += width[c];
      }
      y += header_h;
      const size_t first = page * per_page;
      const size_t last = std::min(t.rows(), first + per_page);
      for (size_t r = first; r < last; ++r) {
        const bool sum = t.kind(r) != RowKind::kRow;
        if (sum) {
          cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
          cairo_rectangle(cr, kMargin, y, usable, row_h);
          cairo_fill(cr);
          cairo_set_source_rgb(cr, 0, 0, 0);
        }
        x = kMargin;
        for (size_t c = 0; c < ncols; ++c) {
          const std::string text = t.Display(r, c);
          if (!text.empty()) {
            p.Draw(text, sum ? strong : body, x + kCellPad, y + kCellPad,
                   width[c] - 2 * kCellPad, false,
                   t.columns[c].kind == ColumnKind::kText ? PANGO_ALIGN_LEFT
                                                          : PANGO_ALIGN_RIGHT);
          }
          x += width[c];
        }
        y += row_h;
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
        cairo_set_line_width(cr, 0.3);
        cairo_move_to(cr, kMargin, y);
        cairo_line_to(cr, kMargin + usable, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
      }
      // Footer: page n of N, and when the table was made.
      std::string footer = page_word + " " + std::to_string(page + 1) + " " +
                           of_word + " " + std::to_string(pages);
      p.Draw(footer, small, kMargin, kPageH - kMargin - footer_h + 4, usable,
             false, PANGO_ALIGN_RIGHT);
      if (!t.head.empty()) {
        p.Draw(t.head.back().LabelIn(lang) + ": " + t.head.back().value, small,
               kMargin, kPageH - kMargin - footer_h + 4, usable / 2, false,
               PANGO_ALIGN_LEFT);
      }
      cairo_show_page(cr);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("cannot write the PDF: ") +
                    cairo_status_to_string(st));
  }
  return out;
}

}  // namespace jjm
