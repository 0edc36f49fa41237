// libFuzzer target: 360Giving packages, JSON and flat CSV, read into a programme, questioned and written back.
#include <grantfolio/io/giving360.hpp>
#include <grantfolio/io/giving360_rules.hpp>
#include <grantfolio/query.hpp>

#include <cstdint>
#include <sstream>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    grantfolio::io::giving360_options o;
    o.limits.max_records = 1 << 14;
    for (int csv = 0; csv < 2; ++csv) {
        try {
            auto r = csv ? grantfolio::io::read_360giving_csv(text, "fuzz", o) : grantfolio::io::read_360giving(text, "fuzz", o);
            (void)grantfolio::query::awards(r.program);
            (void)grantfolio::query::transaction_totals(r.program, grantfolio::transaction_kind::commitment);
            std::ostringstream out;  // the writer re-reads each grant's record
            grantfolio::io::write_360giving(out, r.program);
            (void)grantfolio::io::check_360giving(out.str(), "fuzz-export");  // 360Giving's checks on the package written
            if (!csv) (void)grantfolio::io::check_360giving(text, "fuzz");
        } catch (const grantfolio::error&) {
        }
    }
    return 0;
}
