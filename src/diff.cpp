// What changed between two revisions of a programme.
#include "grantfolio/diff.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "grantfolio/text.hpp"

namespace grantfolio {

namespace {

using json = nlohmann::ordered_json;

std::string join(const std::vector<std::string>& parts, const char* between = "; ") {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : between) + p;
    return out;
}

std::string day(const std::optional<date>& d) { return d ? format_date(*d) : std::string(); }

/// An organisation as both revisions can agree on it: its name (ids may differ between files).
std::string org_name(const program& p, const std::string& id) {
    if (id.empty()) return {};
    const organization* o = p.find_organization(id);
    return o ? o->name : id;
}

std::vector<std::string> org_names(const program& p, const std::vector<std::string>& ids) {
    std::vector<std::string> out;
    for (const auto& id : ids) out.push_back(org_name(p, id));
    return out;
}

std::string classifications(const std::vector<classification>& cs) {
    std::vector<std::string> out;
    for (const auto& c : cs)
        out.push_back((c.vocabulary.empty() ? "" : c.vocabulary + ":") + c.code + (c.percentage ? " " + c.percentage->to_string() + "%" : ""));
    return join(out);
}

std::string sites(const program& p, const grant& g) {
    std::vector<std::string> out;
    for (const auto& s : g.sites) {
        const place* pl = p.place_of(s);
        out.push_back(pl ? pl->name : s.as_written);
    }
    return join(out);
}

/// Each kind of transaction of a set of rows (and the awards), per currency: its sum and its rows,
/// keyed (1 + kind, or 0 for awards) << 16 | currency index: no text until a difference is written,
/// and awards first, then the kinds in their order.
constexpr std::uint32_t kind_award = 0;
using sums = std::map<std::uint32_t, std::pair<money, std::size_t>>;

std::uint32_t key_of(transaction_kind kind, const money& m) { return (static_cast<std::uint32_t>(kind) + 1) << 16 | m.currency_of().index(); }
std::uint32_t award_key(const money& m) { return kind_award << 16 | m.currency_of().index(); }
std::string kind_name(std::uint32_t key) {
    return (key >> 16) == kind_award ? std::string("award") : std::string(to_string(static_cast<transaction_kind>((key >> 16) - 1)));
}
std::string currency_name(std::uint32_t key) { return std::string(currency::from_index(static_cast<std::uint16_t>(key & 0xFFFF)).code()); }

void add_to(sums& s, std::uint32_t key, const money& m, std::size_t rows = 1) {
    auto [it, fresh] = s.try_emplace(key, m, rows);
    if (!fresh) it->second.first = it->second.first + m, it->second.second += rows;
}

/// One grant's rows, summed (`rows` its positions in the store).
sums sums_of(const transaction_store& tx, const std::uint32_t* rows, std::size_t count) {
    sums out;
    for (std::size_t k = 0; k < count; ++k) {
        const money m = tx.amount(rows[k]);
        add_to(out, key_of(tx.kind(rows[k]), m), m);
    }
    return out;
}

std::string sum_text(const sums& s, std::uint32_t key) {
    auto it = s.find(key);
    if (it == s.end()) return {};
    return it->second.first.to_string() + " in " + std::to_string(it->second.second) + (it->second.second == 1 ? " row" : " rows");
}

/// The fields of one grant as text, in the order they are reported.
std::vector<std::pair<std::string, std::string>> fields_of(const program& p, const grant& g) {
    std::vector<std::pair<std::string, std::string>> f{
        {"title", g.title},
        {"phase", std::to_string(g.phase)},
        {"grantee", org_name(p, g.grantee)},
        {"partners", join(org_names(p, g.partners))},
        {"co_funders", join(org_names(p, g.co_funders))},
        {"planned", g.planned ? to_string(*g.planned) : std::string()},
        {"actual_start", day(g.actual_start)},
        {"actual_end", day(g.actual_end)},
        {"sites", sites(p, g)},
        {"award", g.award ? g.award->to_string() : std::string()},
        {"status", g.status ? to_string(*g.status) : std::string()},
        {"reporting_org", org_name(p, g.reporting_org)},
        {"sectors", classifications(g.sectors)},
        {"recipient_countries", classifications(g.recipient_countries)},
        {"recipient_regions", classifications(g.recipient_regions)},
        {"description", g.description},
    };
    return f;
}

/// Whether two grants' reported fields are the same, checked without writing them as text: when
/// this holds, fields_of gives the same texts (most grants of two snapshots), so only the grants
/// where it does not are written out and compared text by text.
bool same_fields(const program& pa, const grant& a, const program& pb, const grant& b) {
    auto same_org = [&](const std::string& x, const std::string& y) {
        if (x.empty() || y.empty()) return x.empty() && y.empty();
        const organization* ox = pa.find_organization(x);
        const organization* oy = pb.find_organization(y);
        return (ox ? ox->name : x) == (oy ? oy->name : y);
    };
    auto same_orgs = [&](const std::vector<std::string>& x, const std::vector<std::string>& y) {
        if (x.size() != y.size()) return false;
        for (std::size_t k = 0; k < x.size(); ++k)
            if (!same_org(x[k], y[k])) return false;
        return true;
    };
    auto same_sites = [&] {
        if (a.sites.size() != b.sites.size()) return false;
        for (std::size_t k = 0; k < a.sites.size(); ++k) {
            const place* x = pa.place_of(a.sites[k]);
            const place* y = pb.place_of(b.sites[k]);
            if ((x ? x->name : a.sites[k].as_written) != (y ? y->name : b.sites[k].as_written)) return false;
        }
        return true;
    };
    auto same_award = [&] {
        if (a.award.has_value() != b.award.has_value()) return false;
        return !a.award || (a.award->currency_of() == b.award->currency_of() && a.award->amount().to_string() == b.award->amount().to_string());
    };
    return a.title == b.title && a.phase == b.phase && a.planned == b.planned && a.actual_start == b.actual_start &&
           a.actual_end == b.actual_end && a.status == b.status && a.description == b.description && a.sectors == b.sectors &&
           a.recipient_countries == b.recipient_countries && a.recipient_regions == b.recipient_regions && same_award() &&
           same_org(a.grantee, b.grantee) && same_org(a.reporting_org, b.reporting_org) && same_orgs(a.partners, b.partners) &&
           same_orgs(a.co_funders, b.co_funders) && same_sites();
}

/// Whether two grants' rows are the same kinds and amounts in the same order (then their sums are).
bool same_rows(const transaction_store& ta, const std::uint32_t* ra, std::size_t na, const transaction_store& tb,
               const std::uint32_t* rb, std::size_t nb) {
    if (na != nb) return false;
    for (std::size_t k = 0; k < na; ++k)
        if (ta.kind(ra[k]) != tb.kind(rb[k]) || !(ta.amount(ra[k]) == tb.amount(rb[k]))) return false;
    return true;
}

/// Grants paired old -> new: by title and grantee when both are listings (then what is left by id
/// where the title or the grantee is still the same: a retitled grant in its place), else by id.
std::vector<std::optional<std::size_t>> pair_grants(const program& a, const program& b, bool listings) {
    std::vector<std::optional<std::size_t>> to(a.grants().size());
    std::vector<bool> taken(b.grants().size(), false);
    auto title_key = [](const grant& g) { return text::match_key(text::collapse_spaces(g.title)); };
    auto grantee_key = [](const program& p, const grant& g) { return text::match_key(org_name(p, g.grantee)); };
    if (listings) {
        auto key = [&](const program& p, const grant& g) { return title_key(g) + "\x1f" + grantee_key(p, g); };
        std::multimap<std::string, std::size_t> by_key;
        for (std::size_t k = 0; k < b.grants().size(); ++k) by_key.emplace(key(b, b.grants()[k]), k);
        for (std::size_t k = 0; k < a.grants().size(); ++k) {
            auto range = by_key.equal_range(key(a, a.grants()[k]));
            for (auto it = range.first; it != range.second; ++it)
                if (!taken[it->second]) {
                    to[k] = it->second, taken[it->second] = true;
                    break;
                }
        }
    }
    std::unordered_map<std::string, std::size_t> by_id;
    for (std::size_t k = 0; k < b.grants().size(); ++k)
        if (!taken[k]) by_id.emplace(b.grants()[k].id, k);
    for (std::size_t k = 0; k < a.grants().size(); ++k) {
        if (to[k]) continue;
        auto it = by_id.find(a.grants()[k].id);
        if (it == by_id.end() || taken[it->second]) continue;
        const grant &was = a.grants()[k], &now = b.grants()[it->second];
        if (listings && title_key(was) != title_key(now) && grantee_key(a, was) != grantee_key(b, now)) continue;  // another grant
        to[k] = it->second, taken[it->second] = true;
    }
    return to;
}

bool is_listing(const program& p) {
    return !p.grants().empty() && std::all_of(p.grants().begin(), p.grants().end(), [](const grant& g) { return g.source.format == "listing"; });
}

void compare(std::vector<program_diff::field_change>& out, const std::string& field, const std::string& before, const std::string& after) {
    if (before != after) out.push_back({field, before, after});
}

}  // namespace

