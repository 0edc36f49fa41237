// Dated rate lookups and loading the IMF file, each beside a baseline measured in the same run.
//
// 1. One dated lookup, 200 currencies × 30 years of daily rates (2.19 million rates), random pair and
//    day: grantfolio's find_direct and full quote() against std::map<pair, std::map<day, rate>>, the
//    structure one writes first. Goal: find_direct <= 50 ns.
// 2. Loading the embedded IMF file (13,081 rows) into a rate_table against only splitting the same
//    text into CSV fields. Goal: < 50 ms.
#include <grantfolio/io/rates.hpp>
#include <grantfolio/rate_table.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <vector>

using namespace grantfolio;
using clock_type = std::chrono::steady_clock;

template <class F>
static double best_seconds(int runs, F&& f) {
    double best = 1e30;
    for (int r = 0; r < runs; ++r) {
        auto t0 = clock_type::now();
        f();
        best = std::min(best, std::chrono::duration<double>(clock_type::now() - t0).count());
    }
    return best;
}

int main() {
    const int n_currencies = 200, first_day = day_number(make_date(1995, 1, 1)), n_days = 30 * 365 + 8;
    std::vector<currency> quotes;
    for (std::size_t i = 0; i < currency::count() && quotes.size() < std::size_t(n_currencies); ++i) {
        currency c = currency::from_index(static_cast<std::uint16_t>(i));
        if (c.code() != "USD") quotes.push_back(c);
    }
    const currency usd("USD");
    std::mt19937_64 rng(42);
    rate_table table;
    std::map<std::pair<int, int>, std::map<int, decimal>> naive;
    auto t_build = clock_type::now();
    for (currency q : quotes) {
        auto& series = naive[{usd.index(), q.index()}];
        for (int d = 0; d < n_days; ++d) {
            decimal v = decimal::from_parts(static_cast<long long>(1000000 + rng() % 9000000), 4);
            table.add(exchange_rate(usd, q, v, validity::day(from_day_number(first_day + d)), "synthetic"));
            series.emplace(first_day + d, v);
        }
    }
    double build_s = std::chrono::duration<double>(clock_type::now() - t_build).count();

    const int n_queries = 1 << 20;
    std::vector<std::pair<currency, int>> queries;
    std::vector<date> query_dates;
    queries.reserve(n_queries);
    for (int i = 0; i < n_queries; ++i) {
        queries.emplace_back(quotes[rng() % quotes.size()], first_day + static_cast<int>(rng() % n_days));
        query_dates.push_back(from_day_number(queries.back().second));
    }

    long long sink = 0;
    double t_direct = best_seconds(5, [&] {
        for (std::size_t i = 0; i < queries.size(); ++i)
            sink += static_cast<long long>(table.find_direct(usd, queries[i].first, query_dates[i])->value.coefficient() & 1);
    });
    double t_naive = best_seconds(5, [&] {
        for (auto& [q, d] : queries) {
            auto& s = naive.find({usd.index(), q.index()})->second;
            auto it = s.upper_bound(d);
            sink += static_cast<long long>((--it)->second.coefficient() & 1);
        }
    });
    // Floor: one random read per query from an array as large as the table (48 bytes per rate): the
    // cache-miss cost that any structure holding these rates pays.
    struct alignas(16) slot { int day; char pad[44]; };
    std::vector<slot> flat(table.size());
    for (std::size_t i = 0; i < flat.size(); ++i) flat[i].day = static_cast<int>(i);
    std::vector<std::size_t> where;
    where.reserve(queries.size());
    for (auto& [q, d] : queries)
        where.push_back(static_cast<std::size_t>(q.index() % n_currencies) * n_days + static_cast<std::size_t>(d - first_day));
    double t_floor = best_seconds(5, [&] {
        for (std::size_t w : where) sink += flat[w % flat.size()].day & 1;
    });
    const int n_quote = n_queries / 16;
    double t_quote = best_seconds(3, [&] {
        for (int i = 0; i < n_quote; ++i) {
            auto& [q, d] = queries[static_cast<std::size_t>(i)];
            sink += static_cast<long long>(table.quote(q, usd, query_dates[static_cast<std::size_t>(i)]).factor.denominator & 1);
        }
    });
    auto ns = [&](double s, int n) { return s * 1e9 / n; };
    std::printf("dated lookup, %d currencies x %d daily rates (%zu rates; table built in %.2f s)\n", n_currencies,
                n_days, table.size(), build_s);
    std::printf("  %-44s %8.1f ns/lookup\n", "baseline: std::map<pair, std::map<day, rate>>", ns(t_naive, n_queries));
    std::printf("  %-44s %8.1f ns/lookup\n", "floor: one random read of a 48-byte slot", ns(t_floor, n_queries));
    std::printf("  %-44s %8.1f ns/lookup  (%.1fx the baseline's speed; goal <= 50 ns: %s)\n",
                "grantfolio rate_table::find_direct", ns(t_direct, n_queries), t_naive / t_direct,
                ns(t_direct, n_queries) <= 50 ? "met" : "NOT met");
    std::printf("  %-44s %8.1f ns/lookup  (inverse, with provenance: rates, sources, exact factor)\n",
                "grantfolio rate_table::quote", ns(t_quote, n_quote));

    std::string text(io::imf_annual_csv());
    double t_split = best_seconds(5, [&] {
        std::istringstream in(text);
        io::csv_reader r(in, "imf");
        std::vector<std::string> row;
        while (r.next(row)) sink += static_cast<long long>(row.size());
    });
    std::size_t loaded = 0;
    double t_load = best_seconds(5, [&] {
        std::istringstream in(text);
        loaded = io::read_imf_rates(in, "imf").size();
    });
    std::printf("loading the IMF annual file (%zu bytes, %zu rates kept)\n", text.size(), loaded);
    std::printf("  %-44s %8.2f ms\n", "baseline: only splitting it into CSV fields", t_split * 1e3);
    std::printf("  %-44s %8.2f ms  (%.2fx the baseline's time; goal < 50 ms: %s)\n", "grantfolio io::read_imf_rates",
                t_load * 1e3, t_load / t_split, t_load * 1e3 < 50 ? "met" : "NOT met");
    return sink == 42 ? 1 : 0;
}
