#pragma once
// "Did you mean ...?": the candidate nearest a mistyped word (a subcommand, an option, a
// preset name), for messages that say what to do next.
#include <string>
#include <vector>

namespace photo {

// Edit distance (insertions, deletions, substitutions, adjacent swaps) between two ASCII
// words, case-insensitive.
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate nearest `word`, or "" when none is near enough to be a slip of the fingers
// (at most 1 edit for words of up to 4 letters, 2 up to 8, else a quarter of the length).
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

// The message for a name that is none of `known`: "no preset named 'chs': did you mean 'chsi'?
// (presets: chsi, passport; `idphoto presets` describes them)". `kind` is "preset" or "layout".
std::string unknown_name_message(const std::string& kind, const std::string& given, const std::vector<std::string>& known,
                                 const std::string& list_command);

}  // namespace photo
