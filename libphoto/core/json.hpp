#pragma once
// A minimal JSON writer: enough for one-object-per-line reports, with correct escaping of
// file names (which may hold quotes, control characters or invalid UTF-8).
#include <optional>
#include <string>
#include <vector>

namespace photo::json {

std::string quote(const std::string& s);  // "..." with escapes; invalid UTF-8 bytes become U+FFFD
std::string number(double v, int decimals = 2);  // finite numbers; NaN/inf become null

// Builds {"k": v, ...} in insertion order. Values passed to raw() must already be JSON.
class Object {
public:
    Object& str(const std::string& key, const std::string& value);
    Object& num(const std::string& key, double value, int decimals = 2);
    Object& num(const std::string& key, std::optional<double> value, int decimals = 2);
    Object& raw(const std::string& key, const std::string& json);
    std::string dump() const { return "{" + body_ + "}"; }

private:
    void key(const std::string& k);
    std::string body_;
};

std::string array(const std::vector<std::string>& json_values);
std::string string_array(const std::vector<std::string>& values);

}  // namespace photo::json
