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

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "grantfolio/detail/bulk_engine.hpp"
#include "grantfolio/rate_table.hpp"

// bulk_stats and bulk_converter: grantfolio/detail/bulk_converter.hpp; bulk_options:
// grantfolio/detail/bulk_engine.hpp (both included above).

namespace grantfolio {

/// Whole columns: amounts in minor units of their currency (its ISO 4217 minor unit), currency table
/// positions, value dates as day numbers; results in minor units of `to`, written to `out`. Methods,
/// when given room, receive each row's conversion_method. Throws the first failing row's error (by
/// row order) with "row N: " in front; `out` is then partly written.
bulk_stats convert_minor_units(const rate_table& rates, std::span<const std::int64_t> amounts,
                               std::span<const std::uint16_t> currencies, std::span<const std::int32_t> days,
                               currency to, std::span<std::int64_t> out, const bulk_options& options = {},
                               std::span<std::uint8_t> methods = {});

// inline definitions

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
