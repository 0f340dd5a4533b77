#pragma once
// Shared by the tests: sample paths, one face model per test process, and an independent
// measurement of finished photos that works the way shared/tools/referee.cpp does
// (re-detect the face on the output; crown = first row whose middle half has a pixel far
// from the backdrop colour), so tests do not trust the numbers the pipeline reports.
#include <cmath>
#include <memory>
#include <string>

#include <opencv2/imgproc.hpp>

#include "libphoto/face.hpp"

namespace test {

inline std::string sample(const std::string& name) { return std::string(IDPHOTO_SAMPLES) + "/" + name; }

inline const photo::FaceModel& faces() {
    static const std::shared_ptr<const photo::FaceModel> model = photo::FaceModel::load();
    return *model;
}

struct Measured {
    int faces = 0;
    double crown = -1, eye_y = 0, face_w = 0, centre_offset = 0;
    double top_strip_distance = 1e9;  // mean colour of the top 8 rows vs the backdrop colour
    double top_strip_sd = 1e9;        // spread of those pixels
};

inline Measured measure_output(const cv::Mat& bgr, const cv::Scalar& backdrop_bgr) {
    Measured m;
    const auto found = faces().detect(bgr);
    m.faces = int(found.size());
    if (!found.empty()) {
        const photo::Face& f = found.front();
        m.eye_y = f.eye_line_y();
        m.face_w = f.jaw_width();
        m.centre_offset = f.centre_x() - bgr.cols / 2.0;
    }
    for (int y = 0; y < bgr.rows && m.crown < 0; ++y)
        for (int x = bgr.cols / 4; x < bgr.cols * 3 / 4; ++x) {
            const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
            const double d = std::sqrt(std::pow(p[0] - backdrop_bgr[0], 2) + std::pow(p[1] - backdrop_bgr[1], 2) +
                                       std::pow(p[2] - backdrop_bgr[2], 2));
            if (d > 60) {
                m.crown = y;
                break;
            }
        }
    cv::Scalar mean, sd;
    cv::meanStdDev(bgr(cv::Rect(0, 0, bgr.cols, 8)), mean, sd);
    m.top_strip_distance = cv::norm(mean - backdrop_bgr);
    m.top_strip_sd = std::max({sd[0], sd[1], sd[2]});
    return m;
}

}  // namespace test
