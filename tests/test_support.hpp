#pragma once
// Shared by the tests: sample paths and one face model per test process.
#include <memory>
#include <string>

#include "libphoto/face.hpp"

namespace test {

inline std::string sample(const std::string& name) { return std::string(IDPHOTO_SAMPLES) + "/" + name; }

inline const photo::FaceModel& faces() {
    static const std::shared_ptr<const photo::FaceModel> model = photo::FaceModel::load();
    return *model;
}

}  // namespace test
