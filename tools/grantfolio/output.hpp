// Where a command's programme goes: a file (replaced atomically) or standard output, in any format
// grantfolio writes.
#pragma once

#include <string>

#include "commands.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::cli {

/// Writes `p` as `format` (json, csv, iati, 360giving, or an archive: xml, text, binary) to
/// `output` (replaced atomically; "-" or empty: standard output, a binary archive only with "-").
void write_program(const program& p, const std::string& format, const std::string& output, bool descriptions, io_streams io,
                   const std::string& generated_at = {});

}  // namespace grantfolio::cli