program_diff diff(const program& before, const program& after) {
    program_diff d;
    // The programme's own fields.
    auto names = [](const program& p) {
        std::vector<std::string> out;
        for (const auto& n : p.names) out.push_back(n.language + ": " + n.name + (n.acronym.empty() ? "" : " (" + n.acronym + ")"));
        return join(out);
    };
    auto totals = [](const program& p) {
        std::vector<std::string> out;
        for (const auto& m : p.totals) out.push_back(m.to_string());
        return join(out);
    };
    auto phases = [](const program& p) {
        std::vector<std::string> out;
        for (const auto& ph : p.phases())
            out.push_back(std::to_string(ph.number) + (ph.name.empty() ? "" : " " + ph.name) + (ph.window ? " " + to_string(*ph.window) : ""));
        return join(out);
    };
    compare(d.program, "id", before.id, after.id);
    compare(d.program, "names", names(before), names(after));
    compare(d.program, "donor", org_name(before, before.donor), org_name(after, after.donor));
    compare(d.program, "implementer", org_name(before, before.implementer), org_name(after, after.implementer));
    compare(d.program, "country", before.country, after.country);
    compare(d.program, "totals", totals(before), totals(after));
    compare(d.program, "revised_on", day(before.revised_on), day(after.revised_on));
    compare(d.program, "phases", phases(before), phases(after));

    // Grants, paired.
    const bool listings = is_listing(before) && is_listing(after);
    d.matched_by = listings ? "title and grantee" : "id";
    const auto to = pair_grants(before, after, listings);
    const auto& tx_before = before.transactions();
    const auto& tx_after = after.transactions();
    const auto rows_before = tx_before.by_grant(before.grants().size()), rows_after = tx_after.by_grant(after.grants().size());
    auto grant_sums = [](const transaction_store& tx, const transaction_store::grouping& g, std::size_t k) {
        return sums_of(tx, g.rows.data() + g.offsets[k], g.offsets[k + 1] - g.offsets[k]);
    };
    std::vector<std::optional<std::size_t>> from(after.grants().size());
    auto ref = [](const program& p, const grant& g) { return program_diff::grant_ref{g.id, g.title, org_name(p, g.grantee)}; };
    for (std::size_t k = 0; k < to.size(); ++k)
        if (to[k]) from[*to[k]] = k;
        else d.removed.push_back(ref(before, before.grants()[k]));
    for (std::size_t k = 0; k < after.grants().size(); ++k) {
        const grant& now = after.grants()[k];
        if (!from[k]) {
            d.added.push_back(ref(after, now));
            continue;
        }
        const grant& was = before.grants()[*from[k]];
        program_diff::grant_change c{now.id, was.id, {}};
        compare(c.fields, "id", was.id, now.id);
        if (!same_fields(before, was, after, now)) {
            const auto a = fields_of(before, was), b = fields_of(after, now);
            for (std::size_t f = 0; f < a.size(); ++f) compare(c.fields, a[f].first, a[f].second, b[f].second);
        }
        // Transactions: each kind and currency either side has.
        const std::size_t i = *from[k];
        const bool same = same_rows(tx_before, rows_before.rows.data() + rows_before.offsets[i], rows_before.offsets[i + 1] - rows_before.offsets[i],
                                    tx_after, rows_after.rows.data() + rows_after.offsets[k], rows_after.offsets[k + 1] - rows_after.offsets[k]);
        const sums s_was = same ? sums{} : grant_sums(tx_before, rows_before, i), s_now = same ? sums{} : grant_sums(tx_after, rows_after, k);
        if (s_was != s_now) {
            std::set<std::uint32_t> keys;
            for (const auto& [key, _] : s_was) keys.insert(key);
            for (const auto& [key, _] : s_now) keys.insert(key);
            for (const auto key : keys) compare(c.fields, kind_name(key) + " " + currency_name(key), sum_text(s_was, key), sum_text(s_now, key));
        }
        if (c.fields.size() == 1 && c.fields[0].field == "id") d.renumbered.emplace_back(was.id, now.id);
        else if (!c.fields.empty()) d.changed.push_back(std::move(c));
    }

    // Money: each kind and currency over the whole programme, and the awards.
    auto programme_sums = [](const program& p) {
        const auto& tx = p.transactions();
        sums all;
        for (std::size_t r = 0; r < tx.size(); ++r) {
            const money m = tx.amount(r);
            add_to(all, key_of(tx.kind(r), m), m);
        }
        for (const grant& g : p.grants())
            if (g.award) add_to(all, award_key(*g.award), *g.award);
        return all;
    };
    const sums all_before = programme_sums(before), all_after = programme_sums(after);
    std::set<std::uint32_t> keys;
    for (const auto& [key, _] : all_before) keys.insert(key);
    for (const auto& [key, _] : all_after) keys.insert(key);
    for (const auto key : keys) {
        auto b = all_before.find(key), a = all_after.find(key);
        const money zero(decimal(0), currency::from_index(static_cast<std::uint16_t>(key & 0xFFFF)));
        program_diff::money_change m{kind_name(key), b == all_before.end() ? zero : b->second.first, a == all_after.end() ? zero : a->second.first,
                                     b == all_before.end() ? 0 : b->second.second, a == all_after.end() ? 0 : a->second.second};
        if (m.before != m.after || m.rows_before != m.rows_after) d.sums.push_back(std::move(m));
    }
    return d;
}

