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

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common.hpp"
#include "grantfolio/detail/parallel.hpp"

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
/// (Defined after the row builders, below, which it uses.)
inline column strings(std::string name, const std::vector<std::string_view>& values, const std::vector<bool>* valid = nullptr);

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

// ---- row builders: columns written straight into their Arrow buffers, on every core ----------
//
// build_rows(n, parts, b...) fills several columns of n rows at once in two passes over slices of
// [0, n) whose bounds are multiples of 64 rows (so no two threads write one byte of a bitmap):
// measure(part, i) on every builder (sizes, nulls, and fixed-width values at once), prepare() once
// (prefix sums over the parts, allocation), then write(part, i) (texts and what needs the sizes).
// Nothing per row is kept between the passes: a builder asks its accessor again. Accessors run on
// several threads at once, so they only read, and must not throw.

namespace detail {

inline void put_offset(bytes& b, std::size_t i, std::size_t value, bool large) {
    if (large) {
        auto o = static_cast<std::int64_t>(value);
        std::memcpy(b.data() + i * 8, &o, 8);
    } else {
        auto o = static_cast<std::int32_t>(value);
        std::memcpy(b.data() + i * 4, &o, 4);
    }
}

/// A column's name, format and length, with a validity buffer (empty: no nulls) and `data` after it.
inline column made(std::string name, std::string format, std::size_t length, bytes validity, std::vector<bytes> data) {
    column c;
    c.name = std::move(name);
    c.format = std::move(format);
    c.length = static_cast<std::int64_t>(length);
    c.buffers.push_back(std::move(validity));
    for (auto& b : data) c.buffers.push_back(std::move(b));
    return c;
}

inline void set_bit(bytes& bits, std::size_t i) { bits[i / 8] |= static_cast<std::uint8_t>(1u << (i % 8)); }

}  // namespace detail

/// One value per part, each on a cache line of its own: threads updating neighbouring counters on
/// every row would otherwise fight over one line.
template <class T>
class per_part {
    struct alignas(64) slot {
        T v{};
    };
    std::vector<slot> slots_;

public:
    void assign(unsigned parts, T x = T{}) { slots_.assign(parts, slot{x}); }
    T& operator[](unsigned part) { return slots_[part].v; }
    std::size_t size() const { return slots_.size(); }
    T sum() const {
        T s{};
        for (const auto& x : slots_) s += x.v;
        return s;
    }
    /// Turns the counts into exclusive prefix sums (where each part starts); returns the total.
    T to_starts() {
        T at{};
        for (auto& x : slots_) {
            const T here = x.v;
            x.v = at;
            at += here;
        }
        return at;
    }
};

/// Strings, at(i) -> std::optional<std::string_view> (nullopt: null; only when `nullable`).
template <class At>
struct string_rows {
    At at;
    bool nullable;
    std::size_t n = 0;
    per_part<std::size_t> cursor;  // bytes per part, then where each part writes
    per_part<std::int64_t> nulls;
    std::size_t total = 0;
    bool large = false;
    bytes bits, offsets, data;

    void start(std::size_t rows, unsigned parts) {
        n = rows;
        cursor.assign(parts, 0);
        nulls.assign(parts, 0);
        if (nullable) bits.assign((n + 7) / 8, 0);
    }
    void measure(unsigned part, std::size_t i) {
        const std::optional<std::string_view> v = at(i);
        if (!v) {
            ++nulls[part];
            return;
        }
        if (nullable) detail::set_bit(bits, i);
        cursor[part] += v->size();
    }
    void prepare() {
        total = cursor.to_starts();
        large = total > static_cast<std::size_t>(INT32_MAX);
        offsets = bytes((n + 1) * (large ? 8 : 4));
        data = bytes(total);
    }
    void write(unsigned part, std::size_t i) {
        std::size_t& c = cursor[part];
        detail::put_offset(offsets, i, c, large);
        if (const std::optional<std::string_view> v = at(i); v && !v->empty()) {
            std::memcpy(data.data() + c, v->data(), v->size());
            c += v->size();
        }
    }
    column finish(std::string name) {
        detail::put_offset(offsets, n, total, large);
        column c;
        c.name = std::move(name);
        c.format = large ? "U" : "u";
        c.length = static_cast<std::int64_t>(n);
        c.nullable = nullable;
        c.null_count = nulls.sum();
        c.buffers.push_back(c.null_count ? std::move(bits) : bytes{});
        c.buffers.push_back(std::move(offsets));
        c.buffers.push_back(std::move(data));
        return c;
    }
};
template <class At>
string_rows<At> strings_by(At at, bool nullable = false) {
    return {std::move(at), nullable};
}

