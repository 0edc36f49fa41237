// grantfolio/report.hpp — a programme's report: every figure `grantfolio report` and the HTML report
// show, worked out once (so the text, JSON and HTML views hold the same figures).
//
//   auto r = grantfolio::make_report(caaht, grantfolio::parse_date("2006-05-10"), "en",
//                                    grantfolio::io::imf_annual(), grantfolio::currency("ALL"));
//   r.count(grantfolio::grant_status::closed_early);   // 1
//   grantfolio::report_json(r);                         // the JSON view (docs/formats.md, "The report")
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "grantfolio/program.hpp"
#include "grantfolio/query.hpp"

namespace grantfolio {

struct report {
    explicit report(currency to) : target(to) {}

    // The programme.
    std::string id, name, acronym;                 ///< in the report's language
    std::vector<std::string> other_acronyms;       ///< of its names in other languages
    std::string donor_id, donor, implementer_id, implementer;  ///< ids and full names; empty: not stated
    std::optional<date> revised_on;
    std::string source;
    /// The lines of `source` its introduction spans (where its totals, donor and dates were read);
    /// 0: not known.
    std::size_t introduction_first = 0, introduction_last = 0;
    date as_of;

    // Grants and their status on as_of.
    struct status_count {
        grant_status status;
        std::size_t grants;
    };
    std::vector<status_count> status;  ///< planned, active, ended, closed early, unknown
    std::size_t count(grant_status s) const;

    struct phase_row {
        int number;
        std::string name;
        std::size_t line;                       ///< of the source its heading or record starts on; 0: not known
        std::vector<std::string> grants;        ///< ids
        std::optional<date> first, last;        ///< the span its grants actually ran
    };
    std::vector<phase_row> phases;

    struct grant_row {
        std::string id;
        int phase;
        std::optional<period> planned;
        grant_status status;
        std::string grantee_id, grantee;        ///< the grantee's id and short name ("?" when none)
        std::optional<date> closed_early_on;
        std::string title;
        std::size_t line = 0;                   ///< the line of the source its record starts on; 0: not known
    };
    std::vector<grant_row> grants;

    struct grantee_row {
        std::string id, name;                   ///< name "?" for grants without a grantee
        std::vector<std::string> grants;        ///< ids
    };
    std::vector<grantee_row> grantees;          ///< by name

    struct area_row {
        std::string name;
        std::vector<std::string> grants;
        double grant_months;
        double split_months;                    ///< query::coverage_row::split_months
    };
    struct coverage_view {
        std::vector<area_row> areas;            ///< every area of the level, reached or not
        std::vector<std::string> nationwide, above_level;  ///< grant ids
        std::vector<std::string> uncovered;     ///< area names
    };
    coverage_view qark, district;

    /// What the grants state of where they work (IATI recipient countries and regions, 360Giving
    /// locations' countries): each code with the grants that name it, most grants first, then by code.
    /// A grant naming several counts in each; grants naming none are left out (`unstated` counts them).
    struct stated_row {
        std::string code;                       ///< "AL"; a region "ID" or "<vocabulary>:<code>" as query::stated_groups gives it
        std::vector<std::string> grants;        ///< ids
    };
    struct stated_view {
        std::vector<stated_row> rows;
        std::size_t unstated = 0;               ///< grants that name none
    };
    stated_view countries, regions;

    struct month_row {
        date first;                             ///< the month's first day
        std::vector<std::string> active;        ///< ids of the grants active in it
    };
    std::vector<month_row> timeline;
    query::duration_stats durations;

    // Money.
    std::vector<money> totals;                  ///< as written
    query::award_totals awards;
    currency target;
    std::optional<query::converted_total> converted;  ///< the stated totals on as_of, latest rate known then
    std::string conversion_error;
    struct implied {
        currency base, quote;
        decimal rate;                            ///< quote per base, from the two stated totals
        struct reference {
            int year;
            rate_quote quote;                    ///< the rate table's, base to quote on 1 July of the year
        };
        std::vector<reference> references;       ///< the year before as_of and its own, where the table has them
    };
    std::optional<implied> implied_rate;

    /// Spending against time (query::burn) of each grant that has transactions, as of the date:
    /// spending is disbursements, expenditures and reimbursements, refunds deducted, converted to
    /// the award's currency at each value date (latest rate known then). Grants with transactions
    /// but no figure say why (no award, no dates, a conversion that failed).
    struct spending_row {
        std::string id;
        std::optional<query::burn> burn;
        std::string why_not;
    };
    std::vector<spending_row> spending;
};

/// The report of `p` on `as_of`, names in `language`, stated totals converted to `target` with `rates`.
report make_report(const program& p, date as_of, std::string_view language, const rate_table& rates, currency target);

/// The JSON view of a report (docs/formats.md, "The report"), indented by `indent` spaces (-1: one line).
std::string report_json(const report& r, int indent = 2);

}  // namespace grantfolio
