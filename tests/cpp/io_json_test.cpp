#define BOOST_TEST_MODULE io_json
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/synthetic.hpp"

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
    BOOST_TEST(j["version"] == 2);
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
    p.update_grant("G01", [](grant& g) {
        g.award = money::parse("123456.78", currency("USD"));
        g.tags = {"reintegration"};
    });
    p.add_transaction("G01", transaction{transaction_kind::disbursement, parse_date("2005-03-01"),
                                         money::parse("1000.10", currency("EUR")), "tranche “1”"});
    program back = io::read_json(io::to_json(p), "x.json");
    BOOST_TEST((back == p));
    BOOST_TEST(back.transactions_of("G01").at(0).amount.to_string() == "1000.10 EUR");
}

namespace {
/// What read_json says of a text: its error message, or "no error".
std::string err(const std::string& text) {
    try {
        io::read_json(text, "f.json");
    } catch (const parse_error& e) {
        return std::string(e.what());
    }
    return std::string("no error");
}
}  // namespace

BOOST_AUTO_TEST_CASE(errors_name_the_path_or_the_position) {
    BOOST_TEST(err("{\"format\": \"grantfolio-program\",\n \"version\": 1,\n \"places\": [}").find("f.json:3:") == 0u);
    BOOST_TEST(err("{\"format\": \"grantfolio-program\", \"version\": 3}").find("newer grantfolio") != std::string::npos);
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

BOOST_AUTO_TEST_CASE(integers_are_range_checked_and_keys_are_unique) {
    const std::string good = io::to_json(datasets::caaht_2006());
    auto with = [&](const std::string& from, const std::string& to) {
        std::string t = good;
        auto at = t.find(from);
        BOOST_REQUIRE(at != std::string::npos);
        return t.replace(at, from.size(), to);
    };
    // 4294967297 is phase 1 after a cut to 32 bits: refused, not narrowed.
    BOOST_TEST(err(with("\"phase\": 1,", "\"phase\": 4294967297,")).find("expected an integer from 0 to 2147483647, not 4294967297") !=
               std::string::npos);
    BOOST_TEST(err(with("\"phase\": 1,", "\"phase\": 1.0,")).find("not a number with a fraction") != std::string::npos);
    // 2^64-1 read as a signed number is -1, which passed the "newer version" check.
    BOOST_TEST(err(with("\"version\": 2", "\"version\": 18446744073709551615")).find("newer grantfolio") != std::string::npos);
    BOOST_TEST(err(with("\"version\": 2", "\"version\": 0")).find("field 'version': expected an integer from 1 to 2, not 0") !=
               std::string::npos);
    BOOST_TEST(err(with("\"version\": 2", "\"version\": -5")).find("not -5") != std::string::npos);
    // A number too large for a double is not "internal error: number overflow".
    BOOST_TEST(err(with("\"version\": 2", "\"version\": 1e400")).find("f.json:3:18: number overflow parsing '1e400'") == 0u);
    // The last of two equal keys used to win silently.
    BOOST_TEST(err(with("\"version\": 2", "\"version\": 2, \"version\": 1")) ==
               "f.json: field '/version': the key \"version\" appears twice in one object");
    BOOST_TEST(err(with("\"title\": \"", "\"title\": \"x\", \"title\": \"")).find("field '/grants/0/title'") != std::string::npos);
    BOOST_TEST(err("{\"a\": \"\xff\"}").find("f.json:1:") == 0u);  // not UTF-8: a syntax error with its place
}

BOOST_AUTO_TEST_CASE(a_document_too_large_for_memory_is_refused_before_it_is_built) {
    std::string big = "[" + std::string(1 << 20, '1');
    for (std::size_t i = 1; i < big.size(); i += 2) big[i] = ',';
    big.back() = ']';
    io::reader_limits limits;
    limits.max_memory = std::size_t(8) << 20;  // 0.5M values take about 20 MB
    try {
        io::read_json(big, "big.json", limits);
        BOOST_FAIL("read");
    } catch (const parse_error& e) {
        BOOST_TEST(std::string(e.what()).find("big.json: the JSON would take about") == 0u);
        BOOST_TEST(std::string(e.what()).find("over the cap of 8 MiB") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(grants_are_streamed_into_the_same_document) {
    // write_json writes the grants one at a time into the document around them: the result is the
    // document nlohmann would dump whole, indented or on one line.
    const program& p = datasets::caaht_2006();
    for (int indent : {-1, 0, 2, 4}) {
        io::json_options o;
        o.indent = indent;
        const std::string text = io::to_json(p, o);
        auto j = nlohmann::ordered_json::parse(text);
        BOOST_TEST(j["grants"].size() == p.grants().size());
        BOOST_TEST(text == j.dump(indent) + "\n");
        BOOST_TEST((io::read_json(text, "x.json") == p));
    }
}

BOOST_AUTO_TEST_CASE(transactions_keep_the_order_they_were_added_in) {
    // Generated transactions are not grouped by grant: the JSON says each one's row, and reading
    // puts them back in the programme's order (program== compares the store row by row).
    const program p = synthetic::generate({.grants = 30, .transactions = 400, .seed = 3});
    const std::string text = io::to_json(p);
    BOOST_TEST(text.find("\"row\"") != std::string::npos);
    const program back = io::read_json(text, "synth.json");
    BOOST_TEST((back == p));
    for (std::size_t r = 0; r < p.transactions().size(); ++r) {
        BOOST_TEST(back.transactions().grants()[r] == p.transactions().grants()[r]);
        BOOST_TEST((back.transactions().value_date(r) == p.transactions().value_date(r)));
    }
    BOOST_TEST(io::to_json(back) == text);
    // Grouped already (CAAHT with one transaction per grant, added grant by grant): no rows written.
    program q = datasets::caaht_2006();
    for (std::size_t g = 0; g < q.grants().size(); ++g)
        q.add_transaction(g, transaction{transaction_kind::disbursement, parse_date("2005-03-01"),
                                         money::parse("1", currency("USD")), ""});
    BOOST_TEST(io::to_json(q).find("\"row\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(transaction_rows_must_be_a_permutation) {
    program p = datasets::caaht_2006();
    p.add_transaction("G02", transaction{transaction_kind::disbursement, parse_date("2005-03-01"),
                                         money::parse("1", currency("USD")), "first"});
    p.add_transaction("G01", transaction{transaction_kind::disbursement, parse_date("2005-04-01"),
                                         money::parse("2", currency("USD")), "second"});
    auto j = nlohmann::ordered_json::parse(io::to_json(p));
    BOOST_TEST(j["grants"][0]["transactions"][0]["row"] == 1);
    BOOST_TEST(j["grants"][1]["transactions"][0]["row"] == 0);
    const program back = io::read_json(j.dump(), "x.json");
    BOOST_TEST(back.transactions().note(0) == "first");
    BOOST_TEST((back == p));
    auto broken = j;
    broken["grants"][0]["transactions"][0]["row"] = 0;
    BOOST_TEST(err(broken.dump()).find("grants[1].transactions[0].row': 0 is also grants[0].transactions[0]'s row") !=
               std::string::npos);
    broken = j;
    broken["grants"][0]["transactions"][0]["row"] = 2;
    BOOST_TEST(err(broken.dump()).find("2 is past the last of 2 transactions") != std::string::npos);
    broken = j;
    broken["grants"][0]["transactions"][0].erase("row");
    BOOST_TEST(err(broken.dump()).find("grants[0].transactions[0]': has no row, while other transactions do") !=
               std::string::npos);
    broken = j;
    broken["grants"][0]["transactions"][0]["row"] = -1;
    BOOST_TEST(err(broken.dump()).find("grants[0].transactions[0].row") != std::string::npos);
}
