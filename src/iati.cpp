#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/source.hpp"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <pugixml.hpp>

#include "grantfolio/detail/utf8.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace grantfolio::io {

namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

/// The element's path from the root, with positions among same-named siblings:
/// /iati-activities/iati-activity[2]/transaction[1]/value
std::string path_of(pugi::xml_node n) {
    std::string out;
    for (; n && n.type() == pugi::node_element; n = n.parent()) {
        std::size_t pos = 1, same = 0;
        for (auto s = n.parent().first_child(); s; s = s.next_sibling())
            if (std::string_view(s.name()) == n.name()) {
                ++same;
                if (s == n) pos = same;
            }
        // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "[" + to_string(pos) + "]".
        std::string part = "/";
        part += n.name();
        if (same > 1) {
            part += '[';
            part += std::to_string(pos);
            part += ']';
        }
        out.insert(0, part);
    }
    return out;
}

/// The narratives of an element: the one in `language` (or without a language, when the activity's
/// own language is that), else the first.
std::string narrative(pugi::xml_node el, std::string_view language = "") {
    pugi::xml_node first;
    for (auto n : el.children("narrative")) {
        if (!first) first = n;
        std::string_view lang = n.attribute("xml:lang").as_string();
        if (!language.empty() && lang == language) return trimmed(n.text().as_string());
    }
    return first ? trimmed(first.text().as_string()) : std::string();
}

/// An xsd:date ("2006-05-10", with an optional time zone "Z" or "+01:00"), or the date of an
/// xsd:dateTime ("2006-05-10T09:30:00Z"), as publishers write both. Anything after the date that is
/// neither is an error: "2006-05-10garbage" is not a date.
date xsd_date(std::string_view text) {
    const date d = parse_date(text.substr(0, 10));
    std::string_view rest = text.size() > 10 ? text.substr(10) : std::string_view();
    auto digits = [](std::string_view t, std::size_t n) {
        return t.size() >= n && std::all_of(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(n), [](char c) { return c >= '0' && c <= '9'; });
    };
    auto zone = [&](std::string_view t) {
        return t.empty() || t == "Z" ||
               (t.size() == 6 && (t[0] == '+' || t[0] == '-') && digits(t.substr(1), 2) && t[3] == ':' && digits(t.substr(4), 2));
    };
    if (zone(rest)) return d;
    if (rest[0] == 'T' && digits(rest.substr(1), 2) && rest.size() >= 9 && rest[3] == ':' && digits(rest.substr(4), 2) &&
        rest[6] == ':' && digits(rest.substr(7), 2)) {
        std::string_view tail = rest.substr(9);
        if (!tail.empty() && tail[0] == '.') {
            std::size_t k = 1;
            while (k < tail.size() && tail[k] >= '0' && tail[k] <= '9') ++k;
            if (k == 1) throw parse_error("'" + std::string(text.substr(0, 40)) + "' is not an ISO 8601 date: a '.' without fractional seconds");
            tail.remove_prefix(k);
        }
        if (zone(tail)) return d;
    }
    throw parse_error("'" + std::string(text.substr(0, 40)) + "' is not an ISO 8601 date (YYYY-MM-DD): unexpected text after the date");
}

/// An xsd:decimal: an optional sign, digits, an optional fraction; no exponent, no grouping.
decimal xsd_decimal(std::string_view text) {
    std::string_view t = text;
    if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.remove_prefix(1);
    bool digit = false, point = false;
    for (char c : t) {
        if (c >= '0' && c <= '9') digit = true;
        else if (c == '.' && !point) point = true;
        else throw parse_error("not a decimal number (digits with an optional sign and fraction; no exponent)");
    }
    if (!digit) throw parse_error("not a decimal number (no digits)");
    return decimal::parse(text);
}

/// Text in a document that XML 1.0 cannot carry: where it is and what it is.
struct unwritable {
    std::string where, what, value;
};

