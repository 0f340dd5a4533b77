#pragma once
// Raw image measures of the main face and its surroundings, computed once per photo during
// analysis (the OFIQ pattern: a raw value per measure; the checks hold it against a limit).
// Every measure is taken at a fixed face scale, so a 12 MP photo and a 480x640 one give
// comparable numbers.
#include <array>
#include <optional>

#include <opencv2/core.hpp>

#include "libphoto/analysis/backdrop_measures.hpp"
#include "libphoto/face/face.hpp"
#include "libphoto/matte/matte.hpp"

namespace photo {

struct ImageMeasures {
    // Share of the clothing region below the chin whose colour is within a few delta E
    // (CIE76) of the old backdrop model at the same pixel: clothing the matte cannot tell
    // from the backdrop. nullopt when the photo shows no clothing.
    std::optional<double> clothing_backdrop_share;
    // Mean luminance (0-255) of the two cheek patches, image-left and image-right.
    double cheek_left = 0, cheek_right = 0;
    // Mean luminance of the face (inside the landmark hull), and the share of its pixels at
    // each luminance 0-255: what counts as blown out or crushed is the preset's
    // (capture.blown_level, crushed_level), read with share_at_least / share_at_most.
    double face_luminance = 0;
    std::array<double, 256> face_histogram{};
    double share_at_least(int level) const;
    double share_at_most(int level) const;
    // Variance of the Laplacian of the face at a fixed face width: blur makes it small.
    double sharpness = 0;
    // Eye openness (lid distance / eye width, both eyes averaged) and mouth opening (inner
    // lip distance / inner mouth width), from the landmarks.
    double eye_openness = 0, mouth_opening = 0;
};

ImageMeasures measure_image(const cv::Mat& bgr, const Face& face, const Matte* matte);

}  // namespace photo
