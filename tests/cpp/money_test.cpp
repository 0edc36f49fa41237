#define BOOST_TEST_MODULE money
#include <boost/test/unit_test.hpp>

#include "grantfolio/money.hpp"

using namespace grantfolio;

static const currency usd("USD"), all("ALL"), jpy("JPY"), kwd("KWD");

BOOST_AUTO_TEST_CASE(amounts_as_written_in_english_and_albanian) {
    BOOST_TEST(parse_amount("2,097,624", amount_format::english()).to_string() == "2097624");
    BOOST_TEST(parse_amount("2097624.50", amount_format::english()).to_string() == "2097624.50");
    BOOST_TEST(parse_amount("209.762.381", amount_format::albanian()).to_string() == "209762381");
    BOOST_TEST(parse_amount("209.762.381,50", amount_format::albanian()).to_string() == "209762381.50");
    BOOST_TEST(parse_amount("-1,000.5", amount_format::english()).to_string() == "-1000.5");
    BOOST_TEST(parse_amount("2097624.50", amount_format::plain()).to_string() == "2097624.50");
}

BOOST_AUTO_TEST_CASE(irregular_grouping_is_refused) {
    for (const char* bad : {"2,09,7624", "2097,624", ",097", "1,,000", "1,000.", "1,000.5,0", "12 345", "1.000,5"})
        BOOST_CHECK_THROW(parse_amount(bad, amount_format::english()), parse_error);
    BOOST_CHECK_THROW(parse_amount("2,097,624", amount_format::plain()), parse_error);
    BOOST_CHECK_THROW(parse_amount("209.762.381", amount_format::english()), parse_error);
}

