#define BOOST_TEST_MODULE query
#include <map>
#include <set>
#include <boost/test/unit_test.hpp>

#include "grantfolio/datasets.hpp"
#include "grantfolio/query.hpp"

using namespace grantfolio;

static date D(const char* s) { return parse_date(s); }
static money M(const char* s, const char* c) { return money::parse(s, currency(c)); }

// A small programme with known answers: three grants, one nationwide, one closed early.
static program small() {
    program p;
    p.id = "T";
    gazetteer g("t");
    g.add(place{"C", place_level::nationwide, "Country", "", "", "", "", {}});
    g.add(place{"Q1", place_level::qark, "North", "", "", "C", "", {}});
    g.add(place{"Q2", place_level::qark, "South", "", "", "C", "", {}});
    g.add(place{"D1", place_level::district, "Hill", "", "", "Q1", "", {}});
    g.add(place{"D2", place_level::district, "Lake", "", "", "Q1", "", {}});
    g.add(place{"D3", place_level::district, "Coast", "", "", "Q2", "", {}});
    g.add(place{"M1", place_level::municipality, "Lake Town", "", "", "D2", "", {}});
    p.set_places(g);
    p.add_phase(phase{1, "one", std::nullopt, {}});
    p.add_phase(phase{2, "two", std::nullopt, {}});
    p.add_organization(organization{"a", "Alpha", "A", organization_kind::local_ngo, {}});
    p.add_organization(organization{"b", "Beta", std::nullopt, organization_kind::local_ngo, {}});
    grant g1;
    g1.id = "1";
    g1.phase = 1;
    g1.grantee = "a";
    g1.sites = {site{"Hill", "D1", ""}, site{"Lake Town", "M1", ""}};
    g1.planned = period(D("2020-01-01"), D("2020-06-30"));  // 6 months
    g1.award = M("1200.00", "USD");
    grant g2;
    g2.id = "2";
    g2.phase = 2;
    g2.grantee = "b";
    g2.sites = {site{"everywhere", "C", ""}};
    g2.planned = period(D("2020-03-01"), D("2020-12-31"));
    g2.award = M("5000", "EUR");
    grant g3;
    g3.id = "3";
    g3.phase = 2;
    g3.grantee = "a";
    g3.sites = {site{"North", "Q1", ""}, site{"Nowhere", "", ""}};
    g3.planned = period(D("2020-02-01"), D("2020-11-30"));
    g3.actual_end = D("2020-04-30");  // closed early: 3 months
    p.add_grant(g1);
    p.add_grant(g2);
    p.add_grant(g3);
    for (const auto& t : {transaction{transaction_kind::disbursement, D("2020-01-15"), M("400", "USD"), ""},
                          transaction{transaction_kind::disbursement, D("2020-03-15"), M("200", "USD"), ""},
                          transaction{transaction_kind::refund, D("2020-03-20"), M("50", "USD"), ""},
                          transaction{transaction_kind::disbursement, D("2020-05-15"), M("300", "USD"), ""}})
        p.add_transaction("1", t);
    p.totals = {M("6200", "USD")};
    p.revised_on = D("2020-06-01");
    return p;
}

static std::vector<std::string> ids(const query::grant_list& l) {
    std::vector<std::string> out;
    for (auto* g : l) out.push_back(g->id);
    return out;
}

