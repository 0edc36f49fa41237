// grantfolio/detail/bulk_converter.hpp — the kernels behind bulk_conversion.hpp: grantfolio::
// bulk_converter, its factor cache and its arithmetic (a double estimate of each quotient proved by
// integer remainders, the exact division for the rest), the portable loops here and the AVX-512
// loop in bulk_avx512.hpp. Included by grantfolio/bulk_conversion.hpp; not an API of its own.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <tsl/robin_map.h>
#include <vector>

// The AVX-512 loop of bulk_converter::convert_minor_rows: built on x86-64 with GCC or Clang (as a
// function for that target, whatever the build's -march), chosen at run time by what the CPU has.
#if !defined(GRANTFOLIO_BULK_AVX512)
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GRANTFOLIO_BULK_AVX512 1
#else
#define GRANTFOLIO_BULK_AVX512 0
#endif
#endif

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

namespace detail {
/// The error for amounts in minor units of a currency that has none (XAU).
inline invalid_argument no_minor_unit(std::uint16_t position) {
    return invalid_argument(std::string(currency::from_index(position).code()) +
                            " has no minor unit in ISO 4217, so minor units of it mean nothing");
}

/// `fn.template operator()<mode>()` for the rounding mode given at run time: the one switch that
/// turns a mode into the template argument the loops are compiled for.
template <class Fn>
decltype(auto) with_rounding(rounding_mode mode, Fn&& fn) {
    switch (mode) {
        case rounding_mode::half_up: return fn.template operator()<rounding_mode::half_up>();
        case rounding_mode::down: return fn.template operator()<rounding_mode::down>();
        case rounding_mode::up: return fn.template operator()<rounding_mode::up>();
        case rounding_mode::half_even: break;
    }
    return fn.template operator()<rounding_mode::half_even>();
}
}  // namespace detail

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

    /// One row of a block: an amount coefficient × 10^-scale (or, when `wide` is set, that exact
    /// amount), its currency's table position and its value date's day number.
    struct row {
        std::int64_t coefficient;
        std::int8_t scale;
        std::uint16_t currency;
        std::int32_t day;
        const decimal* wide = nullptr;
    };
    /// The most rows convert_rows takes at once.
    static constexpr std::size_t block = 256;
    /// Converts rows row_of(0..n-1), n <= block, into out[0..n-1] (coefficients at target_scale()),
    /// and their methods into how[] when given. In three passes, so that the arithmetic runs as a
    /// tight loop without calls or unpredictable branches: look every factor up, compute each
    /// quotient from a double estimate proved by integer remainders, then take the few rows that
    /// left the fast path through the exact division. Currency positions must be valid. When a
    /// row fails, `failed` is set to it and the error (missing_rate, overflow_error) is thrown.
    template <class RowOf>
    void convert_rows(std::size_t n, RowOf&& row_of, detail::i128* out, std::uint8_t* how, std::size_t& failed);

    /// convert_rows for int64 minor units, the common case made lean: n <= block amounts[k] in
    /// minor units of currencies[k] (its ISO 4217 minor unit; currency positions and days already
    /// checked), results in int64 minor units of the target. Every row the 64-bit path proves is
    /// done in one loop over raw columns (eight rows at a time where the CPU has AVX-512 and simd()
    /// is on); the others go through convert_rows. Rows are refused in order: a currency without a
    /// minor unit (invalid_argument), a missing rate (missing_rate), a result beyond int64
    /// (overflow_error); `failed` is set to the failing row. With `wide`, every result also goes
    /// there as a 128-bit coefficient, and results beyond int64 are no error (out[k] then means
    /// nothing).
    void convert_minor_rows(std::size_t n, const std::int64_t* amounts, const std::uint16_t* currencies,
                            const std::int32_t* days, std::int64_t* out, std::uint8_t* how, std::size_t& failed,
                            detail::i128* wide = nullptr);
    /// The ISO 4217 minor unit of the currency at a table position, -1 when it has none.
    int minor_unit(std::uint16_t currency) const noexcept { return minor_[currency]; }
    /// Whether convert_minor_rows runs its AVX-512 loop: on by default where the CPU and OS support
    /// AVX-512 F/DQ/VL, never elsewhere. Either way every result is the same; turning it off is
    /// for comparing the two loops (tests, benchmarks).
    bool simd() const noexcept { return simd_; }
    void set_simd(bool on) noexcept { simd_ = on && simd_available(); }
    /// Whether this CPU (and its OS) can run the AVX-512 loop.
    static bool simd_available() noexcept;

    /// The amount coefficient of a row whose amount does not fit in 64 bits (row::wide holds it):
    /// the same marker as transaction_store::wide.
    static constexpr std::int64_t wide_marker = std::numeric_limits<std::int64_t>::min();