BOOST_AUTO_TEST_CASE(ambiguity_is_an_error_never_a_guess) {
    const amount_format both[] = {amount_format::english(), amount_format::albanian()};
    BOOST_TEST(parse_amount("2,097,624", both).to_string() == "2097624");    // only English reads it
    BOOST_TEST(parse_amount("209.762.381", both).to_string() == "209762381");  // only Albanian reads it
    BOOST_TEST(parse_amount("2097624.50", both).to_string() == "2097624.50");
    BOOST_CHECK_THROW(parse_amount("1.234", both), parse_error);  // 1.234 or 1234
    BOOST_CHECK_THROW(parse_amount("1,234", both), parse_error);  // 1234 or 1.234
    try {
        parse_amount("1.234", both);
    } catch (const parse_error& e) {
        BOOST_TEST(std::string(e.what()).find("ambiguous") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(formatting) {
    BOOST_TEST(format_amount(decimal::parse("2097624"), amount_format::english()) == "2,097,624");
    BOOST_TEST(format_amount(decimal::parse("209762381.5"), amount_format::albanian()) == "209.762.381,5");
    BOOST_TEST(format_amount(decimal::parse("-1234567.89"), amount_format::english()) == "-1,234,567.89");
    BOOST_TEST(format_amount(decimal::parse("999"), amount_format::english()) == "999");
}

BOOST_AUTO_TEST_CASE(more_decimals_than_the_currency_allows) {
    BOOST_CHECK_THROW(money::parse("12.345", usd), parse_error);
    BOOST_CHECK_THROW(money::parse("100.5", jpy), parse_error);
    BOOST_TEST(money::parse("12.345", usd, amount_format::plain(), rounding_mode::half_even).to_string() == "12.34 USD");
    BOOST_TEST(money::parse("12.345", kwd).to_string() == "12.345 KWD");
    BOOST_TEST(money::parse("12.3400", usd).to_string() == "12.3400 USD");  // trailing zeros are not extra precision
}

BOOST_AUTO_TEST_CASE(sums_need_one_currency) {
    money a = money::parse("10.10", usd), b = money::parse("0.20", usd);
    BOOST_TEST((a + b).to_string() == "10.30 USD");
    BOOST_TEST((a - b).to_string() == "9.90 USD");
    BOOST_CHECK_THROW(a + money::parse("1", all), currency_mismatch);
    BOOST_CHECK_THROW((void)(a < money::parse("1", all)), currency_mismatch);
    BOOST_TEST(!(a == money::parse("10.10", all)));
    BOOST_TEST(money::parse("2.5", usd) == money::parse("2.50", usd));
}

BOOST_AUTO_TEST_CASE(products_are_exact_and_rounding_is_explicit) {
    money total = money::parse("2,097,624", usd, amount_format::english());
    money fee = total * decimal::parse("0.15");
    BOOST_TEST(fee.to_string() == "314643.60 USD");
    money odd = money::parse("10.05", usd) * decimal::parse("0.5");
    BOOST_TEST(odd.to_string() == "5.025 USD");
    BOOST_TEST(!odd.is_rounded());
    BOOST_TEST(odd.rounded().to_string() == "5.02 USD");
    BOOST_TEST(odd.rounded(rounding_mode::half_up).to_string() == "5.03 USD");
    BOOST_TEST((money::parse("3", usd) * decimal(7)).to_string() == "21 USD");
    BOOST_CHECK_THROW(money(decimal(1), currency("XDR")).rounded(), invalid_argument);
    BOOST_TEST(money(decimal::parse("1.23456"), currency("XDR")).rounded(3, rounding_mode::down).to_string() ==
               "1.234 XDR");
}

BOOST_AUTO_TEST_CASE(minor_units) {
    BOOST_TEST(money::from_minor(209762381, all).to_string() == "2097623.81 ALL");
    BOOST_TEST(money::parse("1.5", usd).minor_units() == 150);
    BOOST_TEST(money::parse("1500", jpy).minor_units() == 1500);
}

BOOST_AUTO_TEST_CASE(allocation_loses_and_invents_nothing) {
    auto thirds = money::parse("100.00", usd).allocate({1, 1, 1});
    BOOST_TEST(thirds[0].to_string() == "33.34 USD");
    BOOST_TEST(thirds[1].to_string() == "33.33 USD");
    BOOST_TEST(thirds[2].to_string() == "33.33 USD");
    auto weighted = money::parse("100.00", usd).allocate({1, 2, 3});  // 16.666.., 33.333.., 50
    BOOST_TEST(weighted[0].to_string() == "16.67 USD");
    BOOST_TEST(weighted[1].to_string() == "33.33 USD");
    BOOST_TEST(weighted[2].to_string() == "50.00 USD");
    auto tiny = money::parse("0.05", usd).allocate({decimal::parse("0.3"), decimal::parse("0.3"), decimal::parse("0.4")});
    BOOST_TEST((tiny[0] + tiny[1] + tiny[2]).to_string() == "0.05 USD");
    BOOST_TEST(tiny[2].to_string() == "0.02 USD");
    auto neg = money::parse("-10.00", usd).allocate({1, 2});
    BOOST_TEST(neg[0].to_string() == "-3.33 USD");
    BOOST_TEST(neg[1].to_string() == "-6.67 USD");
    auto yen = money::parse("1000", jpy).allocate({1, 1, 1, 1, 1, 1, 1});
    money sum(jpy);
    for (auto& m : yen) sum += m;
    BOOST_TEST(sum.to_string() == "1000 JPY");
    // CAAHT's total over its 24 grants: exact to the cent.
    std::vector<decimal> w(24, decimal(1));
    auto caaht = money::parse("2097624.00", usd).allocate(w);
    money back(usd);
    for (auto& m : caaht) back += m;
    BOOST_TEST(back == money::parse("2097624", usd));
    BOOST_CHECK_THROW(money::parse("1", usd).allocate({0, 0}), invalid_argument);
    BOOST_CHECK_THROW(money::parse("1", usd).allocate({1, -1}), invalid_argument);
    BOOST_CHECK_THROW((money::parse("1", usd) * decimal::parse("0.001")).allocate({1}), invalid_argument);
}