BOOST_AUTO_TEST_CASE(grants_by_date) {
    auto p = small();
    BOOST_TEST(ids(query::active_on(p, D("2020-01-15"))) == std::vector<std::string>{"1"}, boost::test_tools::per_element());
    BOOST_TEST(ids(query::active_on(p, D("2020-04-30"))) == (std::vector<std::string>{"1", "2", "3"}), boost::test_tools::per_element());
    BOOST_TEST(ids(query::active_on(p, D("2020-05-01"))) == (std::vector<std::string>{"1", "2"}), boost::test_tools::per_element());
    BOOST_TEST(ids(query::starting_within(p, period(D("2020-02-01"), D("2020-03-31")))) == (std::vector<std::string>{"2", "3"}), boost::test_tools::per_element());
    BOOST_TEST(ids(query::ending_within(p, period(D("2020-04-01"), D("2020-06-30")))) == (std::vector<std::string>{"1", "3"}), boost::test_tools::per_element());
    BOOST_TEST(ids(query::closed_early(p)) == std::vector<std::string>{"3"}, boost::test_tools::per_element());
    BOOST_TEST(ids(query::in_phase(p, 2)) == (std::vector<std::string>{"2", "3"}), boost::test_tools::per_element());
    BOOST_TEST(ids(query::by_grantee(p, "a")) == (std::vector<std::string>{"1", "3"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(grants_by_place) {
    auto p = small();
    BOOST_TEST(ids(query::in_place(p, "D2")) == std::vector<std::string>{"1"}, boost::test_tools::per_element());
    BOOST_TEST(ids(query::in_place(p, "Q1")) == (std::vector<std::string>{"1", "3"}), boost::test_tools::per_element());
    BOOST_TEST(ids(query::in_place(p, "Q2")).empty());
    BOOST_TEST(ids(query::in_place(p, "Q2", true)) == std::vector<std::string>{"2"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(coverage_and_its_gaps) {
    auto p = small();
    auto d = query::coverage_by(p, place_level::district);
    BOOST_REQUIRE(d.areas.size() == 3u);
    BOOST_TEST(ids(d.areas[0].grants) == std::vector<std::string>{"1"}, boost::test_tools::per_element());  // Hill
    BOOST_TEST(d.areas[0].grant_months == 6.0);
    BOOST_TEST(ids(d.areas[1].grants) == std::vector<std::string>{"1"}, boost::test_tools::per_element());  // Lake, via Lake Town
    BOOST_TEST(ids(d.nationwide) == std::vector<std::string>{"2"}, boost::test_tools::per_element());
    BOOST_TEST(ids(d.above_level) == std::vector<std::string>{"3"}, boost::test_tools::per_element());     // a qark only
    BOOST_REQUIRE(d.uncovered.size() == 1u);
    BOOST_TEST(d.uncovered[0]->name == "Coast");
    auto q = query::coverage_by(p, place_level::qark);
    BOOST_TEST(ids(q.areas[0].grants) == (std::vector<std::string>{"1", "3"}), boost::test_tools::per_element());
    BOOST_TEST(q.areas[0].grant_months == 9.0);  // 6 + 3 (closed early)
    BOOST_TEST(q.uncovered.size() == 1u);
    // Within a window: only the months inside it.
    auto w = query::coverage_by(p, place_level::qark, period(D("2020-04-01"), D("2020-04-30")));
    BOOST_TEST(w.areas[0].grant_months == 2.0);
}

BOOST_AUTO_TEST_CASE(timeline_and_durations) {
    auto p = small();
    auto t = query::timeline(p);
    BOOST_REQUIRE(t.size() == 12u);
    BOOST_TEST(to_string(t[0].month) == "2020-01-01/2020-01-31");
    BOOST_TEST(t[0].active.size() == 1u);
    BOOST_TEST(t[3].active.size() == 3u);   // April
    BOOST_TEST(t[4].active.size() == 2u);   // May: 3 closed early
    BOOST_TEST(t[11].active.size() == 1u);  // December
    auto d = query::durations(p);
    BOOST_TEST(d.count == 3u);
    BOOST_TEST(d.min_days == 90);   // Feb–Apr 2020 (leap year)
    BOOST_TEST(d.max_days == 306);
    BOOST_TEST(d.shortest->id == "3");
    BOOST_TEST(d.median_days == 182.0);
}

BOOST_AUTO_TEST_CASE(totals_stay_per_currency) {
    auto p = small();
    auto a = query::awards(p);
    BOOST_TEST(a.known == 2u);
    BOOST_TEST(a.unknown == 1u);
    BOOST_REQUIRE(a.totals.size() == 2u);
    BOOST_TEST(a.totals[0].to_string() == "5000 EUR");
    BOOST_TEST(a.totals[1].to_string() == "1200.00 USD");
    auto t = query::transaction_totals(p, transaction_kind::disbursement);
    BOOST_TEST(t.at(0).to_string() == "900 USD");
}

BOOST_AUTO_TEST_CASE(converted_at_value_dates_with_provenance) {
    rate_table r;
    r.add(exchange_rate(currency("EUR"), currency("USD"), decimal::parse("1.10"), validity::range(D("2020-01-01"), D("2020-02-29")), "jan-feb"));
    r.add(exchange_rate(currency("EUR"), currency("USD"), decimal::parse("1.20"), validity::open_from(D("2020-03-01")), "from march"));
    std::vector<query::dated_amount> xs{{M("100", "EUR"), D("2020-01-15")}, {M("100", "EUR"), D("2020-03-15")}, {M("5", "USD"), D("2020-03-15")}};
    auto at_value = query::convert_all(xs, r, currency("USD"));
    BOOST_TEST(at_value.total.to_string() == "235.00 USD");  // 110 + 120 + 5
    BOOST_TEST(at_value.parts[0].quote.legs[0].rate.source() == "jan-feb");
    BOOST_TEST(at_value.parts[2].quote.method == conversion_method::identity);
    auto at_one = query::convert_all(xs, r, currency("USD"), D("2020-01-31"));
    BOOST_TEST(at_one.total.to_string() == "225.00 USD");
}

BOOST_AUTO_TEST_CASE(burn_rate_against_time) {
    auto p = small();
    auto b = query::burn_rate(p, p.grant_by_id("1"), D("2020-03-31"));
    BOOST_REQUIRE(b.has_value());
    BOOST_TEST(b->spent.to_string() == "550 USD");                     // 400 + 200 - 50
    BOOST_TEST(b->spent_share.to_string() == "0.458333");             // 550 / 1200
    BOOST_TEST(b->time_share.to_string() == "0.500000");              // 91 of 182 days
    BOOST_TEST(b->gap.to_string() == "-0.041667");
    BOOST_TEST(!query::burn_rate(p, p.grant_by_id("3"), D("2020-03-31")).has_value());  // no award
    BOOST_TEST(query::burn_rate(p, p.grant_by_id("1"), D("2019-12-31"))->time_share.to_string() == "0.000000");
    // Expenditures and reimbursements are spending too, unless only disbursements are asked for.
    p.add_transaction("1", transaction{transaction_kind::expenditure, D("2020-02-01"), M("100", "USD"), ""});
    p.add_transaction("1", transaction{transaction_kind::reimbursement, D("2020-02-02"), M("30", "USD"), ""});
    p.add_transaction("1", transaction{transaction_kind::commitment, D("2020-01-02"), M("1200", "USD"), ""});
    BOOST_TEST(query::burn_rate(p, p.grant_by_id("1"), D("2020-03-31"))->spent.to_string() == "680 USD");  // 550 + 100 + 30
    const transaction_kind disbursed[] = {transaction_kind::disbursement};
    BOOST_TEST(query::burn_rate(p, p.grant_by_id("1"), D("2020-03-31"), disbursed)->spent.to_string() == "550 USD");
}

BOOST_AUTO_TEST_CASE(burn_of_every_grant_at_once) {
    auto p = small();
    // Grant 2's award is in EUR and its disbursement in USD: without rates it has no figure, and says why.
    p.add_transaction("2", transaction{transaction_kind::disbursement, D("2020-04-01"), M("100", "USD"), ""});
    auto all = query::burn_by_grant(p, D("2020-03-31"));
    BOOST_REQUIRE(all.size() == 3u);
    BOOST_TEST(all[0].of->id == "1");
    BOOST_TEST(all[0].transactions == 4u);
    BOOST_REQUIRE(all[0].figure.has_value());
    BOOST_TEST(all[0].figure->gap == query::burn_rate(p, p.grant_by_id("1"), D("2020-03-31"))->gap);
    BOOST_TEST(all[0].why_not.empty());
    // Grant 2's USD disbursement is after the date: nothing to convert yet.
    BOOST_TEST(all[1].figure->spent.to_string() == "0 EUR");
    BOOST_TEST(all[2].why_not == "no award");
    BOOST_TEST(all[2].transactions == 0u);
    all = query::burn_by_grant(p, D("2020-04-30"));
    BOOST_TEST(!all[1].figure.has_value());
    BOOST_TEST(all[1].unconverted);
    BOOST_TEST(all[1].why_not.find("give a rate table") != std::string::npos);
    BOOST_TEST(all[0].figure.has_value());  // the failure costs only its grant
}

BOOST_AUTO_TEST_CASE(the_caaht_questions) {
    const program& p = datasets::caaht_2006();
    BOOST_TEST(query::active_on(p, D("2006-01-15")).size() == 21u);
    BOOST_TEST(query::active_on(p, D("2006-03-15")).size() == 17u);
    BOOST_TEST(query::in_phase(p, 1).size() == 5u);
    BOOST_TEST(query::in_phase(p, 2).size() == 7u);
    BOOST_TEST(query::in_phase(p, 3).size() == 12u);
    BOOST_TEST(ids(query::closed_early(p)) == std::vector<std::string>{"G15"}, boost::test_tools::per_element());
    BOOST_TEST(query::implied_rate(p.totals[0], p.totals[1]).to_string() == "99.99999094");
    auto d = query::coverage_by(p, place_level::district);
    std::vector<std::string> uncovered;
    for (auto* a : d.uncovered) uncovered.push_back(a->name);
    BOOST_TEST(uncovered == (std::vector<std::string>{"Kuçovë", "Skrapar", "Bulqizë", "Mat", "Peqin", "Mallakastër",
                                                      "Kolonjë", "Kurbin", "Kavajë"}), boost::test_tools::per_element());
    BOOST_TEST(ids(d.nationwide) == (std::vector<std::string>{"G01", "G02", "G10"}), boost::test_tools::per_element());
    BOOST_TEST(ids(query::in_place(p, "Q-KORCE")).size() == 6u);
    BOOST_TEST(query::coverage_by(p, place_level::qark).uncovered.empty());
    // Split grant-months: each grant's months in equal shares among the areas it reaches, so the
    // areas add up to the placed grants' months; whole, they count a grant once per area.
    for (auto level : {place_level::qark, place_level::district}) {
        const auto c = query::coverage_by(p, level);
        double split = 0, full = 0, placed = 0, counted = 0;
        std::set<const grant*> reached;
        for (const auto& r : c.areas) {
            split += r.split_months, full += r.grant_months;
            for (const grant* g : r.grants) counted += g->actual_period()->months(), reached.insert(g);
        }
        for (const grant* g : reached) placed += g->actual_period()->months();
        BOOST_TEST(split == placed, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(full == counted, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(full > split);  // some grant reaches several areas
    }
    // Area by area: each grant adds its months over the number of areas it reaches (G03 reaches
    // five districts: a fifth of its months in each).
    const auto d3 = query::coverage_by(p, place_level::district);
    std::map<const grant*, int> areas_of;
    for (const auto& r : d3.areas)
        for (const grant* g : r.grants) ++areas_of[g];
    BOOST_TEST(areas_of.at(&p.grant_by_id("G03")) == 5);
    for (const auto& r : d3.areas) {
        double expected = 0;
        for (const grant* g : r.grants) expected += g->actual_period()->months() / areas_of.at(g);
        BOOST_TEST(r.split_months == expected, boost::test_tools::tolerance(1e-9));
    }
}
