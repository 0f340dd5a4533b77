#include "libphoto/render/overlay.hpp"

#include <algorithm>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "libphoto/core/error.hpp"
#include "libphoto/render/font_choice.hpp"

namespace photo {

namespace {
const cv::Scalar kPass(80, 200, 60), kFail(40, 40, 230), kBand(255, 255, 255);
// How strongly the bands tint the photo.
constexpr double kBandOpacity = 0.28;

CheckStatus status_of(const std::vector<CheckResult>& checks, const std::string& id) {
    for (const auto& c : checks)
        if (c.id == id) return c.status;
    return CheckStatus::skip;
}

cv::Scalar colour_for(CheckStatus s) { return s == CheckStatus::fail ? kFail : kPass; }

void tint(cv::Mat& img, cv::Rect r, const cv::Scalar& colour) {
    r &= cv::Rect(0, 0, img.cols, img.rows);
    if (r.area() <= 0) return;
    cv::Mat roi = img(r);
    cv::Mat block(roi.size(), roi.type(), colour);
    cv::addWeighted(roi, 1 - kBandOpacity, block, kBandOpacity, 0, roi);
}

struct Label {
    const char *zh, *en;
    cv::Point at;  // the baseline's left end
    cv::Scalar colour;
};

// Labels in the reader's language through cairo, in the font fontconfig picks for Chinese;
// in English with OpenCV's own font when there is no font with Chinese (boxes help nobody).
void draw_labels(cv::Mat& img, const std::vector<Label>& labels, Lang lang) {
    constexpr double kFontPx = 14;
    std::optional<ChosenFont> font;
    try {
        font = choose_font();
    } catch (const Error&) {
        font.reset();
    }
    const bool zh = lang == Lang::zh && font && font->has_chinese;
    if (!font) {
        for (const auto& l : labels) {
            cv::putText(img, l.en, l.at + cv::Point(1, 1), cv::FONT_HERSHEY_SIMPLEX, 0.45, cv::Scalar(0, 0, 0), 2, cv::LINE_AA);
            cv::putText(img, l.en, l.at, cv::FONT_HERSHEY_SIMPLEX, 0.45, l.colour, 1, cv::LINE_AA);
        }
        return;
    }
    // cairo's ARGB32 on a little-endian machine is B, G, R, A in memory: OpenCV's BGRA.
    cv::Mat bgra;
    cv::cvtColor(img, bgra, cv::COLOR_BGR2BGRA);
    {
        CairoSurface surface(cairo_image_surface_create_for_data(bgra.data, CAIRO_FORMAT_ARGB32, bgra.cols, bgra.rows,
                                                                 static_cast<int>(bgra.step)));
        CairoContext cr(cairo_create(surface.get()));
        cairo_set_font_face(cr.get(), font->face.get());
        cairo_set_font_size(cr.get(), kFontPx);
        for (const auto& l : labels) {
            const char* text = zh ? l.zh : l.en;
            cairo_set_source_rgb(cr.get(), 0, 0, 0);  // a shadow, so the label reads on any backdrop
            cairo_move_to(cr.get(), l.at.x + 1, l.at.y + 1);
            cairo_show_text(cr.get(), text);
            cairo_set_source_rgb(cr.get(), l.colour[2] / 255.0, l.colour[1] / 255.0, l.colour[0] / 255.0);
            cairo_move_to(cr.get(), l.at.x, l.at.y);
            cairo_show_text(cr.get(), text);
        }
        cairo_surface_flush(surface.get());
    }
    cv::cvtColor(bgra, img, cv::COLOR_BGRA2BGR);
}
}  // namespace

cv::Mat draw_overlay(const Analysis& a, const Preset& p, const std::vector<CheckResult>& checks, Lang lang) {
    std::vector<Label> labels;
    // Show the photo at the preset's height; bands are the preset's pixels scaled with it.
    const double k = double(p.height) / a.image.bgr.rows;
    cv::Mat img;
    cv::resize(a.image.bgr, img, cv::Size(), k, k, k < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    const double bx = double(img.cols) / p.width, by = 1.0;  // preset px -> display px
    const int mid = img.cols / 2;

    auto hband = [&](const std::optional<Band>& b, const char* name, const char* name_zh, const std::string& id) {
        if (!b) return;
        const CheckStatus st = status_of(checks, id);
        tint(img, cv::Rect(0, int(b->lo * by), img.cols, std::max(1, int(b->width() * by))), st == CheckStatus::fail ? kFail : kBand);
        labels.push_back({name_zh, name, {4, int(b->lo * by) + 14}, colour_for(st)});
    };
    hband(p.crown_px, "crown band", "头顶应在此区域", "framing.crown");
    hband(p.eye_line_px, "eye band", "双眼应在此区域", "framing.eyes");
    if (p.face_width_px) {  // where the cheeks must fall: both sides of the centre line
        const CheckStatus st = status_of(checks, "framing.face_width");
        const int lo = int(p.face_width_px->lo / 2 * bx), hi = int(p.face_width_px->hi / 2 * bx);
        const int y0 = p.eye_line_px ? int(p.eye_line_px->lo) : img.rows / 3;
        const cv::Scalar c = st == CheckStatus::fail ? kFail : kBand;
        tint(img, cv::Rect(mid - hi, y0, hi - lo, img.rows / 4), c);
        tint(img, cv::Rect(mid + lo, y0, hi - lo, img.rows / 4), c);
    }
    const CheckStatus centre_st = status_of(checks, "framing.centre");
    cv::line(img, {mid, 0}, {mid, img.rows - 1}, colour_for(centre_st), 1, cv::LINE_AA);

    if (a.head) {  // the measured head, in display pixels
        const HeadMeasures& h = *a.head;
        const double s = k;
        const int x0 = int((h.centre_x - h.face_width / 2) * s), x1 = int((h.centre_x + h.face_width / 2) * s);
        const auto crown_c = colour_for(status_of(checks, "framing.crown"));
        const auto eye_c = colour_for(status_of(checks, "framing.eyes"));
        const auto width_c = colour_for(status_of(checks, "framing.face_width"));
        cv::line(img, {x0, int(h.crown_y * s)}, {x1, int(h.crown_y * s)}, crown_c, 2, cv::LINE_AA);
        cv::line(img, {x0, int(h.eye_y * s)}, {x1, int(h.eye_y * s)}, eye_c, 2, cv::LINE_AA);
        const int jaw_y = int((h.eye_y + (h.chin_y - h.eye_y) * 0.5) * s);
        cv::line(img, {x0, jaw_y}, {x1, jaw_y}, width_c, 2, cv::LINE_AA);
        cv::line(img, {int(h.centre_x * s), int(h.crown_y * s)}, {int(h.centre_x * s), int(h.chin_y * s)},
                 colour_for(centre_st), 1, cv::LINE_AA);
        labels.push_back({"头顶", "crown", {x1 + 4, int(h.crown_y * s) + 4}, crown_c});
        labels.push_back({"眼睛", "eyes", {x1 + 4, int(h.eye_y * s) + 4}, eye_c});
        labels.push_back({"脸宽", "face width", {x1 + 4, jaw_y + 4}, width_c});
    }
    draw_labels(img, labels, lang);
    return img;
}

}  // namespace photo
