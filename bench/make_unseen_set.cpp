// make_unseen_set SHARED_TESTDATA OUT_DIR: photos of the kinds the shared labels lack, made
// by rule from the shared portraits, with a labels.csv for check_report and make_report:
//
//   check_report ../shared/testdata --labels OUT_DIR/labels.csv OUT_DIR
//
// The shared labelled set has plain-backdrop portraits and photos with no usable face at all,
// but few of what departments really receive in between. From each FIXABLE portrait of
// shared/testdata (the person cut out by our own matte over its plain backdrop) it makes:
//   - clutter:  the person in front of a scene nobody can replace cleanly (real scenes from
//               shared/testdata with no face in them; drawn flags, stage banners with text,
//               bookshelves, brick, a poster or a door frame beside the head, another
//               person's shoulder): RETAKE background.uniform, by CHSI's "nothing else in it";
//   - plain:    the person over plain walls with light fall-off, a vignette or sensor noise,
//               which `make` replaces: FIXABLE;
//   - aligned:  a tight square face crop as face-alignment data sets store them (FFHQ,
//               CelebA), the frame through the hair or the chin, corners outside the photo
//               padded black, by edge replication or by a blurred reflection: RETAKE
//               face.cut_off.
// Everything is drawn from a fixed seed: the same files on every machine. The files are named
// <portrait>__<kind>_<variant>.jpg; bench/labelled.hpp splits them by that name.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "bench/labelled.hpp"
#include "libphoto/face/face.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/matte/matte.hpp"

namespace fs = std::filesystem;
using photo::Face;

namespace {

struct Portrait {
    std::string name;  // file stem
    cv::Mat bgr;
    cv::Mat alpha;     // CV_32FC1
    Face face;
};

// Scale and centre-crop `scene` to cover `size`.
cv::Mat cover(const cv::Mat& scene, cv::Size size) {
    const double s = std::max(double(size.width) / scene.cols, double(size.height) / scene.rows);
    cv::Mat big;
    cv::resize(scene, big, cv::Size(int(std::ceil(scene.cols * s)), int(std::ceil(scene.rows * s))), 0, 0, cv::INTER_AREA);
    return big(cv::Rect((big.cols - size.width) / 2, (big.rows - size.height) / 2, size.width, size.height)).clone();
}

cv::Mat put_on(const Portrait& p, const cv::Mat& backdrop) {
    cv::Mat f, b, a3, out;
    p.bgr.convertTo(f, CV_32FC3);
    backdrop.convertTo(b, CV_32FC3);
    cv::cvtColor(p.alpha, a3, cv::COLOR_GRAY2BGR);
    out = f.mul(a3) + b.mul(cv::Scalar::all(1.0) - a3);
    out.convertTo(out, CV_8UC3);
    return out;
}

// ---- drawn scenes ------------------------------------------------------------------------

cv::Mat flag(cv::Size s, std::mt19937& rng) {  // a red flag with yellow stars, hung in folds
    cv::Mat m(s, CV_8UC3, cv::Scalar(40, 30, 210));
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < 5; ++i) {
        const cv::Point c(int(s.width * (0.1 + 0.35 * u(rng))), int(s.height * (0.08 + 0.35 * u(rng))));
        const int r = int(s.width * (i == 0 ? 0.09 : 0.035));
        std::vector<cv::Point> star;
        for (int k = 0; k < 10; ++k) {
            const double ang = -CV_PI / 2 + k * CV_PI / 5, rr = k % 2 ? r * 0.4 : r;
            star.emplace_back(c + cv::Point(int(rr * std::cos(ang)), int(rr * std::sin(ang))));
        }
        cv::fillPoly(m, std::vector<std::vector<cv::Point>>{star}, cv::Scalar(0, 220, 255), cv::LINE_AA);
    }
    cv::Mat shade(s, CV_32FC3);
    for (int x = 0; x < s.width; ++x) {
        const float v = 0.8f + 0.2f * float(std::sin(x * 12.0 / s.width));
        shade.col(x).setTo(cv::Scalar::all(v));
    }
    cv::Mat f;
    m.convertTo(f, CV_32FC3);
    f = f.mul(shade);
    f.convertTo(m, CV_8UC3);
    return m;
}

