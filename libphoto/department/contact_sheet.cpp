#include "libphoto/department/contact_sheet.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "libphoto/render/cairo_handles.hpp"
#include "libphoto/io/encode_jpeg.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/render/font_choice.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/department/slot_fit.hpp"

namespace photo {

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;  // PDF user space is in points
constexpr double kLineSpacing = 1.3;          // baseline to baseline, in font sizes
constexpr double kGuideGrey = 0.6;            // outlines of boxes and the header rule

void check(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error(Errc::sheet_pdf, fmt::format("{}: {}", what, cairo_status_to_string(status)));
}

// `text` cut at a code point and ended with "…" so that it is at most `width` points wide.
std::string fit_text(cairo_t* cr, std::string text, double width) {
    cairo_text_extents_t ext;
    cairo_text_extents(cr, text.c_str(), &ext);
    if (ext.x_advance <= width) return text;
    while (!text.empty()) {
        std::size_t cut = text.size() - 1;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a UTF-8 lead byte
        text.erase(cut);
        const std::string shown = text + "…";
        cairo_text_extents(cr, shown.c_str(), &ext);
        if (ext.x_advance <= width) return shown;
    }
    return "";
}

enum class Align { left, centre, right };

void show_text(cairo_t* cr, const std::string& text, double x, double baseline, double width, Align align) {
    const std::string shown = fit_text(cr, text, width);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, shown.c_str(), &ext);
    const double left = align == Align::left ? x : align == Align::centre ? x + (width - ext.x_advance) / 2 : x + width - ext.x_advance;
    cairo_move_to(cr, left, baseline);
    cairo_show_text(cr, shown.c_str());
}

