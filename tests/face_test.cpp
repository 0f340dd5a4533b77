// Faces on the sample portraits, and the model cache: the cached detector and landmark model
// must give exactly what dlib gives from the sources, and a bad or unwritable cache must only
// cost time.
#include <doctest/doctest.h>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/core/error.hpp"
#include "libphoto/face/face.hpp"
#include "libphoto/face/hog_module.hpp"
#include "test_support.hpp"

using namespace photo;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system's temp dir, removed with everything in it at the end.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "idphoto-face-test-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("cannot make a temporary directory");
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// Every test in this binary keeps its model cache in a private temporary directory, never in
// the user's ~/.cache: test::faces() and the other tests load with the default options.
const TempDir& process_cache() {
    static const TempDir dir;
    return dir;
}
const bool cache_env_set = [] {
    if (!std::getenv("IDPHOTO_CACHE_DIR")) ::setenv("IDPHOTO_CACHE_DIR", process_cache().path.c_str(), 1);
    return true;
}();

cv::Mat sample_bgr(int i) {
    const cv::Mat bgr = cv::imread(test::sample("sample_id_" + std::to_string(i) + ".png"), cv::IMREAD_COLOR);
    REQUIRE(!bgr.empty());
    return bgr;
}

// What the two detectors are compared on: the portraits, two of them side by side, and a
// blurred face (nothing at the coarse size, so the search at 640 px scans only the levels
// above it: the module's second detector).
std::vector<cv::Mat> detector_test_images() {
    std::vector<cv::Mat> images;
    for (int i = 1; i <= 4; ++i) images.push_back(sample_bgr(i));
    cv::Mat two;
    cv::hconcat(sample_bgr(1), sample_bgr(2), two);
    images.push_back(two);
    images.push_back(cv::imread(test::sample("p_015cd10e_blue_cloth.jpg"), cv::IMREAD_COLOR));
    return images;
}

FaceModelOptions no_cache() {
    FaceModelOptions o;
    o.use_cache = false;
    return o;
}
FaceModelOptions cache_in(const fs::path& dir) {
    FaceModelOptions o;
    o.cache_dir = dir.string();
    return o;
}

// The reference: straight from the sources, no cache involved.
const FaceModel& reference_model() {
    static const auto model = FaceModel::load("", no_cache());
    return *model;
}

// dlib's own shape_predictor from the .dat, to hold our landmark evaluation against.
const dlib::shape_predictor& dlib_predictor() {
    static const dlib::shape_predictor sp = [] {
        dlib::shape_predictor p;
        dlib::deserialize(landmark_model_path()) >> p;
        return p;
    }();
    return sp;
}

void require_same_faces(const std::vector<Face>& a, const std::vector<Face>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t f = 0; f < a.size(); ++f) {
        CHECK(a[f].box == b[f].box);
        CHECK(a[f].detector_score == b[f].detector_score);  // bit for bit, not approximately
        int differing = 0;
        for (int i = 0; i < 68; ++i) differing += a[f].points[i] != b[f].points[i];
        CHECK(differing == 0);
    }
}

std::vector<fs::path> files_named(const fs::path& dir, const std::string& prefix) {
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
    return out;
}

// Bytes [from, from + n) of a file replaced by their complement.
void corrupt(const fs::path& file, std::streamoff from, int n) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(f.good());
    for (int i = 0; i < n; ++i) {
        f.seekg(from + i);
        const char c = char(f.get());
        f.seekp(from + i);
        f.put(char(~c));
    }
}

}  // namespace

TEST_CASE("landmarks evaluated from flat arrays equal dlib's shape_predictor") {
    for (int i = 1; i <= 4; ++i) {
        INFO("sample_id_" << i);
        const cv::Mat bgr = sample_bgr(i);
        cv::Mat grey;
        cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
        const dlib::cv_image<unsigned char> img(grey);
        const auto faces = reference_model().detect(bgr);
        REQUIRE(faces.size() == 1);
        const cv::Rect2d& b = faces[0].box;
        const dlib::rectangle rect(long(b.x), long(b.y), long(b.x + b.width) - 1, long(b.y + b.height) - 1);
        const dlib::full_object_detection shape = dlib_predictor()(img, rect);
        REQUIRE(shape.num_parts() == 68);
        int differing = 0;
        for (unsigned p = 0; p < 68; ++p)
            differing += faces[0].points[p] != cv::Point2d(shape.part(p).x(), shape.part(p).y());
        CHECK(differing == 0);
    }
}

