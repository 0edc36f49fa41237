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
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <span>
#include <thread>
#include <tsl/robin_map.h>
#include <vector>

#include "grantfolio/detail/parallel.hpp"

// The AVX-512 loop of bulk_converter::convert_minor_rows: built on x86-64 with GCC or Clang (as a
// function for that target, whatever the build's -march), chosen at run time by what the CPU has.
#if !defined(GRANTFOLIO_BULK_AVX512)
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GRANTFOLIO_BULK_AVX512 1
#else
#define GRANTFOLIO_BULK_AVX512 0
#endif
#endif
#if GRANTFOLIO_BULK_AVX512
#include <immintrin.h>
#endif
#include "grantfolio/rate_table.hpp"
#include "grantfolio/transaction_store.hpp"

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

namespace detail {
/// The error for amounts in minor units of a currency that has none (XAU).
inline invalid_argument no_minor_unit(std::uint16_t position) {
    return invalid_argument(std::string(currency::from_index(position).code()) +
                            " has no minor unit in ISO 4217, so minor units of it mean nothing");
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

private:
    // 32 bytes, so that the cache of a few currencies over years of days stays in L2. The exact
    // fraction lives apart (exact_), read only when a row leaves the fast path.
    struct factor {
        // Prepared for amounts of scale `scale`: num × 10^shift and den × 10^-shift, when both fit in
        // 63 bits (fast), and their ratio as a double for the estimate.
        std::uint64_t pnum = 0, pden = 1;
        double ratio = 0;
        std::uint32_t exact = 0;  // index into exact_
        std::int8_t scale = -1;
        // 0: exact division only; 1: the 128-bit estimate; 2: the 64-bit one too (pden < 2^62);
        // 3: as 2, and prepared for its currency's minor unit (what convert_minor_rows looks for).
        std::uint8_t path = 0;
        std::uint8_t state = 0;  // 0 not looked up, 1 known, 2 no rate
        std::uint8_t how = 0;    // conversion_method
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
        if (off < v.size && v.days[off].state != 0) return v.days[off];
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
    template <rounding_mode mode>
    std::size_t minor_rows_avx512(std::size_t n, const std::int64_t* amounts, const std::uint16_t* currencies,
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

/// Options of convert_minor_units.
struct bulk_options {
    missing_rate_policy policy{};
    rounding_mode rounding = rounding_mode::half_even;
    /// Threads to split the rows over (1: the calling thread only; 0: one per core).
    unsigned threads = 1;
    /// Whether the AVX-512 loop may run where the CPU has it (bulk_converter::simd); the results
    /// are the same either way.
    bool simd = true;
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
    if (f->state == 0) {
        auto q = rates_.find(from, to_, from_day_number(day), policy_);
        if (!q) {
            f->state = 2;
        } else {
            f->state = 1;
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
    f.path = 0;
    const int shift = scale_ - scale;
    u128 n = exact_[f.exact].numerator, d = exact_[f.exact].denominator;
    if (shift > 0 && __builtin_mul_overflow(n, detail::pow10_u128(shift), &n)) return;
    if (shift < 0 && __builtin_mul_overflow(d, detail::pow10_u128(-shift), &d)) return;
    if (n >> 63 || d >> 63) return;
    f.pnum = static_cast<std::uint64_t>(n);
    f.pden = static_cast<std::uint64_t>(d);
    f.ratio = static_cast<double>(f.pnum) / static_cast<double>(f.pden);
    f.path = f.pden >= (std::uint64_t(1) << 62) ? 1 : scale == minor_[from] ? 3 : 2;
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
    ok = f.path >= 2 && est >= 0 && est < 0x1p50;
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
    if (f.state != 1 || f.scale != minor_[cur] || minor_[cur] < 0) [[unlikely]] {
        if (minor_[cur] < 0) {
            failed = k;
            throw detail::no_minor_unit(cur);
        }
        if (f.state == 2) {
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

#if GRANTFOLIO_BULK_AVX512
// GCC 12 warns that its own AVX-512 intrinsics read an uninitialised value (_mm512_undefined_*,
// GCC bug 105593); the warning is silenced for this function only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
template <rounding_mode mode>
__attribute__((target("avx512f,avx512dq,avx512vl"))) std::size_t bulk_converter::minor_rows_avx512(
    std::size_t n, const std::int64_t* amounts, const std::uint16_t* currencies, const std::int32_t* days,
    std::int64_t* out, std::uint8_t* how, std::uint16_t* slow, std::size_t& failed) {
    // minor_row's 64-bit path, eight rows at a time. Each lane gathers its currency's dense view,
    // then its factor; a lane whose factor is not on path 3 (not looked up yet, no rate, prepared
    // for another scale, a denominator too large) or whose estimate is out of the path's bounds is
    // done afterwards by minor_row itself, in row order, so it fills the cache, throws or joins
    // `slow` exactly as the scalar loop would. The arithmetic is narrow_product's, lane by lane.
    static_assert(sizeof(dense_view) == 16 && offsetof(dense_view, first_day) == 8 && offsetof(dense_view, size) == 12);
    static_assert(offsetof(factor, pnum) == 0 && offsetof(factor, pden) == 8 && offsetof(factor, ratio) == 16 &&
                  offsetof(factor, scale) == 28 && offsetof(factor, path) == 29 && offsetof(factor, state) == 30 &&
                  offsetof(factor, how) == 31);
    std::size_t slow_count = 0;
    method_lanes hist{};
    const auto* views = reinterpret_cast<const long long*>(views_.data());
    const __m512i zero = _mm512_setzero_si512(), one = _mm512_set1_epi64(1);
    const __m512d bound = _mm512_set1_pd(0x1p50), nought = _mm512_setzero_pd();
    // Methods of the vector lanes, one byte per method in each 64-bit lane (a block's 32 steps
    // cannot carry a byte over), summed into `hist` at the end.
    __m512i methods = zero;
    std::size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        const __m512i c = _mm512_loadu_si512(amounts + k);
        const __m512i cur = _mm512_cvtepu16_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(currencies + k)));
        const __m256i day = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(days + k));
        const __m512i at = _mm512_slli_epi64(cur, 1);  // dense_view = two 8-byte words
        // All lanes, as a mask loaded from a register: GCC's own all-ones mask (kxnorb of a mask
        // register with itself) waits for that register's last value, the previous step's `ok`,
        // which chained every step to the one before.
        unsigned all_lanes = 0xFF;
        __asm__("" : "+r"(all_lanes));
        const __mmask8 all = _cvtu32_mask8(all_lanes);
        const __m512i data = _mm512_mask_i64gather_epi64(zero, all, at, views, 8);
        const __m512i span = _mm512_mask_i64gather_epi64(zero, all, _mm512_add_epi64(at, one), views, 8);  // first_day | size << 32
        const __m256i first = _mm512_cvtepi64_epi32(span);
        const __m256i size = _mm512_cvtepi64_epi32(_mm512_srli_epi64(span, 32));
        const __m256i off = _mm256_sub_epi32(day, first);
        __mmask8 ok = _mm256_cmplt_epu32_mask(off, size);
        const __m512i addr = _mm512_add_epi64(data, _mm512_slli_epi64(_mm512_cvtepu32_epi64(off), 5));  // 32-byte factors
        const __m256i tail = _mm512_mask_i64gather_epi32(_mm256_setzero_si256(), ok, _mm512_add_epi64(addr, _mm512_set1_epi64(28)), nullptr, 1);
        ok = _mm256_mask_cmpeq_epi32_mask(ok, _mm256_and_si256(tail, _mm256_set1_epi32(0xFF00)), _mm256_set1_epi32(3 << 8));  // path 3
        const __m512i pnum = _mm512_mask_i64gather_epi64(zero, ok, addr, nullptr, 1);
        const __m512i pden = _mm512_mask_i64gather_epi64(one, ok, _mm512_add_epi64(addr, _mm512_set1_epi64(8)), nullptr, 1);
        const __m512d ratio = _mm512_mask_i64gather_pd(nought, ok, _mm512_add_epi64(addr, _mm512_set1_epi64(16)), nullptr, 1);
        // |c| (2^63 for the wide marker: negative as a signed value, so its estimate is refused).
        const __m512i m = _mm512_abs_epi64(c);
        const __m512d est = _mm512_mul_pd(_mm512_cvtepi64_pd(m), ratio);
        ok = _mm512_mask_cmp_pd_mask(ok, est, nought, _CMP_GE_OQ);
        ok = _mm512_mask_cmp_pd_mask(ok, est, bound, _CMP_LT_OQ);
        __m512i q = _mm512_maskz_cvttpd_epi64(ok, est);
        __m512i rem = _mm512_sub_epi64(_mm512_mullo_epi64(m, pnum), _mm512_mullo_epi64(q, pden));
        const __mmask8 low = _mm512_cmplt_epi64_mask(rem, zero);
        q = _mm512_mask_sub_epi64(q, low, q, one);
        rem = _mm512_mask_add_epi64(rem, low, rem, pden);
        const __mmask8 high = _mm512_cmpge_epi64_mask(rem, pden);
        q = _mm512_mask_add_epi64(q, high, q, one);
        rem = _mm512_mask_sub_epi64(rem, high, rem, pden);
        const __m512i other = _mm512_sub_epi64(pden, rem);
        __mmask8 up = 0;
        if constexpr (mode == rounding_mode::up) up = _mm512_cmpneq_epi64_mask(rem, zero);
        else if constexpr (mode == rounding_mode::half_up) up = _mm512_cmpge_epi64_mask(rem, other);  // rem = 0 < other
        else if constexpr (mode == rounding_mode::half_even)
            up = _mm512_cmpgt_epi64_mask(rem, other) |
                 (_mm512_cmpeq_epi64_mask(rem, other) & _mm512_test_epi64_mask(q, one));
        q = _mm512_mask_add_epi64(q, up, q, one);
        q = _mm512_mask_sub_epi64(q, _mm512_cmplt_epi64_mask(c, zero), zero, q);
        _mm512_storeu_si512(out + k, q);
        const __m512i method = _mm512_cvtepu32_epi64(_mm256_srli_epi32(tail, 24));
        if (how) _mm512_mask_cvtepi64_storeu_epi8(how + k, ok, method);
        methods = _mm512_mask_add_epi64(methods, ok, methods, _mm512_sllv_epi64(one, _mm512_slli_epi64(method, 3)));
        for (unsigned rest = static_cast<unsigned>(~ok) & 0xFF; rest != 0; rest &= rest - 1)
            minor_row<mode>(k + static_cast<unsigned>(__builtin_ctz(rest)), amounts, currencies, days, out, how, hist, slow,
                            slow_count, failed);
    }
    for (; k < n; ++k) minor_row<mode>(k, amounts, currencies, days, out, how, hist, slow, slow_count, failed);
    alignas(64) std::uint64_t lanes[8];
    _mm512_store_si512(lanes, methods);
    for (const std::uint64_t lane : lanes)
        for (unsigned m = 0; m < 8; ++m) hist[0][m] += static_cast<std::uint32_t>((lane >> (8 * m)) & 0xFF);
    add_counts(hist);
    return slow_count;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

inline void bulk_converter::convert_minor_rows(std::size_t n, const std::int64_t* amounts, const std::uint16_t* currencies,
                                               const std::int32_t* days, std::int64_t* out, std::uint8_t* how,
                                               std::size_t& failed, detail::i128* wide) {
    std::array<std::uint16_t, block> slow;
    std::size_t slow_count = 0;
    auto rows = [&]<rounding_mode mode>() {
#if GRANTFOLIO_BULK_AVX512
        if (simd_) return minor_rows_avx512<mode>(n, amounts, currencies, days, out, how, slow.data(), failed);
#endif
        return minor_rows<mode>(n, amounts, currencies, days, out, how, slow.data(), failed);
    };
    switch (rounding_) {
        case rounding_mode::half_even: slow_count = rows.template operator()<rounding_mode::half_even>(); break;
        case rounding_mode::half_up: slow_count = rows.template operator()<rounding_mode::half_up>(); break;
        case rounding_mode::down: slow_count = rows.template operator()<rounding_mode::down>(); break;
        case rounding_mode::up: slow_count = rows.template operator()<rounding_mode::up>(); break;
    }
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
        if (f.state == 2) [[unlikely]] {
            failed = k;
            rates_.quote(currency::from_index(r.currency), to_, from_day_number(r.day), policy_);  // throws, naming pair and date
        }
        if (f.scale != r.scale) [[unlikely]]
            prepare(f, r.scale, r.currency);
        hw[k] = f.how;
        const std::int64_t c = coef[k] = r.wide ? transaction_store::wide : r.coefficient;
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
        if (f.path == 0 || c == transaction_store::wide || !(est >= 0 && est < 4.0e18)) {
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
    switch (rounding_) {
        case rounding_mode::half_even: slow_count = fast_rows<rounding_mode::half_even>(n, row_of, out, how, slow.data(), failed); break;
        case rounding_mode::half_up: slow_count = fast_rows<rounding_mode::half_up>(n, row_of, out, how, slow.data(), failed); break;
        case rounding_mode::down: slow_count = fast_rows<rounding_mode::down>(n, row_of, out, how, slow.data(), failed); break;
        case rounding_mode::up: slow_count = fast_rows<rounding_mode::up>(n, row_of, out, how, slow.data(), failed); break;
    }
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

namespace detail {

/// Rethrows the current grantfolio error with where it happened in front ("row 7: "), keeping its type.
[[noreturn]] inline void rethrow_at(const std::string& where) {
    const std::string at = where + ": ";
    try {
        throw;
    } catch (const missing_rate& e) {
        throw missing_rate(at + e.what(), e.base(), e.quote(), e.on());
    } catch (const overflow_error& e) {
        throw overflow_error(at + e.what());
    } catch (const unknown_currency& e) {
        throw unknown_currency(at + e.what());
    } catch (const invalid_argument& e) {
        throw invalid_argument(at + e.what());
    }
}

/// Runs work(part, lo, hi, converter) over [0, n) split in `threads` parts (0: one per core; one part
/// below 65536 rows), each with its own converter; returns the summed stats. A failure is rethrown
/// from the lowest failing row, with where(row) in front of its message.
template <class Work, class Where>
bulk_stats run_parts(std::size_t n, unsigned threads, const rate_table& rates, currency to, const missing_rate_policy& policy,
                     rounding_mode rounding, Work&& work, Where&& where) {
    const unsigned parts = part_count(n, threads);
    struct part {
        bulk_stats stats;
        std::size_t failed = 0;
        std::exception_ptr error;
    };
    std::vector<part> out(parts);
    run_in_parts(n, parts, [&](unsigned t, std::size_t lo, std::size_t hi) {
        std::size_t at = lo;
        try {
            bulk_converter c(rates, to, policy, rounding);
            work(t, at, hi, c);  // advances `at` row by row
            out[t].stats = c.stats();
        } catch (...) {
            out[t].failed = at;
            out[t].error = std::current_exception();
        }
    });
    bulk_stats total;
    for (auto& p : out) {
        if (p.error) {
            try {
                std::rethrow_exception(p.error);
            } catch (const error&) {
                rethrow_at(where(p.failed));
            }
        }
        total += p.stats;
    }
    return total;
}

}  // namespace detail

namespace detail {

/// convert_minor_units over any column layout: amount_at(i) (int64 minor units), currency_at(i)
/// (a currency table position as std::uint16_t, checked here), day_at(i) (a day number, checked here). Each result
/// goes to sink(part, first_row, values, count, at) a block at a time (int64 minor units of the
/// target; a result beyond int64 is an overflow_error before it gets there); a sink that throws
/// names its row by setting `at` (relative to first_row).
template <class AmountAt, class CurrencyAt, class DayAt, class Sink>
bulk_stats convert_minor_units_with(const rate_table& rates, std::size_t n, AmountAt&& amount_at, CurrencyAt&& currency_at,
                                    DayAt&& day_at, currency to, Sink&& sink, const bulk_options& options,
                                    std::span<std::uint8_t> methods) {
    if (!methods.empty() && methods.size() != n)
        throw invalid_argument("convert_minor_units: " + std::to_string(n) + " amounts but room for " +
                               std::to_string(methods.size()) + " methods: they must be as many");
    const std::int64_t lo = day_number(make_date(min_year, 1, 1)), hi_day = day_number(make_date(max_year, 12, 31));
    return run_parts(
        n, options.threads, rates, to, options.policy, options.rounding,
        [&](unsigned part, std::size_t& i, std::size_t hi, bulk_converter& c) {
            c.set_simd(options.simd);
            std::array<std::int64_t, bulk_converter::block> amount, v;
            std::array<std::uint16_t, bulk_converter::block> cur;
            std::array<std::int32_t, bulk_converter::block> day;
            const auto first_day = static_cast<std::int32_t>(lo), last_day = static_cast<std::int32_t>(hi_day);
            const std::size_t currencies = currency::count();
            while (i < hi) {
                const std::size_t n = std::min(bulk_converter::block, hi - i);
                // The block's rows are read, then their currencies and dates checked by reductions
                // the compiler vectorises. When a row is bad (or an accessor throws at it), the rows
                // before it are converted first: the error is always the first failing row's, even
                // when that row fails only in the converter (a missing rate, a currency without a
                // minor unit).
                auto convert = [&](std::size_t count) {
                    std::size_t failed = 0;
                    try {
                        c.convert_minor_rows(count, amount.data(), cur.data(), day.data(), v.data(),
                                             methods.empty() ? nullptr : methods.data() + i, failed);
                    } catch (...) {
                        i += failed;
                        throw;
                    }
                };
                auto first_invalid = [&](std::size_t upto) {
                    std::size_t k = 0;
                    while (k < upto && cur[k] < currencies && c.minor_unit(cur[k]) >= 0 && day[k] >= first_day && day[k] <= last_day) ++k;
                    return k;
                };
                auto refuse = [&](std::size_t k) {
                    const std::uint16_t p = cur[k];
                    i += k;
                    if (p >= currencies) throw unknown_currency("currency position " + std::to_string(p) + " is not in the table");
                    if (c.minor_unit(p) < 0) throw no_minor_unit(p);
                    throw invalid_argument("the value date lies outside " + std::to_string(min_year) + ".." + std::to_string(max_year));
                };
                std::size_t k = 0;
                try {
                    for (; k < n; ++k) {
                        amount[k] = amount_at(i + k);
                        cur[k] = static_cast<std::uint16_t>(currency_at(i + k));
                        const auto d = static_cast<std::int64_t>(day_at(i + k));
                        day[k] = static_cast<std::int32_t>(d < first_day ? first_day - 1 : d > last_day ? last_day + 1 : d);
                    }
                } catch (...) {
                    const std::size_t bad = first_invalid(k);
                    convert(bad);
                    if (bad < k) refuse(bad);
                    i += k;
                    throw;
                }
                std::uint16_t top = 0;
                std::int32_t earliest = first_day, latest = last_day;
                for (k = 0; k < n; ++k) {
                    top = std::max(top, cur[k]);
                    earliest = std::min(earliest, day[k]);
                    latest = std::max(latest, day[k]);
                }
                if (top >= currencies || earliest < first_day || latest > last_day) [[unlikely]] {
                    const std::size_t bad = first_invalid(n);
                    convert(bad);
                    refuse(bad);
                }
                convert(n);  // a currency without a minor unit is refused here, at its row
                std::size_t at = 0;
                try {
                    sink(part, i, v.data(), n, at);
                } catch (...) {
                    i += at;
                    throw;
                }
                i += n;
            }
        },
        [](std::size_t i) { return "row " + std::to_string(i); });
}

/// A sink for convert_minor_units_with: the results into `out`, row for row.
inline auto minor_unit_sink(std::span<std::int64_t> out) {
    if (out.data() == nullptr && !out.empty()) throw invalid_argument("no room for the results");
    return [out](unsigned, std::size_t first, const std::int64_t* v, std::size_t count, std::size_t&) {
        if (first + count > out.size()) throw invalid_argument("more results than room for them");
        std::copy_n(v, count, out.data() + first);
    };
}

}  // namespace detail

inline bulk_stats convert_minor_units(const rate_table& rates, std::span<const std::int64_t> amounts,
                                      std::span<const std::uint16_t> currencies, std::span<const std::int32_t> days,
                                      currency to, std::span<std::int64_t> out, const bulk_options& options,
                                      std::span<std::uint8_t> methods) {
    const std::size_t n = amounts.size();
    if (currencies.size() != n || days.size() != n || out.size() != n)
        throw invalid_argument("convert_minor_units: " + std::to_string(n) + " amounts, " + std::to_string(currencies.size()) +
                               " currencies, " + std::to_string(days.size()) + " dates and room for " +
                               std::to_string(out.size()) + " results: they must be as many");
    return detail::convert_minor_units_with(
        rates, n, [a = amounts.data()](std::size_t i) { return a[i]; }, [c = currencies.data()](std::size_t i) { return c[i]; },
        [d = days.data()](std::size_t i) { return d[i]; }, to, detail::minor_unit_sink(out), options, methods);
}

}  // namespace grantfolio
