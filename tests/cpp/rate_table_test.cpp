#define BOOST_TEST_MODULE rate_table
#include <boost/test/unit_test.hpp>

#include "grantfolio/rate_table.hpp"

using namespace grantfolio;

static const currency usd("USD"), all("ALL"), eur("EUR"), jpy("JPY"), kwd("KWD"), gbp("GBP");
static date D(const char* s) { return parse_date(s); }
static decimal X(const char* s) { return decimal::parse(s); }
static money M(const char* s, currency c) { return money::parse(s, c); }

static rate_table imf_2006() {
    rate_table t;
    auto y2006 = validity::range(D("2006-01-01"), D("2006-12-31"));
    t.add(exchange_rate(usd, all, X("98.10337709126985"), y2006, "IMF ALL 2006"));
    t.add(exchange_rate(usd, eur, X("0.7964327309491023"), y2006, "IMF EUR 2006"));
    t.add(exchange_rate(usd, all, X("99.87025448089925"), validity::range(D("2005-01-01"), D("2005-12-31")), "IMF ALL 2005"));
    return t;
}

BOOST_AUTO_TEST_CASE(direct_conversion_rounds_once) {
    auto t = imf_2006();
    auto c = t.convert(M("2097624", usd), all, D("2006-05-10"));
    BOOST_TEST(c.result.to_string() == "205783998.27 ALL");  // 205783998.2676978... half-even
    BOOST_TEST(c.quote.method == conversion_method::direct);
    BOOST_REQUIRE(c.quote.legs.size() == 1u);
    BOOST_TEST(c.quote.legs[0].rate.source() == "IMF ALL 2006");
    BOOST_TEST(to_string(c.quote.legs[0].rate.valid()) == "2006-01-01/2006-12-31");
    BOOST_TEST(c.quote.factor.exact().value().to_string() == "98.10337709126985");
    // The 2005 rate answers for 2005.
    BOOST_TEST(t.convert(M("1", usd), all, D("2005-12-31")).result.to_string() == "99.87 ALL");
}

BOOST_AUTO_TEST_CASE(inverse_uses_the_exact_reciprocal) {
    auto t = imf_2006();
    auto c = t.convert(M("205783998.27", all), usd, D("2006-05-10"));
    BOOST_TEST(c.result.to_string() == "2097624.00 USD");  // 2097624.0000234...
    BOOST_TEST(c.quote.method == conversion_method::inverse);
    BOOST_TEST(c.quote.legs[0].inverted);
    BOOST_TEST(!c.quote.factor.exact().has_value());  // 1/98.10337709126985 has no finite decimal
}

BOOST_AUTO_TEST_CASE(chain_through_another_currency) {
    auto t = imf_2006();
    auto c = t.convert(M("1000", eur), all, D("2006-05-10"));
    // 1000 × 98.10337709126985 / 0.7964327309491023 = 123178.484860059...
    BOOST_TEST(c.result.to_string() == "123178.48 ALL");
    BOOST_TEST(c.quote.method == conversion_method::chain);
    BOOST_REQUIRE(c.quote.legs.size() == 2u);
    BOOST_TEST(c.quote.legs[0].from == eur);
    BOOST_TEST(c.quote.legs[0].to == usd);
    BOOST_TEST(c.quote.legs[0].inverted);
    BOOST_TEST(c.quote.legs[1].to == all);
    BOOST_TEST(!c.quote.legs[1].inverted);
}

BOOST_AUTO_TEST_CASE(minor_units_of_the_target) {
    rate_table t;
    auto v = validity::day(D("2020-03-02"));
    t.add(exchange_rate(usd, jpy, X("110.5"), v, "test"));
    t.add(exchange_rate(usd, kwd, X("0.30512345"), v, "test"));
    BOOST_TEST(t.convert(M("12.34", usd), jpy, D("2020-03-02")).result.to_string() == "1364 JPY");   // 1363.570
    BOOST_TEST(t.convert(M("1000", usd), kwd, D("2020-03-02")).result.to_string() == "305.123 KWD");  // 305.12345
    // JPY→KWD: 1000000 / 110.5 × 0.30512345 = 2761.29819004...
    BOOST_TEST(t.convert(M("1000000", jpy), kwd, D("2020-03-02")).result.to_string() == "2761.298 KWD");
    BOOST_TEST(t.convert(M("12.34", usd), jpy, D("2020-03-02"), {}, rounding_mode::down).result.to_string() == "1363 JPY");
    BOOST_TEST(t.convert(M("-12.34", usd), jpy, D("2020-03-02"), {}, rounding_mode::up).result.to_string() == "-1364 JPY");
}

BOOST_AUTO_TEST_CASE(ties_under_half_even) {
    rate_table t;
    auto v = validity::day(D("2020-03-02"));
    t.add(exchange_rate(usd, gbp, X("0.5"), v, "test"));
    BOOST_TEST(t.convert(M("0.05", usd), gbp, D("2020-03-02")).result.to_string() == "0.02 GBP");  // 0.025
    BOOST_TEST(t.convert(M("0.07", usd), gbp, D("2020-03-02")).result.to_string() == "0.04 GBP");  // 0.035
    BOOST_TEST(t.convert(M("0.05", usd), gbp, D("2020-03-02"), {}, rounding_mode::half_up).result.to_string() == "0.03 GBP");
}

