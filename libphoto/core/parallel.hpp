#pragma once
// Runs fn(i) for i in [0, n) on `jobs` threads (0 = one per core). Work is handed out one
// index at a time, so a slow photo never holds up the others. Each job is one core: OpenCV's
// own worker threads are switched off meanwhile, as they would only compete with the other
// jobs (and `--jobs 1` is a promise to leave the other cores alone).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#include <opencv2/core/utility.hpp>

namespace photo {

template <class Fn>
void parallel_for(std::size_t n, int jobs, Fn&& fn) {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i; (i = next++) < n;) fn(i);
    };
    const int threads_wanted = std::max(1, jobs > 0 ? jobs : int(std::thread::hardware_concurrency()));
    struct OpenCVSingleThreaded {
        int before = cv::getNumThreads();
        OpenCVSingleThreaded() { cv::setNumThreads(1); }
        ~OpenCVSingleThreaded() { cv::setNumThreads(before); }
    } one_core_per_job;
    std::vector<std::thread> threads;
    for (int t = 1; t < std::min<int>(threads_wanted, int(n)); ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
}

}  // namespace photo
