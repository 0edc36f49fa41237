// grantfolio/metrics.hpp — monitoring figures for a date, and their Prometheus text exposition.
//
// For tools that embed grantfolio: the same figures as `grantfolio metrics`, as values or as text a
// node_exporter textfile collector or any Prometheus scraper reads.
//
//   auto families = grantfolio::metrics::collect(program, grantfolio::parse_date("2006-01-15"));
//   std::cout << grantfolio::metrics::to_prometheus(families);
//   // grantfolio_grants_active{program="CAAHT"} 21
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grantfolio/diff.hpp"
#include "grantfolio/query.hpp"

namespace grantfolio::metrics {

struct sample {
    std::vector<std::pair<std::string, std::string>> labels;  ///< name, value (unescaped)
    std::string value;                                       ///< a number as text, exact where it can be
};

struct family {
    std::string name;
    std::string help;
    std::string type;  ///< "gauge"
    std::vector<sample> samples;
};

/// The programme's figures on `as_of`:
///   grantfolio_grants_active{program}                     grants active on the date (early closures honoured)
///   grantfolio_grants{program,phase,status}               grants by phase and status
///   grantfolio_grant_days_remaining{program,grant}        days from the date to the grant's last day (0 after it)
///   grantfolio_grant_time_elapsed_ratio{program,grant}    share of the grant's days elapsed, 0..1
///   grantfolio_award_amount{program,currency}             known awards, summed per currency
///   grantfolio_grant_spent_ratio{program,grant}           disbursed share of the award (grants with transactions)
///   grantfolio_grant_burn_gap{program,grant}              spent share minus time share (grants with transactions)
///   grantfolio_spending_unconverted_grants{program}        grants left out of the two above: a transaction could not be converted
///   grantfolio_as_of_timestamp_seconds{program}           the date the figures are for, as Unix time
/// Transactions in another currency than the award's are converted through `rates` when given; a
/// grant whose spending cannot be converted is left out of the spending figures.
std::vector<family> collect(const program& p, date as_of, const rate_table* rates = nullptr);

/// What changed since an earlier snapshot of the programme (`diff(snapshot, p)`):
///   grantfolio_changes_since_snapshot{program,kind}       kind: program (its own fields), added, removed,
///                                                         changed (grants), sums, renumbered
/// A gauge, not a counter: it counts the differences to one snapshot, which falls when a change is undone.
family changes(const program_diff& d, const std::string& program_id);

/// Prometheus text format 0.0.4: # HELP and # TYPE lines, then one line per sample.
std::string to_prometheus(const std::vector<family>& families);

/// A label value as the format requires: backslash, double quote and line feed escaped.
std::string escape_label(std::string_view value);

// inline definitions

inline std::string escape_label(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

inline std::string to_prometheus(const std::vector<family>& families) {
    auto help = [](std::string_view h) {
        std::string out;
        for (char c : h) {
            if (c == '\\') out += "\\\\";
            else if (c == '\n') out += "\\n";
            else out += c;
        }
        return out;
    };
    std::string out;
    for (const auto& f : families) {
        out += "# HELP " + f.name + " " + help(f.help) + "\n";
        out += "# TYPE " + f.name + " " + f.type + "\n";
        for (const auto& s : f.samples) {
            out += f.name;
            if (!s.labels.empty()) {
                out += '{';
                for (std::size_t i = 0; i < s.labels.size(); ++i) {
                    if (i) out += ',';
                    out += s.labels[i].first + "=\"" + escape_label(s.labels[i].second) + "\"";
                }
                out += '}';
            }
            out += ' ' + s.value + '\n';
        }
    }
    return out;
}

inline family changes(const program_diff& d, const std::string& program_id) {
    family f{"grantfolio_changes_since_snapshot", "Differences from the snapshot named by --since, by kind (grant counts; sums per kind and currency).",
             "gauge", {}};
    for (const auto& [kind, n] : {std::pair<const char*, std::size_t>{"program", d.program.size()}, {"added", d.added.size()},
                                  {"removed", d.removed.size()}, {"changed", d.changed.size()}, {"sums", d.sums.size()},
                                  {"renumbered", d.renumbered.size()}})
        f.samples.push_back({{{"program", program_id}, {"kind", kind}}, std::to_string(n)});
    return f;
}

inline std::vector<family> collect(const program& p, date as_of, const rate_table* rates) {
    const std::string prog = p.id;
    std::vector<family> out;
    auto fam = [&](std::string name, std::string help) -> family& {
        out.push_back(family{std::move(name), std::move(help), "gauge", {}});
        return out.back();
    };
    fam("grantfolio_grants_active", "Grants active on the date, early closures honoured.")
        .samples.push_back({{{"program", prog}}, std::to_string(query::active_on(p, as_of).size())});
    auto& by = fam("grantfolio_grants", "Grants by phase and status on the date.");
    for (const auto& ph : p.phases()) {
        std::size_t counts[5] = {0, 0, 0, 0, 0};
        for (const grant* g : query::in_phase(p, ph.number)) ++counts[static_cast<int>(g->status_on(as_of))];
        for (auto st : {grant_status::planned, grant_status::active, grant_status::ended, grant_status::closed_early,
                        grant_status::unknown})
            if (st != grant_status::unknown || counts[4])
                by.samples.push_back({{{"program", prog}, {"phase", std::to_string(ph.number)}, {"status", to_string(st)}},
                                      std::to_string(counts[static_cast<int>(st)])});
    }
    auto& remaining = fam("grantfolio_grant_days_remaining", "Days from the date to the grant's last day (actual end if it closed early), 0 after it.");
    auto& elapsed = fam("grantfolio_grant_time_elapsed_ratio", "Share of the grant's days elapsed on the date, 0 to 1.");
    for (const auto& g : p.grants()) {
        auto span = g.actual_period();
        if (!span) continue;
        int left = day_number(span->last()) - day_number(as_of);
        remaining.samples.push_back({{{"program", prog}, {"grant", g.id}}, std::to_string(left < 0 ? 0 : left)});
        elapsed.samples.push_back({{{"program", prog}, {"grant", g.id}}, query::time_elapsed(*span, as_of).to_string()});
    }
    auto& award = fam("grantfolio_award_amount", "Known awards summed per currency (exact decimal).");
    for (const auto& m : query::awards(p).totals)
        award.samples.push_back({{{"program", prog}, {"currency", std::string(m.currency_of().code())}}, m.amount().to_string()});
    auto& spent = fam("grantfolio_grant_spent_ratio",
                      "Spent share of the award up to the date: disbursements, expenditures and reimbursements, refunds deducted.");
    auto& gap = fam("grantfolio_grant_burn_gap", "Spent share minus time share: above 0 spends ahead of time, below 0 behind.");
    std::size_t unconverted = 0;  // spending in a currency that cannot be converted: no figure rather than a wrong one,
                                  // and the grant is counted below, so that the gap shows
    for (const auto& b : query::burn_by_grant(p, as_of, query::spending_kinds, rates, {})) {
        if (b.unconverted) ++unconverted;
        if (!b.transactions || !b.figure) continue;
        spent.samples.push_back({{{"program", prog}, {"grant", b.of->id}}, b.figure->spent_share.to_string()});
        gap.samples.push_back({{{"program", prog}, {"grant", b.of->id}}, b.figure->gap.to_string()});
    }
    fam("grantfolio_spending_unconverted_grants",
        "Grants with transactions whose spending figures are left out: some transaction could not be converted to the award's currency.")
        .samples.push_back({{{"program", prog}}, std::to_string(unconverted)});
    fam("grantfolio_as_of_timestamp_seconds", "The date the figures are for, as Unix time (midnight UTC).")
        .samples.push_back({{{"program", prog}}, std::to_string(static_cast<long long>(day_number(as_of)) * 86400)});
    return out;
}

}  // namespace grantfolio::metrics