/// XML 1.0 carries neither invalid UTF-8 nor the C0 control characters other than tab, line feed
/// and carriage return, not even as character references (&#1; is not well formed, though pugixml
/// decodes it). The first such text in the document, if any.
std::optional<unwritable> first_unwritable(const pugi::xml_document& doc) {
    std::optional<unwritable> found;
    auto check = [&](std::string_view v, pugi::xml_node where, const char* attribute) {
        if (found) return;
        std::string what;
        if (auto bad = grantfolio::detail::invalid_utf8(v); bad != std::string_view::npos) {
            what = "invalid UTF-8 at byte " + std::to_string(bad);
        } else {
            for (char c : v)
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    char code[8];
                    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
                    what = std::string("the control character ") + code;
                    break;
                }
        }
        if (!what.empty())
            found = unwritable{path_of(where) + (attribute ? std::string("/@") + attribute : std::string()), what, quote_value(v)};
    };
    struct walker : pugi::xml_tree_walker {
        decltype(check)& c;
        explicit walker(decltype(check)& f) : c(f) {}
        bool for_each(pugi::xml_node& n) override {
            for (auto a : n.attributes()) c(a.value(), n, a.name());
            if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) c(n.value(), n.parent(), nullptr);
            return true;
        }
    } w(check);
    const_cast<pugi::xml_document&>(doc).traverse(w);
    return found;
}

organization_kind kind_of_iati_type(std::string_view code) {
    if (code == "10" || code == "11" || code == "15") return organization_kind::government;
    if (code == "21") return organization_kind::international_ngo;
    if (code == "22" || code == "23" || code == "24") return organization_kind::local_ngo;
    return organization_kind::other;
}

const char* iati_type_of(organization_kind k) {
    switch (k) {
        case organization_kind::government: return "10";
        case organization_kind::international_ngo: return "21";
        case organization_kind::local_ngo: return "22";
        default: return "90";
    }
}

class reader {
public:
    reader(std::string name, const iati_options& o) : name_(std::move(name)), options_(o) {}

    listing_result read(const pugi::xml_document& doc) {
        pugi::xml_node root = doc.document_element();
        std::vector<pugi::xml_node> activities;
        if (std::string_view(root.name()) == "iati-activities") {
            if (!root.attribute("version")) finding(root, "version", "iati-activities has no version attribute (the standard requires it)");
            else if (std::string_view(root.attribute("version").as_string()).rfind("2.0", 0) != 0)
                finding(root, "version", std::string("version ") + root.attribute("version").as_string() + " is not IATI 2.0x", severity::warning);
            for (auto a : root.children("iati-activity")) activities.push_back(a);
        } else if (std::string_view(root.name()) == "iati-activity") {
            activities.push_back(root);
        } else {
            throw parse_error(std::string("not an IATI activities file: its root is <") + root.name() + ">",
                              parse_error::location{name_, 1, 1, "/" + std::string(root.name())});
        }
        if (activities.size() > options_.limits.max_records)
            throw parse_error("the file holds " + std::to_string(activities.size()) + " activities, over the cap of " +
                                  std::to_string(options_.limits.max_records), parse_error::location{name_, 0, 0, "/iati-activities"});
        for (auto a : activities) collect(a);
        return build();
    }

private:
    struct org_ref {
        std::string id, name;
        organization_kind kind = organization_kind::other;
    };
    struct activity {
        pugi::xml_node node;
        grant g;
        std::vector<org_ref> funding, partners;  // partners: implementing (the first is the grantee), accountable, extending
        std::optional<org_ref> implementing;
        std::vector<transaction> moves;
        std::string reporting;
    };

    void finding(pugi::xml_node at, const std::string& field, const std::string& what, severity s = severity::error,
                 const std::string& subject = {}) {
        out_.diagnostics.push_back({s, parse_error::location{name_, 0, 0, path_of(at) + (field.empty() ? "" : "/@" + field)}, what, subject});
    }
    [[noreturn]] void fail(pugi::xml_node at, const std::string& what) {
        throw parse_error(what, parse_error::location{name_, 0, 0, path_of(at)});
    }

    org_ref org_of(pugi::xml_node el) {
        org_ref o;
        o.id = trimmed(el.attribute("ref").as_string());
        o.name = narrative(el);
        if (o.id.empty()) o.id = o.name.empty() ? std::string() : "name:" + o.name;
        o.kind = kind_of_iati_type(el.attribute("type").as_string());
        return o;
    }

    std::optional<date> date_attr(pugi::xml_node el, const char* attr, const std::string& subject) {
        std::string text = el.attribute(attr).as_string();
        if (text.empty()) return std::nullopt;
        try {
            return xsd_date(text);
        } catch (const error&) {
            finding(el, attr, quote_value(text) + " is not an ISO 8601 date", severity::error, subject);
            return std::nullopt;
        }
    }

