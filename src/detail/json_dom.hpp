// A bounded JSON reader for the JSON formats grantfolio reads (its own programme and 360Giving):
// a DOM like nlohmann's own, built through its SAX interface so that hostile input is refused
// with a location instead of exhausting the process.
//
//   - nesting is capped; a key given twice in one object is an error naming its JSON pointer;
//   - numbers with a fraction or an exponent keep their text (amounts never pass through a binary
//     float, and 1e400 is not an overflow);
//   - the memory the tree will take is estimated from the text before anything is built, and a
//     document over the cap is refused then; running out of memory while building is reported as
//     such, naming the file and the place;
//   - the tree is torn down leaf by leaf (nlohmann's destructor gathers a container's children
//     into one new vector first, which can itself fail to allocate and end the process).
//
// Internal to the compiled library: not installed.
#pragma once

#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/error.hpp"
#include "mapped_file.hpp"
#include "text_position.hpp"

namespace grantfolio::io::detail {

/// Numbers with a fraction or an exponent are kept as their text, in a binary value of this subtype.
constexpr std::uint8_t number_text = 'N';

struct json_dom_limits {
    std::size_t max_depth = 64;
    std::size_t max_memory = std::size_t(4) << 30;  ///< bytes the tree may take (estimated)
    /// max_memory already is what the address-space limit leaves (memory_cap was applied once for
    /// many small documents, such as a package's grants parsed one by one).
    bool cap_applied = false;
};

/// Line and column (1-based) of a byte offset.
inline parse_error::location location_of(std::string_view text, std::size_t byte, const std::string& name) {
    auto [line, col] = line_column(text, byte);
    return parse_error::location{name, line, col, {}};
}

/// About how many bytes nlohmann's tree of `text` takes, from one pass over the bytes (calibrated
/// against measured peaks; it errs high by up to a quarter): an array element 16 bytes and its share
/// of the vector's spare capacity, an object member its key and value (48 bytes) and its share,
/// a string value its heap-allocated std::string, a string longer than 15 bytes its buffer.
/// The most estimated_tree_bytes gives per byte of text: a member (72) takes at least its ':' and
/// the ',' or '{' before it, an element (24) its ',' or '[', a string value (48) its two quotes.
inline constexpr std::size_t max_tree_bytes_per_byte = 36;
inline std::size_t estimated_tree_bytes(std::string_view text) {
    std::size_t values = 1, keys = 0, strings = 0, long_bytes = 0, longs = 0, length = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
                if (length > 15) {
                    ++longs;
                    long_bytes += length;
                }
                continue;
            }
            ++length;
            continue;
        }
        switch (c) {
            case '"': in_string = true; length = 0; ++strings; break;
            case ',': case '[': case '{': ++values; break;
            case ':': ++keys; break;
            default: break;
        }
    }
    const std::size_t members = std::min(keys, values), elements = values - members, string_values = strings - std::min(keys, strings);
    return elements * 24 + members * 72 + string_values * 48 + long_bytes + longs * 24;
}

/// Empties a tree from its leaves up: no container is ever asked for more memory.
template <class Json>
void release(Json& j) noexcept {
    if (j.is_array()) {
        auto& a = j.template get_ref<typename Json::array_t&>();
        while (!a.empty()) {
            release(a.back());
            a.pop_back();
        }
    } else if (j.is_object()) {
        auto& o = j.template get_ref<typename Json::object_t&>();
        while (!o.empty()) {
            auto last = std::prev(o.end());
            release(last->second);
            o.erase(last);
        }
    }
}

/// Holds a tree and releases it leaf by leaf when it goes.
template <class Json>
struct json_tree {
    Json root;
    json_tree() = default;
    json_tree(const json_tree&) = delete;
    json_tree& operator=(const json_tree&) = delete;
    ~json_tree() { release(root); }
};

template <class Json>
class bounded_dom {
public:
    bounded_dom(Json& root, const json_dom_limits& limits) : root_(root), limits_(limits) {}

    bool null() { return put(Json()); }
    bool boolean(bool v) { return put(Json(v)); }
    bool number_integer(typename Json::number_integer_t v) { return put(Json(v)); }
    bool number_unsigned(typename Json::number_unsigned_t v) { return put(Json(v)); }
    bool number_float(typename Json::number_float_t, const std::string& text) {
        return put(Json::binary(typename Json::binary_t::container_type(text.begin(), text.end()), number_text));
    }
    bool string(std::string& v) { return put(Json(std::move(v))); }
    bool binary(typename Json::binary_t& v) { return put(Json(std::move(v))); }
    bool start_object(std::size_t) { return open(Json::object()); }
    bool key(std::string& k) {
        Json& top = *stack_.back();
        if (top.contains(k)) return fail("the key \"" + clip(k) + "\" appears twice in one object", pointer() + "/" + escape(k));
        key_ = std::move(k);
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
        error_ = e.what();
        if (auto at = error_.find("parse error"); at != std::string::npos) error_ = error_.substr(at);
        else if (auto colon = error_.find("] "); colon != std::string::npos) error_ = error_.substr(colon + 2);
        error_at_ = position;
        return false;
    }

