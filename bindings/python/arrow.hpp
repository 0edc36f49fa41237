// Tables handed to Arrow consumers (pyarrow, polars, DuckDB, pandas) through the Arrow C stream
// interface and the PyCapsule protocol (`__arrow_c_stream__`), with no Arrow library on the C++ side.
//
// The structs below are the Arrow C data interface's ABI, which the Arrow specification publishes to
// be declared by every producer and consumer under these guard macros
// (https://arrow.apache.org/docs/format/CDataInterface.html, CStreamInterface.html).
//
// A table is built once, owns every buffer it exports (a snapshot: changing the programme later does
// not change a table already made), and is released by whoever consumes it, on any thread and without
// the GIL, so nothing here touches a Python object after it is built.
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common.hpp"

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4
extern "C" {
struct ArrowSchema {
    const char* format;
    const char* name;
    const char* metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema** children;
    struct ArrowSchema* dictionary;
    void (*release)(struct ArrowSchema*);
    void* private_data;
};
struct ArrowArray {
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void** buffers;
    struct ArrowArray** children;
    struct ArrowArray* dictionary;
    void (*release)(struct ArrowArray*);
    void* private_data;
};
}
#endif
#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
extern "C" {
struct ArrowArrayStream {
    int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
    int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
    const char* (*get_last_error)(struct ArrowArrayStream*);
    void (*release)(struct ArrowArrayStream*);
    void* private_data;
};
}
#endif

namespace grantfolio::python::arrow {

/// An allocator for export buffers: value-initialisation leaves bytes as they are (a buffer is written
/// once, by the builder, not zeroed first), and buffers of 2 MiB and more are aligned to 2 MiB and
/// offered to the kernel as transparent huge pages, so that filling 300 MB for 10M rows takes a few
/// hundred page faults rather than 75,000 (most of the cost otherwise). `bytes(n, 0)` still zeroes.
template <class T>
struct uninitialised_allocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = uninitialised_allocator<U>;
    };
    using std::allocator<T>::allocator;
    static constexpr std::size_t huge = std::size_t(2) << 20;
    T* allocate(std::size_t n) {
        const std::size_t size = n * sizeof(T);
        if (size < huge) return std::allocator<T>::allocate(n);
        const std::size_t rounded = (size + huge - 1) / huge * huge;
        void* p = std::aligned_alloc(huge, rounded);
        if (!p) throw std::bad_alloc();
        (void)::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without it, ordinary pages
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < huge) return std::allocator<T>::deallocate(p, n);
        std::free(p);
    }
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... A>
    void construct(U* p, A&&... a) {
        ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
    }
};
using bytes = std::vector<std::uint8_t, uninitialised_allocator<std::uint8_t>>;

/// One column (or a child or dictionary of one): its Arrow format string, its buffers (owned as
/// byte vectors), and what it is made of.
struct column {
    std::string name;
    std::string format;  ///< "u", "tdD", "d:38,2", "+l", ...
    bool nullable = false;
    bool ordered = false;  ///< dictionaries: the order of values means something
    std::int64_t length = 0;
    std::int64_t null_count = 0;
    std::vector<bytes> buffers;  ///< empty: a null buffer pointer
    std::vector<column> children;
    std::shared_ptr<column> dictionary;
    /// Key/value metadata, written in Arrow's binary form.
    std::vector<std::pair<std::string, std::string>> metadata;
};

/// A table: named columns of one length, exported as one record batch.
struct table {
    std::vector<column> columns;
    std::int64_t length = 0;
    std::vector<std::pair<std::string, std::string>> metadata;
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& c : columns) out.push_back(c.name);
        return out;
    }
};

// ---- builders --------------------------------------------------------------------------------

template <class T>
bytes bytes_of(const T* data, std::size_t n) {
    bytes out(n * sizeof(T));
    if (n) std::memcpy(out.data(), data, out.size());
    return out;
}

/// A validity bitmap from per-row flags; empty when every row is valid (Arrow allows a null pointer).
inline bytes validity(const std::vector<bool>& valid, std::int64_t& null_count) {
    null_count = 0;
    for (bool v : valid) null_count += !v;
    if (null_count == 0) return {};
    bytes bits((valid.size() + 7) / 8, 0);
    for (std::size_t i = 0; i < valid.size(); ++i)
        if (valid[i]) bits[i / 8] |= static_cast<std::uint8_t>(1u << (i % 8));
    return bits;
}

/// A fixed-width column of T (format e.g. "i", "I", "tdD") of n values, to be written through the
/// returned pointer (one pass, no intermediate vector); `valid` marks nulls.
template <class T>
T* fixed_to_fill(column& c, std::string name, std::string format, std::size_t n, const std::vector<bool>* valid = nullptr) {
    c.name = std::move(name);
    c.format = std::move(format);
    c.length = static_cast<std::int64_t>(n);
    c.nullable = valid != nullptr;
    c.buffers.push_back(valid ? validity(*valid, c.null_count) : bytes{});
    c.buffers.emplace_back(n * sizeof(T));
    return reinterpret_cast<T*>(c.buffers.back().data());
}

