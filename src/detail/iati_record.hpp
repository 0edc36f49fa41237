// src/detail/iati_record.hpp — the IATI reader's entry points inside the library: what a grant's
// kept IATI record gives, for readers of grantfolio's own older archives and JSON; and reading a
// mapped file whose pages are given back as the reader passes them.
#pragma once

#include <string>
#include <string_view>

#include "grantfolio/io/iati.hpp"
#include "grantfolio/program.hpp"
#include "mapped_file.hpp"

namespace grantfolio::io::detail {

/// A grant kept before participants, sectors, recipient places, narratives and transaction details
/// were typed (archive formats 1–4, JSON without those keys) knows none of its participants' roles,
/// its sectors and places lack vocabularies and percentages, and its rows keep some of that in their
/// notes. For every grant of `p` that keeps its IATI record (read as an activity of a file whose
/// main funder is the programme's donor), this takes each of those groups from the record, provided
/// the grant's own fields still say what the record says: its grantee, partners and co-funders for
/// the participants, its title and description for the narratives, the same codes for sectors and
/// for countries and regions; and where the grant's rows are still the record's budgets, planned
/// disbursements and transactions (the same kinds, value dates and amounts, in order), each row
/// takes its note and detail from the record.
/// `since` is the oldest format among the grants (archive format; 4 for JSON without typed keys,
/// 5 for JSON version 1 with them): a grant of format 5 takes only what format 6 added (locations'
/// detail, coded tags, policy markers, humanitarian scopes, related activities, document links,
/// and the narratives of its classifications), its rows and other groups staying as kept.
void retype_from_records(program& p, unsigned since);

/// io::read_iati over a mapped file's bytes: once its activities are found, each page read is given
/// back (`pages`), so that resident memory holds the records and the programme, not the file too.
read_result read_iati(std::string_view text, const std::string& name, const iati_options& options, page_releaser* pages);
}  // namespace grantfolio::io::detail