    const std::string& error() const { return error_; }
    /// Byte offset of a syntax error (1-based, as nlohmann counts), or 0 when the error is in the content.
    std::size_t error_at() const { return error_at_; }
    /// JSON pointer of a content error.
    const std::string& error_pointer() const { return error_pointer_; }
    /// JSON pointer of the value being built now (where an allocation failed).
    std::string pointer() const {
        std::string p;  // path_[0] is the root's, which has no step
        for (std::size_t i = 1; i < path_.size(); ++i) p += "/" + path_[i];
        return p;
    }

private:
    static std::string clip(const std::string& s) { return clip_value(s); }
    static std::string escape(const std::string& k) {
        std::string out;
        for (char c : clip(k)) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
        return out;
    }
    bool fail(std::string what, std::string where) {
        error_ = std::move(what);
        error_pointer_ = std::move(where);
        error_at_ = 0;
        return false;
    }
    Json* put(Json v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        Json& top = *stack_.back();
        if (top.is_object()) {
            auto [it, fresh] = top.template get_ref<typename Json::object_t&>().emplace(key_, std::move(v));
            (void)fresh;
            return &it->second;
        }
        top.push_back(std::move(v));
        return &top.back();
    }
    bool open(Json v) {
        if (stack_.size() >= limits_.max_depth)
            return fail("JSON nested deeper than the cap of " + std::to_string(limits_.max_depth), pointer());
        std::string step = stack_.empty() ? std::string()
                           : stack_.back()->is_object() ? escape(key_)
                                                        : std::to_string(stack_.back()->size());
        stack_.push_back(put(std::move(v)));
        path_.push_back(std::move(step));
        return true;
    }
    bool close() {
        stack_.pop_back();
        path_.pop_back();
        return true;
    }
    Json& root_;
    json_dom_limits limits_;
    std::string key_, error_, error_pointer_;
    std::size_t error_at_ = 0;
    std::vector<Json*> stack_;
    std::vector<std::string> path_;
};

/// Parses `text` into `tree.root`; throws parse_error naming the file and the line and column of a
/// syntax error, or the JSON pointer of a duplicate key or of too deep a nesting.
/// The cap that applies: the configured one, or, under an address-space limit (ulimit -v,
/// prlimit --as), three quarters of what the process has left of it, since the programme made from
/// the tree needs room too.
inline std::size_t memory_cap(std::size_t configured) {
    struct rlimit as {};
    if (::getrlimit(RLIMIT_AS, &as) != 0 || as.rlim_cur == RLIM_INFINITY) return configured;
    std::size_t used = 0;
    if (const unique_file f{std::fopen("/proc/self/statm", "r")}) {
        unsigned long pages = 0;
        if (std::fscanf(f.get(), "%lu", &pages) == 1) used = pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    }
    const std::size_t limit = static_cast<std::size_t>(as.rlim_cur);
    const std::size_t left = used < limit ? (limit - used) / 4 * 3 : 0;
    return left < configured ? left : configured;
}

template <class Json>
void parse_bounded(std::string_view text, const std::string& name, json_tree<Json>& tree, const json_dom_limits& limits = {}) {
    const std::size_t cap = limits.cap_applied ? limits.max_memory : memory_cap(limits.max_memory);
    // No value costs more than max_tree_bytes_per_byte per byte of its text: a text that small cannot
    // reach the cap, and the 360Giving reader's many small grants skip the second pass over their bytes.
    const std::size_t need = text.size() <= cap / max_tree_bytes_per_byte ? 0 : estimated_tree_bytes(text);
    if (need > cap)
        throw parse_error("the JSON would take about " + std::to_string(need >> 20) + " MiB in memory, over the cap of " +
                              std::to_string(cap >> 20) + " MiB" +
                              (cap < limits.max_memory ? " (what the process's address-space limit leaves)" : "") + "; nothing read",
                          parse_error::location{name, 0, 0, {}});
    bounded_dom<Json> dom(tree.root, limits);
    bool ok = false;
    try {
        ok = Json::sax_parse(text.begin(), text.end(), &dom);
    } catch (const std::bad_alloc&) {
        release(tree.root);
        const std::string at = dom.pointer();
        throw error("out of memory while reading '" + name + "' at " + (at.empty() ? std::string("its root") : "JSON pointer " + clip_value(at, 200)) +
                    " (a JSON of " + std::to_string(text.size() >> 20) + " MiB); nothing read");
    }
    if (!ok) {
        release(tree.root);
        if (dom.error_at() > 0) {
            auto at = location_of(text, dom.error_at() - 1, name);
            throw parse_error(dom.error(), at);
        }
        throw parse_error(dom.error(), parse_error::location{name, 0, 0, dom.error_pointer()});
    }
}

}  // namespace grantfolio::io::detail
