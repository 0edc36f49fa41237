#define BOOST_TEST_MODULE io_csv
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "grantfolio/io/csv.hpp"

using namespace grantfolio;

static std::vector<std::vector<std::string>> read_all(const std::string& text, io::reader_limits l = {}) {
    std::istringstream in(text);
    io::csv_reader r(in, "t.csv", l);
    std::vector<std::vector<std::string>> out;
    std::vector<std::string> row;
    while (r.next(row)) out.push_back(row);
    return out;
}

BOOST_AUTO_TEST_CASE(rfc_4180_quoting) {
    auto rows = read_all("a,b,c\n1,\"Micronesia, Federated States of\",\"say \"\"hi\"\"\"\r\nx,\"two\nlines\",\n");
    BOOST_REQUIRE(rows.size() == 3u);
    BOOST_TEST(rows[1][1] == "Micronesia, Federated States of");
    BOOST_TEST(rows[1][2] == "say \"hi\"");
    BOOST_TEST(rows[2][1] == "two\nlines");
    BOOST_TEST(rows[2][2] == "");
}

BOOST_AUTO_TEST_CASE(the_writer_quotes_what_must_be_and_the_reader_reads_it_back) {
    const std::vector<std::vector<std::string>> rows{
        {"plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "", "Qendra “Vatra”"},
        {"1", "\r", "\"", ",", "x", "\t", "ë"}};
    std::ostringstream out;
    io::csv_writer w(out);
    for (const auto& r : rows) {
        for (const auto& f : r) w.field(f);
        w.end_record();
    }
    BOOST_TEST(out.str().substr(0, out.str().find("\r\n")) ==
               "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",,Qendra “Vatra”");
    BOOST_TEST((read_all(out.str()) == rows));
    std::ostringstream always;
    io::csv_writer(always).text("id").field("7").text("").end_record();
    BOOST_TEST(always.str() == "\"id\",7,\"\"\r\n");
}

BOOST_AUTO_TEST_CASE(broken_quoting_says_where) {
    try {
        read_all("a,b\n1,\"open\n");
        BOOST_FAIL("expected parse_error");
    } catch (const parse_error& e) {
        BOOST_TEST(std::string(e.what()).find("t.csv:") == 0u);
        BOOST_TEST(std::string(e.what()).find("unterminated") != std::string::npos);
    }
    BOOST_CHECK_THROW(read_all("a,b\n1,x\"y\n"), parse_error);
    BOOST_CHECK_THROW(read_all("a,b\n1,\"x\"y\n"), parse_error);
}

BOOST_AUTO_TEST_CASE(caps_are_named) {
    io::reader_limits l;
    l.max_line_length = 8;
    try {
        read_all("a,b\n123456789,1\n", l);
        BOOST_FAIL("expected parse_error");
    } catch (const parse_error& e) {
        BOOST_TEST(std::string(e.what()).find("cap of 8") != std::string::npos);
        BOOST_TEST(e.where().line == 2u);
    }
    l = {};
    l.max_bytes = 10;
    BOOST_CHECK_THROW(read_all("a,b\n1,2\n3,4\n", l), parse_error);
    l = {};
    l.max_records = 2;
    BOOST_CHECK_THROW(read_all("a\n1\n2\n", l), parse_error);
}
