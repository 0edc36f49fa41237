// Where a command's programme comes from: a file recognised by its content, or the embedded CAAHT.
#pragma once

#include <string>

#include "grantfolio/io/source.hpp"

namespace grantfolio::cli {

/// The programme, what its reader reported, and what kind of source it was ("embedded", ...).
using loaded = io::read_result;

/// Empty path: the embedded CAAHT programme. Otherwise any file io::read_program reads.
loaded load_source(const std::string& path);

}  // namespace grantfolio::cli
