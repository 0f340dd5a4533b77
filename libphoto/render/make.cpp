#include "libphoto/render/make.hpp"

#include <algorithm>
#include <cmath>

#include "libphoto/core/error.hpp"
#include "libphoto/render/render.hpp"

namespace photo {

NamedColor resolve_background(const Preset& preset, const std::string& name_or_hex) {
    if (name_or_hex.empty()) return preset.backgrounds.front();
    if (const NamedColor* c = preset.background(name_or_hex)) return *c;
    if (const auto bgr = parse_hex_color(name_or_hex)) return {name_or_hex, *bgr, name_or_hex};
    std::string names;
    for (const auto& c : preset.backgrounds) names += (names.empty() ? "" : ", ") + c.name;
    throw Error(Errc::usage_background, "unknown background '" + name_or_hex + "': use one of " + names +
                                        " or a colour like #64C5FF");
}

MakeResult make_photo(const Analysis& a, const Preset& preset, const MakeOptions& options) {
    const NamedColor background = resolve_background(preset, options.background);
    MakeResult r;
    r.plan = plan_framing(a, preset);
    // Only capture checks decide: whatever the submission checks find, make fixes.
    r.checks = run_checks({a, preset, r.plan}, CheckGroup::capture);
    accept_checks(r.checks, options.accept, options.accept_note);
    for (const auto& c : r.checks)
        if (c.status == CheckStatus::fail) r.reasons.push_back(c.id);
    if (!r.reasons.empty()) return r;
    if (!r.plan || !a.matte) {
        // Accepted checks cannot give make what it needs to frame: a face to place and a
        // person to cut out. Name them as still deciding.
        for (const auto& c : r.checks)
            if (c.status == CheckStatus::accepted) r.reasons.push_back(c.id);
        if (r.reasons.empty()) r.reasons.push_back("face.count");
        return r;
    }

    const FramingPlan& plan = *r.plan;
    const double s = a.image.scale;
    r.crop_original = cv::Rect2d(plan.crop.x / s, plan.crop.y / s, plan.crop.width / s, plan.crop.height / s);
    r.scale_original = plan.scale * s;

    // Enlarging a reduced decode would throw away detail the file has: decode it sharper.
    cv::Mat source = a.image.bgr;
    double source_scale = 1;
    if (plan.scale > 1 && a.image.scale < 1 && a.source_bytes) {
        LoadOptions sharper;
        sharper.min_long_side = int(std::ceil(std::max(a.image.bgr.cols, a.image.bgr.rows) * plan.scale));
        source = decode_image(*a.source_bytes, sharper).bgr;
        source_scale = double(source.cols) / a.image.bgr.cols;
    }
    const cv::Mat photo = render(source, source_scale, *a.matte, plan, {preset.width, preset.height}, background.bgr,
                                 a.bottom_edge ? &*a.bottom_edge : nullptr);
    EncodeOptions enc;
    enc.dpi = preset.dpi;
    enc.quality_floor = preset.quality_min;
    enc.min_bytes = std::size_t(preset.kb_min * 1024);
    enc.max_bytes = std::size_t(preset.kb_max * 1024);
    enc.comment = options.comment;
    r.jpeg = encode_jpeg_sized(photo, enc);
    return r;
}

}  // namespace photo
