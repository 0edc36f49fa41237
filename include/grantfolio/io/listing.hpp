// grantfolio/io/listing.hpp — reading a grants listing: a document of labelled grant records such as
// "24 Grante të KVKTNj-së u Jepen OJQ-ve në Shqipëri" (CAAHT, 10 May 2006), in the words of a profile.
//
// A listing has an introduction (with the programme's total, "US$ 2,097,624-- (209.762.381 Lek)"),
// phase headings ("Grantmarrësit e KVKTNj - Faza 1") and grant records whose fields are labelled
// ("Titulli i Projektit:", "Vendet e zbatimit:", "Kohëzgjatja:", "OJQ-ja:") and followed by a free
// description. Values may wrap over several lines with blank lines between; page footers
// ("... Rishikuar 10 Maj 2006 faqe 2 nga 9") may stand anywhere and give the revision date.
//
// The reader knows that layout, not any programme: the words (labels, months, the words of footers,
// phase headings, durations and site lists), how the introduction writes totals, who the donor and
// the country are when the introduction names them, the gazetteer that places sites and the
// organisations known beforehand all come from a listing_profile. CAAHT's profile is kept with its
// dataset (data/programs/caaht-2006/listing-profile.json; datasets::caaht_2006_profile()).
//
// Problems that leave the rest readable are diagnostics (with line and column); only input that is
// not text (NUL bytes, invalid UTF-8) or breaks a cap throws parse_error.
//
//   const auto& profile = grantfolio::datasets::caaht_2006_profile();
//   auto r = grantfolio::io::read_listing(text, "caaht.sq.txt", profile);
//   r.program.grants().size();   // 24;   r.diagnostics: what was odd, where
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grantfolio/currency.hpp"
#include "grantfolio/gazetteer.hpp"
#include "grantfolio/io/limits.hpp"
#include "grantfolio/io/read_result.hpp"
#include "grantfolio/money.hpp"
#include "grantfolio/organization.hpp"

namespace grantfolio::io {

/// The fields of a grant record that a listing labels.
enum class listing_field { title, sites, duration, grantee };

/// The words one language writes a listing in. Words are matched whole and case-folded (ICU), except
/// `level_words`, which a word need only start with.
struct listing_language {
    std::string code;  ///< BCP 47: "sq", "en"; the programme's names and the grants take it
    /// A label as written before its colon ("Titulli i Projektit") and the field it introduces.
    std::vector<std::pair<std::string, listing_field>> labels;
    std::array<std::vector<std::string>, 12> months;  ///< each month's names and abbreviations, January first
    /// Letters an inflected month name may add to its first name ("shkurti", "nëntorit": up to 3).
    unsigned month_endings = 0;
    std::vector<std::string> until;      ///< between a duration's two dates ("deri"; "to", "until")
    std::vector<std::string> phase;      ///< before a phase heading's number ("Faza"; "Phase")
    std::vector<std::string> revised;    ///< before a page footer's revision date ("Rishikuar"; "Revised")
    std::vector<std::string> page;       ///< a page footer's "faqe N nga M": {"faqe", "nga"}; {"page", "of"}
    std::vector<std::string> closed;     ///< in a title's parenthesis, says an early closure ("mbyllur"; "closed")
    std::vector<std::string> and_words;  ///< between two sites ("dhe"; "and")
    std::vector<std::string> including;  ///< "X përfshirë A, B" names X and A, B ("përfshirë"; "including")
    std::vector<std::string> fillers;    ///< skipped between a level word and a place name ("e", "të"; "of", "the")
    /// A word starting so says the level of the place named after it ("rreth" district, "komun" commune).
    std::vector<std::pair<std::string, place_level>> level_words;
    /// A word that opens a list of communes, so that the level carries over the list ("komunat"; "communes").
    std::vector<std::string> commune_lists;
};

/// How a listing's introduction writes the programme's total in one currency.
struct listing_total {
    std::string symbol;  ///< "US$", "Lek"
    currency code;       ///< USD, ALL
    amount_format format = amount_format::english();
    bool symbol_first = true;  ///< "US$ 2,097,624" (true) or "209.762.381 Lek" (false)
};

/// Everything particular to one programme's listings, handed to the reader.
struct listing_profile {
    std::vector<listing_language> languages;  ///< the first is the programme's language until a label says otherwise
    std::vector<listing_total> totals;        ///< the introduction's totals, in this order
    /// The id of the donor among `known_organizations`: the programme's donor when the introduction
    /// names it (by its name, acronym or a spelling).
    std::string donor;
    std::string country;                      ///< ISO 3166-1 alpha-2, when the introduction names it...
    std::vector<std::string> country_names;   ///< ...by one of these ("Shqipëri", "Albania")
    gazetteer places;                         ///< resolves the sites
    /// Organisations known beforehand (canonical names, acronyms, kinds, other spellings): a grantee
    /// whose name matches one of their spellings becomes that organisation.
    std::vector<organization> known_organizations;
};

struct listing_options {
    reader_limits limits;
    /// The programme's id; empty: derived from its acronym.
    std::string program_id;
};

/// Reads a listing with the words and data of `profile` (kind "listing").
read_result read_listing(std::string_view text, const std::string& name, const listing_profile& profile,
                         const listing_options& options = {});
read_result read_listing_file(const std::filesystem::path& path, const listing_profile& profile,
                              const listing_options& options = {});

/// A profile from its JSON form (format "grantfolio-listing-profile", docs/formats.md). Its
/// "gazetteer" and "organizations" name files; this reads neither (`places` and
/// `known_organizations` stay empty, the names are in `files`), read_listing_profile_file does.
struct listing_profile_files {
    std::string gazetteer, organizations;  ///< as written in the profile, relative to it
};
listing_profile read_listing_profile(std::string_view json, const std::string& name, listing_profile_files* files = nullptr);
/// A profile file with the gazetteer and organisations it names, read relative to its folder.
listing_profile read_listing_profile_file(const std::filesystem::path& path, const reader_limits& limits = {});

/// Organisations known beforehand, as CSV: id,name,acronym,kind,spellings ('|'-separated).
std::vector<organization> read_organizations(std::string_view csv, const std::string& name);

/// A duration as the profile's languages write it: "1 shkurt 2005 deri 31 korrik 2006", "20 qershor
/// deri 14 gusht 2005" (the start takes the end's year, or the year before if that would put it
/// after the end), "1 February 2005 to 31 July 2006". Throws parse_error saying what is wrong.
period parse_duration(std::string_view text, const listing_profile& profile);
/// "28 Shkurt 2006", "28 February 2006".
date parse_written_date(std::string_view text, const listing_profile& profile);

}  // namespace grantfolio::io
