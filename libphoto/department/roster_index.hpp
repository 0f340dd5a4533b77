#pragma once
// A roster looked up in constant time: by 学号, by 身份证号 and by name as the file-name
// matcher compares names (naming.hpp, same_name). Built once per run; a bundle that asked
// the roster's every row about every file was quadratic (issue #15: a 200k-row roster and
// one unmatched file did not finish in 30 s).
#include <string>
#include <unordered_map>
#include <vector>

#include "libphoto/department/roster.hpp"

namespace photo {

class RosterIndex {
public:
    // Keeps pointers into roster.students: the roster must outlive the index, unchanged.
    explicit RosterIndex(const Roster& roster);

    const Roster& roster() const { return roster_; }
    // As Roster::find and Roster::find_id_number: the first student with it, or nullptr.
    const Student* find(const std::string& student_id) const;
    const Student* find_id_number(const std::string& id_number) const;
    // The one student whose name same_name() calls equal to `name`; nullptr when no student
    // or several have it (two students sharing a name get no guess).
    const Student* only_with_name(const std::string& name) const;
    // Whether some student's 学号 has this many characters. A run of digits of a length no
    // 学号 has is a date or a counter (IMG_20240512_093012.jpg), not a student number.
    bool has_student_id_length(std::size_t length) const;

private:
    using Students = std::vector<const Student*>;  // at most two: enough to tell "several"
    using ByName = std::unordered_map<std::u32string, Students>;
    static void add(ByName& map, const std::u32string& key, const Student* s);

    const Roster& roster_;
    std::unordered_map<std::string, const Student*> by_id_, by_id_number_;
    std::vector<bool> id_lengths_;  // [n]: some 学号 has n characters
    // same_name's two forms (naming.hpp, NameKeys): a file's name may equal either.
    ByName by_joined_name_, by_sorted_name_;
};

}  // namespace photo
