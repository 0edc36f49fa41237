// src/detail/iati_record.hpp — what a grant's kept IATI record gives, for readers of grantfolio's
// own older archives and JSON.
#pragma once

#include <string>

#include "grantfolio/program.hpp"

namespace grantfolio::io::detail {

/// A grant kept before participants, sectors and recipient places were typed (archive formats 1–4,
/// JSON without those keys) knows none of its participants' roles, and its sectors and places
/// lack vocabularies and percentages. Where it keeps its IATI record, this re-reads the record (as
/// an activity of a file whose main funder is `donor`) and takes each of those groups from it,
/// provided the grant's own fields still say what the record says: its grantee, partners and
/// co-funders for the participants, the same codes for sectors and for countries and regions.
void retype_from_record(grant& g, const std::string& donor);

/// The same for every grant of a programme that keeps an IATI record, and for its transactions:
/// where a grant's rows are still the record's budgets, planned disbursements and transactions (the
/// same kinds, value dates and amounts, in order), each row takes its note and detail from the
/// record (parties, types, transaction date...).
void retype_from_records(program& p);

}  // namespace grantfolio::io::detail
