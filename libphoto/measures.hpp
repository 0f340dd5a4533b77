#pragma once
// Raw image measures of the main face and its surroundings, computed once per photo during
// analysis (the OFIQ pattern: a raw value per measure; the checks hold it against a limit).
// Every measure is taken at a fixed face scale, so a 12 MP photo and a 480x640 one give
// comparable numbers.
#include <optional>

#include <opencv2/core.hpp>

#include "libphoto/backdrop_measures.hpp"
#include "libphoto/face.hpp"
#include "libphoto/matte.hpp"

namespace photo {

struct ImageMeasures {
    // Share of the clothing region below the chin whose colour is within a few delta E
    // (CIE76) of the old backdrop model at the same pixel: clothing the matte cannot tell
    // from the backdrop. nullopt when the photo shows no clothing.
    std::optional<double> clothing_backdrop_share;
    // Mean luminance (0-255) of the two cheek patches, image-left and image-right.
    double cheek_left = 0, cheek_right = 0;
    // Mean luminance of the face (inside the landmark hull), and the shares of its pixels that
    // are blown out (>= 250) or crushed (<= 5).
    double face_luminance = 0, face_blown = 0, face_crushed = 0;
    // Variance of the Laplacian of the face at a fixed face width: blur makes it small.
    double sharpness = 0;
    // Eye openness (lid distance / eye width, both eyes averaged) and mouth opening (inner
    // lip distance / inner mouth width), from the landmarks.
    double eye_openness = 0, mouth_opening = 0;
};

ImageMeasures measure_image(const cv::Mat& bgr, const Face& face, const Matte* matte);

}  // namespace photo
