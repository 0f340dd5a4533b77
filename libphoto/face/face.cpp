#include "libphoto/face/face.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/revision.h>
#include <opencv2/imgproc.hpp>

#include "libphoto/core/error.hpp"
#include "libphoto/face/hog_levels.hpp"
#include "libphoto/face/hog_module.hpp"
#include "libphoto/face/landmark_model.hpp"
#include "libphoto/face/model_cache.hpp"
#include "libphoto/io/resample.hpp"

namespace photo {

namespace {
// dlib's HOG detector finds faces from about 80 px wide. Detecting on an image whose longer
// side is this long finds every face worth judging in an ID photo (a face is a quarter of the
// width or more) at ~35 ms, and catches comparable second faces in group shots.
constexpr int kDetectLongSide = 640;
// The detector's window is 80 px: no face narrower is found, and a face one pyramid step
// (6/5) wider is found wherever the pyramid's levels happen to fall.
constexpr double kDetectorWindow = 80;
constexpr double kReliableFaceWidth = kDetectorWindow * 6 / 5;
// The first, coarse look when small faces need not be found (detect's min_relative_area),
// and the largest size searched for faces comparable to a small one.
constexpr int kCoarseLongSide = 320;
constexpr int kMaxDetectLongSide = 1280;
// dlib's pyramid shrinks each level by 5/6. When the coarse look found nothing, the search at
// kDetectLongSide needs only its levels down to the coarse size: the smaller ones repeat the
// coarse look (~a quarter of the pass). This many levels reach from 640 px to 309 px, one
// step past 320, so face sizes between the two searches' levels stay covered.
constexpr unsigned long kLevelsAboveCoarse = 5;
constexpr double kPi = 3.14159265358979323846;
constexpr const char* kDebianModel = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

cv::Point2d mean_of(const std::array<cv::Point2d, 68>& p, int first, int last) {
    cv::Point2d sum(0, 0);
    for (int i = first; i <= last; ++i) sum += p[i];
    return sum * (1.0 / (last - first + 1));
}
}  // namespace

cv::Point2d Face::eye_right() const { return mean_of(points, 36, 41); }
cv::Point2d Face::eye_left() const { return mean_of(points, 42, 47); }
double Face::eye_distance() const { return cv::norm(eye_left() - eye_right()); }
double Face::jaw_width() const { return cv::norm(points[16] - points[0]); }

double Face::roll_degrees() const {
    const cv::Point2d d = eye_left() - eye_right();
    return std::atan2(d.y, d.x) * 180.0 / kPi;
}

double Face::yaw_ratio() const {
    const cv::Point2d nose = points[30];
    const double to_right_jaw = cv::norm(nose - points[0]);
    const double to_left_jaw = cv::norm(nose - points[16]);
    return (to_left_jaw - to_right_jaw) / std::max(1.0, jaw_width());
}

std::string landmark_model_path(const std::string& explicit_path) {
    if (!explicit_path.empty()) return explicit_path;
    if (const char* env = std::getenv("IDPHOTO_LANDMARKS"); env && *env) return env;
    return kDebianModel;
}

struct FaceModel::Impl {
    dlib::frontal_face_detector detector;
    // The same detector scanning only kLevelsAboveCoarse pyramid levels, built on first use.
    std::once_flag upper_once;
    dlib::frontal_face_detector upper_levels;
    // The AVX2 build of the detector when the processor has it (hog_module.hpp), else null.
    std::unique_ptr<HogModule> simd;
    std::unique_ptr<LandmarkModel> landmarks;
    FaceModelSource source;
};

namespace {
namespace cache = model_cache;

// Cached payloads depend on how dlib serialises (detector) and on how dlib's predictor works
// (landmarks), so a dlib upgrade rebuilds them.
constexpr std::uint64_t kDlibVersion = DLIB_MAJOR_VERSION * 10000ULL + DLIB_MINOR_VERSION * 100ULL + DLIB_PATCH_VERSION;
constexpr std::uint32_t kDetectorCacheVersion = 1;
constexpr const char* kDetectorKind = "hog_faces";
constexpr const char* kLandmarksKind = "landmarks";

// The frontal face detector. dlib keeps it compiled in as base64 of a compressed
// serialisation; decompressing that is ~0.35 s of the ~0.36 s get_frontal_face_detector()
// takes (deserialising is ~5 ms), so the cache holds the decompressed serialisation.
dlib::frontal_face_detector load_detector(const std::string& dir, FaceModelSource& source, std::string& serialized) {
    dlib::frontal_face_detector detector;
    const std::string file = dir.empty() ? "" : dir + "/frontal_face_detector.bin";
    const cache::SourceKey key{0, 0, kDlibVersion};
    if (!file.empty()) {
        if (const auto payload = cache::read(file, kDetectorKind, kDetectorCacheVersion, key)) {
            try {
                serialized.assign(reinterpret_cast<const char*>(payload->data()), payload->size());
                std::istringstream in(serialized);
                dlib::deserialize(detector, in);
                source.detector_from_cache = true;
                return detector;
            } catch (const std::exception&) {  // checksummed, so only a bug in the writer gets here
            }
        }
    }
    serialized = dlib::get_serialized_frontal_faces();
    std::istringstream in(serialized);
    dlib::deserialize(detector, in);
    if (!file.empty())
        source.detector_cache_written =
            cache::write(file, kDetectorKind, kDetectorCacheVersion, key,
                         reinterpret_cast<const unsigned char*>(serialized.data()), serialized.size());
    return detector;
}

std::unique_ptr<LandmarkModel> load_landmarks(const std::string& path, const std::string& dir, FaceModelSource& source) {
    std::optional<cache::SourceKey> key = cache::file_key(path);
    std::string file;
    if (key && !dir.empty()) {
        key->producer = kDlibVersion;
        std::error_code ec;
        const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
        // One file per model path, so switching between models does not rebuild each time.
        file = dir + "/landmarks-" + cache::name_hash(ec ? path : absolute.string()) + ".bin";
        if (const auto payload = cache::read(file, kLandmarksKind, LandmarkModel::kPayloadVersion, *key)) {
            try {
                auto model = std::make_unique<LandmarkModel>(payload);
                source.landmarks_from_cache = true;
                return model;
            } catch (const std::exception&) {  // checksummed, so only a bug in the writer gets here
            }
        }
    }
    std::vector<unsigned char> bytes = LandmarkModel::payload_from_dat(path);
    if (!file.empty())
        source.landmarks_cache_written =
            cache::write(file, kLandmarksKind, LandmarkModel::kPayloadVersion, *key, bytes.data(), bytes.size());
    return std::make_unique<LandmarkModel>(cache::in_memory(std::move(bytes)));
}
}  // namespace

FaceModel::FaceModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceModel::~FaceModel() = default;

const FaceModelSource& FaceModel::source() const { return impl_->source; }

std::shared_ptr<const FaceModel> FaceModel::load(const std::string& landmark_path) {
    return load(landmark_path, FaceModelOptions{});
}

std::shared_ptr<const FaceModel> FaceModel::load(const std::string& landmark_path, const FaceModelOptions& options) {
    const std::string path = landmark_model_path(landmark_path);
    if (!std::ifstream(path).good())
        throw Error(Errc::model_load, "landmark model not found at " + path +
                                      " (install libdlib-data or set IDPHOTO_LANDMARKS)");
    const std::string dir = options.use_cache ? cache::cache_dir(options.cache_dir) : "";
    auto impl = std::make_unique<Impl>();
    // The detector on a second thread while this one does the landmarks (the larger part).
    FaceModelSource detector_source;
    std::unique_ptr<HogModule> simd;
    auto detector = std::async(std::launch::async, [&dir, &detector_source, &simd, &options] {
        std::string serialized;
        dlib::frontal_face_detector d = load_detector(dir, detector_source, serialized);
        if (options.simd) simd = HogModule::open(serialized, kLevelsAboveCoarse);
        return d;
    });
    try {
        impl->landmarks = load_landmarks(path, dir, impl->source);
    } catch (const std::exception& e) {
        throw Error(Errc::model_load, "cannot read landmark model " + path + ": " + e.what());
    }
    impl->detector = detector.get();
    impl->source.detector_from_cache = detector_source.detector_from_cache;
    impl->source.detector_cache_written = detector_source.detector_cache_written;
    impl->simd = std::move(simd);
    if (impl->simd) impl->source.simd_module = impl->simd->path();
    return std::shared_ptr<const FaceModel>(new FaceModel(std::move(impl)));
}

std::shared_future<std::shared_ptr<const FaceModel>> FaceModel::load_async(const std::string& landmark_path,
                                                                           FaceModelOptions options) {
    return std::async(std::launch::async, [landmark_path, options = std::move(options)] {
               return load(landmark_path, options);
           }).share();
}

std::vector<Face> FaceModel::detect(const cv::Mat& bgr, double min_relative_area) const {
    CV_Assert(bgr.type() == CV_8UC3);
    // Detect on a grey image scaled to a set size (small photos are enlarged so a small face
    // still reaches the detector's 80 px window), landmarks on the full image.
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    double scale = 1;
    // One search at `long_side`; `upper`: only the pyramid levels above the coarse size.
    auto detect_at = [&](int long_side, bool upper) {
        scale = double(long_side) / std::max(grey.cols, grey.rows);
        cv::Mat small;
        resize_scaled(grey, small, scale);
        std::vector<dlib::rect_detection> found;
        if (impl_->simd) {
            for (const HogModule::Hit& h : impl_->simd->detect(small, upper)) {
                dlib::rect_detection d;
                d.rect = dlib::rectangle(long(h.left), long(h.top), long(h.right), long(h.bottom));
                d.detection_confidence = h.confidence;
                found.push_back(d);
            }
            return found;
        }
        if (upper)
            std::call_once(impl_->upper_once,
                           [this] { impl_->upper_levels = with_pyramid_levels(impl_->detector, kLevelsAboveCoarse); });
        dlib::frontal_face_detector d = upper ? impl_->upper_levels : impl_->detector;  // private copy: not const-callable
        d(dlib::cv_image<unsigned char>(small), found);
        return found;
    };
    // Without a minimum share: every face the detector finds at the usual size. With one, the
    // size follows the largest face found: a face that fills an ID photo is found at a quarter
    // of the pixels, and then only faces of min_relative_area of its area must be found too,
    // so the search runs where those are still reliably wide: usually smaller than 640 px,
    // larger (up to kMaxDetectLongSide) when the faces are small, e.g. a second person a
    // little farther from the camera.
    // A search is enough once the faces that count (min_relative_area of the widest one's
    // area) are at least the detector's window wide at its size; otherwise the next one runs
    // where they are kReliableFaceWidth wide. The step between the two absorbs dlib's boxes,
    // which come in pyramid steps: a face can measure a step smaller at another size, and a
    // single threshold sent a 12 MP portrait through 320, 351 and 385 px to find nothing new.
    int size = min_relative_area > 0 ? kCoarseLongSide : kDetectLongSide;
    std::vector<dlib::rect_detection> found = detect_at(size, false);
    for (int pass = 0; min_relative_area > 0 && pass < 2; ++pass) {
        double widest = 0;
        for (const auto& d : found) widest = std::max(widest, double(d.rect.width()));
        const double comparable = widest * std::sqrt(min_relative_area);  // narrowest face that counts
        if (comparable >= kDetectorWindow) break;
        const int needed = widest > 0 ? int(std::ceil(size * kReliableFaceWidth / comparable)) : kDetectLongSide;
        const int next = std::min(needed, kMaxDetectLongSide);
        if (next <= size) break;
        // Nothing at the coarse size: only the levels above it are new.
        const bool upper = found.empty() && size == kCoarseLongSide && next == kDetectLongSide;
        found = detect_at(size = next, upper);
    }

    const dlib::cv_image<unsigned char> full(grey);
    std::vector<Face> faces;
    for (const auto& d : found) {
        const dlib::rectangle& r = d.rect;
        const dlib::rectangle full_rect(std::lround(r.left() / scale), std::lround(r.top() / scale),
                                        std::lround(r.right() / scale), std::lround(r.bottom() / scale));
        const dlib::full_object_detection shape = (*impl_->landmarks)(full, full_rect);
        Face face;
        face.box = cv::Rect2d(full_rect.left(), full_rect.top(), full_rect.width(), full_rect.height());
        face.detector_score = d.detection_confidence;
        for (unsigned i = 0; i < 68 && i < shape.num_parts(); ++i)
            face.points[i] = cv::Point2d(shape.part(i).x(), shape.part(i).y());
        faces.push_back(face);
    }
    std::sort(faces.begin(), faces.end(), [](const Face& a, const Face& b) { return a.area() > b.area(); });
    return faces;
}

}  // namespace photo
