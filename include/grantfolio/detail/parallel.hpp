// grantfolio/detail/parallel.hpp — the library's one place for threads, without a pool: a range of
// rows split over threads (run_in_parts), a task beside the calling thread (beside), and batches
// handed to a worker in order (handoff). Each falls back to the calling thread when no thread can
// be started; none keeps a thread past the call or the object that started it.
//
//   grantfolio::detail::run_in_parts(n, grantfolio::detail::part_count(n, 0),
//                                     [&](unsigned part, std::size_t lo, std::size_t hi) { ... });
//   grantfolio::detail::beside b([&] { fill_codes(); });   // ... other work here ...   b.wait();
//   grantfolio::detail::handoff<std::vector<grant>> h([&](std::vector<grant>& batch) { ... }, 8);
//   h.push(std::move(batch));  ...  h.finish();
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
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

/// Runs a task on a thread of its own while the caller goes on (or at once, here, when no thread
/// can be started). wait() joins it and rethrows what it threw; join() only joins (for a caller
/// that is already failing). The task must not touch what the caller touches meanwhile: the
/// bindings run pure C++ this way while the calling thread holds Python's GIL and builds objects.
class beside {
public:
    explicit beside(std::function<void()> task) : task_(std::move(task)) {
        try {
            thread_ = std::thread([this] { run(); });
        } catch (const std::system_error&) {
            run();  // no thread to be had: here
        }
    }
    beside(const beside&) = delete;
    beside& operator=(const beside&) = delete;
    ~beside() { join(); }
    void join() noexcept {
        if (thread_.joinable()) thread_.join();
    }
    void wait() {
        join();
        if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    }

private:
    void run() noexcept {
        try {
            task_();
        } catch (...) {
            error_ = std::current_exception();
        }
    }
    std::function<void()> task_;
    std::exception_ptr error_;
    std::thread thread_;
};

/// Hands batches from the calling thread to one worker that consumes them in order, at most
/// `depth` waiting (so memory stays bounded); push() waits while the queue is full. finish() waits
/// for the last batch and rethrows the first error consume threw (push rethrows it too, at once).
/// The destructor stops the worker, dropping what was not consumed. Without a thread, each batch
/// is consumed in push().
template <class Batch>
class handoff {
public:
    handoff(std::function<void(Batch&)> consume, std::size_t depth) : consume_(std::move(consume)), depth_(std::max<std::size_t>(depth, 1)) {
        try {
            worker_ = std::thread([this] { run(); });
        } catch (const std::system_error&) {  // no thread to be had: push() consumes
        }
    }
    handoff(const handoff&) = delete;
    handoff& operator=(const handoff&) = delete;
    ~handoff() {
        {
            std::lock_guard lock(m_);
            queue_.clear();
        }
        stop();
        if (worker_.joinable()) worker_.join();
    }
    void push(Batch&& batch) {
        if (!worker_.joinable()) {
            consume_(batch);
            return;
        }
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return queue_.size() < depth_ || error_; });
        if (error_) std::rethrow_exception(error_);
        queue_.push_back(std::move(batch));
        lock.unlock();
        cv_.notify_all();
    }
    void finish() {
        stop();
        if (worker_.joinable()) worker_.join();
        if (error_) std::rethrow_exception(error_);
    }

private:
    void stop() {
        {
            std::lock_guard lock(m_);
            done_ = true;
        }
        cv_.notify_all();
    }
    void run() {
        for (;;) {
            Batch work;
            {
                std::unique_lock lock(m_);
                cv_.wait(lock, [&] { return !queue_.empty() || done_; });
                if (queue_.empty()) return;
                work = std::move(queue_.front());
                queue_.pop_front();
            }
            cv_.notify_all();
            try {
                consume_(work);
            } catch (...) {
                std::lock_guard lock(m_);
                error_ = std::current_exception();
                queue_.clear();
                cv_.notify_all();
                return;
            }
        }
    }
    std::function<void(Batch&)> consume_;
    std::size_t depth_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Batch> queue_;
    bool done_ = false;
    std::exception_ptr error_;
    std::thread worker_;
};

}  // namespace grantfolio::detail
