// Bulk conversion in C++: 10,000,000 amounts in 5 currencies at daily rates (2004–2010, weekends and
// 3% of days missing, last-known policy) to USD, one thread and two, beside a floor that only reads
// the same three columns (amount, currency, day) once. Best of 5.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "grantfolio/bulk_conversion.hpp"

using namespace grantfolio;

template <class F>
static double best(F&& f, int runs = 5) {
    double b = 1e9;
    for (int i = 0; i < runs; ++i) {
        auto t = std::chrono::steady_clock::now();
        f();
        b = std::min(b, std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count());
    }
    return b;
}

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 10'000'000;
    std::mt19937_64 rng(7);
    rate_table t;
    const int first = day_number(make_date(2004, 1, 1)), last = day_number(make_date(2010, 12, 31));
    const char* quotes[] = {"EUR", "GBP", "ALL", "JPY"};
    const double level[] = {0.8, 0.55, 98.0, 110.0};
    for (int q = 0; q < 4; ++q) {
        double v = level[q];
        for (int d = first; d <= last; ++d) {
            v *= 1 + (static_cast<double>(rng() % 2001) - 1000) / 250000.0;
            if ((d + 3) % 7 >= 5 || rng() % 100 < 3) continue;  // weekends (1970-01-01 was a Thursday), gaps
            t.add(exchange_rate(currency("USD"), currency(quotes[q]), decimal::from_parts(static_cast<std::int64_t>(v * 1e6), 6),
                                validity::range(from_day_number(d), from_day_number(d)), "synthetic"));
        }
    }
    const std::uint16_t codes[] = {currency("USD").index(), currency("EUR").index(), currency("GBP").index(),
                                   currency("ALL").index(), currency("JPY").index()};
    std::vector<std::int64_t> amount(n), out(n);
    std::vector<std::uint16_t> cur(n);
    std::vector<std::int32_t> day(n);
    for (std::size_t i = 0; i < n; ++i) {
        amount[i] = 1 + static_cast<std::int64_t>(rng() % 5'000'000);
        cur[i] = codes[rng() % 5];
        day[i] = first + 4 + static_cast<int>(rng() % 2553);
        if (argc > 2) cur[i] = codes[1], day[i] = first + 400;  // one factor for every row: the arithmetic alone
    }
    volatile std::int64_t sink = 0;
    double floor = best([&] {
        std::int64_t s = 0;
        for (std::size_t i = 0; i < n; ++i) s += amount[i] + cur[i] + day[i];
        sink = s;
    });
    bulk_options o{missing_rate_policy::last_known(), rounding_mode::half_even, 1, false};
    double portable = best([&] { convert_minor_units(t, amount, cur, day, currency("USD"), out, o); });
    o.simd = true;
    double one = best([&] { convert_minor_units(t, amount, cur, day, currency("USD"), out, o); });
    o.threads = 2;
    double two = best([&] { convert_minor_units(t, amount, cur, day, currency("USD"), out, o); });
    // The baseline of exactness: rate_table::convert one by one, on the first 200,000 rows.
    const std::size_t m = std::min<std::size_t>(n, 200'000);
    double single = best([&] {
        for (std::size_t i = 0; i < m; ++i) {
            currency c = currency::from_index(cur[i]);
            auto r = t.convert(money(decimal::from_parts(amount[i], *c.minor_unit()), c), currency("USD"), from_day_number(day[i]),
                               missing_rate_policy::last_known());
            if (static_cast<std::int64_t>(r.result.amount().coefficient()) != out[i]) std::abort();
        }
    }, 1) * static_cast<double>(n) / static_cast<double>(m);
    std::printf("bulk conversion of %zu amounts (5 currencies, daily rates with gaps, last-known) to USD\n", n);
    std::printf("  %-52s %8.3f s  (%.1f ns a row)\n", "floor: read the three columns once", floor, floor * 1e9 / n);
    std::printf("  %-52s %8.3f s  (%.1f ns a row)\n", "baseline: rate_table::convert one by one (scaled)", single, single * 1e9 / n);
    std::printf("  %-52s %8.3f s  (%.1f ns a row, %.0fx the one-by-one baseline, %.1fx the floor)\n",
                "convert_minor_units, 1 thread, portable loop", portable, portable * 1e9 / n, single / portable, portable / floor);
    std::printf("  %-52s %8.3f s  (%.1f ns a row, %.0fx the one-by-one baseline, %.1fx the floor)\n",
                bulk_converter::simd_available() ? "convert_minor_units, 1 thread, AVX-512 loop" : "convert_minor_units, 1 thread (no AVX-512 here)",
                one, one * 1e9 / n, single / one, one / floor);
    std::printf("  %-52s %8.3f s  (%.1f ns a row, %.1fx the floor)\n", "convert_minor_units, 2 threads", two, two * 1e9 / n,
                two / floor);
    return 0;
}
