#include "libphoto/face/hog_module.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "libphoto/core/error.hpp"

namespace photo {

namespace {
constexpr const char* kModuleName = "libidphoto_hog_avx2.so";
// The C interface's version (simd/hog_avx2.cpp's idphoto_hog_abi): a module of another
// version, e.g. a stale one named by $IDPHOTO_HOG_MODULE, is not called with wrong arguments.
constexpr int kModuleAbi = 2;

bool processor_has_avx2() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
}

// Where the module may be: an explicit path, beside the running program, the build tree.
std::vector<std::string> candidates() {
    std::vector<std::string> out;
    if (const char* env = std::getenv("IDPHOTO_HOG_MODULE"); env && *env) return {env};
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) out.push_back((exe.parent_path() / kModuleName).string());
#ifdef IDPHOTO_MODULE_DIR
    out.push_back(std::string(IDPHOTO_MODULE_DIR) + "/" + kModuleName);
#endif
    return out;
}
}  // namespace

std::unique_ptr<HogModule> HogModule::open(const std::string& serialized_detector, unsigned capped_levels) {
    if (std::getenv("IDPHOTO_NO_SIMD") || !processor_has_avx2()) return nullptr;
    for (const std::string& path : candidates()) {
        if (access(path.c_str(), R_OK) != 0) continue;
        void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!lib) continue;
        using Create = void* (*)(const char*, std::size_t, unsigned);
        const auto create = reinterpret_cast<Create>(dlsym(lib, "idphoto_hog_create"));
        const auto abi = reinterpret_cast<int (*)()>(dlsym(lib, "idphoto_hog_abi"));
        std::unique_ptr<HogModule> m(new HogModule);
        m->library_ = lib;
        m->path_ = path;
        m->destroy_ = reinterpret_cast<void (*)(void*)>(dlsym(lib, "idphoto_hog_destroy"));
        m->detect_ = reinterpret_cast<DetectFn>(dlsym(lib, "idphoto_hog_detect"));
        m->reference_ = reinterpret_cast<DetectFn>(dlsym(lib, "idphoto_hog_detect_reference"));
        if (create && abi && abi() == kModuleAbi && m->destroy_ && m->detect_)
            m->detector_ = create(serialized_detector.data(), serialized_detector.size(), capped_levels);
        if (m->detector_) return m;
        // An old or foreign file: the built-in detector does the work.
    }
    return nullptr;
}

HogModule::~HogModule() {
    if (detector_ && destroy_) destroy_(detector_);
    if (library_) dlclose(library_);
}

std::vector<HogModule::Hit> HogModule::detect(const cv::Mat& grey, bool capped, double adjust) const {
    return run(detect_, grey, capped, adjust);
}

std::vector<HogModule::Hit> HogModule::detect_reference(const cv::Mat& grey, bool capped, double adjust) const {
    if (!reference_) throw Error(Errc::model_detect, "the face detector module " + path_ + " has no reference search");
    return run(reference_, grey, capped, adjust);
}

std::vector<HogModule::Hit> HogModule::run(DetectFn fn, const cv::Mat& grey, bool capped, double adjust) const {
    CV_Assert(grey.type() == CV_8UC1);
    std::vector<double> raw(5 * 16);  // (left, top, right, bottom, confidence) per face
    int n = 0;
    for (;;) {
        const int room = int(raw.size() / 5);
        n = fn(detector_, grey.data, grey.rows, grey.cols, grey.step, capped ? 1 : 0, adjust, raw.data(), room);
        if (n < 0) throw Error(Errc::model_detect, "the face detector module " + path_ + " failed");
        if (n <= room) break;
        raw.resize(5 * std::size_t(n));  // more faces than room: once more with enough
    }
    std::vector<Hit> hits;
    for (int i = 0; i < n; ++i) {
        const double* r = &raw[5 * std::size_t(i)];
        hits.push_back({r[0], r[1], r[2], r[3], r[4]});
    }
    return hits;
}

}  // namespace photo
