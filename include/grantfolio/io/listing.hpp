// grantfolio/io/listing.hpp — reading a grants listing: the text of a document such as
// "24 Grante të KVKTNj-së u Jepen OJQ-ve në Shqipëri" (CAAHT, 10 May 2006), in Albanian or English.
//
// A listing has an introduction (with the programme's total, "US$ 2,097,624-- (209.762.381 Lek)"),
// phase headings ("Grantmarrësit e KVKTNj - Faza 1" / "CAAHT Grantees - Phase 1") and grant records
// whose fields are labelled:
//
//   Albanian                                   English
//   Titulli i Projektit:                       Project Title:
//   Vendet e zbatimit: / Vendi i zbatimit:     Implementation Sites: / Implementation Site:
//   Kohëzgjatja:                               Duration:
//   OJQ-ja:                                    NGO:
//
// followed by a free description. Values may wrap over several lines with blank lines between; page
// headers and footers ("... Rishikuar 10 Maj 2006 faqe 2 nga 9") may stand anywhere and give the
// revision date. Sites resolve through a gazetteer; a place it does not know is kept as written
// with a warning. Problems that leave the rest readable are diagnostics (with line and column);
// only input that is not text (NUL bytes, invalid UTF-8) or breaks a cap throws parse_error.
//
//   auto r = grantfolio::io::read_listing(text, "caaht.sq.txt", grantfolio::datasets::albania_gazetteer());
//   r.program.grants().size();   // 24;   r.diagnostics: what was odd, where
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/diagnostic.hpp"
#include "grantfolio/io/csv.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::io {

struct listing_options {
    reader_limits limits;
    /// Organisations known beforehand (canonical names, acronyms, kinds, other spellings): a grantee
    /// whose name matches one of their spellings becomes that organisation.
    std::vector<organization> known_organizations;
    /// The programme's id; empty: derived from its acronym.
    std::string program_id;
};

struct listing_result {
    grantfolio::program program;
    std::vector<diagnostic> diagnostics;
};

listing_result read_listing(std::string_view text, const std::string& name, const gazetteer& places,
                            const listing_options& options = {});
listing_result read_listing_file(const std::filesystem::path& path, const gazetteer& places,
                                 const listing_options& options = {});
/// Whether a line of the first 64 KiB starts with a project-title label ("Titulli i Projektit:", "Project Title:").
bool looks_like_listing(std::string_view text);

/// A duration as the listings write it: "1 shkurt 2005 deri 31 korrik 2006", "20 qershor deri 14 gusht
/// 2005" (the start takes the end's year, or the year before if that would put it after the end),
/// "1 February 2005 to 31 July 2006". Throws parse_error saying what is wrong.
period parse_duration(std::string_view text);
/// "28 Shkurt 2006", "28 February 2006".
date parse_written_date(std::string_view text);

}  // namespace grantfolio::io