TEST_CASE("the cached models give exactly the faces of the uncached ones") {
    TempDir dir;
    const auto built = FaceModel::load("", cache_in(dir.path));  // empty cache: builds and writes
    CHECK_FALSE(built->source().landmarks_from_cache);
    CHECK_FALSE(built->source().detector_from_cache);
    CHECK(built->source().landmarks_cache_written);
    CHECK(built->source().detector_cache_written);
    const auto cached = FaceModel::load("", cache_in(dir.path));
    CHECK(cached->source().landmarks_from_cache);
    CHECK(cached->source().detector_from_cache);
    CHECK_FALSE(cached->source().landmarks_cache_written);
    for (int i = 1; i <= 4; ++i) {
        INFO("sample_id_" << i);
        const cv::Mat bgr = sample_bgr(i);
        const auto expected = reference_model().detect(bgr);
        require_same_faces(built->detect(bgr), expected);
        require_same_faces(cached->detect(bgr), expected);
    }
    // The detector alone, on a scene with no face found at the default scale, agrees too.
    cv::Mat two;
    cv::hconcat(sample_bgr(1), sample_bgr(1), two);
    require_same_faces(cached->detect(two), reference_model().detect(two));
}

// A complete cache, built once; tests that damage a cache work on copies of it.
const fs::path& good_cache() {
    static const TempDir dir;
    static const bool built = [] {
        const auto model = FaceModel::load("", cache_in(dir.path));
        return model->source().landmarks_cache_written && model->source().detector_cache_written;
    }();
    REQUIRE(built);
    return dir.path;
}

