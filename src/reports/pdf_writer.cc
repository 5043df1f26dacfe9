// The PDF writer: Pango lays out the text (HarfBuzz shapes Devanagari),
// Cairo draws it onto A4 landscape pages.  Every page repeats the title,
// the heading lines and the column headings, and says "page n of N".  The
// only translation unit that includes Pango and Cairo.
//
// A state's village-wise table runs to thousands of pages, nearly all of
// it digits and Latin names on one line each.  Laying each such cell out
// through Pango costs ~15 us; so a cell of printable ASCII that fits its
// box is set from glyphs Pango shaped once per character and font (no
// kerning between them, which a table's cells do not miss), and a page's
// cells go to Cairo in one call per font.  Anything else (Devanagari, a
// cell too long for its box, headings) is laid out by Pango.
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
  ~Painter() {
    if (kept_surface_ != nullptr) cairo_surface_destroy(kept_surface_);
    for (const Kept& k : kept_) g_object_unref(k.layout);
    g_object_unref(layout_);
  }
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
  // Lays `text` out once into a layout of its own, to be drawn on every
  // page (Pages::Show), so that the heading is shaped once, not per page.
  void Keep(std::string_view text, const Font& font, double x, double y,
            double width, bool wrap, PangoAlignment align) {
    Set(text, font, width, /*ellipsize=*/!wrap, align);
    kept_.push_back({pango_layout_copy(layout_), x, y});
  }
  // Draws what Keep laid out.  It is recorded once and painted on every
  // page: Cairo writes a recording used on several pages into the PDF
  // once, as a form each page refers to.
  void DrawKept() {
    if (kept_surface_ == nullptr) {
      const cairo_rectangle_t page{0, 0, kPageW, kPageH};
      kept_surface_ =
          cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
      cairo_t* rc = cairo_create(kept_surface_);
      cairo_set_source_rgb(rc, 0, 0, 0);
      for (const Kept& k : kept_) {
        cairo_move_to(rc, k.x, k.y);
        pango_cairo_show_layout(rc, k.layout);
      }
      cairo_destroy(rc);
    }
    cairo_set_source_surface(cr_, kept_surface_, 0, 0);
    cairo_paint(cr_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
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
  struct Kept {
    PangoLayout* layout;
    double x, y;
  };
  cairo_t* cr_;
  PangoLayout* layout_;
  std::vector<Kept> kept_;
  cairo_surface_t* kept_surface_ = nullptr;
};

// Printable ASCII in one font, from glyphs Pango chose: each character
// shaped alone once, so that a cell is set by table look-ups.
class AsciiGlyphs {
 public:
  AsciiGlyphs(cairo_t* cr, const Font& font) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    pango_layout_set_font_description(layout, font.desc);
    for (int c = 0x20; c < 0x7f; ++c) {
      const char ch = static_cast<char>(c);
      pango_layout_set_text(layout, &ch, 1);
      PangoLayoutLine* line = pango_layout_get_line_readonly(layout, 0);
      if (line == nullptr || line->runs == nullptr || line->runs->next)
        continue;
      auto* run = static_cast<PangoGlyphItem*>(line->runs->data);
      if (run->glyphs->num_glyphs != 1) continue;
      PangoFont* f = run->item->analysis.font;
      if (font_ == nullptr) {
        font_ = PANGO_FONT(g_object_ref(f));
      } else if (f != font_) {
        continue;  // another font: the character takes Pango's path
      }
      const PangoGlyphInfo& g = run->glyphs->glyphs[0];
      if (g.glyph & PANGO_GLYPH_UNKNOWN_FLAG) continue;
      Entry& e = table_[c - 0x20];
      e.known = true;
      e.glyph = g.glyph;
      // The advance Cairo's own font gives, unrounded: glyphs placed at
      // exactly that distance go into the PDF as one run of text, with no
      // position adjustment written between them.
      cairo_glyph_t cg{g.glyph, 0, 0};
      cairo_text_extents_t ext;
      cairo_scaled_font_glyph_extents(
          pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(f)), &cg, 1, &ext);
      e.advance = ext.x_advance;
    }
    // The ellipsis that ends a cut cell, as Pango would end it.
    pango_layout_set_text(layout, "\u2026", -1);
    if (PangoLayoutLine* line = pango_layout_get_line_readonly(layout, 0);
        line != nullptr && line->runs != nullptr &&
        line->runs->next == nullptr) {
      auto* run = static_cast<PangoGlyphItem*>(line->runs->data);
      if (run->glyphs->num_glyphs == 1 && run->item->analysis.font == font_ &&
          !(run->glyphs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
        cairo_glyph_t cg{run->glyphs->glyphs[0].glyph, 0, 0};
        cairo_text_extents_t ext;
        cairo_scaled_font_glyph_extents(
            pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font_)), &cg, 1,
            &ext);
        ellipsis_.known = true;
        ellipsis_.glyph = cg.index;
        ellipsis_.advance = ext.x_advance;
      }
    }
    pango_layout_set_text(layout, "Ag", 2);
    baseline_ =
        static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE;
    g_object_unref(layout);
  }
  ~AsciiGlyphs() {
    if (font_ != nullptr) g_object_unref(font_);
  }
  AsciiGlyphs(const AsciiGlyphs&) = delete;
  AsciiGlyphs& operator=(const AsciiGlyphs&) = delete;

  // The width of `text`, or a negative number when a character of it is
  // not here.
  double Width(std::string_view text) const {
    double w = 0;
    for (unsigned char c : text) {
      if (c < 0x20 || c >= 0x7f || !table_[c - 0x20].known) return -1;
      w += table_[c - 0x20].advance;
    }
    return w;
  }
  // Appends `text`'s glyphs with its left edge at x and its top at y.
  void Append(std::string_view text, double x, double y,
              std::vector<cairo_glyph_t>* out) const {
    for (unsigned char c : text) {
      const Entry& e = table_[c - 0x20];
      if (e.glyph != PANGO_GLYPH_EMPTY) {
        out->push_back(cairo_glyph_t{e.glyph, x, y + baseline_});
      }
      x += e.advance;
    }
  }
  // Appends as much of `text` as fits in `box` points followed by an
  // ellipsis (its characters all here: Width(text) >= 0); false when not
  // even that fits or there is no ellipsis.
  bool AppendCut(std::string_view text, double x, double y, double box,
                 std::vector<cairo_glyph_t>* out) const {
    if (!ellipsis_.known) return false;
    double w = ellipsis_.advance;
    size_t n = 0;
    while (n < text.size() && w + table_[text[n] - 0x20].advance <= box) {
      w += table_[text[n] - 0x20].advance;
      ++n;
    }
    while (n > 0 && text[n - 1] == ' ') --n;  // no space before the dots
    if (n == 0) return false;
    Append(text.substr(0, n), x, y, out);
    double end = x;
    for (size_t i = 0; i < n; ++i) end += table_[text[i] - 0x20].advance;
    out->push_back(cairo_glyph_t{ellipsis_.glyph, end, y + baseline_});
    return true;
  }
  // Draws the glyphs gathered, and empties `glyphs`.
  void Show(cairo_t* cr, std::vector<cairo_glyph_t>* glyphs) const {
    if (glyphs->empty() || font_ == nullptr) return;
    cairo_set_scaled_font(
        cr, pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font_)));
    cairo_show_glyphs(cr, glyphs->data(), static_cast<int>(glyphs->size()));
    glyphs->clear();
  }

 private:
  struct Entry {
    bool known = false;
    PangoGlyph glyph = 0;
    double advance = 0;
  };
  Entry table_[0x7f - 0x20];
  Entry ellipsis_;
  PangoFont* font_ = nullptr;
  double baseline_ = 0;
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
    const AsciiGlyphs body_glyphs(cr, body), strong_glyphs(cr, strong),
        small_glyphs(cr, small);
    std::vector<cairo_glyph_t> body_run, strong_run, small_run;
    auto measure = [&](const std::string& text) {
      const double w = body_glyphs.Width(text);
      return w >= 0 ? w : p.Measure(text, body, 0).first;
    };

    // Natural widths: the widest of the first rows, and of the heading's
    // longest word; then scaled to fill the page.
    std::vector<double> width(ncols, 0);
    const size_t sample = std::min<size_t>(t.rows(), 300);
    for (size_t c = 0; c < ncols; ++c) {
      width[c] = p.Measure(t.columns[c].TitleIn(lang), head_font, 0).first / 3;
      for (size_t r = 0; r < sample; ++r) {
        width[c] = std::max(width[c], measure(t.Display(r, c)));
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

    // The title, heading lines and column headings, the same on every
    // page: laid out once.
    {
      double y = top;
      p.Keep(t.TitleIn(lang), title_font, kMargin, y, usable, true,
             PANGO_ALIGN_LEFT);
      y += title_h;
      for (const ReportTable::HeadLine& h : t.head) {
        const std::string line = h.LabelIn(lang) + ": " + h.value;
        p.Keep(line, small, kMargin, y, usable, true, PANGO_ALIGN_LEFT);
        y += p.Measure(line, small, usable).second;
      }
      double x = kMargin;
      for (size_t c = 0; c < ncols; ++c) {
        p.Keep(t.columns[c].TitleIn(lang), head_font, x + kCellPad,
               table_top + kCellPad, width[c] - 2 * kCellPad, true,
               t.columns[c].kind == ColumnKind::kText ? PANGO_ALIGN_LEFT
                                                      : PANGO_ALIGN_RIGHT);
        x += width[c];
      }
      if (!t.head.empty()) {
        p.Keep(t.head.back().LabelIn(lang) + ": " + t.head.back().value, small,
               kMargin, kPageH - kMargin - footer_h + 4, usable / 2, false,
               PANGO_ALIGN_LEFT);
      }
    }

    // Draws the rules under the first `n` rows of a page.
    auto rules = [&](cairo_t* c, size_t n) {
      cairo_set_source_rgb(c, 0.8, 0.8, 0.8);
      cairo_set_line_width(c, 0.3);
      for (size_t k = 1; k <= n; ++k) {
        const double ry = table_top + header_h + k * row_h;
        cairo_move_to(c, kMargin, ry);
        cairo_line_to(c, kMargin + usable, ry);
      }
      cairo_stroke(c);
    };
    const cairo_rectangle_t whole{0, 0, kPageW, kPageH};
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>
        full_rules(
            cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &whole),
            &cairo_surface_destroy);
    {
      cairo_t* rc = cairo_create(full_rules.get());
      rules(rc, per_page);
      cairo_destroy(rc);
    }

    for (size_t page = 0; page < pages; ++page) {
      double y = table_top;
      cairo_set_source_rgb(cr, 0.87, 0.92, 0.97);
      cairo_rectangle(cr, kMargin, y, usable, header_h);
      cairo_fill(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      p.DrawKept();
      double x = kMargin;
      y += header_h;
      const size_t first = page * per_page;
      const size_t last = std::min(t.rows(), first + per_page);
      cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
      for (size_t r = first; r < last; ++r) {
        if (t.kind(r) != RowKind::kRow) {
          cairo_rectangle(cr, kMargin, y + (r - first) * row_h, usable, row_h);
        }
      }
      cairo_fill(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      for (size_t r = first; r < last; ++r) {
        const bool sum = t.kind(r) != RowKind::kRow;
        const AsciiGlyphs& glyphs = sum ? strong_glyphs : body_glyphs;
        std::vector<cairo_glyph_t>* run = sum ? &strong_run : &body_run;
        // A grouping column continues its run: the row above on this page
        // is a row like this one with the same places so far.
        bool same = r > first && !sum && t.kind(r - 1) == RowKind::kRow;
        x = kMargin;
        for (size_t c = 0; c < ncols; ++c) {
          std::string text = t.Display(r, c);
          if (t.columns[c].group) {
            same = same && text == t.Display(r - 1, c);
            if (same) text.clear();
          }
          const bool left = t.columns[c].kind == ColumnKind::kText;
          const double box = width[c] - 2 * kCellPad;
          const double w = text.empty() ? 0 : glyphs.Width(text);
          if (text.empty()) {
          } else if (w >= 0 && w <= box) {
            glyphs.Append(text, left ? x + kCellPad : x + kCellPad + box - w,
                          y + kCellPad, run);
          } else if (w >= 0 && left &&
                     glyphs.AppendCut(text, x + kCellPad, y + kCellPad, box,
                                      run)) {
          } else {
            p.Draw(text, sum ? strong : body, x + kCellPad, y + kCellPad, box,
                   false, left ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
          }
          x += width[c];
        }
        y += row_h;
      }
      body_glyphs.Show(cr, &body_run);
      strong_glyphs.Show(cr, &strong_run);
      // The rules under the rows: a full page's are recorded once and
      // painted (one form in the PDF); a short last page draws its own.
      if (last - first == per_page) {
        cairo_set_source_surface(cr, full_rules.get(), 0, 0);
        cairo_paint(cr);
      } else {
        rules(cr, last - first);
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      // Footer: page n of N, and when the table was made.
      std::string footer = page_word + " " + std::to_string(page + 1) + " " +
                           of_word + " " + std::to_string(pages);
      const double fw = small_glyphs.Width(footer);
      if (fw >= 0) {
        small_glyphs.Append(footer, kMargin + usable - fw,
                            kPageH - kMargin - footer_h + 4, &small_run);
        small_glyphs.Show(cr, &small_run);
      } else {
        p.Draw(footer, small, kMargin, kPageH - kMargin - footer_h + 4, usable,
               false, PANGO_ALIGN_RIGHT);
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
