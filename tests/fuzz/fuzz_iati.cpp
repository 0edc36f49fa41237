// libFuzzer target: IATI activity XML, read into a programme, questioned, written back, and checked
// against IATI's standard ruleset (the file as read, and the export).
#include <grantfolio/io/iati.hpp>
#include <grantfolio/io/iati_rules.hpp>
#include <grantfolio/query.hpp>

#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    grantfolio::io::iati_options o;
    o.limits.max_records = 1 << 12;
    try {
        auto r = grantfolio::io::read_iati(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz", o);
        (void)grantfolio::query::awards(r.program);
        const std::string written = grantfolio::io::to_iati(r.program);
        const auto& rules = grantfolio::io::iati_ruleset::standard();
        (void)rules.check(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
        (void)rules.check(written, "fuzz-export");
    } catch (const grantfolio::error&) {
    }
    return 0;
}
