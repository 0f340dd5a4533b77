#include "libphoto/render/report.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "libphoto/core/error.hpp"
#include "libphoto/core/json.hpp"

namespace photo {

const std::string& message(const CheckResult& c, Lang lang) {
    return lang == Lang::en ? c.message_en : c.message_zh;
}

std::string checks_json(const std::vector<CheckResult>& checks, Lang lang) {
    std::vector<std::string> items;
    for (const auto& c : checks) {
        json::Object jc;
        jc.str("id", c.id).str("group", to_string(c.group)).str("status", to_string(c.status));
        jc.num("value", c.value, 3).str("limit", c.limit).str("message", message(c, lang));
        items.push_back(jc.dump());
    }
    return json::array(items);
}

std::string error_code_of(const std::exception& e) {
    const auto* error = dynamic_cast<const Error*>(&e);
    return error ? error->code() : "internal";
}

std::string check_json(const std::string& file, const std::vector<CheckResult>& checks, const std::string& error,
                       Lang lang, const std::string& error_code) {
    json::Object o;
    o.str("file", file);
    o.str("verdict", error.empty() ? to_string(verdict_of(checks)) : "error");
    if (!error.empty()) o.str("error", error);
    if (!error.empty() && !error_code.empty()) o.str("error_code", error_code);
    o.raw("checks", checks_json(checks, lang));
    return o.dump();
}

std::string continuation_note(const FramingPlan& plan, Lang lang) {
    const double rows = plan.bottom_overflow_px;
    if (rows < 0.5) return "";
    const double invented = plan.continued_invented_share * 100;
    if (lang == Lang::zh)
        return invented >= 0.5 ? fmt::format("底部衣服向下延续 {:.0f} px，其中 {:.0f}% 为补画（领口处的皮肤）：请核对", rows, invented)
                               : fmt::format("底部衣服向下延续 {:.0f} px", rows);
    return invented >= 0.5 ? fmt::format("clothing continued {:.0f} px below the photo, {:.0f}% of it invented over "
                                         "skin at the neckline: check it", rows, invented)
                           : fmt::format("clothing continued {:.0f} px below the photo", rows);
}

std::string make_json(const std::string& file, const std::string& output, const MakeResult* r,
                      const std::string& error, Lang lang, const std::string& error_code) {
    json::Object o;
    o.str("file", file);
    const bool made = r && r->made();
    o.raw("output", made ? json::quote(output) : "null");
    o.str("status", !error.empty() ? "error" : made ? "ok" : "retake");
    o.raw("reasons", json::string_array(r ? r->reasons : std::vector<std::string>{}));
    if (!error.empty()) o.str("error", error);
    if (!error.empty() && !error_code.empty()) o.str("error_code", error_code);
    if (r && r->plan) {
        json::Object crop;
        crop.num("x", r->crop_original.x, 1).num("y", r->crop_original.y, 1);
        crop.num("w", r->crop_original.width, 1).num("h", r->crop_original.height, 1);
        crop.num("scale", r->scale_original, 4);
        o.raw("crop", crop.dump());
        const OutputMeasures& m = r->plan->measures;
        json::Object measures;
        measures.num("crown_px", m.crown_px, 1).num("eye_line_px", m.eye_line_px, 1);
        measures.num("face_width_px", m.face_width_px, 1).num("center_offset_px", m.centre_offset_px, 1);
        measures.num("band_margin", r->plan->margin, 3).num("continued_below_px", r->plan->bottom_overflow_px, 1);
        measures.num("continued_invented_share", r->plan->continued_invented_share, 3);
        o.raw("measures", measures.dump());
    }
    if (made) {
        json::Object f;
        f.num("bytes", double(r->jpeg->bytes.size()), 0).num("quality", r->jpeg->quality, 0);
        f.raw("size_in_range", r->jpeg->size_in_range ? "true" : "false");
        o.raw("jpeg", f.dump());
    }
    if (r) o.raw("checks", checks_json(r->checks, lang));
    return o.dump();
}

}  // namespace photo
