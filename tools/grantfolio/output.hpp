// Where a command's programme goes: a file (replaced atomically) or standard output, in any format
// grantfolio writes.
#pragma once

#include <string>
#include <vector>

#include "commands.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::cli {

/// What a format's writer is told beyond the programme.
struct write_settings {
    bool descriptions = true;  ///< json: the grants' description texts
    std::string generated_at;  ///< iati: the file's generated-datetime
    std::string org_id;        ///< iati: the reporting organisation's identifier (io::iati_write_options::org_id)
    std::string prefix;        ///< 360giving: the publisher's 360Giving prefix (io::giving360_write_options::prefix)
    std::vector<std::string> sectors;  ///< iati: --sector values, CODE or CODE:PERCENT (io::iati_write_options::sectors)
};

/// The IATI writer's options from the command line's: each --sector CODE[:PERCENT] a sector of
/// vocabulary 1 (OECD DAC 5-digit); a percentage that is not a number is a usage error.
io::iati_write_options iati_options_of(const write_settings& settings);

/// Writes `p` as `format` (json, csv, iati, 360giving, or an archive: xml, text, binary) to
/// `output` (replaced atomically; "-" or empty: standard output, a binary archive only with "-").
void write_program(const program& p, const std::string& format, const std::string& output, io_streams io,
                   const write_settings& settings = {});

}  // namespace grantfolio::cli
