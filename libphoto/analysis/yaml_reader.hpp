#pragma once
// Typed values out of a YAML tree, for the files a person edits (presets/*.yaml, the print
// layouts of presets/layouts/*.yaml): every problem is one "<file>:<line>: <key>: <reason>".
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "libphoto/core/error.hpp"
#include "libphoto/analysis/preset.hpp"  // Band

namespace photo {

// Reads typed values out of a YAML tree and reports problems as file:line: key: reason.
// Unknown keys are errors too: a misspelt limit must not be silently ignored.
class YamlReader {
public:
    YamlReader(std::string file, Errc code) : file_(std::move(file)), code_(code) {}

    [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& why) const {
        const int line = at.Mark().line >= 0 ? at.Mark().line + 1 : 0;
        throw Error(code_, fmt::format("{}:{}: {}: {}", file_, line, key, why));
    }

    YAML::Node child(const YAML::Node& map, const std::string& key, bool required) const {
        YAML::Node n = map[key];
        if (!n && required) fail(map, key, "missing");
        return n;
    }

    template <class T>
    T get(const YAML::Node& map, const std::string& key, const std::string& path) const {
        YAML::Node n = child(map, key, true);
        T value;
        try {
            value = n.as<T>();
        } catch (const YAML::Exception&) {
            fail(n, path, "expected a " + std::string(std::is_arithmetic_v<T> ? "number" : "string"));
        }
        // YAML reads .nan and .inf as numbers; every comparison with NaN is false, so such a
        // limit would silently pass or fail every photo.
        if constexpr (std::is_floating_point_v<T>)
            if (!std::isfinite(value)) fail(n, path, "expected a finite number");
        return value;
    }

    template <class T>
    T get_or(const YAML::Node& map, const std::string& key, const std::string& path, T fallback) const {
        return map[key] ? get<T>(map, key, path) : fallback;
    }

    std::optional<Band> band(const YAML::Node& map, const std::string& key, const std::string& path) const {
        YAML::Node n = map[key];
        if (!n) return std::nullopt;
        if (!n.IsSequence() || n.size() != 2) fail(n, path, "expected [low, high]");
        Band b;
        try {
            b.lo = n[0].as<double>();
            b.hi = n[1].as<double>();
        } catch (const YAML::Exception&) {
            fail(n, path, "expected two numbers");
        }
        if (!std::isfinite(b.lo) || !std::isfinite(b.hi)) fail(n, path, "expected two finite numbers");
        if (b.lo > b.hi) fail(n, path, "low is above high");
        return b;
    }

    // A mapping's key as text. YAML also allows a list or a mapping as a key ("[a]: b"), which
    // as<std::string>() would throw as a YAML exception rather than our error.
    std::string key(const YAML::Node& key, const std::string& path) const {
        if (!key.IsScalar() && !key.IsNull()) fail(key, path, "expected a name as the key");
        return key.as<std::string>();
    }

    void only_keys(const YAML::Node& map, const std::string& path, std::set<std::string> allowed) const {
        if (!map.IsMap()) fail(map, path, "expected a mapping");
        for (const auto& kv : map) {
            const std::string k = key(kv.first, path.empty() ? "(top level)" : path);
            if (!allowed.count(k)) fail(kv.first, path.empty() ? k : path + "." + k, "unknown key");
        }
    }

private:
    std::string file_;
    Errc code_;  // Errc::preset_invalid, Errc::layout_invalid
};

// The .yaml files of `dirs` by id (the file's stem), sorted within a folder; for an id found
// in several folders (compared by `key`: case, '-' and '_' as the caller folds them) the first
// folder's wins. Presets and layouts are found so.
inline std::vector<std::pair<std::string, std::filesystem::path>> yaml_files(const std::vector<std::string>& dirs,
                                                                             std::string (*key)(std::string)) {
    std::vector<std::pair<std::string, std::filesystem::path>> out;
    std::set<std::string> seen;
    for (const auto& dir : dirs) {
        std::error_code ec;
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(dir, ec))
            if (e.path().extension() == ".yaml") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            if (seen.insert(key(f.stem().string())).second) out.emplace_back(f.stem().string(), f);
    }
    return out;
}

}  // namespace photo
