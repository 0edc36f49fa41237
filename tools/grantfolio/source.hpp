// Where a command's programme and rates come from: a file recognised by its content, or the
// embedded CAAHT; a rates file, or the embedded IMF table.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>

#include "grantfolio/io/source.hpp"
#include "grantfolio/rate_table.hpp"

namespace grantfolio::cli {

/// The programme, what its reader reported, and what kind of source it was ("embedded", ...).
using loaded = io::read_result;

/// A command's source: the SOURCE argument and --strict.
struct source_options {
    std::string path;             ///< empty: the embedded CAAHT programme
    std::string listing_profile;  ///< a listing profile file; empty: CAAHT's (datasets::caaht_2006_profile)
    bool strict = false;          ///< refuse (exit 1) when reading dropped, changed or guessed anything
};

/// Adds SOURCE (every format io::read_program reads), --listing-profile and --strict to a command.
/// `strict_also`: what else --strict means for this command, appended to its help.
void add_source_options(CLI::App* cmd, source_options& o, const std::string& strict_also = {});

/// Empty path: the embedded CAAHT programme. Otherwise any file io::read_program reads. When the
/// reader reported errors or warnings, one line on `err` says what reading did not keep, changed or
/// guessed ("3 transactions of 2 activities not kept, ...", io::summarize), the other problems'
/// count and where the first is; with --strict that is an error instead (nothing is done).
loaded load_source(const source_options& o, std::ostream& err);

/// Empty path: the embedded CAAHT programme; no summary (for validate, which lists everything).
loaded load_source(const source_options& o);

/// The rates file the user named (read into `storage`), or the embedded IMF table.
const rate_table& rates_for(const std::string& path, rate_table& storage);

}  // namespace grantfolio::cli