    money value_of(pugi::xml_node value, const std::string& default_currency, const std::string& id, date& value_date) {
        if (!value) fail(value, "activity '" + id + "': a value element is missing");
        std::string cur = trimmed(value.attribute("currency").as_string());
        if (cur.empty()) cur = default_currency;
        if (cur.empty()) fail(value, "activity '" + id + "': a value has no currency and the activity no default-currency");
        auto c = currency::find(cur);
        if (!c) fail(value, "activity '" + id + "': " + quote_value(cur) + " is not an ISO 4217 currency code");
        if (cur == "XXX" || cur == "XTS")
            fail(value, "activity '" + id + "': " + cur + (cur == "XXX" ? " means 'no currency'" : " is ISO 4217's code for testing") +
                            ", not money");
        std::string vd = value.attribute("value-date").as_string();
        if (vd.empty()) fail(value, "activity '" + id + "': a value has no value-date (conversions need it)");
        try {
            value_date = xsd_date(vd);
        } catch (const error&) {
            fail(value, "activity '" + id + "': value-date " + quote_value(vd) + " is not an ISO 8601 date");
        }
        std::string amount = trimmed(value.text().as_string());
        try {
            return money(xsd_decimal(amount), *c);
        } catch (const error& e) {
            fail(value, "activity '" + id + "': value " + quote_value(amount) + " is not a decimal amount (" + e.what() + ")");
        }
    }

