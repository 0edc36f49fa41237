// The JSON and CSV forms of a programme.
#include "grantfolio/io/json.hpp"
#include "grantfolio/io/csv.hpp"
#include "grantfolio/io/source.hpp"

#include <nlohmann/json.hpp>
#include <limits>
#include <sstream>

#include "detail/iati_record.hpp"
#include "detail/json_dom.hpp"
#include "grantfolio/detail/legacy_grant.hpp"

namespace grantfolio::io {

namespace {

using json = nlohmann::ordered_json;

json opt_date(const std::optional<date>& d) { return d ? json(format_date(*d)) : json(); }
json source_json(const source_record& r) {
    json j{{"format", r.format}, {"version", r.version}, {"text", r.text}};
    if (r.line) j["line"] = r.line;
    return j;
}
json money_json(const money& m) { return {{"amount", m.amount().to_string()}, {"currency", std::string(m.currency_of().code())}}; }

json org_ref(const program& p, const std::string& id) {
    if (id.empty()) return json();
    const organization& o = p.organization_by_id(id);
    return {{"id", o.id}, {"name", o.name}, {"acronym", o.acronym ? json(*o.acronym) : json()}};
}

json narratives_json(const std::vector<narrative>& texts) {
    json out = json::array();
    for (const auto& n : texts) out.push_back({{"language", n.language.empty() ? json() : json(n.language)}, {"text", n.text}});
    return out;
}

json text_or_null(const std::string& s) { return s.empty() ? json() : json(s); }

json classification_json(const classification& c) {
    json j = {{"code", c.code},
              {"vocabulary", text_or_null(c.vocabulary)},
              {"vocabulary_uri", text_or_null(c.vocabulary_uri)},
              {"percentage", c.percentage ? json(c.percentage->to_string()) : json()}};
    if (!c.narratives.empty()) j["narratives"] = narratives_json(c.narratives);
    return j;
}

/// A site's location detail: only what it states.
json location_json(const location_detail& d) {
    json j = json::object();
    auto codes = [](const std::vector<location_code>& v) {
        json out = json::array();
        for (const auto& c : v) out.push_back({{"vocabulary", text_or_null(c.vocabulary)}, {"code", c.code}, {"level", text_or_null(c.level)}});
        return out;
    };
    for (const auto& [key, text] : {std::pair{"ref", &d.ref}, std::pair{"reach", &d.reach}, std::pair{"exactness", &d.exactness},
                                    std::pair{"location_class", &d.location_class}, std::pair{"feature_designation", &d.feature_designation},
                                    std::pair{"country", &d.country}})
        if (!text->empty()) j[key] = *text;
    if (!d.ids.empty()) j["ids"] = codes(d.ids);
    if (!d.administrative.empty()) j["administrative"] = codes(d.administrative);
    for (const auto& [key, list] : {std::pair{"names", &d.names}, std::pair{"descriptions", &d.descriptions},
                                    std::pair{"activity_descriptions", &d.activity_descriptions}})
        if (!list->empty()) j[key] = narratives_json(*list);
    if (d.point)
        j["point"] = {{"latitude", d.point->latitude.to_string()}, {"longitude", d.point->longitude.to_string()}, {"srs_name", text_or_null(d.point->srs_name)}};
    return j;
}

json site_json(const program& p, const site& s) {
    json j;
    const place* pl = p.place_of(s);
    j["name"] = pl ? pl->name : s.as_written;
    j["level"] = pl ? json(to_string(pl->level)) : json();
    const place* d = pl ? p.places().ancestor(*pl, place_level::district) : nullptr;
    const place* q = pl ? p.places().ancestor(*pl, place_level::qark) : nullptr;
    j["district"] = d ? json(d->name) : json();
    j["qark"] = q ? json(q->name) : json();
    j["place_id"] = pl ? json(pl->id) : json();
    j["as_written"] = s.as_written;
    j["note"] = s.note.empty() ? json() : json(s.note);
    if (!s.detail.empty()) j["detail"] = location_json(*s.detail);
    return j;
}

/// A transaction's detail: only what it states.
json detail_json(const program& p, const transaction_detail& d) {
    json j = json::object();
    if (d.transaction_date) j["transaction_date"] = format_date(*d.transaction_date);
    if (d.period_start) j["period_start"] = format_date(*d.period_start);
    if (d.period_end) j["period_end"] = format_date(*d.period_end);
    for (const auto& [key, field] : transaction_detail_texts)
        if (!(d.*field).empty()) j[key] = d.*field;
    for (const auto& [key, party] : {std::pair{"provider", &d.provider}, std::pair{"receiver", &d.receiver}})
        if (!party->empty())
            j[key] = {{"org", party->org.empty() ? json() : org_ref(p, party->org)},
                      {"activity_id", party->activity_id.empty() ? json() : json(party->activity_id)},
                      {"type", party->type.empty() ? json() : json(party->type)},
                      {"name", party->name.empty() ? json() : json(party->name)}};
    for (const auto& [key, list] : {std::pair{"aid_types", &d.aid_types}, std::pair{"sectors", &d.sectors},
                                    std::pair{"recipient_countries", &d.recipient_countries}, std::pair{"recipient_regions", &d.recipient_regions}})
        if (!list->empty()) {
            json& out = j[key] = json::array();
            for (const auto& c : *list) out.push_back(classification_json(c));
        }
    return j;
}

/// Whether grouping the rows by grant keeps their order (then a transaction needs no "row").
bool grouped_in_order(const transaction_store::grouping& by_grant) {
    for (std::size_t k = 0; k < by_grant.rows.size(); ++k)
        if (by_grant.rows[k] != k) return false;
    return true;
}

/// One grant's object; `by_grant` is the programme's transactions grouped by grant. With `rows`,
/// each transaction says its place in the programme's order ("row"), which grouping by grant loses.
json grant_json(const program& p, const json_options& o, std::size_t gi, const transaction_store::grouping& by_grant,
                bool rows) {
    const auto& tx = p.transactions();
    const grant& g = p.grants()[gi];
    json gj;
    gj["id"] = g.id;
    gj["phase"] = g.phase;
    gj["title"] = g.title;
    gj["grantee"] = org_ref(p, g.grantee);
    gj["partners"] = json::array();
    for (const auto& id : g.partners) gj["partners"].push_back(org_ref(p, id));
    gj["co_funders"] = json::array();
    for (const auto& id : g.co_funders) gj["co_funders"].push_back(org_ref(p, id));
    gj["sites"] = json::array();
    for (const auto& s : g.sites) gj["sites"].push_back(site_json(p, s));
    gj["sites_as_written"] = g.sites_as_written;
    gj["planned_start"] = g.planned ? json(format_date(g.planned->first())) : json();
    gj["planned_end"] = g.planned ? json(format_date(g.planned->last())) : json();
    gj["actual_start"] = opt_date(g.actual_start);
    gj["actual_end"] = opt_date(g.actual_end);
    gj["closed_early"] = g.closed_early();
    gj["award"] = g.award ? money_json(*g.award) : json();
    gj["tags"] = g.tags;
    gj["target_groups"] = g.target_groups;
    gj["transactions"] = json::array();
    for (std::size_t k = by_grant.offsets[gi]; k < by_grant.offsets[gi + 1]; ++k) {
        const std::size_t r = by_grant.rows[k];
        json tj = money_json(tx.amount(r));
        tj["kind"] = to_string(tx.kind(r));
        tj["value_date"] = format_date(tx.value_date(r));
        tj["note"] = std::string(tx.note(r));
        if (const auto d = tx.detail(r)) tj["detail"] = detail_json(p, *d);
        if (rows) tj["row"] = r;
        gj["transactions"].push_back(std::move(tj));
    }
    if (o.descriptions) gj["description"] = g.description;
    // Written only when known, so that a programme without them keeps its earlier JSON form.
    if (!g.reporting_org.empty()) gj["reporting_org"] = org_ref(p, g.reporting_org);
    if (g.status) gj["status"] = to_string(*g.status);
    if (!g.language.empty()) gj["language"] = g.language;
    if (!g.titles.empty()) gj["titles"] = narratives_json(g.titles);
    if (o.descriptions && !g.descriptions.empty()) {
        json& out = gj["descriptions"] = json::array();
        for (const auto& d : g.descriptions) out.push_back({{"type", d.type.empty() ? json() : json(d.type)}, {"narratives", narratives_json(d.narratives)}});
    }
    if (!g.participants.empty()) {
        json& pts = gj["participants"] = json::array();
        for (const auto& pt : g.participants)
            pts.push_back({{"org", org_ref(p, pt.org)},
                           {"role", to_string(pt.role)},
                           {"type", pt.type.empty() ? json() : json(pt.type)},
                           {"activity_id", pt.activity_id.empty() ? json() : json(pt.activity_id)},
                           {"crs_channel", pt.crs_channel.empty() ? json() : json(pt.crs_channel)}});
    }
    for (const auto& [key, list] : {std::pair{"sectors", &g.sectors}, std::pair{"recipient_countries", &g.recipient_countries},
                                    std::pair{"recipient_regions", &g.recipient_regions}, std::pair{"coded_tags", &g.coded_tags}})
        if (!list->empty()) {
            json& out = gj[key] = json::array();
            for (const auto& c : *list) out.push_back(classification_json(c));
        }
    for (const auto& m : g.policy_markers)
        gj["policy_markers"].push_back({{"code", m.code}, {"vocabulary", text_or_null(m.vocabulary)}, {"vocabulary_uri", text_or_null(m.vocabulary_uri)},
                                        {"significance", text_or_null(m.significance)}, {"narratives", narratives_json(m.narratives)}});
    for (const auto& h : g.humanitarian_scopes)
        gj["humanitarian_scopes"].push_back({{"type", text_or_null(h.type)}, {"vocabulary", text_or_null(h.vocabulary)},
                                             {"vocabulary_uri", text_or_null(h.vocabulary_uri)}, {"code", h.code},
                                             {"narratives", narratives_json(h.narratives)}});
    for (const auto& r : g.related_activities) gj["related_activities"].push_back({{"ref", r.ref}, {"type", text_or_null(r.type)}});
    for (const auto& d : g.document_links)
        gj["document_links"].push_back({{"url", d.url}, {"format", text_or_null(d.format)}, {"titles", narratives_json(d.titles)},
                                        {"descriptions", narratives_json(d.descriptions)}, {"categories", d.categories},
                                        {"languages", d.languages}, {"document_date", opt_date(d.document_date)}});
    if (!g.source.empty()) gj["source"] = source_json(g.source);
    return gj;
}

/// Everything but the grants, whose array is left empty.
json program_json(const program& p) {
    json root;
    root["format"] = "grantfolio-program";
    root["version"] = 2;
    json& pj = root["program"];
    pj["id"] = p.id;
    pj["name"] = p.name("en");
    pj["acronym"] = p.acronym("en");
    pj["names"] = json::array();
    for (const auto& n : p.names) pj["names"].push_back({{"language", n.language}, {"name", n.name}, {"acronym", n.acronym}});
    pj["donor"] = org_ref(p, p.donor);
    pj["implementer"] = org_ref(p, p.implementer);
    pj["country"] = p.country.empty() ? json() : json(p.country);
    pj["revised_on"] = opt_date(p.revised_on);
    if (!p.generated_at.empty()) pj["generated_at"] = p.generated_at;
    if (!p.introduction.empty()) pj["introduction"] = source_json(p.introduction);
    pj["totals"] = json::array();
    for (const auto& m : p.totals) pj["totals"].push_back(money_json(m));
    pj["phases"] = json::array();
    for (const auto& ph : p.phases()) {
        json phj{{"number", ph.number},
                 {"name", ph.name},
                 {"start", ph.window ? json(format_date(ph.window->first())) : json()},
                 {"end", ph.window ? json(format_date(ph.window->last())) : json()}};
        if (!ph.source.empty()) phj["source"] = source_json(ph.source);
        pj["phases"].push_back(std::move(phj));
    }
    pj["source"] = p.source;
    root["organizations"] = json::array();
    for (const auto& org : p.organizations())
        root["organizations"].push_back({{"id", org.id},
                                         {"name", org.name},
                                         {"acronym", org.acronym ? json(*org.acronym) : json()},
                                         {"kind", to_string(org.kind)},
                                         {"spellings", org.spellings}});
    root["grants"] = json::array();  // streamed by write_json, one grant at a time
    root["places"] = json::array();
    for (const auto& pl : p.places().places())
        root["places"].push_back({{"id", pl.id},
                                  {"level", to_string(pl.level)},
                                  {"name", pl.name},
                                  {"definite", pl.definite},
                                  {"genitive", pl.genitive},
                                  {"parent", pl.parent.empty() ? json() : json(pl.parent)},
                                  {"code", pl.code.empty() ? json() : json(pl.code)},
                                  {"aliases", pl.aliases}});
    root["gazetteer"] = p.places().name();
    return root;
}

// ------------------------------------------------------------------------------------------------
// Reading, with the JSON path of every problem.

struct reader {
    std::string file;

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        throw parse_error(what, parse_error::location{file, 0, 0, path});
    }
    const json& need(const json& j, const char* key, const std::string& path) const {
        if (!j.is_object()) fail(path, "expected an object");
        auto it = j.find(key);
        if (it == j.end()) fail(path + "." + key, "missing");
        return *it;
    }
    std::string str(const json& j, const std::string& path) const {
        if (!j.is_string()) fail(path, "expected a string");
        return j.get<std::string>();
    }
    std::string str_or_empty(const json& j, const char* key, const std::string& path) const {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return {};
        return str(*it, path + "." + key);
    }
    /// A grant's or phase's "source", a programme's "introduction" (absent or null: none).
    source_record source_of(const json& j, const std::string& path, const char* key = "source") const {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return {};
        const std::string at = path + "." + key;
        if (!it->is_object()) fail(at, "not an object");
        source_record r{str(need(*it, "format", at), at + ".format"), str_or_empty(*it, "version", at), str(need(*it, "text", at), at + ".text")};
        if (r.format.empty()) fail(at + ".format", "empty");
        if (auto line = it->find("line"); line != it->end() && !line->is_null())
            r.line = static_cast<std::size_t>(integer(*line, at + ".line", 1, std::numeric_limits<std::uint32_t>::max()));
        return r;
    }
    /// An integer in [lo, hi]; anything else (a fraction, text, a number out of range) is an error.
    long long integer(const json& j, const std::string& path, long long lo, long long hi) const {
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
            fail(path, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not " + j.dump());
        if (!j.is_number_integer())
            fail(path, "expected an integer, not " + std::string(j.is_binary() ? "a number with a fraction or exponent" : j.type_name()));
        const auto v = j.get<long long>();
        if (v < lo || v > hi)
            fail(path, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not " + std::to_string(v));
        return v;
    }
    std::optional<date> opt_date(const json& j, const char* key, const std::string& path) const {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return std::nullopt;
        try {
            return parse_date(str(*it, path + "." + key));
        } catch (const parse_error& e) {
            fail(path + "." + key, e.what());
        }
    }
    /// The narratives under `key` (absent: none).
    std::vector<narrative> narratives_at(const json& holder, const char* key, const std::string& where) const {
        std::vector<narrative> out;
        if (!holder.contains(key)) return out;
        const json& items = array(holder, key, where);
        for (std::size_t k = 0; k < items.size(); ++k) {
            const std::string nat = where + "." + key + "[" + std::to_string(k) + "]";
            out.push_back({str_or_empty(items[k], "language", nat), str(need(items[k], "text", nat), nat + ".text")});
        }
        return out;
    }
    /// Texts under `key` (absent: none).
    std::vector<std::string> texts_at(const json& holder, const char* key, const std::string& where) const {
        std::vector<std::string> out;
        if (!holder.contains(key)) return out;
        const json& items = array(holder, key, where);
        for (std::size_t k = 0; k < items.size(); ++k) out.push_back(str(items[k], where + "." + key + "[" + std::to_string(k) + "]"));
        return out;
    }
    /// Objects under `key` (absent: none), each read by `item(object, its path)`.
    template <class F>
    void each_at(const json& holder, const char* key, const std::string& where, F&& item) const {
        if (!holder.contains(key)) return;
        const json& items = array(holder, key, where);
        for (std::size_t k = 0; k < items.size(); ++k) item(items[k], where + "." + key + "[" + std::to_string(k) + "]");
    }
    /// A site's "detail" (absent: none).
    location_detail location_of(const json& sj, const std::string& sat) const {
        location_detail d;
        auto it = sj.find("detail");
        if (it == sj.end() || it->is_null()) return d;
        const std::string at = sat + ".detail";
        if (!it->is_object()) fail(at, "expected an object");
        const json& j = *it;
        for (const auto& [key, text] : {std::pair{"ref", &d.ref}, std::pair{"reach", &d.reach}, std::pair{"exactness", &d.exactness},
                                        std::pair{"location_class", &d.location_class}, std::pair{"feature_designation", &d.feature_designation},
                                        std::pair{"country", &d.country}})
            *text = str_or_empty(j, key, at);
        for (const auto& codes : {std::pair{"ids", &d.ids}, std::pair{"administrative", &d.administrative}}) {
            std::vector<location_code>* list = codes.second;  // a name of its own: lambdas cannot capture bindings (C++17)
            each_at(j, codes.first, at, [&](const json& c, const std::string& cat) {
                list->push_back({str_or_empty(c, "vocabulary", cat), str(need(c, "code", cat), cat + ".code"), str_or_empty(c, "level", cat)});
            });
        }
        d.names = narratives_at(j, "names", at);
        d.descriptions = narratives_at(j, "descriptions", at);
        d.activity_descriptions = narratives_at(j, "activity_descriptions", at);
        if (auto pt = j.find("point"); pt != j.end() && !pt->is_null()) {
            const std::string pat = at + ".point";
            auto degrees = [&](const char* key) {
                try {
                    return decimal::parse(str(need(*pt, key, pat), pat + "." + key));
                } catch (const parse_error& e) {
                    fail(pat + "." + key, e.what());
                }
            };
            d.point = geo_point{degrees("latitude"), degrees("longitude"), str_or_empty(*pt, "srs_name", pat)};
        }
        return d;
    }
    /// A list of classifications under `key` (absent: none).
    std::vector<classification> classifications(const json& holder, const char* key, const std::string& at) const {
        std::vector<classification> out;
        if (!holder.contains(key)) return out;
        const std::string where = at + "." + key;
        const json& items = holder.at(key);
        if (!items.is_array()) fail(where, "expected an array");
        for (std::size_t k = 0; k < items.size(); ++k) {
            const std::string cat = where + "[" + std::to_string(k) + "]";
            classification c{str(need(items[k], "code", cat), cat + ".code"), str_or_empty(items[k], "vocabulary", cat),
                             str_or_empty(items[k], "vocabulary_uri", cat), std::nullopt, narratives_at(items[k], "narratives", cat)};
            if (const std::string pct = str_or_empty(items[k], "percentage", cat); !pct.empty()) {
                try {
                    c.percentage = decimal::parse(pct);
                } catch (const error& e) {
                    fail(cat + ".percentage", e.what());
                }
            }
            out.push_back(std::move(c));
        }
        return out;
    }
    /// A transaction's "detail" (absent: none).
    transaction_detail detail_of(const json& tj, const std::string& tat) const {
        transaction_detail d;
        auto it = tj.find("detail");
        if (it == tj.end() || it->is_null()) return d;
        const std::string at = tat + ".detail";
        if (!it->is_object()) fail(at, "expected an object");
        const json& j = *it;
        d.transaction_date = opt_date(j, "transaction_date", at);
        d.period_start = opt_date(j, "period_start", at);
        d.period_end = opt_date(j, "period_end", at);
        for (const auto& [key, field] : transaction_detail_texts) d.*field = str_or_empty(j, key, at);
        for (const auto& [key, party] : {std::pair{"provider", &d.provider}, std::pair{"receiver", &d.receiver}}) {
            auto pt = j.find(key);
            if (pt == j.end() || pt->is_null()) continue;
            const std::string pat = at + "." + key;
            if (auto org = pt->find("org"); org != pt->end() && !org->is_null()) party->org = ref_id(*org, pat + ".org");
            party->activity_id = str_or_empty(*pt, "activity_id", pat);
            party->type = str_or_empty(*pt, "type", pat);
            party->name = str_or_empty(*pt, "name", pat);
        }
        d.aid_types = classifications(j, "aid_types", at);
        d.sectors = classifications(j, "sectors", at);
        d.recipient_countries = classifications(j, "recipient_countries", at);
        d.recipient_regions = classifications(j, "recipient_regions", at);
        return d;
    }
    money money_of(const json& j, const std::string& path) const {
        try {
            return money(decimal::parse(str(need(j, "amount", path), path + ".amount")),
                         currency(str(need(j, "currency", path), path + ".currency")));
        } catch (const parse_error& e) {
            if (!e.where().field.empty()) throw;
            fail(path, e.what());
        } catch (const error& e) {
            fail(path, e.what());
        }
    }
    const json& array(const json& j, const char* key, const std::string& path) const {
        const json& a = need(j, key, path);
        if (!a.is_array()) fail(path + "." + key, "expected an array");
        return a;
    }
    std::vector<std::string> strings(const json& j, const char* key, const std::string& path) const {
        std::vector<std::string> out;
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return out;
        if (!it->is_array()) fail(path + "." + key, "expected an array");
        for (std::size_t i = 0; i < it->size(); ++i)
            out.push_back(str((*it)[i], path + "." + key + "[" + std::to_string(i) + "]"));
        return out;
    }
    std::string ref_id(const json& j, const std::string& path) const {
        if (j.is_null()) return {};
        return str(need(j, "id", path), path + ".id");
    }

    /// A transaction read under its grant, with the place in the programme's order it says it had.
    struct pending_transaction {
        std::optional<std::size_t> row;
        std::size_t grant;
        transaction t;
        std::string at;
    };
    /// Adds the transactions in the order their "row"s give (a permutation of 0..N-1: every one has a
    /// row or none has, none twice, none past the end), else in the order read (grouped by grant).
    void add_in_order(program& p, std::vector<pending_transaction>& pending) const {
        std::size_t with_row = 0;
        for (const auto& x : pending) with_row += x.row.has_value();
        if (with_row == 0) {
            for (auto& x : pending) p.add_transaction(x.grant, x.t);
            return;
        }
        std::vector<pending_transaction*> at_row(pending.size(), nullptr);
        for (auto& x : pending) {
            if (!x.row) fail(x.at, "has no row, while other transactions do (all or none)");
            if (*x.row >= pending.size())
                fail(x.at + ".row", std::to_string(*x.row) + " is past the last of " + std::to_string(pending.size()) + " transactions");
            if (at_row[*x.row]) fail(x.at + ".row", std::to_string(*x.row) + " is also " + at_row[*x.row]->at + "'s row");
            at_row[*x.row] = &x;
        }
        for (auto* x : at_row) p.add_transaction(x->grant, x->t);
    }

    program read(const json& root) const {
        if (!root.is_object()) fail("", "expected a JSON object");
        if (str_or_empty(root, "format", "") != "grantfolio-program") fail("format", "not a grantfolio-program document");
        const json& v = need(root, "version", "");
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > 2)
            fail("version", "written by a newer grantfolio (format version " + v.dump() + "; this one reads 1 and 2)");
        // Version 1 kept a location's ref as its site's note and tags as "tag:V:C" (and had no
        // location details, coded tags, policy markers, ... to read).
        const bool version_1 = integer(v, "version", 1, 2) == 1;
        program p;
        gazetteer g(str_or_empty(root, "gazetteer", ""));
        const json& places = array(root, "places", "");
        for (std::size_t i = 0; i < places.size(); ++i) {
            std::string at = "places[" + std::to_string(i) + "]";
            const json& pj = places[i];
            place pl;
            pl.id = str(need(pj, "id", at), at + ".id");
            try {
                pl.level = parse_place_level(str(need(pj, "level", at), at + ".level"));
                pl.name = str(need(pj, "name", at), at + ".name");
                pl.definite = str_or_empty(pj, "definite", at);
                pl.genitive = str_or_empty(pj, "genitive", at);
                pl.parent = str_or_empty(pj, "parent", at);
                pl.code = str_or_empty(pj, "code", at);
                pl.aliases = strings(pj, "aliases", at);
                g.add(std::move(pl));
            } catch (const invalid_argument& e) {
                fail(at, e.what());
            }
        }
        p.set_places(std::move(g));
        const json& pj = need(root, "program", "");
        p.id = str(need(pj, "id", "program"), "program.id");
        const json& names = array(pj, "names", "program");
        for (std::size_t i = 0; i < names.size(); ++i) {
            std::string at = "program.names[" + std::to_string(i) + "]";
            p.names.push_back({str(need(names[i], "language", at), at + ".language"),
                               str(need(names[i], "name", at), at + ".name"), str_or_empty(names[i], "acronym", at)});
        }
        p.country = str_or_empty(pj, "country", "program");
        p.revised_on = opt_date(pj, "revised_on", "program");
        p.source = str_or_empty(pj, "source", "program");
        p.generated_at = str_or_empty(pj, "generated_at", "program");
        p.introduction = source_of(pj, "program", "introduction");
        const json& totals = array(pj, "totals", "program");
        for (std::size_t i = 0; i < totals.size(); ++i) p.totals.push_back(money_of(totals[i], "program.totals[" + std::to_string(i) + "]"));
        const json& phases = array(pj, "phases", "program");
        for (std::size_t i = 0; i < phases.size(); ++i) {
            std::string at = "program.phases[" + std::to_string(i) + "]";
            const int number = static_cast<int>(integer(need(phases[i], "number", at), at + ".number", 0, std::numeric_limits<int>::max()));
            phase ph{number, str_or_empty(phases[i], "name", at), std::nullopt, source_of(phases[i], at)};
            auto s = opt_date(phases[i], "start", at), e = opt_date(phases[i], "end", at);
            if (s && e) {
                if (*e < *s) fail(at + ".end", "before the start");
                ph.window = period(*s, *e);
            }
            try {
                p.add_phase(std::move(ph));
            } catch (const invalid_argument& x) {
                fail(at, x.what());
            }
        }
        const json& orgs = array(root, "organizations", "");
        for (std::size_t i = 0; i < orgs.size(); ++i) {
            std::string at = "organizations[" + std::to_string(i) + "]";
            organization o;
            o.id = str(need(orgs[i], "id", at), at + ".id");
            o.name = str(need(orgs[i], "name", at), at + ".name");
            if (auto a = str_or_empty(orgs[i], "acronym", at); !a.empty()) o.acronym = a;
            try {
                o.kind = parse_organization_kind(str(need(orgs[i], "kind", at), at + ".kind"));
                o.spellings = strings(orgs[i], "spellings", at);
                p.add_organization(std::move(o));
            } catch (const invalid_argument& e) {
                fail(at, e.what());
            }
        }
        p.donor = ref_id(need(pj, "donor", "program"), "program.donor");
        p.implementer = ref_id(need(pj, "implementer", "program"), "program.implementer");
        for (const auto* id : {&p.donor, &p.implementer})
            if (!id->empty() && !p.find_organization(*id)) fail("program", "names unknown organization " + quote_value(*id));
        const json& grants = array(root, "grants", "");
        std::vector<pending_transaction> pending;
        // The oldest form of a grant with an IATI record: 4, written before grants were typed; 5,
        // before locations, tags and the rest of version 2 (archive format 6) were.
        unsigned oldest = 6;
        for (std::size_t i = 0; i < grants.size(); ++i) {
            std::string at = "grants[" + std::to_string(i) + "]";
            const json& gj = grants[i];
            grant gr;
            gr.id = str(need(gj, "id", at), at + ".id");
            gr.phase = static_cast<int>(integer(need(gj, "phase", at), at + ".phase", 0, std::numeric_limits<int>::max()));
            gr.title = str(need(gj, "title", at), at + ".title");
            gr.grantee = ref_id(need(gj, "grantee", at), at + ".grantee");
            const json& partners = array(gj, "partners", at);
            for (std::size_t k = 0; k < partners.size(); ++k)
                gr.partners.push_back(ref_id(partners[k], at + ".partners[" + std::to_string(k) + "]"));
            if (gj.contains("co_funders")) {
                const json& cf = array(gj, "co_funders", at);
                for (std::size_t k = 0; k < cf.size(); ++k)
                    gr.co_funders.push_back(ref_id(cf[k], at + ".co_funders[" + std::to_string(k) + "]"));
            }
            const json& sites = array(gj, "sites", at);
            for (std::size_t k = 0; k < sites.size(); ++k) {
                std::string sat = at + ".sites[" + std::to_string(k) + "]";
                site s;
                s.place = str_or_empty(sites[k], "place_id", sat);
                s.as_written = str_or_empty(sites[k], "as_written", sat);
                if (s.as_written.empty()) s.as_written = str(need(sites[k], "name", sat), sat + ".name");
                s.note = str_or_empty(sites[k], "note", sat);
                s.detail = location_of(sites[k], sat);
                gr.sites.push_back(std::move(s));
            }
            gr.sites_as_written = str_or_empty(gj, "sites_as_written", at);
            auto ps = opt_date(gj, "planned_start", at), pe = opt_date(gj, "planned_end", at);
            if (ps && pe) {
                if (*pe < *ps) fail(at + ".planned_end", "before planned_start");
                gr.planned = period(*ps, *pe);
            } else if (ps || pe) {
                fail(at, "planned_start and planned_end go together");
            }
            gr.actual_start = opt_date(gj, "actual_start", at);
            gr.actual_end = opt_date(gj, "actual_end", at);
            if (auto it = gj.find("award"); it != gj.end() && !it->is_null()) gr.award = money_of(*it, at + ".award");
            gr.tags = strings(gj, "tags", at);
            gr.target_groups = strings(gj, "target_groups", at);
            const json& txs = array(gj, "transactions", at);
            std::vector<transaction> mine;
            mine.reserve(txs.size());
            std::vector<std::optional<std::size_t>> mine_rows;
            for (std::size_t k = 0; k < txs.size(); ++k) {
                std::string tat = at + ".transactions[" + std::to_string(k) + "]";
                try {
                    auto vd = opt_date(txs[k], "value_date", tat);
                    if (!vd) fail(tat + ".value_date", "missing");
                    mine.push_back(transaction{parse_transaction_kind(str(need(txs[k], "kind", tat), tat + ".kind")),
                                                          *vd, money_of(txs[k], tat), str_or_empty(txs[k], "note", tat), detail_of(txs[k], tat)});
                    auto row = txs[k].find("row");
                    mine_rows.push_back(row == txs[k].end() ? std::nullopt
                                                            : std::optional(static_cast<std::size_t>(integer(
                                                                  *row, tat + ".row", 0, std::numeric_limits<std::uint32_t>::max()))));
                } catch (const invalid_argument& e) {
                    fail(tat, e.what());
                }
            }
            gr.description = str_or_empty(gj, "description", at);
            if (auto it = gj.find("reporting_org"); it != gj.end() && !it->is_null()) gr.reporting_org = ref_id(*it, at + ".reporting_org");
            if (auto it = gj.find("status"); it != gj.end() && !it->is_null()) {
                const std::string name = str(*it, at + ".status");
                gr.status = activity_status_of_name(name);
                if (!gr.status)
                    fail(at + ".status", quote_value(name) + " is not a status (pipeline, implementation, finalisation, closed, cancelled, suspended)");
            }
            gr.source = source_of(gj, at);
            const bool typed = gj.contains("participants") || gj.contains("sectors") || gj.contains("recipient_countries") ||
                               gj.contains("recipient_regions") || gj.contains("language") || gj.contains("titles") || gj.contains("descriptions");
            if (typed) {
                gr.language = str_or_empty(gj, "language", at);
                gr.titles = narratives_at(gj, "titles", at);
                if (gj.contains("descriptions")) {
                    const json& ds = array(gj, "descriptions", at);
                    for (std::size_t k = 0; k < ds.size(); ++k) {
                        const std::string dat = at + ".descriptions[" + std::to_string(k) + "]";
                        gr.descriptions.push_back({str_or_empty(ds[k], "type", dat), narratives_at(ds[k], "narratives", dat)});
                    }
                }
                if (gj.contains("participants")) {
                    const json& pts = array(gj, "participants", at);
                    for (std::size_t k = 0; k < pts.size(); ++k) {
                        const std::string pat = at + ".participants[" + std::to_string(k) + "]";
                        participant pt;
                        pt.org = ref_id(need(pts[k], "org", pat), pat + ".org");
                        const std::string role = str(need(pts[k], "role", pat), pat + ".role");
                        if (auto r = participant_role_of_name(role)) pt.role = *r;
                        else fail(pat + ".role", quote_value(role) + " is not a role (funding, accountable, extending, implementing)");
                        pt.type = str_or_empty(pts[k], "type", pat);
                        pt.activity_id = str_or_empty(pts[k], "activity_id", pat);
                        pt.crs_channel = str_or_empty(pts[k], "crs_channel", pat);
                        gr.participants.push_back(std::move(pt));
                    }
                }
                gr.sectors = classifications(gj, "sectors", at);
                gr.recipient_countries = classifications(gj, "recipient_countries", at);
                gr.recipient_regions = classifications(gj, "recipient_regions", at);
            } else {
                // Written before grants had these fields: sectors were tags and places sites (and,
                // with an IATI record, the rest comes from it once the programme is read).
                grantfolio::detail::upgrade_places_and_sectors(gr);
                if (gr.source.format == "iati") oldest = std::min(oldest, 4u);
                for (auto& t : mine) grantfolio::detail::upgrade_transaction(t);
            }
            gr.coded_tags = classifications(gj, "coded_tags", at);
            each_at(gj, "policy_markers", at, [&](const json& m, const std::string& mat) {
                gr.policy_markers.push_back({str(need(m, "code", mat), mat + ".code"), str_or_empty(m, "vocabulary", mat),
                                             str_or_empty(m, "vocabulary_uri", mat), str_or_empty(m, "significance", mat),
                                             narratives_at(m, "narratives", mat)});
            });
            each_at(gj, "humanitarian_scopes", at, [&](const json& h, const std::string& hat) {
                gr.humanitarian_scopes.push_back({str_or_empty(h, "type", hat), str_or_empty(h, "vocabulary", hat), str_or_empty(h, "vocabulary_uri", hat),
                                                  str(need(h, "code", hat), hat + ".code"), narratives_at(h, "narratives", hat)});
            });
            each_at(gj, "related_activities", at, [&](const json& r, const std::string& rat) {
                gr.related_activities.push_back({str(need(r, "ref", rat), rat + ".ref"), str_or_empty(r, "type", rat)});
            });
            each_at(gj, "document_links", at, [&](const json& d, const std::string& dat) {
                gr.document_links.push_back({str(need(d, "url", dat), dat + ".url"), str_or_empty(d, "format", dat), narratives_at(d, "titles", dat),
                                             narratives_at(d, "descriptions", dat), texts_at(d, "categories", dat), texts_at(d, "languages", dat),
                                             opt_date(d, "document_date", dat)});
            });
            if (version_1) {
                grantfolio::detail::upgrade_locations_and_tags(gr);
                if (gr.source.format == "iati") oldest = std::min(oldest, 5u);
            }
            try {
                p.add_grant(std::move(gr));
            } catch (const invalid_argument& e) {
                fail(at, e.what());
            }
            for (std::size_t k = 0; k < mine.size(); ++k)
                pending.push_back({mine_rows[k], p.grants().size() - 1, std::move(mine[k]), at + ".transactions[" + std::to_string(k) + "]"});
        }
        add_in_order(p, pending);
        if (oldest < 6) detail::retype_from_records(p, oldest);
        return p;
    }
};

}  // namespace

void write_json(std::ostream& out, const program& p, const json_options& o) {
    // The grants are written one at a time, each dumped on its own and indented into place, so that
    // a large programme's document never exists in memory whole (a 68 MB export needed 1.94 GB).
    const std::string head = program_json(p).dump(o.indent);
    const std::string empty = o.indent < 0 ? "\"grants\":[]" : "\"grants\": []";
    const auto at = head.find(empty);
    if (at == std::string::npos) throw error("writing JSON: no place for the grants");  // cannot happen
    out.write(head.data(), static_cast<std::streamsize>(at + empty.size() - 1));
    const std::string inner = o.indent < 0 ? "" : "\n" + std::string(static_cast<std::size_t>(2 * o.indent), ' ');
    const auto by_grant = p.transactions().by_grant(p.grants().size());
    const bool rows = !grouped_in_order(by_grant);
    for (std::size_t gi = 0; gi < p.grants().size(); ++gi) {
        std::string g = grant_json(p, o, gi, by_grant, rows).dump(o.indent);
        if (o.indent >= 0) {  // a dumped string holds no raw line break, so every one is the layout's
            std::string shifted;
            shifted.reserve(g.size() + g.size() / 8);
            for (char c : g) {
                shifted += c;
                if (c == '\n') shifted.append(static_cast<std::size_t>(2 * o.indent), ' ');
            }
            g = std::move(shifted);
        }
        out << (gi ? "," : "") << inner << g;
    }
    if (!p.grants().empty() && o.indent >= 0) out << '\n' << std::string(static_cast<std::size_t>(o.indent), ' ');
    out << ']';
    out.write(head.data() + at + empty.size(), static_cast<std::streamsize>(head.size() - at - empty.size()));
    out << '\n';
}

std::string to_json(const program& p, const json_options& o) {
    std::ostringstream s;
    write_json(s, p, o);
    return s.str();
}

program read_json(std::string_view text, const std::string& name, const reader_limits& limits) {
    if (text.size() > limits.max_bytes)
        throw parse_error("JSON exceeds the byte cap of " + std::to_string(limits.max_bytes), parse_error::location{name, 0, 0, {}});
    detail::json_tree<json> tree;
    detail::json_dom_limits dl;
    dl.max_memory = limits.max_memory;
    detail::parse_bounded(text, name, tree, dl);
    return reader{name}.read(tree.root);
}

bool looks_like_json(std::string_view text) { return detect_source(text) == source_format::json; }

void write_csv(std::ostream& out, const program& p) {
    auto d = [](const std::optional<date>& x) { return x ? format_date(*x) : std::string(); };
    csv_writer csv(out);
    csv.record({"id", "phase", "title", "grantee_id", "grantee", "grantee_acronym", "partners", "sites", "districts", "qarqe",
                "planned_start", "planned_end", "actual_start", "actual_end", "closed_early", "award_amount", "award_currency",
                "transactions"});
    const auto by_grant = p.transactions().by_grant(p.grants().size());
    for (std::size_t gi = 0; gi < p.grants().size(); ++gi) {
        const grant& g = p.grants()[gi];
        const organization* o = p.grantee_of(gi);
        std::string partners, sites, districts, qarqe;
        for (const auto& id : g.partners) partners += (partners.empty() ? "" : "; ") + p.organization_by_id(id).name;
        for (const auto& s : g.sites) {
            const place* pl = p.place_of(s);
            sites += (sites.empty() ? "" : "; ") + (pl ? pl->name : s.as_written);
            const place* di = pl ? p.places().ancestor(*pl, place_level::district) : nullptr;
            const place* qa = pl ? p.places().ancestor(*pl, place_level::qark) : nullptr;
            if (di && districts.find(di->name) == std::string::npos) districts += (districts.empty() ? "" : "; ") + di->name;
            if (qa && qarqe.find(qa->name) == std::string::npos) qarqe += (qarqe.empty() ? "" : "; ") + qa->name;
        }
        // Text columns always quoted (as this format has always written them), the rest as needed.
        csv.text(g.id).field(std::to_string(g.phase)).text(g.title).text(g.grantee).text(o ? o->name : "");
        csv.text(o && o->acronym ? *o->acronym : "").text(partners).text(sites).text(districts).text(qarqe);
        csv.field(d(g.planned ? std::optional(g.planned->first()) : std::nullopt))
            .field(d(g.planned ? std::optional(g.planned->last()) : std::nullopt))
            .field(d(g.actual_start))
            .field(d(g.actual_end))
            .field(g.closed_early() ? "true" : "false")
            .field(g.award ? g.award->amount().to_string() : "")
            .field(g.award ? std::string(g.award->currency_of().code()) : "")
            .field(std::to_string(by_grant.offsets[gi + 1] - by_grant.offsets[gi]))
            .end_record();
    }
}

}  // namespace grantfolio::io