private:
    /// Which arithmetic a factor allows, fastest last: the exact division only; the 128-bit
    /// estimate; the 64-bit one too (pden < 2^62); the 64-bit one prepared for its currency's minor
    /// unit (what convert_minor_rows looks for; the AVX-512 loop reads this byte).
    enum class factor_path : std::uint8_t { exact_only = 0, wide_estimate = 1, narrow_estimate = 2, narrow_minor = 3 };
    enum class factor_state : std::uint8_t { not_looked_up = 0, known = 1, no_rate = 2 };
    // 32 bytes, so that the cache of a few currencies over years of days stays in L2. The exact
    // fraction lives apart (exact_), read only when a row leaves the fast path.
    struct factor {
        // Prepared for amounts of scale `scale`: num × 10^shift and den × 10^-shift, when both fit in
        // 63 bits (fast), and their ratio as a double for the estimate.
        std::uint64_t pnum = 0, pden = 1;
        double ratio = 0;
        std::uint32_t exact = 0;  // index into exact_
        std::int8_t scale = -1;
        factor_path path = factor_path::exact_only;
        factor_state state = factor_state::not_looked_up;
        std::uint8_t how = 0;  // conversion_method
    };
    static_assert(sizeof(factor) == 32);
    void prepare(factor& f, int scale, std::uint16_t from) const;
    struct currency_cache {
        int first_day = 0;
        std::vector<factor> days;  // dense from first_day
        tsl::robin_map<int, factor> sparse;  // when the days span too far for a dense array
    };
    static constexpr int max_dense_span = 1 << 16;  // about 180 years of days per currency
    /// The factor of a currency on a day: the dense cache when it holds it, else fill().
    factor& lookup(std::uint16_t from, int day) {
        const dense_view& v = views_[from];
        const auto off = static_cast<unsigned>(day - v.first_day);
        if (off < v.size && v.days[off].state != factor_state::not_looked_up) return v.days[off];
        return fill(currency::from_index(from), day);
    }
    /// Rows per method, counted in four lanes (equal neighbours do not wait on each other).
    using method_lanes = std::array<std::array<std::uint32_t, 8>, 4>;
    void add_counts(const method_lanes& hist) noexcept {
        for (std::size_t m = 0; m < stats_.by_method.size(); ++m) stats_.by_method[m] += hist[0][m] + hist[1][m] + hist[2][m] + hist[3][m];
    }
    /// The floor quotient q with remainder rem of a division by den, rounded by `mode`.
    template <rounding_mode mode>
    static std::int64_t rounded(std::int64_t q, std::uint64_t rem, std::uint64_t den) noexcept;
    /// c × pnum / pden of a factor on the 64-bit path, rounded by `mode`, and whether the path's
    /// bounds hold for it (when not, the value means nothing).
    template <rounding_mode mode>
    static std::int64_t narrow_product(std::int64_t c, const factor& f, bool& ok) noexcept;
    /// Row k of convert_minor_rows, one at a time: its factor (filled and prepared as needed; a
    /// missing rate throws with `failed` = k), then the 64-bit path, or k into `slow` when the path
    /// cannot prove it.
    template <rounding_mode mode>
    void minor_row(std::size_t k, const std::int64_t* amounts, const std::uint16_t* currencies, const std::int32_t* days,
                   std::int64_t* out, std::uint8_t* how, method_lanes& hist, std::uint16_t* slow, std::size_t& slow_count,
                   std::size_t& failed);
    template <rounding_mode mode>
    std::size_t minor_rows(std::size_t n, const std::int64_t* amounts, const std::uint16_t* currencies,
                           const std::int32_t* days, std::int64_t* out, std::uint8_t* how, std::uint16_t* slow,
                           std::size_t& failed);