// The photo at `path`, cropped to the box, embedded as a JPEG (the PDF holds the JPEG's bytes:
// a class of 30 stays near a megabyte, where cairo's own lossless images made it 6 MB).
void draw_photo(cairo_t* cr, const std::string& path, double x, double y, double w_pt, double h_pt,
                const ContactGeometry& g) {
    const cv::Size box(std::max(1, int(std::lround(w_pt / 72.0 * g.image_dpi))),
                       std::max(1, int(std::lround(h_pt / 72.0 * g.image_dpi))));
    LoadOptions load;
    load.min_long_side = std::max(box.width, box.height);  // a large JPEG decodes at a reduced scale
    const cv::Mat fitted = fit_to_box(load_image(path, load).bgr, box);
    const Bytes jpeg = encode_jpeg(fitted, g.jpeg_quality, g.image_dpi);

    CairoSurface image(cairo_image_surface_create(CAIRO_FORMAT_RGB24, box.width, box.height));
    check(cairo_surface_status(image.get()), "image");
    cairo_surface_flush(image.get());
    cv::Mat pixels(box.height, box.width, CV_8UC4, cairo_image_surface_get_data(image.get()),
                   std::size_t(cairo_image_surface_get_stride(image.get())));
    cv::cvtColor(fitted, pixels, cv::COLOR_BGR2BGRA);  // RGB24 is B, G, R, unused in memory here
    cairo_surface_mark_dirty(image.get());
    void* copy = std::malloc(jpeg.size());  // cairo frees it with the surface
    if (!copy) throw Error(Errc::sheet_pdf, "out of memory");
    std::memcpy(copy, jpeg.data(), jpeg.size());
    const cairo_status_t set = cairo_surface_set_mime_data(image.get(), CAIRO_MIME_TYPE_JPEG,
                                                           static_cast<unsigned char*>(copy), jpeg.size(), std::free, copy);
    if (set != CAIRO_STATUS_SUCCESS) std::free(copy);  // not attached, so not cairo's to free
    check(set, "image");

    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, w_pt / box.width, h_pt / box.height);
    cairo_set_source_surface(cr, image.get(), 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<Bytes*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

ContactResult render_contact_sheet(const Layout& layout, const std::vector<ContactEntry>& entries,
                                   const ContactOptions& options, const ContactProblem& problem) {
    if (layout.kind != LayoutKind::contact) throw Error(Errc::layout_kind, layout.id + " is not a contact sheet layout");
    const ContactGeometry& g = layout.contact;
    const bool zh = options.lang == Lang::zh;
    const double page_w = layout.paper_w_mm * kPointsPerMm, page_h = layout.paper_h_mm * kPointsPerMm;
    const double margin = g.margin_mm * kPointsPerMm, header = g.header_mm * kPointsPerMm;
    const double label = g.label_mm * kPointsPerMm, pad = g.padding_mm * kPointsPerMm;
    const double cell_w = (page_w - 2 * margin) / g.columns;
    const double cell_h = (page_h - 2 * margin - header) / g.rows;
    // The photo box: as wide as the cell allows at the layout's ratio, lower if the cell is short.
    double box_w = cell_w - 2 * pad, box_h = box_w / g.photo_ratio;
    if (box_h > cell_h - label - 2 * pad) {
        box_h = cell_h - label - 2 * pad;
        box_w = box_h * g.photo_ratio;
    }
    const int per_page = g.columns * g.rows;

    ContactResult result;
    result.pages = std::max<int>(1, int((entries.size() + per_page - 1) / per_page));
    ChosenFont font = choose_font(g.fonts);
    result.font_file = font.file;
    result.font_has_chinese = font.has_chinese;

    int without = 0;
    for (const auto& e : entries) without += e.photo_path.empty();
    const std::string counts =
        zh ? fmt::format("共 {} 人{}", entries.size(), without ? fmt::format("，{} 人无照片", without) : "")
           : fmt::format("{} students{}", entries.size(), without ? fmt::format(", {} without a photo", without) : "");

    {
        CairoSurface surface(cairo_pdf_surface_create_for_stream(append, &result.pdf, page_w, page_h));
        check(cairo_surface_status(surface.get()), "pdf");
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, options.title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "idphoto " IDPHOTO_VERSION);
        CairoContext cr(cairo_create(surface.get()));
        check(cairo_status(cr.get()), "pdf");
        cairo_set_font_face(cr.get(), font.face.get());

        for (int page = 0; page < result.pages; ++page) {
            // Header: title and page number on the first line, date and counts under it.
            cairo_set_source_rgb(cr.get(), 0, 0, 0);
            cairo_set_font_size(cr.get(), g.header_font_pt);
            const double line1 = margin + g.header_font_pt;
            const std::string page_text = zh ? fmt::format("第 {} 页，共 {} 页", page + 1, result.pages)
                                             : fmt::format("page {} of {}", page + 1, result.pages);
            cairo_text_extents_t ext;
            cairo_text_extents(cr.get(), page_text.c_str(), &ext);
            show_text(cr.get(), page_text, margin, line1, page_w - 2 * margin, Align::right);
            show_text(cr.get(), options.title, margin, line1, page_w - 2 * margin - ext.x_advance - g.header_font_pt, Align::left);
            cairo_set_font_size(cr.get(), g.font_pt);
            show_text(cr.get(), options.date + "    " + counts, margin, line1 + g.header_font_pt * kLineSpacing,
                      page_w - 2 * margin, Align::left);
            cairo_set_source_rgb(cr.get(), kGuideGrey, kGuideGrey, kGuideGrey);
            cairo_set_line_width(cr.get(), 0.5);
            cairo_move_to(cr.get(), margin, margin + header - 2);
            cairo_line_to(cr.get(), page_w - margin, margin + header - 2);
            cairo_stroke(cr.get());

            for (int k = 0; k < per_page; ++k) {
                const std::size_t i = std::size_t(page) * per_page + k;
                if (i >= entries.size()) break;
                const ContactEntry& e = entries[i];
                const double cx = margin + (k % g.columns) * cell_w, cy = margin + header + (k / g.columns) * cell_h;
                const double bx = cx + (cell_w - box_w) / 2, by = cy + pad;
                std::string status = e.status;
                bool drawn = false;
                if (!e.photo_path.empty()) {
                    try {
                        draw_photo(cr.get(), e.photo_path, bx, by, box_w, box_h, g);
                        drawn = true;
                        ++result.photos;
                    } catch (const Error& ex) {  // the student stays on the sheet, as unreadable
                        problem(e.photo_path, ex.what());
                        status = zh ? "无法读取" : "unreadable";
                    } catch (const cv::Exception& ex) {
                        problem(e.photo_path, std::string("unexpected failure: ") + ex.what());
                        status = zh ? "无法读取" : "unreadable";
                    }
                }
                cairo_set_source_rgb(cr.get(), kGuideGrey, kGuideGrey, kGuideGrey);
                cairo_set_line_width(cr.get(), 0.5);
                cairo_rectangle(cr.get(), bx, by, box_w, box_h);
                cairo_stroke(cr.get());
                cairo_set_source_rgb(cr.get(), 0, 0, 0);
                if (!drawn) {
                    cairo_set_font_size(cr.get(), g.status_font_pt);
                    show_text(cr.get(), status, bx, by + box_h / 2 + g.status_font_pt / 3, box_w, Align::centre);
                }
                cairo_set_font_size(cr.get(), g.font_pt);
                const double base = by + box_h + g.font_pt * kLineSpacing;
                show_text(cr.get(), e.student_id, cx, base, cell_w, Align::centre);
                show_text(cr.get(), e.name, cx, base + g.font_pt * kLineSpacing, cell_w, Align::centre);
            }
            cairo_show_page(cr.get());
            check(cairo_status(cr.get()), "pdf");
        }
        cr.reset();
        cairo_surface_finish(surface.get());  // writes the file's end through append()
        check(cairo_surface_status(surface.get()), "pdf");
    }
    return result;
}

}  // namespace photo
