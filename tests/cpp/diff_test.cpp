#define BOOST_TEST_MODULE diff
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "grantfolio/datasets.hpp"
#include "grantfolio/diff.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/io/listing.hpp"

using namespace grantfolio;

static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, path << " is missing");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

static std::string replaced(std::string s, const std::string& a, const std::string& b) {
    const auto at = s.find(a);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "not in the text: " << a);
    return s.replace(at, a.size(), b);
}

static program listing(const std::string& text) { return io::read_listing(text, "t.txt", datasets::caaht_2006_profile()).program; }

BOOST_AUTO_TEST_CASE(the_same_programme_differs_in_nothing) {
    const program& p = datasets::caaht_2006();
    const auto d = diff(p, p);
    BOOST_TEST(d.empty());
    BOOST_TEST(d.matched_by == "title and grantee");
    // Read again through its JSON form (ids of organisations and records as written): still nothing.
    BOOST_TEST(diff(p, io::read_json(io::to_json(p), "p.json")).empty());
}

// A later revision of the CAAHT listing: a grant added before G05 (so every later one is
// renumbered), G05's end and sites changed, the last grant removed, a new revision date.
BOOST_AUTO_TEST_CASE(two_revisions_of_a_listing) {
    const std::string old_text = slurp(GRANTFOLIO_SHARED_DATA "/listings/caaht-grants-2006-05-10.sq.txt");
    std::string text = old_text;
    for (auto at = text.find("Rishikuar 10 Maj 2006"); at != std::string::npos; at = text.find("Rishikuar 10 Maj 2006"))
        text.replace(at, 21, "Rishikuar 15 Shtator 2006");
    text = replaced(text, "Vendet e zbatimit:  Elbasani dhe Gramshi \nKohëzgjatja:    1 maj 2005 deri 31 korrik 2006",
                    "Vendet e zbatimit:  Elbasani \nKohëzgjatja:    1 maj 2005 deri 30 shtator 2006");
    text = replaced(text, "Titulli i Projektit: Propozime për Parandalimin",
                    "Titulli i Projektit: Një Projekt i Ri \nVendi i zbatimit: Shkodra \n"
                    "Kohëzgjatja:    1 qershor 2006 deri 31 dhjetor 2006 \nOJQ-ja:    Qendra e Re \n\n"
                    "Titulli i Projektit: Propozime për Parandalimin");
    text = text.substr(0, text.rfind("Titulli i Projektit: Strehëza akomoduese"));
    const auto d = diff(listing(old_text), listing(text));
    BOOST_TEST(d.matched_by == "title and grantee");
    BOOST_REQUIRE(d.added.size() == 1u);
    BOOST_TEST(d.added[0].id == "G05");
    BOOST_TEST(d.added[0].title == "Një Projekt i Ri");
    BOOST_TEST(d.added[0].grantee == "Qendra e Re");
    BOOST_REQUIRE(d.removed.size() == 1u);
    BOOST_TEST(d.removed[0].id == "G24");
    BOOST_REQUIRE(d.changed.size() == 1u);
    BOOST_TEST(d.changed[0].old_id == "G05");
    BOOST_TEST(d.changed[0].id == "G06");
    BOOST_TEST((d.changed[0].fields == std::vector<program_diff::field_change>{
                    {"id", "G05", "G06"}, {"planned", "2005-05-01/2006-07-31", "2005-05-01/2006-09-30"}, {"sites", "Elbasan; Gramsh", "Elbasan"}}));
    BOOST_TEST(d.renumbered.size() == 18u);  // G06..G23 became G07..G24, nothing else changed
    BOOST_TEST((d.renumbered.front() == std::pair<std::string, std::string>{"G06", "G07"}));
    BOOST_TEST((d.program == std::vector<program_diff::field_change>{{"revised_on", "2006-05-10", "2006-09-15"}}));
    BOOST_TEST(d.sums.empty());  // the listing has no money per grant
    BOOST_TEST(d.count() == 4u);
    const std::string text_view = diff_text(d);
    BOOST_TEST(text_view.find("+ G05 'Një Projekt i Ri' (Qendra e Re)\n") != std::string::npos);
    BOOST_TEST(text_view.find("~ G06 (was G05) planned: '2005-05-01/2006-07-31' -> '2005-05-01/2006-09-30'\n") != std::string::npos);
    BOOST_TEST(text_view.find("1 added, 1 removed, 1 changed, 18 renumbered (grants matched by title and grantee)") != std::string::npos);
}