#if GRANTFOLIO_BULK_AVX512
    // Defined in bulk_avx512.hpp; the target is named here too, since the loop is used (in
    // convert_minor_rows) before its definition is seen.
    template <rounding_mode mode>
    __attribute__((target("avx512f,avx512dq,avx512vl"))) std::size_t minor_rows_avx512(std::size_t n, const std::int64_t* amounts, const std::uint16_t* currencies,
                                  const std::int32_t* days, std::int64_t* out, std::uint8_t* how, std::uint16_t* slow,
                                  std::size_t& failed);
#endif
    template <rounding_mode mode, class RowOf>
    std::size_t fast_rows(std::size_t n, RowOf& row_of, detail::i128* out, std::uint8_t* how, std::uint16_t* slow,
                          std::size_t& failed);
    factor& fill(currency from, int day);
    std::vector<rate_factor> exact_;
    const rate_table& rates_;
    currency to_;
    missing_rate_policy policy_;
    rounding_mode rounding_;
    int scale_ = 0;
    std::vector<std::int16_t> slot_;  // currency index -> cache slot, -1 none
    std::vector<std::int8_t> minor_;  // by currency index: its ISO 4217 minor unit (-1: none)
    bool simd_ = simd_available();
    // Each currency's dense cache as lookup() reads it, by currency index: two dependent loads
    // from a row's currency to its factor. Empty (size 0) until the currency is met.
    struct dense_view {
        factor* days = nullptr;
        int first_day = 0;
        unsigned size = 0;
    };
    std::vector<dense_view> views_;
    std::vector<currency_cache> caches_;
    bulk_stats stats_;
};

// inline definitions

inline bulk_converter::bulk_converter(const rate_table& rates, currency to, missing_rate_policy policy,
                                      rounding_mode rounding, std::optional<int> scale)
    : rates_(rates), to_(to), policy_(policy), rounding_(rounding), scale_(conversion_scale(to, scale)),
      slot_(currency::count(), -1), minor_(currency::count(), -1), views_(currency::count()) {
    for (std::size_t c = 0; c < currency::count(); ++c)
        if (const auto mu = currency::from_index(static_cast<std::uint16_t>(c)).minor_unit()) minor_[c] = static_cast<std::int8_t>(*mu);
}

inline bool bulk_converter::simd_available() noexcept {
#if GRANTFOLIO_BULK_AVX512
    // libgcc and compiler-rt check the OS saves the AVX-512 registers (XCR0) before saying yes.
    static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                            __builtin_cpu_supports("avx512vl");
    return yes;
#else
    return false;
#endif
}

inline bulk_converter::factor& bulk_converter::fill(currency from, int day) {
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
        views_[from.index()] = {c.days.data(), c.first_day, static_cast<unsigned>(c.days.size())};
    } else {
        f = &c.sparse[day];
    }
    if (f->state == factor_state::not_looked_up) {
        auto q = rates_.find(from, to_, from_day_number(day), policy_);
        if (!q) {
            f->state = factor_state::no_rate;
        } else {
            f->state = factor_state::known;
            f->exact = static_cast<std::uint32_t>(exact_.size());
            exact_.push_back(q->factor);
            f->how = static_cast<std::uint8_t>(q->method);
        }
    }
    return *f;
}

inline detail::i128 bulk_converter::convert(const decimal& amount, currency from, int day, conversion_method* how) {
    if (amount.coefficient() >= std::numeric_limits<std::int64_t>::min() + 1 &&
        amount.coefficient() <= std::numeric_limits<std::int64_t>::max())
        return convert(static_cast<std::int64_t>(amount.coefficient()), amount.scale(), from, day, how);
    detail::i128 out = 0;
    std::uint8_t h = 0;
    std::size_t failed = 0;
    const row r{0, static_cast<std::int8_t>(amount.scale()), from.index(), day, &amount};
    convert_rows(1, [&](std::size_t) { return r; }, &out, &h, failed);
    if (how) *how = static_cast<conversion_method>(h);
    return out;
}