/// A list builder's rows: items(i, out) asked to append row i's items to a vector of its part's,
/// emptied first.
template <class Item, class Items>
struct row_items {
    Items items;
    per_part<std::vector<Item>> scratch;
    void start(unsigned parts) { scratch.assign(parts); }
    const std::vector<Item>& operator()(unsigned part, std::size_t i) {
        auto& out = scratch[part];
        out.clear();
        items(i, out);
        return out;
    }
};

/// list<utf8> ("+l", or "+L" past 2^31 items), items(i, out) appending row i's strings to `out`
/// (empty on each call). Rows are never null.
template <class Items>
struct list_rows {
    row_items<std::string_view, Items> row;
    std::size_t n = 0;
    per_part<std::size_t> item_cursor, byte_cursor;
    std::size_t item_total = 0, byte_total = 0;
    bool large_list = false, large_text = false;
    bytes list_offsets, item_offsets, data;

    void start(std::size_t rows, unsigned parts) {
        n = rows;
        item_cursor.assign(parts, 0);
        byte_cursor.assign(parts, 0);
        row.start(parts);
    }
    void measure(unsigned part, std::size_t i) {
        const auto& r = row(part, i);
        item_cursor[part] += r.size();
        for (auto x : r) byte_cursor[part] += x.size();
    }
    void prepare() {
        item_total = item_cursor.to_starts();
        byte_total = byte_cursor.to_starts();
        large_list = item_total > static_cast<std::size_t>(INT32_MAX);
        large_text = byte_total > static_cast<std::size_t>(INT32_MAX);
        list_offsets = bytes((n + 1) * (large_list ? 8 : 4));
        item_offsets = bytes((item_total + 1) * (large_text ? 8 : 4));
        data = bytes(byte_total);
    }
    void write(unsigned part, std::size_t i) {
        std::size_t& k = item_cursor[part];
        std::size_t& b = byte_cursor[part];
        detail::put_offset(list_offsets, i, k, large_list);
        for (auto x : row(part, i)) {
            detail::put_offset(item_offsets, k++, b, large_text);
            if (!x.empty()) std::memcpy(data.data() + b, x.data(), x.size());
            b += x.size();
        }
    }
    column finish(std::string name) {
        detail::put_offset(list_offsets, n, item_total, large_list);
        detail::put_offset(item_offsets, item_total, byte_total, large_text);
        std::vector<bytes> text;
        text.push_back(std::move(item_offsets));
        text.push_back(std::move(data));
        column child = detail::made("item", large_text ? "U" : "u", item_total, {}, std::move(text));
        std::vector<bytes> offsets;
        offsets.push_back(std::move(list_offsets));
        column c = detail::made(std::move(name), large_list ? "+L" : "+l", n, {}, std::move(offsets));
        c.children.push_back(std::move(child));
        return c;
    }
};
template <class Items>
list_rows<Items> lists_by(Items items) {
    return {{std::move(items)}};
}

/// Fixed-width values of T (format e.g. "i", "tdD", "c"), at(i) -> std::optional<T> (nullopt: null;
/// only when `nullable`). Written in the first pass.
template <class T, class At>
struct fixed_rows {
    At at;
    std::string format;
    bool nullable;
    std::size_t n = 0;
    per_part<std::int64_t> nulls;
    bytes bits, values;

