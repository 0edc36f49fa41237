#define BOOST_TEST_MODULE io_rates
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

#include "grantfolio/io/rates.hpp"

using namespace grantfolio;

static date D(const char* s) { return parse_date(s); }

static rate_table csv(const std::string& text) {
    std::istringstream in(text);
    return io::read_rates_csv(in, "rates.csv");
}

static std::string error_of(const std::string& text, bool imf = false) {
    std::istringstream in(text);
    try {
        if (imf) io::read_imf_rates(in, "imf.csv");
        else io::read_rates_csv(in, "rates.csv");
    } catch (const parse_error& e) {
        return e.what();
    }
    return "no error";
}

BOOST_AUTO_TEST_CASE(the_csv_format) {
    auto t = csv("base,quote,rate,valid_from,valid_to,source\n"
                 "USD,ALL,98.10337709126985,2006-01-01,2006-12-31,IMF\n"
                 "EUR,USD,1.2563,2006-05-10,2006-05-10,ECB\n"
                 "GBP,USD,1.80,2006-01-01,,\n");
    BOOST_TEST(t.size() == 3u);
    BOOST_TEST(t.find_direct(currency("USD"), currency("ALL"), D("2006-05-10"))->value == decimal::parse("98.10337709126985"));
    BOOST_TEST(t.find_direct(currency("EUR"), currency("USD"), D("2006-05-10")).has_value());
    BOOST_TEST(!t.find_direct(currency("EUR"), currency("USD"), D("2006-05-11")).has_value());  // daily
    BOOST_TEST(t.find_direct(currency("GBP"), currency("USD"), D("2030-01-01")).has_value());  // open-ended
    auto q = t.quote(currency("GBP"), currency("USD"), D("2030-01-01"));
    BOOST_TEST(q.legs[0].rate.source() == "rates.csv:4");  // an empty source names file and line
}

BOOST_AUTO_TEST_CASE(bad_lines_name_file_line_and_field) {
    const std::string head = "base,quote,rate,valid_from,valid_to,source\n";
    BOOST_TEST(error_of(head + "USD,ALL,0,2006-01-01,,x\n") == "rates.csv:2: field 'rate': rate 0 is not positive");
    BOOST_TEST(error_of(head + "USD,ALL,-1,2006-01-01,,x\n").find("rates.csv:2: field 'rate'") == 0u);
    BOOST_TEST(error_of(head + "USD,ALL,abc,2006-01-01,,x\n").find("rates.csv:2: field 'rate'") == 0u);
    BOOST_TEST(error_of(head + "USD,XYZ,1,2006-01-01,,x\n") ==
               "rates.csv:2: field 'quote': 'XYZ' is not an ISO 4217 currency code");
    BOOST_TEST(error_of(head + "USD,ALL,1,2006-02-31,,x\n").find("rates.csv:2: field 'valid_from'") == 0u);
    BOOST_TEST(error_of(head + "USD,ALL,1,2006-02-01,2006-01-01,x\n").find("rates.csv:2: field 'valid_to'") == 0u);
    BOOST_TEST(error_of(head + "USD,ALL,1,2006-02-01\n").find("rates.csv:2: expected 6 fields") == 0u);
    BOOST_TEST(error_of(head + "USD,USD,1,2006-02-01,,x\n").find("to itself") != std::string::npos);
    BOOST_TEST(error_of("base,quote,rate\n").find("valid_from") != std::string::npos);
    BOOST_TEST(error_of("base,quote,rate,valid_from,colour\n").find("unknown column 'colour'") != std::string::npos);
    BOOST_TEST(error_of("").find("empty") != std::string::npos);
    // Overlap with an earlier line of the same pair.
    BOOST_TEST(error_of(head + "USD,ALL,1,2006-01-01,2006-12-31,a\nUSD,ALL,2,2006-06-01,2006-06-01,b\n")
                   .find("rates.csv:3") == 0u);
}

