// grantfolio/io/iati.hpp — IATI activity XML, version 2.03 (https://iatistandard.org/en/iati-standard/203/).
//
// Reading (versions 1.01–1.05 and 2.01–2.03, each activity by its own version; 1.0x codes mapped
// by the standard's table in data/iati): each <iati-activity> becomes a grant. Its iati-identifier
// is the grant id; the title (the narrative, or 1.0x's text, in the activity's language, else the
// first) the title; participating organisations are the grant's participants (role, type, activity
// id, CRS channel as written), and by role — funding (1) the donor, or a co-funder when
// another funder funds most activities; accountable (2) and extending (3) kept as partners after the
// grantee; implementing (4) the grantee (the first) and partners; activity-date types 1–4 the
// planned and actual periods; budgets (kind `budget`, their type, status and period in the row's
// detail; a revised budget
// supersedes the original of its period in the award) and transactions keep their own @currency or
// the activity's default-currency, and their @value-date (else the transaction date), which
// conversions use; recipient countries and regions and sectors are typed classifications (code,
// vocabulary, percentage); locations are sites; tags are tags. Only XML that is not well formed is refused: a bad value
// costs that value or its element, with a diagnostic naming file, line, column, activity and path.
//
// Each 2.0x activity is kept whole beside its grant (grant::source; a parent activity beside its
// phase), so that writing loses nothing: write_iati puts each element of the record back where
// the grant's fields still say what it says, and writes from the fields only the groups that were
// changed (docs/formats.md, "What is kept").
//
// Writing: any programme, as activities that validate against the 2.03 schema.
//
//   auto r = grantfolio::io::read_iati(text, "activities.xml");
//   grantfolio::io::write_iati(std::cout, r.program);
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/classification.hpp"
#include "grantfolio/diagnostic.hpp"
#include "grantfolio/io/csv.hpp"
#include "grantfolio/io/read_result.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::io {

struct iati_options {
    reader_limits limits;
    /// The programme's id; empty: the reporting organisation's ref.
    std::string program_id;
};

read_result read_iati(std::string_view text, const std::string& name, const iati_options& options = {});

struct iati_write_options {
    /// The file's generated-datetime, an xsd:dateTime ("2006-05-10T00:00:00Z"); empty: none is
    /// written (never the wall clock: the same programme gives the same file).
    std::string generated_datetime;
    /// The reporting organisation's identifier (org-id.guide form, "US-GOV-1"), for a file whose
    /// activities the source did not say who published (a listing's, a 360Giving package's, generated
    /// ones: their reporting organisation is the donor, else the implementer). Those activities are
    /// reported under it, as IATI's rules ask: the reporting-org (and the same organisation wherever
    /// it participates) gets it as ref, and each identifier gets it as prefix ("US-GOV-1-G01"; one
    /// that already begins with it stays), the identifier as read kept as other-identifier type A1
    /// (the reporting organisation's own). Activities that name their own reporting organisation (an
    /// IATI file's) keep it and their identifiers. Empty: identifiers and refs as the programme has them.
    std::string org_id;
    /// The sectors of activities written from the programme that state none (at activity or
    /// transaction level), as the publisher codes them: {"15180", "1"} (vocabulary 1, OECD DAC
    /// 5-digit); several need percentages adding up to 100. IATI's rules want a sector on every
    /// activity, and a listing states none. Empty: such activities have no sector.
    std::vector<classification> sectors;
};

/// The programme as an <iati-activities version="2.03"> document: one activity per grant, the
/// donor reporting (options.org_id: under its identifier), an award written from the grant's fields
/// as budgets of at most a year each (the standard's limit: from the planned start, the last one to
/// the planned end, the award split by their days to the minor unit, largest remainder first),
/// phases noted in each activity's description, refunds written as negative disbursements (IATI
/// has no refund type), the status as of the programme's revision date. What
/// the programme does not know is not invented: an unknown title or description is written empty,
/// an unknown status, date or participant is left out (iati_gaps lists what would then fail the
/// 2.03 schema).
void write_iati(std::ostream& out, const program& p, const iati_write_options& options = {});
std::string to_iati(const program& p, const iati_write_options& options = {});

/// A grant whose activity in write_iati's document would lack what the 2.03 schema or its rules
/// require, and which elements: title, description (written empty), participating-org,
/// activity-status (no revision date to state it on), activity-date (left out).
struct iati_gap {
    std::string grant;
    std::vector<std::string> elements;
};
std::vector<iati_gap> iati_gaps(const program& p);

/// What write_iati leaves out of grants it writes from their fields although their record has it:
/// an IATI 1.0x activity (whose codes and text-only elements are not 2.03, so it is written from the
/// grant's fields) loses the elements grantfolio does not model (contact-info, result, conditions,
/// default-flow-type, other namespaces' extensions...). Per such grant, those element names, in the
/// 2.03 schema's order, then the others in the record's order; grants that lose nothing are not listed.
std::vector<iati_gap> iati_unwritten(const program& p);

/// An XML document whose root element is <iati-activities> (or a lone <iati-activity>); see io::detect_source.
bool looks_like_iati(std::string_view text);

/// Checks a document against the IATI 2.03 activity schema (iati-activities-schema.xsd in
/// `schema_dir`, with libxml2, no network): one error diagnostic per violation, with its line.
std::vector<diagnostic> validate_iati_schema(std::string_view text, const std::string& name, const std::string& schema_dir);

}  // namespace grantfolio::io
