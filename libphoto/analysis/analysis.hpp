#pragma once
// The analysis of one photo, computed once (as OFIQ's session is): the decoded image, the
// faces with landmarks, the matte and the head measures. Checks, framing and rendering only
// read it; none of them runs detection or matting again.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libphoto/analysis/bottom_edge.hpp"
#include "libphoto/face/face.hpp"
#include "libphoto/io/file_facts.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/matte/matte.hpp"
#include "libphoto/analysis/measures.hpp"

namespace photo {

// Measures of the main head, in pixels of the analysed (working) image.
struct HeadMeasures {
    double crown_y = 0;          // top of the hair
    bool crown_from_matte = true;// false: estimated from the landmarks (matte gave no top)
    bool crown_cut = false;      // the frame's top edge cuts through the head (solid hair there,
                                 // not a few stray wisps), or is nearer the eyes than any head's top
    bool chin_cut = false;       // the chin is at or beyond the frame's bottom edge
    bool side_cut = false;       // a cheek (jaw point 0 or 16) touches or leaves a side of the frame
    double eye_y = 0;            // eye line
    double chin_y = 0;
    double face_width = 0;       // jaw points 0 to 16
    double centre_x = 0;         // face centre
    double roll_degrees = 0;
    double yaw_ratio = 0;
};

struct Analysis {
    std::string source;          // file name, for messages
    std::optional<FileFacts> file;  // facts of the submitted file (format, dpi, quality, ...)
    LoadedImage image;           // the working image (possibly DCT-reduced)
    std::shared_ptr<const Bytes> source_bytes;  // the file, kept when `image` is reduced, so
                                                // render can decode it sharper if it must
    std::vector<Face> faces;     // largest first
    std::optional<Matte> matte;  // computed when there is a face to frame
    std::optional<HeadMeasures> head;
    std::optional<ImageMeasures> measures;  // of the main face and its surroundings
    BackdropMeasures backdrop;              // with or without a face
    std::optional<BottomEdge> bottom_edge;  // skin crossing the bottom edge, for continuing clothing
    // Share of the band around the person's outline, in the window a crop of the main face
    // shows, where the matte's alpha is a guess (unsure_share): person and backdrop too alike
    // there to tell apart. nullopt without a matte or a band in that window.
    std::optional<double> matte_unsure;

    const Face* main_face() const { return faces.empty() ? nullptr : &faces.front(); }
};

struct AnalyseOptions {
    bool matte = true;           // skip when only faces are needed
    double min_face_share = 0;   // faces smaller than this share of the largest face's area
                                 // need not be found (face.count ignores them); 0 = all
};

Analysis analyse(LoadedImage image, const FaceModel& model, const std::string& source,
                 const AnalyseOptions& options = {});

// The whole front of the pipeline for a file: read once, note the file's facts, decode at
// the working size `load`, analyse. Throws Error (io.read, image.*) for unusable files.
Analysis analyse_file(const std::string& path, const FaceModel& model, const LoadOptions& load,
                      const AnalyseOptions& options = {});

// The same for bytes already read (`name` is the file's name, for messages and extension).
// Shared, not copied: the analysis keeps them for a sharper decode (a 12 MP file is ~4 MB).
Analysis analyse_bytes(std::shared_ptr<const Bytes> bytes, const std::string& name, const FaceModel& model,
                       const LoadOptions& load, const AnalyseOptions& options = {});

// Top of the hair: the first row in which the person covers a few pixels of the head's
// column span, or nullopt when the matte holds no head there; and whether the photo's top row
// is solid head over a share of that span (then the frame cuts the head).
struct Crown {
    double y = 0;
    bool cut = false;
};
std::optional<Crown> measure_crown(const Matte& matte, const cv::Mat& bgr, const Face& face);

}  // namespace photo