BOOST_AUTO_TEST_CASE(imf_rows_become_calendar_year_rates) {
    std::istringstream in("Date,Rate,Currency,Frequency,Source,Country code,Country\n"
                          "2006-12-31,98.10337709126985,ALL,A,IMF,AL,Albania\n"
                          "2006-12-31,0.7964327309491023,EUR,A,IMF,U2,Euro Area (EA)\n"
                          "2006-12-31,0.796432730949096,EUR,A,IMF,XK,\"Kosovo, Republic of\"\n"
                          "2006-12-31,1,USD,A,IMF,US,United States\n");
    auto t = io::read_imf_rates(in, "imf.csv");
    BOOST_TEST(t.size() == 2u);  // one euro row kept; USD per USD is the identity
    auto eur = t.quote(currency("USD"), currency("EUR"), D("2006-01-01"));
    BOOST_TEST(eur.legs[0].rate.value().to_string() == "0.7964327309491023");  // the first row is kept
    BOOST_TEST(to_string(eur.legs[0].rate.valid()) == "2006-01-01/2006-12-31");
    BOOST_TEST(eur.legs[0].rate.source() == "IMF annual average 2006, Euro Area (EA) (U2), imf.csv:3");
}

BOOST_AUTO_TEST_CASE(imf_rows_that_disagree_are_named) {
    std::string e = error_of("Date,Rate,Currency,Frequency,Source,Country code,Country\n"
                             "2021-12-31,0.845376564367945,EUR,A,IMF,AD,Andorra\n"
                             "2021-12-31,0.8454941388904503,EUR,A,IMF,U2,Euro Area (EA)\n",
                             true);
    BOOST_TEST(e.find("imf.csv:3: field 'Rate': EUR 2021") == 0u);
    BOOST_TEST(e.find("Andorra (AD), line 2") != std::string::npos);
    BOOST_TEST(error_of("Date,Rate,Currency,Frequency,Source,Country code,Country\n"
                        "1999-12-31,11786.8016666667,USD,A,IMF,EC,Ecuador\n", true)
                   .find("USD per USD must be 1") != std::string::npos);
    BOOST_TEST(error_of("Date,Rate,Currency,Frequency,Source,Country code,Country\n"
                        "1999-06-30,1.5,GBP,A,IMF,GB,UK\n", true)
                   .find("field 'Date'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_published_imf_file_is_refused_where_its_rows_disagree) {
    auto e = [] {
        try {
            io::read_imf_rates_file(GRANTFOLIO_SHARED_DATA "/rates/imf-annual-average-per-usd.csv");
        } catch (const parse_error& x) {
            return std::string(x.what());
        }
        return std::string("no error");
    }();
    BOOST_TEST(e.find("disagrees") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_embedded_table_is_the_shipped_file) {
    std::ifstream f(GRANTFOLIO_SOURCE_DIR "/data/rates/imf-annual-average-per-usd.csv", std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    BOOST_TEST(ss.str() == std::string(io::imf_annual_csv()));
    const rate_table& t = io::imf_annual();
    BOOST_TEST(&t == &io::imf_annual());
    BOOST_TEST(t.size() > 8000u);
    auto c = t.convert(money::parse("2097624", currency("USD")), currency("ALL"), D("2006-05-10"));
    BOOST_TEST(c.result.to_string() == "205783998.27 ALL");
    BOOST_TEST(c.quote.legs[0].rate.source().find("Albania (AL)") != std::string::npos);
    // The euro: one rate per year after de-duplication; Euro Area row kept.
    auto eur = t.quote(currency("USD"), currency("EUR"), D("2006-05-10"));
    BOOST_TEST(eur.legs[0].rate.value().to_string() == "0.7964327309491023");
    // Historic currencies keep their rates: Deutsche Mark in 1990.
    BOOST_TEST(t.find_direct(currency("USD"), currency("DEM"), D("1990-06-30")).has_value());
}
