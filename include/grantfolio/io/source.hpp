// grantfolio/io/source.hpp — a programme from any file grantfolio reads, recognised by its content.
//
// This is the one place that tells formats apart (detect_source); each format's reader knows only
// its format. Listings are read in the words of a profile (io/listing.hpp), which the caller hands
// over: without one, a listing is not recognised.
//
//   grantfolio::io::read_options o;
//   o.listing = &grantfolio::datasets::caaht_2006_profile();   // CAAHT-style listings too
//   auto r = grantfolio::io::read_program("caaht.bin", o);      // archive, JSON, IATI, 360Giving, listing
//   r.program.grants().size();
//   r.kind;                                                     // "archive (binary)", "json", "iati", ...
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "grantfolio/diagnostic.hpp"
#include "grantfolio/io/limits.hpp"
#include "grantfolio/io/read_result.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::io {

struct listing_profile;  // grantfolio/io/listing.hpp

struct read_options {
    reader_limits limits;
    /// The words and data listings are read with (it must outlive the call); none: a listing is
    /// not recognised, and reading one is refused saying so.
    const listing_profile* listing = nullptr;
};

/// What a file is, told from its structure: an archive's header, XML's root element, a JSON
/// document's top-level keys, a CSV header's columns, a listing's labels (never a substring met
/// somewhere in the text).
enum class source_format { archive, iati, json, giving360_json, giving360_csv, listing };
/// Every format read here, in the order detection tries them.
inline constexpr source_format source_formats[] = {source_format::archive,        source_format::iati,
                                                   source_format::json,           source_format::giving360_json,
                                                   source_format::giving360_csv, source_format::listing};
/// A format's short name ("iati", "360giving-csv", ...), as `read_result::kind` starts with.
const char* to_string(source_format f) noexcept;
/// What a format is, in words a user knows ("IATI activity XML (1.01-2.03)"), for help texts.
const char* describe(source_format f) noexcept;
/// The format of a source from its first bytes (`text` may be the whole file or its beginning:
/// the first 64 KiB are enough for every format read here); nothing when it is none of them.
///   - archive: a Boost.Serialization XML, text or binary header;
///   - iati: XML whose root element is iati-activities or iati-activity;
///   - json: a JSON object whose top-level "format" is "grantfolio-program";
///   - giving360_json: a JSON object with a top-level "grants" key and no top-level "format" before it;
///   - giving360_csv: a CSV header with the columns Identifier and Amount Awarded;
///   - listing: a line that starts with one of the profile's title labels (never without a profile).
/// A JSON object that cannot be told apart before it stops being well formed is `json`, so that its
/// reader names the place where it breaks.
std::optional<source_format> detect_source(std::string_view text, const listing_profile* listing = nullptr);

/// Reads an archive (mapped, its pages given back as they are parsed), a grantfolio JSON programme,
/// IATI activity XML, a 360Giving package (JSON or flat CSV) or, with a profile, a grants listing.
/// Throws parse_error, naming the file and what each format would have shown, for anything else.
read_result read_program(const std::filesystem::path& path, const read_options& options = {});
/// The same for a source already in memory (`name` says where it came from in messages).
read_result read_source(std::string_view text, const std::string& name, const read_options& options = {});

}  // namespace grantfolio::io
