// File-name parsing works on code points: the name is folded to half-width, known noise
// (copy marks, "毕业照", literal placeholders such as "学号") is blanked out, and what remains
// is cut into digit, Latin and Han runs from which the 学号, 身份证号 and 姓名 are chosen.
#include "libphoto/department/naming.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "libphoto/core/error.hpp"
#include "libphoto/department/naming_chars.hpp"

namespace photo {
namespace {

using namespace naming_chars;

constexpr std::size_t kMinStudentIdDigits = 6, kMaxStudentIdDigits = 14;  // CHSI.md §4
constexpr std::size_t kIdNumberLength = 18;
constexpr std::size_t kMaxCommonNameChars = 4;  // Han names without a middle dot: 2-4 characters
constexpr std::size_t kMinNameChars = 2;        // one character is a stray, not a name
constexpr std::size_t kMaxCopyNumberDigits = 3; // "(1)" .. "(999)" are copy marks
constexpr std::size_t kMaxExtensionChars = 5;   // ".jpeg", ".heic"; longer is part of the name

// ---------------------------------------------------------------------------------------
// Clean-up before tokenising

std::string last_component(const std::string& path) {
    const auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool known_image_extension(const U32& ext) {
    static const std::array<U32, 11> known = {U"jpg", U"jpeg", U"jpe", U"png", U"heic", U"heif",
                                              U"webp", U"bmp", U"tif", U"tiff", U"gif"};
    return std::find(known.begin(), known.end(), lower(ext)) != known.end();
}

// Removes image extensions (also doubled ones, "a.jpg.jpg"), or else one short extension
// with a letter in it, so "16307110000.张三" keeps its name.
U32 strip_extension(U32 s) {
    bool stripped = false;
    for (auto dot = s.rfind(U'.'); dot != U32::npos; dot = s.rfind(U'.')) {
        const U32 ext = s.substr(dot + 1);
        const bool short_alnum = !ext.empty() && ext.size() <= kMaxExtensionChars &&
                                 std::all_of(ext.begin(), ext.end(), [](char32_t c) { return is_digit(c) || is_latin(c); }) &&
                                 std::any_of(ext.begin(), ext.end(), is_latin);
        if (!known_image_extension(ext) && (stripped || !short_alnum)) break;
        s.erase(dot);
        stripped = true;
    }
    return s;
}

// Replaces every occurrence of `word` (ASCII case-insensitively) with a space; true if any.
bool blank_out(U32& s, const U32& word, bool whole_latin_word = false) {
    bool found = false;
    const U32 low = lower(s);
    for (auto at = low.find(word); at != U32::npos; at = low.find(word, at + word.size())) {
        const bool left_ok = at == 0 || !is_latin(low[at - 1]);
        const bool right_ok = at + word.size() >= low.size() || !is_latin(low[at + word.size()]);
        if (whole_latin_word && !(left_ok && right_ok)) continue;
        std::fill(s.begin() + at, s.begin() + at + word.size(), U' ');
        found = true;
    }
    return found;
}

// "(1)", "[2]", "【3】" after folding: the marks Windows, macOS and WeChat add to copies.
bool blank_copy_numbers(U32& s) {
    static const std::array<std::pair<char32_t, char32_t>, 3> brackets = {
        {{U'(', U')'}, {U'[', U']'}, {U'【', U'】'}}};
    bool found = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        for (const auto& [open, close] : brackets) {
            if (s[i] != open) continue;
            std::size_t j = i + 1;
            while (j < s.size() && is_digit(s[j])) ++j;
            const std::size_t digits = j - i - 1;
            if (digits == 0 || digits > kMaxCopyNumberDigits || j >= s.size() || s[j] != close) continue;
            std::fill(s.begin() + i, s.begin() + j + 1, U' ');
            found = true;
        }
    }
    return found;
}

// Returns whether a copy mark was there.
bool blank_noise(U32& s) {
    bool copy = blank_copy_numbers(s);
    for (const U32& w : {U32(U"的副本"), U32(U"副本")}) copy = blank_out(s, w) || copy;
    copy = blank_out(s, U"copy", true) || copy;
    blank_out(s, U"of", true);  // "Copy of 张三" (older Windows and Mac in English)
    // Words describing the photo, and the field labels people type literally ("学号+姓名"),
    // longest first so "身份证号码" goes before "身份证".
    static const std::array<U32, 20> noise = {
        U"毕业照", U"证件照", U"学位照", U"学历照", U"登记照", U"照片", U"相片", U"蓝底",
        U"白底", U"微信图片", U"屏幕截图", U"截图", U"图片", U"身份证号码", U"身份证号",
        U"身份证", U"考生号", U"学号", U"姓名", U"名字"};
    for (const U32& w : noise) blank_out(s, w);
    return copy;
}

// ---------------------------------------------------------------------------------------
// Tokens

enum class Kind { digits, latin, han };

struct Token {
    Kind kind;
    U32 text;
};

// A Han run may contain a middle dot between two Han characters (买买提·艾力).
std::size_t han_run_end(const U32& s, std::size_t i) {
    while (i < s.size()) {
        if (is_han(s[i])) ++i;
        else if (is_name_dot(s[i]) && i + 1 < s.size() && is_han(s[i + 1]) && i > 0 && is_han(s[i - 1])) ++i;
        else break;
    }
    return i;
}

// A Latin run may contain an apostrophe or hyphen between letters (O'Brien, Jean-Pierre).
std::size_t latin_run_end(const U32& s, std::size_t i) {
    while (i < s.size()) {
        const bool joiner = (s[i] == U'\'' || s[i] == U'-') && i + 1 < s.size() && is_latin(s[i + 1]);
        if (is_latin(s[i]) || (joiner && i > 0 && is_latin(s[i - 1]))) ++i;
        else break;
    }
    return i;
}

bool valid_id_number_u32(const U32& s) {
    std::string ascii(s.begin(), s.end());  // only digits and X reach here
    return valid_id_number(ascii);
}

// 17 digits followed by X are one 身份证号 token, unless the X starts a Latin word and the
// number is invalid with it ("...002Xiaoming" keeps "Xiaoming" only when that is likelier).
std::size_t digit_run_end(const U32& s, std::size_t i, std::size_t start) {
    while (i < s.size() && is_digit(s[i])) ++i;
    const bool x_follows = i < s.size() && (s[i] == U'X' || s[i] == U'x');
    if (!x_follows || i - start != kIdNumberLength - 1) return i;
    const bool word_follows = i + 1 < s.size() && is_latin(s[i + 1]);
    const U32 candidate = s.substr(start, i - start) + U'X';
    return (!word_follows || valid_id_number_u32(candidate)) ? i + 1 : i;
}

std::vector<Token> tokenise(const U32& s) {
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t end = i;
        Kind kind = Kind::digits;
        if (is_digit(s[i])) end = digit_run_end(s, i, i);
        else if (is_latin(s[i])) { kind = Kind::latin; end = latin_run_end(s, i); }
        else if (is_han(s[i])) { kind = Kind::han; end = han_run_end(s, i); }
        if (end == i) { ++i; continue; }  // a separator
        tokens.push_back({kind, s.substr(i, end - i)});
        i = end;
    }
    return tokens;
}

// ---------------------------------------------------------------------------------------
// Choosing the fields


constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::size_t find_id_number(const std::vector<Token>& tokens) {
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i].kind == Kind::digits && tokens[i].text.size() == kIdNumberLength) return i;
    return kNone;
}

