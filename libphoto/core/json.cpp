#include "libphoto/core/json.hpp"

#include <cmath>
#include <cstdio>

#include <fmt/format.h>

namespace photo::json {

namespace {
// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
size_t utf8_length(const std::string& s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
    return n;
}
}  // namespace

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
            ++i;
        } else if (c < 0x20) {
            out += fmt::format("\\u{:04x}", c);
            ++i;
        } else if (const size_t n = utf8_length(s, i)) {
            out.append(s, i, n);
            i += n;
        } else {
            out += "\\ufffd";  // not UTF-8: keep the output valid JSON
            ++i;
        }
    }
    return out + "\"";
}

std::string number(double v, int decimals) {
    if (!std::isfinite(v)) return "null";
    std::string s = fmt::format("{:.{}f}", v, decimals);
    if (s.find('.') != std::string::npos) {  // 250.00 -> 250, 1.50 -> 1.5
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

void Object::key(const std::string& k) {
    if (!body_.empty()) body_ += ',';
    body_ += quote(k) + ':';
}

Object& Object::str(const std::string& k, const std::string& v) {
    key(k);
    body_ += quote(v);
    return *this;
}

Object& Object::num(const std::string& k, double v, int decimals) {
    key(k);
    body_ += number(v, decimals);
    return *this;
}

Object& Object::num(const std::string& k, std::optional<double> v, int decimals) {
    key(k);
    body_ += v ? number(*v, decimals) : "null";
    return *this;
}

Object& Object::raw(const std::string& k, const std::string& j) {
    key(k);
    body_ += j;
    return *this;
}

std::string array(const std::vector<std::string>& values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
    return out + "]";
}

std::string string_array(const std::vector<std::string>& values) {
    std::vector<std::string> quoted;
    for (const auto& v : values) quoted.push_back(quote(v));
    return array(quoted);
}

}  // namespace photo::json