std::string diff_json(const program_diff& d, int indent) {
    auto fields = [](const std::vector<program_diff::field_change>& fs) {
        json out = json::array();
        for (const auto& f : fs) out.push_back({{"field", f.field}, {"before", f.before}, {"after", f.after}});
        return out;
    };
    auto refs = [](const std::vector<program_diff::grant_ref>& rs) {
        json out = json::array();
        for (const auto& r : rs) out.push_back({{"id", r.id}, {"title", r.title}, {"grantee", r.grantee}});
        return out;
    };
    json j{{"matched_by", d.matched_by}, {"changes", d.count()}, {"program", fields(d.program)}, {"added", refs(d.added)}, {"removed", refs(d.removed)}};
    j["changed"] = json::array();
    for (const auto& c : d.changed) j["changed"].push_back({{"id", c.id}, {"old_id", c.old_id}, {"fields", fields(c.fields)}});
    j["renumbered"] = json::array();
    for (const auto& [was, now] : d.renumbered) j["renumbered"].push_back({{"old_id", was}, {"id", now}});
    j["sums"] = json::array();
    for (const auto& m : d.sums)
        j["sums"].push_back({{"kind", m.kind}, {"currency", std::string(m.before.currency_of().code())}, {"before", m.before.amount().to_string()},
                             {"after", m.after.amount().to_string()}, {"difference", m.difference().amount().to_string()},
                             {"rows_before", m.rows_before}, {"rows_after", m.rows_after}});
    return j.dump(indent);
}

