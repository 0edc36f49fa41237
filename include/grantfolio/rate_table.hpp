// grantfolio/rate_table.hpp — dated exchange rates, and exact conversion with its provenance.
//
// A rate_table answers "A→B on day D" from a direct rate, its inverse, or the shortest chain through
// other currencies, and says how: every rate used, with its validity and source, and the method.
// When no rate holds on D, the policy chosen for the call decides: raise (the default), last-known
// (the latest earlier rate, optionally no older than a number of days) or interpolate (linear between
// the nearest rates before and after). A conversion is the exact product of the amount and the exact
// factor, rounded once to the target's minor unit.
//
//   using namespace grantfolio;
//   rate_table t;
//   t.add(exchange_rate(currency("USD"), currency("ALL"), decimal::parse("98.10337709126985"),
//                       validity::range(parse_date("2006-01-01"), parse_date("2006-12-31")), "IMF"));
//   auto c = t.convert(money::parse("2097624", currency("USD")), currency("ALL"), parse_date("2006-05-10"));
//   c.result.to_string();   // "205783998.27 ALL";  c.quote.method == conversion_method::direct
#pragma once

#include <ostream>
#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "grantfolio/exchange_rate.hpp"
#include "grantfolio/money.hpp"

namespace grantfolio {

/// What to do when no rate holds on the day asked.
struct missing_rate_policy {
    enum class kind { raise, last_known, interpolate };
    kind what = kind::raise;
    /// For last_known: the oldest rate accepted, in days after its last valid day.
    std::optional<int> max_age_days;

    static missing_rate_policy raise() { return {}; }
    static missing_rate_policy last_known(std::optional<int> max_age_days = std::nullopt) {
        return {kind::last_known, max_age_days};
    }
    static missing_rate_policy interpolate() { return {kind::interpolate, std::nullopt}; }
    /// "raise", "last-known", "interpolate"
    static missing_rate_policy parse(std::string_view name);
    /// The same, with the oldest rate accepted for last-known (days); a maximum age given for
    /// another policy, or below zero, is refused (invalid_argument).
    static missing_rate_policy parse(std::string_view name, std::optional<int> max_age_days);
    friend bool operator==(const missing_rate_policy&, const missing_rate_policy&) = default;
};

const char* to_string(missing_rate_policy::kind k) noexcept;

/// How a factor was obtained. identity: same currency, no rate.
enum class conversion_method { identity, direct, inverse, chain, last_known, interpolated };
const char* to_string(conversion_method m) noexcept;

/// One step of a conversion path.
struct rate_leg {
    currency from, to;
    /// The rate as stored; inverted when it was used from quote to base.
    exchange_rate rate;
    bool inverted = false;
    /// direct (held on the day), last_known or interpolated.
    conversion_method how = conversion_method::direct;
    /// For interpolated legs: the later rate (rate is the earlier one).
    std::optional<exchange_rate> later;
};

/// An exact positive fraction numerator/denominator.
struct rate_factor {
    detail::u128 numerator = 1, denominator = 1;
    /// Decimal text: exact when the factor has a finite decimal form of at most `decimals` places
    /// ("98.10337709126985"), otherwise rounded half-even to `decimals` places.
    std::string to_string(int decimals = 20) const;
    /// The factor as an exact decimal, if it has one with at most 38 digits; otherwise nothing.
    std::optional<decimal> exact() const;
    friend bool operator==(const rate_factor&, const rate_factor&) = default;
};

/// The answer to "from→to on a day": the factor and how it was obtained.
struct rate_quote {
    currency from, to;
    date on;
    conversion_method method = conversion_method::identity;
    std::vector<rate_leg> legs;
    rate_factor factor;
};

/// A converted amount with everything needed to check it.
struct conversion {
    money from;
    money result;
    rate_quote quote;
    rounding_mode rounding = rounding_mode::half_even;
};

/// The scale results in `to` are given at: `scale` when given, else the currency's ISO 4217 minor
/// unit. Throws invalid_argument for a currency without a minor unit (XAU) and no scale, or a scale
/// out of range.
inline int conversion_scale(currency to, std::optional<int> scale = std::nullopt) {
    int s = 0;
    if (scale) s = *scale;
    else if (auto mu = to.minor_unit()) s = *mu;
    else
        throw invalid_argument("converting to " + std::string(to.code()) + ": it has no minor unit in ISO 4217; give a scale");
    if (s < 0 || s > decimal::max_scale) throw invalid_argument("conversion scale out of range");
    return s;
}

class rate_table {
public:
    rate_table() = default;

