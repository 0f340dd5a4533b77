#include "libphoto/render/render.hpp"

#include "libphoto/io/resample.hpp"

namespace photo {

cv::Mat render(const cv::Mat& bgr, double image_scale, const Matte& matte, const FramingPlan& plan,
               cv::Size out_size, const cv::Scalar& background_bgr, const BottomEdge* edge) {
    const cv::Rect2d c = plan.crop;
    const cv::Rect2d image_crop(c.x * image_scale, c.y * image_scale, c.width * image_scale, c.height * image_scale);
    cv::Mat image = resample_crop(bgr, image_crop, out_size, background_bgr);
    // The matte is evaluated for the output pixels only (its coefficients applied to the
    // resampled crop), never at the size of the photo. Of the continued rows as they were
    // copied: the skin they close is person, and the matte's coefficients there are the skin's.
    const cv::Mat alpha = matte_alpha(matte, image, c);
    if (edge) continue_clothing(image, *edge, plan);
    const cv::Mat old_backdrop = matte_backdrop(matte, out_size, c);
    return composite(image, alpha, old_backdrop, background_bgr);
}

}  // namespace photo
