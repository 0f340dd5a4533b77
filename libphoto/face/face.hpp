#pragma once
// Faces: dlib's HOG frontal detector and the 68-point landmark model (from libdlib-data).
// Landmark indices follow iBUG 300-W: 0-16 jaw, 17-26 brows, 27-35 nose, 36-41 and 42-47
// the eyes (subject's right, then left), 48-67 mouth.
#include <array>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace photo {

struct Face {
    cv::Rect2d box;                      // detector box, image pixels
    std::array<cv::Point2d, 68> points;  // landmarks, image pixels
    double detector_score = 0;

    cv::Point2d eye_right() const;       // subject's right eye (left in the image)
    cv::Point2d eye_left() const;
    cv::Point2d eye_mid() const { return (eye_right() + eye_left()) * 0.5; }
    double eye_line_y() const { return eye_mid().y; }
    double eye_distance() const;
    cv::Point2d chin() const { return points[8]; }
    // Cheek to cheek: distance between jaw points 0 and 16, as the referee measures it.
    double jaw_width() const;
    // Horizontal centre of the face: midpoint of jaw points 0 and 16.
    double centre_x() const { return (points[0].x + points[16].x) * 0.5; }
    // Head tilt in degrees from the eye line; positive when the image-right eye is lower.
    double roll_degrees() const;
    // Head turn: (nose tip to left jaw - nose tip to right jaw) / jaw width; 0 = frontal.
    double yaw_ratio() const;
    double area() const { return box.area(); }
};

// Where the landmark model lives: `explicit_path` if given, else $IDPHOTO_LANDMARKS, else
// Debian's libdlib-data location.
std::string landmark_model_path(const std::string& explicit_path = "");

// How FaceModel::load finds its models. By default both come from the model cache (see
// model_cache.hpp): the landmark model as flat arrays mapped from a file (~20 ms instead of
// ~0.6-1 s parsing the .dat), the detector as dlib's decompressed serialisation (~5 ms
// instead of ~0.35 s decompressing the copy compiled into dlib). A missing, stale or corrupt
// cache file is rebuilt from the source; an unwritable cache directory only costs the time.
struct FaceModelOptions {
    std::string cache_dir;   // empty: $IDPHOTO_CACHE_DIR, else $XDG_CACHE_HOME/idphoto, else ~/.cache/idphoto
    bool use_cache = true;   // false: read the sources only, touch no cache file (the reference path)
    bool simd = true;        // false: never the AVX2 detector module (hog_module.hpp)
};

// Where the loaded models came from, for tests and benchmarks.
struct FaceModelSource {
    bool detector_from_cache = false;
    bool landmarks_from_cache = false;
    bool detector_cache_written = false;
    std::string simd_module;  // path of the AVX2 detector module in use, "" if none
    bool landmarks_cache_written = false;
};

// The detector and landmark model, loaded once and shared by every thread. Detection runs
// on a private copy of the detector per call because dlib's detector is not const-callable.
class FaceModel {
public:
    // Throws Error(Errc::model_load) naming the path when the model is missing or unreadable.
    // The two models load in parallel threads.
    static std::shared_ptr<const FaceModel> load(const std::string& landmark_path = "");
    static std::shared_ptr<const FaceModel> load(const std::string& landmark_path, const FaceModelOptions& options);

    // load() on a background thread, to overlap it with decoding the photo: start it first,
    // decode, then get() the model (which rethrows load()'s Error).
    static std::shared_future<std::shared_ptr<const FaceModel>> load_async(const std::string& landmark_path = "",
                                                                           FaceModelOptions options = {});

    // All faces, largest first. The image is scaled internally so that faces of useful size
    // are found quickly; results are in the coordinates of `bgr`.
    // Faces smaller than `min_relative_area` of the largest one's area need not be found
    // (0: every face the detector can find); with a share like face.count's 0.3, a photo
    // whose face fills it is searched at a fraction of the cost.
    std::vector<Face> detect(const cv::Mat& bgr, double min_relative_area = 0) const;

    const FaceModelSource& source() const;

    ~FaceModel();
    struct Impl;

private:
    explicit FaceModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace photo
