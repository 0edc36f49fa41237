// grantfolio/money.hpp — an exact amount in one currency, and amounts as people write them.
//
// Money never passes through binary floating point. Sums and differences need one currency;
// products are exact; rounding to the currency's minor unit is explicit and names its mode.
//
//   using namespace grantfolio;
//   money total = money::parse("2,097,624", currency("USD"), amount_format::english());
//   money lek = money::parse("209.762.381", currency("ALL"), amount_format::albanian());
//   total + lek;                                   // throws currency_mismatch
//   (total * decimal::parse("0.15")).rounded();    // 314643.60 USD, half-even
//   total.allocate({1, 1, 1});                     // 699208.00 ×3, nothing lost or invented
#pragma once

#include <ostream>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/currency.hpp"
#include "grantfolio/decimal.hpp"

namespace grantfolio {

/// How an amount is written: the decimal mark and the digit-group separator (empty: none allowed).
/// Grouping, when present, must be regular: 1–3 digits, then groups of exactly 3.
struct amount_format {
    std::string decimal_mark = ".";
    std::string group_separator;
    std::string name = "plain";

    /// 2097624.50 — no grouping (the default, and what machines write)
    static amount_format plain() { return {".", "", "plain"}; }
    /// 2,097,624.50 — English: comma groups, point decimals (grouping optional)
    static amount_format english() { return {".", ",", "english"}; }
    /// 209.762.381,50 — Albanian (and most of continental Europe): point groups, comma decimals
    static amount_format albanian() { return {",", ".", "albanian"}; }

    friend bool operator==(const amount_format&, const amount_format&) = default;
};

/// Reads an amount written in `format`; throws parse_error saying what does not fit.
decimal parse_amount(std::string_view text, const amount_format& format);
/// Reads an amount that may be written in any of `formats`. If two formats read it as different
/// values ("1.234": 1.234 or 1234), that is a parse_error naming both readings: never a silent guess.
decimal parse_amount(std::string_view text, std::span<const amount_format> formats);
/// Writes an amount with the format's marks and grouping.
std::string format_amount(const decimal& amount, const amount_format& format);

class money {
public:
    /// An exact amount; any number of decimals (see rounded() and is_rounded()).
    money(decimal amount, currency c) : amount_(amount), currency_(c) {}
    /// Zero in c.
    explicit money(currency c) : currency_(c) {}

    /// Reads an amount in `format`. More decimals than the currency's minor unit is a parse_error,
    /// unless `rounding` is given: then the amount is rounded with it.
    static money parse(std::string_view amount, currency c, const amount_format& format = amount_format::plain(),
                       std::optional<rounding_mode> rounding = std::nullopt);
    /// An integer count of minor units: from_minor(209762381, ALL) is 2097623.81 ALL.
    static money from_minor(std::int64_t units, currency c);

    const decimal& amount() const noexcept { return amount_; }
    currency currency_of() const noexcept { return currency_; }
    /// Amount in minor units; throws invalid_argument if it has more decimals than the minor unit.
    std::int64_t minor_units() const;
    /// True when the amount has no more decimals than the currency's minor unit.
    bool is_rounded() const;
    /// To the currency's minor unit with `mode`. Throws invalid_argument for currencies that have none
    /// (XDR, XAU): use rounded(scale, mode).
    money rounded(rounding_mode mode = rounding_mode::half_even) const;
    money rounded(int scale, rounding_mode mode) const { return money(amount_.rescaled(scale, mode), currency_); }

    money operator-() const { return money(-amount_, currency_); }
    money& operator+=(const money& o);
    money& operator-=(const money& o);
    friend money operator+(money a, const money& b) { return a += b; }
    friend money operator-(money a, const money& b) { return a -= b; }
    /// Exact products: scale adds; call rounded() to come back to the minor unit.
    friend money operator*(const money& m, const decimal& k) { return money(m.amount_ * k, m.currency_); }
    friend money operator*(const decimal& k, const money& m) { return m * k; }

    /// Splits the amount over `weights` (each >= 0, not all 0) into amounts at the minor unit that add
    /// up exactly to it: each share is rounded down, and the minor units left over go one each to the
    /// shares with the largest remainders (ties to the earlier share). The amount must be rounded.
    std::vector<money> allocate(std::span<const decimal> weights) const;
    std::vector<money> allocate(std::initializer_list<decimal> weights) const {
        return allocate(std::span<const decimal>(weights.begin(), weights.size()));
    }

