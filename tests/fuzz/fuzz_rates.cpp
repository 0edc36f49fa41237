// libFuzzer target: the rates CSV and the IMF annual file readers, and a conversion on what they load.
#include <grantfolio/io/rates.hpp>

#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grantfolio;
    std::string s(reinterpret_cast<const char*>(data), size);
    for (int imf = 0; imf < 2; ++imf) {
        try {
            std::istringstream in(s);
            rate_table t = imf ? io::read_imf_rates(in, "fuzz") : io::read_rates_csv(in, "fuzz");
            for (const auto& c : t.currencies())
                (void)t.find(currency("USD"), c, make_date(2006, 5, 10), missing_rate_policy::interpolate());
        } catch (const error&) {
        }
    }
    return 0;
}
