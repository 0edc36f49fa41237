#define BOOST_TEST_MODULE iati_rules
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/iati_rules.hpp"
#include "grantfolio/io/source.hpp"
#include "grantfolio/synthetic.hpp"

using namespace grantfolio;

static const std::string meta = GRANTFOLIO_SOURCE_DIR "/tests/cpp/data/iati/rulesets-meta-tests/";

namespace {

/// Rule id -> how many findings, errors and warnings alike.
std::map<std::string, std::size_t> count_by_rule(const std::vector<io::rule_finding>& found) {
    std::map<std::string, std::size_t> n;
    for (const auto& f : found) ++n[f.rule];
    return n;
}

const io::iati_rules_options on_2026_12_08{make_date(2026, 12, 8)};

}  // namespace

BOOST_AUTO_TEST_CASE(the_rulesets_own_meta_tests_pass) {
    // meta_tests.sh's table: "test RULESET FILE True|False" (True: the file breaks no rule).
    std::ifstream table(meta + "meta_tests.sh");
    std::vector<std::tuple<std::string, std::string, bool>> pairs;
    for (std::string line; std::getline(table, line);) {
        std::istringstream words(line);
        std::string test, rules, file, expected;
        if (!(words >> test >> rules >> file >> expected) || test != "test") continue;
        pairs.emplace_back(rules, file, expected == "True");
    }
    BOOST_TEST(pairs.size() == 83u);  // as the script lists them (one more is commented out there)
    // The pairs the script leaves out, by their names.
    for (const char* rules : {"forloop", "recipient_country", "sector_percentage_sum"}) {
        pairs.emplace_back(rules, std::string(rules) + "_good", true);
        pairs.emplace_back(rules, std::string(rules) + "_bad", false);
    }
    for (const auto& [rules, file, passes] : pairs) {
        BOOST_TEST_CONTEXT(rules << " on " << file << ", expected " << (passes ? "to pass" : "to fail")) {
            const auto ruleset = io::iati_ruleset::parse(io::read_file(meta + rules + ".json"), rules + ".json");
            const auto found = ruleset.check(io::read_file(meta + file + ".xml"), file + ".xml", on_2026_12_08);
            BOOST_TEST(found.empty() == passes);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_standard_ruleset_is_embedded_and_says_what_it_cannot_apply) {
    const auto& standard = io::iati_ruleset::standard();
    BOOST_TEST(standard.size() == 105u);  // 107 cases, of which the two ORG-ID-PREFIX ones are not applied
    const auto skipped = standard.not_applied();
    auto reason = [&](const std::string& id) {
        auto it = std::find_if(skipped.begin(), skipped.end(), [&](const auto& s) { return s.first == id; });
        return it == skipped.end() ? std::string() : it->second;
    };
    BOOST_TEST(reason("1.14.8").find("org-id.guide") != std::string::npos);
    BOOST_TEST(reason("1.18.8").find("org-id.guide") != std::string::npos);
    BOOST_TEST(reason("1.3.13").find("applied to every value") != std::string::npos);
    BOOST_TEST(reason("6.2.2").empty());
}

BOOST_AUTO_TEST_CASE(caaht_exported_with_an_org_id_and_a_sector_breaks_no_rule) {
    const program& caaht = datasets::caaht_2006();
    const auto& standard = io::iati_ruleset::standard();
    // As the listing gives it: no sector (an error on each activity), identifiers that do not begin
    // with an organisation identifier (a warning on each).
    auto found = standard.check(io::to_iati(caaht), "caaht.xml", on_2026_12_08);
    BOOST_TEST((count_by_rule(found) == std::map<std::string, std::size_t>{{"6.2.2", 24}, {"1.1.21", 24}}));
    const auto& first = found.front().finding;
    BOOST_TEST(first.subject == "G01");
    BOOST_TEST(first.where.file == "caaht.xml");
    BOOST_TEST(first.where.line == 3u);
    BOOST_TEST(first.where.field == "/iati-activities/iati-activity[1]");
    BOOST_TEST(first.message.find("(rule 6.2.2)") != std::string::npos);
    BOOST_TEST((first.level == severity::error));
    BOOST_TEST(found.front().link.find("iatistandard.org") != std::string::npos);
    // With the publisher's identifier and sector: nothing.
    io::iati_write_options o;
    o.org_id = "US-GOV-1";
    o.sectors = {classification{"15180", "1", "", std::nullopt}};
    found = standard.check(io::to_iati(caaht, o), "caaht.xml", on_2026_12_08);
    for (const auto& f : found) BOOST_ERROR(to_string(f.finding));
    // A sector the rules refuse is found: one sector of 50% (rule 2.1.4).
    o.sectors = {classification{"15180", "1", "", decimal(50)}};
    BOOST_TEST((count_by_rule(standard.check(io::to_iati(caaht, o), "caaht.xml", on_2026_12_08)) ==
                std::map<std::string, std::size_t>{{"2.1.4", 24}}));
    // Several sectors whose percentages do not add up to 100 are refused before writing.
    o.sectors = {classification{"15180", "1", "", decimal(50)}, classification{"15160", "1", "", decimal(40)}};
    BOOST_CHECK_THROW(io::to_iati(caaht, o), invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_generated_programme_exported_breaks_no_rule) {
    synthetic::options so;
    so.grants = 300;
    so.transactions = 3000;
    so.seed = 3;
    const program p = synthetic::generate(so);
    io::iati_write_options o;
    o.org_id = "XM-SYN-3";
    const std::string xml = io::to_iati(p, o);
    const auto found = io::iati_ruleset::standard().check(xml, "synth.xml", on_2026_12_08);
    for (const auto& f : found) BOOST_ERROR(to_string(f.finding));
    // Its awards became budgets of a year at most (rule 7.5.3 holds), and some grants have two sectors at 60:40.
    BOOST_TEST(xml.find("percentage=\"60\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_real_publishers_file_has_its_findings_named_by_rule_line_and_activity) {
    // The Dutch ministry's file: eight budgets of more than a year (rule 7.5.3), each at its line.
    const std::string path = GRANTFOLIO_SOURCE_DIR "/tests/cpp/data/iati/nl-mfa-2.03.xml";
    const auto found = io::iati_ruleset::standard().check(io::read_file(path), "nl-mfa-2.03.xml", on_2026_12_08);
    const auto n = count_by_rule(found);
    BOOST_TEST(n.at("7.5.3") == 8u);
    for (const auto& f : found)
        if (f.rule == "7.5.3") {
            BOOST_TEST(f.finding.where.field.find("/budget") != std::string::npos);
            BOOST_TEST(!f.finding.subject.empty());
            BOOST_TEST(f.finding.where.line > 0u);
        }
    // In the document's order.
    BOOST_TEST(std::is_sorted(found.begin(), found.end(),
                              [](const io::rule_finding& a, const io::rule_finding& b) { return a.finding.where.line < b.finding.where.line; }));
}

BOOST_AUTO_TEST_CASE(dates_in_the_future_are_judged_against_the_given_day) {
    const std::string xml = R"(<iati-activities version="2.03"><iati-activity last-updated-datetime="2026-12-09T00:00:00Z">
<iati-identifier>XM-T-1</iati-identifier><activity-date type="2" iso-date="2026-12-09"/></iati-activity></iati-activities>)";
    const auto& standard = io::iati_ruleset::standard();
    auto rules = [&](int day) {
        std::set<std::string> ids;
        for (const auto& f : standard.check(xml, "t.xml", io::iati_rules_options{make_date(2026, 12, day)})) ids.insert(f.rule);
        return ids;
    };
    BOOST_TEST(rules(8).count("11.1.1"));  // last-updated-datetime after today
    BOOST_TEST(rules(8).count("11.1.4"));  // actual start after today
    BOOST_TEST(!rules(9).count("11.1.1"));
    BOOST_TEST(!rules(9).count("11.1.4"));
}

BOOST_AUTO_TEST_CASE(a_ruleset_or_document_that_cannot_be_used_is_refused_with_where) {
    auto refused = [](const std::string& text) {
        try {
            io::iati_ruleset::parse(text, "r.json");
        } catch (const parse_error& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    BOOST_TEST(refused(R"({"//x": {"atleast_two": {"cases": [{"paths": ["a"]}]}}})").find("unknown rule 'atleast_two'") != std::string::npos);
    BOOST_TEST(refused(R"({"//x": {"atleast_one": {"cases": [{"paths": ["a[["]}]}}})").find("/paths/0") != std::string::npos);
    BOOST_TEST(refused(R"({"//x[": {}})").find("does not compile") != std::string::npos);
    BOOST_TEST(refused("[1, 2]").find("a ruleset is an object") != std::string::npos);
    BOOST_TEST(refused("{").find("not a ruleset") != std::string::npos);
    BOOST_CHECK_THROW(io::iati_ruleset::standard().check("<iati-activities><iati-activity>", "t.xml"), parse_error);
}

BOOST_AUTO_TEST_CASE(a_very_long_value_is_matched_without_exhausting_the_stack) {
    // std::regex recursed per character and crashed here; the rules' identifier patterns now run in ICU.
    const std::string id(200000, 'A');
    const std::string xml = "<iati-activities version=\"2.03\"><iati-activity><iati-identifier>" + id + "/x</iati-identifier>"
                            "<reporting-org ref=\"" + std::string(200000, 'B') + "\"/></iati-activity></iati-activities>";
    const auto n = count_by_rule(io::iati_ruleset::standard().check(xml, "long.xml", on_2026_12_08));
    BOOST_TEST(n.count("1.3.13"));  // the '/' in the identifier is found at its end
    BOOST_TEST(!n.count("1.14.13"));  // the long ref has nothing the rule refuses
}
