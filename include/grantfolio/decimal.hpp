// grantfolio/decimal.hpp — an exact decimal number: a 128-bit integer coefficient and a scale.
//
// The value is coefficient × 10^-scale with |coefficient| < 10^38 and 0 <= scale <= 38. Every
// operation is exact or throws grantfolio::overflow_error; rounding happens only where it is asked for,
// with a named rounding_mode. Equality is numeric (1.50 == 1.5); the scale is kept for printing.
//
//   auto r = grantfolio::decimal::parse("98.10337709126985");
//   auto x = grantfolio::decimal(2097624) * r;            // 205783998.26764...  exact
//   x.rescaled(2).to_string();                            // "205783998.27" (half-even)
#pragma once

#include <ostream>
#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "grantfolio/detail/wide.hpp"
#include "grantfolio/error.hpp"

namespace grantfolio {

class decimal {
public:
    static constexpr int max_scale = 38;

    constexpr decimal() noexcept = default;
    /// An integer value (scale 0).
    constexpr decimal(std::int64_t v) noexcept : coef_(v) {}  // NOLINT: implicit from integers is intended
    /// coefficient × 10^-scale; throws when out of range.
    static decimal from_parts(detail::i128 coefficient, int scale);

    /// Plain decimal text: [+-]digits[.digits][e[+-]digits]. Nothing else (no spaces, no grouping:
    /// see money.hpp's amount_format for written amounts). Throws parse_error.
    static decimal parse(std::string_view text);

    detail::i128 coefficient() const noexcept { return coef_; }
    int scale() const noexcept { return scale_; }
    int sign() const noexcept { return coef_ < 0 ? -1 : coef_ > 0 ? 1 : 0; }
    bool is_zero() const noexcept { return coef_ == 0; }
    bool is_integer() const;

    /// The same value with exactly `scale` decimals, rounding with `mode` when decimals are dropped.
    decimal rescaled(int scale, rounding_mode mode = rounding_mode::half_even) const;
    /// The same value with trailing fractional zeros removed.
    decimal normalized() const;
    /// Number of decimals once trailing zeros are removed.
    int significant_scale() const { return normalized().scale_; }

    decimal operator-() const;
    decimal abs() const { return sign() < 0 ? -*this : *this; }
    friend decimal operator+(const decimal& a, const decimal& b);
    friend decimal operator-(const decimal& a, const decimal& b);
    /// Exact product (scales add).
    friend decimal operator*(const decimal& a, const decimal& b);
    decimal& operator+=(const decimal& o) { return *this = *this + o; }
    decimal& operator-=(const decimal& o) { return *this = *this - o; }
    decimal& operator*=(const decimal& o) { return *this = *this * o; }

    /// a / b rounded to `scale` decimals with `mode`.
    static decimal divide(const decimal& a, const decimal& b, int scale,
                          rounding_mode mode = rounding_mode::half_even);

    friend bool operator==(const decimal& a, const decimal& b) { return compare(a, b) == 0; }
    friend std::strong_ordering operator<=>(const decimal& a, const decimal& b) {
        int c = compare(a, b);
        return c < 0 ? std::strong_ordering::less
                     : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
    }

    /// Plain notation with exactly scale() decimals: "-1234.50".
    std::string to_string() const;
    /// Value as an int64 count of 10^-scale units, if it fits exactly.
    std::int64_t to_units(int scale) const;

