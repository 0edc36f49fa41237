// libFuzzer target: any bytes as a source, as `grantfolio report FILE` meets them: the format told
// from the structure (io::detect_source), then read by that reader and questioned.
#include <grantfolio/datasets.hpp>
#include <grantfolio/io/source.hpp>
#include <grantfolio/query.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    (void)grantfolio::io::detect_source(text, &grantfolio::datasets::caaht_2006_profile());
    try {
        grantfolio::io::read_options options;
        options.listing = &grantfolio::datasets::caaht_2006_profile();
        auto r = grantfolio::io::read_source(text, "fuzz", options);
        (void)grantfolio::query::awards(r.program);
        (void)grantfolio::query::transaction_totals(r.program, grantfolio::transaction_kind::disbursement);
    } catch (const grantfolio::error&) {
    }
    return 0;
}
