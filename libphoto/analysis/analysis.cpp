#include "libphoto/analysis/analysis.hpp"

#include <algorithm>
#include <cmath>

#include "libphoto/analysis/silhouette.hpp"

namespace photo {

namespace {
// The crown is searched in the columns of the face centre +- this share of the jaw width: the
// top of the head, not a raised shoulder or a stray strand at the side.
constexpr double kCrownSpanShare = 0.5;
// A row belongs to the head when this many pixels of the span are at least this opaque. The
// referee calls a pixel hair when it is 60 RGB units from the backdrop, which thin hair at
// alpha ~0.25 already is; two pixels so that a lone speck does not count.
constexpr int kCrownMinPixels = 2;
constexpr float kCrownAlpha = 0.3f;
// The frame cuts the head when its top row is solid person (alpha above kCutAlpha) over this
// share of the span: a head cut by the edge is wide there, while a few translucent wisps of
// hair reaching the edge above a crown just inside it are not a cut head.
constexpr float kCutAlpha = 0.6f;
constexpr double kCutShare = 0.2;
// Without a matte the crown is estimated from the landmarks: in adult faces the eye line sits
// close to the middle of the head, so crown ~ eye line - this share of eye-to-chin.
constexpr double kCrownFromEyeChin = 1.05;
// No head's top is nearer the eye line than this share of eye-to-chin (the shared portraits
// measure 1.06-1.42, a bald head about 1): a frame edge nearer than that cuts the head, whatever
// the matte makes of it (hair the colour of the backdrop, a matte misled by padding).
constexpr double kMinCrownFromEyeChin = 0.9;
// A cheek this share of the jaw width from a side of the frame touches it.
constexpr double kCheekTouch = 0.02;
}  // namespace

std::optional<Crown> measure_crown(const Matte& matte, const cv::Mat& bgr, const Face& face) {
    const double half = kCrownSpanShare * face.jaw_width();
    const int x0 = std::clamp(int(std::floor(face.centre_x() - half)), 0, bgr.cols - 1);
    const int x1 = std::clamp(int(std::ceil(face.centre_x() + half)), 0, bgr.cols - 1);
    const int last_row = std::clamp(int(face.eye_line_y()), 0, bgr.rows);
    if (last_row == 0) return std::nullopt;
    // The alpha of just this strip, at the photo's resolution.
    const cv::Rect strip(x0, 0, x1 - x0 + 1, last_row);
    const cv::Mat alpha = matte_alpha(matte, bgr(strip), strip);
    for (int y = 0; y < alpha.rows; ++y) {
        const float* row = alpha.ptr<float>(y);
        int count = 0;
        for (int x = 0; x < alpha.cols; ++x) count += row[x] > kCrownAlpha;
        if (count < kCrownMinPixels) continue;
        Crown c;
        c.y = double(y);
        if (y == 0) {
            const float* top = alpha.ptr<float>(0);
            const int solid = int(std::count_if(top, top + alpha.cols, [](float a) { return a > kCutAlpha; }));
            c.cut = solid >= kCutShare * alpha.cols;
        }
        return c;
    }
    return std::nullopt;
}

Analysis analyse(LoadedImage image, const FaceModel& model, const std::string& source,
                 const AnalyseOptions& options) {
    Analysis a;
    a.source = source;
    a.image = std::move(image);
    a.faces = model.detect(a.image.bgr, options.min_face_share);
    const Face* face = a.main_face();
    if (!face) {
        a.backdrop = measure_backdrop(a.image.bgr, nullptr);
        return a;
    }

    if (options.matte) a.matte = compute_matte(a.image.bgr, *face);

    HeadMeasures h;
    h.eye_y = face->eye_line_y();
    h.chin_y = face->chin().y;
    h.face_width = face->jaw_width();
    h.centre_x = face->centre_x();
    h.roll_degrees = face->roll_degrees();
    h.yaw_ratio = face->yaw_ratio();
    const std::optional<Crown> crown = a.matte ? measure_crown(*a.matte, a.image.bgr, *face) : std::nullopt;
    h.crown_from_matte = crown.has_value();
    const double eye_chin = h.chin_y - h.eye_y;
    h.crown_y = crown ? crown->y : h.eye_y - kCrownFromEyeChin * eye_chin;
    h.crown_cut = (crown && crown->cut) || h.eye_y - kMinCrownFromEyeChin * eye_chin < 0;
    h.chin_cut = h.chin_y > a.image.bgr.rows - 1;
    const double touch = kCheekTouch * h.face_width;
    h.side_cut = face->points[0].x < touch || face->points[16].x > a.image.bgr.cols - 1 - touch;
    a.head = h;
    a.measures = measure_image(a.image.bgr, *face, a.matte ? &*a.matte : nullptr);
    a.backdrop = measure_backdrop(a.image.bgr, a.matte ? &*a.matte : nullptr, face);
    if (a.matte) {
        a.bottom_edge = measure_bottom_edge(a.image.bgr, *a.matte, *face);
        a.matte_unsure = unsure_share(*a.matte, cv::Rect2d(crop_window(a.image.bgr.size(), *face, 1.0)));
    }
    return a;
}

Analysis analyse_file(const std::string& path, const FaceModel& model, const LoadOptions& load,
                      const AnalyseOptions& options) {
    return analyse_bytes(std::make_shared<const Bytes>(read_file(path)), path, model, load, options);
}

Analysis analyse_bytes(std::shared_ptr<const Bytes> bytes, const std::string& name, const FaceModel& model,
                       const LoadOptions& load, const AnalyseOptions& options) {
    Analysis a = analyse(decode_image(*bytes, load), model, name, options);
    a.file = read_file_facts(*bytes, name == "-" ? "" : name);
    if (a.image.scale < 1) a.source_bytes = std::move(bytes);
    return a;
}

}  // namespace photo
