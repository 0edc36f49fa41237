#define BOOST_TEST_MODULE grant
#include <boost/test/unit_test.hpp>

#include "grantfolio/grant.hpp"

using namespace grantfolio;

static date D(const char* s) { return parse_date(s); }

BOOST_AUTO_TEST_CASE(status_as_of_a_date) {
    grant g;
    g.id = "G15";
    g.planned = period(D("2005-10-01"), D("2006-07-31"));
    BOOST_TEST(g.status_on(D("2005-09-30")) == grant_status::planned);
    BOOST_TEST(g.status_on(D("2005-10-01")) == grant_status::active);
    BOOST_TEST(g.status_on(D("2006-07-31")) == grant_status::active);
    BOOST_TEST(g.status_on(D("2006-08-01")) == grant_status::ended);
    g.actual_end = D("2006-02-28");
    BOOST_TEST(g.closed_early());
    BOOST_TEST(g.status_on(D("2006-02-28")) == grant_status::active);
    BOOST_TEST(g.status_on(D("2006-03-01")) == grant_status::closed_early);
    BOOST_TEST(to_string(*g.actual_period()) == "2005-10-01/2006-02-28");
    grant unknown;
    BOOST_TEST(unknown.status_on(D("2006-01-01")) == grant_status::unknown);
    BOOST_TEST(!unknown.actual_period().has_value());
}

BOOST_AUTO_TEST_CASE(a_late_actual_start) {
    grant g;
    g.planned = period(D("2005-10-01"), D("2006-07-31"));
    g.actual_start = D("2005-11-15");
    BOOST_TEST(g.status_on(D("2005-11-01")) == grant_status::planned);
    BOOST_TEST(!g.closed_early());
}
