// Programmes combined into a portfolio (include/grantfolio/merge.hpp).
#include "grantfolio/merge.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace grantfolio {

namespace {

/// The last-updated-datetime an IATI record states on its <iati-activity>; empty when none.
std::string last_updated(const grant& g) {
    if (g.source.format != "iati") return {};
    const std::string& t = g.source.text;
    const auto tag_end = t.find('>');
    const auto at = t.find("last-updated-datetime=", 0);
    if (at == std::string::npos || at > tag_end) return {};
    const char quote = at + 22 < t.size() ? t[at + 22] : '"';
    const auto close = t.find(quote, at + 23);
    return close == std::string::npos ? std::string() : t.substr(at + 23, close - at - 23);
}

std::string place_of(const program& p, const grant& g) {
    std::string where = p.source.empty() ? p.id : p.source;
    if (g.source.line) where += ":" + std::to_string(g.source.line);
    return where;
}

struct kept_grant {
    std::size_t part = 0, index = 0;  ///< which source, which of its grants
};

}  // namespace

merge_result merge(std::span<const program> parts, const std::string& id) {
    merge_result out;
    program& m = out.program;
    m.id = id;
    if (parts.empty()) return out;
    auto note = [&](severity s, const std::string& where, const std::string& subject, const std::string& field, const std::string& what,
                    consequence c = {}) {
        out.diagnostics.push_back(diagnostic{s, parse_error::location{where, 0, 0, field}, what, subject, std::move(c)});
    };
    const program& first = parts.front();
    // What the portfolio says of itself: the first source's, where the sources agree.
    std::string sources;
    for (const auto& p : parts) sources += (sources.empty() ? "" : " + ") + (p.source.empty() ? p.id : p.source);
    m.source = "merge of " + sources;
    m.names = first.names;
    if (parts.size() > 1) m.names = {program_name{"en", "Portfolio: " + sources, ""}};
    m.donor = first.donor;
    m.implementer = first.implementer;
    m.country = first.country;
    for (const auto& p : parts) {
        if (p.country != m.country) m.country.clear();
        if (p.revised_on && (!m.revised_on || *m.revised_on < *p.revised_on)) m.revised_on = p.revised_on;
        if (&p != &first && parts.size() > 1 && (!p.totals.empty() || !p.introduction.empty()))
            note(severity::info, p.source, p.id, "totals",
                 "the programme's own statements (its stated totals and introduction) are not the portfolio's: not kept in the merge",
                 not_kept("stated totals"));
    }
    if (parts.size() > 1 && (!first.totals.empty() || !first.introduction.empty()))
        note(severity::info, first.source, first.id, "totals",
             "the programme's own statements (its stated totals and introduction) are not the portfolio's: not kept in the merge",
             not_kept("stated totals"));
    if (parts.size() == 1) {
        m.totals = first.totals;
        m.introduction = first.introduction;
        m.generated_at = first.generated_at;
    }
    // The first gazetteer there is.
    for (const auto& p : parts)
        if (!p.places().empty()) {
            m.set_places(p.places());
            break;
        }
    // Organisations by id; a second name for one id is said, the first kept.
    for (const auto& p : parts)
        for (const auto& o : p.organizations()) {
            if (const organization* known = m.find_organization(o.id)) {
                if (known->name != o.name)
                    note(severity::warning, p.source, o.id, "organization",
                         "named " + quote_value(o.name) + " here and " + quote_value(known->name) + " in an earlier source: the first name is kept",
                         changed("organisation name"));
                continue;
            }
            m.add_organization(o);
        }
    // Phases: one of the same number and name is shared; others get the next free number.
    std::vector<std::map<int, int>> phase_of(parts.size());
    for (std::size_t k = 0; k < parts.size(); ++k)
        for (const auto& ph : parts[k].phases()) {
            const phase* same = m.phase_by_number(ph.number);
            if (same && same->name == ph.name) {
                phase_of[k][ph.number] = ph.number;
                continue;
            }
            int number = ph.number;
            if (same) {
                number = 0;
                for (const auto& x : m.phases()) number = std::max(number, x.number);
                ++number;
            }
            phase copy = ph;
            copy.number = number;
            m.add_phase(std::move(copy));
            phase_of[k][ph.number] = number;
        }
    // Each source's rows by grant, grouped once (looking each grant's up would scan every row).
    std::vector<transaction_store::grouping> by_grant;
    for (const auto& p : parts) by_grant.push_back(p.transactions().by_grant(p.grants().size()));
    auto rows_of = [&](std::size_t k, std::size_t i) {
        std::vector<transaction> rows;
        for (std::size_t r = by_grant[k].offsets[i]; r < by_grant[k].offsets[i + 1]; ++r) rows.push_back(parts[k].transactions().at(by_grant[k].rows[r]));
        return rows;
    };
    // Which copy of each grant id is kept.
    std::unordered_map<std::string, kept_grant> chosen;
    std::vector<std::string> order;  // ids in the order first met
    for (std::size_t k = 0; k < parts.size(); ++k)
        for (std::size_t i = 0; i < parts[k].grants().size(); ++i) {
            const grant& g = parts[k].grants()[i];
            auto [it, fresh] = chosen.try_emplace(g.id, kept_grant{k, i});
            if (fresh) {
                order.push_back(g.id);
                continue;
            }
            const program& earlier_p = parts[it->second.part];
            const grant& earlier = earlier_p.grants()[it->second.index];
            const bool identical = earlier == g && rows_of(it->second.part, it->second.index) == rows_of(k, i);
            const std::string a = last_updated(earlier), b = last_updated(g);
            bool later_wins = true;
            std::string why;
            if (identical) {
                later_wins = false;
                why = "the two copies are identical: the first is kept";
            } else if (!a.empty() && !b.empty() && a != b) {
                later_wins = a < b;  // xsd:dateTime texts of one form compare in time order
                why = "its last-updated-datetime (" + (later_wins ? b : a) + ") is the later one";
            } else {
                why = "it comes from the later source (a newer file given after an older one)";
            }
            merge_duplicate d;
            d.id = g.id;
            d.identical = identical;
            d.why = why;
            d.kept = later_wins ? place_of(parts[k], g) : place_of(earlier_p, earlier);
            d.dropped = later_wins ? place_of(earlier_p, earlier) : place_of(parts[k], g);
            note(identical ? severity::info : severity::warning, d.dropped, g.id, "id",
                 std::string(identical ? "published twice, identically" : "published twice, differently") + ": the copy at " + d.kept +
                     " is kept, " + why,
                 not_kept("duplicate activity"));
            out.duplicates.push_back(std::move(d));
            if (later_wins) it->second = kept_grant{k, i};
        }
    // The grants, in the order their ids were first met, with their transactions.
    m.reserve(order.size(), m.organizations().size());
    for (const auto& gid : order) {
        const auto [k, i] = chosen.at(gid);
        const program& p = parts[k];
        grant g = p.grants()[i];
        g.phase = phase_of[k].at(g.phase);
        // Funders and implementers that were the source's (a listing states them once for all its
        // grants) are said on each grant when the portfolio's are others.
        auto has_role = [&](participant_role r, const std::string& org) {
            return std::any_of(g.participants.begin(), g.participants.end(), [&](const participant& x) { return x.role == r && x.org == org; });
        };
        if (!p.donor.empty() && p.donor != m.donor) {
            if (!has_role(participant_role::funding, p.donor)) g.participants.push_back(participant{participant_role::funding, p.donor, "", "", ""});
            if (std::find(g.co_funders.begin(), g.co_funders.end(), p.donor) == g.co_funders.end()) g.co_funders.push_back(p.donor);
        }
        if (!p.implementer.empty() && p.implementer != m.implementer && !has_role(participant_role::extending, p.implementer))
            g.participants.push_back(participant{participant_role::extending, p.implementer, "", "", ""});
        // Sites at places the kept gazetteer does not have are kept as written.
        for (auto& s : g.sites)
            if (!s.place.empty() && !m.places().find(s.place)) {
                note(severity::warning, place_of(p, g), g.id, "sites",
                     "place " + quote_value(s.place) + " is not in the portfolio's gazetteer (the first source's): kept as written, " +
                         quote_value(s.as_written),
                     changed("site"));
                s.place.clear();
            }
        m.add_grant(std::move(g));
        for (const auto& t : rows_of(k, i)) m.add_transaction(m.grants().size() - 1, t);
    }
    return out;
}

}  // namespace grantfolio
