#include "libphoto/department/review.hpp"

#include <map>

#include <fmt/format.h>

#include "libphoto/department/manifest.hpp"

namespace photo {

std::string base64(const std::string& in) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = unsigned(uint8_t(in[i])) << 16 | unsigned(uint8_t(in[i + 1])) << 8 | uint8_t(in[i + 2]);
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
    }
    if (i < in.size()) {
        const unsigned v = unsigned(uint8_t(in[i])) << 16 | (i + 1 < in.size() ? unsigned(uint8_t(in[i + 1])) << 8 : 0u);
        out += {table[v >> 18], table[(v >> 12) & 63], i + 1 < in.size() ? table[(v >> 6) & 63] : '=', '='};
    }
    return out;
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {
std::string img(const std::string& jpeg, const char* alt) {
    if (jpeg.empty()) return fmt::format("<div class=\"none\">{}</div>", alt);
    return fmt::format("<img alt=\"{}\" src=\"data:image/jpeg;base64,{}\">", alt, base64(jpeg));
}

}  // namespace

std::string review_html(const std::vector<BundleRow>& rows, const Preset& preset, Lang lang) {
    const bool zh = lang == Lang::zh;
    std::map<RowStatus, int> counts;
    for (const auto& r : rows) ++counts[r.status];
    std::string buttons = fmt::format("<button data-f=\"all\" class=\"on\">{} ({})</button>", zh ? "全部" : "all", rows.size());
    for (const auto& [status, n] : counts)
        buttons += fmt::format("<button data-f=\"{}\">{} ({})</button>", to_string(status), label(status, lang), n);
    std::string cards;
    for (const auto& r : rows) {
        cards += fmt::format(
            "<div class=\"card {0}\" data-status=\"{0}\"><div class=\"pics\">{1}{2}</div>"
            "<div class=\"who\">{3} {4}</div><span class=\"badge {0}\">{5}</span>"
            "<div class=\"why\">{6}</div>{8}<div class=\"src\">{7}</div></div>\n",
            to_string(r.status), img(r.before_jpeg, zh ? "原图" : "before"), img(r.after_jpeg, zh ? "结果" : "after"),
            html_escape(r.student_id), html_escape(r.name), label(r.status, lang), html_escape(r.reason),
            html_escape(r.source),
            r.continued.empty() ? "" : "<div class=\"band\">" + html_escape(r.continued) + "</div>");
    }
    return fmt::format(R"(<!doctype html>
<html lang="{0}"><head><meta charset="utf-8"><title>{1}</title>
<style>
body{{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;margin:16px;background:#f6f7f9}}
.bar button{{margin:2px;padding:4px 10px;border:1px solid #999;background:#fff;border-radius:4px;cursor:pointer}}
.bar button.on{{background:#333;color:#fff}}
.grid{{display:flex;flex-wrap:wrap;gap:10px;margin-top:12px}}
.card{{background:#fff;border-radius:6px;padding:8px;width:270px;box-shadow:0 1px 3px #0002}}
.pics{{display:flex;gap:4px;height:160px}} .pics img{{height:160px}}
.none{{width:120px;height:160px;background:#eee;color:#888;display:flex;align-items:center;justify-content:center}}
.band{{font-size:12px;color:#8a5a00}} .who{{font-weight:bold;margin-top:4px}} .why{{font-size:13px;color:#444}} .src{{font-size:11px;color:#888;word-break:break-all}}
.badge{{display:inline-block;padding:1px 8px;border-radius:9px;color:#fff;font-size:12px;background:#777}}
.badge.ready{{background:#2a8a3a}} .badge.fixed{{background:#2a6fb0}} .badge.retake,.badge.error,.badge.unreadable{{background:#c0392b}}
.badge.missing,.badge.name_mismatch,.badge.unmatched{{background:#d68910}}
</style></head><body>
<h1>{1}</h1><p>{2}</p>
<div class="bar">{3}</div>
<div class="grid">
{4}</div>
<script>
document.querySelectorAll('.bar button').forEach(function(b){{b.onclick=function(){{
  document.querySelectorAll('.bar button').forEach(function(x){{x.classList.remove('on')}});b.classList.add('on');
  var f=b.getAttribute('data-f');
  document.querySelectorAll('.card').forEach(function(c){{c.style.display=(f==='all'||c.getAttribute('data-status')===f)?'':'none'}});
  if(history.replaceState)history.replaceState(null,'','#'+f);
}}}});
// review.html#retake opens with that filter applied (a link a clerk can send).
var start=document.querySelector('.bar button[data-f="'+location.hash.slice(1)+'"]');if(start)start.click();
</script></body></html>
)",
                       zh ? "zh" : "en", zh ? "照片审核" : "Photo review", html_escape(preset.name + " · " + preset.name_en),
                       buttons, cards);
}

}  // namespace photo
