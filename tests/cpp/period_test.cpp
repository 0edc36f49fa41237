#define BOOST_TEST_MODULE period
#include <boost/test/unit_test.hpp>

#include "grantfolio/period.hpp"

using namespace grantfolio;

static period p(const char* a, const char* b) { return period(parse_date(a), parse_date(b)); }

BOOST_AUTO_TEST_CASE(length_in_days_and_months) {
    // CAAHT phase 1 grant: "20 qershor deri 14 gusht 2005"
    period g = p("2005-06-20", "2005-08-14");
    BOOST_TEST(g.days() == 56);
    BOOST_TEST(g.whole_months() == 1);
    BOOST_TEST(g.months() == 1.0 + 26.0 / 31.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(p("2005-01-01", "2005-12-31").whole_months() == 12);
    BOOST_TEST(p("2005-01-01", "2005-12-31").months() == 12.0);
    BOOST_TEST(p("2004-01-01", "2004-12-31").days() == 366);
    BOOST_TEST(p("2006-02-01", "2006-02-28").whole_months() == 1);
    BOOST_TEST(p("2006-01-31", "2006-02-27").whole_months() == 1);  // 31 Jan + 1 month = 28 Feb (clamped)
    BOOST_TEST(p("2006-05-10", "2006-05-10").days() == 1);
    BOOST_TEST(p("2006-05-10", "2006-05-10").whole_months() == 0);
}

BOOST_AUTO_TEST_CASE(a_last_day_before_the_first_is_an_error) {
    BOOST_CHECK_THROW(p("2006-05-10", "2006-05-09"), invalid_argument);
    BOOST_CHECK_THROW(parse_period("2006-05-10/2006-05-09"), parse_error);
    BOOST_CHECK_THROW(parse_period("2006-02-31/2006-03-09"), parse_error);
}

BOOST_AUTO_TEST_CASE(contains_overlaps_intersection) {
    period a = p("2005-06-20", "2005-08-14"), b = p("2005-08-14", "2005-12-31"), c = p("2005-08-15", "2005-09-01");
    BOOST_TEST(a.contains(parse_date("2005-08-14")));
    BOOST_TEST(!a.contains(parse_date("2005-08-15")));
    BOOST_TEST(a.overlaps(b));
    BOOST_TEST(!a.overlaps(c));
    BOOST_TEST(a.intersection(b).value() == period::day(parse_date("2005-08-14")));
    BOOST_TEST(!a.intersection(c).has_value());
    BOOST_TEST(b.contains(c));
}

BOOST_AUTO_TEST_CASE(iteration_by_month) {
    auto months = p("2005-06-20", "2005-08-14").by_month();
    BOOST_REQUIRE(months.size() == 3u);
    BOOST_TEST(to_string(months[0]) == "2005-06-20/2005-06-30");
    BOOST_TEST(to_string(months[1]) == "2005-07-01/2005-07-31");
    BOOST_TEST(to_string(months[2]) == "2005-08-01/2005-08-14");
    auto leap = p("2004-02-15", "2004-03-01").by_month();
    BOOST_TEST(to_string(leap[0]) == "2004-02-15/2004-02-29");
    BOOST_TEST(p("2005-11-15", "2006-02-10").by_month().size() == 4u);  // across a year end
}

BOOST_AUTO_TEST_CASE(years) {
    BOOST_TEST(to_string(period::us_fiscal_year(2006)) == "2005-10-01/2006-09-30");
    BOOST_TEST(to_string(period::calendar_year(2004)) == "2004-01-01/2004-12-31");
    BOOST_TEST(to_string(parse_period("2005-06-20/2005-08-14")) == "2005-06-20/2005-08-14");
}
