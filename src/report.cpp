// A programme's report: the figures, worked out once, and their JSON view.
#include "grantfolio/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

namespace grantfolio {

namespace {

using json = nlohmann::ordered_json;

std::vector<std::string> ids_of(const query::grant_list& gs) {
    std::vector<std::string> out;
    out.reserve(gs.size());
    for (const grant* g : gs) out.push_back(g->id);
    return out;
}

report::stated_view stated_of(const program& p, query::group_by by) {
    std::map<std::string, std::vector<std::string>> ids;
    report::stated_view v;
    for (const grant& g : p.grants()) {
        const auto keys = query::stated_groups(p, g, by);
        if (keys.empty()) ++v.unstated;
        for (const auto& k : keys) ids[k].push_back(g.id);
    }
    for (auto& [code, grants] : ids) v.rows.push_back({code, std::move(grants)});
    std::stable_sort(v.rows.begin(), v.rows.end(), [](const auto& a, const auto& b) { return a.grants.size() > b.grants.size(); });
    return v;
}

report::coverage_view view_of(const query::coverage& c) {
    report::coverage_view v;
    for (const auto& r : c.areas) v.areas.push_back({r.area->name, ids_of(r.grants), r.grant_months, r.split_months});
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
    if (p.introduction.line) {
        r.introduction_first = r.introduction_last = p.introduction.line;
        r.introduction_last += static_cast<std::size_t>(std::count(p.introduction.text.begin(), p.introduction.text.end(), '\n'));
    }
    r.as_of = as_of;

    std::map<grant_status, std::size_t> status;
    for (const auto& g : p.grants()) ++status[g.status_on(as_of)];
    for (auto s : {grant_status::planned, grant_status::active, grant_status::ended, grant_status::closed_early, grant_status::unknown})
        r.status.push_back({s, status[s]});

    for (const auto& ph : p.phases()) {
        report::phase_row row{ph.number, ph.name, ph.source.line, {}, std::nullopt, std::nullopt};
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
                            g.closed_early() ? g.actual_end : std::nullopt, g.title, g.source.line});

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
    r.countries = stated_of(p, query::group_by::country);
    r.regions = stated_of(p, query::group_by::region);
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

namespace {

// The JSON view: the same figures, for dashboards and the HTML report.

json money_json(const money& m) { return {{"amount", m.amount().to_string()}, {"currency", std::string(m.currency_of().code())}}; }
json date_json(const std::optional<date>& d) { return d ? json(format_date(*d)) : json(); }
json text_json(const std::string& s) { return s.empty() ? json() : json(s); }

json render_json(const report& r) {
    json j;
    j["program"] = {{"id", r.id}, {"name", r.name}, {"acronym", r.acronym}, {"donor", text_json(r.donor)}, {"donor_id", text_json(r.donor_id)},
                    {"implementer", text_json(r.implementer)}, {"implementer_id", text_json(r.implementer_id)},
                    {"revised_on", date_json(r.revised_on)}, {"source", r.source},
                    {"introduction_lines", r.introduction_first ? json::array({r.introduction_first, r.introduction_last}) : json()}};
    j["as_of"] = format_date(r.as_of);
    j["grants"] = r.grants.size();
    j["status"] = json::object();
    for (const auto& c : r.status) j["status"][to_string(c.status)] = c.grants;
    j["phases"] = json::array();
    for (const auto& ph : r.phases)
        j["phases"].push_back({{"number", ph.number}, {"name", ph.name}, {"grants", ph.grants.size()}, {"grant_ids", ph.grants},
                               {"first", date_json(ph.first)}, {"last", date_json(ph.last)}, {"line", ph.line ? json(ph.line) : json()}});
    j["grant_list"] = json::array();
    for (const auto& g : r.grants)
        j["grant_list"].push_back({{"id", g.id}, {"phase", g.phase}, {"title", g.title},
                                   {"planned_start", g.planned ? json(format_date(g.planned->first())) : json()},
                                   {"planned_end", g.planned ? json(format_date(g.planned->last())) : json()},
                                   {"status", to_string(g.status)}, {"grantee_id", text_json(g.grantee_id)},
                                   {"grantee", g.grantee_id.empty() ? json() : json(g.grantee)}, {"closed_early_on", date_json(g.closed_early_on)},
                                   {"line", g.line ? json(g.line) : json()}});
    j["grantees"] = json::array();
    for (const auto& g : r.grantees)
        j["grantees"].push_back({{"id", text_json(g.id)}, {"name", g.id.empty() ? json() : json(g.name)}, {"grants", g.grants}});
    auto cov = [](const report::coverage_view& c) {
        json rows = json::array();
        for (const auto& a : c.areas)
            rows.push_back({{"name", a.name}, {"grants", a.grants.size()}, {"grant_ids", a.grants}, {"grant_months", std::round(a.grant_months * 100) / 100},
                            {"grant_months_split", std::round(a.split_months * 100) / 100}});
        return json{{"areas", rows}, {"nationwide", c.nationwide}, {"above_level", c.above_level}, {"uncovered", c.uncovered}};
    };
    auto stated = [](const report::stated_view& s) {
        json rows = json::array();
        for (const auto& row : s.rows) rows.push_back({{"code", row.code}, {"grants", row.grants.size()}, {"grant_ids", row.grants}});
        return json{{"areas", rows}, {"unstated", s.unstated}};
    };
    j["coverage"] = {{"qark", cov(r.qark)}, {"district", cov(r.district)}, {"country", stated(r.countries)}, {"region", stated(r.regions)}};
    j["timeline"] = json::array();
    for (const auto& m : r.timeline) {
        char ym[32];
        std::snprintf(ym, sizeof ym, "%04d-%02u", static_cast<int>(m.first.year()), static_cast<unsigned>(m.first.month()));
        j["timeline"].push_back({{"month", ym}, {"active", m.active.size()}, {"grant_ids", m.active}});
    }
    const auto& d = r.durations;
    j["durations"] = {{"grants", d.count}, {"min_days", d.min_days}, {"max_days", d.max_days}, {"mean_days", std::round(d.mean_days * 10) / 10},
                      {"median_days", d.median_days}, {"mean_months", std::round(d.mean_months * 100) / 100}};
    j["totals"] = json::array();
    for (const auto& m : r.totals) j["totals"].push_back(money_json(m));
    json sums = json::array();
    for (const auto& m : r.awards.totals) sums.push_back(money_json(m));
    j["awards"] = {{"totals", sums}, {"grants_with_award", r.awards.known}, {"grants_without", r.awards.unknown}};
    if (r.converted) {
        json parts = json::array();
        for (const auto& c : r.converted->parts) {
            json rs = json::array();
            for (const auto& leg : c.quote.legs)
                rs.push_back({{"rate", leg.rate.value().to_string()}, {"base", std::string(leg.rate.base().code())},
                              {"quote", std::string(leg.rate.quote().code())}, {"inverted", leg.inverted}, {"source", leg.rate.source()}});
            parts.push_back({{"from", money_json(c.from)}, {"amount", c.result.amount().to_string()}, {"method", to_string(c.quote.method)}, {"rates", rs}});
        }
        j["converted"] = {{"currency", std::string(r.target.code())}, {"on", format_date(r.as_of)}, {"missing", "last-known"}, {"parts", parts}};
    } else if (!r.conversion_error.empty()) {
        j["converted"] = {{"error", r.conversion_error}};
    }
    if (r.implied_rate) {
        const auto& i = *r.implied_rate;
        json refs = json::array();
        for (const auto& ref : i.references) {
            json sources = json::array();
            for (const auto& leg : ref.quote.legs) sources.push_back(leg.rate.source());
            refs.push_back({{"year", ref.year}, {"on", format_date(ref.quote.on)}, {"rate", ref.quote.factor.to_string()},
                            {"method", to_string(ref.quote.method)}, {"sources", sources}});
        }
        j["implied_rate"] = {{"base", std::string(i.base.code())}, {"quote", std::string(i.quote.code())}, {"rate", i.rate.to_string()},
                             {"rate_table", refs}};
    }
    j["spending"] = json::array();
    for (const auto& s : r.spending) {
        if (!s.burn) {
            j["spending"].push_back({{"grant", s.id}, {"error", s.why_not}});
            continue;
        }
        const auto& b = *s.burn;
        j["spending"].push_back({{"grant", s.id}, {"award", money_json(b.award)}, {"spent", money_json(b.spent)},
                                 {"spent_share", b.spent_share.to_string()}, {"time_share", b.time_share.to_string()}, {"gap", b.gap.to_string()}});
    }
    return j;
}

}  // namespace

std::string report_json(const report& r, int indent) { return render_json(r).dump(indent); }

}  // namespace grantfolio