    void collect(pugi::xml_node a) {
        activity act;
        act.node = a;
        grant& g = act.g;
        g.id = trimmed(a.child("iati-identifier").text().as_string());
        if (g.id.empty()) {
            g.id = "#" + std::to_string(acts_.size() + 1);
            finding(a, "", "the activity has no iati-identifier (the standard requires one); it is called '" + g.id + "' here", severity::error, g.id);
        }
        if (!ids_.insert(g.id).second) fail(a.child("iati-identifier"), "iati-identifier '" + g.id + "' appears twice");
        if (a.attribute("version")) finding(a, "version", "iati-activity carries a version attribute (only iati-activities may)", severity::error, g.id);
        const std::string lang = a.attribute("xml:lang").as_string();
        const std::string default_currency = trimmed(a.attribute("default-currency").as_string());
        // The standard's own cardinalities, reported rather than refused.
        auto count = [&](const char* el) { return static_cast<std::size_t>(std::distance(a.children(el).begin(), a.children(el).end())); };
        if (count("reporting-org") != 1) finding(a, "", std::to_string(count("reporting-org")) + " reporting-org elements (exactly one required)", severity::error, g.id);
        if (count("title") != 1) finding(a, "", std::to_string(count("title")) + " title elements (exactly one required)", severity::error, g.id);
        if (count("activity-status") != 1) finding(a, "", std::to_string(count("activity-status")) + " activity-status elements (exactly one required)", severity::error, g.id);
        if (count("description") == 0) finding(a, "", "no description (at least one required)", severity::error, g.id);
        if (count("participating-org") == 0) finding(a, "", "no participating-org (at least one required)", severity::error, g.id);
        if (count("activity-date") == 0) finding(a, "", "no activity-date (at least one required)", severity::error, g.id);
        if (auto t = a.child("title")) {
            g.title = narrative(t, lang);
            if (g.title.empty()) finding(t, "", "the title has no narrative", severity::error, g.id);
        }
        for (auto d : a.children("description")) {
            std::string text = narrative(d, lang);
            if (text.empty()) finding(d, "", "a description has no narrative", severity::error, g.id);
            if (g.description.empty()) g.description = text;
        }
        if (auto r = a.child("reporting-org")) act.reporting = org_of(r).id, remember(org_of(r));
        for (auto po : a.children("participating-org")) {
            org_ref o = org_of(po);
            if (o.id.empty()) {
                finding(po, "", "a participating-org with neither ref nor name", severity::warning, g.id);
                continue;
            }
            remember(o);
            std::string role = po.attribute("role").as_string();
            if (role == "1") act.funding.push_back(o);
            else if (role == "4" && !act.implementing) act.implementing = o;
            else if (role == "2" || role == "3" || role == "4") act.partners.push_back(o);
            else finding(po, "role", "participating-org role '" + role + "' is not in the OrganisationRole code list (1-4)", severity::error, g.id);
        }
        std::optional<date> planned_start, actual_start, planned_end, actual_end;
        for (auto d : a.children("activity-date")) {
            std::string type = d.attribute("type").as_string();
            auto day = date_attr(d, "iso-date", g.id);
            if (!day) continue;
            if (type == "1") planned_start = day;
            else if (type == "2") actual_start = day;
            else if (type == "3") planned_end = day;
            else if (type == "4") actual_end = day;
            else finding(d, "type", "activity-date type '" + type + "' is not in the ActivityDateType code list (1-4)", severity::error, g.id);
        }
        if (planned_start && planned_end) {
            if (*planned_end < *planned_start) finding(a, "", "the planned end comes before the planned start", severity::error, g.id);
            else g.planned = period(*planned_start, *planned_end);
        } else if (actual_start && (planned_end || actual_end)) {
            // No planned start: the actual dates stand for the planned ones, and that is said.
            date end = planned_end ? *planned_end : *actual_end;
            if (!(end < *actual_start)) g.planned = period(*actual_start, end);
            finding(a, "", "no planned start date: the planned period starts at the actual start", severity::info, g.id);
        }
        if (actual_start && (!g.planned || *actual_start != g.planned->first())) g.actual_start = actual_start;
        if (actual_end) g.actual_end = actual_end;
        // Places: recipient countries and regions (with their percentages), then locations.
        for (auto c : a.children("recipient-country")) {
            std::string pct = c.attribute("percentage").as_string();
            g.sites.push_back(site{c.attribute("code").as_string(), "", "recipient-country" + (pct.empty() ? "" : " " + pct + "%")});
        }
        for (auto r : a.children("recipient-region")) {
            std::string pct = r.attribute("percentage").as_string();
            g.sites.push_back(site{r.attribute("code").as_string(), "", "recipient-region" + (pct.empty() ? "" : " " + pct + "%")});
        }
        for (auto l : a.children("location")) {
            std::string nm = narrative(l.child("name"), lang);
            std::string ref = l.attribute("ref").as_string();
            g.sites.push_back(site{nm.empty() ? ref : nm, "", ref.empty() ? narrative(l.child("description"), lang) : "location " + ref});
        }
        // The standard's rule: where percentages are given, countries and regions together make 100,
        // and so do the sectors of each vocabulary.
        {
            decimal places_pct;
            bool given = false;
            for (const char* el : {"recipient-country", "recipient-region"})
                for (auto c : a.children(el))
                    if (c.attribute("percentage")) {
                        given = true;
                        try {
                            places_pct += decimal::parse(c.attribute("percentage").as_string());
                        } catch (const error&) {
                            finding(c, "percentage", "percentage '" + std::string(c.attribute("percentage").as_string()) + "' is not a number", severity::error, g.id);
                        }
                    }
            if (given && places_pct != decimal(100))
                finding(a, "", "recipient-country and recipient-region percentages add up to " + places_pct.to_string() + ", not 100",
                        severity::warning, g.id);
            std::map<std::string, decimal> by_vocabulary;
            for (auto sec : a.children("sector"))
                if (sec.attribute("percentage")) {
                    try {
                        by_vocabulary[sec.attribute("vocabulary").as_string("1")] += decimal::parse(sec.attribute("percentage").as_string());
                    } catch (const error&) {
                        finding(sec, "percentage", "a sector percentage is not a number", severity::error, g.id);
                    }
                }
            for (const auto& [v, pct] : by_vocabulary)
                if (pct != decimal(100))
                    finding(a, "", "sector percentages of vocabulary " + v + " add up to " + pct.to_string() + ", not 100", severity::warning, g.id);
        }
        for (const auto& s : g.sites) g.sites_as_written += (g.sites_as_written.empty() ? "" : "; ") + s.as_written;
        for (auto s : a.children("sector")) {
            std::string v = s.attribute("vocabulary").as_string();
            g.tags.push_back("sector:" + (v.empty() ? std::string("1") : v) + ":" + s.attribute("code").as_string());
        }
        for (auto t : a.children("tag")) g.tags.push_back("tag:" + std::string(t.attribute("vocabulary").as_string()) + ":" + t.attribute("code").as_string());
        // Budgets: the original ones (type 1) sum to the award when they share a currency.
        std::optional<money> original;
        bool mixed = false;
        for (auto b : a.children("budget")) {
            date vd;
            money m = value_of(b.child("value"), default_currency, g.id, vd);
            auto from = date_attr(b.child("period-start"), "iso-date", g.id), to = date_attr(b.child("period-end"), "iso-date", g.id);
            std::string type = b.attribute("type").as_string();
            std::string note = "budget type " + (type.empty() ? std::string("1") : type) + " status " +
                               (b.attribute("status") ? b.attribute("status").as_string() : "1");
            if (from && to) note += " period " + format_date(*from) + "/" + format_date(*to);
            act.moves.push_back(transaction{transaction_kind::budget, vd, m, note});
            if (type.empty() || type == "1") {
                if (!original) original = m;
                else if (original->currency_of() == m.currency_of()) *original += m;
                else mixed = true;
            }
        }
        if (original && !mixed) g.award = original;
        if (mixed) finding(a, "", "original budgets in several currencies: no single award (each budget is kept)", severity::info, g.id);
        for (auto t : a.children("transaction")) {
            std::string code = t.child("transaction-type").attribute("code").as_string();
            auto k = from_iati_transaction_code(std::atoi(code.c_str()));
            if (!k || std::to_string(std::atoi(code.c_str())) != code) {
                finding(t.child("transaction-type"), "code", "transaction-type '" + code + "' is not in the TransactionType code list (1-13); the transaction is left out",
                        severity::error, g.id);
                continue;
            }
            date vd;
            money m = value_of(t.child("value"), default_currency, g.id, vd);
            std::string note = narrative(t.child("description"), lang);
            if (auto when = date_attr(t.child("transaction-date"), "iso-date", g.id); when && *when != vd)
                note += std::string(note.empty() ? "" : "; ") + "transaction-date " + format_date(*when);
            act.moves.push_back(transaction{*k, vd, m, note});
        }
        for (auto r : a.children("related-activity")) {
            std::string type = r.attribute("type").as_string();
            related_.push_back({g.id, trimmed(r.attribute("ref").as_string()), type});
        }
        acts_.push_back(std::move(act));
    }