inline void bulk_converter::prepare(factor& f, int scale, std::uint16_t from) const {
    using detail::u128;
    f.scale = static_cast<std::int8_t>(scale);
    f.path = factor_path::exact_only;
    const int shift = scale_ - scale;
    u128 n = exact_[f.exact].numerator, d = exact_[f.exact].denominator;
    if (shift > 0 && __builtin_mul_overflow(n, detail::pow10_u128(shift), &n)) return;
    if (shift < 0 && __builtin_mul_overflow(d, detail::pow10_u128(-shift), &d)) return;
    if (n >> 63 || d >> 63) return;
    f.pnum = static_cast<std::uint64_t>(n);
    f.pden = static_cast<std::uint64_t>(d);
    f.ratio = static_cast<double>(f.pnum) / static_cast<double>(f.pden);
    f.path = f.pden >= (std::uint64_t(1) << 62) ? factor_path::wide_estimate
             : scale == minor_[from]             ? factor_path::narrow_minor
                                                 : factor_path::narrow_estimate;
}

inline detail::i128 bulk_converter::convert(std::int64_t coefficient, int scale, currency from, int day,
                                            conversion_method* how) {
    if (scale < 0 || scale > decimal::max_scale) throw invalid_argument("amount scale out of range");
    detail::i128 out = 0;
    std::uint8_t h = 0;
    std::size_t failed = 0;
    const row r{coefficient, static_cast<std::int8_t>(scale), from.index(), day, nullptr};
    convert_rows(1, [&](std::size_t) { return r; }, &out, &h, failed);
    if (how) *how = static_cast<conversion_method>(h);
    return out;
}

template <rounding_mode mode>
inline std::int64_t bulk_converter::rounded(std::int64_t q, std::uint64_t rem, std::uint64_t den) noexcept {
    const std::uint64_t other = den - rem;
    if constexpr (mode == rounding_mode::up) q += rem != 0;
    else if constexpr (mode == rounding_mode::half_up) q += rem != 0 && rem >= other;
    else if constexpr (mode == rounding_mode::half_even) q += (rem > other) | ((rem == other) & (q & 1));
    return q;
}

template <rounding_mode mode>
inline std::int64_t bulk_converter::narrow_product(std::int64_t c, const factor& f, bool& ok) noexcept {
    // |c| × pnum / pden rounded once, as rate_table::apply takes it. A double estimate of the
    // quotient: below 2^50 it is within 1/4 of the exact one (two roundings of 2^-53), so its
    // truncation q0 is the floor or one off it; m × pnum - q0 × pden then lies in [-pden, 2 pden),
    // inside int64 when pden < 2^62, so it is exact computed modulo 2^64. One branchless correction
    // (random amounts make its direction unpredictable) leaves the floor and its remainder in
    // [0, pden); the rounding rule reads the remainder.
    const std::uint64_t m = c < 0 ? 0 - static_cast<std::uint64_t>(c) : static_cast<std::uint64_t>(c);
    double est = static_cast<double>(static_cast<std::int64_t>(m)) * f.ratio;  // the wide marker gives m = 2^63: negative
    ok = f.path >= factor_path::narrow_estimate && est >= 0 && est < 0x1p50;
    est = ok ? est : 0.0;
    auto q = static_cast<std::int64_t>(est);
    auto rem = static_cast<std::int64_t>(m * f.pnum - static_cast<std::uint64_t>(q) * f.pden);
    const auto pden = static_cast<std::int64_t>(f.pden);
    const bool low = rem < 0;
    q -= low;
    rem += low ? pden : 0;
    const bool high = rem >= pden;
    q += high;
    rem -= high ? pden : 0;
    q = rounded<mode>(q, static_cast<std::uint64_t>(rem), f.pden);
    return c < 0 ? -q : q;
}