    /// Equal amounts in one currency (2.5 USD == 2.50 USD); different currencies are never equal.
    friend bool operator==(const money& a, const money& b) {
        return a.currency_ == b.currency_ && a.amount_ == b.amount_;
    }
    /// Ordering within one currency; throws currency_mismatch across currencies.
    friend std::strong_ordering operator<=>(const money& a, const money& b) {
        a.require_same(b, "compare");
        return a.amount_ <=> b.amount_;
    }

    /// "2097624.50 USD": the amount with its own decimals, then the code.
    std::string to_string() const { return amount_.to_string() + " " + std::string(currency_.code()); }

private:
    void require_same(const money& o, const char* op) const;
    int minor_unit_or_throw(const char* what) const;
    decimal amount_;
    currency currency_;
};

inline std::string to_string(const money& m) { return m.to_string(); }

// inline definitions

inline decimal parse_amount(std::string_view s, const amount_format& f) {
    auto fail = [&](const std::string& why) -> decimal {
        throw parse_error(quote_value(s) + " is not an amount in " + f.name + " format: " + why);
    };
    if (f.decimal_mark.empty()) return fail("the format has no decimal mark");
    if (f.decimal_mark == f.group_separator) return fail("decimal mark and group separator are the same");
    std::size_t i = 0;
    std::string plain;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) plain += s[i++];
    std::string digits_int;
    std::vector<std::size_t> groups;  // sizes of digit groups before the decimal mark
    std::size_t cur = 0;
    bool grouped = false, seen_mark = false;
    std::string frac;
    while (i < s.size()) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9') {
            (seen_mark ? frac : digits_int) += ch;
            if (!seen_mark) ++cur;
            ++i;
        } else if (!seen_mark && s.substr(i, f.decimal_mark.size()) == f.decimal_mark) {
            seen_mark = true;
            i += f.decimal_mark.size();
        } else if (!f.group_separator.empty() && s.substr(i, f.group_separator.size()) == f.group_separator) {
            if (seen_mark) return fail("group separator '" + f.group_separator + "' after the decimal mark");
            if (cur == 0) return fail("empty digit group");
            groups.push_back(cur);
            cur = 0;
            grouped = true;
            i += f.group_separator.size();
        } else {
            return fail("unexpected '" + std::string(1, ch) + "' at position " + std::to_string(i + 1));
        }
    }
    if (grouped) {
        groups.push_back(cur);
        if (groups.front() > 3) return fail("first digit group longer than 3 digits");
        for (std::size_t g = 1; g < groups.size(); ++g)
            if (groups[g] != 3) return fail("digit groups after the first must have exactly 3 digits");
    }
    if (digits_int.empty()) return fail("no digits before the decimal mark");
    if (seen_mark && frac.empty()) return fail("no digits after the decimal mark");
    plain += digits_int;
    if (seen_mark) plain += "." + frac;
    try {
        return decimal::parse(plain);
    } catch (const parse_error& e) {
        return fail(e.what());
    }
}

inline decimal parse_amount(std::string_view s, std::span<const amount_format> formats) {
    std::optional<decimal> found;
    std::string found_in, errors;
    for (const auto& f : formats) {
        std::optional<decimal> d;
        try {
            d = parse_amount(s, f);
        } catch (const parse_error& e) {  // not in this format: said if it is in none
            errors += errors.empty() ? "" : "; ";
            errors += e.what();
            continue;
        }
        if (found && *found != *d)
            throw parse_error(quote_value(s) + " is ambiguous: " + found->to_string() + " in " + found_in + " format, " +
                              d->to_string() + " in " + f.name + " format; state the format");
        if (!found) {
            found = d;
            found_in = f.name;
        }
    }
    if (!found) throw parse_error(quote_value(s) + " is not an amount in any given format (" + errors + ")");
    return *found;
}

inline std::string format_amount(const decimal& amount, const amount_format& f) {
    std::string text = amount.abs().to_string();
    auto dot = text.find('.');
    std::string ip = text.substr(0, dot), fp = dot == std::string::npos ? "" : text.substr(dot + 1);
    std::string out;
    if (!f.group_separator.empty()) {
        for (std::size_t k = 0; k < ip.size(); ++k) {
            if (k > 0 && (ip.size() - k) % 3 == 0) out += f.group_separator;
            out += ip[k];
        }
    } else {
        out = ip;
    }
    if (!fp.empty()) out += f.decimal_mark + fp;
    return amount.sign() < 0 ? "-" + out : out;
}