    void remember(const org_ref& o) {
        if (o.id.empty()) return;
        if (orgs_.emplace(o.id, o).second) org_order_.push_back(o.id);
    }

    listing_result build() {
        program& p = out_.program;
        // Hierarchy: activities that are the parent (type 1) of others in the file are programmes,
        // not grants: their children become the grants, and the parent's totals are not counted again.
        // RelatedActivityType: 1 = the related activity is this one's parent, 2 = it is this one's child.
        std::set<std::string> parents;
        std::map<std::string, std::string> parent_of;
        for (const auto& r : related_) {
            if (!ids_.count(r.other)) continue;
            if (r.type == "1") parents.insert(r.other), parent_of[r.self] = r.other;
            if (r.type == "2") parents.insert(r.self), parent_of[r.other] = r.self;
        }
        std::map<std::string, std::size_t> funded;
        for (const auto& a : acts_)
            for (const auto& f : a.funding) ++funded[f.id];
        std::string donor;
        for (const auto& id : org_order_)
            if (funded.count(id) && (donor.empty() || funded[id] > funded[donor])) donor = id;
        if (donor.empty() && !acts_.empty()) donor = acts_.front().reporting;
        std::string reporter = acts_.empty() ? std::string() : acts_.front().reporting;
        p.id = !options_.program_id.empty() ? options_.program_id : !reporter.empty() ? reporter : "iati";
        p.source = name_;
        for (const auto& id : org_order_) {
            const org_ref& o = orgs_.at(id);
            p.add_organization(organization{o.id, o.name.empty() ? o.id : o.name, std::nullopt,
                                            o.id == donor ? organization_kind::donor : o.kind, {}});
        }
        if (!donor.empty()) p.donor = donor;
        std::string title = reporter.empty() ? "IATI activities" : "IATI activities of " + p.organization_by_id(reporter).name;
        // Phases: one per parent activity; activities with no parent in the file form phase 0.
        std::map<std::string, int> phase_of_parent;
        int next = 1;
        for (const auto& a : acts_)
            if (parents.count(a.g.id)) {
                phase_of_parent[a.g.id] = next;
                p.add_phase(phase{next++, a.g.title.empty() ? a.g.id : a.g.title, a.g.planned});
            }
        bool loose = false;
        for (const auto& a : acts_)
            if (!parents.count(a.g.id) && !parent_of.count(a.g.id)) loose = true;
        if (loose || acts_.empty()) p.add_phase(phase{0, "(activities without a parent in the file)", std::nullopt});
        p.names.push_back(program_name{"en", title, ""});
        for (auto& a : acts_) {
            if (parents.count(a.g.id)) {
                if (!a.moves.empty())
                    finding(a.node, "", "a parent activity's budgets and transactions are not added to its children's (no double count)",
                            severity::info, a.g.id);
                continue;
            }
            grant g = std::move(a.g);
            g.phase = parent_of.count(g.id) ? phase_of_parent.at(parent_of.at(g.id)) : 0;
            if (a.implementing) g.grantee = a.implementing->id;
            for (const auto& o : a.partners)
                if (o.id != g.grantee && std::find(g.partners.begin(), g.partners.end(), o.id) == g.partners.end()) g.partners.push_back(o.id);
            for (const auto& f : a.funding)
                if (f.id != donor && std::find(g.co_funders.begin(), g.co_funders.end(), f.id) == g.co_funders.end()) g.co_funders.push_back(f.id);
            const auto at = p.grants().size();
            p.add_grant(std::move(g));
            for (const auto& t : a.moves) p.add_transaction(at, t);
        }
        return std::move(out_);
    }

