// libFuzzer target: the value parsers — decimals, written amounts in every convention, dates,
// periods, durations as listings write them — and arithmetic on what they read.
#include <grantfolio/datasets.hpp>
#include <grantfolio/io/listing.hpp>
#include <grantfolio/money.hpp>
#include <grantfolio/period.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grantfolio;
    std::string s(reinterpret_cast<const char*>(data), size);
    const amount_format formats[] = {amount_format::plain(), amount_format::english(), amount_format::albanian()};
    try {
        decimal d = decimal::parse(s);
        (void)(d * d);
        (void)(d + decimal(1));
        (void)d.rescaled(2, rounding_mode::half_up);
        (void)decimal::divide(decimal(1), d, 10);
    } catch (const error&) {
    }
    try {
        decimal a = parse_amount(s, formats);
        money m(a, currency("USD"));
        if (m.is_rounded()) (void)m.allocate({decimal(1), decimal(2), decimal(3)});
        (void)format_amount(a, amount_format::albanian());
    } catch (const error&) {
    }
    for (const auto& f : formats) {
        try {
            (void)parse_amount(s, f);
        } catch (const error&) {
        }
    }
    try {
        (void)parse_date(s);
    } catch (const error&) {
    }
    try {
        (void)parse_period(s);
    } catch (const error&) {
    }
    try {
        (void)io::parse_duration(s, datasets::caaht_2006_profile());
    } catch (const error&) {
    }
    return 0;
}
