#include "libphoto/face/model_cache.hpp"

#include "libphoto/io/atomic_file.hpp"
#include "libphoto/core/error.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace photo::model_cache {

namespace {

constexpr char kMagic[8] = {'i', 'd', 'p', 'h', 'o', 't', 'o', 'C'};
constexpr std::uint32_t kByteOrderMark = 0x01020304;  // a file from another byte order reads as stale

// Fixed-layout header; the payload starts right after it (offset 80, a multiple of 8, so the
// arrays in a mapped payload are aligned).
struct Header {
    char magic[8];
    char kind[16];
    std::uint32_t byte_order;
    std::uint32_t version;
    std::uint64_t source_size;
    std::int64_t source_mtime_ns;
    std::uint64_t producer;
    std::uint64_t payload_size;
    std::uint64_t payload_checksum;
    std::uint64_t header_checksum;  // of every field above
};
static_assert(sizeof(Header) == 80, "cache header layout");

std::uint64_t header_sum(const Header& h) {
    return checksum(reinterpret_cast<const unsigned char*>(&h), offsetof(Header, header_checksum));
}

Header make_header(std::string_view kind, std::uint32_t version, const SourceKey& key, std::uint64_t payload_size,
                   std::uint64_t payload_checksum) {
    Header h;
    std::memset(&h, 0, sizeof h);
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    std::memcpy(h.kind, kind.data(), std::min(kind.size(), sizeof h.kind - 1));
    h.byte_order = kByteOrderMark;
    h.version = version;
    h.source_size = key.size;
    h.source_mtime_ns = key.mtime_ns;
    h.producer = key.producer;
    h.payload_size = payload_size;
    h.payload_checksum = payload_checksum;
    h.header_checksum = header_sum(h);
    return h;
}

class MappedPayload final : public Payload {
public:
    MappedPayload(void* map, std::size_t map_size) : map_(map), map_size_(map_size) {}
    ~MappedPayload() override { ::munmap(map_, map_size_); }
    const unsigned char* data() const override { return static_cast<const unsigned char*>(map_) + sizeof(Header); }
    std::size_t size() const override { return map_size_ - sizeof(Header); }

private:
    void* map_;
    std::size_t map_size_;
};

class MemoryPayload final : public Payload {
public:
    explicit MemoryPayload(std::vector<unsigned char> bytes) : bytes_(std::move(bytes)) {}
    const unsigned char* data() const override { return bytes_.data(); }
    std::size_t size() const override { return bytes_.size(); }

private:
    std::vector<unsigned char> bytes_;
};

inline std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

}  // namespace

std::string cache_dir(const std::string& explicit_dir) {
    if (!explicit_dir.empty()) return explicit_dir;
    if (const char* d = std::getenv("IDPHOTO_CACHE_DIR"); d && *d) return d;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x && x[0] == '/') return std::string(x) + "/idphoto";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/idphoto";
    return "";
}

std::optional<SourceKey> file_key(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    SourceKey key;
    key.size = std::uint64_t(st.st_size);
    key.mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return key;
}

std::uint64_t checksum(const unsigned char* data, std::size_t size) {
    constexpr std::uint64_t P1 = 0x9E3779B185EBCA87ULL, P2 = 0xC2B2AE3D27D4EB4FULL, P3 = 0x165667B19E3779F9ULL;
    std::uint64_t a0 = P1 + P2, a1 = P2, a2 = 0, a3 = 0 - P1;
    std::size_t i = 0;
    for (; i + 32 <= size; i += 32) {
        std::uint64_t w[4];
        std::memcpy(w, data + i, 32);
        a0 = rotl(a0 + w[0] * P2, 31) * P1;
        a1 = rotl(a1 + w[1] * P2, 31) * P1;
        a2 = rotl(a2 + w[2] * P2, 31) * P1;
        a3 = rotl(a3 + w[3] * P2, 31) * P1;
    }
    std::uint64_t h = rotl(a0, 1) + rotl(a1, 7) + rotl(a2, 12) + rotl(a3, 18) + std::uint64_t(size);
    for (; i < size; ++i) h = rotl(h ^ (data[i] * P3), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

std::string name_hash(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return out;
}

std::shared_ptr<const Payload> in_memory(std::vector<unsigned char> bytes) {
    return std::make_shared<MemoryPayload>(std::move(bytes));
}

std::shared_ptr<const Payload> read(const std::string& file, std::string_view kind, std::uint32_t version,
                                    const SourceKey& key) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || std::size_t(st.st_size) < sizeof(Header)) {
        ::close(fd);
        return nullptr;
    }
    const std::size_t file_size = std::size_t(st.st_size);
    // MAP_POPULATE: the checksum reads every page anyway, so map them all in one go.
    void* map = ::mmap(nullptr, file_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return nullptr;
    auto payload = std::make_shared<MappedPayload>(map, file_size);  // unmaps on every early return

    Header h;
    std::memcpy(&h, map, sizeof h);
    Header expected = make_header(kind, version, key, h.payload_size, h.payload_checksum);
    if (std::memcmp(&h, &expected, sizeof h) != 0) return nullptr;  // other kind/version/source, or a bad header
    if (h.payload_size != file_size - sizeof(Header)) return nullptr;  // truncated or padded
    if (checksum(payload->data(), payload->size()) != h.payload_checksum) return nullptr;
    return payload;
}

bool write(const std::string& file, std::string_view kind, std::uint32_t version, const SourceKey& key,
           const unsigned char* payload, std::size_t size) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target(file);
    if (target.has_parent_path()) {
        fs::create_directories(target.parent_path(), ec);
        // Temporary files of writers killed mid-write (65 MB each for the landmarks).
        remove_stale_temporaries(target.parent_path().string(), std::chrono::minutes(10));
    }
    try {
        // No fsync: a file cut short by a crash fails its checksum and is rebuilt, and skipping
        // it keeps the first run from waiting ~100 ms for the disk.
        AtomicFile out(file, AtomicFile::Durability::none);
        const Header h = make_header(kind, version, key, size, checksum(payload, size));
        out.write(&h, sizeof h);
        out.write(payload, size);
        out.commit();
        return true;
    } catch (const Error&) {
        return false;  // the models still load from the Debian files
    }
}

}  // namespace photo::model_cache
