#define BOOST_TEST_MODULE exchange_rate
#include <boost/test/unit_test.hpp>

#include "grantfolio/exchange_rate.hpp"

using namespace grantfolio;

BOOST_AUTO_TEST_CASE(validity_kinds) {
    auto day = validity::day(parse_date("2006-05-10"));
    BOOST_TEST(day.is_single_day());
    BOOST_TEST(day.contains(parse_date("2006-05-10")));
    BOOST_TEST(!day.contains(parse_date("2006-05-11")));
    auto open = validity::open_from(parse_date("2006-01-01"));
    BOOST_TEST(open.contains(parse_date("2999-01-01")));
    BOOST_TEST(!open.contains(parse_date("2005-12-31")));
    BOOST_TEST(to_string(open) == "2006-01-01/..");
    BOOST_TEST(open.overlaps(day));
    BOOST_CHECK_THROW(validity::range(parse_date("2006-01-02"), parse_date("2006-01-01")), invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_rate_is_positive_and_between_two_currencies) {
    auto v = validity::day(parse_date("2006-05-10"));
    exchange_rate r(currency("USD"), currency("ALL"), decimal::parse("98.10337709126985"), v, "IMF");
    BOOST_TEST(to_string(r) == "USD/ALL 98.10337709126985 2006-05-10");
    BOOST_TEST(r.source() == "IMF");
    BOOST_CHECK_THROW(exchange_rate(currency("USD"), currency("ALL"), decimal(0), v, "x"), invalid_argument);
    BOOST_CHECK_THROW(exchange_rate(currency("USD"), currency("ALL"), decimal::parse("-1"), v, "x"), invalid_argument);
    BOOST_CHECK_THROW(exchange_rate(currency("USD"), currency("USD"), decimal(1), v, "x"), invalid_argument);
}
