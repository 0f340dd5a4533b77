#pragma once
// A print: finished photos laid out on photo paper at their exact physical size (a print
// layout of sheet_layout.hpp), with thin grey cut guides around each, so that a person can
// cut them out with scissors. The file records the layout's dpi, so the print shop prints it
// at that size.
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "libphoto/core/bytes.hpp"
#include "libphoto/department/sheet_layout.hpp"

namespace photo {

// The photos of a print, loaded; a file that cannot be used is a (file, reason) problem and
// the others go on.
struct SheetPhotos {
    std::vector<cv::Mat> photos;
    std::vector<std::pair<std::string, std::string>> problems;
};
SheetPhotos load_sheet_photos(const std::vector<std::string>& paths);

// The sheet as pixels: each slot filled by fit_to_box, the photos in turn (one photo fills
// every slot; two alternate). `photos` must not be empty; the layout must be a print.
cv::Mat render_print_sheet(const Layout& layout, const std::vector<cv::Mat>& photos);

// The file: "jpeg" (at the layout's quality, with its dpi in the JFIF header) or "png"
// (lossless). Throws Error(Errc::image_encode).
Bytes encode_print_sheet(const Layout& layout, const cv::Mat& sheet, const std::string& format);

}  // namespace photo
