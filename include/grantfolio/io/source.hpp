// grantfolio/io/source.hpp — a programme from any file grantfolio reads, recognised by its content.
//
//   auto r = grantfolio::io::read_program("caaht.bin");   // archive, JSON export or listing
//   r.prog.grants().size();
//   r.kind;                                               // "archive (binary)", "json", "listing"
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
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

/// What a file is, told from its structure: an archive's header, XML's root element, a JSON
/// document's top-level keys, a CSV header's columns, a listing's labels (never a substring met
/// somewhere in the text).
enum class source_format { archive, iati, json, giving360_json, giving360_csv, listing };
const char* to_string(source_format f) noexcept;
/// The format of a source from its first bytes (`text` may be the whole file or its beginning:
/// the first 64 KiB are enough for every format read here); nothing when it is none of them.
///   - archive: a Boost.Serialization XML, text or binary header;
///   - iati: XML whose root element is iati-activities or iati-activity;
///   - json: a JSON object whose top-level "format" is "grantfolio-program";
///   - giving360_json: a JSON object with a top-level "grants" key and no top-level "format" before it;
///   - giving360_csv: a CSV header with the columns Identifier and Amount Awarded;
///   - listing: a line that starts with a listing's title label.
/// A JSON object that cannot be told apart before it stops being well formed is `json`, so that its
/// reader names the place where it breaks.
std::optional<source_format> detect_source(std::string_view text);

/// Reads an archive (mapped, its pages given back as they are parsed), a grantfolio JSON programme,
/// a 360Giving package (JSON or flat CSV) or a grants listing (placed with the embedded Albanian gazetteer and the CAAHT organisations'
/// spellings). Throws parse_error, naming the file, for anything else.
read_result read_program(const std::filesystem::path& path);
/// The same for a source already in memory (`name` says where it came from in messages).
read_result read_source(std::string_view text, const std::string& name);

}  // namespace grantfolio::io
