#pragma once
// One error type for the whole library (as idpass/idphoto's core does): a stable code a
// script can match on, and a one-line reason a person can act on. The CLI prefixes the
// file name, so messages never repeat it.
#include <stdexcept>
#include <string>

namespace photo {

class Error : public std::runtime_error {
public:
    Error(std::string code, const std::string& message)
        : std::runtime_error(message), code_(std::move(code)) {}
    // e.g. "io.read", "io.write", "image.decode", "image.too_large", "preset.invalid"
    const std::string& code() const { return code_; }

private:
    std::string code_;
};

}  // namespace photo