cv::Mat stage(cv::Size s, std::mt19937& rng) {  // a stage banner: dark gradient, big text, a logo
    cv::Mat m(s, CV_8UC3);
    for (int y = 0; y < s.height; ++y) m.row(y).setTo(cv::Scalar(120 - 60.0 * y / s.height, 30, 20 + 40.0 * y / s.height));
    const char* words[] = {"GRADUATION 2024", "CEREMONY", "WELCOME"};
    const double fs = s.width / 420.0;
    cv::putText(m, words[rng() % 3], cv::Point(int(s.width * 0.04), int(s.height * 0.12)), cv::FONT_HERSHEY_DUPLEX,
                1.6 * fs, cv::Scalar(230, 230, 255), std::max(2, int(3 * fs)), cv::LINE_AA);
    cv::putText(m, "UNIVERSITY", cv::Point(int(s.width * 0.55), int(s.height * 0.3)), cv::FONT_HERSHEY_SIMPLEX, 1.1 * fs,
                cv::Scalar(0, 215, 255), std::max(2, int(2 * fs)), cv::LINE_AA);
    cv::circle(m, cv::Point(int(s.width * 0.15), int(s.height * 0.32)), int(s.width * 0.08), cv::Scalar(0, 200, 255),
               std::max(3, int(5 * fs)), cv::LINE_AA);
    return m;
}

cv::Mat bookshelf(cv::Size s, std::mt19937& rng) {  // shelves of books
    cv::Mat m(s, CV_8UC3, cv::Scalar(40, 70, 110));
    std::uniform_int_distribution<int> c(30, 230), w(8, 22);
    const int shelf = std::max(40, s.height / 6);
    for (int y = 0; y + shelf <= s.height; y += shelf) {
        cv::rectangle(m, cv::Rect(0, y + shelf - 8, s.width, 8), cv::Scalar(30, 50, 80), cv::FILLED);
        for (int x = 0; x < s.width;) {
            const int bw = w(rng) * s.width / 480 + 4;
            const int bh = shelf - 14 - int(rng() % 20);
            cv::rectangle(m, cv::Rect(x, y + shelf - 8 - bh, bw, bh), cv::Scalar(c(rng), c(rng), c(rng)), cv::FILLED);
            x += bw + 1;
        }
    }
    return m;
}

cv::Mat brick(cv::Size s, std::mt19937& rng) {  // a brick wall
    cv::Mat m(s, CV_8UC3, cv::Scalar(190, 195, 200));
    std::uniform_int_distribution<int> d(-18, 18);
    const int bh = std::max(12, s.height / 24), bw = bh * 3;
    for (int r = 0, y = 0; y < s.height; ++r, y += bh)
        for (int x = (r % 2) * -bw / 2; x < s.width; x += bw)
            cv::rectangle(m, cv::Rect(x + 2, y + 2, bw - 4, bh - 4), cv::Scalar(60 + d(rng), 80 + d(rng), 150 + d(rng)), cv::FILLED);
    return m;
}

cv::Mat wall(cv::Size s, cv::Scalar colour) {  // a plain wall with soft light fall-off
    cv::Mat m(s, CV_8UC3);
    for (int y = 0; y < s.height; ++y)
        for (int x = 0; x < s.width; ++x) {
            const double dx = (x - s.width * 0.4) / s.width, dy = (y - s.height * 0.3) / s.height;
            const double k = 1.0 - 0.25 * (dx * dx + dy * dy);
            m.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(colour[0] * k), cv::saturate_cast<uchar>(colour[1] * k),
                                              cv::saturate_cast<uchar>(colour[2] * k));
        }
    return m;
}

cv::Mat poster_beside(cv::Size s, std::mt19937& rng) {  // a plain wall, a framed poster beside the head
    cv::Mat m = wall(s, cv::Scalar(225, 228, 232));
    const bool left = rng() % 2;
    const cv::Rect r(left ? int(s.width * 0.02) : int(s.width * 0.72), int(s.height * 0.08), int(s.width * 0.26),
                     int(s.height * 0.3));
    cv::rectangle(m, r, cv::Scalar(40, 40, 40), cv::FILLED);
    cv::rectangle(m, cv::Rect(r.x + 6, r.y + 6, r.width - 12, r.height - 12), cv::Scalar(60, 150, 200), cv::FILLED);
    cv::circle(m, (r.tl() + r.br()) / 2, r.width / 5, cv::Scalar(200, 80, 40), cv::FILLED);
    return m;
}

cv::Mat door_frame(cv::Size s, std::mt19937& rng) {  // a wall with a door and its frame beside the head
    cv::Mat m = wall(s, cv::Scalar(200, 215, 225));
    const int x = rng() % 2 ? int(s.width * 0.06) : int(s.width * 0.7);
    cv::rectangle(m, cv::Rect(x, int(s.height * 0.05), int(s.width * 0.24), s.height), cv::Scalar(50, 80, 120), cv::FILLED);
    cv::rectangle(m, cv::Rect(x + 10, int(s.height * 0.05) + 10, int(s.width * 0.24) - 20, s.height), cv::Scalar(70, 110, 160),
                  cv::FILLED);
    cv::circle(m, cv::Point(x + int(s.width * 0.2), int(s.height * 0.55)), 6, cv::Scalar(40, 200, 230), cv::FILLED);
    return m;
}

