// grantfolio/io/giving360.hpp — 360Giving Data Standard (1.4) packages, JSON and flat CSV.
//
// Each grant of the package becomes a grant: its recipient the grantee, its funder the programme's
// donor (other funders its co-funders), `amountAwarded` with `currency` the award, `awardDate` a
// commitment of that amount, `amountDisbursed` a disbursement, `plannedDates` the planned period
// (ISO dates, DD/MM/YYYY, or partial dates such as "2014" and "2014-06", which stand for the whole
// year or month), `beneficiaryLocation` the sites (kept as written), `grantProgramme` the phase.
// Amounts are read from the JSON text itself, never through a binary float: 1000.1 stays 1000.1.
//
//   auto r = grantfolio::io::read_360giving(text, "grants.json");
//   grantfolio::query::awards(r.program).totals;   // one exact sum per currency
//   r.diagnostics;                                 // what was odd, with JSON pointers
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/diagnostic.hpp"
#include "grantfolio/io/csv.hpp"
#include "grantfolio/io/read_result.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::io {

struct giving360_options {
    reader_limits limits;
    /// The programme's id; empty: the funder's identifier (or "360giving" when there are several).
    std::string program_id;
};

/// A 360Giving JSON package ({"grants": [...]}). Throws parse_error only for what is not a package
/// (malformed JSON with line and column, no "grants" array, over the caps). Everything else costs
/// only that value, with a diagnostic naming the file, the JSON pointer and the grant: a grant
/// without currency, or with one outside ISO 4217, keeps everything but its amounts; an amount that
/// is not decimal or a date that is not a date is not kept; a second grant with an id already read
/// is not kept; a field of the wrong type is not kept.
read_result read_360giving(std::string_view text, const std::string& name, const giving360_options& options = {});

/// The 360Giving flat CSV layout (one grant per row, columns titled as the standard's spreadsheet
/// template: "Identifier", "Title", "Currency", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
/// "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name", "Planned Dates:Start Date", ...).
/// Errors and diagnostics name the line and the column title.
read_result read_360giving_csv(std::string_view text, const std::string& name, const giving360_options& options = {});

/// The programme as a 360Giving JSON package: one grant per grant (id, title, description,
/// currency and amountAwarded when the award is known, awardDate from its first commitment,
/// plannedDates, recipient and funding organisations, beneficiary locations, grant programme from
/// its phase). Amounts are written as exact decimal numbers, never through a binary float. A grant
/// read from a JSON package keeps that grant's object (grant::source): it is written back field by
/// field as read, but for the groups of fields changed since (docs/formats.md, "What is kept").
/// actualDates are the grant's actual start and end (either alone where only one is known); a site
/// at a place with an ISO 3166-2 code (a qark's "AL-10") has it as geoCode, without geoCodeType
/// (360Giving's code list of types has none for ISO 3166-2).
struct giving360_write_options {
    /// The publisher's 360Giving prefix ("360G-caaht"): grant ids written from the programme get it
    /// ("360G-caaht-G01"; one already beginning with "360G-" stays), and so do organisation ids that
    /// are not organisation identifiers already (org-id.guide form "GB-CHC-202918", "US-GOV-1": two
    /// capital letters, a dash, the register's code): "usaid" becomes "360G-caaht-usaid", as the
    /// standard's identifier guidance asks where an organisation has no registered identifier. Grants
    /// written as read from a package keep their ids. Empty: ids as the programme has them.
    std::string prefix;
};
void write_360giving(std::ostream& out, const program& p, const giving360_write_options& options = {});

/// An organisation identifier in org-id.guide's form: a list code of two capital letters, a dash,
/// the register's code in capitals and digits ("GB-CHC-202918", "XM-DAC-41114", "US-GOV-1"), or a
/// 360Giving prefix's ("360G-…").
bool org_identifier_form(std::string_view id);

/// A grant whose 360Giving export lacks fields the standard's schema requires of every grant.
struct giving360_gap {
    std::string grant;                ///< its id
    std::vector<std::string> fields;  ///< the schema's names, in the schema's order
};
/// The grants of `p` whose entries in write_360giving's package would not validate against the
/// 360Giving 1.4 schema, and what each lacks: description, currency and amountAwarded (an award),
/// awardDate (a commitment), recipientOrganization (a grantee), fundingOrganization (a donor or
/// co-funder). Empty when the package validates. (CAAHT's listing gives no award or award date.)
std::vector<giving360_gap> giving360_gaps(const program& p);

/// A JSON object whose top-level keys say 360Giving: a "grants" array before any "format" (see io::detect_source).
bool looks_like_360giving(std::string_view text);
/// A CSV whose header has the 360Giving "Identifier" and "Amount Awarded" columns.
bool looks_like_360giving_csv(std::string_view text);

}  // namespace grantfolio::io
