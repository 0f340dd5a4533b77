#include "libphoto/department/roster_index.hpp"

#include <algorithm>

#include "libphoto/department/naming.hpp"

namespace photo {

RosterIndex::RosterIndex(const Roster& roster) : roster_(roster) {
    const std::size_t n = roster.students.size();
    by_id_.reserve(n);
    by_joined_name_.reserve(n);
    for (const Student& s : roster.students) {
        by_id_.emplace(s.student_id, &s);  // emplace keeps the first, as Roster::find does
        if (id_lengths_.size() <= s.student_id.size()) id_lengths_.resize(s.student_id.size() + 1);
        id_lengths_[s.student_id.size()] = true;
        if (!s.id_number.empty()) by_id_number_.emplace(s.id_number, &s);
        const NameKeys keys = name_keys(s.name);
        if (keys.joined.empty()) continue;  // a name of separators only equals no name
        add(by_joined_name_, keys.joined, &s);
        // A one-word name (every Han name) has its sorted form equal to its joined one, and a
        // name whose sorted form equals it is one word too: the joined table finds it.
        if (keys.sorted != keys.joined) add(by_sorted_name_, keys.sorted, &s);
    }
}

void RosterIndex::add(ByName& map, const std::u32string& key, const Student* s) {
    Students& list = map[key];
    if (list.size() < 2) list.push_back(s);
}

bool RosterIndex::has_student_id_length(std::size_t length) const {
    return length < id_lengths_.size() && id_lengths_[length];
}

const Student* RosterIndex::find(const std::string& student_id) const {
    const auto it = by_id_.find(student_id);
    return it == by_id_.end() ? nullptr : it->second;
}

const Student* RosterIndex::find_id_number(const std::string& id_number) const {
    if (id_number.empty()) return nullptr;
    const auto it = by_id_number_.find(id_number);
    return it == by_id_number_.end() ? nullptr : it->second;
}

const Student* RosterIndex::only_with_name(const std::string& name) const {
    const NameKeys keys = name_keys(name);
    if (keys.joined.empty()) return nullptr;
    Students found;
    for (const auto* map : {&by_joined_name_, &by_sorted_name_}) {
        const auto it = map->find(map == &by_joined_name_ ? keys.joined : keys.sorted);
        if (it == map->end()) continue;
        for (const Student* s : it->second)
            if (std::find(found.begin(), found.end(), s) == found.end()) found.push_back(s);
    }
    return found.size() == 1 ? found.front() : nullptr;
}

}  // namespace photo