cv::Mat whiteboard_room(cv::Size s, std::mt19937&) {  // a briefing room: whiteboard, writing, a shelf line
    cv::Mat m = wall(s, cv::Scalar(170, 175, 180));
    cv::rectangle(m, cv::Rect(int(s.width * 0.05), int(s.height * 0.04), int(s.width * 0.9), int(s.height * 0.4)),
                  cv::Scalar(245, 245, 245), cv::FILLED);
    const double fs = s.width / 480.0;
    for (int i = 0; i < 4; ++i)
        cv::putText(m, "Q3 plan - review", cv::Point(int(s.width * 0.08), int(s.height * (0.1 + 0.08 * i))),
                    cv::FONT_HERSHEY_SIMPLEX, 0.8 * fs, cv::Scalar(150, 60, 20), std::max(1, int(2 * fs)), cv::LINE_AA);
    cv::line(m, cv::Point(0, int(s.height * 0.6)), cv::Point(s.width, int(s.height * 0.6)), cv::Scalar(60, 60, 60), 6);
    return m;
}

// Another person's shoulder and arm at one side (no face: the second face is face.count's).
cv::Mat neighbour(cv::Size s, std::mt19937& rng) {
    cv::Mat m = wall(s, cv::Scalar(235, 225, 215));
    const bool left = rng() % 2;
    const cv::Point c(left ? -int(s.width * 0.05) : int(s.width * 1.05), int(s.height * 0.75));
    cv::ellipse(m, c, cv::Size(int(s.width * 0.28), int(s.height * 0.6)), 0, 0, 360, cv::Scalar(60, 40, 30), cv::FILLED);
    cv::ellipse(m, c + cv::Point(0, -int(s.height * 0.5)), cv::Size(int(s.width * 0.12), int(s.height * 0.14)), 0, 0, 360,
                cv::Scalar(30, 30, 35), cv::FILLED);  // the back of their head
    return m;
}

using SceneMaker = cv::Mat (*)(cv::Size, std::mt19937&);
struct DrawnScene {
    const char* name;
    SceneMaker make;
};
const DrawnScene kDrawn[] = {{"flag", flag},           {"stage", stage},           {"bookshelf", bookshelf},
                             {"brick", brick},         {"poster", poster_beside},  {"door", door_frame},
                             {"whiteboard", whiteboard_room}, {"neighbour", neighbour}};

// Real scenes from shared/testdata with no face in them.
const char* kRealScenes[] = {"E_invalid_inputs/ant_landscape.png", "E_invalid_inputs/boat.jpg",
                             "E_invalid_inputs/car.jpg",           "E_invalid_inputs/cars_street.jpg",
                             "E_invalid_inputs/desk_lamp.jpg",     "E_invalid_inputs/calligraphy.jpg",
                             "D_face_alignment_assets/grass.jpg",  "C_pymatting_lemur/beach.png"};

// ---- plain walls -------------------------------------------------------------------------

cv::Mat plain(cv::Size s, int variant, std::mt19937& rng) {
    const cv::Scalar colours[] = {cv::Scalar(235, 235, 235), cv::Scalar(250, 200, 130), cv::Scalar(248, 250, 252),
                                  cv::Scalar(200, 215, 225)};
    cv::Mat m = wall(s, colours[variant % 4]);
    if (variant % 2) {  // sensor noise, as a phone at indoor light adds
        cv::Mat noise(s, CV_16SC3);
        cv::randn(noise, 0, 3);
        cv::Mat m16;
        m.convertTo(m16, CV_16SC3);
        m16 += noise;
        m16.convertTo(m, CV_8UC3);
    }
    (void)rng;
    return m;
}

// ---- aligned face crops ------------------------------------------------------------------

enum class Pad { black, edge, reflect_blur };
const char* pad_name(Pad p) { return p == Pad::black ? "black" : p == Pad::edge ? "edge" : "reflect"; }

