// src/detail/mapped_file.hpp — files the C way, with RAII: a descriptor that closes itself, a
// regular file mapped read-only, and the pages of a mapping already read given back to the system
// as a reader moves through it.
//
//   grantfolio::io::detail::mapped_file f(path);      // throws file_error when it cannot
//   grantfolio::io::detail::page_releaser pages(f.bytes().data());
//   ... pages.read_up_to(where_the_reader_is);          // resident memory stays near the window read
//
// Pages given back stay in the page cache: reading them again costs a minor fault, not a disk read.
// Internal to the compiled library: not installed.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "grantfolio/error.hpp"

namespace grantfolio::io::detail {

/// A file descriptor, closed when it goes out of scope (or reset).
class unique_fd {
public:
    unique_fd() = default;
    explicit unique_fd(int fd) noexcept : fd_(fd) {}
    unique_fd(unique_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    unique_fd& operator=(unique_fd&& o) noexcept {
        reset(std::exchange(o.fd_, -1));
        return *this;
    }
    ~unique_fd() { reset(); }
    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    /// Closes now; the close's own error (after fsync, none is expected) is not reported.
    void reset(int fd = -1) noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }

private:
    int fd_ = -1;
};

struct file_closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
/// A C stream, closed when it goes out of scope.
using unique_file = std::unique_ptr<std::FILE, file_closer>;

/// Gives the pages of a read-only file mapping back to the system once they have been read: they
/// stay in the page cache, but leave the process's resident memory, so reading a large file does
/// not hold the whole file and the whole programme in memory at once.
class page_releaser {
public:
    page_releaser() = default;
    explicit page_releaser(const char* base) : base_(base), done_(base) {}
    /// Everything before `upto` has been read for good.
    void read_up_to(const char* upto) {
        if (!base_ || upto < done_ + step) return;
        const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
        const char* end = reinterpret_cast<const char*>(reinterpret_cast<std::uintptr_t>(upto) & ~(page - 1));
        if (end <= done_) return;
        ::madvise(const_cast<char*>(done_), static_cast<std::size_t>(end - done_), MADV_DONTNEED);
        done_ = end;
    }
    /// Starts again from the beginning (a first pass is done; the next reads the pages anew).
    void rewind() { done_ = base_; }

private:
    static constexpr std::ptrdiff_t step = std::ptrdiff_t(8) << 20;  // one madvise per 8 MiB read
    const char* base_ = nullptr;
    const char* done_ = nullptr;
};

/// A regular file mapped read-only (an empty file maps to no bytes). Throws file_error when the
/// file cannot be opened or mapped, and error when it is not a regular file or is over `max_bytes`.
class mapped_file {
public:
    explicit mapped_file(const std::filesystem::path& path, std::size_t max_bytes = std::size_t(1) << 40) {
        const unique_fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) throw file_error("cannot open '" + path.string() + "' for reading: " + std::strerror(errno), path.string(), errno);
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) throw error("'" + path.string() + "' is not a regular file");
        size_ = static_cast<std::size_t>(st.st_size);
        if (size_ > max_bytes) throw error("'" + path.string() + "' exceeds the byte cap of " + std::to_string(max_bytes));
        if (size_ == 0) return;
        void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd.get(), 0);
        if (map == MAP_FAILED) throw file_error("cannot map '" + path.string() + "': " + std::strerror(errno), path.string(), errno);
        ::madvise(map, size_, MADV_SEQUENTIAL);
        data_ = static_cast<const char*>(map);
    }
    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;
    ~mapped_file() {
        if (data_) ::munmap(const_cast<char*>(data_), size_);
    }
    std::string_view bytes() const noexcept { return {data_, size_}; }

private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace grantfolio::io::detail
