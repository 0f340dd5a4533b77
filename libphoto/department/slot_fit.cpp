#include "libphoto/department/slot_fit.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "libphoto/io/resample.hpp"

namespace photo {

cv::Rect top_crop(cv::Size image, cv::Size box) {
    // Compare w/h ratios exactly in integers: image.w * box.h vs box.w * image.h.
    const long long iw_bh = 1LL * image.width * box.height, bw_ih = 1LL * box.width * image.height;
    if (iw_bh > bw_ih) {  // the image is wider: keep the full height, cut both sides alike
        const int w = std::clamp(int(std::lround(double(bw_ih) / box.height)), 1, image.width);
        return {(image.width - w) / 2, 0, w, image.height};
    }
    const int h = std::clamp(int(std::lround(double(iw_bh) / box.width)), 1, image.height);
    return {0, 0, image.width, h};  // taller: keep the top, cut the bottom (clothing)
}

cv::Mat fit_to_box(const cv::Mat& bgr, cv::Size box) {
    if (bgr.size() == box) return bgr.clone();  // a CHSI photo on a CHSI slot: its own pixels
    const cv::Mat part = bgr(top_crop(bgr.size(), box)).clone();  // resize_area reads whole rows
    cv::Mat out;
    if (part.cols >= box.width && part.rows >= box.height)
        resize_area(part, out, box);
    else
        cv::resize(part, out, box, 0, 0, cv::INTER_CUBIC);
    return out;
}

}  // namespace photo
