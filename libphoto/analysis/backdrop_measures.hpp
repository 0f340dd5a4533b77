#pragma once
// Raw measures of the backdrop behind the person, computed once per photo during analysis;
// background.uniform holds them against the preset's limits. The backdrop must be the real
// one: the matte knows one backdrop colour, so a poster, a door or a flag's stars beside the
// head come out of it as "person" and would stay in the photo when the backdrop is replaced.
// With a face, the person is therefore what the matte calls person inside the outline a head
// and shoulders can have (silhouette.hpp), and the scene is judged in the window a crop shows.
#include <optional>

#include <opencv2/core.hpp>

#include "libphoto/face/face.hpp"
#include "libphoto/matte/matte.hpp"

namespace photo {

// The backdrop, measured with or without a face: a busy scene must be called busy even when
// no face was found in it.
struct BackdropMeasures {
    // Mean luminance gradient (grey levels per pixel at a fixed image width) over the backdrop,
    // after a blur that removes sensor noise: clutter and texture are high, smooth fall-off
    // low. With a face, the backdrop is everything in the window a crop can show
    // (silhouette.hpp) except the person: what the matte calls backdrop, and what it calls
    // person but is not the person (see intrusion). Without a matte, the top and
    // upper side strips where a portrait has none of the person.
    std::optional<double> gradient;
    // Share of the photo the matte calls person; near 1 when no backdrop could be found.
    std::optional<double> person_share;
    // Share of that window covered by what the matte calls person but is not the person:
    // outside the outline a head and shoulders can have, or beside and above the head but not
    // joined to the face. Things that are not the backdrop's colour (a poster, a door frame,
    // a flag's stars, lettering, another person) and would stay in the photo when the backdrop
    // is replaced. nullopt without a face and a matte.
    std::optional<double> intrusion;
    // Total length, in jaw widths, of the long straight edges beside and above the head
    // (outside the face, above the chin, in the crop window): door and picture frames,
    // shelves, lettering, a banner's border. A head, its hair and its ears have none; a plain
    // wall, light fall-off and a soft shadow neither. nullopt without a face.
    std::optional<double> straight_edges;
    // The same for the side strips alone: the crown may reach the top of a tight photo (make
    // adds backdrop above it), but a head is narrower than any ID photo, so what reaches
    // the sides above the eyes is the scene. nullopt without a face.
    std::optional<double> side_backdrop;
    // Total length, in jaw widths, of the sharp edges inside the backdrop beside and above
    // the head (away from the person's outline, in the crop window): a flag's stars, a
    // banner's lettering, a lamp, a picture's contents. Smaller than intrusion can see and of
    // any shape, unlike straight_edges; a plain wall, its fall-off, a soft shadow and sensor
    // noise (blurred away) have none. nullopt without a face and a matte.
    std::optional<double> backdrop_edges;
    // Share of the photo's top strip and of its side strips down to the eye line that the
    // matte calls backdrop: near 1 in front of a plain wall (only hair may reach the edges),
    // low where a scene behind the head reaches the frame. nullopt without a face.
    std::optional<double> frame_backdrop;
    // Mean colour (BGR) of the backdrop in the top strip of the photo.
    cv::Scalar top_colour;
};

// `face` (with `matte`) restricts the measures to what a crop of that face shows.
BackdropMeasures measure_backdrop(const cv::Mat& bgr, const Matte* matte, const Face* face = nullptr);

}  // namespace photo