// A square crop around the face as alignment tools make it: centred on the face, `size_faces`
// jaw widths wide, its top edge `above_eyes` jaw widths above the eye line. The shared
// portraits' hair reaches 0.83-1.36 jaw widths above the eyes, so a top edge at 0.75 or less
// cuts through the hair of every one of them. Corners outside the photo are padded.
cv::Mat aligned_crop(const Portrait& p, double size_faces, double above_eyes, Pad pad) {
    const Face& f = p.face;
    const double side = size_faces * f.jaw_width();
    const cv::Rect r(int(f.centre_x() - side / 2), int(f.eye_line_y() - above_eyes * f.jaw_width()), int(side), int(side));
    const int border = int(side);
    cv::Mat padded;
    if (pad == Pad::black) cv::copyMakeBorder(p.bgr, padded, border, border, border, border, cv::BORDER_CONSTANT, cv::Scalar::all(0));
    else if (pad == Pad::edge) cv::copyMakeBorder(p.bgr, padded, border, border, border, border, cv::BORDER_REPLICATE);
    else {
        cv::copyMakeBorder(p.bgr, padded, border, border, border, border, cv::BORDER_REFLECT);
        cv::Mat blurred, mask(padded.size(), CV_8U, cv::Scalar(255));
        mask(cv::Rect(border, border, p.bgr.cols, p.bgr.rows)) = 0;
        cv::GaussianBlur(padded, blurred, cv::Size(), side * 0.02 + 1);
        blurred.copyTo(padded, mask);  // FFHQ blurs what the reflection invents
    }
    cv::Mat out = padded(r + cv::Point(border, border)).clone();
    cv::resize(out, out, cv::Size(512, 512), 0, 0, cv::INTER_AREA);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: make_unseen_set SHARED_TESTDATA OUT_DIR\n");
        return 2;
    }
    const std::string data = argv[1], out = argv[2];
    fs::create_directories(out);
    const auto model = photo::FaceModel::load();

    std::vector<Portrait> portraits;
    for (const auto& l : bench::read_labels(data + "/labels.csv", data)) {
        if (l.verdict != "FIXABLE") continue;
        Portrait p;
        p.name = fs::path(l.file).stem().string();
        p.bgr = photo::load_image(l.path()).bgr;
        const auto faces = model->detect(p.bgr);
        if (faces.empty()) continue;
        p.face = faces.front();
        const photo::Matte m = photo::compute_matte(p.bgr, p.face);
        p.alpha = photo::matte_alpha(m, p.bgr, cv::Rect2d(0, 0, p.bgr.cols, p.bgr.rows));
        portraits.push_back(std::move(p));
    }
    std::vector<cv::Mat> real;
    for (const char* s : kRealScenes) real.push_back(photo::load_image(data + "/" + s).bgr);

    std::ofstream labels(out + "/labels.csv");
    labels << "file,verdict,expected_failures,note\n";
    int written = 0;
    auto write = [&](const std::string& file, const cv::Mat& img, const char* verdict, const char* expected,
                     const std::string& note) {
        cv::imwrite(out + "/" + file, img, {cv::IMWRITE_JPEG_QUALITY, 92});
        labels << file << ',' << verdict << ',' << expected << ',' << note << '\n';
        ++written;
    };
    std::mt19937 rng(20261204);
    for (size_t i = 0; i < portraits.size(); ++i) {
        const Portrait& p = portraits[i];
        const cv::Size s = p.bgr.size();
        // Four drawn scenes and two real ones per portrait, rotating through the lists.
        for (int k = 0; k < 4; ++k) {
            const DrawnScene& d = kDrawn[(i * 4 + k) % std::size(kDrawn)];
            write(fmt::format("{}__clutter_{}.jpg", p.name, d.name), put_on(p, d.make(s, rng)), "RETAKE",
                  "background.uniform", fmt::format("drawn {} behind the person", d.name));
        }
        for (int k = 0; k < 2; ++k) {
            const size_t j = (i * 2 + k) % real.size();
            write(fmt::format("{}__clutter_{}.jpg", p.name, fs::path(kRealScenes[j]).stem().string()),
                  put_on(p, cover(real[j], s)), "RETAKE", "background.uniform",
                  fmt::format("real scene {} behind the person", kRealScenes[j]));
        }
        for (int k = 0; k < 2; ++k) {
            const int v = int(i + k) % 4;
            write(fmt::format("{}__plain_{}.jpg", p.name, v), put_on(p, plain(s, v, rng)), "FIXABLE", "",
                  "plain wall with light fall-off" + std::string(v % 2 ? " and sensor noise" : ""));
        }
        // Aligned crops whose top edge cuts the hair: a tight one (1.5 jaw widths, chin near the
        // bottom edge) and a looser one whose corners may leave the photo (2.2).
        const Pad pads[] = {Pad::black, Pad::edge, Pad::reflect_blur};
        const Pad pad = pads[i % 3];
        write(fmt::format("{}__aligned_tight_{}.jpg", p.name, pad_name(pad)), aligned_crop(p, 1.5, 0.7, pad), "RETAKE",
              "face.cut_off", "tight aligned face crop: the frame cuts the hair and the chin");
        write(fmt::format("{}__aligned_loose_{}.jpg", p.name, pad_name(pad)), aligned_crop(p, 2.2, 0.75, pad), "RETAKE",
              "face.cut_off", "aligned face crop whose top edge cuts the hair; corners padded");
    }
    std::printf("%d photos from %zu portraits in %s (labels.csv)\n", written, portraits.size(), out.c_str());
    return 0;
}
