#define BOOST_TEST_MODULE program
#include <boost/test/unit_test.hpp>

#include "grantfolio/datasets.hpp"
#include "grantfolio/program.hpp"

using namespace grantfolio;

namespace {
std::string refusal(const std::function<void()>& f) {
    try {
        f();
    } catch (const invalid_argument& e) {
        return e.what();
    }
    return "(no error)";
}
}  // namespace

BOOST_AUTO_TEST_CASE(add_grant_refuses_what_the_programme_lacks) {
    program p = datasets::caaht_2006();
    grant g = p.grant_by_id("G01");
    BOOST_TEST(refusal([&] { p.add_grant(g); }) == "grant id 'G01' is already taken");
    g.id = "G99";
    g.phase = 7;
    BOOST_TEST(refusal([&] { p.add_grant(g); }).find("phase 7, which the programme lacks") != std::string::npos);
    g.phase = 1;
    g.partners.push_back("nobody");
    BOOST_TEST(refusal([&] { p.add_grant(g); }).find("no organization 'nobody'") != std::string::npos);
    BOOST_TEST(p.grants().size() == 24u);
}

BOOST_AUTO_TEST_CASE(update_grant_keeps_indexes_and_references_true) {
    program p = datasets::caaht_2006();
    const program before = p;
    // A change that leaves a reference dangling is refused, and nothing is changed (strong guarantee).
    BOOST_TEST(refusal([&] { p.update_grant("G05", [](grant& g) { g.grantee = "nobody"; }); }).find("'nobody'") != std::string::npos);
    BOOST_TEST(refusal([&] { p.update_grant("G05", [](grant& g) { g.sites.push_back(site{"X", "NOWHERE", ""}); }); })
                   .find("NOWHERE") != std::string::npos);
    BOOST_TEST(refusal([&] { p.update_grant("G05", [](grant& g) { g.phase = 9; }); }).find("phase 9") != std::string::npos);
    BOOST_TEST(refusal([&] { p.update_grant("G05", [](grant& g) { g.id = "G06"; }); }) == "grant id 'G06' is already taken");
    BOOST_TEST(refusal([&] { p.update_grant("G05", [](grant& g) { g.id.clear(); }); }) == "grant 'G05' cannot lose its id");
    BOOST_TEST(refusal([&] { p.update_grant("G77", [](grant&) {}); }).find("no grant 'G77'") != std::string::npos);
    BOOST_TEST((p == before));
    // A new id is indexed, the old one gone; the grant keeps its place and its transactions.
    p.add_transaction("G05", transaction{transaction_kind::disbursement, parse_date("2005-06-01"), money::parse("10", currency("USD")), ""});
    const grant& g = p.update_grant("G05", [](grant& g) {
        g.id = "G05b";
        g.award = money::parse("1000", currency("USD"));
    });
    BOOST_TEST(g.id == "G05b");
    BOOST_TEST(p.find_grant("G05") == nullptr);
    BOOST_TEST(p.grant_position("G05b") == 4u);
    BOOST_TEST(p.transactions_of("G05b").size() == 1u);
    BOOST_TEST(p.grant_by_id("G05b").award->to_string() == "1000 USD");
    // The grantee kept beside each grant follows the changes.
    for (std::size_t i = 0; i < p.grants().size(); ++i) BOOST_TEST(p.grantee_of(i) == p.find_organization(p.grants()[i].grantee));
    const std::string other = p.grants()[0].grantee;
    p.update_grant("G05b", [&](grant& g) { g.grantee = other; });
    BOOST_TEST(p.grantee_of(4)->id == other);
    p.update_grant("G05b", [](grant& g) { g.grantee.clear(); });
    BOOST_TEST(p.grantee_of(4) == nullptr);
    BOOST_CHECK_THROW(p.grantee_of(24), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(update_organization_keeps_its_id) {
    program p = datasets::caaht_2006();
    const std::string id = p.organizations().at(0).id;
    const organization& o = p.update_organization(id, [](organization& o) { o.add_spelling("Another Spelling"); });
    BOOST_TEST(o.id == id);
    BOOST_TEST(refusal([&] { p.update_organization(id, [](organization& o) { o.id = "renamed"; }); }).find("cannot change its id") !=
               std::string::npos);
    BOOST_TEST(p.find_organization(id) != nullptr);
}