template <rounding_mode mode>
inline void bulk_converter::minor_row(std::size_t k, const std::int64_t* amounts, const std::uint16_t* currencies,
                                      const std::int32_t* days, std::int64_t* out, std::uint8_t* how, method_lanes& hist,
                                      std::uint16_t* slow, std::size_t& slow_count, std::size_t& failed) {
    const std::uint16_t cur = currencies[k];
    factor& f = lookup(cur, days[k]);
    if (f.state != factor_state::known || f.scale != minor_[cur] || minor_[cur] < 0) [[unlikely]] {
        if (minor_[cur] < 0) {
            failed = k;
            throw detail::no_minor_unit(cur);
        }
        if (f.state == factor_state::no_rate) {
            failed = k;
            rates_.quote(currency::from_index(cur), to_, from_day_number(days[k]), policy_);  // throws, naming pair and date
        }
        prepare(f, minor_[cur], cur);
    }
    bool ok;
    out[k] = narrow_product<mode>(amounts[k], f, ok);
    if (how) how[k] = f.how;
    if (!ok) [[unlikely]] {
        slow[slow_count++] = static_cast<std::uint16_t>(k);
        return;  // counted where it is converted
    }
    ++hist[k & 3][f.how & 7];
}

template <rounding_mode mode>
std::size_t bulk_converter::minor_rows(std::size_t n, const std::int64_t* amounts, const std::uint16_t* currencies,
                                       const std::int32_t* days, std::int64_t* out, std::uint8_t* how,
                                       std::uint16_t* slow, std::size_t& failed) {
    std::size_t slow_count = 0;
    method_lanes hist{};
    for (std::size_t k = 0; k < n; ++k) minor_row<mode>(k, amounts, currencies, days, out, how, hist, slow, slow_count, failed);
    add_counts(hist);
    return slow_count;
}

inline void bulk_converter::convert_minor_rows(std::size_t n, const std::int64_t* amounts, const std::uint16_t* currencies,
                                               const std::int32_t* days, std::int64_t* out, std::uint8_t* how,
                                               std::size_t& failed, detail::i128* wide) {
    std::array<std::uint16_t, block> slow;
    std::size_t slow_count = 0;
    slow_count = detail::with_rounding(rounding_, [&]<rounding_mode mode>() {
#if GRANTFOLIO_BULK_AVX512
        if (simd_) return minor_rows_avx512<mode>(n, amounts, currencies, days, out, how, slow.data(), failed);
#endif
        return minor_rows<mode>(n, amounts, currencies, days, out, how, slow.data(), failed);
    });
    if (wide) std::copy_n(out, n, wide);  // the slow rows' values are replaced below
    if (slow_count == 0) return;
    // The rows the 64-bit path did not prove: the general path, then into int64 if they fit.
    std::array<detail::i128, block> v;
    std::array<std::uint8_t, block> h;
    std::size_t at = 0;
    try {
        convert_rows(
            slow_count,
            [&](std::size_t j) {
                const std::size_t k = slow[j];
                return row{amounts[k], minor_[currencies[k]], currencies[k], days[k], nullptr};
            },
            v.data(), h.data(), at);
    } catch (...) {
        failed = slow[at];
        throw;
    }
    constexpr detail::i128 top = std::numeric_limits<std::int64_t>::max();
    for (std::size_t j = 0; j < slow_count; ++j) {
        const std::size_t k = slow[j];
        if (wide) {
            wide[k] = v[j];
            if (how) how[k] = h[j];
            continue;
        }
        if (v[j] > top || v[j] < -top) [[unlikely]] {
            failed = k;
            throw overflow_error("the result does not fit in 64-bit minor units of " + std::string(to_.code()));
        }
        out[k] = static_cast<std::int64_t>(v[j]);
        if (how) how[k] = h[j];
    }
}

