#pragma once
// Model cache: versioned binary files under the user's cache directory that hold a model in
// a form that loads in milliseconds (raw arrays, mapped straight from the page cache) instead
// of dlib's portable serialisation (~1 s for the landmark model).
//
// A cache file is only ever a copy of something this machine already has (the model file, or
// data compiled into dlib); nothing is downloaded. Each file carries a header naming its
// kind, the format version, a key that identifies the source (size + mtime of the model
// file, dlib's version) and a checksum of the payload. Anything missing, stale, truncated or
// corrupt reads as "no cache"; the caller then loads the source and writes a fresh copy.
// Writes go to a unique temporary file that is renamed into place, so two processes starting
// at once each see either no file or a whole one, and a reader's mapping stays valid when
// another process replaces the file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace photo::model_cache {

// Where cache files go: $IDPHOTO_CACHE_DIR, else $XDG_CACHE_HOME/idphoto, else
// $HOME/.cache/idphoto; `explicit_dir` when not empty. Empty when none can be named.
std::string cache_dir(const std::string& explicit_dir = "");

// What the cached payload was made from. Two keys are equal only if every field is.
struct SourceKey {
    std::uint64_t size = 0;        // source file size in bytes (0 for built-in data)
    std::int64_t mtime_ns = 0;     // source file modification time (0 for built-in data)
    std::uint64_t producer = 0;    // version of the code that produced the source data (dlib)
};

// The key of a file on disk; nullopt when it cannot be stat'ed.
std::optional<SourceKey> file_key(const std::string& path);

// A validated cache payload, read-only, mapped from the file (or held in memory).
class Payload {
public:
    virtual ~Payload() = default;
    virtual const unsigned char* data() const = 0;
    virtual std::size_t size() const = 0;
};

// A payload held in memory (a freshly built model, when there is no cache to map).
std::shared_ptr<const Payload> in_memory(std::vector<unsigned char> bytes);

// The payload of `file` if it is a cache file of this `kind` (<= 15 chars) and `version`, made
// from `key`, whole, and with a matching checksum; nullopt otherwise (never throws).
std::shared_ptr<const Payload> read(const std::string& file, std::string_view kind, std::uint32_t version,
                                    const SourceKey& key);

// Writes the cache file atomically (unique temporary file + rename), creating the
// directory. Returns false, leaving no partial file behind, when it cannot (read-only or
// full disk, no permission); the caller carries on without a cache.
bool write(const std::string& file, std::string_view kind, std::uint32_t version, const SourceKey& key,
           const unsigned char* payload, std::size_t size);

// 64-bit checksum of a byte range (xxHash64's round function over 32-byte stripes).
std::uint64_t checksum(const unsigned char* data, std::size_t size);

// A short stable hex name for a string (FNV-1a 64), for naming cache files after a path.
std::string name_hash(std::string_view s);

}  // namespace photo::model_cache
