#define BOOST_TEST_MODULE metrics
#include <boost/test/unit_test.hpp>

#include "grantfolio/datasets.hpp"
#include "grantfolio/metrics.hpp"

using namespace grantfolio;

static const metrics::family& get(const std::vector<metrics::family>& fs, const std::string& name) {
    for (const auto& f : fs)
        if (f.name == name) return f;
    BOOST_FAIL("no family " + name);
    throw;
}

static std::string value(const metrics::family& f, const std::string& label, const std::string& v) {
    for (const auto& s : f.samples)
        for (const auto& [k, x] : s.labels)
            if (k == label && x == v) return s.value;
    return "missing";
}

BOOST_AUTO_TEST_CASE(caaht_on_two_dates) {
    const program& p = datasets::caaht_2006();
    auto jan = metrics::collect(p, parse_date("2006-01-15"));
    BOOST_TEST(get(jan, "grantfolio_grants_active").samples.at(0).value == "21");
    auto mar = metrics::collect(p, parse_date("2006-03-15"));
    BOOST_TEST(get(mar, "grantfolio_grants_active").samples.at(0).value == "17");
    BOOST_TEST(value(get(mar, "grantfolio_grant_days_remaining"), "grant", "G15") == "0");  // closed early on 28 Feb
    BOOST_TEST(value(get(mar, "grantfolio_grant_days_remaining"), "grant", "G01") == "138");
    BOOST_TEST(value(get(jan, "grantfolio_grant_time_elapsed_ratio"), "grant", "G12") == "1.000000");
    BOOST_TEST(get(mar, "grantfolio_award_amount").samples.empty());  // the listing gives no awards
    BOOST_TEST(get(mar, "grantfolio_as_of_timestamp_seconds").samples.at(0).value == "1142380800");
}

BOOST_AUTO_TEST_CASE(burn_gap_where_transactions_exist) {
    program p = datasets::caaht_2006();
    // G01: 2005-02-01 .. 2006-07-31, 546 days.
    p.update_grant("G01", [](grant& g) { g.award = money::parse("100000", currency("USD")); });
    p.add_transaction("G01", transaction{transaction_kind::disbursement, parse_date("2005-02-10"), money::parse("30000", currency("USD")), ""});
    p.add_transaction("G01", transaction{transaction_kind::disbursement, parse_date("2005-06-01"), money::parse("40000", currency("USD")), ""});
    auto fs = metrics::collect(p, parse_date("2005-12-31"));  // 334 of 546 days: 0.611722
    BOOST_TEST(value(get(fs, "grantfolio_grant_spent_ratio"), "grant", "G01") == "0.700000");
    BOOST_TEST(value(get(fs, "grantfolio_grant_burn_gap"), "grant", "G01") == "0.088278");
    BOOST_TEST(value(get(fs, "grantfolio_award_amount"), "currency", "USD") == "100000");
    // Spending in lek against a dollar award: converted through the rates when given, left out otherwise.
    p.add_transaction("G01", transaction{transaction_kind::disbursement, parse_date("2005-07-01"), money::parse("998702.54", currency("ALL")), ""});
    BOOST_TEST(value(get(metrics::collect(p, parse_date("2005-12-31")), "grantfolio_grant_spent_ratio"), "grant", "G01") == "missing");
    BOOST_TEST(get(metrics::collect(p, parse_date("2005-12-31")), "grantfolio_spending_unconverted_grants").samples.at(0).value == "1");
    rate_table r;
    r.add(exchange_rate(currency("USD"), currency("ALL"), decimal::parse("99.8702544"), validity::range(parse_date("2005-01-01"), parse_date("2005-12-31")), "test"));
    BOOST_TEST(value(get(metrics::collect(p, parse_date("2005-12-31"), &r), "grantfolio_grant_spent_ratio"), "grant", "G01") == "0.800000");
}

BOOST_AUTO_TEST_CASE(exposition_format_and_escaping) {
    std::vector<metrics::family> fs{{"x_total", "Help with \\ and\nnewline.", "gauge",
                                     {{{{"program", "A \"quoted\" \\ name\nwith a line"}}, "1"}, {{}, "2"}}}};
    BOOST_TEST(metrics::to_prometheus(fs) ==
               "# HELP x_total Help with \\\\ and\\nnewline.\n"
               "# TYPE x_total gauge\n"
               "x_total{program=\"A \\\"quoted\\\" \\\\ name\\nwith a line\"} 1\n"
               "x_total 2\n");
    program p = datasets::caaht_2006();
    p.id = "CAAHT \"2006\"";
    std::string text = metrics::to_prometheus(metrics::collect(p, parse_date("2006-01-15")));
    BOOST_TEST(text.find("grantfolio_grants_active{program=\"CAAHT \\\"2006\\\"\"} 21\n") != std::string::npos);
}
