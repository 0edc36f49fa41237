// grantfolio/detail/parallel.hpp — splitting a range of rows over threads, without a pool.
#pragma once

#include <algorithm>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace grantfolio::detail {

/// How many parts to split n rows into: `threads` (0: one per core), at most 64, and one part when
/// there are fewer than `min_rows` rows (a thread costs more than it saves there).
inline unsigned part_count(std::size_t n, unsigned threads, std::size_t min_rows = 65536) {
    unsigned parts = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    if (n < min_rows) parts = 1;
    return std::min(parts, 64u);
}

/// Runs fn(part, lo, hi) for each of `parts` equal slices of [0, n): part 0 on the calling thread,
/// the others on threads of their own (or here, when no thread can be started), all joined before
/// returning. fn must not throw; catch
/// inside and report per part.
template <class Fn>
void run_in_parts(std::size_t n, unsigned parts, Fn&& fn) {
    auto slice = [&](unsigned t) { fn(t, n * t / parts, n * (t + 1) / parts); };
    if (parts <= 1) {
        slice(0);
        return;
    }
    std::vector<std::thread> pool;
    pool.reserve(parts - 1);
    for (unsigned t = 1; t < parts; ++t) {
        try {
            pool.emplace_back(slice, t);
        } catch (const std::system_error&) {  // no thread to be had: run the slice here
            slice(t);
        }
    }
    slice(0);
    for (auto& th : pool) th.join();
}

}  // namespace grantfolio::detail
