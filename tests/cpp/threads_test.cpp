#define BOOST_TEST_MODULE threads
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/rates.hpp"
#include "grantfolio/metrics.hpp"
#include "grantfolio/synthetic.hpp"
#include "grantfolio/validate.hpp"

using namespace grantfolio;

// One const programme, eight threads asking every question at once; each must get the answers a
// single thread gets. CI runs this under ThreadSanitizer as well.
static std::string answers(const program& p, const rate_table& rates, int salt) {
    std::string out;
    date d = add_days(parse_date("2005-01-01"), salt * 37 % 600);
    out += std::to_string(query::active_on(p, d).size()) + ";";
    out += std::to_string(query::coverage_by(p, place_level::district).uncovered.size()) + ";";
    out += std::to_string(query::timeline(p).size()) + ";";
    out += std::to_string(query::durations(p).max_days) + ";";
    out += std::to_string(validate(p, &rates).size()) + ";";
    out += metrics::to_prometheus(metrics::collect(p, d, &rates)).substr(0, 400);
    if (!p.totals.empty()) out += query::convert_totals(p, rates, currency("EUR"), d, missing_rate_policy::last_known()).total.to_string();
    for (const auto& g : p.grants()) out += g.title.substr(0, 3);
    return out;
}

static void hammer(const program& p) {
    const rate_table& rates = io::imf_annual();
    std::vector<std::string> expected;
    for (int salt = 0; salt < 8; ++salt) expected.push_back(answers(p, rates, salt));
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 5; ++round)
                if (answers(p, rates, (t + round) % 8) != expected[static_cast<std::size_t>((t + round) % 8)]) ++wrong;
        });
    for (auto& th : threads) th.join();
    BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(caaht_from_eight_threads) { hammer(datasets::caaht_2006()); }

BOOST_AUTO_TEST_CASE(a_generated_programme_from_eight_threads) {
    const program p = synthetic::generate({400, 4000, 8, 0, 0});
    hammer(p);
}

BOOST_AUTO_TEST_CASE(the_embedded_data_is_built_once_whoever_asks_first) {
    std::vector<const void*> seen(8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            seen[static_cast<std::size_t>(t)] = t % 2 ? static_cast<const void*>(&datasets::caaht_2006())
                                                      : static_cast<const void*>(&io::imf_annual());
        });
    for (auto& th : threads) th.join();
    for (int t = 2; t < 8; ++t) BOOST_TEST(seen[static_cast<std::size_t>(t)] == seen[static_cast<std::size_t>(t % 2)]);
}