std::string id_number_text(U32 id) {
    if (id.back() == U'x') id.back() = U'X';
    return to_utf8(id);
}

// The longest run of 6-14 digits, the first on ties.
std::size_t find_student_id(const std::vector<Token>& tokens) {
    std::size_t best = kNone;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::size_t n = tokens[i].text.size();
        const bool fits = tokens[i].kind == Kind::digits && n >= kMinStudentIdDigits && n <= kMaxStudentIdDigits;
        if (fits && (best == kNone || n > tokens[best].text.size())) best = i;
    }
    return best;
}

bool has_dot(const U32& s) { return std::any_of(s.begin(), s.end(), is_name_dot); }

std::size_t distance(std::size_t a, std::size_t b) { return a > b ? a - b : b - a; }

// A Han name: a run of 2-4 characters or one with a middle dot, the one nearest the id
// (people put the name next to the 学号; "2021级计算机1班 16307110000 张三" has other runs),
// else the first. Failing that the longest run of 2 or more: an unusual name still reaches
// the roster check rather than vanishing.
std::string pick_han_name(const std::vector<Token>& tokens, std::size_t anchor) {
    std::size_t best = kNone, longest = kNone;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const U32& t = tokens[i].text;
        if (tokens[i].kind != Kind::han || t.size() < kMinNameChars) continue;
        if (t.size() <= kMaxCommonNameChars || has_dot(t)) {
            const bool nearer = anchor != kNone && best != kNone && distance(i, anchor) < distance(best, anchor);
            if (best == kNone || nearer) best = i;
        } else if (longest == kNone || t.size() > tokens[longest].text.size()) {
            longest = i;
        }
    }
    if (best == kNone) best = longest;
    return best == kNone ? "" : to_utf8(tokens[best].text);
}

// Words camera and chat apps put in file names, which are nobody's name.
bool latin_noise(const U32& word) {
    static const std::array<U32, 12> noise = {U"img", U"dsc", U"dscn", U"dcim", U"photo", U"pic",
                                              U"image", U"wechat", U"mmexport", U"screenshot",
                                              U"wx", U"id"};
    return std::find(noise.begin(), noise.end(), lower(word)) != noise.end();
}

std::string pick_latin_name(const std::vector<Token>& tokens) {
    U32 name;
    std::size_t letters = 0;
    for (const Token& t : tokens) {
        if (t.kind != Kind::latin || latin_noise(t.text)) continue;
        if (!name.empty()) name += U' ';
        name += t.text;
        letters += t.text.size();
    }
    return letters >= kMinNameChars ? to_utf8(name) : "";
}

// A file name that is not UTF-8 comes from a GBK zip; without GBK in iconv (never on glibc)
// its bad bytes become U+FFFD rather than an exception.
std::string gbk_or_replaced(const std::string& bytes) {
    try {
        return text::gbk_to_utf8(bytes);
    } catch (const Error&) {
        return text::encode_utf8(text::decode_utf8(bytes));
    }
}

}  // namespace

ParsedName parse_photo_name(const std::string& file_name) {
    // Decode before splitting: a GBK trail byte can be 0x5C, the backslash.
    const std::string utf8 = text::valid_utf8(file_name) ? file_name : gbk_or_replaced(file_name);
    const std::string base = text::to_half_width(last_component(utf8), text::HalfWidth::ascii);
    U32 s = strip_extension(text::decode_utf8(base));

    ParsedName parsed;
    parsed.copy_suffix = blank_noise(s);
    const std::vector<Token> tokens = tokenise(s);
    const std::size_t id_number = find_id_number(tokens), student_id = find_student_id(tokens);
    if (id_number != kNone) parsed.id_number = id_number_text(tokens[id_number].text);
    if (student_id != kNone) parsed.student_id = to_utf8(tokens[student_id].text);
    parsed.name = pick_han_name(tokens, student_id != kNone ? student_id : id_number);
    if (parsed.name.empty()) parsed.name = pick_latin_name(tokens);
    return parsed;
}

}  // namespace photo