BOOST_AUTO_TEST_CASE(identity_needs_no_rate) {
    rate_table empty;
    auto c = empty.convert(M("12.34", usd), usd, D("2006-05-10"));
    BOOST_TEST(c.result.to_string() == "12.34 USD");
    BOOST_TEST(c.quote.method == conversion_method::identity);
}

BOOST_AUTO_TEST_CASE(raise_names_the_pair_and_the_date) {
    auto t = imf_2006();
    try {
        t.convert(M("1", usd), all, D("2007-01-01"));
        BOOST_FAIL("expected missing_rate");
    } catch (const missing_rate& e) {
        std::string w = e.what();
        BOOST_TEST(w.find("USD→ALL") != std::string::npos);
        BOOST_TEST(w.find("2007-01-01") != std::string::npos);
        BOOST_TEST(w.find("raise") != std::string::npos);
    }
    BOOST_CHECK_THROW(t.convert(M("1", usd), jpy, D("2006-05-10")), missing_rate);
}

BOOST_AUTO_TEST_CASE(last_known_with_and_without_a_maximum_age) {
    auto t = imf_2006();
    auto c = t.convert(M("100", usd), all, D("2007-03-01"), missing_rate_policy::last_known());
    BOOST_TEST(c.result.to_string() == "9810.34 ALL");
    BOOST_TEST(c.quote.method == conversion_method::last_known);
    BOOST_TEST(c.quote.legs[0].how == conversion_method::last_known);
    BOOST_TEST(c.quote.legs[0].rate.source() == "IMF ALL 2006");
    // 2007-03-01 is 60 days after 2006-12-31.
    BOOST_CHECK_NO_THROW(t.convert(M("1", usd), all, D("2007-03-01"), missing_rate_policy::last_known(60)));
    BOOST_CHECK_THROW(t.convert(M("1", usd), all, D("2007-03-01"), missing_rate_policy::last_known(59)), missing_rate);
    // Nothing earlier: nothing known.
    BOOST_CHECK_THROW(t.convert(M("1", usd), all, D("2004-06-01"), missing_rate_policy::last_known()), missing_rate);
    // A rate that holds on the day wins over the policy.
    BOOST_TEST(t.convert(M("1", usd), all, D("2006-05-10"), missing_rate_policy::last_known()).quote.method ==
               conversion_method::direct);
}

BOOST_AUTO_TEST_CASE(interpolation_is_linear_between_the_nearest_rates) {
    rate_table t;
    t.add(exchange_rate(usd, gbp, X("2"), validity::day(D("2020-01-10")), "a"));
    t.add(exchange_rate(usd, gbp, X("3"), validity::day(D("2020-01-13")), "b"));
    // 2020-01-11 is one third of the way: 2 + 1/3.
    auto c = t.convert(M("100", usd), gbp, D("2020-01-11"), missing_rate_policy::interpolate());
    BOOST_TEST(c.result.to_string() == "233.33 GBP");
    BOOST_TEST(c.quote.method == conversion_method::interpolated);
    BOOST_TEST(c.quote.legs[0].rate.source() == "a");
    BOOST_TEST(c.quote.legs[0].later->source() == "b");
    BOOST_TEST(detail::to_string(c.quote.factor.numerator) == "7");
    BOOST_TEST(detail::to_string(c.quote.factor.denominator) == "3");
    // Inverse direction interpolates the rate, then inverts it: 100 / (7/3) = 42.857...
    BOOST_TEST(t.convert(M("100", gbp), usd, D("2020-01-11"), missing_rate_policy::interpolate()).result.to_string() ==
               "42.86 USD");
    BOOST_CHECK_THROW(t.convert(M("1", usd), gbp, D("2020-01-14"), missing_rate_policy::interpolate()), missing_rate);
}

BOOST_AUTO_TEST_CASE(overlapping_rates_for_one_pair_are_refused) {
    auto t = imf_2006();
    BOOST_CHECK_THROW(t.add(exchange_rate(usd, all, X("97"), validity::day(D("2006-07-01")), "dup")), invalid_argument);
    BOOST_CHECK_THROW(t.add(exchange_rate(usd, all, X("97"), validity::open_from(D("2004-01-01")), "dup")),
                      invalid_argument);
    BOOST_CHECK_NO_THROW(t.add(exchange_rate(usd, all, X("97"), validity::day(D("2007-01-01")), "next")));
    BOOST_TEST(t.size() == 4u);
}

