#include "libphoto/render.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace photo {

cv::Mat resample_crop(const cv::Mat& src, const cv::Rect2d& crop, cv::Size out_size, const cv::Scalar& fill) {
    const double sx = out_size.width / crop.width, sy = out_size.height / crop.height;
    // An affine map from source to output; INTER_AREA is not available to warpAffine, so a
    // strong reduction is first done by an area resize of the covered part of the image.
    cv::Mat out(out_size, src.type(), fill);
    const cv::Rect2d inside = crop & cv::Rect2d(0, 0, src.cols, src.rows);
    if (inside.width < 1 || inside.height < 1) return out;
    const cv::Rect src_rect(int(std::floor(inside.x)), int(std::floor(inside.y)),
                            int(std::ceil(inside.x + inside.width)) - int(std::floor(inside.x)),
                            int(std::ceil(inside.y + inside.height)) - int(std::floor(inside.y)));
    const cv::Rect clipped = src_rect & cv::Rect(0, 0, src.cols, src.rows);
    cv::Mat part = src(clipped);
    double pre = 1.0;  // how much `part` was shrunk before the affine step
    if (sx < 0.5) {
        pre = sx * 2;  // area-shrink to twice the output density, the affine step does the rest
        cv::resize(part, part, cv::Size(), pre, pre, cv::INTER_AREA);
    }
    const double px = part.cols / double(clipped.width), py = part.rows / double(clipped.height);
    // output = (source - crop.origin) * s; source = clipped.origin + part / p
    cv::Mat m = (cv::Mat_<double>(2, 3) << sx / px, 0, (clipped.x - crop.x) * sx,
                                           0, sy / py, (clipped.y - crop.y) * sy);
    cv::warpAffine(part, out, m, out_size, cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
    return out;
}

cv::Mat render(const cv::Mat& bgr, const Matte& matte, const FramingPlan& plan, cv::Size out_size,
               const cv::Scalar& background_bgr) {
    Matte cropped;
    // Outside the photo there is only backdrop: alpha 0 and the new colour.
    cropped.alpha = resample_crop(matte.alpha, plan.crop, out_size, cv::Scalar(0));
    cropped.backdrop = resample_crop(matte.backdrop, plan.crop, out_size, background_bgr);
    const cv::Mat image = resample_crop(bgr, plan.crop, out_size, background_bgr);
    return composite(image, cropped, background_bgr);
}

}  // namespace photo
