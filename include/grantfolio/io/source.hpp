// grantfolio/io/source.hpp — a programme from any file grantfolio reads, recognised by its content.
//
//   auto r = grantfolio::io::read_program("caaht.bin");   // archive, JSON export or listing
//   r.prog.grants().size();
//   r.kind;                                               // "archive (binary)", "json", "listing"
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grantfolio/diagnostic.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::io {

struct read_result {
    program prog;
    std::vector<diagnostic> diagnostics;  ///< what the reader reported (listings)
    std::string kind;                     ///< "archive (xml|text|binary)", "json", "360giving", "360giving-csv", "listing"
};

/// Reads an archive (mapped, its pages given back as they are parsed), a grantfolio JSON programme,
/// a 360Giving package (JSON or flat CSV) or a grants listing (placed with the embedded Albanian gazetteer and the CAAHT organisations'
/// spellings). Throws parse_error, naming the file, for anything else.
read_result read_program(const std::filesystem::path& path);

}  // namespace grantfolio::io