    /// Adds a rate; with `line`, the rate's source is that line of the file `r.source()` names
    /// ("rates.csv:812"), kept as a number rather than as a text of its own, so that a table of ten
    /// million rows read from one file holds one source text, not ten million. A rate for the same pair whose validity overlaps one already held is refused
    /// with invalid_argument naming both: a table never holds two answers for one pair and day. So
    /// is a rate for the inverse pair over overlapping days unless each is the other's inverse to
    /// the digits it is given with (USD→GBP 0.5 and GBP→USD 2, or 1.5 and 0.6667, agree; 1.5 and
    /// 0.5 do not).
    void add(const exchange_rate& r, std::uint32_t line = 0);
    /// Number of rates held.
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    /// All rates, pair by pair, each pair in date order.
    std::vector<exchange_rate> rates() const;
    /// The currencies that appear in some rate, in code order.
    std::vector<currency> currencies() const;

    /// A rate stored for base→quote and valid on the day, with no inverse, chain or policy: the fast
    /// path (no allocation). Nothing when none holds.
    struct hit {
        decimal value;
        int valid_from, valid_to;  ///< day numbers (see day_number); valid_to is INT32_MAX when open
        std::uint32_t source;      ///< index into sources()
        std::uint32_t line;        ///< the line within that source, 0 when none: see source_text()
    };
    /// The source of a hit as its rate says it: sources()[h.source], then ":line" when it has one.
    std::string source_text(const hit& h) const { return source_text(h.source, h.line); }
    std::optional<hit> find_direct(currency base, currency quote, date on) const;
    const std::vector<std::string>& sources() const noexcept { return sources_; }

    /// from→to on the day under the policy; nothing when no path exists.
    std::optional<rate_quote> find(currency from, currency to, date on,
                                   const missing_rate_policy& policy = {}) const;
    /// As find(), but throws missing_rate naming the pair, the date and the policy.
    rate_quote quote(currency from, currency to, date on, const missing_rate_policy& policy = {}) const;
    /// Converts exactly and rounds once to the target's minor unit (or to `scale` when given;
    /// required for currencies with no minor unit).
    conversion convert(const money& amount, currency to, date on, const missing_rate_policy& policy = {},
                       rounding_mode rounding = rounding_mode::half_even,
                       std::optional<int> scale = std::nullopt) const;
    /// The rounded product of an exact amount and a factor.
    static money apply(const money& amount, const rate_factor& factor, currency to, rounding_mode rounding,
                       std::optional<int> scale = std::nullopt);

private:
    /// One stored rate in 32 bytes, so that a lookup touches one cache line.
    struct entry {
        detail::i128 coefficient;  // the rate is coefficient × 10^-scale
        int from, to;              // day numbers; to is INT32_MAX when open-ended
        std::uint32_t source;      // index into sources_
        std::uint32_t line_scale;  // the line within the source (bits 8-31; 0: none) and the scale (bits 0-7)
        int scale() const { return static_cast<int>(line_scale & 0xFF); }
        std::uint32_t line() const { return line_scale >> 8; }
        decimal value() const { return decimal::from_parts(coefficient, scale()); }
    };
    static_assert(sizeof(entry) == 32);
    struct series {
        currency base, quote;
        std::vector<entry> rates;  // sorted by from, never overlapping
        /// Position of the rate whose first day is the latest <= d, or -1.
        std::ptrdiff_t floor(int d) const;
    };
    struct edge {
        std::uint32_t series;
        currency other;
        bool inverted;
    };
    struct leg_choice {
        std::uint32_t series;
        bool inverted;
        conversion_method how;
        std::ptrdiff_t index, later;  // later: for interpolation, else -1
    };
    static std::size_t key(currency a, currency b) { return std::size_t(a.index()) * currency::count() + b.index(); }
    std::optional<leg_choice> usable(const edge& e, int d, const missing_rate_policy* policy) const;
    std::optional<std::vector<leg_choice>> shortest(currency from, currency to, int d,
                                                    const missing_rate_policy* policy) const;
    exchange_rate rate_at(std::uint32_t s, std::ptrdiff_t i) const;
    std::string source_text(std::uint32_t source, std::uint32_t line) const {
        return line ? sources_[source] + ":" + std::to_string(line) : sources_[source];
    }
    /// Throws invalid_argument when a rate held for the inverse pair over days [f, t] disagrees with r.
    void check_against_inverse(const exchange_rate& r, std::uint32_t line, int f, int t) const;
    static std::string source_of(const exchange_rate& r, std::uint32_t line) {
        return line ? r.source() + ":" + std::to_string(line) : r.source();
    }
    static bool inverses_agree(const decimal& a, const decimal& b);
    rate_factor leg_factor(const leg_choice& c, int d) const;

