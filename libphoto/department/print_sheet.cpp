#include "libphoto/department/print_sheet.hpp"

#include <opencv2/imgproc.hpp>

#include "libphoto/io/encode_jpeg.hpp"
#include "libphoto/io/encode_png.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/department/slot_fit.hpp"

namespace photo {

namespace {
// One slot's guides: the lines just outside its four edges, run on `mark` pixels past the
// corners. Drawn before any photo, so a neighbour's photo covers the part of a run-on that
// would cross it, and the photo's own pixels are never touched: cutting along the inner side
// of the line gives the slot's exact size.
void draw_guides(cv::Mat& sheet, const cv::Rect& r, const PrintGeometry& g) {
    const int t = g.guide_px, m = g.mark_px;
    const int left = r.x - t, right = r.x + r.width, top = r.y - t, bottom = r.y + r.height;
    const auto line = [&](int x, int y, int w, int h) {
        cv::rectangle(sheet, cv::Rect(x, y, w, h) & cv::Rect(0, 0, sheet.cols, sheet.rows), g.guide_bgr, cv::FILLED);
    };
    line(left, top - m, t, r.height + 2 * t + 2 * m);   // left edge
    line(right, top - m, t, r.height + 2 * t + 2 * m);  // right edge
    line(left - m, top, r.width + 2 * t + 2 * m, t);    // top edge
    line(left - m, bottom, r.width + 2 * t + 2 * m, t); // bottom edge
}
}  // namespace

SheetPhotos load_sheet_photos(const std::vector<std::string>& paths) {
    SheetPhotos out;
    for (const auto& p : paths) {
        try {
            out.photos.push_back(load_image(p).bgr);
        } catch (const Error& e) {
            out.problems.emplace_back(p, e.what());
        } catch (const cv::Exception& e) {  // OpenCV on input we did not foresee
            out.problems.emplace_back(p, std::string("unexpected failure: ") + e.what());
        }
    }
    return out;
}

cv::Mat render_print_sheet(const Layout& layout, const std::vector<cv::Mat>& photos) {
    if (layout.kind != LayoutKind::print) throw Error(Errc::layout_kind, layout.id + " is not a print layout");
    if (photos.empty()) throw Error(Errc::sheet_empty, "no photo to print");
    cv::Mat sheet(layout.paper_px, CV_8UC3, cv::Scalar::all(255));
    const std::vector<cv::Rect> slots = slot_rects(layout);
    for (const auto& r : slots) draw_guides(sheet, r, layout.print);
    for (std::size_t i = 0; i < slots.size(); ++i)
        fit_to_box(photos[i % photos.size()], slots[i].size()).copyTo(sheet(slots[i]));
    return sheet;
}

Bytes encode_print_sheet(const Layout& layout, const cv::Mat& sheet, const std::string& format) {
    if (format == "png") return encode_png(sheet);
    return encode_jpeg(sheet, layout.print.jpeg_quality, layout.dpi);
}

}  // namespace photo
