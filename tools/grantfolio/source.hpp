// Where a command's programme comes from: a file recognised by its content, or the embedded CAAHT.
#pragma once

#include <string>
#include <vector>

#include "grantfolio/diagnostic.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::cli {

struct loaded {
    program prog;
    std::vector<diagnostic> diagnostics;  ///< what the reader reported (listings)
    std::string kind;                     ///< "embedded", "listing", "json"
};

/// Empty path: the embedded CAAHT programme. Otherwise a listing, a JSON export or an archive (XML, text,
/// binary), told apart by content.
loaded load_source(const std::string& path);

}  // namespace grantfolio::cli
