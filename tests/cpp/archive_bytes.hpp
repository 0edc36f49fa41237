// Archives edited byte by byte in tests: after an edit the checksum line is made anew, so that the
// edited body reaches the archive reader's other guards (it refuses a body whose CRC-32 differs).
#pragma once

#include <boost/crc.hpp>

#include <cstdio>
#include <string>

namespace grantfolio::testing {

/// The archive's body (everything before its checksum line, or all of it when it has none) with a
/// checksum line made for it.
inline std::string resealed(std::string bytes) {
    const std::string key = "\ngrantfolio-crc32 ";
    if (const auto at = bytes.rfind(key); at != std::string::npos) bytes.resize(at);
    boost::crc_32_type crc;
    crc.process_bytes(bytes.data(), bytes.size());
    char hex[16];
    std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(crc.checksum()));
    return bytes + key + hex + "\n";
}

}  // namespace grantfolio::testing
