// libFuzzer target: archives (XML, text, binary) as untrusted input. The CRC line is recomputed for
// half of the inputs, so that the guards behind it are reached too.
#include <grantfolio/io/archive.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <zlib.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string s(reinterpret_cast<const char*>(data), size);
    grantfolio::io::archive_limits limits;
    limits.max_elements = 1 << 16;
    limits.max_string_bytes = 1 << 20;
    for (int seal = 0; seal < 2; ++seal) {
        std::string bytes = s;
        if (seal) {
            auto at = bytes.rfind("\ngrantfolio-crc32 ");
            if (at != std::string::npos) bytes.resize(at);
            char hex[16];
            std::snprintf(hex, sizeof hex, "%08lx", crc32_z(0, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
            bytes += std::string("\ngrantfolio-crc32 ") + hex + "\n";
        }
        try {
            auto p = grantfolio::io::from_archive(bytes, "fuzz", limits);
            (void)p.grants().size();
        } catch (const grantfolio::error&) {
        }
    }
    return 0;
}
