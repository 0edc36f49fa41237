#define BOOST_TEST_MODULE text
#include <boost/test/unit_test.hpp>

#include "grantfolio/error.hpp"
#include "grantfolio/text.hpp"

using namespace grantfolio;

BOOST_AUTO_TEST_CASE(nfc_composes) {
    BOOST_TEST(text::nfc("Korc\xCC\xA7" "e\xCC\x88") == "Korçë");
    BOOST_TEST(text::nfc("Korçë") == "Korçë");
    BOOST_CHECK_THROW(text::nfc("\xFF"), parse_error);
}

BOOST_AUTO_TEST_CASE(case_folding_is_unicode_aware) {
    BOOST_TEST(text::fold_case("NËNTOR") == "nëntor");
    BOOST_TEST(text::fold_case("ÇËRRAVË") == "çërravë");
    BOOST_TEST(text::fold_case("Straße") == "strasse");
}

BOOST_AUTO_TEST_CASE(match_keys_ignore_quotes_case_dashes_and_spacing) {
    BOOST_TEST(text::match_key("Qendra Psiko-Sociale“Vatra”") == text::match_key("Qendra Psiko-sociale “Vatra”"));
    BOOST_TEST(text::match_key("Qendra Komunitare – Gjirokastër") == text::match_key("Qendra Komunitare - Gjirokastër"));
    BOOST_TEST(text::match_key("  Malësia   e Madhe ") == "malësia e madhe");
    BOOST_TEST(text::match_key("Tjetër Vizion") != text::match_key("Tjeter Vizion"));  // letters are not dropped
}

BOOST_AUTO_TEST_CASE(collapsing_spaces) {
    BOOST_TEST(text::collapse_spaces("  a \t b\n\nc  ") == "a b c");
    BOOST_TEST(text::collapse_spaces("a\xC2\xA0" "b") == "a b");
}

BOOST_AUTO_TEST_CASE(money_is_formatted_as_a_locale_writes_it_with_every_digit) {
    const money usd(decimal::parse("2097624.5"), currency("USD"));
    BOOST_TEST(text::format_money(usd, "en_US") == "$2,097,624.50");
    BOOST_TEST(text::format_money(usd, "en-US") == "$2,097,624.50");  // a BCP 47 tag too
    // CLDR's Albanian: no-break spaces between groups, a decimal comma, the currency after.
    const money lek(decimal::parse("209762381"), currency("ALL"));
    BOOST_TEST(text::format_money(lek, "sq_AL", 0) == "209\u00A0762\u00A0381\u00A0Lekë");
    // More decimals than the minor unit are shown, not rounded away; 20 digits go through exactly.
    BOOST_TEST(text::format_money(money(decimal::parse("0.125"), currency("USD")), "en_US") == "$0.125");
    BOOST_TEST(text::format_money(money(decimal::parse("12345678901234567890.12"), currency("USD")), "en_US") ==
               "$12,345,678,901,234,567,890.12");
    BOOST_TEST(text::format_money(money(decimal::parse("0.125"), currency("USD")), "en_US", 2) == "$0.12");  // half-even
    BOOST_TEST(text::format_money(money(decimal::parse("-5"), currency("JPY")), "en_US") == "-¥5");
    BOOST_CHECK_THROW(text::format_money(usd, "xx_YY"), invalid_argument);
    BOOST_CHECK_THROW(text::format_money(usd, ""), invalid_argument);
    BOOST_CHECK_THROW(text::format_money(usd, "en_US", 39), invalid_argument);
}
