#define BOOST_TEST_MODULE properties
#include <boost/test/unit_test.hpp>

#include <random>

#include "grantfolio/io/rates.hpp"
#include "grantfolio/synthetic.hpp"

// Properties of exact money over generated data: they hold for every input, not just chosen ones.
using namespace grantfolio;

static money random_money(std::mt19937_64& rng, currency c) {
    int mu = c.minor_unit().value_or(2);
    auto units = static_cast<std::int64_t>(rng() % 2000000000000ULL) - 1000000000000LL;
    return money(decimal::from_parts(units, mu), c);
}

BOOST_AUTO_TEST_CASE(sums_are_associative_and_commutative) {
    std::mt19937_64 rng(1);
    for (const char* code : {"USD", "JPY", "KWD", "CLF"}) {
        currency c(code);
        for (int i = 0; i < 2000; ++i) {
            money a = random_money(rng, c), b = random_money(rng, c), d = random_money(rng, c);
            BOOST_REQUIRE((a + b) + d == a + (b + d));
            BOOST_REQUIRE(a + b == b + a);
            BOOST_REQUIRE((a + b) - b == a);
        }
    }
}

BOOST_AUTO_TEST_CASE(allocation_conserves_the_total) {
    std::mt19937_64 rng(2);
    for (int i = 0; i < 3000; ++i) {
        currency c(i % 3 == 0 ? "JPY" : i % 3 == 1 ? "USD" : "KWD");
        money total = random_money(rng, c);
        std::vector<decimal> weights(1 + rng() % 12);
        for (auto& w : weights) w = decimal::from_parts(static_cast<std::int64_t>(rng() % 100000), static_cast<int>(rng() % 4));
        weights[0] = weights[0] + decimal(1);  // never all zero
        auto parts = total.allocate(weights);
        money sum(c);
        for (const auto& p : parts) {
            BOOST_REQUIRE(p.is_rounded());
            sum += p;
        }
        BOOST_REQUIRE(sum == total);
    }
}

BOOST_AUTO_TEST_CASE(converting_there_and_back_loses_at_most_one_minor_unit) {
    // A→B→A through the IMF table, each leg rounded once: within one minor unit of A when B's minor
    // unit is at least as fine relative to the rate (true for these pairs and years).
    const rate_table& imf = io::imf_annual();
    std::mt19937_64 rng(3);
    const char* pairs[][2] = {{"USD", "ALL"}, {"EUR", "ALL"}, {"USD", "EUR"}, {"GBP", "CHF"}, {"ALL", "EUR"}};
    for (int i = 0; i < 2000; ++i) {
        auto& pr = pairs[i % 5];
        currency a(pr[0]), b(pr[1]);
        date on = make_date(2000 + static_cast<int>(rng() % 24), 1 + static_cast<unsigned>(rng() % 12), 15);
        money m = money(decimal::from_parts(static_cast<std::int64_t>(rng() % 100000000000ULL), 2), a);
        money there = imf.convert(m, b, on).result;
        money back = imf.convert(there, a, on).result;
        decimal diff = (back - m).amount().abs();
        // One minor unit of B, worth up to (1/rate) minor units of A, plus A's own rounding.
        decimal unit_a = decimal::from_parts(1, 2);
        decimal allowance = unit_a + imf.convert(money(decimal::from_parts(1, 2), b), a, on, {}, rounding_mode::up).result.amount();
        BOOST_REQUIRE_MESSAGE(diff <= allowance, m.to_string() << " -> " << there.to_string() << " -> " << back.to_string() << " on "
                                                                 << format_date(on));
    }
}

BOOST_AUTO_TEST_CASE(generated_programmes_are_valid_and_exact) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        program p = synthetic::generate({80, 500, seed, 0, 0});
        for (const auto& g : p.grants()) {
            BOOST_REQUIRE(g.actual_period().has_value());
            if (g.award) BOOST_REQUIRE(g.award->is_rounded());
        }
        const auto& s = p.transactions();
        for (std::size_t r = 0; r < s.size(); ++r) {
            BOOST_REQUIRE(s.amount(r).is_rounded());
            BOOST_REQUIRE(p.grants()[s.grant_of(r)].actual_period()->contains(s.value_date(r)));
        }
    }
}
