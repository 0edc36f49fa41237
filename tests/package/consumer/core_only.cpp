// The core is header-only: money, rates and a programme built by hand, no compiled library, no Boost.
#include <grantfolio/money.hpp>
#include <grantfolio/query.hpp>
#include <grantfolio/rate_table.hpp>

#include <iostream>

int main() {
    using namespace grantfolio;
    rate_table t;
    t.add(exchange_rate(currency("USD"), currency("ALL"), decimal::parse("98.10337709126985"),
                        validity::range(make_date(2006, 1, 1), make_date(2006, 12, 31)), "IMF"));
    auto c = t.convert(money::parse("2097624", currency("USD")), currency("ALL"), make_date(2006, 5, 10));
    program p;
    p.add_phase(phase{1, "one", std::nullopt});
    grant g;
    g.id = "G1";
    g.phase = 1;
    g.planned = period(make_date(2006, 1, 1), make_date(2006, 12, 31));
    p.add_grant(g);
    std::cout << c.result.to_string() << ", " << query::active_on(p, make_date(2006, 5, 10)).size() << " active\n";
    return c.result.to_string() == "205783998.27 ALL" ? 0 : 1;
}
