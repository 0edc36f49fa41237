#define BOOST_TEST_MODULE io_source
#include <boost/test/unit_test.hpp>

#include <iterator>
#include <set>
#include <string>

#include "grantfolio/detail/utf8.hpp"
#include "grantfolio/datasets.hpp"
#include "grantfolio/io/source.hpp"

using namespace grantfolio;
using io::source_format;

namespace {
std::string name_of(std::optional<source_format> f) { return f ? io::to_string(*f) : "none"; }
}  // namespace

BOOST_AUTO_TEST_CASE(formats_are_told_by_their_structure_not_by_substrings) {
    // A grantfolio JSON whose early text mentions IATI is still grantfolio JSON ...
    BOOST_TEST(name_of(io::detect_source(R"({"format": "grantfolio-program", "version": 1,
        "program": {"name": "<iati-activity> in a name"}, "grants": []})")) == "json");
    // ... and a 360Giving package that mentions grantfolio early is still 360Giving.
    BOOST_TEST(name_of(io::detect_source(R"({"grants": [{"id": "360G-x", "title": "grantfolio-program"}]})")) == "360giving");
    BOOST_TEST(name_of(io::detect_source(R"({"meta": {"format": "x"}, "grants": []})")) == "360giving");
    BOOST_TEST(name_of(io::detect_source("\xEF\xBB\xBF  {\"grants\": []}")) == "360giving");
    // Cut short before either key: the JSON reader says where it breaks.
    BOOST_TEST(name_of(io::detect_source(R"({"meta": [1, 2)")) == "json");
    // XML: the root element decides, past the declaration, comments and the document type.
    BOOST_TEST(name_of(io::detect_source("<?xml version=\"1.0\"?>\n<!-- <other> -->\n<!DOCTYPE x [ <!ENTITY a \"b\"> ]>\n"
                                          "<iati-activities version=\"2.03\"/>")) == "iati");
    BOOST_TEST(name_of(io::detect_source("<iati-activity/>")) == "iati");
    BOOST_TEST(name_of(io::detect_source("<?xml version=\"1.0\"?><html><!-- <iati-activities> --></html>")) == "none");
    // CSV: the header's columns, not a word in a value.
    BOOST_TEST(name_of(io::detect_source("Identifier,Title,Amount Awarded,Currency\n360G-1,x,1,GBP\n")) == "360giving-csv");
    BOOST_TEST(name_of(io::detect_source("\"Identifier\",\"Amount Awarded\"\n")) == "360giving-csv");
    BOOST_TEST(name_of(io::detect_source("id,note\n1,\"Identifier and Amount Awarded\"\n")) == "none");
    // Listings: a line that starts with one of the profile's title labels, and only with a profile.
    const auto* caaht = &datasets::caaht_2006_profile();
    BOOST_TEST(name_of(io::detect_source("Nr. 1\n  Titulli i Projektit: Rrjeti\n", caaht)) == "listing");
    BOOST_TEST(name_of(io::detect_source("Nr. 1\n  TITULLI I PROJEKTIT: Rrjeti\n", caaht)) == "listing");
    BOOST_TEST(name_of(io::detect_source("Nr. 1\n  Titulli i Projektit: Rrjeti\n")) == "none");
    BOOST_TEST(name_of(io::detect_source("A note on the Project Title: label\n", caaht)) == "none");
}

BOOST_AUTO_TEST_CASE(every_format_has_a_name_and_a_description) {
    std::set<std::string> names;
    for (const auto f : io::source_formats) {
        BOOST_TEST(std::string(io::to_string(f)) != "?");
        BOOST_TEST(std::string(io::describe(f)) != "?");
        names.insert(io::to_string(f));
    }
    BOOST_TEST(names.size() == std::size(io::source_formats));
}

BOOST_AUTO_TEST_CASE(utf8_is_checked_to_the_byte) {
    using detail::invalid_utf8;
    const auto npos = std::string_view::npos;
    BOOST_TEST(invalid_utf8("Korçë, Gjirokastër — “Vatra”") == npos);
    BOOST_TEST(invalid_utf8("\xF0\x9F\x98\x80 and plain ASCII text longer than eight bytes") == npos);
    BOOST_TEST(invalid_utf8("abc\xFF") == 3u);
    BOOST_TEST(invalid_utf8("abcdefghij\xC3") == 10u);          // cut inside a character
    BOOST_TEST(invalid_utf8("\xC0\xAF") == 0u);                 // overlong '/'
    BOOST_TEST(invalid_utf8("x\xED\xA0\x80") == 1u);            // a surrogate
    BOOST_TEST(invalid_utf8("\xF4\x90\x80\x80") == 0u);         // past U+10FFFF
    BOOST_TEST(invalid_utf8("\xE2\x82") == 0u);
}
