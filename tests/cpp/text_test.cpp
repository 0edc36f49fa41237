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