    struct related {
        std::string self, other, type;
    };
    std::string name_;
    iati_options options_;
    listing_result out_;
    std::vector<activity> acts_;
    std::set<std::string> ids_;
    std::map<std::string, org_ref> orgs_;
    std::vector<std::string> org_order_;
    std::vector<related> related_;
};

}  // namespace

listing_result read_iati(std::string_view text, const std::string& name, const iati_options& options) {
    if (text.size() > options.limits.max_bytes)
        throw parse_error("IATI XML exceeds the byte cap of " + std::to_string(options.limits.max_bytes), parse_error::location{name, 0, 0, {}});
    if (auto bad = grantfolio::detail::invalid_utf8(text); bad != std::string_view::npos) {
        // Not well-formed XML: a document is UTF-8 unless it says otherwise, and these do not.
        std::size_t line = 1, col = 1;
        for (std::size_t i = 0; i < bad; ++i) {
            if (text[i] == '\n') line++, col = 1;
            else ++col;
        }
        std::string declared;
        if (text.substr(0, 5) == "<?xml") {
            std::string_view decl = text.substr(0, text.find("?>"));
            if (auto e = decl.find("encoding="); e != std::string_view::npos && e + 10 < decl.size()) {
                const char q = decl[e + 9];
                declared = std::string(decl.substr(e + 10, decl.find(q, e + 10) - (e + 10)));
            }
        }
        std::string lower = declared;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        throw parse_error(!declared.empty() && lower != "utf-8"
                              ? "the document declares the encoding " + quote_value(declared) + "; only UTF-8 is read (convert it first, e.g. with iconv)"
                              : std::string("malformed XML: the text is not valid UTF-8 here"),
                          parse_error::location{name, line, col, {}});
    }
    pugi::xml_document doc;
    auto r = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!r && r.status == pugi::status_out_of_memory)
        throw error("out of memory while reading '" + name + "' (" + std::to_string(text.size() >> 20) +
                    " MiB of IATI XML; its tree takes about 5 times that): nothing read");
    if (!r) {
        std::size_t line = 1, col = 1;
        for (std::ptrdiff_t i = 0; i < r.offset && static_cast<std::size_t>(i) < text.size(); ++i) {
            if (text[static_cast<std::size_t>(i)] == '\n') line++, col = 1;
            else ++col;
        }
        throw parse_error(std::string("malformed XML: ") + r.description(), parse_error::location{name, line, col, {}});
    }
    if (auto bad = first_unwritable(doc))
        throw parse_error("malformed XML: " + bad->what + " (XML 1.0 allows it in no form, not even as a character reference)",
                          parse_error::location{name, 0, 0, bad->where});
    return reader(name, options).read(doc);
}

