#define BOOST_TEST_MODULE date
#include <boost/test/unit_test.hpp>

#include "grantfolio/date.hpp"

using namespace grantfolio;

BOOST_AUTO_TEST_CASE(iso_8601_round_trip) {
    BOOST_TEST(format_date(parse_date("2006-05-10")) == "2006-05-10");
    BOOST_TEST(format_date(parse_date("2004-02-29")) == "2004-02-29");
    BOOST_TEST(format_date(make_date(1999, 12, 31)) == "1999-12-31");
}

BOOST_AUTO_TEST_CASE(impossible_dates_are_errors) {
    for (const char* bad : {"2006-02-31", "2005-02-29", "1900-02-29", "2006-13-01", "2006-00-10", "2006-04-31",
                            "2006-5-10", "20060510", "2006/05/10", "", "0999-12-31", "2006-05-1x"})
        BOOST_CHECK_THROW(parse_date(bad), parse_error);
    BOOST_CHECK_THROW(make_date(2006, 2, 31), invalid_argument);
    BOOST_CHECK_NO_THROW(parse_date("2000-02-29"));  // divisible by 400: leap
}

BOOST_AUTO_TEST_CASE(fiscal_and_calendar_years) {
    BOOST_TEST(us_fiscal_year(parse_date("2005-09-30")) == 2005);
    BOOST_TEST(us_fiscal_year(parse_date("2005-10-01")) == 2006);
    BOOST_TEST(us_fiscal_year(parse_date("2006-12-31")) == 2007);
    BOOST_TEST(us_fiscal_year(parse_date("2006-01-01")) == 2006);
    BOOST_TEST(calendar_year(parse_date("2005-10-01")) == 2005);
}

BOOST_AUTO_TEST_CASE(month_arithmetic_clamps_to_month_end) {
    BOOST_TEST(format_date(add_months(parse_date("2004-01-31"), 1)) == "2004-02-29");
    BOOST_TEST(format_date(add_months(parse_date("2005-01-31"), 1)) == "2005-02-28");
    BOOST_TEST(format_date(add_months(parse_date("2005-03-31"), -1)) == "2005-02-28");
    BOOST_TEST(format_date(add_months(parse_date("2005-11-15"), 3)) == "2006-02-15");
    BOOST_TEST(days_in_month(std::chrono::year(2004), std::chrono::February) == 29u);
    BOOST_TEST(days_in_month(std::chrono::year(2100), std::chrono::February) == 28u);
}

BOOST_AUTO_TEST_CASE(day_numbers) {
    BOOST_TEST(day_number(parse_date("1970-01-01")) == 0);
    BOOST_TEST(day_number(parse_date("1969-12-31")) == -1);
    BOOST_TEST(format_date(from_day_number(day_number(parse_date("2006-05-10")))) == "2006-05-10");
    BOOST_TEST(format_date(add_days(parse_date("2004-02-28"), 1)) == "2004-02-29");
}
