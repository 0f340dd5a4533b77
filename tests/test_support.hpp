#pragma once
// Shared by the tests: sample paths and one face model per test process.
#include <functional>
#include <memory>
#include <string>

#include "libphoto/core/error.hpp"

#include "libphoto/face/face.hpp"

namespace test {

inline std::string sample(const std::string& name) { return std::string(IDPHOTO_SAMPLES) + "/" + name; }

inline const photo::FaceModel& faces() {
    static const std::shared_ptr<const photo::FaceModel> model = photo::FaceModel::load();
    return *model;
}

// The library error code a call throws, "" if it returns.
inline std::string error_code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const photo::Error& e) {
        return e.code();
    }
    return "";
}

}  // namespace test
