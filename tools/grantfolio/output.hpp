// Where a command's programme goes: a file (replaced atomically) or standard output, in any format
// grantfolio writes.
#pragma once

#include <string>

#include "commands.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::cli {

/// What a format's writer is told beyond the programme.
struct write_settings {
    bool descriptions = true;  ///< json: the grants' description texts
    std::string generated_at;  ///< iati: the file's generated-datetime
    std::string org_id;        ///< iati: the reporting organisation's identifier (io::iati_write_options::org_id)
    std::string prefix;        ///< 360giving: the publisher's 360Giving prefix (io::giving360_write_options::prefix)
};

/// Writes `p` as `format` (json, csv, iati, 360giving, or an archive: xml, text, binary) to
/// `output` (replaced atomically; "-" or empty: standard output, a binary archive only with "-").
void write_program(const program& p, const std::string& format, const std::string& output, io_streams io,
                   const write_settings& settings = {});

}  // namespace grantfolio::cli
