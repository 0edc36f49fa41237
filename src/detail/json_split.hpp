// Finds the elements of one top-level array of a JSON document without building a tree: a
// 360Giving package's "grants", so that each grant is parsed (and its record cut from the text as
// written) on its own, and the memory a package takes is its grants', not a whole document tree.
//
//   auto s = split_member_array(text, "grants");
//   if (s) for (auto [begin, end] : s->items) parse(text.substr(begin, end - begin));
//
// The scan checks the structure only (strings, brackets, commas between members and elements); each
// element and the rest of the document (`envelope`) are parsed and so checked by the caller. Nothing
// is returned where the fast path cannot be sure of the document's shape (the key written with an
// escape or given twice, no array under it, a stray byte between elements): the caller then parses the
// whole document as before, which refuses what is not well formed with its line and column.
//
// Internal to the compiled library: not installed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mapped_file.hpp"

namespace grantfolio::io::detail {

struct json_array_split {
    std::size_t open = 0;   ///< offset of the array's '['
    std::size_t close = 0;  ///< offset of its ']'
    std::vector<std::pair<std::size_t, std::size_t>> items;  ///< each element's [begin, end) in the text

    /// The document without the array's elements ("[...]" becomes "[]"): parsed on its own, it
    /// checks everything outside the elements.
    std::string envelope(std::string_view text) const {
        std::string out;
        out.reserve(open + 1 + (text.size() - close));
        out.append(text.substr(0, open + 1)).append(text.substr(close));
        return out;
    }
};

namespace json_scan {

inline bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline std::size_t skip_space(std::string_view t, std::size_t at) {
    while (at < t.size() && space(t[at])) ++at;
    return at;
}

/// From an opening quote to just past its closing quote; npos when the text ends first.
/// `escaped` says whether a backslash was met.
inline std::size_t skip_string(std::string_view t, std::size_t at, bool& escaped) {
    for (++at; at < t.size(); ++at) {
        const char c = t[at];
        if (c == '\\') {
            escaped = true;
            ++at;
        } else if (c == '"') {
            return at + 1;
        }
    }
    return std::string_view::npos;
}

/// Past one value (a string, a container with everything in it, or a bare number or literal);
/// npos when the text ends first. Brackets are counted, not matched: the value's own parse checks them.
inline std::size_t skip_value(std::string_view t, std::size_t at) {
    if (at >= t.size()) return std::string_view::npos;
    bool escaped = false;
    const char c = t[at];
    if (c == '"') return skip_string(t, at, escaped);
    if (c == '{' || c == '[') {
        std::size_t depth = 0;
        for (; at < t.size(); ++at) {
            const char d = t[at];
            if (d == '"') {
                at = skip_string(t, at, escaped);
                if (at == std::string_view::npos) return at;
                --at;
            } else if (d == '{' || d == '[') {
                ++depth;
            } else if (d == '}' || d == ']') {
                if (--depth == 0) return at + 1;
            }
        }
        return std::string_view::npos;
    }
    while (at < t.size() && !space(t[at]) && t[at] != ',' && t[at] != '}' && t[at] != ']') ++at;
    return at;
}

}  // namespace json_scan

/// The elements of the array that is the value of `key` in the top-level object of `text` (after
/// an optional UTF-8 byte order mark), or nothing when the document is not of that shape as far as
/// the scan can tell (see the header comment). `pages` (may be null) is told how far the scan has read.
inline std::optional<json_array_split> split_member_array(std::string_view text, std::string_view key, page_releaser* pages = nullptr) {
    using namespace json_scan;
    constexpr auto npos = std::string_view::npos;
    std::size_t at = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    at = skip_space(text, at);
    if (at >= text.size() || text[at] != '{') return std::nullopt;
    std::optional<json_array_split> found;
    at = skip_space(text, at + 1);
    if (at < text.size() && text[at] == '}') return std::nullopt;
    for (;;) {
        if (at >= text.size() || text[at] != '"') return std::nullopt;
        bool escaped = false;
        const std::size_t key_end = skip_string(text, at, escaped);
        if (key_end == npos || escaped) return std::nullopt;  // an escaped key may spell `key`: let the full parse decide
        const std::string_view name = text.substr(at + 1, key_end - at - 2);
        at = skip_space(text, key_end);
        if (at >= text.size() || text[at] != ':') return std::nullopt;
        at = skip_space(text, at + 1);
        if (name == key) {
            if (found || at >= text.size() || text[at] != '[') return std::nullopt;
            found.emplace();
            found->open = at;
            at = skip_space(text, at + 1);
            if (at < text.size() && text[at] == ']') {
                found->close = at++;
            } else {
                for (;;) {
                    const std::size_t end = skip_value(text, at);
                    if (end == npos || end == at) return std::nullopt;
                    found->items.emplace_back(at, end);
                    if (pages) pages->read_up_to(text.data() + end);
                    at = skip_space(text, end);
                    if (at >= text.size()) return std::nullopt;
                    if (text[at] == ']') {
                        found->close = at++;
                        break;
                    }
                    if (text[at] != ',') return std::nullopt;
                    at = skip_space(text, at + 1);
                }
            }
        } else {
            at = skip_value(text, at);
            if (at == npos) return std::nullopt;
        }
        at = skip_space(text, at);
        if (at >= text.size()) return std::nullopt;
        if (text[at] == '}') break;
        if (text[at] != ',') return std::nullopt;
        at = skip_space(text, at + 1);
    }
    if (skip_space(text, at + 1) != text.size()) return std::nullopt;
    return found;
}

}  // namespace grantfolio::io::detail