inline int money::minor_unit_or_throw(const char* what) const {
    auto mu = currency_.minor_unit();
    if (!mu)
        throw invalid_argument(std::string(what) + ": " + std::string(currency_.code()) +
                               " has no minor unit in ISO 4217; give a scale");
    return *mu;
}

inline money money::parse(std::string_view amount, currency c, const amount_format& format,
                          std::optional<rounding_mode> rounding) {
    decimal d = parse_amount(amount, format);
    money m(d, c);
    if (auto mu = c.minor_unit(); mu && d.significant_scale() > *mu) {
        if (!rounding)
            throw parse_error(quote_value(amount) + " has more decimals than " + std::string(c.code()) +
                              " allows (" + std::to_string(*mu) + "); ask for a rounding to accept it");
        return m.rounded(*rounding);
    }
    return m;
}

inline money money::from_minor(std::int64_t units, currency c) {
    money m(c);
    int mu = m.minor_unit_or_throw("money::from_minor");
    m.amount_ = decimal::from_parts(units, mu);
    return m;
}

inline std::int64_t money::minor_units() const { return amount_.to_units(minor_unit_or_throw("money::minor_units")); }

inline bool money::is_rounded() const {
    auto mu = currency_.minor_unit();
    return !mu || amount_.significant_scale() <= *mu;
}

inline money money::rounded(rounding_mode mode) const {
    return money(amount_.rescaled(minor_unit_or_throw("money::rounded"), mode), currency_);
}

inline void money::require_same(const money& o, const char* op) const {
    if (currency_ != o.currency_)
        throw currency_mismatch(std::string("cannot ") + op + " " + to_string() + " and " + o.to_string() +
                                ": convert one of them first");
}

inline money& money::operator+=(const money& o) {
    require_same(o, "add");
    amount_ += o.amount_;
    return *this;
}

inline money& money::operator-=(const money& o) {
    require_same(o, "subtract");
    amount_ -= o.amount_;
    return *this;
}

inline std::vector<money> money::allocate(std::span<const decimal> weights) const {
    int mu = minor_unit_or_throw("money::allocate");
    if (!is_rounded())
        throw invalid_argument("cannot allocate " + to_string() + ": round it to the minor unit first");
    if (weights.empty()) throw invalid_argument("cannot allocate " + to_string() + " over no weights");
    decimal sum;
    for (const auto& w : weights) {
        if (w.sign() < 0) throw invalid_argument("allocation weight " + w.to_string() + " is negative");
        sum += w;
    }
    if (sum.is_zero()) throw invalid_argument("allocation weights sum to zero");
    // Work in integers: total units T, weights scaled to a common scale s.
    int s = 0;
    for (const auto& w : weights) s = std::max(s, w.scale());
    detail::u128 total = detail::uabs(amount_.rescaled(mu).coefficient());
    detail::u128 wsum = static_cast<detail::u128>(sum.rescaled(s).coefficient());
    std::vector<detail::u128> share(weights.size()), rem(weights.size());
    detail::u128 given = 0;
    for (std::size_t k = 0; k < weights.size(); ++k) {
        detail::u256 p = detail::mul_wide(total, static_cast<detail::u128>(weights[k].rescaled(s).coefficient()));
        share[k] = detail::div_round(p, wsum, rounding_mode::down, "money::allocate");
        // remainder = p - share × wsum (fits 128 bits since it is < wsum)
        detail::u256 back = detail::mul_wide(share[k], wsum);
        rem[k] = p.lo - back.lo;
        given += share[k];
    }
    std::vector<std::size_t> order(weights.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rem[a] > rem[b]; });
    for (std::size_t k = 0; given < total; ++k, ++given) ++share[order[k % order.size()]];
    std::vector<money> out;
    out.reserve(weights.size());
    for (auto v : share) {
        auto iv = static_cast<detail::i128>(v);
        out.emplace_back(decimal::from_parts(amount_.sign() < 0 ? -iv : iv, mu), currency_);
    }
    return out;
}

inline std::ostream& operator<<(std::ostream& os, const money& m) { return os << m.to_string(); }

}  // namespace grantfolio

namespace std {
/// Hashes consistently with ==.
template <>
struct hash<grantfolio::money> {
    std::size_t operator()(const grantfolio::money& m) const noexcept {
        return m.amount().hash() * 31u + m.currency_of().index();
    }
};
}  // namespace std
