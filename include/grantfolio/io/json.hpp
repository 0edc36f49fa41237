// grantfolio/io/json.hpp — the JSON form of a programme: a public, stable interface (docs/formats.md).
//
//   grantfolio::io::write_json(std::cout, grantfolio::datasets::caaht_2006());
//   grantfolio::program p = grantfolio::io::read_json(text, "caaht.json");   // the same programme back
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

#include "grantfolio/io/csv.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::io {

struct json_options {
    int indent = 2;             ///< -1: one line
    bool descriptions = true;   ///< include each grant's description text
};

/// Writes format "grantfolio-program", version 1.
void write_json(std::ostream& out, const program& p, const json_options& options = {});
std::string to_json(const program& p, const json_options& options = {});
/// Reads what write_json writes. Throws parse_error naming the file, line and column of a syntax
/// error, or the JSON path of a field that is missing or wrong ("grants[3].planned_start").
program read_json(std::string_view text, const std::string& name, const reader_limits& limits = {});
/// A JSON object whose top-level "format" key comes before any "grants" (see io::detect_source).
bool looks_like_json(std::string_view text);

/// One row per grant, RFC 4180, with the columns of the JSON form flattened.
void write_csv(std::ostream& out, const program& p);

}  // namespace grantfolio::io
