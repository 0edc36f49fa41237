// grantfolio/detail/bulk_engine.hpp — the one block engine of bulk conversion: rows split over
// threads (each part with its own bulk_converter), gathered a block at a time by the caller, each
// block converted by the fastest path its rows allow, the results handed to the caller's sink.
// convert_minor_units (bulk_conversion.hpp) and query::converted_totals_by drive it, the first with
// a sink that writes each result, the second with one that sums them per group. Included by
// grantfolio/bulk_conversion.hpp; not an API of its own.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "grantfolio/detail/bulk_converter.hpp"
#include "grantfolio/detail/parallel.hpp"

namespace grantfolio {

/// Options of convert_minor_units and of the engine under it.
struct bulk_options {
    missing_rate_policy policy{};
    rounding_mode rounding = rounding_mode::half_even;
    /// Threads to split the rows over (1: the calling thread only; 0: one per core).
    unsigned threads = 1;
    /// Whether the AVX-512 loop may run where the CPU has it (bulk_converter::simd); the results
    /// are the same either way.
    bool simd = true;
};

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

/// The rows of one block, as the engine converts them: each row's number (what a failure is named
/// by), its amount as coefficient x 10^-scale (or, with the coefficient bulk_converter::wide_marker,
/// the exact amount `wide` points to), its currency's table position and its value date's day.
/// A block of consecutive rows (first, first + 1, ...) needs no row numbers; one whose
/// coefficients are already whole minor units of their currencies says so (`minor_units`), and
/// its scales and wide pointers are not read.
struct bulk_block {
    static constexpr std::size_t capacity = bulk_converter::block;
    std::size_t size = 0;
    std::size_t first = 0;        ///< the first row, when `consecutive`
    bool consecutive = false;
    bool minor_units = false;
    std::array<std::size_t, capacity> row;
    std::array<std::int64_t, capacity> coefficient;
    std::array<std::int8_t, capacity> scale;
    std::array<std::uint16_t, capacity> currency;
    std::array<std::int32_t, capacity> day;
    std::array<const decimal*, capacity> wide;
    std::size_t row_of(std::size_t k) const noexcept { return consecutive ? first + k : row[k]; }
};

/// Converts rows [0, n) to `to`, in parts over options.threads threads (each with its own
/// converter), a block at a time:
///   fill(i, hi, block) gathers the next rows at or after i (and before hi) into the empty block,
///     up to its capacity, and leaves i where the next block starts. A row that cannot be converted
///     at all (a currency or date out of range) ends the block before it, so that the rows before
///     it are converted first; the next call, starting at it, throws for it (with i at it).
///   sink(part, block, values, methods, at) takes the block's results: `Result` coefficients at the
///     target's scale (std::int64_t: minor units, a result beyond them an overflow_error at its
///     row; detail::i128: any result) and, when `with_methods`, each row's conversion_method (else
///     nullptr: not working them out row by row saves a store per row). A sink that throws names
///     its row by setting `at` (a position in the block).
/// A block whose rows are all whole minor units of their currencies takes convert_minor_rows (the
/// 64-bit loop, eight rows at a time where the CPU has AVX-512 and options.simd allows); any other
/// block, convert_rows. A failure is rethrown from the lowest failing row, with where(row) in front.
template <class Result, class Fill, class Sink, class Where>
bulk_stats convert_blocks(std::size_t n, const rate_table& rates, currency to, const bulk_options& options, bool with_methods,
                          Fill&& fill, Sink&& sink, Where&& where) {
    static_assert(std::is_same_v<Result, std::int64_t> || std::is_same_v<Result, i128>);
    return run_parts(
        n, options.threads, rates, to, options.policy, options.rounding,
        [&](unsigned part, std::size_t& i, std::size_t hi, bulk_converter& c) {
            c.set_simd(options.simd);
            bulk_block b;
            std::array<std::int64_t, bulk_block::capacity> minor, narrow;
            std::array<Result, bulk_block::capacity> value;
            std::array<std::uint8_t, bulk_block::capacity> methods;
            std::uint8_t* how = with_methods ? methods.data() : nullptr;
            while (i < hi) {
                b.size = 0, b.consecutive = false, b.minor_units = false;
                fill(i, hi, b);
                if (b.size == 0) continue;
                // Whole minor units of their currencies (a coefficient at a smaller scale multiplied up)?
                bool in_minor_units = b.minor_units;
                const std::int64_t* amounts = b.coefficient.data();
                if (!in_minor_units) {
                    in_minor_units = true;
                    for (std::size_t k = 0; k < b.size && in_minor_units; ++k) {
                        const int up = c.minor_unit(b.currency[k]) - b.scale[k];
                        in_minor_units = b.coefficient[k] != bulk_converter::wide_marker && up >= 0 && up <= 18 &&
                                         !__builtin_mul_overflow(b.coefficient[k], static_cast<std::int64_t>(pow10_u128(up)), &minor[k]);
                    }
                    amounts = minor.data();
                }
                std::size_t failed = 0;
                try {
                    if (in_minor_units) {
                        if constexpr (std::is_same_v<Result, std::int64_t>)
                            c.convert_minor_rows(b.size, amounts, b.currency.data(), b.day.data(), value.data(), how, failed);
                        else
                            c.convert_minor_rows(b.size, amounts, b.currency.data(), b.day.data(), narrow.data(), how, failed,
                                                 value.data());
                    } else {
                        std::array<i128, bulk_block::capacity> wide;
                        c.convert_rows(
                            b.size,
                            [&](std::size_t k) {
                                return bulk_converter::row{b.coefficient[k], b.scale[k], b.currency[k], b.day[k], b.wide[k]};
                            },
                            wide.data(), methods.data(), failed);
                        for (std::size_t k = 0; k < b.size; ++k) {
                            if constexpr (std::is_same_v<Result, std::int64_t>) {
                                constexpr i128 top = std::numeric_limits<std::int64_t>::max();
                                if (wide[k] > top || wide[k] < -top) [[unlikely]] {
                                    failed = k;
                                    throw overflow_error("the result does not fit in 64-bit minor units of " + std::string(to.code()));
                                }
                            }
                            value[k] = static_cast<Result>(wide[k]);
                        }
                    }
                } catch (...) {
                    i = b.row_of(failed);
                    throw;
                }
                std::size_t at = 0;
                try {
                    sink(part, b, value.data(), how, at);
                } catch (...) {
                    i = b.row_of(at);
                    throw;
                }
            }
        },
        where);
}

/// convert_minor_units over any column layout: amount_at(i) (int64 minor units), currency_at(i)
/// (a currency table position as std::uint16_t, checked here), day_at(i) (a day number, checked
/// here). Each result goes to sink(part, first_row, values, count, at) a block at a time (int64
/// minor units of the target; a result beyond int64 is an overflow_error before it gets there); a
/// sink that throws names its row by setting `at` (relative to first_row). The engine's fill: a
/// block of consecutive rows read in one loop and checked by reductions the compiler vectorises;
/// a bad row (or an accessor that throws at it) ends its block, and is refused when it comes first.
template <class AmountAt, class CurrencyAt, class DayAt, class Sink>
bulk_stats convert_minor_units_with(const rate_table& rates, std::size_t n, AmountAt&& amount_at, CurrencyAt&& currency_at,
                                    DayAt&& day_at, currency to, Sink&& sink, const bulk_options& options,
                                    std::span<std::uint8_t> methods) {
    if (!methods.empty() && methods.size() != n)
        throw invalid_argument("convert_minor_units: " + std::to_string(n) + " amounts but room for " +
                               std::to_string(methods.size()) + " methods: they must be as many");
    const auto first_day = static_cast<std::int32_t>(day_number(make_date(min_year, 1, 1)));
    const auto last_day = static_cast<std::int32_t>(day_number(make_date(max_year, 12, 31)));
    const std::size_t currencies = currency::count();
    std::vector<std::int8_t> minor(currencies, -1);
    for (std::size_t k = 0; k < currencies; ++k)
        if (const auto mu = currency::from_index(static_cast<std::uint16_t>(k)).minor_unit()) minor[k] = static_cast<std::int8_t>(*mu);
    auto fill = [&](std::size_t& i, std::size_t hi, bulk_block& b) {
        const std::size_t count = std::min(bulk_block::capacity, hi - i);
        b.first = i, b.consecutive = true, b.minor_units = true;
        auto valid = [&](std::size_t k) {
            return b.currency[k] < currencies && minor[b.currency[k]] >= 0 && b.day[k] >= first_day && b.day[k] <= last_day;
        };
        auto refuse = [&](std::size_t k) {
            const std::uint16_t p = b.currency[k];
            i += k;
            if (p >= currencies) throw unknown_currency("currency position " + std::to_string(p) + " is not in the table");
            if (minor[p] < 0) throw no_minor_unit(p);
            throw invalid_argument("the value date lies outside " + std::to_string(min_year) + ".." + std::to_string(max_year));
        };
        std::size_t k = 0;
        try {
            for (; k < count; ++k) {
                b.coefficient[k] = amount_at(i + k);
                b.currency[k] = static_cast<std::uint16_t>(currency_at(i + k));
                const auto d = static_cast<std::int64_t>(day_at(i + k));
                b.day[k] = static_cast<std::int32_t>(d < first_day ? first_day - 1 : d > last_day ? last_day + 1 : d);
            }
        } catch (...) {
            // The rows before the one that threw are converted first; it is refused on the next call.
            std::size_t good = 0;
            while (good < k && valid(good)) ++good;
            if (good < k) {  // an earlier row is bad: it ends the block
                if (good == 0) refuse(0);
                b.size = good, i += good;
                return;
            }
            if (k == 0) throw;  // i is at the row that threw
            b.size = k, i += k;
            return;
        }
        std::uint16_t top = 0;
        std::int32_t earliest = first_day, latest = last_day;
        for (k = 0; k < count; ++k) {
            top = std::max(top, b.currency[k]);
            earliest = std::min(earliest, b.day[k]);
            latest = std::max(latest, b.day[k]);
        }
        std::size_t good = count;
        if (top >= currencies || earliest < first_day || latest > last_day) [[unlikely]] {
            good = 0;
            while (good < count && valid(good)) ++good;
        }  // a currency without a minor unit (XAU) is refused by convert_minor_rows, at its row
        if (good == 0 && count > 0) refuse(0);
        b.size = good, i += good;
    };
    auto blocks = [&](unsigned part, const bulk_block& b, const std::int64_t* values, const std::uint8_t* how, std::size_t& at) {
        if (!methods.empty()) std::copy_n(how, b.size, methods.data() + b.first);
        sink(part, b.first, values, b.size, at);
    };
    return convert_blocks<std::int64_t>(n, rates, to, options, !methods.empty(), fill, blocks,
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

}  // namespace grantfolio
