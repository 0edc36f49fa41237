// grantfolio/detail/wide.hpp — exact 128- and 256-bit integer helpers for decimal arithmetic.
// Internal: the public types are grantfolio::decimal and grantfolio::money.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "grantfolio/error.hpp"

namespace grantfolio {

/// How a value is brought to fewer decimals. Every rounding in grantfolio names one of these.
enum class rounding_mode {
    half_even,  ///< to nearest, ties to the even neighbour (banker's rounding); the default
    half_up,    ///< to nearest, ties away from zero
    down,       ///< toward zero (truncate)
    up,         ///< away from zero
};

/// "half-even", "half-up", "down", "up"
inline const char* to_string(rounding_mode m) noexcept {
    switch (m) {
        case rounding_mode::half_even: return "half-even";
        case rounding_mode::half_up: return "half-up";
        case rounding_mode::down: return "down";
        case rounding_mode::up: return "up";
    }
    return "?";
}

namespace detail {

__extension__ typedef __int128 i128;  // GCC and Clang; __extension__ keeps -Wpedantic quiet
__extension__ typedef unsigned __int128 u128;

inline constexpr int max_pow10 = 38;  // 10^38 < 2^127

inline constexpr std::array<u128, max_pow10 + 1> pow10_table = [] {
    std::array<u128, max_pow10 + 1> t{};
    t[0] = 1;
    for (int i = 1; i <= max_pow10; ++i) t[static_cast<std::size_t>(i)] = t[static_cast<std::size_t>(i - 1)] * 10;
    return t;
}();

/// 10^n for 0 <= n <= 38 (unchecked: see pow10 for the checked form).
inline constexpr u128 pow10_u128(int n) { return pow10_table[static_cast<std::size_t>(n)]; }

inline u128 pow10(int n) {
    if (n < 0 || n > max_pow10) throw overflow_error("10^" + std::to_string(n) + " exceeds 128 bits");
    return pow10_u128(n);
}

inline std::string to_string(u128 v) {
    // Digits come from 64-bit parts (a 64-bit division by 10 is a multiplication; a 128-bit one is a
    // library call): at most two 128-bit divisions by 10^19 split v into such parts.
    constexpr std::uint64_t e19 = 10'000'000'000'000'000'000ULL;
    char buf[48];
    char* p = buf + sizeof buf;
    auto put = [&p](std::uint64_t x, bool pad) {
        char* const stop = p - 19;
        do {
            *--p = static_cast<char>('0' + x % 10);
            x /= 10;
        } while (x || (pad && p > stop));
    };
    while (v > u128(e19 - 1)) {
        put(static_cast<std::uint64_t>(v % e19), true);
        v /= e19;
    }
    put(static_cast<std::uint64_t>(v), false);
    return std::string(p, buf + sizeof buf);
}

inline u128 uabs(i128 v) { return v < 0 ? u128(0) - u128(v) : u128(v); }

inline u128 gcd(u128 a, u128 b) {
    while (b) {
        u128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/// Whether a quotient q with remainder r (of divisor d, all magnitudes) rounds away from zero.
inline bool round_away(u128 q, u128 r, u128 d, rounding_mode mode) {
    if (r == 0) return false;
    switch (mode) {
        case rounding_mode::down: return false;
        case rounding_mode::up: return true;
        case rounding_mode::half_up: return r >= d - r;
        case rounding_mode::half_even: {
            u128 other = d - r;
            return r > other || (r == other && (q & 1));
        }
    }
    return false;
}

/// Unsigned 256-bit value, just enough for exact product-then-divide.
struct u256 {
    u128 hi = 0, lo = 0;
};

inline u256 mul_wide(u128 a, u128 b) {
    const u128 mask = (u128(1) << 64) - 1;
    u128 a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
    u128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    u128 mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
    u256 r;
    r.lo = (p00 & mask) | (mid << 64);
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

/// (a * b) where a is 256-bit and b 128-bit; throws when the product needs more than 256 bits.
inline u256 mul_wide(u256 a, u128 b, const char* what) {
    u256 lo = mul_wide(a.lo, b);
    u256 hi = mul_wide(a.hi, b);
    if (hi.hi != 0) throw overflow_error(std::string(what) + ": intermediate product exceeds 256 bits");
    u128 top = lo.hi + hi.lo;
    if (top < lo.hi) throw overflow_error(std::string(what) + ": intermediate product exceeds 256 bits");
    return {top, lo.lo};
}

/// n / d rounded with `mode` (magnitudes); throws when the quotient does not fit 127 bits.
inline u128 div_round(u256 n, u128 d, rounding_mode mode, const char* what) {
    if (d == 0) throw invalid_argument(std::string(what) + ": division by zero");
    u128 q, r;
    if (n.hi == 0) {
        q = n.lo / d;
        r = n.lo % d;
    } else {
        if (n.hi >= d) throw overflow_error(std::string(what) + ": result exceeds 128 bits");
        // Shift-subtract long division; only reached when the 128-bit fast path cannot hold n.
        u128 rem = n.hi;
        q = 0;
        for (int i = 127; i >= 0; --i) {
            bool carry = (rem >> 127) != 0;
            rem = (rem << 1) | ((n.lo >> i) & 1);
            q <<= 1;
            if (carry || rem >= d) {
                rem -= d;
                q |= 1;
            }
        }
        r = rem;
    }
    if (round_away(q, r, d, mode)) ++q;
    if (q >> 127) throw overflow_error(std::string(what) + ": result exceeds 127 bits");
    return q;
}

}  // namespace detail
}  // namespace grantfolio
