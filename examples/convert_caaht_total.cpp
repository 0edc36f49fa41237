// CAAHT's total, US$ 2,097,624, in lek at the IMF's 2006 average: exact, rounded once, with its source.
// The listing itself gives 209.762.381 Lek, converted at the rate its authors used; the IMF average
// gives a different figure, and the program prints both so the difference is visible.
#include <grantfolio/io/rates.hpp>
#include <grantfolio/rate_table.hpp>
#include <iostream>

int main() {
    using namespace grantfolio;
    money total = money::parse("2,097,624", currency("USD"), amount_format::english());
    money listed = money::parse("209.762.381", currency("ALL"), amount_format::albanian());
    conversion c = io::imf_annual().convert(total, currency("ALL"), parse_date("2006-05-10"));

    std::cout << total.to_string() << " on 2006-05-10 = " << c.result.to_string() << " ("
              << to_string(c.quote.method) << ", " << c.quote.legs.at(0).rate.source() << ")\n";
    std::cout << "the listing says " << format_amount(listed.amount(), amount_format::albanian()) << " Lek: "
              << (c.result - listed).to_string() << " apart, an implied rate of "
              << decimal::divide(listed.amount(), total.amount(), 4).to_string() << " lek per dollar\n";
    return c.result == money::parse("205783998.27", currency("ALL")) ? 0 : 1;
}
