// grantfolio/bulk_conversion.hpp — converting whole columns of amounts at their value dates.
//
// Each element gets exactly what rate_table::convert gives it one by one: the same path and
// factor (rate_table::find under the same policy), the same exact product, rounded once with the
// same rule. What changes is the cost: a factor is looked up once per (currency, day) and kept in a
// dense cache, and the product is checked with integer multiplications instead of a 256-bit division
// (a double-precision estimate of the quotient, corrected until the remainder proves it; amounts too
// large for that take the exact division).
//
//   grantfolio::bulk_converter c(rates, grantfolio::currency("USD"), grantfolio::missing_rate_policy::last_known());
//   auto cents = c.convert(250000, 2, grantfolio::currency("EUR"), grantfolio::day_number(d));   // i128 cents
//
//   std::vector<std::int64_t> out(n);
//   auto stats = grantfolio::convert_minor_units(rates, amounts, currencies, days, grantfolio::currency("USD"), out,
//                                                 {.policy = grantfolio::missing_rate_policy::last_known()});
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <span>
#include <thread>
#include <tsl/robin_map.h>
#include <vector>

#include "grantfolio/rate_table.hpp"

namespace grantfolio {

/// How many conversions took each path (index: conversion_method).
struct bulk_stats {
    std::array<std::size_t, 6> by_method{};
    std::size_t count(conversion_method m) const { return by_method[static_cast<std::size_t>(m)]; }
    bulk_stats& operator+=(const bulk_stats& o) {
        for (std::size_t i = 0; i < by_method.size(); ++i) by_method[i] += o.by_method[i];
        return *this;
    }
};

/// Converts amounts to one currency, one after another, with a cache of factors. Not thread-safe:
/// give each thread its own (the rate table itself is only read).
class bulk_converter {
public:
    bulk_converter(const rate_table& rates, currency to, missing_rate_policy policy = {},
                   rounding_mode rounding = rounding_mode::half_even, std::optional<int> scale = std::nullopt);

