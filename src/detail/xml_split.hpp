// src/detail/xml_split.hpp — an XML document cut at its root's children, without building a tree.
//
// The IATI reader parses one activity at a time: this finds where the root element starts and
// ends and where each of its child elements does, by tokens (comments, processing instructions,
// CDATA sections, quoted attribute values and tags are skipped as wholes; nothing inside them is
// taken for markup). It checks only what it needs for that — every tag closes, the root ends, only
// comments, processing instructions and white space stand outside it; what is inside each child
// is the parser's to check. Errors carry the byte offset where the document stops making sense.
//
//   auto doc = grantfolio::io::detail::split_xml(text);
//   doc.root_name;                // "iati-activities"
//   for (auto c : doc.children)   // text.substr(c.begin, c.end - c.begin) is one whole element
//
// Internal to the compiled library: not installed.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace grantfolio::io::detail {

struct xml_split_error {
    std::size_t offset;
    std::string what;
};

struct xml_span {
    std::size_t begin = 0, end = 0;  ///< [begin, end): from '<' to just past the closing '>'
    std::string_view name;           ///< the element's name as written (with its prefix)
};

struct xml_top {
    xml_span root;                    ///< the whole root element
    std::size_t root_tag_end = 0;     ///< just past the root's start tag
    bool root_empty = false;          ///< written <root .../>
    std::vector<xml_span> children;   ///< the root's child elements, in document order
    std::vector<std::size_t> text;    ///< offsets of character data (not white space) directly in the root
};

namespace xml_scan {

inline bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// Past the end of the construct opening at `at` that ends with `close`; npos when it never does.
inline std::size_t past(std::string_view t, std::size_t at, std::string_view close) {
    const auto e = t.find(close, at);
    return e == std::string_view::npos ? e : e + close.size();
}

/// Past the '>' of the tag opening at `at` (quoted attribute values may hold '>'); `empty` tells
/// "/>". npos when the tag never ends. A '<' inside a tag is left for the parser to refuse.
inline std::size_t tag_end(std::string_view t, std::size_t at, bool& empty) {
    const char* const end = t.data() + t.size();
    const char* p = t.data() + at + 1;
    auto find = [end](const char* from, const char* to, char c) {
        return from < to ? static_cast<const char*>(std::memchr(from, c, static_cast<std::size_t>(to - from))) : nullptr;
    };
    const char* gt = find(p, end, '>');
    for (;;) {
        if (!gt) return std::string_view::npos;
        // The first quote before that '>': its value is skipped whole (it may hold '>').
        const char* dq = find(p, gt, '"');
        const char* sq = find(p, dq ? dq : gt, '\'');
        const char* q = sq ? sq : dq;
        if (!q) {
            empty = gt[-1] == '/';
            return static_cast<std::size_t>(gt - t.data()) + 1;
        }
        const char* close = find(q + 1, end, *q);
        if (!close) return std::string_view::npos;
        p = close + 1;
        if (p > gt) gt = find(p, end, '>');
    }
}

inline std::string_view name_at(std::string_view t, std::size_t at) {
    std::size_t e = at;
    while (e < t.size() && !space(t[e]) && t[e] != '>' && t[e] != '/') ++e;
    return t.substr(at, e - at);
}

}  // namespace xml_scan

/// Where the root element starts: past an optional byte order mark, the XML declaration, comments,
/// processing instructions and the document type (with an internal subset). npos when the text
/// ends first or holds something else there.
inline std::size_t xml_root_offset(std::string_view t) {
    using namespace xml_scan;
    std::size_t at = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    for (;;) {
        while (at < t.size() && space(t[at])) ++at;
        if (at >= t.size() || t[at] != '<') return std::string_view::npos;
        const std::string_view rest = t.substr(at);
        if (rest.substr(0, 2) == "<?") {
            at = past(t, at + 2, "?>");
        } else if (rest.substr(0, 4) == "<!--") {
            at = past(t, at + 4, "-->");
        } else if (rest.substr(0, 2) == "<!") {  // <!DOCTYPE ...>, perhaps with an internal subset [ ... ]
            std::size_t i = at + 2, depth = 0;
            for (; i < t.size(); ++i) {
                if (t[i] == '[') ++depth;
                else if (t[i] == ']' && depth > 0) --depth;
                else if (t[i] == '>' && depth == 0) break;
            }
            at = i < t.size() ? i + 1 : std::string_view::npos;
        } else {
            return at;
        }
        if (at == std::string_view::npos) return at;
    }
}

