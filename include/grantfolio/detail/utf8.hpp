// grantfolio/detail/utf8.hpp — where text stops being UTF-8, for readers that must say so.
//
//   grantfolio::detail::invalid_utf8("Kor\xC3\xA7\xC3\xAB");   // npos: valid
//   grantfolio::detail::invalid_utf8("a\xFF");                // 1: the offset of the bad byte
//   grantfolio::detail::utf8_cut("Kor\xC3\xA7\xC3\xAB", 4);  // 3: "Kor", not half of 'ç'
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace grantfolio::detail {

/// The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence
/// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), or npos when all is well.
inline std::size_t invalid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time.
        if (i + 8 <= n) {
            unsigned long long word;
            std::memcpy(&word, p + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;  // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
        } else {
            return i;
        }
        if (i + 1 >= n || p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (i + k >= n || (p[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return std::string_view::npos;
}

/// The longest prefix of `s` of at most `max` bytes that does not end inside a UTF-8 sequence:
/// where to cut a value that a message, a file name or a log line may only show part of.
inline std::size_t utf8_cut(std::string_view s, std::size_t max) noexcept {
    if (s.size() <= max) return s.size();
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return cut;
}

}  // namespace grantfolio::detail
