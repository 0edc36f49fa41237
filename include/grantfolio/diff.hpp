// grantfolio/diff.hpp — what changed between two revisions of a programme (two listings, two
// snapshots of an IATI file): grants added, removed and changed field by field, and the money
// per kind and currency before and after.
//
//   auto d = grantfolio::diff(old_listing, new_listing);
//   d.added;                        // ids of the grants only the new one has
//   d.changed[0].fields[0].field;   // "planned"
//   grantfolio::diff_json(d);       // the JSON view (docs/formats.md, "grantfolio diff")
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "grantfolio/program.hpp"

namespace grantfolio {

struct program_diff {
    /// One field that differs, both sides as text ("" when a side has none).
    struct field_change {
        std::string field, before, after;
        friend bool operator==(const field_change&, const field_change&) = default;
    };
    /// A grant both revisions hold, and what differs. `old_id` differs from `id` when a listing's
    /// grants were renumbered (a listing numbers its grants in order: one added before it shifts it).
    struct grant_change {
        std::string id, old_id;
        std::vector<field_change> fields;
    };
    /// A grant only one revision holds: its id, title and grantee's name there.
    struct grant_ref {
        std::string id, title, grantee;
    };
    /// The sum of one kind of transaction in one currency, before and after (counts of rows too).
    struct money_change {
        std::string kind;  ///< "disbursement", "budget", ...; "award" for the grants' awards
        money before, after;  ///< in one currency
        std::size_t rows_before = 0, rows_after = 0;
        money difference() const { return after - before; }
    };

    std::vector<field_change> program;    ///< the programme's own fields: names, donor, totals, revision date, phases
    std::vector<grant_ref> added;         ///< grants only the new revision holds (their new ids)
    std::vector<grant_ref> removed;       ///< grants only the old revision holds (their old ids)
    std::vector<grant_change> changed;    ///< grants held by both whose content differs, in the new revision's order
    /// Grants held by both that differ only in id (a listing's grants after one added or removed
    /// before them): old id, new id. Not counted as changes.
    std::vector<std::pair<std::string, std::string>> renumbered;
    std::vector<money_change> sums;       ///< every kind and currency where a sum or a count differs
    /// How grants were paired: "id", or "title and grantee" for two listings (whose ids are positions).
    std::string matched_by;

    /// Changes of every kind: programme fields, grants added, removed and changed, sums (a grant
    /// renumbered and nothing else is not a change).
    std::size_t count() const { return program.size() + added.size() + removed.size() + changed.size() + sums.size(); }
    bool empty() const { return count() == 0; }
};

/// What changed from `before` to `after`. Grants are paired by id, except when both programmes are
/// listings: then by title and grantee (a listing's ids are positions), the rest by id where the
/// title or the grantee is still the same (a grant retitled, or given to another grantee, in its
/// place); a grant whose id, title and grantee all differ is one removed and one added. Fields
/// compared: the id (when renumbered), title, phase, grantee, partners and co-funders (by name),
/// planned period, actual start and end, sites, award, stated status, reporting organisation,
/// sectors, recipient countries and regions, description, and each kind of transaction per
/// currency (sum and rows). Organisations are compared by name, so two files that give one
/// organisation two ids do not differ by that.
program_diff diff(const program& before, const program& after);

/// The JSON view: {"matched_by", "changes", "program": [...], "added": [{"id", "title", "grantee"}],
/// "removed": [...], "changed": [{"id", "old_id", "fields": [{"field", "before", "after"}]}],
/// "renumbered": [{"old_id", "id"}], "sums": [{"kind",
/// "currency", "before", "after", "difference", "rows_before", "rows_after"}]}; `indent` < 0: one line.
std::string diff_json(const program_diff& d, int indent = 2);

/// The text view: one line per change, "+ G25 ...", "- G24 ...", "~ G05 planned: A -> B".
std::string diff_text(const program_diff& d);

}  // namespace grantfolio
