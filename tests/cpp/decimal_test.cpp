#define BOOST_TEST_MODULE decimal
#include <boost/test/unit_test.hpp>

#include "grantfolio/decimal.hpp"

using grantfolio::decimal;
using grantfolio::rounding_mode;

static decimal d(const char* s) { return decimal::parse(s); }

BOOST_AUTO_TEST_CASE(parses_and_prints_keeping_the_scale) {
    BOOST_TEST(d("2097624.50").to_string() == "2097624.50");
    BOOST_TEST(d("-0.05").to_string() == "-0.05");
    BOOST_TEST(d("+7").to_string() == "7");
    BOOST_TEST(d(".5").to_string() == "0.5");
    BOOST_TEST(d("1e-05").to_string() == "0.00001");
    BOOST_TEST(d("1.5E3").to_string() == "1500");
    BOOST_TEST(d("98.10337709126985").scale() == 14);
}

BOOST_AUTO_TEST_CASE(refuses_what_is_not_a_number) {
    for (const char* bad : {"", "-", ".", "1.2.3", "12a", "1,5", " 1", "1e", "1e+", "NaN", "inf", "0x10"})
        BOOST_CHECK_THROW(d(bad), grantfolio::parse_error);
    BOOST_CHECK_THROW(d("123456789012345678901234567890123456789"), grantfolio::parse_error);  // 39 digits
}

BOOST_AUTO_TEST_CASE(equality_is_numeric) {
    BOOST_TEST(d("1.50") == d("1.5"));
    BOOST_TEST(d("1.50").hash() == d("1.5").hash());
    BOOST_TEST(d("-0.00") == d("0"));
    BOOST_TEST(d("0.1") < d("0.10000000000000000000001"));
    BOOST_TEST(d("-2") < d("-1.99"));
}

BOOST_AUTO_TEST_CASE(arithmetic_is_exact) {
    BOOST_TEST((d("0.1") + d("0.2")).to_string() == "0.3");
    BOOST_TEST((d("2097624") * d("98.10337709126985")).to_string() == "205783998.26769782783640");
    BOOST_TEST((d("1.10") - d("2.205")).to_string() == "-1.105");
}

BOOST_AUTO_TEST_CASE(rounding_modes_on_ties_and_signs) {
    BOOST_TEST(d("0.125").rescaled(2).to_string() == "0.12");   // half-even: tie to even
    BOOST_TEST(d("0.135").rescaled(2).to_string() == "0.14");
    BOOST_TEST(d("-0.125").rescaled(2).to_string() == "-0.12");
    BOOST_TEST(d("0.125").rescaled(2, rounding_mode::half_up).to_string() == "0.13");
    BOOST_TEST(d("-0.125").rescaled(2, rounding_mode::half_up).to_string() == "-0.13");
    BOOST_TEST(d("0.1251").rescaled(2).to_string() == "0.13");    // not a tie
    BOOST_TEST(d("-0.129").rescaled(2, rounding_mode::down).to_string() == "-0.12");
    BOOST_TEST(d("0.121").rescaled(2, rounding_mode::up).to_string() == "0.13");
    BOOST_TEST(d("-0.121").rescaled(2, rounding_mode::up).to_string() == "-0.13");
    BOOST_TEST(d("2.5").rescaled(0).to_string() == "2");
    BOOST_TEST(d("3.5").rescaled(0).to_string() == "4");
    BOOST_TEST(d("7").rescaled(3).to_string() == "7.000");
}

BOOST_AUTO_TEST_CASE(division_rounds_once) {
    BOOST_TEST(decimal::divide(d("1"), d("3"), 5).to_string() == "0.33333");
    BOOST_TEST(decimal::divide(d("2"), d("3"), 2).to_string() == "0.67");
    BOOST_TEST(decimal::divide(d("-1"), d("8"), 2).to_string() == "-0.12");
    BOOST_TEST(decimal::divide(d("1"), d("8"), 2, rounding_mode::half_up).to_string() == "0.13");
    BOOST_CHECK_THROW(decimal::divide(d("1"), d("0"), 2), grantfolio::invalid_argument);
}

BOOST_AUTO_TEST_CASE(overflow_is_an_error_never_a_wrap) {
    decimal big = d("99999999999999999999999999999999999999");  // 38 nines
    BOOST_CHECK_THROW(big + d("1"), grantfolio::overflow_error);
    BOOST_CHECK_THROW(big * d("10"), grantfolio::overflow_error);
    BOOST_CHECK_THROW(d("1").rescaled(39), grantfolio::overflow_error);
    BOOST_CHECK_THROW(d("1e40"), grantfolio::parse_error);
    // Trailing zeros that can go are not an overflow.
    BOOST_TEST((d("1000000000000000000000.000000000000000") * d("2.000000000000000000000")).to_string() ==
               "2000000000000000000000");
}

BOOST_AUTO_TEST_CASE(units_at_a_scale) {
    BOOST_TEST(d("12.34").to_units(2) == 1234);
    BOOST_TEST(d("12.3").to_units(2) == 1230);
    BOOST_CHECK_THROW(d("12.345").to_units(2), grantfolio::invalid_argument);
    BOOST_CHECK_THROW(d("1e30").to_units(0), grantfolio::overflow_error);
}

// 128-bit integers print through 64-bit parts; every boundary between the parts, checked against
// the plain digit-by-digit rule.
BOOST_AUTO_TEST_CASE(wide_integers_print_every_digit) {
    using grantfolio::detail::u128;
    auto slow = [](u128 v) {
        std::string s;
        do {
            s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
            v /= 10;
        } while (v);
        return s;
    };
    std::vector<u128> values{0, 1, 9, 10, 99, 100};
    u128 p = 1;
    for (int k = 1; k <= 38; ++k) {
        p *= 10;
        for (u128 v : {p - 1, p, p + 1, p * 7 / 3}) values.push_back(v);
    }
    values.push_back(~u128(0));
    std::uint64_t x = 0x9E3779B97F4A7C15ULL;  // splitmix-style sequence: values of every length
    for (int i = 0; i < 2000; ++i) {
        x += 0x9E3779B97F4A7C15ULL;
        std::uint64_t y = (x ^ (x >> 31)) * 0xBF58476D1CE4E5B9ULL;
        values.push_back((u128(y) << (i % 64)) ^ x);
    }
    for (u128 v : values) BOOST_TEST(grantfolio::detail::to_string(v) == slow(v));
    BOOST_TEST(grantfolio::detail::to_string(~u128(0)) == "340282366920938463463374607431768211455");
    BOOST_TEST(d("-1000000000000000000.5").to_string() == "-1000000000000000000.5");
}
