// The core is header-only: money, rates, places and a programme built by hand, no compiled library,
// no Boost. Built against grantfolio::core alone, found with find_package(grantfolio COMPONENTS core).
#include <grantfolio/gazetteer.hpp>
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

    gazetteer g("two districts");
    g.add(place{"AL", place_level::nationwide, "Shqipëri", "", "", "", "AL", {}});
    g.add(place{"Q-FIER", place_level::qark, "Fier", "", "", "AL", "AL-04", {}});
    g.add(place{"D-FIER", place_level::district, "Fier", "", "", "Q-FIER", "", {}});
    g.add(place{"D-LUSHNJE", place_level::district, "Lushnjë", "", "", "Q-FIER", "", {}});
    program p;
    p.set_places(g);
    p.add_phase(phase{1, "one", std::nullopt, {}});
    grant gr;
    gr.id = "G1";
    gr.phase = 1;
    gr.planned = period(make_date(2006, 1, 1), make_date(2006, 12, 31));
    gr.sites.push_back(site{"Fier", "D-FIER", ""});
    p.add_grant(gr);

    const auto cov = query::coverage_by(p, place_level::district);
    const bool ok = c.result.to_string() == "205783998.27 ALL" && cov.areas.size() == 2 && cov.areas[0].grants.size() == 1 &&
                    cov.uncovered.size() == 1 && cov.uncovered[0]->id == "D-LUSHNJE" &&
                    p.places().ancestor(*p.place_of(gr.sites[0]), place_level::qark)->id == "Q-FIER";
    std::cout << c.result.to_string() << ", " << query::active_on(p, make_date(2006, 5, 10)).size() << " active, "
              << cov.uncovered.size() << " district uncovered\n";
    return ok ? 0 : 1;
}