void write_iati(std::ostream& out, const program& p) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto root = doc.append_child("iati-activities");
    root.append_attribute("version") = "2.03";
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    root.append_attribute("generated-datetime") = (format_date(date(std::chrono::floor<std::chrono::days>(now))) + "T00:00:00Z").c_str();
    const organization* donor = p.donor.empty() ? nullptr : p.find_organization(p.donor);
    auto text_el = [](pugi::xml_node parent, const char* name, const std::string& text) {
        if (text.find('\0') != std::string::npos)
            throw error("cannot write IATI XML: the " + std::string(name) + " of " + path_of(parent) +
                        " holds a NUL character, which XML cannot carry; nothing written");
        auto el = parent.append_child(name);
        el.append_child("narrative").text() = text.c_str();
        return el;
    };
    auto org_el = [&](pugi::xml_node parent, const char* name, const std::string& id) {
        const organization* o = p.find_organization(id);
        auto el = parent.append_child(name);
        el.append_attribute("ref") = id.c_str();
        el.append_attribute("type") = iati_type_of(o ? o->kind : organization_kind::other);
        el.append_child("narrative").text() = (o ? o->name : id).c_str();
        return el;
    };
    const date as_of = p.revised_on ? *p.revised_on : date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    const auto& tx = p.transactions();
    const auto by_grant = tx.by_grant(p.grants().size());
    for (std::size_t gi = 0; gi < p.grants().size(); ++gi) {
        const grant& g = p.grants()[gi];
        auto a = root.append_child("iati-activity");
        if (g.award) a.append_attribute("default-currency") = std::string(g.award->currency_of().code()).c_str();
        a.append_child("iati-identifier").text() = g.id.c_str();
        // reporting-org: the donor, else the implementer, else the programme itself.
        if (donor) org_el(a, "reporting-org", donor->id);
        else if (!p.implementer.empty()) org_el(a, "reporting-org", p.implementer);
        else {
            auto r = a.append_child("reporting-org");
            r.append_attribute("ref") = p.id.c_str();
            r.append_attribute("type") = "90";
            r.append_child("narrative").text() = p.name().c_str();
        }
        text_el(a, "title", g.title.empty() ? g.id : g.title);
        const phase* ph = p.phase_by_number(g.phase);
        auto d = text_el(a, "description", g.description.empty() ? (g.title.empty() ? g.id : g.title) : g.description);
        d.append_attribute("type") = "1";
        if (ph && !ph->name.empty()) text_el(a, "description", ph->name).append_attribute("type") = "2";
        if (donor) org_el(a, "participating-org", donor->id).append_attribute("role") = "1";
        for (const auto& f : g.co_funders) org_el(a, "participating-org", f).append_attribute("role") = "1";
        if (!p.implementer.empty()) org_el(a, "participating-org", p.implementer).append_attribute("role") = "3";
        if (!g.grantee.empty()) org_el(a, "participating-org", g.grantee).append_attribute("role") = "4";
        for (const auto& o : g.partners) org_el(a, "participating-org", o).append_attribute("role") = "4";
        if (!donor && p.implementer.empty() && g.grantee.empty()) {
            auto po = a.append_child("participating-org");
            po.append_attribute("role") = "4";
            po.append_child("narrative").text() = "(not stated)";
        }
        const char* status = "2";  // implementation
        switch (g.status_on(as_of)) {
            case grant_status::planned: status = "1"; break;
            case grant_status::ended: status = "4"; break;
            case grant_status::closed_early: status = "4"; break;
            default: break;
        }
        a.append_child("activity-status").append_attribute("code") = status;
        auto date_el = [&](const date& day, const char* type) {
            auto el = a.append_child("activity-date");
            el.append_attribute("iso-date") = format_date(day).c_str();
            el.append_attribute("type") = type;
        };
        bool dated = false;
        if (g.planned) date_el(g.planned->first(), "1"), dated = true;
        if (g.actual_start) date_el(*g.actual_start, "2"), dated = true;
        if (g.planned) date_el(g.planned->last(), "3");
        if (g.actual_end) date_el(*g.actual_end, "4"), dated = true;
        if (!dated) date_el(as_of, "2");  // the standard needs one; the programme's date stands in
        // Places: countries as recipient-country, the rest as locations (ref = gazetteer id).
        for (const auto& s : g.sites) {
            if (s.note.rfind("recipient-country", 0) == 0) {
                auto c = a.append_child("recipient-country");
                c.append_attribute("code") = s.as_written.c_str();
                if (s.note.size() > 18) c.append_attribute("percentage") = s.note.substr(18, s.note.size() - 19).c_str();
            }
        }
        if (!p.country.empty() && std::none_of(g.sites.begin(), g.sites.end(), [](const site& s) { return s.note.rfind("recipient-country", 0) == 0; }))
            a.append_child("recipient-country").append_attribute("code") = p.country.c_str();
        for (const auto& s : g.sites) {
            if (s.note.rfind("recipient-", 0) == 0) continue;
            auto l = a.append_child("location");
            if (!s.place.empty()) l.append_attribute("ref") = s.place.c_str();
            text_el(l, "name", s.as_written);
            if (!s.note.empty()) text_el(l, "description", s.note);
        }
        for (const auto& t : g.tags) {
            if (t.rfind("sector:", 0) == 0) {
                auto colon = t.find(':', 7);
                auto sec = a.append_child("sector");
                sec.append_attribute("vocabulary") = t.substr(7, colon - 7).c_str();
                sec.append_attribute("code") = t.substr(colon + 1).c_str();
            }
        }
        for (const auto& t : g.tags) {
            if (t.rfind("sector:", 0) == 0) continue;
            auto tag = a.append_child("tag");
            tag.append_attribute("vocabulary") = "99";
            tag.append_attribute("code") = (t.rfind("tag:99:", 0) == 0 ? t.substr(7) : t).c_str();
            tag.append_child("narrative").text() = t.c_str();
        }
        auto value_el = [](pugi::xml_node parent, const money& m, const date& when) {
            auto v = parent.append_child("value");
            v.append_attribute("currency") = std::string(m.currency_of().code()).c_str();
            v.append_attribute("value-date") = format_date(when).c_str();
            v.text() = m.amount().to_string().c_str();
        };
        // Budgets: those kept from IATI, else the award over the planned period.
        bool budgets = false;
        for (std::size_t k = by_grant.offsets[gi]; k < by_grant.offsets[gi + 1]; ++k) {
            const auto r = by_grant.rows[k];
            if (tx.kind(r) != transaction_kind::budget) continue;
            budgets = true;
            std::string note(tx.note(r));
            auto b = a.append_child("budget");
            std::string type = "1", status_code = "1", from = format_date(tx.value_date(r)), to = from;
            std::istringstream words(note);
            for (std::string w; words >> w;) {
                if (w == "type") words >> type;
                else if (w == "status") words >> status_code;
                else if (w == "period") {
                    std::string span;
                    words >> span;
                    from = span.substr(0, 10);
                    to = span.substr(11, 10);
                }
            }
            b.append_attribute("type") = type.c_str();
            b.append_attribute("status") = status_code.c_str();
            b.append_child("period-start").append_attribute("iso-date") = from.c_str();
            b.append_child("period-end").append_attribute("iso-date") = to.c_str();
            value_el(b, tx.amount(r), tx.value_date(r));
        }
        if (!budgets && g.award && g.planned) {
            auto b = a.append_child("budget");
            b.append_attribute("type") = "1";
            b.append_attribute("status") = "2";
            b.append_child("period-start").append_attribute("iso-date") = format_date(g.planned->first()).c_str();
            b.append_child("period-end").append_attribute("iso-date") = format_date(g.planned->last()).c_str();
            value_el(b, *g.award, g.planned->first());
        }
        for (std::size_t k = by_grant.offsets[gi]; k < by_grant.offsets[gi + 1]; ++k) {
            const auto r = by_grant.rows[k];
            const auto kind = tx.kind(r);
            if (kind == transaction_kind::budget) continue;
            auto t = a.append_child("transaction");
            const bool refund = kind == transaction_kind::refund;
            t.append_child("transaction-type").append_attribute("code") = std::to_string(refund ? 3 : iati_transaction_code(kind)).c_str();
            t.append_child("transaction-date").append_attribute("iso-date") = format_date(tx.value_date(r)).c_str();
            money m = tx.amount(r);
            value_el(t, refund ? -m : m, tx.value_date(r));
            std::string note(tx.note(r));
            if (refund) note = "refund" + (note.empty() ? "" : ": " + note);
            if (!note.empty()) text_el(t, "description", note);
        }
    }
    if (auto bad = first_unwritable(doc))
        throw error("cannot write IATI XML: " + bad->where + " holds " + bad->what + ", which XML cannot carry (" + bad->value +
                    "); nothing written");
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