    std::size_t hash() const noexcept;

private:
    static int compare(const decimal& a, const decimal& b);
    static void check(detail::i128 c, int scale);
    detail::i128 coef_ = 0;
    std::int8_t scale_ = 0;
};

// inline definitions

inline void decimal::check(detail::i128 c, int scale) {
    if (scale < 0 || scale > max_scale)
        throw overflow_error("decimal scale " + std::to_string(scale) + " is outside 0.." +
                             std::to_string(max_scale));
    if (detail::uabs(c) >= detail::pow10_u128(38))
        throw overflow_error("decimal value exceeds 38 digits");
}

inline decimal decimal::from_parts(detail::i128 coefficient, int scale) {
    check(coefficient, scale);
    decimal d;
    d.coef_ = coefficient;
    d.scale_ = static_cast<std::int8_t>(scale);
    return d;
}

inline decimal decimal::parse(std::string_view s) {
    auto fail = [&](const std::string& why) -> decimal {
        throw parse_error(quote_value(s) + " is not a decimal number: " + why);
    };
    std::size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    detail::u128 c = 0;
    int digits = 0, scale = 0, frac_digits = 0, int_digits = 0;
    bool dot = false;
    for (; i < s.size(); ++i) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9') {
            if (c == 0 && ch == '0') {
                // leading zeros carry no digits, but fractional ones move the scale
            } else {
                ++digits;
            }
            if (digits > 38) return fail("more than 38 significant digits");
            c = c * 10 + detail::u128(ch - '0');
            if (dot) ++frac_digits; else ++int_digits;
        } else if (ch == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (int_digits + frac_digits == 0) return fail("no digits");
    scale = frac_digits;
    if (i < s.size()) {
        if (s[i] != 'e' && s[i] != 'E') return fail("unexpected character '" + std::string(1, s[i]) + "'");
        ++i;
        bool eneg = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        if (i == s.size()) return fail("exponent without digits");
        int e = 0;
        for (; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') return fail("unexpected character in exponent");
            e = e * 10 + (s[i] - '0');
            if (e > 1000) return fail("exponent out of range");
        }
        scale += eneg ? e : -e;
    }
    if (scale < 0) {
        // 1.5e3: fold the positive exponent into the coefficient
        for (; scale < 0; ++scale) {
            if (c >= detail::pow10_u128(37)) return fail("value exceeds 38 digits");
            c *= 10;
        }
    }
    if (scale > max_scale) return fail("more than 38 decimals");
    if (c >= detail::pow10_u128(38)) return fail("value exceeds 38 digits");
    detail::i128 v = static_cast<detail::i128>(c);
    return from_parts(neg ? -v : v, scale);
}

inline bool decimal::is_integer() const {
    return scale_ == 0 || detail::uabs(coef_) % detail::pow10_u128(scale_) == 0;
}

inline decimal decimal::rescaled(int scale, rounding_mode mode) const {
    if (scale == scale_) return *this;
    if (scale > scale_) {
        if (scale > max_scale)
            throw overflow_error("decimal scale " + std::to_string(scale) + " exceeds " + std::to_string(max_scale));
        detail::i128 r;
        if (__builtin_mul_overflow(coef_, static_cast<detail::i128>(detail::pow10_u128(scale - scale_)), &r))
            throw overflow_error(to_string() + " with " + std::to_string(scale) + " decimals exceeds 38 digits");
        return from_parts(r, scale);
    }
    if (scale < 0) throw overflow_error("negative decimal scale");
    detail::u128 d = detail::pow10_u128(scale_ - scale);
    detail::u128 m = detail::uabs(coef_);
    detail::u128 q = m / d, rem = m % d;
    if (detail::round_away(q, rem, d, mode)) ++q;
    detail::i128 v = static_cast<detail::i128>(q);
    return from_parts(coef_ < 0 ? -v : v, scale);
}

inline decimal decimal::normalized() const {
    decimal d = *this;
    if (d.coef_ == 0) {
        d.scale_ = 0;
        return d;
    }
    while (d.scale_ > 0 && d.coef_ % 10 == 0) {
        d.coef_ /= 10;
        --d.scale_;
    }
    return d;
}

inline decimal decimal::operator-() const { return from_parts(-coef_, scale_); }

inline decimal operator+(const decimal& a, const decimal& b) {
    int s = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
    decimal x = a.rescaled(s), y = b.rescaled(s);
    detail::i128 r;
    if (__builtin_add_overflow(x.coef_, y.coef_, &r))
        throw overflow_error(a.to_string() + " + " + b.to_string() + " overflows");
    if (detail::uabs(r) >= detail::pow10_u128(38))
        throw overflow_error(a.to_string() + " + " + b.to_string() + " exceeds 38 digits");
    return decimal::from_parts(r, s);
}

inline decimal operator-(const decimal& a, const decimal& b) { return a + (-b); }

inline decimal operator*(const decimal& a, const decimal& b) {
    int s = a.scale_ + b.scale_;
    detail::i128 r;
    bool ovf = __builtin_mul_overflow(a.coef_, b.coef_, &r);
    if (!ovf && s <= decimal::max_scale && detail::uabs(r) < detail::pow10_u128(38))
        return decimal::from_parts(r, s);
    // Too many digits: exact only if trailing zeros can be dropped; otherwise it is an overflow.
    decimal x = a.normalized(), y = b.normalized();
    s = x.scale_ + y.scale_;
    if (__builtin_mul_overflow(x.coef_, y.coef_, &r) || s > decimal::max_scale ||
        detail::uabs(r) >= detail::pow10_u128(38))
        throw overflow_error(a.to_string() + " × " + b.to_string() + " exceeds 38 digits");
    return decimal::from_parts(r, s);
}

inline decimal decimal::divide(const decimal& a, const decimal& b, int scale, rounding_mode mode) {
    if (b.is_zero()) throw invalid_argument("division of " + a.to_string() + " by zero");
    if (scale < 0 || scale > max_scale) throw overflow_error("decimal scale out of range");
    // a/b = (ca × 10^(scale + sb - sa)) / cb, all exact in 256 bits.
    int shift = scale + b.scale_ - a.scale_;
    detail::u128 num = detail::uabs(a.coef_), den = detail::uabs(b.coef_);
    if (shift < 0) {
        detail::u256 d = detail::mul_wide(den, detail::pow10(-shift));
        if (d.hi != 0 || (d.lo >> 127)) throw overflow_error("decimal division: divisor exceeds 127 bits");
        den = d.lo;
    }
    detail::u256 n = shift >= 0 ? detail::mul_wide(num, detail::pow10(shift)) : detail::u256{0, num};
    detail::u128 q = detail::div_round(n, den, mode, "decimal division");
    if (q >= detail::pow10_u128(38)) throw overflow_error("decimal quotient exceeds 38 digits");
    detail::i128 v = static_cast<detail::i128>(q);
    return from_parts((a.sign() * b.sign() < 0) ? -v : v, scale);
}

inline int decimal::compare(const decimal& a, const decimal& b) {
    if (a.sign() != b.sign()) return a.sign() < b.sign() ? -1 : 1;
    if (a.scale_ == b.scale_) return a.coef_ < b.coef_ ? -1 : a.coef_ > b.coef_ ? 1 : 0;
    // Same sign: compare magnitudes as 256-bit products.
    detail::u256 x = detail::mul_wide(detail::uabs(a.coef_), detail::pow10_u128(a.scale_ < b.scale_ ? b.scale_ - a.scale_ : 0));
    detail::u256 y = detail::mul_wide(detail::uabs(b.coef_), detail::pow10_u128(b.scale_ < a.scale_ ? a.scale_ - b.scale_ : 0));
    int mag = x.hi != y.hi ? (x.hi < y.hi ? -1 : 1) : x.lo != y.lo ? (x.lo < y.lo ? -1 : 1) : 0;
    return a.sign() < 0 ? -mag : mag;
}

inline std::string decimal::to_string() const {
    std::string digits = detail::to_string(detail::uabs(coef_));
    if (scale_ > 0) {
        if (static_cast<int>(digits.size()) <= scale_)
            digits.insert(0, static_cast<std::size_t>(scale_ - static_cast<int>(digits.size()) + 1), '0');
        digits.insert(digits.size() - static_cast<std::size_t>(scale_), 1, '.');
    }
    return coef_ < 0 ? "-" + digits : digits;
}

inline std::int64_t decimal::to_units(int scale) const {
    decimal d = rescaled(scale > scale_ ? scale : scale_);
    if (d.scale_ != scale) {
        decimal r = d.rescaled(scale, rounding_mode::down);
        if (r != *this) throw invalid_argument(to_string() + " has more than " + std::to_string(scale) + " decimals");
        d = r;
    }
    if (d.coef_ > INT64_MAX || d.coef_ < INT64_MIN)
        throw overflow_error(to_string() + " does not fit 64-bit units at scale " + std::to_string(scale));
    return static_cast<std::int64_t>(d.coef_);
}

inline std::size_t decimal::hash() const noexcept {
    decimal n = normalized();
    auto u = static_cast<detail::u128>(n.coef_);
    std::size_t h = std::hash<std::uint64_t>{}(static_cast<std::uint64_t>(u)) ^
                    (std::hash<std::uint64_t>{}(static_cast<std::uint64_t>(u >> 64)) * 0x9e3779b97f4a7c15ULL);
    return h ^ (static_cast<std::size_t>(n.scale_) << 1);
}

inline std::ostream& operator<<(std::ostream& os, const decimal& d) { return os << d.to_string(); }

}  // namespace grantfolio

namespace std {
/// Hashes consistently with ==.
template <>
struct hash<grantfolio::decimal> {
    std::size_t operator()(const grantfolio::decimal& d) const noexcept { return d.hash(); }
};
}  // namespace std