    currency target() const noexcept { return to_; }
    int target_scale() const noexcept { return scale_; }
    /// coefficient × 10^-scale in `from`, on day number `day`, as the coefficient of the result at
    /// target_scale(). Throws missing_rate (pair, date, policy) or overflow_error (over 38 digits).
    detail::i128 convert(std::int64_t coefficient, int scale, currency from, int day, conversion_method* how = nullptr);
    /// The same for any exact amount (amounts beyond 64-bit coefficients).
    detail::i128 convert(const decimal& amount, currency from, int day, conversion_method* how = nullptr);
    const bulk_stats& stats() const noexcept { return stats_; }

private:
    struct factor {
        detail::u128 num = 1, den = 1;
        double ratio = 1;  // num / den, for the estimate
        std::uint8_t state = 0;  // 0 not looked up, 1 known, 2 no rate
        conversion_method how = conversion_method::identity;
    };
    struct currency_cache {
        int first_day = 0;
        std::vector<factor> days;  // dense from first_day
        tsl::robin_map<int, factor> sparse;  // when the days span too far for a dense array
    };
    static constexpr int max_dense_span = 1 << 16;  // about 180 years of days per currency
    factor& lookup(currency from, int day);
    const rate_table& rates_;
    currency to_;
    missing_rate_policy policy_;
    rounding_mode rounding_;
    int scale_ = 0;
    std::vector<std::int16_t> slot_;  // currency index -> cache slot, -1 none
    std::vector<currency_cache> caches_;
    bulk_stats stats_;
};

/// Options of convert_minor_units.
struct bulk_options {
    missing_rate_policy policy{};
    rounding_mode rounding = rounding_mode::half_even;
    /// Threads to split the rows over (1: the calling thread only; 0: one per core).
    unsigned threads = 1;
};

/// Whole columns: amounts in minor units of their currency (its ISO 4217 minor unit), currency table
/// positions, value dates as day numbers; results in minor units of `to`, written to `out`. Methods,
/// when given room, receive each row's conversion_method. Throws the first failing row's error (by
/// row order) with "row N: " in front; `out` is then partly written.
bulk_stats convert_minor_units(const rate_table& rates, std::span<const std::int64_t> amounts,
                               std::span<const std::uint16_t> currencies, std::span<const std::int32_t> days,
                               currency to, std::span<std::int64_t> out, const bulk_options& options = {},
                               std::span<std::uint8_t> methods = {});

// inline definitions

inline bulk_converter::bulk_converter(const rate_table& rates, currency to, missing_rate_policy policy,
                                      rounding_mode rounding, std::optional<int> scale)
    : rates_(rates), to_(to), policy_(policy), rounding_(rounding), slot_(currency::count(), -1) {
    if (scale) scale_ = *scale;
    else if (auto mu = to.minor_unit()) scale_ = *mu;
    else
        throw invalid_argument("converting to " + std::string(to.code()) + ": it has no minor unit in ISO 4217; give a scale");
    if (scale_ < 0 || scale_ > decimal::max_scale) throw invalid_argument("conversion scale out of range");
}

inline bulk_converter::factor& bulk_converter::lookup(currency from, int day) {
    auto& s = slot_[from.index()];
    if (s < 0) {
        s = static_cast<std::int16_t>(caches_.size());
        caches_.push_back(currency_cache{day, {}, {}});
    }
    currency_cache& c = caches_[static_cast<std::size_t>(s)];
    factor* f;
    const int lo = std::min(c.first_day, day);
    const int hi = std::max(c.first_day + static_cast<int>(c.days.size()), day + 1);
    if (hi - lo <= max_dense_span) {
        if (day < c.first_day) {
            c.days.insert(c.days.begin(), static_cast<std::size_t>(c.first_day - day), factor{});
            c.first_day = day;
        } else if (day >= c.first_day + static_cast<int>(c.days.size())) {
            c.days.resize(static_cast<std::size_t>(day - c.first_day + 1));
        }
        f = &c.days[static_cast<std::size_t>(day - c.first_day)];
    } else {
        f = &c.sparse[day];
    }
    if (f->state == 0) {
        auto q = rates_.find(from, to_, from_day_number(day), policy_);
        if (!q) {
            f->state = 2;
        } else {
            f->state = 1;
            f->num = q->factor.numerator;
            f->den = q->factor.denominator;
            f->ratio = static_cast<double>(f->num) / static_cast<double>(f->den);
            f->how = q->method;
        }
    }
    return *f;
}

inline detail::i128 bulk_converter::convert(const decimal& amount, currency from, int day, conversion_method* how) {
    if (amount.coefficient() >= std::numeric_limits<std::int64_t>::min() &&
        amount.coefficient() <= std::numeric_limits<std::int64_t>::max())
        return convert(static_cast<std::int64_t>(amount.coefficient()), amount.scale(), from, day, how);
    const factor& f = lookup(from, day);
    if (f.state == 2) rates_.quote(from, to_, from_day_number(day), policy_);  // throws, naming pair and date
    ++stats_.by_method[static_cast<std::size_t>(f.how)];
    if (how) *how = f.how;
    return rate_table::apply(money(amount, from), rate_factor{f.num, f.den}, to_, rounding_, scale_).amount().coefficient();
}

inline detail::i128 bulk_converter::convert(std::int64_t coefficient, int scale, currency from, int day,
                                            conversion_method* how) {
    using detail::u128;
    const factor& f = lookup(from, day);
    if (f.state == 2) rates_.quote(from, to_, from_day_number(day), policy_);  // throws, naming pair and date
    ++stats_.by_method[static_cast<std::size_t>(f.how)];
    if (how) *how = f.how;
    if (scale < 0 || scale > decimal::max_scale) throw invalid_argument("amount scale out of range");
    // |a| × num × 10^shift / (den × 10^-shift), rounded once: the same quotient rate_table::apply takes.
    const u128 a = detail::uabs(coefficient);
    const int shift = scale_ - scale;
    u128 num = f.num, den = f.den, p, d = den;
    bool fast = !__builtin_mul_overflow(a, num, &p);
    if (fast && shift > 0) fast = !__builtin_mul_overflow(p, detail::pow10_u128(shift), &p);
    if (fast && shift < 0) fast = -shift <= detail::max_pow10 && !__builtin_mul_overflow(den, detail::pow10_u128(-shift), &d);
    if (fast && (p >> 126) == 0 && (d >> 126) == 0) {
        // Estimate the floor of p / d, then correct it until 0 <= p - q·d < d.
        static constexpr std::array<double, 39> scale10 = [] {
            std::array<double, 39> t{};
            double v = 1;
            for (auto& x : t) x = v, v *= 10;
            return t;
        }();
        double est = static_cast<double>(a) * f.ratio * (shift >= 0 ? scale10[static_cast<std::size_t>(shift)] : 1.0 / scale10[static_cast<std::size_t>(-shift)]);
        if (est >= 0 && est < 1e36) {
            u128 q = static_cast<u128>(est), qd = 0;
            int steps = 0;
            bool over = __builtin_mul_overflow(q, d, &qd);
            while ((over || qd > p) && q > 0 && steps < 8) {
                --q, ++steps;
                over = __builtin_mul_overflow(q, d, &qd);
            }
            if (!over && qd <= p) {
                u128 r = p - qd;
                while (r >= d && steps < 8) ++q, r -= d, ++steps;
                if (r < d) {
                    if (detail::round_away(q, r, d, rounding_)) ++q;
                    if (q < detail::pow10_u128(38)) {
                        auto v = static_cast<detail::i128>(q);
                        return coefficient < 0 ? -v : v;
                    }
                }
            }
        }
    }
    return rate_table::apply(money(decimal::from_parts(coefficient, scale), from), rate_factor{num, den}, to_, rounding_,
                             scale_).amount().coefficient();
}

namespace detail {

/// Rethrows the current grantfolio error with "row N: " in front, keeping its type.
[[noreturn]] inline void rethrow_at_row(std::size_t row) {
    const std::string at = "row " + std::to_string(row) + ": ";
    try {
        throw;
    } catch (const missing_rate& e) {
        throw missing_rate(at + e.what());
    } catch (const overflow_error& e) {
        throw overflow_error(at + e.what());
    } catch (const unknown_currency& e) {
        throw unknown_currency(at + e.what());
    } catch (const invalid_argument& e) {
        throw invalid_argument(at + e.what());
    }
}

/// Runs work(lo, hi, converter) over [0, n) split in `threads` parts (0: one per core; one part
/// below 65536 rows), each with its own converter; returns the summed stats. A failure is rethrown
/// from the lowest failing row, with the row (mapped through row_of) in its message.
template <class Work, class RowOf>
bulk_stats run_parts(std::size_t n, unsigned threads, const rate_table& rates, currency to, const missing_rate_policy& policy,
                     rounding_mode rounding, Work&& work, RowOf&& row_of) {
    unsigned parts = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    if (n < 65536) parts = 1;
    parts = std::min(parts, 64u);
    struct part {
        bulk_stats stats;
        std::size_t failed = 0;
        std::exception_ptr error;
    };
    std::vector<part> out(parts);
    auto run = [&](unsigned t) {
        std::size_t at = n * t / parts;
        try {
            bulk_converter c(rates, to, policy, rounding);
            work(at, n * (t + 1) / parts, c);  // advances `at` row by row
            out[t].stats = c.stats();
        } catch (...) {
            out[t].failed = at;
            out[t].error = std::current_exception();
        }
    };
    if (parts == 1) {
        run(0);
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < parts; ++t) pool.emplace_back(run, t);
        run(0);
        for (auto& th : pool) th.join();
    }
    bulk_stats total;
    for (auto& p : out) {
        if (p.error) {
            try {
                std::rethrow_exception(p.error);
            } catch (const error&) {
                rethrow_at_row(row_of(p.failed));
            }
        }
        total += p.stats;
    }
    return total;
}

}  // namespace detail