// Two snapshots of a real IATI file (the UK programme): one expenditure changed, one activity gone.
BOOST_AUTO_TEST_CASE(two_snapshots_of_an_iati_file) {
    const std::string old_text = slurp(GRANTFOLIO_SOURCE_DIR "/tests/cpp/data/iati/dfid-gb-1-109616-2.01.xml");
    std::string text = replaced(old_text, "<transaction-date iso-date=\"2007-03-31\"/>\n      <value value-date=\"2007-03-31\" currency=\"GBP\">500000.00</value>",
                                "<transaction-date iso-date=\"2007-03-31\"/>\n      <value value-date=\"2007-03-31\" currency=\"GBP\">512345.67</value>");
    const auto last = text.rfind("<iati-activity ");
    text.erase(last, text.find("</iati-activity>", last) + 16 - last);
    const program a = io::read_iati(old_text, "old.xml").program, b = io::read_iati(text, "new.xml").program;
    const auto d = diff(a, b);
    BOOST_TEST(d.matched_by == "id");
    BOOST_TEST(d.added.empty());
    BOOST_REQUIRE(d.removed.size() == 1u);
    BOOST_TEST(d.removed[0].id == "GB-1-109636-102");
    BOOST_REQUIRE(d.changed.size() == 1u);
    BOOST_TEST(d.changed[0].id == "GB-1-109616-101");
    BOOST_TEST((d.changed[0].fields ==
                std::vector<program_diff::field_change>{{"expenditure GBP", "1500000.00 GBP in 3 rows", "1512345.67 GBP in 3 rows"}}));
    // Sums over the programme, exact: the removed activity's money is gone, the changed row counts.
    bool expenditure = false;
    for (const auto& m : d.sums)
        if (m.kind == "expenditure") {
            expenditure = true;
            BOOST_TEST(m.difference().to_string() == "-90750.33 GBP");
            BOOST_TEST(m.rows_before == 36u);
            BOOST_TEST(m.rows_after == 32u);
        }
    BOOST_TEST(expenditure);
    const std::string json = diff_json(d);
    BOOST_TEST(json.find("\"difference\": \"-90750.33\"") != std::string::npos);
    BOOST_TEST(json.find("\"changes\": 6") != std::string::npos);
}

// A listing's grant retitled in its place is the same grant with a new title; a grant whose title
// and grantee both changed is another grant (one removed, one added), though it has the same id.
BOOST_AUTO_TEST_CASE(a_retitled_listing_grant_and_a_replaced_one) {
    const std::string old_text = slurp(GRANTFOLIO_SHARED_DATA "/listings/caaht-grants-2006-05-10.sq.txt");
    std::string text = replaced(old_text, "Titulli i Projektit:  Programi i Parandalimit të Trafikimit në Zonat Rurale",
                                "Titulli i Projektit: Programi Rural i Parandalimit");  // G03, same grantee
    text = replaced(text, "Titulli i Projektit: Hap pas Hapi", "Titulli i Projektit: Një Tjetër");  // G17 ...
    text = replaced(text, "OJQ-ja: Në Ndihmë të Gruas Veriore të Pukës", "OJQ-ja: Qendra e Re");  // ... and its grantee
    const auto d = diff(listing(old_text), listing(text));
    BOOST_REQUIRE(d.changed.size() == 1u);
    BOOST_TEST(d.changed[0].id == "G03");
    BOOST_TEST(d.changed[0].fields.at(0).field == "title");
    BOOST_REQUIRE(d.removed.size() == 1u);
    BOOST_REQUIRE(d.added.size() == 1u);
    BOOST_TEST(d.removed[0].id == "G17");
    BOOST_TEST(d.added[0].id == "G17");
    BOOST_TEST(d.added[0].grantee == "Qendra e Re");
}

// What is compared without text (the fast path for unchanged grants) still sees what the text shows:
// an organisation renamed under the same id, a site's place renamed, an award of the same value
// written otherwise, one transaction's amount.
BOOST_AUTO_TEST_CASE(a_change_only_a_name_or_a_row_shows_is_found) {
    const program& p = datasets::caaht_2006();
    program renamed = p;
    renamed.update_organization("d-e", [](organization& o) { o.name = "Të Ndryshëm dhe të Barabartë (D&E)"; });
    auto d = diff(p, renamed);
    BOOST_REQUIRE(d.changed.size() == 1u);
    BOOST_TEST(d.changed[0].id == "G01");
    BOOST_TEST(d.changed[0].fields.at(0).field == "grantee");
    // Awards: 1000.5 and 1000.50 USD are written differently.
    program a = p, b = p;
    a.update_grant("G02", [](grant& g) { g.award = money(decimal::parse("1000.5"), currency("USD")); });
    b.update_grant("G02", [](grant& g) { g.award = money(decimal::parse("1000.50"), currency("USD")); });
    d = diff(a, b);
    BOOST_REQUIRE(d.changed.size() == 1u);
    BOOST_TEST(d.changed[0].fields.at(0).field == "award");
    // A row's amount changed, the number of rows the same.
    program c = a, e = a;
    c.add_transaction("G03", transaction{transaction_kind::disbursement, make_date(2005, 6, 1), money::parse("10.00", currency("USD")), ""});
    e.add_transaction("G03", transaction{transaction_kind::disbursement, make_date(2005, 6, 1), money::parse("10.01", currency("USD")), ""});
    d = diff(c, e);
    BOOST_REQUIRE(d.changed.size() == 1u);
    BOOST_TEST(d.changed[0].fields.at(0).field == "disbursement USD");
    BOOST_TEST(d.changed[0].fields.at(0).before == "10.00 USD in 1 row");
}