    std::vector<series> series_;
    std::vector<std::uint32_t> pair_;  // (base, quote) index -> series + 1; 0: none. Sized on first add.
    std::vector<std::vector<edge>> adjacent_;
    std::vector<std::string> sources_;
    std::unordered_map<std::string, std::uint32_t> source_index_;
    std::size_t size_ = 0;
};

// inline definitions

inline missing_rate_policy missing_rate_policy::parse(std::string_view name) {
    if (name == "raise") return raise();
    if (name == "last-known") return last_known();
    if (name == "interpolate") return interpolate();
    // A near miss is named, not taken silently: one spelling per policy, as the CLI and docs write it.
    std::string hint;
    if (name == "last_known" || name == "lastknown" || name == "last known") hint = "last-known";
    if (name == "interpolated" || name == "interpolation") hint = "interpolate";
    throw invalid_argument("unknown missing-rate policy " + quote_value(name) + " (" +
                           (hint.empty() ? std::string() : "did you mean '" + hint + "'? ") +
                           "expected raise, last-known or interpolate)");
}

inline missing_rate_policy missing_rate_policy::parse(std::string_view name, std::optional<int> max_age_days) {
    missing_rate_policy p = parse(name);
    if (max_age_days) {
        if (p.what != kind::last_known)
            throw invalid_argument("a maximum rate age applies to the last-known policy only, not " + quote_value(name));
        if (*max_age_days < 0)
            throw invalid_argument("a maximum rate age is a number of days, 0 or more, not " + std::to_string(*max_age_days));
        p.max_age_days = max_age_days;
    }
    return p;
}

inline const char* to_string(missing_rate_policy::kind k) noexcept {
    switch (k) {
        case missing_rate_policy::kind::raise: return "raise";
        case missing_rate_policy::kind::last_known: return "last-known";
        case missing_rate_policy::kind::interpolate: return "interpolate";
    }
    return "?";
}

inline const char* to_string(conversion_method m) noexcept {
    switch (m) {
        case conversion_method::identity: return "identity";
        case conversion_method::direct: return "direct";
        case conversion_method::inverse: return "inverse";
        case conversion_method::chain: return "chain";
        case conversion_method::last_known: return "last-known";
        case conversion_method::interpolated: return "interpolated";
    }
    return "?";
}

namespace detail {

inline rate_factor multiply(const rate_factor& a, const rate_factor& b) {
    u128 n1 = a.numerator, d1 = a.denominator, n2 = b.numerator, d2 = b.denominator;
    u128 g = gcd(n1, d2);
    n1 /= g;
    d2 /= g;
    g = gcd(n2, d1);
    n2 /= g;
    d1 /= g;
    u128 n, d;
    if (__builtin_mul_overflow(n1, n2, &n) || __builtin_mul_overflow(d1, d2, &d) || (n >> 127) || (d >> 127))
        throw overflow_error("the exact factor of this rate chain exceeds 127 bits");
    return {n, d};
}

inline rate_factor reduce(u128 n, u128 d) {
    u128 g = gcd(n, d);
    return {n / g, d / g};
}

}  // namespace detail

inline std::string rate_factor::to_string(int decimals) const {
    if (auto e = exact(); e && e->scale() <= decimals) return e->to_string();
    detail::u128 ip = numerator / denominator;
    std::string s = detail::to_string(ip);
    decimal frac = decimal::divide(decimal::from_parts(static_cast<detail::i128>(numerator % denominator), 0),
                                   decimal::from_parts(static_cast<detail::i128>(denominator), 0), decimals);
    if (frac >= decimal(1)) return detail::to_string(ip + 1) + frac.to_string().substr(1);
    std::string f = frac.to_string();  // "0.xxxx"
    return decimals > 0 ? s + f.substr(1) : s;
}

inline std::optional<decimal> rate_factor::exact() const {
    // Exact only when the denominator is 2^a 5^b.
    detail::u128 d = denominator;
    int twos = 0, fives = 0;
    while (d % 2 == 0) { d /= 2; ++twos; }
    while (d % 5 == 0) { d /= 5; ++fives; }
    if (d != 1) return std::nullopt;
    int s = std::max(twos, fives);
    if (s > decimal::max_scale) return std::nullopt;
    try {
        return decimal::divide(decimal::from_parts(static_cast<detail::i128>(numerator), 0),
                               decimal::from_parts(static_cast<detail::i128>(denominator), 0), s)
            .normalized();
    } catch (const overflow_error&) {
        return std::nullopt;
    }
}

inline std::ptrdiff_t rate_table::series::floor(int d) const {
    const auto n = static_cast<std::ptrdiff_t>(rates.size());
    if (n == 0 || d < rates.front().from) return -1;
    if (d >= rates.back().from) return n - 1;
    // Interpolation guess (exact for gap-free daily series), then a binary search.
    long long span = static_cast<long long>(rates.back().from) - rates.front().from;
    if (span == n - 1) return d - rates.front().from;  // one rate a day without gaps: the index is the day
    auto g = static_cast<std::size_t>((static_cast<long long>(d - rates.front().from) * (n - 1)) / span);
    if (rates[g].from <= d && rates[g + 1].from > d) return static_cast<std::ptrdiff_t>(g);
    auto it = std::upper_bound(rates.begin(), rates.end(), d, [](int day, const entry& e) { return day < e.from; });
    return (it - rates.begin()) - 1;
}

inline void rate_table::add(const exchange_rate& r, std::uint32_t line) {
    if (line > 0xFFFFFF) {  // past what an entry holds: the line goes into the source text
        add(exchange_rate(r.base(), r.quote(), r.value(), r.valid(), r.source() + ":" + std::to_string(line)));
        return;
    }
    if (pair_.empty()) {
        pair_.assign(currency::count() * currency::count(), 0);
        adjacent_.resize(currency::count());
    }
    std::uint32_t& slot = pair_[key(r.base(), r.quote())];
    if (slot == 0) {
        series_.push_back(series{r.base(), r.quote(), {}});
        slot = static_cast<std::uint32_t>(series_.size());
        auto insert_edge = [&](currency at, edge e) {
            auto& list = adjacent_[at.index()];
            auto pos = std::lower_bound(list.begin(), list.end(), e, [](const edge& a, const edge& b) {
                return a.other != b.other ? a.other < b.other : (!a.inverted && b.inverted);
            });
            list.insert(pos, e);
        };
        insert_edge(r.base(), edge{slot - 1, r.quote(), false});
        insert_edge(r.quote(), edge{slot - 1, r.base(), true});
    }
    const std::uint32_t si = slot - 1;
    series& s = series_[si];
    int f = day_number(r.valid().from());
    int t = r.valid().to() ? day_number(*r.valid().to()) : std::numeric_limits<int>::max();
    auto at = std::upper_bound(s.rates.begin(), s.rates.end(), f, [](int day, const entry& e) { return day < e.from; });
    auto pos = static_cast<std::size_t>(at - s.rates.begin());
    auto clash = [&](std::size_t i) {
        const exchange_rate held = rate_at(si, static_cast<std::ptrdiff_t>(i));
        throw invalid_argument("rate " + to_string(r) + " (" + source_of(r, line) + ") overlaps rate " + to_string(held) + " (" +
                               held.source() + ") already held for the same pair");
    };
    if (pos > 0 && s.rates[pos - 1].to >= f) clash(pos - 1);
    if (pos < s.rates.size() && s.rates[pos].from <= t) clash(pos);
    check_against_inverse(r, line, f, t);
    auto [sit, sfresh] = source_index_.try_emplace(r.source(), static_cast<std::uint32_t>(sources_.size()));
    if (sfresh) sources_.push_back(r.source());
    s.rates.insert(at, entry{r.value().coefficient(), f, t, sit->second,
                             (line << 8) | static_cast<std::uint32_t>(r.value().scale())});
    ++size_;
}

inline bool rate_table::inverses_agree(const decimal& a, const decimal& b) {
    // Each value is as precise as its digits: b agrees with a when 1/a, rounded to b's decimals, is b
    // (or the other way round), so 1.5 and 0.6667 agree and 1.5 and 0.5 do not.
    auto inverse_is = [](const decimal& x, const decimal& y) {
        try {
            return decimal::divide(decimal(1), x, y.scale()) == y;
        } catch (const overflow_error&) {
            return false;  // 1/x does not fit at y's scale, so it is not y
        }
    };
    return inverse_is(a, b) || inverse_is(b, a);
}

inline void rate_table::check_against_inverse(const exchange_rate& r, std::uint32_t line, int f, int t) const {
    const std::uint32_t slot = pair_[key(r.quote(), r.base())];
    if (slot == 0) return;
    const std::uint32_t si = slot - 1;
    const series& s = series_[si];
    // The series never overlaps itself, so its ends are sorted too: the first rate that ends on or
    // after f is the first that can overlap.
    auto it = std::lower_bound(s.rates.begin(), s.rates.end(), f, [](const entry& e, int day) { return e.to < day; });
    for (; it != s.rates.end() && it->from <= t; ++it)
        if (!inverses_agree(r.value(), it->value()))
            throw invalid_argument("rate " + to_string(r) + " (" + source_of(r, line) + ") contradicts rate " +
                                   to_string(rate_at(si, it - s.rates.begin())) + " (" +
                                   rate_at(si, it - s.rates.begin()).source() + ")" +
                                   " already held for the inverse pair over an overlapping period (the one is not "
                                   "the other's inverse to the digits given)");
}

inline exchange_rate rate_table::rate_at(std::uint32_t si, std::ptrdiff_t i) const {
    const series& s = series_[si];
    auto u = static_cast<std::size_t>(i);
    date f = from_day_number(s.rates[u].from);
    validity v = s.rates[u].to == std::numeric_limits<int>::max() ? validity::open_from(f)
                                                            : validity::range(f, from_day_number(s.rates[u].to));
    return exchange_rate(s.base, s.quote, s.rates[u].value(), v, source_text(s.rates[u].source, s.rates[u].line()));
}

inline std::vector<exchange_rate> rate_table::rates() const {
    std::vector<exchange_rate> out;
    out.reserve(size_);
    for (std::uint32_t si = 0; si < series_.size(); ++si)
        for (std::size_t i = 0; i < series_[si].rates.size(); ++i) out.push_back(rate_at(si, static_cast<std::ptrdiff_t>(i)));
    return out;
}

inline std::vector<currency> rate_table::currencies() const {
    std::vector<currency> out;
    for (std::size_t i = 0; i < adjacent_.size(); ++i)
        if (!adjacent_[i].empty()) out.push_back(currency::from_index(static_cast<std::uint16_t>(i)));
    return out;
}

inline std::optional<rate_table::hit> rate_table::find_direct(currency base, currency quote, date on) const {
    if (pair_.empty()) return std::nullopt;
    std::uint32_t slot = pair_[key(base, quote)];
    if (slot == 0) return std::nullopt;
    const series& s = series_[slot - 1];
    int d = day_number(on);
    auto i = s.floor(d);
    if (i < 0) return std::nullopt;
    auto u = static_cast<std::size_t>(i);
    if (s.rates[u].to < d) return std::nullopt;
    return hit{s.rates[u].value(), s.rates[u].from, s.rates[u].to, s.rates[u].source, s.rates[u].line()};
}

inline std::optional<rate_table::leg_choice> rate_table::usable(const edge& e, int d,
                                                                const missing_rate_policy* policy) const {
    const series& s = series_[e.series];
    auto i = s.floor(d);
    if (i >= 0 && s.rates[static_cast<std::size_t>(i)].to >= d)
        return leg_choice{e.series, e.inverted, conversion_method::direct, i, -1};
    if (!policy) return std::nullopt;
    // No rate holds on d; i (if any) is the latest rate that ended before d.
    if (policy->what == missing_rate_policy::kind::last_known) {
        if (i < 0) return std::nullopt;
        if (policy->max_age_days && d - s.rates[static_cast<std::size_t>(i)].to > *policy->max_age_days) return std::nullopt;
        return leg_choice{e.series, e.inverted, conversion_method::last_known, i, -1};
    }
    if (policy->what == missing_rate_policy::kind::interpolate) {
        auto next = i + 1;
        if (i < 0 || static_cast<std::size_t>(next) >= s.rates.size()) return std::nullopt;
        return leg_choice{e.series, e.inverted, conversion_method::interpolated, i, next};
    }
    return std::nullopt;
}

inline std::optional<std::vector<rate_table::leg_choice>> rate_table::shortest(currency from, currency to, int d,
                                                                               const missing_rate_policy* policy) const {
    if (adjacent_.empty() || adjacent_[from.index()].empty() || adjacent_[to.index()].empty()) return std::nullopt;
    // Breadth-first over currencies; neighbours in code order, direct before inverse: deterministic.
    std::vector<int> via(currency::count(), -2);  // -2 unseen, -1 start, else index into steps
    std::vector<std::pair<leg_choice, currency>> steps;  // (leg into currency, previous currency)
    std::deque<currency> queue{from};
    via[from.index()] = -1;
    while (!queue.empty()) {
        currency u = queue.front();
        queue.pop_front();
        for (const edge& e : adjacent_[u.index()]) {
            if (via[e.other.index()] != -2) continue;
            auto c = usable(e, d, policy);
            if (!c) continue;
            via[e.other.index()] = static_cast<int>(steps.size());
            steps.emplace_back(*c, u);
            if (e.other == to) {
                std::vector<leg_choice> path;
                for (currency at = to; via[at.index()] >= 0;) {
                    const auto& st = steps[static_cast<std::size_t>(via[at.index()])];
                    path.push_back(st.first);
                    at = st.second;
                }
                std::reverse(path.begin(), path.end());
                return path;
            }
            queue.push_back(e.other);
        }
    }
    return std::nullopt;
}

inline rate_factor rate_table::leg_factor(const leg_choice& c, int d) const {
    const series& s = series_[c.series];
    auto i = static_cast<std::size_t>(c.index);
    rate_factor f;
    if (c.how == conversion_method::interpolated) {
        auto j = static_cast<std::size_t>(c.later);
        // r(d) = r0 + (r1 - r0) × (d - t0) / (t1 - t0), t0 = last day of r0, t1 = first day of r1.
        int sc = std::max(s.rates[i].value().scale(), s.rates[j].value().scale());
        detail::i128 n0 = s.rates[i].value().rescaled(sc).coefficient(), n1 = s.rates[j].value().rescaled(sc).coefficient();
        detail::i128 span = s.rates[j].from - s.rates[i].to, at = d - s.rates[i].to;
        detail::i128 num;
        if (__builtin_mul_overflow(n0, span, &num)) throw overflow_error("interpolated rate exceeds 127 bits");
        detail::i128 step;
        if (__builtin_mul_overflow(n1 - n0, at, &step) || __builtin_add_overflow(num, step, &num))
            throw overflow_error("interpolated rate exceeds 127 bits");
        detail::u128 den;
        if (__builtin_mul_overflow(detail::pow10(sc), static_cast<detail::u128>(span), &den))
            throw overflow_error("interpolated rate exceeds 127 bits");
        f = detail::reduce(static_cast<detail::u128>(num), den);
    } else {
        f = detail::reduce(static_cast<detail::u128>(s.rates[i].value().coefficient()), detail::pow10(s.rates[i].value().scale()));
    }
    if (c.inverted) std::swap(f.numerator, f.denominator);
    return f;
}

inline std::optional<rate_quote> rate_table::find(currency from, currency to, date on,
                                                  const missing_rate_policy& policy) const {
    rate_quote q{from, to, on, conversion_method::identity, {}, {}};
    if (from == to) return q;
    int d = day_number(on);
    auto path = shortest(from, to, d, nullptr);
    if (!path && policy.what != missing_rate_policy::kind::raise) path = shortest(from, to, d, &policy);
    if (!path) return std::nullopt;
    bool exact = true;
    for (const auto& c : *path) {
        const series& s = series_[c.series];
        rate_leg leg{c.inverted ? s.quote : s.base, c.inverted ? s.base : s.quote, rate_at(c.series, c.index),
                     c.inverted, c.how, std::nullopt};
        if (c.later >= 0) leg.later = rate_at(c.series, c.later);
        if (c.how != conversion_method::direct) exact = false;
        q.factor = detail::multiply(q.factor, leg_factor(c, d));
        q.legs.push_back(std::move(leg));
    }
    if (!exact)
        q.method = policy.what == missing_rate_policy::kind::last_known ? conversion_method::last_known
                                                                        : conversion_method::interpolated;
    else if (path->size() > 1)
        q.method = conversion_method::chain;
    else
        q.method = path->front().inverted ? conversion_method::inverse : conversion_method::direct;
    return q;
}

inline rate_quote rate_table::quote(currency from, currency to, date on, const missing_rate_policy& policy) const {
    auto q = find(from, to, on, policy);
    if (!q) {
        std::string why = "no exchange rate " + std::string(from.code()) + "→" + std::string(to.code()) + " on " +
                          format_date(on) + " (direct, inverse or through other currencies)";
        why += " under the missing-rate policy '";
        why += to_string(policy.what);
        if (policy.max_age_days) why += "' with a maximum age of " + std::to_string(*policy.max_age_days) + " days";
        else why += "'";
        throw missing_rate(why, std::string(from.code()), std::string(to.code()), format_date(on));
    }
    return *q;
}

inline money rate_table::apply(const money& amount, const rate_factor& f, currency to, rounding_mode rounding,
                               std::optional<int> scale) {
    const int target = conversion_scale(to, scale);
    const decimal& a = amount.amount();
    // result = |a| × num × 10^target / (den × 10^scale(a)), rounded once.
    int shift = target - a.scale();
    detail::u256 n = detail::mul_wide(detail::uabs(a.coefficient()), f.numerator);
    detail::u128 den = f.denominator;
    if (shift > 0) {
        n = detail::mul_wide(n, detail::pow10(shift), "conversion");
    } else if (shift < 0) {
        detail::u256 dd = detail::mul_wide(den, detail::pow10(-shift));
        if (dd.hi != 0 || (dd.lo >> 127)) throw overflow_error("conversion: denominator exceeds 127 bits");
        den = dd.lo;
    }
    detail::u128 q = detail::div_round(n, den, rounding, "conversion");
    if (q >= detail::pow10_u128(38))
        throw overflow_error("converting " + amount.to_string() + " to " + std::string(to.code()) + " exceeds 38 digits");
    auto v = static_cast<detail::i128>(q);
    return money(decimal::from_parts(a.sign() < 0 ? -v : v, target), to);
}

inline conversion rate_table::convert(const money& amount, currency to, date on, const missing_rate_policy& policy,
                                      rounding_mode rounding, std::optional<int> scale) const {
    rate_quote q = quote(amount.currency_of(), to, on, policy);
    money result = apply(amount, q.factor, to, rounding, scale);
    return conversion{amount, result, std::move(q), rounding};
}

inline std::ostream& operator<<(std::ostream& os, conversion_method m) { return os << to_string(m); }
inline std::ostream& operator<<(std::ostream& os, const missing_rate_policy& p) {
    os << to_string(p.what);
    if (p.max_age_days) os << " (max age " << *p.max_age_days << " days)";
    return os;
}

}  // namespace grantfolio
