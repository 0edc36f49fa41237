// libFuzzer target: the JSON programme reader.
#include <grantfolio/io/json.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        auto p = grantfolio::io::read_json(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
        (void)grantfolio::io::to_json(p);
    } catch (const grantfolio::error&) {
    }
    return 0;
}