TEST_CASE("a truncated or corrupt cache file is ignored and rebuilt") {
    TempDir dir;
    for (const auto& e : fs::directory_iterator(good_cache())) fs::copy_file(e.path(), dir.path / e.path().filename());
    const auto landmarks = files_named(dir.path, "landmarks-");
    const auto detector = files_named(dir.path, "frontal_face_detector");
    REQUIRE(landmarks.size() == 1);
    REQUIRE(detector.size() == 1);
    const auto full_size = fs::file_size(landmarks[0]);
    const cv::Mat bgr = sample_bgr(2);
    const auto expected = reference_model().detect(bgr);

    SUBCASE("truncated") {
        fs::resize_file(landmarks[0], full_size / 2);
        fs::resize_file(detector[0], 100);
    }
    SUBCASE("a few bytes flipped in the leaf values") {
        corrupt(landmarks[0], std::streamoff(full_size / 3), 4);
        corrupt(detector[0], 5000, 1);
    }
    SUBCASE("header damaged") {
        corrupt(landmarks[0], 0, 8);
        corrupt(detector[0], 30, 2);
    }
    SUBCASE("replaced by a directory") {
        fs::remove(landmarks[0]);
        fs::create_directory(landmarks[0]);
        fs::remove(detector[0]);
        fs::create_directory(detector[0]);
    }

    const auto fallback = FaceModel::load("", cache_in(dir.path));
    CHECK_FALSE(fallback->source().landmarks_from_cache);
    CHECK_FALSE(fallback->source().detector_from_cache);
    require_same_faces(fallback->detect(bgr), expected);

    if (fs::is_regular_file(landmarks[0])) {  // a directory in the way stays in the way
        CHECK(fallback->source().landmarks_cache_written);
        CHECK(fs::file_size(landmarks[0]) == full_size);
        const auto rebuilt = FaceModel::load("", cache_in(dir.path));
        CHECK(rebuilt->source().landmarks_from_cache);
        CHECK(rebuilt->source().detector_from_cache);
        require_same_faces(rebuilt->detect(bgr), expected);
    }
    // No temporary file is left behind, whatever happened.
    for (const auto& e : fs::directory_iterator(dir.path))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("a cache made from another model file is stale") {
    TempDir dir;
    // A copy of the model with a different mtime: its own cache file, built from it.
    const fs::path copy = dir.path / "model.dat";
    fs::copy_file(landmark_model_path(), copy);
    const auto first = FaceModel::load(copy.string(), cache_in(dir.path / "cache"));
    CHECK(first->source().landmarks_cache_written);
    CHECK(FaceModel::load(copy.string(), cache_in(dir.path / "cache"))->source().landmarks_from_cache);
    fs::last_write_time(copy, fs::last_write_time(copy) + std::chrono::seconds(10));
    const auto touched = FaceModel::load(copy.string(), cache_in(dir.path / "cache"));
    CHECK_FALSE(touched->source().landmarks_from_cache);
    CHECK(touched->source().landmarks_cache_written);
    CHECK(files_named(dir.path / "cache", "landmarks-").size() == 1);
}

TEST_CASE("two loads racing on an empty cache both succeed and leave one whole cache") {
    TempDir dir;
    auto a = FaceModel::load_async("", cache_in(dir.path));
    auto b = FaceModel::load_async("", cache_in(dir.path));
    const cv::Mat bgr = sample_bgr(1);
    const auto expected = reference_model().detect(bgr);
    require_same_faces(a.get()->detect(bgr), expected);
    require_same_faces(b.get()->detect(bgr), expected);
    const auto after = FaceModel::load("", cache_in(dir.path));
    CHECK(after->source().landmarks_from_cache);
    CHECK(after->source().detector_from_cache);
    require_same_faces(after->detect(bgr), expected);
    CHECK(files_named(dir.path, "landmarks-").size() == 1);
    for (const auto& e : fs::directory_iterator(dir.path))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("an unwritable cache directory still gives the same faces") {
    TempDir dir;
    // A regular file where a directory should be: unwritable even for root.
    std::ofstream(dir.path / "not-a-dir") << "x";
    const auto model = FaceModel::load("", cache_in(dir.path / "not-a-dir" / "cache"));
    CHECK_FALSE(model->source().landmarks_from_cache);
    CHECK_FALSE(model->source().landmarks_cache_written);
    CHECK_FALSE(model->source().detector_cache_written);
    const cv::Mat bgr = sample_bgr(3);
    require_same_faces(model->detect(bgr), reference_model().detect(bgr));
}

TEST_CASE("a damaged model file is a model.load error, and leaves no cache") {
    TempDir dir;
    const fs::path cut = dir.path / "cut.dat";
    fs::copy_file(landmark_model_path(), cut);
    fs::resize_file(cut, 1 << 20);
    try {
        FaceModel::load(cut.string(), cache_in(dir.path / "cache"));
        FAIL("loaded a truncated model");
    } catch (const photo::Error& e) {
        CHECK(e.code() == "model.load");
    }
    CHECK(files_named(dir.path / "cache", "landmarks-").empty());
}

TEST_CASE("load_async gives the model, or load's error") {
    TempDir dir;
    auto future = FaceModel::load_async("", cache_in(good_cache()));
    const auto model = future.get();
    REQUIRE(model);
    CHECK(model->source().landmarks_from_cache);
    CHECK(model->detect(sample_bgr(4)).size() == 1);
    auto missing = FaceModel::load_async((dir.path / "no-such-model.dat").string(), cache_in(dir.path));
    CHECK_THROWS_AS(missing.get(), photo::Error);
}

TEST_CASE("one face per sample, with plausible geometry") {
    for (int i = 1; i <= 4; ++i) {
        INFO("sample_id_" << i);
        const cv::Mat bgr = sample_bgr(i);
        const auto faces = test::faces().detect(bgr);
        REQUIRE(faces.size() == 1);
        const Face& f = faces[0];
        const double nose_tip_y = f.points[30].y;
        CHECK(f.eye_line_y() < nose_tip_y);
        CHECK(nose_tip_y < f.chin().y);
        CHECK(f.jaw_width() > 0.30 * bgr.cols);
        CHECK(f.jaw_width() < 0.80 * bgr.cols);
        CHECK(f.eye_right().x < f.eye_left().x);  // the subject's right eye is on the image's left
        CHECK(std::abs(f.roll_degrees()) < 15);
        CHECK(f.box.contains(f.points[30]));
    }
}

TEST_CASE("two portraits side by side give two faces, largest first") {
    const cv::Mat a = sample_bgr(1);
    cv::Mat b = sample_bgr(2);
    cv::resize(b, b, cv::Size(int(std::lround(b.cols * double(a.rows) / b.rows)), a.rows), 0, 0, cv::INTER_AREA);
    cv::Mat both;
    cv::hconcat(a, b, both);
    const auto faces = test::faces().detect(both);
    REQUIRE(faces.size() == 2);
    CHECK(faces[0].area() >= faces[1].area());
    const bool first_left = faces[0].centre_x() < a.cols;
    CHECK(first_left != (faces[1].centre_x() < a.cols));  // one in each half
}

TEST_CASE("with a minimum share, every face of that share is still found, and the same landmarks") {
    // A portrait beside one at 60 % of its size (36 % of its area, above face.count's 30 %):
    // the coarse look finds the large face and must go on to find the smaller one too.
    const cv::Mat a = sample_bgr(1);
    cv::Mat b = sample_bgr(2);
    const double k = 0.6 * double(a.rows) / b.rows;
    cv::resize(b, b, cv::Size(), k, k, cv::INTER_AREA);
    // Backdrop beside the small one, so the coarse look sees it too small to find (~65 px)
    // and the large one just findable (its box ~73 px, dlib's smallest).
    cv::Mat pad(a.rows, int(1.6 * a.cols), CV_8UC3, cv::Scalar(235, 235, 235));
    b.copyTo(pad(cv::Rect(0, a.rows - b.rows, b.cols, b.rows)));
    cv::Mat both;
    cv::hconcat(a, pad, both);
    cv::resize(both, both, cv::Size(), 3.0, 3.0, cv::INTER_CUBIC);  // a large photo, as phones take
    const auto all = test::faces().detect(both);
    const auto counted = test::faces().detect(both, 0.3);
    REQUIRE(all.size() == 2);
    REQUIRE(counted.size() == 2);
    // One face filling a photo: the same face, landmarks within a couple of pixels.
    cv::Mat one;
    cv::resize(sample_bgr(3), one, cv::Size(), 4.0, 4.0, cv::INTER_CUBIC);
    const auto full = test::faces().detect(one), quick = test::faces().detect(one, 0.3);
    REQUIRE(full.size() == 1);
    REQUIRE(quick.size() == 1);
    CHECK(std::abs(full[0].jaw_width() - quick[0].jaw_width()) < 0.03 * full[0].jaw_width());
    CHECK(cv::norm(full[0].eye_mid() - quick[0].eye_mid()) < 0.03 * full[0].jaw_width());
}

TEST_CASE("with a minimum share, a comparable face too small for the usual size is searched for larger") {
    // A wide photo: one face found at the usual 640 px (~85 px there) and one at 60 % of its
    // width (~50 px, below the detector's window) that only a larger search finds.
    const cv::Mat a = sample_bgr(1);
    cv::Mat b;
    cv::resize(sample_bgr(2), b, cv::Size(), 0.6 * double(a.rows) / sample_bgr(2).rows,
               0.6 * double(a.rows) / sample_bgr(2).rows, cv::INTER_AREA);
    cv::Mat pad(a.rows, 1600, CV_8UC3, cv::Scalar(235, 235, 235));
    b.copyTo(pad(cv::Rect(600, a.rows - b.rows, b.cols, b.rows)));
    cv::Mat both;
    cv::hconcat(a, pad, both);
    const auto counted = test::faces().detect(both, 0.3);
    REQUIRE(counted.size() == 2);
    CHECK(counted[1].area() >= 0.3 * counted[0].area());
}

TEST_CASE("the AVX2 detector module finds the same faces as the built-in detector") {
#if defined(__x86_64__)
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    const bool avx2 = false;
#endif
    const auto simd = FaceModel::load();
    FaceModelOptions plain_options;
    plain_options.simd = false;
    const auto plain = FaceModel::load("", plain_options);
    CHECK(plain->source().simd_module.empty());
    if (!avx2) {
        CHECK(simd->source().simd_module.empty());
        MESSAGE("no AVX2 on this processor: only the built-in detector runs");
        return;
    }
    // On an AVX2 machine the module must be found (beside the program or in the build tree).
    REQUIRE_FALSE(simd->source().simd_module.empty());
    const std::vector<cv::Mat> images = detector_test_images();
    for (std::size_t k = 0; k < images.size(); ++k) {
        INFO("image " << k);
        for (double share : {0.0, 0.3}) {
            const auto a = simd->detect(images[k], share), b = plain->detect(images[k], share);
            REQUIRE(a.size() == b.size());
            for (std::size_t f = 0; f < a.size(); ++f) {
                CHECK(a[f].box == b[f].box);
                // The filters sum the same floats in another order.
                CHECK(a[f].detector_score == doctest::Approx(b[f].detector_score).epsilon(1e-4));
                int differing = 0;
                for (int i = 0; i < 68; ++i) differing += a[f].points[i] != b[f].points[i];
                CHECK(differing == 0);
            }
        }
    }
}

TEST_CASE("the AVX2 module's fused scan finds what dlib's own search finds, score for score") {
    const auto module = HogModule::open(dlib::get_serialized_frontal_faces(), 5);
    if (!module) {
        MESSAGE("no AVX2 module on this processor");
        return;
    }
    const std::vector<cv::Mat> images = detector_test_images();
    int faces = 0;
    for (std::size_t k = 0; k < images.size(); ++k) {
        cv::Mat grey;
        cv::cvtColor(images[k], grey, cv::COLOR_BGR2GRAY);
        // The search sizes face.cpp uses and odd ones: every plane width modulo 8 comes up, so
        // the columns dlib filters one at a time are covered at every count.
        for (int long_side : {320, 333, 347, 361, 385, 402, 640, 700}) {
            const double s = double(long_side) / std::max(grey.cols, grey.rows);
            cv::Mat small;
            cv::resize(grey, small, cv::Size(), s, s, cv::INTER_AREA);
            // A threshold far below dlib's reports windows all over the image, the filters'
            // every column and row included, not only where faces are.
            for (const auto& search : {std::pair{false, 0.0}, {true, 0.0}, {false, -3.0}}) {
                const bool capped = search.first;  // not a structured binding: INFO's lambda captures it
                const double adjust = search.second;
                INFO("image " << k << " at " << long_side << " px, capped " << capped << ", adjust " << adjust);
                const auto fast = module->detect(small, capped, adjust);
                const auto dlib_own = module->detect_reference(small, capped, adjust);
                REQUIRE(fast.size() == dlib_own.size());
                for (std::size_t f = 0; f < fast.size(); ++f) {
                    CHECK(fast[f].left == dlib_own[f].left);
                    CHECK(fast[f].top == dlib_own[f].top);
                    CHECK(fast[f].right == dlib_own[f].right);
                    CHECK(fast[f].bottom == dlib_own[f].bottom);
                    CHECK(fast[f].confidence == dlib_own[f].confidence);  // the same float sums
                }
                faces += int(fast.size());
            }
        }
    }
    CHECK(faces >= 1000);  // faces and weak windows: the comparison is not empty
}

// Face-alignment data sets store square crops a face fills (1.2-1.5 jaw widths), padded
// black where they leave the photo and often enlarged: the detector sees little margin around
// the face. It must still be found, with landmarks that are the face's, so that such a photo
// is refused as face.cut_off (check_test), not as faceless.
TEST_CASE("a face that fills the frame is found") {
    for (const char* name : {"sample_id_4.png", "sample_id_1.png", "hivision_test3.jpg"}) {
        const cv::Mat img = cv::imread(test::sample(name), cv::IMREAD_COLOR);
        const auto face = test::faces().detect(img).at(0);
        for (const double size : {1.2, 1.35, 1.5}) {
            const int side = int(size * face.jaw_width()), pad = side;
            cv::Mat padded, tight;
            cv::copyMakeBorder(img, padded, pad, pad, pad, pad, cv::BORDER_CONSTANT, cv::Scalar::all(0));
            const cv::Rect crop(int(face.centre_x()) - side / 2 + pad, int(face.eye_line_y() - 0.45 * side) + pad, side, side);
            cv::resize(padded(crop), tight, cv::Size(640, 640), 0, 0, cv::INTER_LINEAR);
            INFO(name << " at " << size << " jaw widths");
            const auto found = test::faces().detect(tight);
            REQUIRE(found.size() == 1);
            CHECK(found[0].eye_line_y() > 0.3 * tight.rows);
            CHECK(found[0].eye_line_y() < 0.6 * tight.rows);
            CHECK(std::abs(found[0].roll_degrees()) < 5);
        }
    }
}