    void start(std::size_t rows, unsigned parts) {
        n = rows;
        nulls.assign(parts, 0);
        if (nullable) bits.assign((n + 7) / 8, 0);
        values = bytes(n * sizeof(T));
    }
    void measure(unsigned part, std::size_t i) {
        const std::optional<T> v = at(i);
        T x{};
        if (v) {
            x = *v;
            if (nullable) detail::set_bit(bits, i);
        } else {
            ++nulls[part];
        }
        std::memcpy(values.data() + i * sizeof(T), &x, sizeof(T));
    }
    void prepare() {}
    void write(unsigned, std::size_t) {}
    column finish(std::string name) {
        column c;
        c.name = std::move(name);
        c.format = format;
        c.length = static_cast<std::int64_t>(n);
        c.nullable = nullable;
        c.null_count = nulls.sum();
        c.buffers.push_back(c.null_count ? std::move(bits) : bytes{});
        c.buffers.push_back(std::move(values));
        return c;
    }
};
template <class T, class At>
fixed_rows<T, At> fixed_by(std::string format, At at, bool nullable = false) {
    return {std::move(at), std::move(format), nullable};
}

/// Booleans ("b"), at(i) -> bool; never null.
template <class At>
struct bool_rows {
    At at;
    std::size_t n = 0;
    bytes bits;
    void start(std::size_t rows, unsigned) {
        n = rows;
        bits.assign((n + 7) / 8, 0);
    }
    void measure(unsigned, std::size_t i) {
        if (at(i)) detail::set_bit(bits, i);
    }
    void prepare() {}
    void write(unsigned, std::size_t) {}
    column finish(std::string name) {
        column c;
        c.name = std::move(name);
        c.format = "b";
        c.length = static_cast<std::int64_t>(n);
        c.buffers.push_back({});
        c.buffers.push_back(std::move(bits));
        return c;
    }
};
template <class At>
bool_rows<At> bools_by(At at) {
    return {std::move(at)};
}

/// Dictionary-encoded text: key(i) -> std::optional<std::size_t> in [0, keys) (nullopt: null; only
/// when `nullable`), a key being the position of a value in what the caller numbers (organisations,
/// currencies). The first pass gathers which keys are present; number(present, index_of, values)
/// then gives each present key its index and the dictionary its values; the second pass writes the
/// indices (Index: int8..int32, format "c", "s", "i").
template <class Index, class Key, class Number>
struct coded_rows {
    Key key;
    Number number;
    std::size_t keys;
    std::string format;
    bool nullable;
    std::size_t n = 0;
    per_part<std::vector<char>> present;
    per_part<std::int64_t> nulls;
    std::vector<Index> index_of;
    std::vector<std::string_view> values;
    bytes bits, codes;

    void start(std::size_t rows, unsigned parts) {
        n = rows;
        present.assign(parts, std::vector<char>(keys, 0));
        nulls.assign(parts, 0);
        if (nullable) bits.assign((n + 7) / 8, 0);
        codes = bytes(n * sizeof(Index));
    }
    void measure(unsigned part, std::size_t i) {
        if (const std::optional<std::size_t> k = key(i)) {
            present[part][*k] = 1;
            if (nullable) detail::set_bit(bits, i);
        } else {
            ++nulls[part];
        }
    }
    void prepare() {
        std::vector<char> all(keys, 0);
        for (unsigned t = 0; t < present.size(); ++t)
            for (std::size_t k = 0; k < keys; ++k) all[k] |= present[t][k];
        index_of.assign(keys, Index(-1));
        number(all, index_of, values);
    }
    void write(unsigned, std::size_t i) {
        const std::optional<std::size_t> k = key(i);
        const Index x = k ? index_of[*k] : Index(0);
        std::memcpy(codes.data() + i * sizeof(Index), &x, sizeof(Index));
    }
    column finish(std::string name) {
        const std::int64_t null_count = nulls.sum();
        std::vector<bytes> data;
        data.push_back(std::move(codes));
        column c = detail::made(std::move(name), format, n, null_count ? std::move(bits) : bytes{}, std::move(data));
        c.nullable = nullable;
        c.null_count = null_count;
        c.dictionary = std::make_shared<column>(strings("", values));
        return c;
    }
};
template <class Index, class Key, class Number>
coded_rows<Index, Key, Number> coded_by(std::string format, std::size_t keys, Key key, Number number, bool nullable = false) {
    return {std::move(key), std::move(number), keys, std::move(format), nullable};
}

