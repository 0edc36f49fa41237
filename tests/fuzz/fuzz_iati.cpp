// libFuzzer target: IATI activity XML, read into a programme, questioned and written back.
#include <grantfolio/io/iati.hpp>
#include <grantfolio/query.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    grantfolio::io::iati_options o;
    o.limits.max_records = 1 << 12;
    try {
        auto r = grantfolio::io::read_iati(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz", o);
        (void)grantfolio::query::awards(r.program);
        (void)grantfolio::io::to_iati(r.program);
    } catch (const grantfolio::error&) {
    }
    return 0;
}
