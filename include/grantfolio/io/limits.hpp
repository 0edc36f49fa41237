// grantfolio/io/limits.hpp — the caps every reader applies, so that hostile or runaway input is
// refused with an error that names the cap instead of exhausting the machine.
//
//   grantfolio::io::reader_limits limits;
//   limits.max_bytes = std::size_t(8) << 30;   // read files up to 8 GiB
#pragma once

#include <cstddef>

namespace grantfolio::io {

/// Caps every reader applies; a bigger input is refused with an error that names the cap.
struct reader_limits {
    std::size_t max_bytes = std::size_t(1) << 30;    ///< 1 GiB
    std::size_t max_line_length = std::size_t(1) << 16;  ///< 64 KiB per record
    std::size_t max_records = std::size_t(1) << 26;  ///< 67 million
    /// What a reader that builds a document tree first (the JSON formats) may let it take, by its
    /// estimate from the text; a larger document is refused before the tree is built.
    std::size_t max_memory = std::size_t(4) << 30;   ///< 4 GiB
};

}  // namespace grantfolio::io
