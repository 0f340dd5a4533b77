// The resume key's hash: stable across machines and runs (a changed value would re-make every
// photo of an interrupted batch), and it must see any change to a file.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "libphoto/core/error.hpp"
#include "libphoto/department/inputs.hpp"
#include "libphoto/department/output_folder.hpp"

TEST_CASE("content_hash is fixed for given bytes and sees every single-bit change") {
    std::vector<unsigned char> bytes(1000);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>((i * 131 + 7) & 0xFF);
    const std::uint64_t h = photo::content_hash(bytes.data(), bytes.size());
    CHECK(h == photo::content_hash(bytes.data(), bytes.size()));
    CHECK(h == 13923621069440237ull);  // recorded: a change of algorithm would re-make interrupted batches
    // Every bit of the words (high bits too, which a multiply alone never moves down) and of
    // the tail after the last whole 32-byte block.
    for (std::size_t at : {std::size_t(0), std::size_t(7), std::size_t(31), std::size_t(500), std::size_t(990), std::size_t(999)})
        for (int bit = 0; bit < 8; ++bit) {
            std::vector<unsigned char> changed = bytes;
            changed[at] ^= static_cast<unsigned char>(1 << bit);
            CAPTURE(at);
            CAPTURE(bit);
            CHECK(photo::content_hash(changed.data(), changed.size()) != h);
        }
    // Length matters: a file cut short by zero bytes it ended with is another file.
    std::vector<unsigned char> zeros(64, 0);
    CHECK(photo::content_hash(zeros.data(), 64) != photo::content_hash(zeros.data(), 63));
    CHECK(photo::content_hash(zeros.data(), 0) != photo::content_hash(zeros.data(), 32));
}

TEST_CASE("a file linked into a folder keeps its name in that folder, not its target's path") {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("idphoto-inputs-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "in" / "sub");
    fs::create_directories(root / "elsewhere");
    std::ofstream(root / "elsewhere" / "photo.jpg") << "x";
    fs::create_symlink(root / "elsewhere" / "photo.jpg", root / "in" / "sub" / "link.jpg");
    std::ofstream(root / "in" / "plain.jpg") << "x";
    for (const std::string arg : {(root / "in").string(), (root / "in").string() + "/"}) {
        CAPTURE(arg);
        const photo::InputList list = photo::collect_inputs({arg});
        REQUIRE(list.files.size() == 2);
        CHECK(list.files[0].relative == "plain.jpg");
        CHECK(list.files[1].relative == "sub/link.jpg");  // was ../elsewhere/photo.jpg
    }
    fs::remove_all(root);
}

TEST_CASE("outputs of idphoto are never inputs: this run's -o and marked folders are not walked") {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("idphoto-outputs-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "in" / "out" / "sub");
    fs::create_directories(root / "in" / "renamed");
    std::ofstream(root / "in" / "photo.jpg") << "x";
    std::ofstream(root / "in" / "out" / "sub" / "photo.jpg") << "x";  // this run's output folder
    std::ofstream(root / "in" / "renamed" / "2021301001.jpg") << "x";  // an earlier run's
    photo::mark_output_folder((root / "in" / "renamed").string());
    const std::string out = (root / "in" / "out").string();

    const photo::InputList list = photo::collect_inputs({(root / "in").string()}, out);
    REQUIRE(list.files.size() == 1);
    CHECK(list.files[0].relative == "photo.jpg");
    CHECK(list.problems.empty());
    // Named: refused with a reason (out/sub too, however spelt), never read.
    const photo::InputList named = photo::collect_inputs(
        {(root / "in" / "out" / "sub" / "photo.jpg").string(), (root / "in" / "renamed" / ".." / "renamed").string()}, out);
    CHECK(named.files.empty());
    REQUIRE(named.problems.size() == 2);
    CHECK(named.problems[0].reason.find("output folder (-o)") != std::string::npos);
    CHECK(named.problems[1].reason.find(photo::kOutputMarker) != std::string::npos);
    // The inbox itself as the output folder: a usage error before anything is written.
    CHECK_THROWS_AS(photo::collect_inputs({(root / "in").string()}, (root / "in" / ".").string()), photo::Error);
    fs::remove_all(root);
}
