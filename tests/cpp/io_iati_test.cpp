#define BOOST_TEST_MODULE io_iati
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/source.hpp"
#include "grantfolio/query.hpp"
#include "parse_failure.hpp"

using namespace grantfolio;

static const std::string iati = GRANTFOLIO_SHARED_DATA "/iati/";
static const std::string xsd = iati + "xsd-2.03";

BOOST_AUTO_TEST_CASE(the_annotated_example_with_every_budget_transaction_and_date) {
    auto r = io::read_iati(io::read_file(iati + "activity-standard-example-annotated-2.03.xml"), "example.xml");
    const program& p = r.program;
    BOOST_REQUIRE(p.grants().size() == 1u);
    const grant& g = p.grants()[0];
    BOOST_TEST(g.id == "AA-AAA-123456789-ABC123");
    BOOST_TEST(g.title == "Activity title");
    BOOST_TEST(to_string(*g.planned) == "2012-04-15/2015-12-31");
    BOOST_TEST(format_date(*g.actual_start) == "2012-04-28");
    BOOST_TEST(g.award->to_string() == "3000 EUR");
    BOOST_TEST(p.donor == "BB-BBB-123456789");  // the funding organisation
    auto tx = p.transactions_of(g.id);
    BOOST_REQUIRE(tx.size() == 2u);
    BOOST_TEST(tx[0].kind == transaction_kind::budget);
    BOOST_TEST(format_date(tx[0].value_date) == "2014-01-01");
    BOOST_TEST(tx[0].note == "budget type 1 status 1 period 2014-01-01/2014-12-31");
    BOOST_TEST(tx[1].kind == transaction_kind::incoming_funds);
    BOOST_TEST(tx[1].amount.to_string() == "1000 EUR");
    BOOST_TEST(format_date(tx[1].value_date) == "2012-01-01");
    BOOST_TEST(g.sites.at(0).as_written == "AF");
    BOOST_TEST(g.sites.at(0).note == "recipient-country 25%");
    BOOST_TEST(std::count_if(g.tags.begin(), g.tags.end(), [](const std::string& t) { return t.rfind("sector:", 0) == 0; }) == 3);
    BOOST_TEST(io::validate_iati_schema(io::read_file(iati + "activity-standard-example-annotated-2.03.xml"), "example.xml", xsd).empty());
    BOOST_TEST(io::read_program(iati + "activity-standard-example-annotated-2.03.xml").kind == "iati");
}

BOOST_AUTO_TEST_CASE(caaht_exported_is_valid_and_comes_back_the_same) {
    const program& caaht = datasets::caaht_2006();
    const std::string xml = io::to_iati(caaht);
    auto schema = io::validate_iati_schema(xml, "caaht.xml", xsd);
    for (const auto& d : schema) BOOST_ERROR(to_string(d));
    auto back = io::read_iati(xml, "caaht.xml").program;
    BOOST_REQUIRE(back.grants().size() == caaht.grants().size());
    BOOST_TEST(back.donor == caaht.donor);
    for (std::size_t k = 0; k < caaht.grants().size(); ++k) {
        const grant &a = caaht.grants()[k], &b = back.grants()[k];
        BOOST_TEST_CONTEXT(a.id) {
            BOOST_TEST(b.id == a.id);
            BOOST_TEST(b.title == a.title);
            BOOST_TEST(b.description == a.description);
            BOOST_TEST((b.planned == a.planned));
            BOOST_TEST((b.actual_start == a.actual_start));
            BOOST_TEST((b.actual_end == a.actual_end));
            BOOST_TEST(b.grantee == a.grantee);
            BOOST_TEST(back.organization_by_id(b.grantee).name == caaht.organization_by_id(a.grantee).name);
            // Partners come back after the implementer (role 3), which IATI names on every activity.
            std::vector<std::string> partners(b.partners.begin(), b.partners.end());
            partners.erase(std::remove(partners.begin(), partners.end(), caaht.implementer), partners.end());
            BOOST_TEST(partners == a.partners);
            BOOST_REQUIRE(b.sites.size() >= a.sites.size());
            for (std::size_t s = 0; s < a.sites.size(); ++s) BOOST_TEST(b.sites[s + 1].as_written == a.sites[s].as_written);
        }
    }
}

BOOST_AUTO_TEST_CASE(schema_tests_should_pass_import_and_should_fail_are_refused_with_a_reason) {
    std::size_t passed = 0, failed = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(iati + "schema-tests/should-pass")) {
        if (e.path().extension() != ".xml") continue;
        BOOST_TEST_CONTEXT(e.path().filename().string()) {
            const std::string text = io::read_file(e.path());
            BOOST_CHECK_NO_THROW(io::read_iati(text, e.path().string()));
            BOOST_TEST(io::validate_iati_schema(text, e.path().string(), xsd).empty());
        }
        ++passed;
    }
    for (const auto& e : std::filesystem::recursive_directory_iterator(iati + "schema-tests/should-fail")) {
        if (e.path().extension() != ".xml") continue;
        const std::string text = io::read_file(e.path());
        std::string reason;
        try {
            auto r = io::read_iati(text, e.path().string());
            for (const auto& d : io::validate_iati_schema(text, e.path().string(), xsd))
                if (d.level == severity::error) reason = d.message;
        } catch (const parse_error& err) {
            reason = err.what();
        }
        BOOST_TEST(!reason.empty(), e.path().string() << " was neither refused nor reported");
        ++failed;
    }
    BOOST_TEST(passed == 58u);
    BOOST_TEST(failed == 225u);
}

