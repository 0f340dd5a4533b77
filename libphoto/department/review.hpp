#pragma once
// review.html: a self-contained contact sheet (thumbnails inlined as data URIs, no network)
// with before/after pictures, a verdict badge and the reasons per student, and a filter by
// status, so a clerk can look over a whole class in one page.
#include <string>
#include <vector>

#include "libphoto/department/manifest.hpp"
#include "libphoto/analysis/preset.hpp"
#include "libphoto/core/lang.hpp"

namespace photo {

std::string review_html(const std::vector<BundleRow>& rows, const Preset& preset, Lang lang);

std::string base64(const std::string& bytes);
std::string html_escape(const std::string& text);

}  // namespace photo
