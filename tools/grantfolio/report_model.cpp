#include "report_model.hpp"

#include <algorithm>
#include <map>

namespace grantfolio::cli {

namespace {

std::vector<std::string> ids_of(const query::grant_list& gs) {
    std::vector<std::string> out;
    out.reserve(gs.size());
    for (const grant* g : gs) out.push_back(g->id);
    return out;
}

report::coverage_view view_of(const query::coverage& c) {
    report::coverage_view v;
    for (const auto& r : c.areas) v.areas.push_back({r.area->name, ids_of(r.grants), r.grant_months});
    v.nationwide = ids_of(c.nationwide);
    v.above_level = ids_of(c.above_level);
    for (const place* a : c.uncovered) v.uncovered.push_back(a->name);
    return v;
}

}  // namespace

std::size_t report::count(grant_status s) const {
    for (const auto& c : status)
        if (c.status == s) return c.grants;
    return 0;
}

report make_report(const program& p, date as_of, std::string_view language, const rate_table& rates, currency target) {
    report r(target);
    r.id = p.id;
    r.name = p.name(language);
    r.acronym = p.acronym(language);
    for (const auto& n : p.names)
        if (n.language != language && n.acronym != r.acronym && !n.acronym.empty()) r.other_acronyms.push_back(n.acronym);
    if (!p.donor.empty()) r.donor_id = p.donor, r.donor = p.organization_by_id(p.donor).name;
    if (!p.implementer.empty()) r.implementer_id = p.implementer, r.implementer = p.organization_by_id(p.implementer).name;
    r.revised_on = p.revised_on;
    r.source = p.source;
    r.as_of = as_of;

    std::map<grant_status, std::size_t> status;
    for (const auto& g : p.grants()) ++status[g.status_on(as_of)];
    for (auto s : {grant_status::planned, grant_status::active, grant_status::ended, grant_status::closed_early, grant_status::unknown})
        r.status.push_back({s, status[s]});

    for (const auto& ph : p.phases()) {
        report::phase_row row{ph.number, ph.name, {}, std::nullopt, std::nullopt};
        for (const grant* g : query::in_phase(p, ph.number)) {
            row.grants.push_back(g->id);
            if (auto s = g->actual_period()) {
                if (!row.first || s->first() < *row.first) row.first = s->first();
                if (!row.last || s->last() > *row.last) row.last = s->last();
            }
        }
        r.phases.push_back(std::move(row));
    }

    auto short_name = [&](const std::string& id) { return id.empty() ? std::string("?") : p.organization_by_id(id).short_name(); };
    for (const auto& g : p.grants())
        r.grants.push_back({g.id, g.phase, g.planned, g.status_on(as_of), g.grantee, short_name(g.grantee),
                            g.closed_early() ? g.actual_end : std::nullopt, g.title});

    // Grantees by name, as people look them up.
    std::map<std::string, report::grantee_row> by_name;
    for (const auto& g : p.grants()) {
        const std::string name = g.grantee.empty() ? std::string("?") : p.organization_by_id(g.grantee).name;
        auto& row = by_name[name];
        row.id = g.grantee, row.name = name;
        row.grants.push_back(g.id);
    }
    for (auto& [name, row] : by_name) r.grantees.push_back(std::move(row));

    r.qark = view_of(query::coverage_by(p, place_level::qark));
    r.district = view_of(query::coverage_by(p, place_level::district));
    for (const auto& m : query::timeline(p)) r.timeline.push_back({m.month.first(), ids_of(m.active)});
    r.durations = query::durations(p);
    r.durations.shortest = r.durations.longest = nullptr;  // the report keeps no pointer into the programme

    r.totals = p.totals;
    r.awards = query::awards(p);
    // The report's own policy, shown with every converted figure: a stated total is converted on
    // the report's date with the latest rate known then (each part says whether it came to that).
    if (!p.totals.empty()) {
        try {
            r.converted = query::convert_totals(p, rates, target, as_of, missing_rate_policy::last_known());
        } catch (const error& e) {
            r.conversion_error = e.what();
        }
    }
    if (p.totals.size() >= 2) {
        const money &a = p.totals[0], &b = p.totals[1];
        report::implied imp{a.currency_of(), b.currency_of(), query::implied_rate(a, b), {}};
        for (int y : {calendar_year(as_of) - 1, calendar_year(as_of)})
            if (auto q = rates.find(a.currency_of(), b.currency_of(), make_date(y, 7, 1))) imp.references.push_back({y, std::move(*q)});
        r.implied_rate = std::move(imp);
    }
    for (auto& b : query::burn_by_grant(p, as_of, query::spending_kinds, &rates, missing_rate_policy::last_known()))
        if (b.transactions) r.spending.push_back({b.of->id, std::move(b.figure), std::move(b.why_not)});
    return r;
}

}  // namespace grantfolio::cli
