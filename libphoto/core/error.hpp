#pragma once
// One error type for the whole library (as idpass/idphoto's core does): a stable code from
// error_codes.hpp's list that a script can match on, and a one-line reason a person can act
// on, in English and, where the thrower wrote one, in Chinese. The CLI prefixes the file
// name, so messages never repeat it.
#include <stdexcept>
#include <string>

#include "libphoto/core/error_codes.hpp"
#include "libphoto/core/lang.hpp"

namespace photo {

class Error : public std::runtime_error {
public:
    Error(Errc errc, const std::string& message_en, std::string message_zh = {})
        : std::runtime_error(message_en), errc_(errc), code_(to_string(errc)), zh_(std::move(message_zh)) {}
    Errc errc() const { return errc_; }
    // "io.read", "image.decode", "roster.invalid", ...: the JSON's and the scripts' code
    const std::string& code() const { return code_; }
    // The Chinese reason, "" when the thrower wrote only the English one (error_message()
    // then puts the code's Chinese headline before it).
    const std::string& message_zh() const { return zh_; }

private:
    Errc errc_;
    std::string code_;
    std::string zh_;
};

// The reason in the reader's language: for an Error its own Chinese text, else the Chinese
// headline of its code followed by the English detail; any other exception as it is.
std::string error_message(const std::exception& e, Lang lang);

// strerror in Chinese for the errors people meet (no such file, no permission, disk full, a
// folder, a read-only disk); others as "系统错误 N（strerror）".
std::string errno_text_zh(int err);

}  // namespace photo