/// A fixed-width column copied once from values of the same width (T's bits as the format reads
/// them: uint32 grant positions below 2^31 are int32 indices).
template <class T>
column fixed(std::string name, std::string format, std::span<const T> values, const std::vector<bool>* valid = nullptr) {
    column c;
    T* out = fixed_to_fill<T>(c, std::move(name), std::move(format), values.size(), valid);
    if (!values.empty()) std::memcpy(out, values.data(), values.size() * sizeof(T));
    return c;
}
template <class T>
column fixed(std::string name, std::string format, const std::vector<T>& values, const std::vector<bool>* valid = nullptr) {
    return fixed(std::move(name), std::move(format), std::span<const T>(values), valid);
}

/// Booleans ("b"), bit-packed as Arrow keeps them.
inline column booleans(std::string name, const std::vector<bool>& values) {
    column c;
    c.name = std::move(name);
    c.format = "b";
    c.length = static_cast<std::int64_t>(values.size());
    c.buffers.push_back({});
    bytes bits((values.size() + 7) / 8, 0);
    for (std::size_t i = 0; i < values.size(); ++i)
        if (values[i]) bits[i / 8] |= static_cast<std::uint8_t>(1u << (i % 8));
    c.buffers.push_back(std::move(bits));
    return c;
}

/// UTF-8 strings ("u", or "U" with 64-bit offsets when the text passes 2 GiB); `valid` marks nulls.
inline column strings(std::string name, const std::vector<std::string_view>& values, const std::vector<bool>* valid = nullptr) {
    std::size_t total = 0;
    for (auto v : values) total += v.size();
    const bool large = total > static_cast<std::size_t>(INT32_MAX);
    column c;
    c.name = std::move(name);
    c.format = large ? "U" : "u";
    c.length = static_cast<std::int64_t>(values.size());
    c.nullable = valid != nullptr;
    c.buffers.push_back(valid ? validity(*valid, c.null_count) : bytes{});
    bytes offsets((values.size() + 1) * (large ? 8 : 4));
    bytes data(total);
    std::size_t at = 0;
    for (std::size_t i = 0; i <= values.size(); ++i) {
        if (large) {
            auto o = static_cast<std::int64_t>(at);
            std::memcpy(offsets.data() + i * 8, &o, 8);
        } else {
            auto o = static_cast<std::int32_t>(at);
            std::memcpy(offsets.data() + i * 4, &o, 4);
        }
        if (i < values.size()) {
            if (!values[i].empty()) std::memcpy(data.data() + at, values[i].data(), values[i].size());
            at += values[i].size();
        }
    }
    c.buffers.push_back(std::move(offsets));
    c.buffers.push_back(std::move(data));
    return c;
}

/// A dictionary-encoded column: index values of type Index (format "c","C","s","S","i","I") into
/// `dictionary` (distinct strings).
template <class Index>
column dictionary(std::string name, const char* index_format, std::span<const Index> indices,
                  const std::vector<std::string_view>& values, const std::vector<bool>* valid = nullptr) {
    column c = fixed(std::move(name), index_format, indices, valid);
    c.dictionary = std::make_shared<column>(strings("", values));
    return c;
}
template <class Index>
column dictionary(std::string name, const char* index_format, const std::vector<Index>& indices,
                  const std::vector<std::string_view>& values, const std::vector<bool>* valid = nullptr) {
    return dictionary(std::move(name), index_format, std::span<const Index>(indices), values, valid);
}

/// A list<utf8> column built row by row: add() items, then end_row().
struct string_list_builder {
    std::vector<std::int32_t> offsets{0};
    std::vector<std::string_view> items;
    void add(std::string_view x) { items.push_back(x); }
    /// Adds x unless the row already holds it (or it is empty).
    void add_unique(std::string_view x) {
        if (x.empty()) return;
        for (auto i = static_cast<std::size_t>(offsets.back()); i < items.size(); ++i)
            if (items[i] == x) return;
        items.push_back(x);
    }
    void end_row() { offsets.push_back(static_cast<std::int32_t>(items.size())); }
    column finish(std::string name) const {
        column c;
        c.name = std::move(name);
        c.format = "+l";
        c.length = static_cast<std::int64_t>(offsets.size() - 1);
        c.buffers.push_back({});
        c.buffers.push_back(bytes_of(offsets.data(), offsets.size()));
        c.children.push_back(strings("item", items));
        return c;
    }
};

/// decimal128(38, scale) from 128-bit coefficients already at `scale`.
inline column decimals(std::string name, int scale, const std::vector<detail::i128>& values, const std::vector<bool>* valid = nullptr) {
    return fixed(std::move(name), "d:38," + std::to_string(scale), values, valid);
}

/// The capsule a `__arrow_c_stream__` returns: the table as a stream of one record batch.
py::capsule to_stream_capsule(std::shared_ptr<const table> t);

/// The schema alone, as `__arrow_c_schema__` returns it.
py::capsule to_schema_capsule(std::shared_ptr<const table> t);

}  // namespace grantfolio::python::arrow
