// grantfolio/merge.hpp — programmes read from several sources combined into one portfolio, the same
// activity published twice found by its identifier, and which copy is kept said with both places.
//
//   std::vector<grantfolio::program> parts{read("a.xml"), read("b.xml")};
//   auto m = grantfolio::merge(parts);
//   for (const auto& d : m.diagnostics) std::cerr << to_string(d) << '\n';
//   m.program.grants();   // every grant of a and b, once each
#pragma once

#include <span>
#include <string>
#include <vector>

#include "grantfolio/diagnostic.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio {

/// The same grant id in two sources.
struct merge_duplicate {
    std::string id;
    std::string kept, dropped;           ///< where each copy was read: "file:line" (the line of its record; none when not known)
    bool identical = false;              ///< the two copies say the same (fields and transactions)
    std::string why;                     ///< why `kept` was kept
};

struct merge_result {
    grantfolio::program program;
    std::vector<merge_duplicate> duplicates;
    /// One per duplicate (info when identical, warning when they conflict, naming both places),
    /// and what the merge changed: an organisation id two sources name differently (the first
    /// source's name kept), a site whose place is not in the kept gazetteer (kept as written),
    /// programme statements that are not the portfolio's (stated totals, introductions: not kept).
    std::vector<diagnostic> diagnostics;
};

/// Combines `parts` (in order) into one programme: every grant once, with its transactions; phases
/// of the same number and name shared, others renumbered after the first source's; organisations
/// by id; the first source's gazetteer (else the next one's). When the sources name different
/// donors (or implementers), the portfolio's donor is the first source's, and each grant of another
/// source names its own as a funding (extending) participant and co-funder, so that funders stay
/// queryable (`query::group_by::funder`). A grant id read twice is kept once: the copy whose IATI
/// record has the later last-updated-datetime, else the one from the later source (a newer file
/// given after an older one), said in merge_result::duplicates and diagnostics.
merge_result merge(std::span<const program> parts, const std::string& id = "portfolio");

}  // namespace grantfolio
