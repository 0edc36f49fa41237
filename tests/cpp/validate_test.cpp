#define BOOST_TEST_MODULE validate
#include <boost/test/unit_test.hpp>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/rates.hpp"
#include "grantfolio/validate.hpp"

using namespace grantfolio;

static date D(const char* s) { return parse_date(s); }

static bool has(const std::vector<diagnostic>& ds, severity s, const std::string& subject, const std::string& text) {
    for (const auto& d : ds)
        if (d.level == s && d.subject == subject && d.message.find(text) != std::string::npos) return true;
    return false;
}

BOOST_AUTO_TEST_CASE(caaht_has_no_errors_and_its_totals_are_compared_with_the_imf_rate) {
    auto ds = validate(datasets::caaht_2006(), &io::imf_annual());
    BOOST_TEST(!has_errors(ds));
    BOOST_TEST(has(ds, severity::info, "CAAHT", "implies 99.99999094 ALL per USD"));
    BOOST_TEST(has(ds, severity::info, "CAAHT", "1.93% apart"));
}

BOOST_AUTO_TEST_CASE(problems_found) {
    program p;
    p.id = "T";
    gazetteer g("t");
    g.add(place{"C", place_level::nationwide, "Country", "", "", "", "", {}});
    p.set_places(g);
    p.add_phase(phase{1, "", period(D("2020-01-01"), D("2020-06-30")), {}});
    p.add_organization(organization{"a", "A", std::nullopt, organization_kind::local_ngo, {}});
    grant a;
    a.id = "a1";
    a.phase = 1;
    a.grantee = "a";
    a.title = "Same";
    a.sites = {site{"Atlantis", "", ""}};
    a.planned = period(D("2020-01-01"), D("2020-12-31"));  // outside its phase
    a.actual_end = D("2019-12-01");                         // before it started
    a.award = money::parse("100", currency("USD"));
    grant b;
    b.id = "a2";
    b.phase = 1;
    b.title = "same";
    b.sites = {site{"Country", "C", ""}};
    b.award = money::parse("50", currency("USD"));
    p.add_grant(a);
    p.add_grant(b);
    p.totals = {money::parse("200", currency("USD"))};
    auto ds = validate(p);
    BOOST_TEST(has(ds, severity::error, "a1", "before it started"));
    BOOST_TEST(has(ds, severity::warning, "a1", "unknown place 'Atlantis'"));
    BOOST_TEST(has(ds, severity::warning, "a2", "no planned start and end"));
    BOOST_TEST(has(ds, severity::warning, "a2", "same title as a1"));
    BOOST_TEST(has(ds, severity::warning, "a2", "no grantee"));
    BOOST_TEST(has(ds, severity::error, "T", "stated total 200 USD but the awards add up to 150 USD"));
    BOOST_TEST(has_errors(ds));
}

BOOST_AUTO_TEST_CASE(a_grant_placed_by_its_recipient_country_has_a_site) {
    program p;
    p.id = "T";
    p.add_phase(phase{0, "", std::nullopt, {}});
    grant c;  // placed by its recipient country only, as many IATI activities are
    c.id = "c";
    c.recipient_countries = {classification{"AL", "", "", std::nullopt}};
    grant d;  // placed nowhere
    d.id = "d";
    p.add_grant(c);
    p.add_grant(d);
    auto ds = validate(p);
    BOOST_TEST(!has(ds, severity::warning, "c", "no implementation site"));
    BOOST_TEST(has(ds, severity::warning, "d", "no implementation site"));
}
