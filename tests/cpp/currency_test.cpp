#define BOOST_TEST_MODULE currency
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "grantfolio/currency.hpp"

using grantfolio::currency;

BOOST_AUTO_TEST_CASE(minor_units_and_numeric_codes_from_iso_4217) {
    BOOST_TEST(currency("USD").minor_unit().value() == 2);
    BOOST_TEST(currency("ALL").minor_unit().value() == 2);  // ISO says 2 (CLDR says 0: not our source)
    BOOST_TEST(currency("JPY").minor_unit().value() == 0);
    BOOST_TEST(currency("KWD").minor_unit().value() == 3);
    BOOST_TEST(currency("CLF").minor_unit().value() == 4);
    BOOST_TEST(!currency("XDR").minor_unit().has_value());
    BOOST_TEST(currency("USD").numeric() == 840);
    BOOST_TEST(currency("ALL").numeric() == 8);
    BOOST_TEST(currency("EUR").numeric() == 978);
    BOOST_TEST(currency::from_numeric(8).code() == "ALL");
    BOOST_TEST(currency("ALL").name() == "Albanian Lek");
}

BOOST_AUTO_TEST_CASE(active_and_historic) {
    BOOST_TEST(currency("EUR").active());
    BOOST_TEST(currency("XCG").active());
    BOOST_TEST(!currency("DEM").active());  // historic codes stay known: old rates use them
    BOOST_TEST(!currency("CSJ").active());
}

BOOST_AUTO_TEST_CASE(unknown_codes_are_errors) {
    for (const char* bad : {"XYZ", "usd", "US", "USDD", "", "A L"})
        BOOST_CHECK_THROW(currency{bad}, grantfolio::unknown_currency);
    BOOST_CHECK_THROW(currency::from_numeric(1), grantfolio::unknown_currency);
}

BOOST_AUTO_TEST_CASE(the_table_is_the_shipped_csv) {
    std::ifstream in(GRANTFOLIO_SOURCE_DIR "/data/currencies/iso4217.csv");
    BOOST_REQUIRE(in);
    std::string line;
    std::getline(in, line);
    std::size_t rows = 0, active = 0;
    while (std::getline(in, line)) {
        ++rows;
        std::istringstream ls(line);
        std::string code, numeric, unit, status;
        std::getline(ls, code, ',');
        std::getline(ls, numeric, ',');
        std::getline(ls, unit, ',');
        std::getline(ls, status, ',');
        currency c(code);
        BOOST_TEST(c.numeric() == std::stoi(numeric));
        BOOST_TEST(c.minor_unit().has_value() == !unit.empty());
        if (!unit.empty()) BOOST_TEST(*c.minor_unit() == std::stoi(unit));
        BOOST_TEST(c.active() == (status == "active"));
        active += status == "active";
    }
    BOOST_TEST(rows == currency::count());
    BOOST_TEST(active >= 175u);
}

BOOST_AUTO_TEST_CASE(every_currency_of_the_imf_file_is_known) {
    std::ifstream in(GRANTFOLIO_SHARED_DATA "/rates/imf-annual-average-per-usd.csv");
    BOOST_REQUIRE_MESSAGE(in, "the shared IMF file is missing at " GRANTFOLIO_SHARED_DATA);
    std::string line;
    std::getline(in, line);
    std::set<std::string> unknown;
    while (std::getline(in, line)) {
        auto a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
        std::string code = line.substr(b + 1, c - b - 1);
        if (!currency::find(code)) unknown.insert(code);
    }
    BOOST_TEST(unknown.empty());
}