BOOST_AUTO_TEST_CASE(rates_may_arrive_in_any_order) {
    rate_table t;
    for (int day : {5, 1, 3, 2, 4})
        t.add(exchange_rate(usd, gbp, decimal(day), validity::day(make_date(2020, 1, static_cast<unsigned>(day))), "x"));
    for (int day = 1; day <= 5; ++day)
        BOOST_TEST(t.find_direct(usd, gbp, make_date(2020, 1, static_cast<unsigned>(day)))->value == decimal(day));
    BOOST_TEST(!t.find_direct(usd, gbp, make_date(2020, 1, 6)).has_value());
    BOOST_TEST(!t.find_direct(gbp, usd, make_date(2020, 1, 3)).has_value());  // direct only
}

BOOST_AUTO_TEST_CASE(very_large_amounts_stay_exact_or_fail_loudly) {
    rate_table t;
    auto v = validity::day(D("2020-03-02"));
    t.add(exchange_rate(usd, all, X("98.10337709126985"), v, "x"));
    // 10^20 USD × the rate needs more than 128 bits in the middle: the 256-bit path.
    auto c = t.convert(money(X("100000000000000000000"), usd), all, D("2020-03-02"));
    BOOST_TEST(c.result.to_string() == "9810337709126985000000.00 ALL");
    BOOST_CHECK_THROW(t.convert(money(X("99999999999999999999999999999999999"), usd), all, D("2020-03-02")),
                      overflow_error);
}

BOOST_AUTO_TEST_CASE(policy_names) {
    BOOST_TEST(missing_rate_policy::parse("last-known") == missing_rate_policy::last_known());
    BOOST_TEST(missing_rate_policy::parse("interpolate") == missing_rate_policy::interpolate());
    BOOST_CHECK_THROW(missing_rate_policy::parse("guess"), invalid_argument);
    BOOST_TEST(missing_rate_policy::parse("last-known", 30) == missing_rate_policy::last_known(30));
    BOOST_TEST(missing_rate_policy::parse("raise", std::nullopt) == missing_rate_policy::raise());
    BOOST_CHECK_EXCEPTION(missing_rate_policy::parse("raise", 30), invalid_argument, [](const invalid_argument& e) {
        return std::string(e.what()).find("last-known policy only, not 'raise'") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION(missing_rate_policy::parse("last-known", -1), invalid_argument, [](const invalid_argument& e) {
        return std::string(e.what()).find("0 or more, not -1") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(factor_text_is_exact_when_it_can_be) {
    BOOST_TEST((rate_factor{9810337709126985, 100000000000000}.to_string()) == "98.10337709126985");
    BOOST_TEST((rate_factor{1, 3}.to_string(5)) == "0.33333");
    BOOST_TEST((rate_factor{2, 3}.to_string(5)) == "0.66667");
    BOOST_TEST((rate_factor{7, 1}.to_string()) == "7");
    BOOST_TEST((rate_factor{1999999, 1000000}.to_string(2)) == "2.00");  // rounds into the integer part
}

BOOST_AUTO_TEST_CASE(a_rate_that_contradicts_the_inverse_pair_is_refused) {
    auto rate = [](const char* b, const char* q, const char* v, int y0, int y1, const char* src) {
        return exchange_rate(currency(b), currency(q), decimal::parse(v),
                             validity::range(make_date(y0, 1, 1), make_date(y1, 12, 31)), src);
    };
    rate_table t;
    t.add(rate("USD", "GBP", "1.5", 2006, 2006, "row 2"));
    // 100 USD would be 150.00 GBP and 100 GBP 50.00 USD: one of the two is wrong.
    try {
        t.add(rate("GBP", "USD", "0.5", 2006, 2007, "row 3"));
        BOOST_FAIL("accepted");
    } catch (const invalid_argument& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("contradicts") != std::string::npos);
        BOOST_TEST(what.find("row 2") != std::string::npos);
        BOOST_TEST(what.find("row 3") != std::string::npos);
    }
    // The inverse as published, to its own digits, agrees; so does the exact inverse.
    t.add(rate("GBP", "USD", "0.6667", 2006, 2006, "row 4"));
    rate_table u;
    u.add(rate("USD", "GBP", "0.5", 2006, 2006, "a"));
    u.add(rate("GBP", "USD", "2", 2006, 2006, "b"));
    // Periods that do not overlap never clash.
    rate_table v;
    v.add(rate("USD", "GBP", "1.5", 2006, 2006, "a"));
    v.add(rate("GBP", "USD", "0.5", 2007, 2007, "b"));
    BOOST_TEST(v.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_policy_has_one_spelling_and_a_near_miss_is_named) {
    BOOST_TEST((missing_rate_policy::parse("last-known").what == missing_rate_policy::kind::last_known));
    BOOST_TEST((missing_rate_policy::parse("interpolate").what == missing_rate_policy::kind::interpolate));
    for (const char* miss : {"last_known", "interpolated", "Raise", ""}) BOOST_CHECK_THROW(missing_rate_policy::parse(miss), invalid_argument);
    try {
        missing_rate_policy::parse("last_known");
        BOOST_FAIL("accepted");
    } catch (const invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("did you mean 'last-known'?") != std::string::npos, e.what());
    }
}
