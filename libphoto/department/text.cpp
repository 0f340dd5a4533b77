// Text helpers for untrusted bytes (text.hpp).
#include "libphoto/department/text.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string_view>

#include "libphoto/core/error.hpp"

namespace photo {

namespace text {
namespace {

constexpr char32_t kMaxCodepoint = 0x10FFFF;
constexpr char32_t kSurrogateFirst = 0xD800, kSurrogateLast = 0xDFFF;
constexpr char32_t kFullWidthFirst = 0xFF01, kFullWidthLast = 0xFF5E;
constexpr char32_t kFullWidthOffset = 0xFF01 - 0x21;  // U+FF01 is the full-width '!'
constexpr char32_t kIdeographicSpace = 0x3000, kNoBreakSpace = 0x00A0, kZeroWidthNoBreak = 0xFEFF;

// Decodes one code point at `i` and advances. Invalid or truncated sequences, overlong forms
// and surrogates give U+FFFD and advance one byte, so the next character is still found.
char32_t next_codepoint(const std::string& s, std::size_t& i, bool& ok) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    ok = true;
    if (b0 < 0x80) { ++i; return b0; }
    std::size_t len = 0;
    char32_t cp = 0, min = 0;
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; min = 0x10000; }
    ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        ok = (b & 0xC0) == 0x80;
        cp = (cp << 6) | (b & 0x3F);
    }
    ok = ok && cp >= min && cp <= kMaxCodepoint && !(cp >= kSurrogateFirst && cp <= kSurrogateLast);
    if (!ok) { ++i; return kReplacement; }
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

}  // namespace

bool valid_utf8(const std::string& bytes) {
    bool ok = true;
    for (std::size_t i = 0; i < bytes.size() && ok;) next_codepoint(bytes, i, ok);
    return ok;
}

std::u32string decode_utf8(const std::string& bytes) {
    std::u32string out;
    bool ok = true;
    for (std::size_t i = 0; i < bytes.size();) out += next_codepoint(bytes, i, ok);
    return out;
}

std::string encode_utf8(const std::u32string& s) {
    std::string out;
    for (char32_t c : s) append_utf8(out, c <= kMaxCodepoint ? c : kReplacement);
    return out;
}

// iconv from `from` to UTF-8; a sequence iconv rejects becomes U+FFFD and decoding goes on
// one byte later, so a damaged file still yields its good rows.
std::optional<std::string> iconv_to_utf8(const std::string& bytes, const char* from) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out;
    std::array<char, 4096> buf;
    char* in = const_cast<char*>(bytes.data());  // iconv's API is not const-correct
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
        char* dst = buf.data();
        std::size_t dst_left = buf.size();
        const std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
        out.append(buf.data(), buf.size() - dst_left);
        if (rc != static_cast<std::size_t>(-1) || errno == E2BIG) continue;
        append_utf8(out, kReplacement);  // EILSEQ or EINVAL (truncated at the end)
        ++in;
        --in_left;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state
    }
    iconv_close(cd);
    return out;
}

std::string gbk_to_utf8(const std::string& bytes) {
    // GB18030 is a superset of GBK (and of CP936 as Excel writes it); GBK is the fallback
    // for a C library without it.
    if (auto out = iconv_to_utf8(bytes, "GB18030")) return *out;
    if (auto out = iconv_to_utf8(bytes, "GBK")) return *out;
    throw Error(Errc::roster_encoding, "this system's iconv cannot decode GBK");
}

std::string to_half_width(const std::string& utf8, HalfWidth what) {
    std::u32string s = decode_utf8(utf8);
    for (char32_t& c : s) {
        const bool digit = c >= U'０' && c <= U'９';
        if (digit || (what == HalfWidth::ascii && c >= kFullWidthFirst && c <= kFullWidthLast))
            c -= kFullWidthOffset;
        else if (what == HalfWidth::ascii && c == kIdeographicSpace)
            c = U' ';
    }
    return encode_utf8(s);
}

bool is_space(char32_t c) {
    return c == U' ' || (c >= U'\t' && c <= U'\r') || c == kIdeographicSpace ||
           c == kNoBreakSpace || c == kZeroWidthNoBreak;
}

std::string trim(const std::string& utf8) {
    const std::u32string s = decode_utf8(utf8);
    auto first = std::find_if_not(s.begin(), s.end(), is_space);
    auto last = std::find_if_not(s.rbegin(), std::u32string::const_reverse_iterator(first), is_space);
    return encode_utf8(std::u32string(first, last.base()));
}

}  // namespace text

namespace text {
// Encoding
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE", kUtf16BeBom = "\xFE\xFF";

bool starts_with(const std::string& s, std::string_view prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

// GBK Chinese read as UTF-8 almost never forms a valid multi-byte sequence, so a file with
// more valid multi-byte characters than invalid bytes is UTF-8 with a few damaged cells
// (which then show U+FFFD), not GBK: decoding it as GBK would garble every header.
bool mostly_utf8(const std::string& bytes) {
    std::size_t multibyte = 0, invalid = 0;
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t start = i;
        bool ok = true;
        next_codepoint(bytes, i, ok);
        if (!ok) ++invalid;
        else if (i - start > 1) ++multibyte;
    }
    return multibyte > invalid;
}

}  // namespace

std::string table_text_to_utf8(const std::string& bytes, std::string& encoding) {
    if (starts_with(bytes, kUtf8Bom)) {
        encoding = "utf-8-bom";
        const std::string body = bytes.substr(kUtf8Bom.size());
        // Damaged bytes become U+FFFD so no cell carries invalid UTF-8 further.
        return valid_utf8(body) ? body : encode_utf8(decode_utf8(body));
    }
    if (starts_with(bytes, kUtf16LeBom) || starts_with(bytes, kUtf16BeBom)) {
        encoding = "utf-16";
        const char* from = starts_with(bytes, kUtf16LeBom) ? "UTF-16LE" : "UTF-16BE";
        if (auto out = iconv_to_utf8(bytes.substr(kUtf16LeBom.size()), from)) return *out;
        throw Error(Errc::roster_encoding, "this system's iconv cannot decode UTF-16");
    }
    if (valid_utf8(bytes)) {
        encoding = "utf-8";
        return bytes;
    }
    if (mostly_utf8(bytes)) {
        encoding = "utf-8";
        return encode_utf8(decode_utf8(bytes));
    }
    encoding = "gbk";
    return gbk_to_utf8(bytes);
}

}  // namespace text
}  // namespace photo