static std::string failure(const std::string& xml) {
    return test::parse_failure([&] { io::read_iati(xml, "t.xml"); });
}

static std::string activity(const std::string& inner, const std::string& attrs = "") {
    return "<iati-activities version=\"2.03\"><iati-activity" + attrs + "><iati-identifier>X-1</iati-identifier>" + inner +
           "</iati-activity></iati-activities>";
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_where_it_is) {
    BOOST_TEST(failure("<iati-activities version=\"2.03\">\n<iati-activity>\n</iati-activities>").find("malformed XML") != std::string::npos);
    BOOST_TEST(failure("<iati-activities version=\"2.03\">\n<iati-activity>\n</iati-activities>").find(":3") != std::string::npos);
    BOOST_TEST(failure(activity("<transaction><transaction-type code=\"3\"/><transaction-date iso-date=\"2012-01-01\"/>"
                                "<value value-date=\"2012-01-01\">5</value></transaction>"))
                   .find("no currency and the activity no default-currency @/iati-activities/iati-activity/transaction/value") !=
               std::string::npos);
    BOOST_TEST(failure(activity("<transaction><transaction-type code=\"3\"/><transaction-date iso-date=\"2012-01-01\"/>"
                                "<value currency=\"EUR\">5</value></transaction>"))
                   .find("no value-date") != std::string::npos);
    BOOST_TEST(failure(activity("<budget><period-start iso-date=\"2012-01-01\"/><period-end iso-date=\"2012-12-31\"/>"
                                "<value currency=\"XYZ\" value-date=\"2012-01-01\">5</value></budget>"))
                   .find("'XYZ' is not an ISO 4217 currency code") != std::string::npos);
    BOOST_TEST(failure(activity("<transaction><transaction-type code=\"3\"/><transaction-date iso-date=\"2012-01-01\"/>"
                                "<value value-date=\"2012-01-01\">1,5</value></transaction>", " default-currency=\"USD\""))
                   .find("'1,5' is not a decimal amount") != std::string::npos);
    BOOST_TEST(failure("<grants/>").find("its root is <grants>") != std::string::npos);
    // Unknown code-list values are findings, with their path.
    auto r = io::read_iati(activity("<transaction><transaction-type code=\"99\"/><transaction-date iso-date=\"2012-01-01\"/>"
                                    "<value value-date=\"2012-01-01\">5</value></transaction>", " default-currency=\"USD\""), "t.xml");
    bool said = false;
    for (const auto& d : r.diagnostics)
        said |= d.where.field == "/iati-activities/iati-activity/transaction/transaction-type/@code" && d.level == severity::error;
    BOOST_TEST(said);
    BOOST_TEST(r.program.transactions().size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_parent_and_its_children_are_not_counted_twice) {
    auto xml = std::string("<iati-activities version=\"2.03\">") +
               "<iati-activity default-currency=\"USD\"><iati-identifier>P</iati-identifier><title><narrative>Programme</narrative></title>"
               "<budget><period-start iso-date=\"2012-01-01\"/><period-end iso-date=\"2012-12-31\"/><value value-date=\"2012-01-01\">300</value></budget>"
               "<related-activity ref=\"C1\" type=\"2\"/><related-activity ref=\"C2\" type=\"2\"/></iati-activity>" +
               // RelatedActivityType 2 on the parent: "C1 is my child"; 1 on the children: "P is my parent".
               "<iati-activity default-currency=\"USD\"><iati-identifier>C1</iati-identifier>"
               "<budget><period-start iso-date=\"2012-01-01\"/><period-end iso-date=\"2012-12-31\"/><value value-date=\"2012-01-01\">100</value></budget>"
               "<related-activity ref=\"P\" type=\"1\"/></iati-activity>"
               "<iati-activity default-currency=\"USD\"><iati-identifier>C2</iati-identifier>"
               "<budget><period-start iso-date=\"2012-01-01\"/><period-end iso-date=\"2012-12-31\"/><value value-date=\"2012-01-01\">200</value></budget>"
               "<related-activity ref=\"P\" type=\"1\"/></iati-activity></iati-activities>";
    auto r = io::read_iati(xml, "h.xml");
    BOOST_TEST(r.program.grants().size() == 2u);
    BOOST_TEST(r.program.phases().size() == 1u);
    BOOST_TEST(r.program.phases()[0].name == "Programme");
    BOOST_TEST(r.program.grant_by_id("C1").phase == r.program.phases()[0].number);
    BOOST_TEST(query::awards(r.program).totals.at(0).to_string() == "300 USD");  // 100 + 200, not 600
}
