#include "libphoto/core/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace photo {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    const auto lower = [](char c) { return char(std::tolower(static_cast<unsigned char>(c))); };
    const std::size_t n = a.size(), m = b.size();
    // Optimal string alignment: three rows of the dynamic programme are enough.
    std::vector<std::size_t> two_back(m + 1), back(m + 1), row(m + 1);
    for (std::size_t j = 0; j <= m; ++j) back[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const bool same = lower(a[i - 1]) == lower(b[j - 1]);
            row[j] = std::min({back[j] + 1, row[j - 1] + 1, back[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                row[j] = std::min(row[j], two_back[j - 2] + 1);
        }
        std::swap(two_back, back);
        std::swap(back, row);
    }
    return back[m];
}

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
    const std::size_t allowed = word.size() <= 4 ? 1 : word.size() <= 8 ? 2 : word.size() / 4;
    std::string best;
    std::size_t best_distance = allowed + 1;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_distance) best = c, best_distance = d;
    }
    return best;
}

std::string unknown_name_message(const std::string& kind, const std::string& given, const std::vector<std::string>& known,
                                 const std::string& list_command) {
    const std::string near = closest(given, known);
    std::string list;
    for (const auto& id : known) list += (list.empty() ? "" : ", ") + id;
    return "no " + kind + " named '" + given + "'" + (near.empty() ? "" : ": did you mean '" + near + "'?") + " (" + kind +
           "s: " + list + "; `" + list_command + "` describes them)";
}

}  // namespace photo
