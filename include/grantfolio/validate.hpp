// grantfolio/validate.hpp — checking a programme for problems a reader or an analyst should see.
//
//   auto problems = grantfolio::validate(program, &grantfolio::io::imf_annual());
//   for (auto& d : problems) std::cout << to_string(d) << '\n';
//
// Checks: grants without dates or ending before they start, early closures outside their period,
// sites kept as written (unknown places), grants outside their phase's declared dates, duplicate
// titles, grantees missing or unknown, stated totals against the sum of known awards, and two stated
// totals of one sum against the rate of the day (when a rate table is given).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "grantfolio/diagnostic.hpp"
#include "grantfolio/query.hpp"

namespace grantfolio {

std::vector<diagnostic> validate(const program& p, const rate_table* rates = nullptr);

// inline definitions

inline std::vector<diagnostic> validate(const program& p, const rate_table* rates) {
    std::vector<diagnostic> out;
    // A grant's finding names the line its record starts on in the source (0 when not known); the
    // programme's name none (its introduction spans many lines, the line of each total is not kept).
    auto add_at = [&](std::size_t line, severity s, const std::string& subject, const std::string& field, const std::string& msg) {
        out.push_back(diagnostic{s, parse_error::location{p.source, line, 0, field}, msg, subject, {}});
    };
    auto add = [&](severity s, const grant& g, const std::string& field, const std::string& msg) { add_at(g.source.line, s, g.id, field, msg); };
    auto add_totals = [&](severity s, const std::string& msg) { add_at(0, s, p.id, "totals", msg); };
    std::map<std::string, std::string> titles;  // lower-cased title -> first grant id
    for (const auto& g : p.grants()) {
        if (!g.planned) add(severity::warning, g, "duration", "no planned start and end: the grant cannot be placed in time");
        if (g.actual_end && g.planned && *g.actual_end < g.planned->first())
            add(severity::error, g, "actual_end", "closed (" + format_date(*g.actual_end) + ") before it started");
        if (g.actual_end && g.planned && *g.actual_end > g.planned->last())
            add(severity::warning, g, "actual_end", "ended after its planned end");
        if (g.actual_start && g.actual_end && *g.actual_end < *g.actual_start)
            add(severity::error, g, "actual_end", "actual end before actual start");
        // Unknown to the programme's gazetteer; a programme without one (an IATI file's) places
        // nothing, and its sites are not unknown for that.
        for (const auto& s : g.sites)
            if (s.place.empty() && !p.places().places().empty())
                add(severity::warning, g, "sites", "unknown place '" + s.as_written + "', kept as written");
        // A grant placed by recipient country or region only (IATI without locations) is placed.
        if (g.sites.empty() && g.recipient_countries.empty() && g.recipient_regions.empty())
            add(severity::warning, g, "sites", "no implementation site");
        if (g.grantee.empty()) add(severity::warning, g, "grantee", "no grantee");
        if (const phase* ph = p.phase_by_number(g.phase); ph && ph->window) {
            auto span = g.actual_period();
            if (span && !ph->window->contains(*span))
                add(severity::warning, g, "phase", "runs " + to_string(*span) + ", outside phase " +
                                                          std::to_string(g.phase) + " (" + to_string(*ph->window) + ")");
        }
        std::string key = g.title;
        for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!key.empty()) {
            auto [it, fresh] = titles.emplace(key, g.id);
            if (!fresh) add(severity::warning, g, "title", "same title as " + it->second + ": " + quote_value(g.title));
        }
    }
    // One disbursement larger than its grant's whole award (same currency).
    const auto& tx = p.transactions();
    std::vector<bool> told(p.grants().size(), false);
    for (std::size_t r = 0; r < tx.size(); ++r) {
        const grant& g = p.grants()[tx.grant_of(r)];
        if (told[tx.grant_of(r)] || !g.award || tx.kind(r) != transaction_kind::disbursement ||
            tx.currency_of(r) != g.award->currency_of())
            continue;
        if (tx.amount(r) > *g.award) {
            told[tx.grant_of(r)] = true;
            add(severity::warning, g, "transactions", "one disbursement exceeds the award");
        }
    }
    // Stated totals against the sum of known awards, when every grant has one.
    auto aw = query::awards(p);
    if (aw.unknown == 0 && aw.known > 0) {
        for (const auto& stated : p.totals) {
            bool matched = false;
            for (const auto& sum : aw.totals)
                if (sum.currency_of() == stated.currency_of()) {
                    matched = true;
                    if (sum != stated)
                        add_totals(severity::error, "stated total " + stated.to_string() +
                                                                 " but the awards add up to " + sum.to_string());
                }
            if (!matched)
                add_totals(severity::info, "stated total " + stated.to_string() + ": no award is in " +
                                                        std::string(stated.currency_of().code()) + ", not checked");
        }
    } else if (aw.known > 0) {
        add_totals(severity::info, std::to_string(aw.unknown) + " grants have no award: totals not checked against awards");
    } else if (!p.totals.empty()) {
        add_totals(severity::info, "no grant has an award: the stated totals cannot be checked against awards");
    }
    // Two stated totals of one sum: the rate they imply against the rate of the day.
    if (rates && p.totals.size() >= 2 && p.revised_on) {
        const money& a = p.totals[0];
        for (std::size_t i = 1; i < p.totals.size(); ++i) {
            const money& b = p.totals[i];
            decimal implied = query::implied_rate(a, b, 8);
            auto q = rates->find(a.currency_of(), b.currency_of(), *p.revised_on, missing_rate_policy::last_known());
            if (!q) continue;
            money at_rate = rate_table::apply(a, q->factor, b.currency_of(), rounding_mode::half_even);
            decimal diff = decimal::divide((b - at_rate).amount().abs(), at_rate.amount(), 6);
            std::string msg = b.to_string() + " for " + a.to_string() + " implies " + implied.to_string() + " " +
                              std::string(b.currency_of().code()) + " per " + std::string(a.currency_of().code()) +
                              "; the rate table gives " + q->factor.to_string(8) + " on " + format_date(*p.revised_on) +
                              " (" + to_string(q->method) + "), " + (diff * decimal(100)).rescaled(2).to_string() + "% apart";
            add_totals(diff > decimal::parse("0.05") ? severity::warning : severity::info, msg);
        }
    }
    return out;
}

}  // namespace grantfolio