/// list<dictionary<Index, utf8>> ("+l" of format "c"/"s"/"i"), items(i, out) appending row i's
/// items as positions in `values` (the whole dictionary, fixed beforehand: a gazetteer's qarqe).
/// Rows are never null.
template <class Index, class Items>
struct coded_list_rows {
    row_items<std::uint32_t, Items> row;
    std::string format;
    std::vector<std::string_view> values;
    std::size_t n = 0;
    per_part<std::size_t> cursor;
    std::size_t total = 0;
    bytes offsets, codes;

    void start(std::size_t rows, unsigned parts) {
        n = rows;
        cursor.assign(parts, 0);
        row.start(parts);
    }
    void measure(unsigned part, std::size_t i) { cursor[part] += row(part, i).size(); }
    void prepare() {
        total = cursor.to_starts();
        if (total > static_cast<std::size_t>(INT32_MAX)) throw overflow_error("a list column of more than 2^31 items");
        offsets = bytes((n + 1) * 4);
        codes = bytes(total * sizeof(Index));
    }
    void write(unsigned part, std::size_t i) {
        std::size_t& k = cursor[part];
        detail::put_offset(offsets, i, k, false);
        for (auto x : row(part, i)) {
            const auto code = static_cast<Index>(x);
            std::memcpy(codes.data() + k++ * sizeof(Index), &code, sizeof(Index));
        }
    }
    column finish(std::string name) {
        detail::put_offset(offsets, n, total, false);
        std::vector<bytes> data;
        data.push_back(std::move(codes));
        column child = detail::made("item", format, total, {}, std::move(data));
        child.dictionary = std::make_shared<column>(strings("", values));
        data.clear();
        data.push_back(std::move(offsets));
        column c = detail::made(std::move(name), "+l", n, {}, std::move(data));
        c.children.push_back(std::move(child));
        return c;
    }
};
template <class Index, class Items>
coded_list_rows<Index, Items> coded_lists_by(std::string format, std::vector<std::string_view> values, Items items) {
    return {{std::move(items)}, std::move(format), std::move(values)};
}

/// Runs the builders' two passes over n rows in `parts` slices (see above).
template <class... B>
void build_rows(std::size_t n, unsigned parts, B&... b) {
    parts = std::max(1u, parts);
    (b.start(n, parts), ...);
    auto bound = [&](unsigned t) { return t >= parts ? n : (n * t / parts) & ~std::size_t(63); };
    auto pass = [&](auto&& each) {
        grantfolio::detail::run_in_parts(parts, parts, [&](unsigned, std::size_t t, std::size_t) {
            const auto part = static_cast<unsigned>(t);
            for (std::size_t i = bound(part), hi = bound(part + 1); i < hi; ++i) each(part, i);
        });
    };
    pass([&](unsigned part, std::size_t i) { (b.measure(part, i), ...); });
    (b.prepare(), ...);
    pass([&](unsigned part, std::size_t i) { (b.write(part, i), ...); });
}

inline column strings(std::string name, const std::vector<std::string_view>& values, const std::vector<bool>* valid) {
    auto rows = strings_by([&](std::size_t i) {
        return valid && !(*valid)[i] ? std::optional<std::string_view>() : std::optional<std::string_view>(values[i]);
    }, valid != nullptr);
    build_rows(values.size(), 1, rows);
    return rows.finish(std::move(name));
}

/// The capsule a `__arrow_c_stream__` returns: the table as a stream of one record batch.
py::capsule to_stream_capsule(std::shared_ptr<const table> t);

/// The schema alone, as `__arrow_c_schema__` returns it.
py::capsule to_schema_capsule(std::shared_ptr<const table> t);

}  // namespace grantfolio::python::arrow
