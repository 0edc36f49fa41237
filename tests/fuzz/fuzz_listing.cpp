// libFuzzer target: the listing reader on arbitrary bytes. Any parse_error is fine; a crash, a
// sanitizer report, a hang or another exception type is a bug.
#include <grantfolio/datasets.hpp>
#include <grantfolio/io/listing.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const grantfolio::io::listing_profile& profile = grantfolio::datasets::caaht_2006_profile();
    grantfolio::io::listing_options options;
    options.limits.max_line_length = 1 << 14;
    try {
        auto r = grantfolio::io::read_listing(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz", profile, options);
        (void)r.program.grants().size();
    } catch (const grantfolio::error&) {
    }
    return 0;
}
