#define BOOST_TEST_MODULE io_source
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <iterator>
#include <set>
#include <string>

#include "grantfolio/detail/utf8.hpp"
#include "grantfolio/datasets.hpp"
#include "grantfolio/diagnostic.hpp"
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

BOOST_AUTO_TEST_CASE(the_reading_summary_counts_what_was_lost_by_element_and_subject) {
    auto at = [](std::size_t line) { return parse_error::location{"f.xml", line, 1, ""}; };
    std::vector<diagnostic> found{
        {severity::warning, at(3), "no description", "A1", {}},
        {severity::error, at(5), "currency", "A1", not_kept("transaction")},
        {severity::info, at(6), "a remark", "A1", {}},
        {severity::error, at(7), "currency", "A1", not_kept("transaction")},
        {severity::warning, at(8), "stands for it", "A2", guessed("value-date")},
        {severity::error, at(9), "amount", "A3", not_kept("transaction")},
        {severity::error, at(10), "duplicate", "A3", not_kept("activity")},
        {severity::error, at(11), "title count", "A3", {}},
    };
    auto s = summarize_reading(found, "activity");
    BOOST_TEST(s.text == "3 transactions of 2 activities not kept, 1 value-date of 1 activity guessed, 1 activity not kept; "
                         "1 other error, 1 other warning");
    BOOST_TEST(s.first == &found[1]);  // the first error that cost data, not the first line
    // Without losses the counts are plain; only infos: nothing to say.
    std::vector<diagnostic> remarks{{severity::warning, at(1), "x", "", {}}, {severity::warning, at(2), "y", "", {}}};
    BOOST_TEST(summarize_reading(remarks).text == "2 warnings");
    BOOST_TEST(summarize_reading({{severity::info, at(1), "x", "", {}}}).text.empty());
    BOOST_TEST(!summarize_reading({}).first);
    // A loss of something with no subject (a line of the file) is counted without "of".
    BOOST_TEST(summarize_reading({{severity::warning, at(4), "skipped", "", not_kept("line")}}).text == "1 line not kept");
    BOOST_TEST(detail::plural("planned period", 2) == "planned periods");
    BOOST_TEST(detail::plural("activity", 2) == "activities");
    BOOST_TEST(detail::plural("day", 2) == "days");
}

BOOST_AUTO_TEST_CASE(every_finding_that_says_something_is_lost_or_guessed_carries_that_effect) {
    // The summary line counts effects, not words: a finding whose message says data was not kept,
    // not read, skipped, left out or named here must carry the effect, in every reader, on the
    // standard's own should-fail and should-pass files and the fixtures made to break.
    std::vector<std::string> files{GRANTFOLIO_SOURCE_DIR "/tests/cli/iati-one-bad-value.xml",
                                   GRANTFOLIO_SOURCE_DIR "/tests/cli/broken-listing.txt",
                                   GRANTFOLIO_SOURCE_DIR "/tests/cli/360giving-sample.csv",
                                   GRANTFOLIO_SOURCE_DIR "/tests/cli/360giving-undated.json",
                                   GRANTFOLIO_SHARED_DATA "/360giving/fixture-decimal-amounts.json",
                                   GRANTFOLIO_SOURCE_DIR "/tests/cpp/data/iati/activity-standard-example-1.04-annotated.xml"};
    for (const char* dir : {"/iati/schema-tests/should-fail", "/iati/schema-tests/should-pass"})
        for (const auto& e : std::filesystem::directory_iterator(GRANTFOLIO_SHARED_DATA + std::string(dir)))
            if (e.path().extension() == ".xml") files.push_back(e.path().string());
    io::read_options options;
    options.listing = &datasets::caaht_2006_profile();
    std::size_t costly = 0, seen = 0;
    for (const auto& f : files) {
        io::read_result r;
        try {
            r = io::read_program(f, options);
        } catch (const parse_error&) {
            continue;  // not well-formed: refused whole, nothing to summarise
        }
        for (const auto& d : r.diagnostics) {
            ++seen;
            const bool says = d.message.find("not kept") != std::string::npos || d.message.find("not read") != std::string::npos ||
                              d.message.find("skipped") != std::string::npos || d.message.find("left out") != std::string::npos ||
                              d.message.find("' here") != std::string::npos || d.message.find("stands for it") != std::string::npos;
            if (d.level != severity::info && says) {
                BOOST_TEST((d.outcome.effect != effect::none), f << ": " << to_string(d));
                BOOST_TEST(!d.outcome.element.empty(), f << ": " << to_string(d));
            }
            if (d.outcome.effect != effect::none) ++costly;
        }
    }
    BOOST_TEST(seen > 100u);
    BOOST_TEST(costly > 20u);
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