std::string to_iati(const program& p) {
    std::ostringstream s;
    write_iati(s, p);
    return s.str();
}

bool looks_like_iati(std::string_view text) { return detect_source(text) == source_format::iati; }

std::vector<diagnostic> validate_iati_schema(std::string_view text, const std::string& name, const std::string& schema_dir) {
    struct collected {
        std::vector<diagnostic> out;
        std::string name;
    } c{{}, name};
    const std::string xsd = schema_dir + "/iati-activities-schema.xsd";
    xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(xsd.c_str());
    if (!pctx) throw error("cannot read the IATI schema '" + xsd + "'");
    xmlSchemaPtr schema = xmlSchemaParse(pctx);
    xmlSchemaFreeParserCtxt(pctx);
    if (!schema) throw error("cannot parse the IATI schema '" + xsd + "'");
    xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidStructuredErrors(
        vctx,
        [](void* data, xmlError* e) {
            auto* c = static_cast<collected*>(data);
            std::string msg = e->message ? e->message : "schema violation";
            while (!msg.empty() && msg.back() == '\n') msg.pop_back();
            c->out.push_back({severity::error, parse_error::location{c->name, static_cast<std::size_t>(std::max(e->line, 0)), 0, "schema"},
                              "IATI 2.03 schema: " + msg, ""});
        },
        &c);
    xmlDocPtr doc = xmlReadMemory(text.data(), static_cast<int>(text.size()), name.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        c.out.push_back({severity::error, parse_error::location{name, 0, 0, "schema"}, "not well-formed XML", ""});
    } else {
        xmlSchemaValidateDoc(vctx, doc);
        xmlFreeDoc(doc);
    }
    xmlSchemaFreeValidCtxt(vctx);
    xmlSchemaFree(schema);
    return c.out;
}

}  // namespace grantfolio::io