template <rounding_mode mode, class RowOf>
std::size_t bulk_converter::fast_rows(std::size_t n, RowOf& row_of, detail::i128* out, std::uint8_t* how,
                                      std::uint16_t* slow, std::size_t& failed) {
    using detail::i128;
    using detail::u128;
    // 1. Every row in one tight loop: its factor (looked up once per currency and day, then from
    //    the dense cache, and prepared for the row's scale), then the product on the 64-bit path
    //    (narrow_product). Rows outside its bounds (wide or huge amounts, large factors) leave for
    //    step 3.
    std::array<std::int64_t, block> coef;
    std::array<std::uint8_t, block> hw;
    std::size_t slow_count = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const row r = row_of(k);
        factor& f = lookup(r.currency, r.day);
        if (f.state == factor_state::no_rate) [[unlikely]] {
            failed = k;
            rates_.quote(currency::from_index(r.currency), to_, from_day_number(r.day), policy_);  // throws, naming pair and date
        }
        if (f.scale != r.scale) [[unlikely]]
            prepare(f, r.scale, r.currency);
        hw[k] = f.how;
        const std::int64_t c = coef[k] = r.wide ? wide_marker : r.coefficient;
        bool ok;
        out[k] = narrow_product<mode>(c, f, ok);
        // A branch, not a branchless append: it is almost never taken, and a computed index would
        // chain every row to the previous row's whole computation.
        if (!ok) [[unlikely]]
            slow[slow_count++] = static_cast<std::uint16_t>(k);
    }
    // 2. Methods counted, in four lanes (equal neighbours do not wait on each other).
    method_lanes hist{};
    for (std::size_t k = 0; k < n; ++k) ++hist[k & 3][hw[k] & 7];
    add_counts(hist);
    if (how) std::copy_n(hw.begin(), n, how);

    // 3. The rows step 1 left: the same estimate in 128 bits, proved by the remainder's range; the
    //    rows it cannot prove stay in `slow` for the exact division.
    std::size_t exact_count = 0;
    for (std::size_t s = 0; s < slow_count; ++s) {
        const std::size_t k = slow[s];
        const row r = row_of(k);
        factor& f = lookup(r.currency, r.day);  // present since step 1
        if (f.scale != r.scale) prepare(f, r.scale, r.currency);
        const std::int64_t c = coef[k];
        const std::uint64_t m = c < 0 ? 0 - static_cast<std::uint64_t>(c) : static_cast<std::uint64_t>(c);
        const double est = static_cast<double>(static_cast<std::int64_t>(m)) * f.ratio;
        if (f.path == factor_path::exact_only || c == wide_marker || !(est >= 0 && est < 4.0e18)) {
            slow[exact_count++] = static_cast<std::uint16_t>(k);
            continue;
        }
        const auto pden = static_cast<i128>(f.pden);
        auto q = static_cast<std::int64_t>(est);
        i128 rem = static_cast<i128>(static_cast<u128>(m) * f.pnum) - static_cast<i128>(static_cast<u128>(static_cast<std::uint64_t>(q)) * f.pden);
        for (int step = 0; step < 2 && rem < 0; ++step) --q, rem += pden;
        for (int step = 0; step < 2 && rem >= pden; ++step) ++q, rem -= pden;
        if (rem < 0 || rem >= pden) {
            slow[exact_count++] = static_cast<std::uint16_t>(k);
            continue;
        }
        q = rounded<mode>(q, static_cast<std::uint64_t>(rem), f.pden);
        out[k] = c < 0 ? -q : q;
    }
    return exact_count;
}

template <class RowOf>
void bulk_converter::convert_rows(std::size_t n, RowOf&& row_of, detail::i128* out, std::uint8_t* how, std::size_t& failed) {
    std::array<std::uint16_t, block> slow;
    std::size_t slow_count = 0;
    // 1. Every row in one tight loop: its factor (looked up once per currency and day, then from
    //    the dense cache) and the fast quotient.
    slow_count = detail::with_rounding(rounding_, [&]<rounding_mode mode>() { return fast_rows<mode>(n, row_of, out, how, slow.data(), failed); });
    // 2. The rows the fast path could not prove: the exact 256-bit division (and its overflow check).
    for (std::size_t s = 0; s < slow_count; ++s) {
        const std::size_t k = slow[s];
        const row r = row_of(k);
        const currency from = currency::from_index(r.currency);
        failed = k;
        const rate_factor& x = exact_[lookup(r.currency, r.day).exact];
        const decimal amount = r.wide ? *r.wide : decimal::from_parts(r.coefficient, r.scale);
        out[k] = rate_table::apply(money(amount, from), x, to_, rounding_, scale_).amount().coefficient();
    }
}

}  // namespace grantfolio

#if GRANTFOLIO_BULK_AVX512
#include "grantfolio/detail/bulk_avx512.hpp"
#endif