/// The root element and its children's extents. Throws xml_split_error.
inline xml_top split_xml(std::string_view t) {
    using namespace xml_scan;
    constexpr auto npos = std::string_view::npos;
    auto fail = [](std::size_t offset, std::string what) { throw xml_split_error{offset, std::move(what)}; };
    xml_top doc;
    const std::size_t root = xml_root_offset(t);
    if (root == npos) fail(t.size(), "no root element");
    doc.root.begin = root;
    doc.root.name = name_at(t, root + 1);
    if (doc.root.name.empty()) fail(root, "a '<' that opens no element");
    doc.root_tag_end = tag_end(t, root, doc.root_empty);
    if (doc.root_tag_end == npos) fail(root, "the root element's start tag never ends");
    std::size_t at = doc.root_tag_end;
    if (doc.root_empty) {
        doc.root.end = at;
    } else {
        // The root's content: child elements (each skipped whole, by depth), comments, processing
        // instructions, CDATA and character data, up to the root's end tag.
        for (;;) {
            const void* lt = std::memchr(t.data() + at, '<', t.size() - at);
            const std::size_t next = lt ? static_cast<std::size_t>(static_cast<const char*>(lt) - t.data()) : t.size();
            for (std::size_t i = at; i < next; ++i)
                if (!space(t[i])) {
                    doc.text.push_back(i);
                    break;
                }
            if (!lt) fail(t.size(), "the text ends before </" + std::string(doc.root.name) + ">");
            at = next;
            const std::string_view rest = t.substr(at);
            if (rest.substr(0, 4) == "<!--") {
                at = past(t, at + 4, "-->");
                if (at == npos) fail(next, "a comment that never ends");
            } else if (rest.substr(0, 9) == "<![CDATA[") {
                doc.text.push_back(next);
                at = past(t, at + 9, "]]>");
                if (at == npos) fail(next, "a CDATA section that never ends");
            } else if (rest.substr(0, 2) == "<?") {
                at = past(t, at + 2, "?>");
                if (at == npos) fail(next, "a processing instruction that never ends");
            } else if (rest.substr(0, 2) == "<!") {
                fail(next, "a declaration inside the root element");
            } else if (rest.substr(0, 2) == "</") {
                if (name_at(t, at + 2) != doc.root.name)
                    fail(next, "</" + std::string(name_at(t, at + 2)) + "> where </" + std::string(doc.root.name) + "> closes the root");
                bool unused = false;
                at = tag_end(t, at, unused);
                if (at == npos) fail(next, "the root's end tag never ends");
                doc.root.end = at;
                break;
            } else {
                xml_span child{next, 0, name_at(t, next + 1)};
                if (child.name.empty()) fail(next, "a '<' that opens no element");
                // The child, whole: depth counts start and end tags; their names are the parser's to match.
                std::size_t depth = 0;
                for (;;) {
                    const char kind = at + 1 < t.size() ? t[at + 1] : '\0';
                    if (kind == '/') {
                        bool unused = false;
                        at = tag_end(t, at, unused);
                        if (at != npos && --depth == 0) break;
                    } else if (kind == '!' && t.substr(at, 4) == "<!--") {
                        at = past(t, at + 4, "-->");
                    } else if (kind == '!' && t.substr(at, 9) == "<![CDATA[") {
                        at = past(t, at + 9, "]]>");
                    } else if (kind == '?') {
                        at = past(t, at + 2, "?>");
                    } else if (kind == '!') {
                        fail(at, "a declaration inside an element");
                    } else {
                        bool empty = false;
                        at = tag_end(t, at, empty);
                        if (at != npos && !empty) ++depth;
                        if (at != npos && depth == 0) break;
                    }
                    if (at == npos) fail(child.begin, "<" + std::string(child.name) + "> never ends");
                    const void* n = std::memchr(t.data() + at, '<', t.size() - at);
                    if (!n) fail(child.begin, "<" + std::string(child.name) + "> never ends");
                    at = static_cast<std::size_t>(static_cast<const char*>(n) - t.data());
                }
                child.end = at;
                doc.children.push_back(child);
            }
        }
    }
    // After the root: only white space, comments and processing instructions.
    for (;;) {
        while (at < t.size() && space(t[at])) ++at;
        if (at >= t.size()) break;
        const std::string_view rest = t.substr(at);
        std::size_t after = npos;
        if (rest.substr(0, 4) == "<!--") after = past(t, at + 4, "-->");
        else if (rest.substr(0, 2) == "<?") after = past(t, at + 2, "?>");
        if (after == npos) fail(at, "content after the root element");
        at = after;
    }
    return doc;
}

}  // namespace grantfolio::io::detail
