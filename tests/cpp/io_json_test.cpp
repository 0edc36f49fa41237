#define BOOST_TEST_MODULE io_json
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/json.hpp"

using namespace grantfolio;

BOOST_AUTO_TEST_CASE(caaht_round_trips) {
    const program& p = datasets::caaht_2006();
    std::string text = io::to_json(p);
    program back = io::read_json(text, "caaht.json");
    BOOST_TEST((back == p));
    BOOST_TEST(io::to_json(back) == text);
}

BOOST_AUTO_TEST_CASE(the_documented_fields) {
    auto j = nlohmann::json::parse(io::to_json(datasets::caaht_2006()));
    BOOST_TEST(j["format"] == "grantfolio-program");
    BOOST_TEST(j["version"] == 1);
    BOOST_TEST(j["program"]["acronym"] == "CAAHT");
    BOOST_TEST(j["program"]["donor"]["acronym"] == "USAID");
    BOOST_TEST(j["program"]["revised_on"] == "2006-05-10");
    BOOST_TEST(j["program"]["totals"][0]["amount"] == "2097624");
    BOOST_TEST(j["program"]["totals"][1]["currency"] == "ALL");
    const auto& g15 = j["grants"][14];
    BOOST_TEST(g15["id"] == "G15");
    BOOST_TEST(g15["actual_end"] == "2006-02-28");
    BOOST_TEST(g15["planned_end"] == "2006-07-31");
    BOOST_TEST(g15["actual_start"].is_null());
    BOOST_TEST(g15["award"].is_null());
    BOOST_TEST(g15["closed_early"] == true);
    // Sites: indefinite names, level, district and qark filled at or below the level that names them.
    const auto& g09 = j["grants"][8]["sites"];
    BOOST_TEST(g09[4]["name"] == "Novoselë");
    BOOST_TEST(g09[4]["level"] == "commune");
    BOOST_TEST(g09[4]["district"] == "Vlorë");
    BOOST_TEST(g09[4]["qark"] == "Vlorë");
    const auto& durres = j["grants"][3]["sites"][0];
    BOOST_TEST(durres["level"] == "qark");
    BOOST_TEST(durres["district"].is_null());
    BOOST_TEST(durres["qark"] == "Durrës");
    const auto& nation = j["grants"][0]["sites"][0];
    BOOST_TEST(nation["level"] == "nationwide");
    BOOST_TEST(nation["qark"].is_null());
    BOOST_TEST(j["grants"][7]["sites"][8]["name"] == "Malësi e Madhe");
    BOOST_TEST(j["grants"][8]["grantee"]["name"] == "Qendra Psiko-Sociale “Vatra”");
}

BOOST_AUTO_TEST_CASE(awards_and_transactions_round_trip_exactly) {
    program p = datasets::caaht_2006();
    grant& g = p.grant_for_update("G01");
    g.award = money::parse("123456.78", currency("USD"));
    g.tags = {"reintegration"};
    p.add_transaction("G01", transaction{transaction_kind::disbursement, parse_date("2005-03-01"),
                                         money::parse("1000.10", currency("EUR")), "tranche “1”"});
    program back = io::read_json(io::to_json(p), "x.json");
    BOOST_TEST((back == p));
    BOOST_TEST(back.transactions_of("G01").at(0).amount.to_string() == "1000.10 EUR");
}

BOOST_AUTO_TEST_CASE(errors_name_the_path_or_the_position) {
    auto err = [](const std::string& text) {
        try {
            io::read_json(text, "f.json");
        } catch (const parse_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(err("{\"format\": \"grantfolio-program\",\n \"version\": 1,\n \"places\": [}").find("f.json:3:") == 0u);
    BOOST_TEST(err("{\"format\": \"grantfolio-program\", \"version\": 2}").find("newer grantfolio") != std::string::npos);
    BOOST_TEST(err("{\"format\": \"other\"}").find("not a grantfolio-program") != std::string::npos);
    auto j = nlohmann::json::parse(io::to_json(datasets::caaht_2006()));
    j["grants"][3]["planned_start"] = "2005-02-30";
    BOOST_TEST(err(j.dump()).find("field 'grants[3].planned_start'") != std::string::npos);
    j = nlohmann::json::parse(io::to_json(datasets::caaht_2006()));
    j["program"]["totals"][0]["currency"] = "XYZ";
    BOOST_TEST(err(j.dump()).find("program.totals[0]") != std::string::npos);
    j = nlohmann::json::parse(io::to_json(datasets::caaht_2006()));
    j["grants"][0]["grantee"]["id"] = "nobody";
    BOOST_TEST(err(j.dump()).find("grants[0]") != std::string::npos);
    std::string deep(200, '[');
    BOOST_TEST(err(deep).find("cap") != std::string::npos);
}