std::string diff_text(const program_diff& d) {
    auto clip = [](const std::string& s) { return s.empty() ? std::string("(none)") : quote_value(s, 80); };
    std::string out;
    for (const auto& f : d.program) out += "~ programme " + f.field + ": " + clip(f.before) + " -> " + clip(f.after) + "\n";
    auto line = [&](const char* mark, const program_diff::grant_ref& r) {
        return std::string(mark) + " " + r.id + " " + clip(r.title) + (r.grantee.empty() ? "" : " (" + r.grantee + ")") + "\n";
    };
    for (const auto& r : d.removed) out += line("-", r);
    for (const auto& r : d.added) out += line("+", r);
    for (const auto& c : d.changed) {
        const std::string who = c.old_id == c.id ? c.id : c.id + " (was " + c.old_id + ")";
        for (const auto& f : c.fields)
            if (f.field != "id") out += "~ " + who + " " + f.field + ": " + clip(f.before) + " -> " + clip(f.after) + "\n";
    }
    if (!d.renumbered.empty()) {
        out += "= renumbered, nothing else changed:";
        for (const auto& [was, now] : d.renumbered) out += " " + was + "->" + now;
        out += "\n";
    }
    for (const auto& m : d.sums) {
        const std::string diff = m.difference().amount().to_string();
        out += "~ " + m.kind + " " + std::string(m.before.currency_of().code()) + ": " + m.before.amount().to_string() + " in " +
               std::to_string(m.rows_before) + " -> " + m.after.amount().to_string() + " in " + std::to_string(m.rows_after) + " (" +
               (diff.front() == '-' ? "" : "+") + diff + ")\n";
    }
    out += std::to_string(d.added.size()) + " added, " + std::to_string(d.removed.size()) + " removed, " + std::to_string(d.changed.size()) +
           " changed, " + std::to_string(d.renumbered.size()) + " renumbered (grants matched by " + d.matched_by + "); " + std::to_string(d.program.size()) + " programme fields and " +
           std::to_string(d.sums.size()) + " sums differ\n";
    return out;
}

}  // namespace grantfolio