inline bulk_stats convert_minor_units(const rate_table& rates, std::span<const std::int64_t> amounts,
                                      std::span<const std::uint16_t> currencies, std::span<const std::int32_t> days,
                                      currency to, std::span<std::int64_t> out, const bulk_options& options,
                                      std::span<std::uint8_t> methods) {
    const std::size_t n = amounts.size();
    if (currencies.size() != n || days.size() != n || out.size() != n || (!methods.empty() && methods.size() != n))
        throw invalid_argument("convert_minor_units: " + std::to_string(n) + " amounts, " + std::to_string(currencies.size()) +
                               " currencies, " + std::to_string(days.size()) + " dates and room for " +
                               std::to_string(out.size()) + " results: they must be as many");
    // Each source currency's scale is its minor unit; check them all before any work.
    std::array<std::int8_t, 1024> minor{};
    if (currency::count() > minor.size()) throw error("currency table larger than expected");
    minor.fill(-2);
    for (std::size_t i = 0; i < n; ++i) {
        auto c = currencies[i];
        if (c >= currency::count()) throw unknown_currency("row " + std::to_string(i) + ": currency position " + std::to_string(c) + " is not in the table");
        if (minor[c] == -2) {
            auto mu = currency::from_index(c).minor_unit();
            minor[c] = static_cast<std::int8_t>(mu ? *mu : -1);
        }
        if (minor[c] < 0)
            throw invalid_argument("row " + std::to_string(i) + ": " + std::string(currency::from_index(c).code()) +
                                   " has no minor unit in ISO 4217, so minor units of it mean nothing");
    }
    constexpr detail::i128 top = std::numeric_limits<std::int64_t>::max();
    return detail::run_parts(
        n, options.threads, rates, to, options.policy, options.rounding,
        [&](std::size_t& i, std::size_t hi, bulk_converter& c) {
            for (; i < hi; ++i) {
                conversion_method how;
                const currency from = currency::from_index(currencies[i]);
                detail::i128 v = c.convert(amounts[i], minor[currencies[i]], from, days[i], &how);
                if (v > top || v < -top)
                    throw overflow_error("the result does not fit in 64-bit minor units of " + std::string(to.code()));
                out[i] = static_cast<std::int64_t>(v);
                if (!methods.empty()) methods[i] = static_cast<std::uint8_t>(how);
            }
        },
        [](std::size_t i) { return i; });
}

}  // namespace grantfolio
