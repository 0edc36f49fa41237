#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/source.hpp"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <pugixml.hpp>

#include "grantfolio/detail/utf8.hpp"
#include "detail/iati_record.hpp"
#include "detail/text_position.hpp"
#include "detail/xml_split.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <new>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

namespace grantfolio::io {

namespace detail_iati {
std::string_view embedded_codelists_1x_csv();
}

namespace {

using detail::forward_lines;
using detail::line_column;

std::string_view trimmed_view(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string trimmed(std::string_view s) { return std::string(trimmed_view(s)); }

/// An element's text, trimmed, without a copy.
std::string_view text_of(pugi::xml_node n) { return trimmed_view(n.text().get()); }

/// Where the activity being read stands in its file: its root element's name (empty when the
/// activity is the root) and its position among the root's activities (1-based) and their count.
struct activity_place {
    std::string_view root;
    std::size_t position = 1, count = 1;
};

/// The element's path from the root, with positions among same-named siblings:
/// /iati-activities/iati-activity[2]/transaction[1]/value. An activity parsed on its own is the top
/// of its document: `place` says where it stood in the file.
std::string path_of(pugi::xml_node n, const activity_place* place = nullptr) {
    std::string out;
    for (; n && n.type() == pugi::node_element; n = n.parent()) {
        std::size_t pos = 1, same = 0;
        const bool top = n.parent().type() != pugi::node_element;
        if (top && place) {
            pos = place->position;
            same = place->count;
        } else {
            for (auto s = n.parent().first_child(); s; s = s.next_sibling())
                if (std::string_view(s.name()) == n.name()) {
                    ++same;
                    if (s == n) pos = same;
                }
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
        if (top && place && !place->root.empty()) out.insert(0, "/" + std::string(place->root));
    }
    return out;
}

/// The narratives of an element: the one in `language` (or without a language, when the activity's
/// own language is that), else the first. IATI 1.0x wrote the text in the element itself.
std::string narrative_in(pugi::xml_node el, std::string_view language = "") {
    pugi::xml_node first;
    for (auto n : el.children("narrative")) {
        if (!first) first = n;
        std::string_view lang = n.attribute("xml:lang").as_string();
        if (!language.empty() && lang == language) return trimmed(n.text().as_string());
    }
    return first ? trimmed(first.text().as_string()) : trimmed(el.text().as_string());
}

/// Every narrative of an element, with its language as written; 1.0x's text in the element itself
/// is one narrative in the element's language.
std::vector<narrative> narratives_of(pugi::xml_node el) {
    std::vector<narrative> out;
    for (auto n : el.children("narrative")) out.push_back({n.attribute("xml:lang").as_string(), trimmed(n.text().as_string())});
    if (out.empty()) {
        if (std::string text = trimmed(el.text().as_string()); !text.empty()) out.push_back({el.attribute("xml:lang").as_string(), std::move(text)});
    }
    return out;
}

/// An activity's child elements by name, sorted out in one pass: asking for each of some twenty
/// kinds of child by name would walk its children twenty times, comparing names each time.
class child_elements {
public:
    enum name : std::uint8_t { iati_identifier, reporting_org, title, description, participating_org, activity_status, activity_date, recipient_country, recipient_region, sector, location, tag, policy_marker, humanitarian_scope, document_link, budget, planned_disbursement, transaction, related_activity, kinds };
    void sort(pugi::xml_node a) {
        for (auto& v : of_) v.clear();
        for (auto c = a.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view n = c.name();
            auto it = std::lower_bound(names.begin(), names.end(), n, [](const auto& e, std::string_view k) { return e.first < k; });
            if (it != names.end() && it->first == n) of_[it->second].push_back(c);
        }
    }
    const std::vector<pugi::xml_node>& operator[](name n) const { return of_[n]; }
    pugi::xml_node first(name n) const { return of_[n].empty() ? pugi::xml_node() : of_[n].front(); }

private:
    static constexpr std::array<std::pair<std::string_view, name>, kinds> names{{
        {"activity-date", activity_date},
        {"activity-status", activity_status},
        {"budget", budget},
        {"description", description},
        {"document-link", document_link},
        {"humanitarian-scope", humanitarian_scope},
        {"iati-identifier", iati_identifier},
        {"location", location},
        {"participating-org", participating_org},
        {"planned-disbursement", planned_disbursement},
        {"policy-marker", policy_marker},
        {"recipient-country", recipient_country},
        {"recipient-region", recipient_region},
        {"related-activity", related_activity},
        {"reporting-org", reporting_org},
        {"sector", sector},
        {"tag", tag},
        {"title", title},
        {"transaction", transaction},
    }};
    std::array<std::vector<pugi::xml_node>, kinds> of_;
};

/// 1.0x repeated the element per language (<title xml:lang="fr">): the one in `language`, else the first.
/// Without a language: the one that names none, else the first.
pugi::xml_node in_language(const std::vector<pugi::xml_node>& elements, std::string_view language) {
    pugi::xml_node first, unnamed;
    for (auto el : elements) {
        if (!first) first = el;
        if (!unnamed && !el.attribute("xml:lang")) unnamed = el;
        if (!language.empty() && std::string_view(el.attribute("xml:lang").as_string()) == language) return el;
    }
    return language.empty() && unnamed ? unnamed : first;
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
            if (k == 1) throw parse_error(quote_value(text, 40) + " is not an ISO 8601 date: a '.' without fractional seconds");
            tail.remove_prefix(k);
        }
        if (zone(tail)) return d;
    }
    throw parse_error(quote_value(text, 40) + " is not an ISO 8601 date (YYYY-MM-DD): unexpected text after the date");
}

/// An xsd:dateTime (YYYY-MM-DDThh:mm:ss, optional fraction and zone), as far as its date and form go.
bool xsd_datetime(std::string_view t) {
    if (t.size() < 19 || t[10] != 'T') return false;
    try {
        (void)xsd_date(t);  // the date part, and the rest of the form
    } catch (const error&) {
        return false;
    }
    return true;
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
std::optional<unwritable> first_unwritable(const pugi::xml_document& doc, const activity_place* place = nullptr) {
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
            found = unwritable{path_of(where, place) + (attribute ? std::string("/@") + attribute : std::string()), what, quote_value(v)};
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

/// IATI 1.0x wrote codes as words and letters ("Funding", "start-planned", "D"); 2.01 made them
/// numbers. The mapping is the standard's own (data/iati/README.md), embedded from data/iati.
class codes_1x {
public:
    codes_1x() {
        std::istringstream in{std::string(detail_iati::embedded_codelists_1x_csv())};
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            const auto a = line.find(','), b = line.find(',', a + 1);
            if (a == std::string::npos || b == std::string::npos) continue;
            std::string list = line.substr(0, a), code = line.substr(a + 1, b - a - 1), to = line.substr(b + 1);
            while (!to.empty() && (to.back() == '\r' || to.back() == '\n')) to.pop_back();
            map_[list + '\n' + folded(list, code)] = to;
        }
    }
    /// The 2.0x code of a 1.0x one, or empty.
    std::string find(std::string_view list, std::string_view code) const {
        auto it = map_.find(std::string(list) + '\n' + folded(list, code));
        return it == map_.end() ? std::string() : it->second;
    }

private:
    // Words ("Funding", "start-planned") match in any case; letter codes ("C", "IF") as written.
    static std::string folded(std::string_view list, std::string_view code) {
        std::string s(code);
        if (list == "OrganisationRole" || list == "ActivityDateType")
            for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }
    std::map<std::string, std::string> map_;
};

const codes_1x& version_1_codes() {
    static const codes_1x codes;  // immutable after construction; thread-safe initialisation
    return codes;
}

/// Whether an activity of this version is read with 1.0x's codes (1.01–1.05, and drafts before them).
bool version_1(std::string_view version) { return version.rfind("1.", 0) == 0 || (!version.empty() && version < "1"); }

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Who is who among a grant's participants: the grantee is the first implementing organisation; the
/// other implementing, accountable and extending organisations are partners; the funders other
/// than the file's main funder (`donor`) are co-funders. Each once, in the participants' order.
void assign_roles(grant& g, const std::string& donor) {
    g.grantee.clear(), g.partners.clear(), g.co_funders.clear();
    auto once = [](std::vector<std::string>& to, const std::string& id) {
        if (std::find(to.begin(), to.end(), id) == to.end()) to.push_back(id);
    };
    for (const auto& pt : g.participants)
        if (pt.role == participant_role::implementing && g.grantee.empty()) g.grantee = pt.org;
    for (const auto& pt : g.participants) {
        if (pt.role == participant_role::funding) {
            if (pt.org != donor) once(g.co_funders, pt.org);
        } else if (pt.org != g.grantee) {
            once(g.partners, pt.org);
        }
    }
}

/// What the reader makes of one activity on its own: the grant (without its phase) and its
/// budgets and transactions, in document order.
struct derived_activity {
    grant g;
    std::vector<transaction> moves;
};

class reader {
public:
    reader(std::string name, std::string_view text, const iati_options& o) : name_(std::move(name)), lines_(text), options_(o) {}

    /// Reads the document one activity at a time: `top` says where the root and each of its
    /// children are in `text`; each activity is parsed on its own (its tree freed before the next),
    /// its record cut from the text as written.
    read_result read(std::string_view text, const detail::xml_top& top, detail::page_releaser* pages = nullptr) {
        const std::string_view root_name = top.root.name;
        std::vector<const detail::xml_span*> activities;
        // The root's start tag alone, as an empty element: its attributes.
        std::string head(text.substr(top.root.begin, top.root_tag_end - top.root.begin));
        if (!top.root_empty) head.insert(head.size() - 1, "/");
        pugi::xml_document root_doc;
        if (auto r = root_doc.load_buffer(head.data(), head.size(), pugi::parse_default); !r)
            malformed(std::string(r.description()), top.root.begin + static_cast<std::size_t>(std::max<std::ptrdiff_t>(r.offset, 0)));
        const pugi::xml_node root = root_doc.document_element();
        if (root_name == "iati-activities") {
            base_ = top.root.begin;
            file_version_ = trimmed(root.attribute("version").as_string());
            if (auto at = root.attribute("generated-datetime")) {
                const std::string t = trimmed(at.as_string());
                if (xsd_datetime(t)) out_.program.generated_at = t;
                else finding(root, "generated-datetime", "generated-datetime " + quote_value(t) + " is not an xsd:dateTime; it is not kept", severity::warning, {},
                                  not_kept("generated-datetime"));
            }
            if (!root.attribute("version")) finding(root, "version", "iati-activities has no version attribute (the standard requires it); each activity's codes are read as 2.0x or 1.0x by their form", severity::warning, {}, guessed("version"));
            else if (!known_version(file_version_))
                finding(root, "version", "version " + quote_value(file_version_) + " is not an IATI version (1.01–1.05, 2.01–2.03): read for what maps", severity::warning);
            for (const auto& c : top.children) {
                if (c.name == "iati-activity") activities.push_back(&c);
                else finding_at(location_at(c.begin, "/iati-activities/" + clip_value(c.name)), "an element <" + clip_value(c.name) +
                                "> directly inside iati-activities is not an activity; it is not read", severity::warning, {}, not_kept("element"));
            }
            if (!top.text.empty())
                finding_at(location_at(top.text.front(), "/iati-activities"), "text directly inside iati-activities (outside any activity) is not read",
                           severity::warning, {}, not_kept("text"));
            // The root's namespace declarations, as written: each record carries those it uses.
            for (auto at : root.attributes()) {
                const std::string_view n = at.name();
                if (n == "xmlns" || n.rfind("xmlns:", 0) == 0) declarations_.emplace_back(n, attribute_text(at));
            }
        } else if (root_name == "iati-activity") {
            activities.push_back(&top.root);
        } else {
            throw parse_error("not an IATI activities file: its root is <" + clip_value(root_name) + ">",
                              parse_error::location{name_, 1, 1, "/" + clip_value(root_name)});
        }
        if (activities.size() > options_.limits.max_records)
            throw parse_error("the file holds " + std::to_string(activities.size()) + " activities, over the cap of " +
                                  std::to_string(options_.limits.max_records), parse_error::location{name_, 0, 0, "/iati-activities"});
        place_.root = root_name == "iati-activities" ? root_name : std::string_view();
        place_.count = activities.size();
        pugi::xml_document doc;
        if (pages) pages->rewind();
        for (std::size_t k = 0; k < activities.size(); ++k) try {
            const detail::xml_span& span = *activities[k];
            // Lines are counted up to here, then what lies before is read for good.
            std::tie(line_, column_) = lines_.at(span.begin);
            if (pages) pages->read_up_to(text.data() + span.begin);
            const std::string_view slice = text.substr(span.begin, span.end - span.begin);
            auto r = doc.load_buffer(slice.data(), slice.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
            if (!r && r.status == pugi::status_out_of_memory) throw std::bad_alloc();
            if (!r) malformed(r.description(), span.begin + static_cast<std::size_t>(std::max<std::ptrdiff_t>(r.offset, 0)));
            place_.position = k + 1;
            base_ = span.begin;
            // Character references are the only way text the scan of raw bytes passed can hold what XML cannot.
            if (slice.find("&#") != std::string_view::npos)
                if (auto bad = first_unwritable(doc, &place_))
                    throw parse_error("malformed XML: " + bad->what + " (XML 1.0 allows it in no form, not even as a character reference)",
                                      parse_error::location{name_, 0, 0, bad->where});
            const pugi::xml_node a = doc.document_element();
            collect(a, record_text(slice, a));
        } catch (const std::bad_alloc&) {
            doc.reset();
            auto [line, col] = lines_.at(activities[k]->begin);
            throw error("out of memory while reading '" + name_ + "' at line " + std::to_string(line) + ", column " + std::to_string(col) +
                        " (activity " + std::to_string(k + 1) + " of " + std::to_string(activities.size()) + "): nothing read");
        }
        return build();
    }

    /// The grant and transactions that reading `a` alone, as an activity of `version` in a file
    /// whose main funder is `donor`, gives: what write_iati compares a grant with to know which of
    /// its record's elements still say what the grant says. Findings are not kept.
    std::optional<derived_activity> derive(pugi::xml_node a, const std::string& version, const std::string& donor) {
        file_version_ = version;
        collect(a, {});
        if (acts_.empty()) return std::nullopt;
        activity& act = acts_.back();
        assign_roles(act.g, donor);
        derived_activity out{std::move(act.g), {}};
        for (std::size_t r = 0; r < rows_.size(); ++r) out.moves.push_back(rows_.at(r));
        return out;
    }

private:
    struct org_ref {
        std::string id, name;
        organization_kind kind = organization_kind::other;
    };
    struct activity {
        grant g;
        std::string reporting;
        std::size_t line = 0, column = 0, position = 0;  ///< where its element starts in the file, its place among the activities
        std::size_t first_row = 0, rows = 0;   ///< its budgets and transactions in rows_
    };

    /// Where an activity is, for a finding about it as a whole.
    parse_error::location location_of(const activity& a) const {
        std::string path = place_.root.empty() ? std::string() : "/" + std::string(place_.root);
        path += "/iati-activity";
        if (place_.count > 1) path += "[" + std::to_string(a.position) + "]";
        return parse_error::location{name_, a.line, a.column, std::move(path)};
    }

    static bool known_version(std::string_view v) {
        for (const char* k : {"1.01", "1.02", "1.03", "1.04", "1.05", "2.01", "2.02", "2.03"})
            if (v == k) return true;
        return false;
    }

    parse_error::location location_of(pugi::xml_node at, const std::string& field) const {
        std::size_t line = 0, col = 0;
        if (at && at.offset_debug() >= 0) std::tie(line, col) = lines_.at(base_ + static_cast<std::size_t>(at.offset_debug()));
        return parse_error::location{name_, line, col, path_of(at, place_.count ? &place_ : nullptr) + (field.empty() ? "" : "/@" + field)};
    }

    parse_error::location location_at(std::size_t offset, std::string path) const {
        auto [line, col] = lines_.at(offset);
        return parse_error::location{name_, line, col, std::move(path)};
    }

    void finding(pugi::xml_node at, const std::string& field, const std::string& what, severity s = severity::error,
                 const std::string& subject = {}, consequence cost = {}) {
        out_.diagnostics.push_back({s, location_of(at, field), what, clip_value(subject), std::move(cost)});
    }

    void finding_at(parse_error::location where, const std::string& what, severity s = severity::error, const std::string& subject = {},
                    consequence cost = {}) {
        out_.diagnostics.push_back({s, std::move(where), what, clip_value(subject), std::move(cost)});
    }

    [[noreturn]] void malformed(const std::string& what, std::size_t offset) const {
        auto [line, col] = lines_.at(offset);
        throw parse_error("malformed XML: " + what, parse_error::location{name_, line, col, {}});
    }

    /// An attribute's value as XML text, escaped as pugixml escapes attributes.
    static std::string attribute_text(pugi::xml_attribute at) {
        pugi::xml_document one;
        one.append_child("x").append_attribute(at.name()) = at.value();
        std::ostringstream v;
        one.document_element().print(v, "", pugi::format_raw);
        const std::string t = v.str();  // <x name="value"/>
        const auto eq = t.find('=');
        return t.substr(eq + 1, t.size() - 2 - (eq + 1));
    }

    /// The activity's record: its text as written, with the root's namespace declarations that it
    /// does not make itself added to its start tag, so that prefixed extension elements stay well formed.
    std::string record_text(std::string_view slice, pugi::xml_node a) const {
        std::string declared;
        for (const auto& [n, v] : declarations_)
            if (!a.attribute(n.c_str())) declared += " " + n + "=" + v;
        std::string text;
        text.reserve(slice.size() + declared.size());
        const std::size_t after_name = 1 + std::string_view(a.name()).size();
        text.append(slice.substr(0, after_name)).append(declared).append(slice.substr(after_name));
        return text;
    }

    /// The 2.0x code of an attribute that 1.0x wrote as a word or letter code; empty when it is
    /// neither (the caller says so). A 1.0x code is said where the activity claims 2.0x.
    std::string code_of(pugi::xml_node el, const char* attr, const char* list, const std::string& subject, bool v1) {
        std::string code = trimmed(el.attribute(attr).as_string());
        if (all_digits(code)) return code;
        std::string mapped = version_1_codes().find(list, code);
        if (!mapped.empty() && !v1)
            finding(el, attr, list + std::string(" ") + quote_value(code) + " is a 1.0x code in an activity of version " +
                                  (version_.empty() ? std::string("2.0x") : version_) + "; read as " + mapped,
                    severity::warning, subject, changed("code"));
        return mapped;
    }

    /// code_of, or the code as written where no mapping knows it (a vocabulary of a newer standard).
    std::string code_or_written(pugi::xml_node el, const char* attr, const char* list, const std::string& subject, bool v1) {
        std::string code = code_of(el, attr, list, subject, v1);
        return code.empty() ? trimmed(el.attribute(attr).as_string()) : code;
    }

    org_ref org_of(pugi::xml_node el) {
        org_ref o;
        o.id = trimmed(el.attribute("ref").as_string());
        o.name = narrative_in(el);
        if (o.id.empty()) o.id = o.name.empty() ? std::string() : "name:" + o.name;
        o.kind = kind_of_iati_type(el.attribute("type").as_string());
        return o;
    }

    std::optional<date> date_attr(pugi::xml_node el, const char* attr, const std::string& subject) {
        const std::string_view text = trimmed_view(el.attribute(attr).as_string());
        if (text.empty()) return std::nullopt;
        try {
            return xsd_date(text);
        } catch (const error&) {
            finding(el, attr, quote_value(text) + " is not an ISO 8601 date; the date is not kept", severity::error, subject, not_kept("date"));
            return std::nullopt;
        }
    }

    /// A budget's or transaction's value, or nothing (with an error naming what is missing) when it
    /// cannot be money. A missing value-date takes `fallback` (the transaction date, the budget's
    /// period start), as the standard's guidance does, and that is said.
    std::optional<money> value_of(pugi::xml_node holder, const std::string& default_currency, const std::string& id,
                                  std::optional<date> fallback, const char* fallback_name, date& value_date) {
        const std::string_view what = holder.name();
        pugi::xml_node value = holder.child("value");
        if (!value) {
            finding(holder, "", "the " + std::string(what) + " has no value element; it is not kept", severity::error, id, not_kept(std::string(what)));
            return std::nullopt;
        }
        const std::string_view amount = text_of(value);
        // Said only when something is not kept (a message per value read would cost more than the value).
        auto kept = [&] { return "; the " + std::string(what) + " (" + quote_value(trimmed(amount), 40) + ") is not kept"; };
        std::string_view cur = trimmed_view(value.attribute("currency").as_string());
        if (cur.empty()) cur = default_currency;
        if (cur.empty()) {
            finding(value, "currency", "the value has no currency and the activity no default-currency" + kept(), severity::error, id, not_kept(std::string(what)));
            return std::nullopt;
        }
        auto c = currency::find(cur);
        if (!c) {
            finding(value, "currency", quote_value(cur) + " is not an ISO 4217 currency code" + kept(), severity::error, id, not_kept(std::string(what)));
            return std::nullopt;
        }
        if (cur == "XXX" || cur == "XTS") {
            finding(value, "currency", std::string(cur) + (cur == "XXX" ? " means 'no currency'" : " is ISO 4217's code for testing") + ", not money" + kept(),
                    severity::error, id, not_kept(std::string(what)));
            return std::nullopt;
        }
        decimal number;
        try {
            number = xsd_decimal(amount);
        } catch (const error& e) {
            finding(value, "", quote_value(amount) + " is not a decimal amount (" + e.what() + ")" + kept(), severity::error, id, not_kept(std::string(what)));
            return std::nullopt;
        }
        std::optional<money> m;
        try {
            m = money(number, *c);
        } catch (const error& e) {
            finding(value, "", quote_value(amount) + " is not an amount in " + std::string(cur) + " (" + e.what() + ")" + kept(), severity::error, id, not_kept(std::string(what)));
            return std::nullopt;
        }
        const std::string_view vd = trimmed_view(value.attribute("value-date").as_string());
        std::optional<date> day;
        if (!vd.empty()) day = date_attr(value, "value-date", id);
        if (!day) {
            if (!fallback) {
                finding(value, "value-date", std::string(vd.empty() ? "the value has no value-date" : "the value-date is not a date") +
                                                 " and the " + std::string(what) + " no " + fallback_name + " to stand for it (conversions need one)" + kept(),
                        severity::error, id, not_kept(std::string(what)));
                return std::nullopt;
            }
            finding(value, "value-date", std::string(vd.empty() ? "no value-date (the standard requires one)" : "the value-date is not a date") +
                                             ": the " + fallback_name + " " + format_date(*fallback) + " stands for it",
                    severity::warning, id, guessed("value-date"));
            day = fallback;
        }
        value_date = *day;
        return m;
    }

    void collect(pugi::xml_node a, std::string record) {
        kids_.sort(a);
        activity act;
        act.line = line_, act.column = column_, act.position = place_.position;
        act.first_row = rows_.size();
        grant& g = act.g;
        version_ = a.attribute("version") ? trimmed(a.attribute("version").as_string()) : file_version_;
        const bool v1 = version_1(version_);
        g.id = trimmed(kids_.first(child_elements::iati_identifier).text().as_string());
        if (g.id.empty()) {
            g.id = "#" + std::to_string(acts_.size() + 1);
            finding(a, "", "the activity has no iati-identifier (the standard requires one); it is called '" + g.id + "' here", severity::error, g.id,
                    guessed("iati-identifier"));
        }
        if (auto [it, fresh] = ids_.emplace(g.id, acts_.size()); !fresh) {
            const auto first = location_of(acts_[it->second]);
            finding(kids_.first(child_elements::iati_identifier), "", "iati-identifier " + quote_value(g.id) + " appears twice (first at line " +
                                                        std::to_string(first.line) + "); this copy is not kept",
                    severity::error, g.id, not_kept("activity"));
            return;
        }
        g.source = source_record{"iati", version_, std::move(record), line_};
        if (a.attribute("version") && !v1)
            finding(a, "version", "iati-activity carries a version attribute (only iati-activities may, since 2.01)", severity::warning, g.id);
        const std::string lang = a.attribute("xml:lang").as_string();
        const std::string default_currency = trimmed(a.attribute("default-currency").as_string());
        // The standard's own cardinalities (2.0x's; 1.0x made nearly every element optional and let
        // titles and descriptions repeat per language), reported rather than refused.
        auto count = [&](child_elements::name el) { return kids_[el].size(); };
        if (!v1) {
            if (count(child_elements::reporting_org) != 1) finding(a, "", std::to_string(count(child_elements::reporting_org)) + " reporting-org elements (exactly one required)", severity::error, g.id);
            if (count(child_elements::title) != 1) finding(a, "", std::to_string(count(child_elements::title)) + " title elements (exactly one required)", severity::error, g.id);
            if (count(child_elements::activity_status) != 1) finding(a, "", std::to_string(count(child_elements::activity_status)) + " activity-status elements (exactly one required)", severity::error, g.id);
            if (count(child_elements::description) == 0) finding(a, "", "no description (at least one required)", severity::error, g.id);
            if (count(child_elements::participating_org) == 0) finding(a, "", "no participating-org (at least one required)", severity::error, g.id);
            if (count(child_elements::activity_date) == 0) finding(a, "", "no activity-date (at least one required)", severity::error, g.id);
        }
        g.language = lang;
        if (auto t = in_language(kids_[child_elements::title], lang)) {
            g.title = narrative_in(t, lang);
            if (g.title.empty()) finding(t, "", "the title has no narrative", severity::error, g.id);
        }
        for (auto t : kids_[child_elements::title])
            for (auto& n : narratives_of(t)) g.titles.push_back(std::move(n));
        for (auto d : kids_[child_elements::description]) {
            std::string text = narrative_in(d, lang);
            if (text.empty()) finding(d, "", "a description has no narrative", severity::error, g.id);
            if (g.description.empty()) g.description = text;
            g.descriptions.push_back(description_block{trimmed(d.attribute("type").as_string()), narratives_of(d)});
        }
        if (auto r = kids_.first(child_elements::reporting_org)) {
            act.reporting = org_of(r).id, remember(org_of(r));
            g.reporting_org = act.reporting;
        }
        if (auto st = kids_.first(child_elements::activity_status)) {
            const std::string code = trimmed(st.attribute("code").as_string());
            g.status = activity_status_of_code(code);
            if (!g.status)
                finding(st, "code", "activity-status " + quote_value(code) + " is not in the ActivityStatus code list (1-6); the status is not kept",
                        severity::error, g.id, not_kept("activity-status"));
        }
        for (auto po : kids_[child_elements::participating_org]) {
            org_ref o = org_of(po);
            if (o.id.empty()) {
                finding(po, "", "a participating-org with neither ref nor name is not kept", severity::warning, g.id, not_kept("participating-org"));
                continue;
            }
            remember(o);
            const std::string code = code_of(po, "role", "OrganisationRole", g.id, v1);
            if (auto role = participant_role_of_code(code))
                g.participants.push_back(participant{*role, o.id, trimmed(po.attribute("type").as_string()), trimmed(po.attribute("activity-id").as_string()),
                                                     trimmed(po.attribute("crs-channel-code").as_string())});
            else
                finding(po, "role", "participating-org role " + quote_value(po.attribute("role").as_string()) +
                                        " is not in the OrganisationRole code list (1-4, or 1.0x's Funding, Accountable, Extending, Implementing); " +
                                        quote_value(o.id) + " is kept as an organisation but not as a participant",
                        severity::error, g.id, not_kept("participant"));
        }
        std::optional<date> planned_start, actual_start, planned_end, actual_end;
        for (auto d : kids_[child_elements::activity_date]) {
            auto day = date_attr(d, "iso-date", g.id);
            if (!day) {
                if (!d.attribute("iso-date")) finding(d, "iso-date", "an activity-date without iso-date is not kept", severity::error, g.id, not_kept("activity-date"));
                continue;
            }
            const std::string type = code_of(d, "type", "ActivityDateType", g.id, v1);
            if (type == "1") planned_start = day;
            else if (type == "2") actual_start = day;
            else if (type == "3") planned_end = day;
            else if (type == "4") actual_end = day;
            else
                finding(d, "type", "activity-date type " + quote_value(d.attribute("type").as_string()) +
                                       " is not in the ActivityDateType code list (1-4, or 1.0x's start-planned ... end-actual); the date " +
                                       format_date(*day) + " is not kept",
                        severity::error, g.id, not_kept("activity-date"));
        }
        if (planned_start && planned_end) {
            if (*planned_end < *planned_start) finding(a, "", "the planned end comes before the planned start: no planned period is kept", severity::error, g.id,
                                                     not_kept("planned period"));
            else g.planned = period(*planned_start, *planned_end);
        } else if (actual_start && (planned_end || actual_end)) {
            // No planned start: the actual dates stand for the planned ones, and that is said.
            date end = planned_end ? *planned_end : *actual_end;
            if (!(end < *actual_start)) g.planned = period(*actual_start, end);
            finding(a, "", "no planned start date: the planned period is taken to start at the actual start", severity::warning, g.id,
                    guessed("planned start"));
        }
        if (!g.planned && (planned_start || planned_end) && !(planned_start && planned_end && *planned_end < *planned_start))
            finding(a, "", std::string("a planned ") + (planned_start ? "start (" + format_date(*planned_start) + ")" : "end (" + format_date(*planned_end) + ")") +
                               " without a planned " + (planned_start ? "end" : "start") + " is not kept: grantfolio holds a planned period",
                    severity::warning, g.id, not_kept("planned date"));
        if (actual_start && (!g.planned || *actual_start != g.planned->first())) g.actual_start = actual_start;
        if (actual_end) g.actual_end = actual_end;
        // Recipient countries and regions and sectors, with their vocabularies and percentages.
        for (auto c : kids_[child_elements::recipient_country]) g.recipient_countries.push_back(classification_of(c, "", g.id));
        for (auto r : kids_[child_elements::recipient_region]) g.recipient_regions.push_back(classification_of(r, trimmed(r.attribute("vocabulary").as_string()), g.id));
        for (auto s : kids_[child_elements::sector]) g.sectors.push_back(classification_of(s, trimmed(s.attribute("vocabulary").as_string()), g.id));
        check_percentages(a, g);
        // Where the work was: the locations.
        for (auto l : kids_[child_elements::location]) g.sites.push_back(site_of(l, lang, g.id));
        for (const auto& s : g.sites) g.sites_as_written += (g.sites_as_written.empty() ? "" : "; ") + s.as_written;
        for (auto t : kids_[child_elements::tag]) g.coded_tags.push_back(classification_of(t, trimmed(t.attribute("vocabulary").as_string()), g.id));
        for (auto m : kids_[child_elements::policy_marker]) {
            classification c = classification_of(m, code_or_written(m, "vocabulary", "PolicyMarkerVocabulary", g.id, v1), g.id);
            g.policy_markers.push_back(policy_marker{std::move(c.code), std::move(c.vocabulary), std::move(c.vocabulary_uri),
                                                     trimmed(m.attribute("significance").as_string()), std::move(c.narratives)});
        }
        for (auto h : kids_[child_elements::humanitarian_scope]) {
            classification c = classification_of(h, trimmed(h.attribute("vocabulary").as_string()), g.id);
            g.humanitarian_scopes.push_back(humanitarian_scope{trimmed(h.attribute("type").as_string()), std::move(c.vocabulary),
                                                               std::move(c.vocabulary_uri), std::move(c.code), std::move(c.narratives)});
        }
        for (auto d : kids_[child_elements::document_link]) g.document_links.push_back(document_of(d, g.id));
        collect_budgets(a, act, default_currency);
        for (auto pd : kids_[child_elements::planned_disbursement]) {
            auto from = date_attr(pd.child("period-start"), "iso-date", g.id), to = date_attr(pd.child("period-end"), "iso-date", g.id);
            date vd;
            auto m = value_of(pd, default_currency, g.id, from, "period-start", vd);
            if (!m) continue;
            transaction_detail d;
            d.type = trimmed(pd.attribute("type").as_string());
            d.period_start = from, d.period_end = to;
            d.provider = party_of(pd.child("provider-org"), "provider-activity-id");
            d.receiver = party_of(pd.child("receiver-org"), "receiver-activity-id");
            rows_.push_back(static_cast<std::uint32_t>(acts_.size()), transaction{transaction_kind::planned_disbursement, vd, *m, "", std::move(d)});
        }
        for (auto t : kids_[child_elements::transaction]) {
            auto type_el = t.child("transaction-type");
            const std::string written = trimmed(type_el.attribute("code").as_string());
            const std::string code = code_of(type_el, "code", "TransactionType", g.id, v1);
            const auto k = code.empty() ? std::nullopt : from_iati_transaction_code(std::atoi(code.c_str()));
            if (!k || std::to_string(std::atoi(code.c_str())) != code) {
                const std::string amount = trimmed(t.child("value").text().as_string());
                finding(type_el ? type_el : t, type_el ? "code" : "",
                        (type_el ? "transaction-type " + quote_value(written) + " is not in the TransactionType code list (1-13, or 1.0x's letter codes)"
                                 : std::string("a transaction without transaction-type")) +
                            "; the transaction (" + quote_value(amount, 40) + ") is not kept",
                        severity::error, g.id, not_kept("transaction"));
                continue;
            }
            auto when = date_attr(t.child("transaction-date"), "iso-date", g.id);
            date vd;
            auto m = value_of(t, default_currency, g.id, when, "transaction-date", vd);
            if (!m) continue;
            // A transaction date that is the value date is not kept twice (most rows have no detail then).
            rows_.push_back(static_cast<std::uint32_t>(acts_.size()),
                            transaction{*k, vd, *m, narrative_in(t.child("description"), lang), detail_of(t, when != vd ? when : std::nullopt, g.id)});
        }
        for (auto r : kids_[child_elements::related_activity]) {
            const std::string other = trimmed(r.attribute("ref").as_string());
            if (other == g.id) {
                finding(r, "ref", "the activity names itself as a related activity; the relation is not kept", severity::warning, g.id,
                        not_kept("related-activity"));
                continue;
            }
            g.related_activities.push_back(related_activity{other, trimmed(r.attribute("type").as_string())});
            related_.push_back({g.id, other, g.related_activities.back().type, location_of(r, "ref")});
        }
        act.rows = rows_.size() - act.first_row;
        acts_.push_back(std::move(act));
    }

    /// An organisation at one end of a transaction: kept among the programme's organisations when
    /// named (by ref or narrative), with the activity id and type as written.
    transaction_party party_of(pugi::xml_node el, const char* activity_attr) {
        if (!el) return {};
        transaction_party p;
        const org_ref o = org_of(el);
        remember(o);
        p.org = o.id;
        p.activity_id = trimmed(el.attribute(activity_attr).as_string());
        p.type = trimmed(el.attribute("type").as_string());
        p.name = narrative_in(el);
        return p;
    }

    /// What a transaction says besides its type, value and description (one pass over its children).
    transaction_detail detail_of(pugi::xml_node t, std::optional<date> when, const std::string& id) {
        transaction_detail d;
        d.transaction_date = when;
        if (auto ref = t.attribute("ref")) d.ref = trimmed(ref.as_string());
        if (auto h = t.attribute("humanitarian")) d.humanitarian = trimmed(h.as_string());
        for (auto c = t.first_child(); c; c = c.next_sibling()) {
            const std::string_view name = c.name();
            auto code = [&] { return trimmed(c.attribute("code").as_string()); };
            if (name == "provider-org") d.provider = party_of(c, "provider-activity-id");
            else if (name == "receiver-org") d.receiver = party_of(c, "receiver-activity-id");
            else if (name == "disbursement-channel") d.disbursement_channel = code();
            else if (name == "flow-type") d.flow_type = code();
            else if (name == "finance-type") d.finance_type = code();
            else if (name == "tied-status") d.tied_status = code();
            else if (name == "aid-type") d.aid_types.push_back(classification{code(), trimmed(c.attribute("vocabulary").as_string()), "", std::nullopt});
            else if (name == "sector") d.sectors.push_back(classification_of(c, trimmed(c.attribute("vocabulary").as_string()), id));
            else if (name == "recipient-country") d.recipient_countries.push_back(classification_of(c, "", id));
            else if (name == "recipient-region") d.recipient_regions.push_back(classification_of(c, trimmed(c.attribute("vocabulary").as_string()), id));
        }
        return d;
    }

    /// An IATI location as a site: its name in the activity's language (else its ref), its
    /// description as the note, and everything else it says in the site's detail. 1.0x's
    /// coordinates, administrative country and gazetteer entries are read as their 2.0x forms.
    site site_of(pugi::xml_node l, const std::string& lang, const std::string& id) {
        location_detail d;
        d.ref = trimmed(l.attribute("ref").as_string());
        for (auto c = l.first_child(); c; c = c.next_sibling()) {
            const std::string_view name = c.name();
            auto attr = [&](const char* a) { return trimmed(c.attribute(a).as_string()); };
            if (name == "location-reach") d.reach = attr("code");
            else if (name == "location-id") d.ids.push_back({attr("vocabulary"), attr("code")});
            else if (name == "name") d.names = narratives_of(c);
            else if (name == "description") d.descriptions = narratives_of(c);
            else if (name == "activity-description") d.activity_descriptions = narratives_of(c);
            else if (name == "administrative" && c.attribute("country") && !c.attribute("vocabulary"))
                d.country = attr("country");  // 1.0x: country, adm1 and adm2 (the rest kept in the record)
            else if (name == "administrative") d.administrative.push_back({attr("vocabulary"), attr("code"), attr("level")});
            else if (name == "point") {
                const std::string pos = trimmed(c.child("pos").text().as_string());
                if (auto pt = point_of(c.child("pos") ? c.child("pos") : c, pos, id)) {
                    pt->srs_name = attr("srsName");
                    d.point = std::move(pt);
                }
            } else if (name == "coordinates") {  // 1.0x
                if (auto pt = point_of(c, attr("latitude") + " " + attr("longitude"), id)) d.point = std::move(pt);
            } else if (name == "gazetteer-entry") {  // 1.0x: its agency as written (GEO, NGA, OSM), not a GeographicVocabulary code
                // (the 1.0x examples spell it gazeteer-ref)
                d.ids.push_back({c.attribute("gazetteer-ref") ? attr("gazetteer-ref") : attr("gazeteer-ref"), trimmed(c.text().as_string())});
            } else if (name == "exactness") d.exactness = attr("code");
            else if (name == "location-class") d.location_class = attr("code");
            else if (name == "feature-designation" || name == "location-type") d.feature_designation = attr("code");
        }
        std::string nm = narrative_in(l.child("name"), lang);
        site s{nm.empty() ? d.ref : nm, "", narrative_in(l.child("description"), lang)};
        s.detail = std::move(d);
        return s;
    }

    /// "latitude longitude" in decimal degrees (gml:pos), or nothing, with an error, when it is not.
    std::optional<geo_point> point_of(pugi::xml_node el, const std::string& pos, const std::string& id) {
        std::istringstream words(pos);
        std::string lat, lon, more;
        words >> lat >> lon >> more;
        try {
            if (lat.empty() || lon.empty() || !more.empty()) throw parse_error("not two numbers");
            geo_point p{xsd_decimal(lat), xsd_decimal(lon)};
            if (decimal(90) < p.latitude.abs() || decimal(180) < p.longitude.abs()) throw parse_error("out of range");
            return p;
        } catch (const error&) {
            finding(el, "", "location point " + quote_value(pos) + " is not a latitude (-90 to 90) and a longitude (-180 to 180) in decimal degrees; the point is not kept",
                    severity::error, id, not_kept("location point"));
            return std::nullopt;
        }
    }

    /// An IATI document-link, as written; a document date that is not a date is not kept, and said.
    document_link document_of(pugi::xml_node d, const std::string& id) {
        document_link out;
        out.url = trimmed(d.attribute("url").as_string());
        out.format = trimmed(d.attribute("format").as_string());
        for (auto c = d.first_child(); c; c = c.next_sibling()) {
            const std::string_view name = c.name();
            if (name == "title") out.titles = narratives_of(c);
            else if (name == "description") out.descriptions = narratives_of(c);
            else if (name == "category") out.categories.push_back(trimmed(c.attribute("code").as_string()));
            else if (name == "language") out.languages.push_back(trimmed(c.attribute("code").as_string()));
            else if (name == "document-date") out.document_date = date_attr(c, "iso-date", id);
        }
        return out;
    }

    /// A sector, recipient country or region, tag, policy marker or humanitarian scope: its code,
    /// vocabulary, percentage and narratives. A percentage that is not a number is not kept (the
    /// code is), and that is said.
    classification classification_of(pugi::xml_node el, std::string vocabulary, const std::string& id) {
        classification c{trimmed(el.attribute("code").as_string()), std::move(vocabulary), trimmed(el.attribute("vocabulary-uri").as_string()),
                         std::nullopt, {}};
        for (auto n : el.children("narrative")) c.narratives.push_back({n.attribute("xml:lang").as_string(), trimmed(n.text().as_string())});
        if (c.code.empty())
            finding(el, "code", std::string("a ") + el.name() + " without a code (the standard requires one)", severity::error, id);
        if (auto pct = el.attribute("percentage")) {
            const std::string text = trimmed(pct.as_string());
            try {
                c.percentage = xsd_decimal(text);
                if (*c.percentage < decimal(0) || decimal(100) < *c.percentage) {
                    finding(el, "percentage", "percentage " + quote_value(text) + " is not between 0 and 100; it is not kept", severity::error, id,
                            not_kept("percentage"));
                    c.percentage.reset();
                }
            } catch (const error&) {
                finding(el, "percentage", std::string(el.name()) + " percentage " + quote_value(text) + " is not a number; it is not kept",
                        severity::error, id, not_kept("percentage"));
            }
        }
        return c;
    }

    /// The standard's rule: where percentages are given, countries and regions together make 100,
    /// and so do the sectors of each vocabulary.
    void check_percentages(pugi::xml_node a, const grant& g) {
        decimal places_pct;
        bool given = false;
        for (const auto* places : {&g.recipient_countries, &g.recipient_regions})
            for (const auto& c : *places)
                if (c.percentage) given = true, places_pct += *c.percentage;
        if (given && places_pct != decimal(100))
            finding(a, "", "recipient-country and recipient-region percentages add up to " + places_pct.to_string() + ", not 100",
                    severity::warning, g.id);
        std::map<std::string, decimal> by_vocabulary;
        for (const auto& sec : g.sectors)
            if (sec.percentage) by_vocabulary[sec.vocabulary.empty() ? "1" : sec.vocabulary] += *sec.percentage;
        for (const auto& [v, pct] : by_vocabulary)
            if (pct != decimal(100))
                finding(a, "", "sector percentages of vocabulary " + clip_value(v) + " add up to " + pct.to_string() + ", not 100", severity::warning, g.id);
    }

    /// Budgets are kept (kind `budget`, type, status and period in its detail). A revised budget
    /// (type 2) supersedes the original (type 1) of the same period, as the standard says: the
    /// original is then not a row (it stays in the activity's record, and an info says so), so
    /// that totals of budgets and the award count each period once. The award is the sum of the
    /// remaining budgets when they share one currency.
    void collect_budgets(pugi::xml_node a, activity& act, const std::string& default_currency) {
        const std::string& id = act.g.id;
        using budget_period = std::pair<std::optional<date>, std::optional<date>>;
        struct read_budget {
            pugi::xml_node node;
            budget_period period;
            bool revised, counted;
            transaction row;
        };
        std::vector<read_budget> budgets;
        std::vector<budget_period> revised_periods;  // a handful per activity: a list beats a tree
        for (auto b : kids_[child_elements::budget]) {
            auto from = date_attr(b.child("period-start"), "iso-date", id), to = date_attr(b.child("period-end"), "iso-date", id);
            date vd;
            auto m = value_of(b, default_currency, id, from, "period-start", vd);
            if (!m) continue;
            const std::string type = trimmed(b.attribute("type").as_string());
            transaction_detail d;
            d.type = type;
            d.status = trimmed(b.attribute("status").as_string());
            d.period_start = from, d.period_end = to;
            const bool revised = type == "2", known = type.empty() || type == "1" || revised;
            if (!known)
                finding(b, "type", "budget type " + quote_value(type) + " is not in the BudgetType code list (1, 2): kept, but not in the award",
                        severity::warning, id, changed("budget"));
            if (revised) revised_periods.emplace_back(from, to);
            budgets.push_back({b, {from, to}, revised, known, transaction{transaction_kind::budget, vd, *m, "", std::move(d)}});
        }
        std::optional<money> award;
        bool mixed = false;
        for (const auto& b : budgets) {
            if (!b.revised && b.counted && std::find(revised_periods.begin(), revised_periods.end(), b.period) != revised_periods.end()) {
                auto day = [](const std::optional<date>& d) { return d ? format_date(*d) : std::string(); };
                finding(b.node, "", "an original budget (" + b.row.amount.to_string() + ") superseded by a revised budget of its period " +
                                        day(b.period.first) + "/" + day(b.period.second) + ": not counted (kept in the activity's record)",
                        severity::info, id);
                continue;
            }
            rows_.push_back(static_cast<std::uint32_t>(acts_.size()), b.row);
            if (!b.counted) continue;
            if (!award) award = b.row.amount;
            else if (award->currency_of() == b.row.amount.currency_of()) *award += b.row.amount;
            else mixed = true;
        }
        if (award && !mixed) act.g.award = award;
        if (mixed) finding(a, "", "budgets in several currencies: no single award (each budget is kept)", severity::info, id);
    }


    void remember(const org_ref& o) {
        if (o.id.empty()) return;
        if (orgs_.emplace(o.id, o).second) org_order_.push_back(o.id);
    }

    /// Drops relations that would make the hierarchy a cycle (A is B's parent and B is A's), saying so.
    void break_cycles(std::map<std::string, std::string>& parent_of) {
        for (auto& [child, parent] : parent_of) {
            std::set<std::string> seen{child};
            for (std::string at = parent;;) {
                if (seen.count(at)) {
                    finding_at(acts_by_id(child), "related-activity: " + quote_value(child) + " is its own ancestor through " +
                                                       quote_value(parent) + "; that parent relation is not kept",
                            severity::warning, child, not_kept("parent relation"));
                    parent.clear();
                    break;
                }
                seen.insert(at);
                auto next = parent_of.find(at);
                if (next == parent_of.end() || next->second.empty()) break;
                at = next->second;
            }
        }
        for (auto it = parent_of.begin(); it != parent_of.end();)
            it = it->second.empty() ? parent_of.erase(it) : std::next(it);
    }

    parse_error::location acts_by_id(const std::string& id) const {
        auto it = ids_.find(id);
        return it == ids_.end() ? parse_error::location{name_, 0, 0, {}} : location_of(acts_[it->second]);
    }

    read_result build() {
        program& p = out_.program;
        // Hierarchy: activities that are the parent (type 1) of others in the file are programmes,
        // not grants: their children become the grants, and the parent's totals are not counted again.
        // RelatedActivityType: 1 = the related activity is this one's parent, 2 = it is this one's child.
        std::map<std::string, std::string> parent_of;
        for (const auto& r : related_) {
            if (!ids_.count(r.other)) continue;
            std::string child = r.type == "1" ? r.self : r.type == "2" ? r.other : std::string();
            std::string parent = r.type == "1" ? r.other : r.type == "2" ? r.self : std::string();
            if (child.empty()) continue;
            auto [it, fresh] = parent_of.emplace(child, parent);
            if (!fresh && it->second != parent)
                finding_at(r.where, quote_value(child) + " has two parents, " + quote_value(it->second) + " and " + quote_value(parent) +
                                           "; the second is not kept",
                        severity::warning, r.self, not_kept("parent relation"));
        }
        break_cycles(parent_of);
        std::set<std::string> parents;
        for (const auto& [child, parent] : parent_of) parents.insert(parent);
        std::map<std::string, std::size_t> funded;
        for (const auto& a : acts_)
            for (const auto& pt : a.g.participants)
                if (pt.role == participant_role::funding) ++funded[pt.org];
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
                p.add_phase(phase{next++, a.g.title.empty() ? a.g.id : a.g.title, a.g.planned, std::move(a.g.source)});
            }
        bool loose = false;
        for (const auto& a : acts_)
            if (!parents.count(a.g.id) && !parent_of.count(a.g.id)) loose = true;
        // Activities without a parent in the file: phase 0, unnamed (a name would be written back as a description).
        if (loose || acts_.empty()) p.add_phase(phase{0, "", std::nullopt, {}});
        p.names.push_back(program_name{"en", title, ""});
        // Each activity's grant position; parents have none, and their rows are not kept.
        constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
        std::vector<std::uint32_t> position(acts_.size(), none);
        p.reserve(acts_.size() - std::min(acts_.size(), parents.size()), p.organizations().size());
        for (std::size_t k = 0; !acts_.empty(); ++k, acts_.pop_front()) {  // each activity's memory goes as its grant comes
            auto& a = acts_.front();
            if (parents.count(a.g.id)) {
                if (a.rows)
                    finding_at(location_of(a), "a parent activity's budgets and transactions are not added to its children's (no double count)",
                               severity::info, a.g.id);
                continue;
            }
            position[k] = static_cast<std::uint32_t>(p.grants().size());
            grant g = std::move(a.g);
            // A grant's phase is the top of its chain of parents in the file.
            std::string top = g.id;
            while (parent_of.count(top)) top = parent_of.at(top);
            g.phase = top != g.id && phase_of_parent.count(parent_of.at(g.id)) ? phase_of_parent.at(parent_of.at(g.id)) : 0;
            assign_roles(g, donor);
            p.add_grant(std::move(g));
        }
        p.set_transactions(kept_rows(rows_.release(), position));
        out_.kind = "iati";
        return std::move(out_);
    }

    /// The rows of activities that are grants, their grant column now the grant's position (rows
    /// of activities without one dropped), in the order read.
    static transaction_store::columns kept_rows(transaction_store::columns c, const std::vector<std::uint32_t>& position) {
        constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
        const std::size_t n = c.grant.size();
        std::vector<std::uint32_t> row_to(n, none);
        std::size_t w = 0;
        for (std::size_t r = 0; r < n; ++r) {
            const std::uint32_t to = position[c.grant[r]];
            if (to == none) continue;
            c.grant[w] = to, c.day[w] = c.day[r], c.coefficient[w] = c.coefficient[r], c.scale[w] = c.scale[r];
            c.currency[w] = c.currency[r], c.kind[w] = c.kind[r];
            row_to[r] = static_cast<std::uint32_t>(w++);
        }
        if (w == n) return c;  // no row dropped: rows keep their numbers
        c.grant.resize(w), c.day.resize(w), c.coefficient.resize(w), c.scale.resize(w), c.currency.resize(w), c.kind.resize(w);
        // Notes and details: (rows, starts, bytes) each, kept in place.
        auto texts = [&](std::vector<std::uint32_t>& rows, std::vector<std::uint32_t>& starts, std::string& bytes) {
            std::size_t kept = 0, to = 0;
            for (std::size_t k = 0; k < rows.size(); ++k) {
                const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : bytes.size();
                if (row_to[rows[k]] == none) continue;
                const std::size_t from = starts[k], length = end - from;
                rows[kept] = row_to[rows[k]];
                starts[kept++] = static_cast<std::uint32_t>(to);
                bytes.replace(to, length, bytes, from, length);
                to += length;
            }
            rows.resize(kept), starts.resize(kept), bytes.resize(to);
        };
        texts(c.note_row, c.note_start, c.note_text);
        texts(c.detail_row, c.detail_start, c.detail_bytes);
        std::size_t kept = 0;
        for (auto& [row, value] : c.wide)
            if (row_to[row] != none) c.wide[kept++] = {row_to[row], std::move(value)};
        c.wide.resize(kept);
        return c;
    }

    struct related {
        std::string self, other, type;
        parse_error::location where;  ///< of its ref
    };
    std::string name_;
    mutable forward_lines lines_;
    iati_options options_;
    read_result out_;
    std::deque<activity> acts_;
    child_elements kids_;  // the children of the activity being read  // a deque: grown without moving what it holds, and emptied from the front as grants are built
    std::map<std::string, std::size_t> ids_;  // an activity's id, its index in acts_
    std::map<std::string, org_ref> orgs_;
    std::vector<std::string> org_order_;
    std::vector<related> related_;
    activity_place place_{{}, 1, 0};  // count 0: an activity parsed alone (derive), paths as its own document's
    std::size_t base_ = 0;             // where the document being read starts in the file's text
    std::size_t line_ = 0, column_ = 0;  // where the activity being read starts
    std::vector<std::pair<std::string, std::string>> declarations_;  // the root's xmlns attributes, name and quoted value
    transaction_store rows_;           // every activity's budgets and transactions, grant = the activity's index
    std::string file_version_, version_;
};

}  // namespace

read_result read_iati(std::string_view text, const std::string& name, const iati_options& options) {
    return detail::read_iati(text, name, options, nullptr);
}

read_result detail::read_iati(std::string_view text, const std::string& name, const iati_options& options, page_releaser* pages) {
    if (text.size() > options.limits.max_bytes)
        throw parse_error("IATI XML exceeds the byte cap of " + std::to_string(options.limits.max_bytes), parse_error::location{name, 0, 0, {}});
    if (auto bad = grantfolio::detail::invalid_utf8(text); bad != std::string_view::npos) {
        // Not well-formed XML: a document is UTF-8 unless it says otherwise, and these do not.
        auto [line, col] = line_column(text, bad);
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
    // XML 1.0 carries no C0 control character but tab, line feed and carriage return, anywhere.
    // Eight bytes at a time: a word with no byte below 0x20 (bit 7 of each byte of w - 0x20..20 is
    // set only where the byte was below 0x20, or at or above 0xA0, which ~w rules out) is skipped.
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i + 8 <= text.size()) {
            std::uint64_t w;
            std::memcpy(&w, text.data() + i, 8);
            if (((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) == 0) {
                i += 7;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            auto [line, col] = line_column(text, i);
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
            throw parse_error(std::string("malformed XML: the control character ") + code + " (XML 1.0 allows it in no form)",
                              parse_error::location{name, line, col, {}});
        }
    }
    detail::xml_top top;
    try {
        top = detail::split_xml(text);
    } catch (const detail::xml_split_error& e) {
        auto [line, col] = line_column(text, e.offset);
        throw parse_error("malformed XML: " + e.what, parse_error::location{name, line, col, {}});
    }
    if (pages) pages->read_up_to(text.data() + text.size());  // the checks and the split have read it all
    return reader(name, text, options).read(text, top, pages);
}

namespace {
/// What reading a grant's IATI record alone gives; nothing without a record that reads.
std::optional<derived_activity> derive_record(const grant& g, const std::string& donor) {
    if (g.source.format != "iati") return std::nullopt;
    pugi::xml_document doc;
    if (!doc.load_buffer(g.source.text.data(), g.source.text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single)) return std::nullopt;
    pugi::xml_node a = doc.document_element();
    if (std::string_view(a.name()) != "iati-activity") return std::nullopt;
    return reader("record", g.source.text, iati_options{}).derive(a, g.source.version, donor);
}

/// The typed groups of `r` (the record read afresh) that `g`, kept in format `since`, did not
/// have and still agrees with.
void retype(grant& g, const grant& r, unsigned since) {
    auto codes = [](const std::vector<classification>& v) {
        std::vector<std::string> out;
        for (const auto& c : v) out.push_back(c.code);
        return out;
    };
    // Format 5 had the lists typed but without their narratives.
    auto bare = [](std::vector<classification> v) {
        for (auto& c : v) c.narratives.clear();
        return v;
    };
    auto same = [&](const std::vector<classification>& kept, const std::vector<classification>& read) {
        return since < 5 ? codes(kept) == codes(read) : kept == bare(read);
    };
    if (since < 5) {
        if (r.grantee == g.grantee && r.partners == g.partners && r.co_funders == g.co_funders) g.participants = r.participants;
        g.language = r.language;
        if (r.title == g.title) g.titles = r.titles;
        if (r.description == g.description) g.descriptions = r.descriptions;
    }
    if (same(g.sectors, r.sectors)) g.sectors = r.sectors;
    if (same(g.recipient_countries, r.recipient_countries) && same(g.recipient_regions, r.recipient_regions))
        g.recipient_countries = r.recipient_countries, g.recipient_regions = r.recipient_regions;
    // Format 6: locations, coded tags, policy markers, humanitarian scopes, relations, documents.
    if (codes(g.coded_tags) == codes(r.coded_tags)) g.coded_tags = r.coded_tags;
    bool sites = g.sites.size() == r.sites.size();
    for (std::size_t k = 0; sites && k < g.sites.size(); ++k)
        sites = g.sites[k].as_written == r.sites[k].as_written && g.sites[k].detail->ref == r.sites[k].detail->ref;
    for (std::size_t k = 0; sites && k < g.sites.size(); ++k) {
        // The note was the ref's place holder (now in the detail) or the description.
        if (g.sites[k].note.empty() || g.sites[k].note == r.sites[k].note) g.sites[k].note = r.sites[k].note;
        g.sites[k].detail = r.sites[k].detail;
    }
    g.policy_markers = r.policy_markers;
    g.humanitarian_scopes = r.humanitarian_scopes;
    g.related_activities = r.related_activities;
    g.document_links = r.document_links;
}

transaction_detail without_narratives(transaction_detail d) {
    for (auto* list : {&d.aid_types, &d.sectors, &d.recipient_countries, &d.recipient_regions})
        for (auto& c : *list) c.narratives.clear();
    return d;
}
}  // namespace

void detail::retype_from_records(program& p, unsigned since) {
    const auto& tx = p.transactions();
    const auto by_grant = tx.by_grant(p.grants().size());
    std::vector<transaction> rows;
    bool moved = false;
    for (std::size_t gi = 0; gi < p.grants().size(); ++gi) {
        const auto d = derive_record(p.grants()[gi], p.donor);
        if (!d) continue;
        p.update_grant(p.grants()[gi].id, [&](grant& g) { retype(g, d->g, since); });
        const std::size_t first = by_grant.offsets[gi], count = by_grant.offsets[gi + 1] - first;
        if (count != d->moves.size()) continue;
        bool same = true, narrated = false;
        for (std::size_t k = 0; k < count && same; ++k) {
            const std::size_t r = by_grant.rows[first + k];
            const transaction& m = d->moves[k];
            same = tx.kind(r) == m.kind && tx.value_date(r) == m.value_date && tx.amount(r) == m.amount;
            // Format 5 rows were typed, but their classifications had no narratives.
            if (same && since >= 5) {
                const transaction_detail read = *m.detail;
                const auto kept = tx.detail(r);
                same = tx.note(r) == m.note && kept.value_or(transaction_detail{}) == without_narratives(read);
                narrated = narrated || !(read == without_narratives(read));
            }
        }
        if (!same || (since >= 5 && !narrated)) continue;
        if (rows.empty())
            for (std::size_t r = 0; r < tx.size(); ++r) rows.push_back(tx.at(r));
        for (std::size_t k = 0; k < count; ++k) {
            transaction& t = rows[by_grant.rows[first + k]];
            t.note = d->moves[k].note, t.detail = d->moves[k].detail;
        }
        moved = true;
    }
    if (!moved) return;
    transaction_store out;
    out.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) out.push_back(tx.grant_of(r), rows[r]);
    p.set_transactions(out.data());
}

namespace {

/// The status the source stated; else the one the dates give on the programme's revision date (a
/// listing states none); nothing without either (a status "as of today" would make the file depend
/// on the day it was written).
const char* status_code(const grant& g, const program& p) {
    static const char* const codes[] = {"", "1", "2", "3", "4", "5", "6"};
    if (g.status) return codes[static_cast<int>(*g.status)];
    if (!p.revised_on) return nullptr;
    switch (g.status_on(*p.revised_on)) {
        case grant_status::planned: return "1";
        case grant_status::ended:
        case grant_status::closed_early: return "4";
        default: return "2";  // implementation
    }
}

/// A grant the IATI reader named "#N" (its place in the file) because its activity has no
/// identifier: that name is the reader's, not an identifier to write.
bool unnamed_activity(const grant& g) {
    if (g.id.size() < 2 || g.id[0] != '#' || g.source.format != "iati") return false;
    pugi::xml_document doc;
    if (!doc.load_buffer(g.source.text.data(), g.source.text.size())) return false;
    return trimmed(doc.document_element().child("iati-identifier").text().as_string()).empty();
}

/// Text an identifier can be made of: IATI's rules refuse "/", "&", "|" and "?" in identifiers, and
/// a blank would not survive being read back.
bool identifier_text(std::string_view id) {
    return !id.empty() && id.find_first_of("/&|? \t\r\n") == std::string_view::npos;
}

/// An award as budgets of at most a year (IATI's limit on a budget's period): consecutive spans
/// from the period's first day, each a year long but the last, which ends on the period's last day;
/// the award split by their days, to the minor unit. One budget over the whole period when the
/// award cannot be split (not rounded to its currency's minor unit, or a currency without one).
std::vector<std::pair<period, money>> yearly_budgets(const money& award, const period& span) {
    std::vector<period> years;
    for (date from = span.first(); from <= span.last();) {
        const date next = add_months(from, 12);
        const date to = std::min(span.last(), date(std::chrono::sys_days(next) - std::chrono::days(1)));
        years.emplace_back(from, to);
        from = next;
    }
    std::vector<std::pair<period, money>> out;
    if (years.size() == 1 || !award.currency_of().minor_unit() || !award.is_rounded()) {
        out.emplace_back(span, award);
        return out;
    }
    std::vector<decimal> days;
    for (const auto& y : years) days.push_back(decimal(static_cast<std::int64_t>(y.days())));
    const auto shares = award.allocate(days);
    for (std::size_t k = 0; k < years.size(); ++k) out.emplace_back(years[k], shares[k]);
    return out;
}

bool participants_known(const grant& g, const program& p) {
    return !p.donor.empty() || !p.implementer.empty() || !g.grantee.empty() || !g.partners.empty() || !g.co_funders.empty();
}

}  // namespace

std::vector<iati_gap> iati_gaps(const program& p) {
    // The same tests as write_iati makes before writing each element.
    std::vector<iati_gap> gaps;
    for (const auto& g : p.grants()) {
        iati_gap gap{g.id, {}};
        if (unnamed_activity(g)) gap.elements.push_back("iati-identifier");
        if (g.title.empty()) gap.elements.push_back("title");
        if (g.description.empty()) gap.elements.push_back("description");
        if (!participants_known(g, p)) gap.elements.push_back("participating-org");
        if (!status_code(g, p)) gap.elements.push_back("activity-status");
        if (!g.planned && !g.actual_start && !g.actual_end) gap.elements.push_back("activity-date");
        if (!gap.elements.empty()) gaps.push_back(std::move(gap));
    }
    return gaps;
}

namespace {

/// The children of <iati-activity> in the order the 2.03 schema's sequence gives them; elements of
/// other namespaces (the schema's xsd:any) come after them.
constexpr const char* activity_elements[] = {
    "iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier", "activity-status",
    "activity-date", "contact-info", "activity-scope", "recipient-country", "recipient-region", "location", "sector", "tag",
    "country-budget-items", "humanitarian-scope", "policy-marker", "collaboration-type", "default-flow-type",
    "default-finance-type", "default-aid-type", "default-tied-status", "budget", "planned-disbursement", "capital-spend",
    "transaction", "document-link", "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss"};

bool in_schema_order(std::string_view name) {
    return std::any_of(std::begin(activity_elements), std::end(activity_elements), [&](const char* n) { return name == n; });
}

/// The elements write_iati writes from a grant's fields (the others it writes only from a record).
constexpr const char* written_from_fields[] = {
    "iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status", "activity-date",
    "recipient-country", "recipient-region", "location", "sector", "tag", "humanitarian-scope", "policy-marker", "budget",
    "planned-disbursement", "transaction", "document-link", "related-activity"};

/// A grant's IATI record, and which of its elements no longer say what the grant says (their
/// group of fields was changed since reading): those are written from the fields, the rest as read.
struct record_use {
    pugi::xml_document doc;
    pugi::xml_node activity;       ///< empty: no record that a 2.03 file can carry
    std::set<std::string> stale;   ///< element names written from the grant's fields
};

void use_record(record_use& u, const grant& g, const std::vector<transaction>& rows, const program& p) {
    // A 1.0x record's codes and text-only elements are not 2.03: such grants are written from their fields.
    if (g.source.format != "iati" || version_1(g.source.version)) return;
    if (!u.doc.load_buffer(g.source.text.data(), g.source.text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single)) return;
    pugi::xml_node a = u.doc.document_element();
    if (std::string_view(a.name()) != "iati-activity") return;
    auto d = reader("record", g.source.text, iati_options{}).derive(a, g.source.version, p.donor);
    if (!d) return;
    u.activity = a;
    auto stale_unless = [&](bool same, std::initializer_list<const char*> names) {
        if (!same) u.stale.insert(names.begin(), names.end());
    };
    const grant& r = d->g;
    // An activity without identifier is called "#N" (its position in the file) by the reader.
    const bool unnamed = trimmed(a.child("iati-identifier").text().as_string()).empty() && g.id.rfind('#', 0) == 0;
    stale_unless(r.id == g.id || unnamed, {"iati-identifier"});
    stale_unless(r.reporting_org == g.reporting_org, {"reporting-org"});
    stale_unless(r.title == g.title && r.titles == g.titles, {"title"});
    stale_unless(r.description == g.description && r.descriptions == g.descriptions, {"description"});
    stale_unless(r.grantee == g.grantee && r.partners == g.partners && r.co_funders == g.co_funders && r.participants == g.participants,
                 {"participating-org"});
    stale_unless(r.status == g.status, {"activity-status"});
    stale_unless(r.planned == g.planned && r.actual_start == g.actual_start && r.actual_end == g.actual_end, {"activity-date"});
    // Countries and regions share their percentages: one group.
    stale_unless(r.recipient_countries == g.recipient_countries && r.recipient_regions == g.recipient_regions,
                 {"recipient-country", "recipient-region"});
    stale_unless(r.sites == g.sites && r.sites_as_written == g.sites_as_written, {"location"});
    stale_unless(r.sectors == g.sectors, {"sector"});
    stale_unless(r.tags == g.tags && r.coded_tags == g.coded_tags, {"tag"});
    stale_unless(r.humanitarian_scopes == g.humanitarian_scopes, {"humanitarian-scope"});
    stale_unless(r.policy_markers == g.policy_markers, {"policy-marker"});
    stale_unless(r.document_links == g.document_links, {"document-link"});
    stale_unless(r.related_activities == g.related_activities, {"related-activity"});
    // Budgets, planned disbursements and transactions: the rows of each, in order.
    auto of = [](const std::vector<transaction>& ts, std::optional<transaction_kind> kind) {
        std::vector<transaction> out;
        for (const auto& t : ts)
            if (kind ? t.kind == *kind : t.kind != transaction_kind::budget && t.kind != transaction_kind::planned_disbursement)
                out.push_back(t);
        return out;
    };
    const auto budget = transaction_kind::budget, planned = transaction_kind::planned_disbursement;
    stale_unless(of(d->moves, budget) == of(rows, budget) && (r.award == g.award || !of(rows, budget).empty()), {"budget"});
    stale_unless(of(d->moves, planned) == of(rows, planned), {"planned-disbursement"});
    stale_unless(of(d->moves, std::nullopt) == of(rows, std::nullopt), {"transaction"});
}

}  // namespace

void write_iati(std::ostream& out, const program& p, const iati_write_options& options) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto root = doc.append_child("iati-activities");
    root.append_attribute("version") = "2.03";
    // No wall clock: the same programme gives the same file whenever it is written. The option,
    // else what the source file said.
    if (const std::string& t = options.generated_datetime.empty() ? p.generated_at : options.generated_datetime; !t.empty()) {
        if (!xsd_datetime(t)) throw parse_error(quote_value(t) + " is not an xsd:dateTime (YYYY-MM-DDThh:mm:ss with an optional zone)");
        root.append_attribute("generated-datetime") = t.c_str();
    }
    const organization* donor = p.donor.empty() ? nullptr : p.find_organization(p.donor);
    // Who reports the activities that do not say who published them: the donor, else the
    // implementer; options.org_id is its identifier, and their ids get it as prefix.
    const std::string reporter = donor ? donor->id : p.implementer;
    std::unordered_map<std::string, std::string> prefixed;
    if (!options.org_id.empty()) {
        if (!identifier_text(options.org_id))
            throw invalid_argument(quote_value(options.org_id) +
                                   " cannot prefix activity identifiers: IATI identifiers hold no blank, '/', '&', '|' or '?' "
                                   "(an organisation identifier is a registration agency's code and a number in it, e.g. US-GOV-1)");
        for (const auto& g : p.grants())
            if (g.reporting_org.empty() && !unnamed_activity(g) && g.id.rfind(options.org_id + "-", 0) != 0)
                prefixed.emplace(g.id, options.org_id + "-" + g.id);
    }
    if (!options.sectors.empty()) {
        decimal shares;
        for (const auto& c : options.sectors) {
            if (!identifier_text(c.code)) throw invalid_argument(quote_value(c.code) + " is not a sector code");
            if (c.percentage) shares += *c.percentage;
        }
        if (options.sectors.size() > 1 && shares != decimal(100))
            throw invalid_argument("the sectors' percentages add up to " + shares.to_string() + ", not 100 (IATI's rule 2.1.2)");
    }
    // Whether the activity being written is one of those (its organisations' refs are the programme's).
    bool reported_as_ours = false;
    auto written_id = [&](const std::string& id) -> const std::string& {
        auto it = prefixed.find(id);
        return it == prefixed.end() ? id : it->second;
    };
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
        // An organisation the reader knew by name only ("name:…") has no ref to write.
        if (reported_as_ours && !options.org_id.empty() && id == reporter) el.append_attribute("ref") = options.org_id.c_str();
        else if (id.rfind("name:", 0) != 0) el.append_attribute("ref") = id.c_str();
        el.append_attribute("type") = iati_type_of(o ? o->kind : organization_kind::other);
        el.append_child("narrative").text() = (o ? o->name : id).c_str();
        return el;
    };
    auto narratives_in = [&](pugi::xml_node el, const std::vector<narrative>& texts) {
        for (const auto& n : texts) {
            if (n.text.find('\0') != std::string::npos)
                throw error("cannot write IATI XML: a narrative of " + path_of(el) + " holds a NUL character, which XML cannot carry; nothing written");
            auto nel = el.append_child("narrative");
            if (!n.language.empty()) nel.append_attribute("xml:lang") = n.language.c_str();
            nel.text() = n.text.c_str();
        }
    };
    // An element with a narrative per language (xml:lang where one is named).
    auto narratives_el = [&](pugi::xml_node parent, const char* name, const std::vector<narrative>& texts) {
        auto el = parent.append_child(name);
        narratives_in(el, texts);
        return el;
    };
    auto attr_if = [](pugi::xml_node el, const char* name, const std::string& value) {
        if (!value.empty()) el.append_attribute(name) = value.c_str();
    };
    auto classification_el = [&](pugi::xml_node parent, std::string_view name, const classification& c) {
        auto el = parent.append_child(std::string(name).c_str());
        el.append_attribute("code") = c.code.c_str();
        attr_if(el, "vocabulary", c.vocabulary);
        attr_if(el, "vocabulary-uri", c.vocabulary_uri);
        if (c.percentage) el.append_attribute("percentage") = c.percentage->to_string().c_str();
        narratives_in(el, c.narratives);
    };
    // A budget's or planned disbursement's period; without one, the value date's day.
    auto period_els = [](pugi::xml_node parent, const transaction& t) {
        const date from = t.detail->period_start.value_or(t.value_date), to = t.detail->period_end.value_or(from);
        parent.append_child("period-start").append_attribute("iso-date") = format_date(from).c_str();
        parent.append_child("period-end").append_attribute("iso-date") = format_date(to).c_str();
    };
    auto party_el = [&](pugi::xml_node parent, const char* name, const char* activity_attr, const transaction_party& party) {
        if (party.empty()) return;
        auto el = parent.append_child(name);
        const organization* o = party.org.empty() ? nullptr : p.find_organization(party.org);
        if (!party.org.empty() && party.org.rfind("name:", 0) != 0) el.append_attribute("ref") = party.org.c_str();
        if (!party.type.empty()) el.append_attribute("type") = party.type.c_str();
        if (!party.activity_id.empty()) el.append_attribute(activity_attr) = written_id(party.activity_id).c_str();
        if (!party.name.empty()) el.append_child("narrative").text() = party.name.c_str();
        else if (!party.org.empty() && !o) el.append_child("narrative").text() = party.org.c_str();
        else if (o) el.append_child("narrative").text() = o->name.c_str();
    };
    auto value_el = [](pugi::xml_node parent, const money& m, const date& when) {
        auto v = parent.append_child("value");
        v.append_attribute("currency") = std::string(m.currency_of().code()).c_str();
        v.append_attribute("value-date") = format_date(when).c_str();
        v.text() = m.amount().to_string().c_str();
    };
    // Parent activities, whose children are the phases' grants: written back whole, as read.
    for (const auto& ph : p.phases()) {
        if (ph.source.format != "iati" || version_1(ph.source.version)) continue;
        pugi::xml_document parent;
        if (parent.load_buffer(ph.source.text.data(), ph.source.text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single) &&
            std::string_view(parent.document_element().name()) == "iati-activity")
            root.append_copy(parent.document_element());
    }
    const auto& tx = p.transactions();
    const auto by_grant = tx.by_grant(p.grants().size());
    for (std::size_t gi = 0; gi < p.grants().size(); ++gi) {
        const grant& g = p.grants()[gi];
        std::vector<transaction> rows;
        for (std::size_t k = by_grant.offsets[gi]; k < by_grant.offsets[gi + 1]; ++k) rows.push_back(tx.at(by_grant.rows[k]));
        record_use record;
        use_record(record, g, rows, p);
        reported_as_ours = g.reporting_org.empty();
        auto a = root.append_child("iati-activity");
        if (record.activity)
            for (auto at : record.activity.attributes()) a.append_copy(at);
        // The grant's language, where it was changed or there is no record to say it.
        if (g.language != a.attribute("xml:lang").as_string()) {
            if (g.language.empty()) a.remove_attribute("xml:lang");
            else (a.attribute("xml:lang") ? a.attribute("xml:lang") : a.append_attribute("xml:lang")) = g.language.c_str();
        }
        // Values written from the fields name their currency; a record's attributes are its own.
        if (g.award && !record.activity) a.append_attribute("default-currency") = std::string(g.award->currency_of().code()).c_str();
        // Each element from the grant's fields, in the schema's order. What the programme does not
        // know is written empty (and listed by iati_gaps) or left out, not made up.
        auto from_fields = [&](std::string_view name) {
            if (name == "iati-identifier") {
                // An activity read without identifier is written without one (not as "#N").
                auto id = a.append_child("iati-identifier");
                if (!unnamed_activity(g)) id.text() = written_id(g.id).c_str();
            } else if (name == "other-identifier") {
                // The identifier as the programme has it, where the file's is prefixed (A1: the
                // reporting organisation's own identifier of the activity).
                if (prefixed.count(g.id)) {
                    auto el = a.append_child("other-identifier");
                    el.append_attribute("ref") = g.id.c_str();
                    el.append_attribute("type") = "A1";
                }
            } else if (name == "reporting-org") {
                // Who published the activity, else (a listing does not say) the donor, else the
                // implementer, else the programme itself.
                if (!g.reporting_org.empty()) org_el(a, "reporting-org", g.reporting_org);
                else if (donor) org_el(a, "reporting-org", donor->id);
                else if (!p.implementer.empty()) org_el(a, "reporting-org", p.implementer);
                else {
                    auto r = a.append_child("reporting-org");
                    r.append_attribute("ref") = (options.org_id.empty() ? p.id : options.org_id).c_str();
                    r.append_attribute("type") = "90";
                    r.append_child("narrative").text() = p.name().c_str();
                }
            } else if (name == "title") {
                // Every language's title while the title is still one of them; else the title alone.
                auto is_title = [&](const narrative& n) { return n.text == g.title; };
                if (std::any_of(g.titles.begin(), g.titles.end(), is_title)) narratives_el(a, "title", g.titles);
                else text_el(a, "title", g.title);
            } else if (name == "description") {
                auto is_description = [&](const description_block& d) {
                    return std::any_of(d.narratives.begin(), d.narratives.end(), [&](const narrative& n) { return n.text == g.description; });
                };
                if (std::any_of(g.descriptions.begin(), g.descriptions.end(), is_description)) {
                    for (const auto& d : g.descriptions) {
                        auto el = narratives_el(a, "description", d.narratives);
                        if (!d.type.empty()) el.append_attribute("type") = d.type.c_str();
                    }
                    return;
                }
                text_el(a, "description", g.description).append_attribute("type") = "1";
                // The phase, for a programme of phases (an IATI record's own descriptions say what it has).
                const phase* ph = p.phase_by_number(g.phase);
                if (!record.activity && ph && !ph->name.empty()) text_el(a, "description", ph->name).append_attribute("type") = "2";
            } else if (name == "participating-org") {
                // The participants as the source listed them, while they still say who is who.
                grant roles = g;
                assign_roles(roles, p.donor);
                if (!g.participants.empty() && roles.grantee == g.grantee && roles.partners == g.partners && roles.co_funders == g.co_funders) {
                    for (const auto& pt : g.participants) {
                        auto el = org_el(a, "participating-org", pt.org);
                        el.append_attribute("role") = std::to_string(static_cast<int>(pt.role)).c_str();
                        if (!pt.type.empty()) el.attribute("type") = pt.type.c_str();
                        if (!pt.activity_id.empty()) el.append_attribute("activity-id") = pt.activity_id.c_str();
                        if (!pt.crs_channel.empty()) el.append_attribute("crs-channel-code") = pt.crs_channel.c_str();
                    }
                    return;
                }
                if (donor) org_el(a, "participating-org", donor->id).append_attribute("role") = "1";
                for (const auto& f : g.co_funders) org_el(a, "participating-org", f).append_attribute("role") = "1";
                if (!p.implementer.empty()) org_el(a, "participating-org", p.implementer).append_attribute("role") = "3";
                if (!g.grantee.empty()) org_el(a, "participating-org", g.grantee).append_attribute("role") = "4";
                for (const auto& o : g.partners) org_el(a, "participating-org", o).append_attribute("role") = "4";
            } else if (name == "activity-status") {
                if (const char* status = status_code(g, p)) a.append_child("activity-status").append_attribute("code") = status;
            } else if (name == "activity-date") {
                auto date_el = [&](const date& day, const char* type) {
                    auto el = a.append_child("activity-date");
                    el.append_attribute("iso-date") = format_date(day).c_str();
                    el.append_attribute("type") = type;
                };
                if (g.planned) date_el(g.planned->first(), "1");
                if (g.actual_start) date_el(*g.actual_start, "2");
                if (g.planned) date_el(g.planned->last(), "3");
                if (g.actual_end) date_el(*g.actual_end, "4");
            } else if (name == "recipient-country" || name == "recipient-region") {
                const bool country = name == "recipient-country";
                for (const auto& c : country ? g.recipient_countries : g.recipient_regions) classification_el(a, name, c);
                // A programme of one country (a listing's) names it where its grants name no place.
                if (country && g.recipient_countries.empty() && g.recipient_regions.empty() && !p.country.empty())
                    a.append_child("recipient-country").append_attribute("code") = p.country.c_str();
            } else if (name == "location") {
                // The sites as locations: their own ref, else the gazetteer id; the name and
                // description in every language while they still say the site's name and note.
                for (const auto& s : g.sites) {
                    const location_detail& d = *s.detail;
                    auto l = a.append_child("location");
                    attr_if(l, "ref", d.ref.empty() ? s.place : d.ref);
                    if (!d.reach.empty()) l.append_child("location-reach").append_attribute("code") = d.reach.c_str();
                    auto code_el = [&](const char* el, const location_code& c) {
                        if (c.vocabulary.empty()) return;  // the schema requires one (a 1.0x gazetteer entry may lack it)
                        auto e = l.append_child(el);
                        attr_if(e, "vocabulary", c.vocabulary);
                        attr_if(e, "level", c.level);
                        e.append_attribute("code") = c.code.c_str();
                    };
                    for (const auto& c : d.ids) code_el("location-id", c);
                    auto says = [](const std::vector<narrative>& texts, const std::string& text) {
                        return std::any_of(texts.begin(), texts.end(), [&](const narrative& n) { return n.text == text; });
                    };
                    if (says(d.names, s.as_written)) narratives_el(l, "name", d.names);
                    else if (s.as_written != d.ref || !d.names.empty()) text_el(l, "name", s.as_written);
                    if (says(d.descriptions, s.note)) narratives_el(l, "description", d.descriptions);
                    else if (!s.note.empty()) text_el(l, "description", s.note);
                    if (!d.activity_descriptions.empty()) narratives_el(l, "activity-description", d.activity_descriptions);
                    for (const auto& c : d.administrative) code_el("administrative", c);
                    if (d.point) {
                        auto pt = l.append_child("point");
                        // The schema requires the attribute; its value is the source's (none stated: empty, not guessed).
                        pt.append_attribute("srsName") = d.point->srs_name.c_str();
                        pt.append_child("pos").text() = (d.point->latitude.to_string() + " " + d.point->longitude.to_string()).c_str();
                    }
                    for (auto [el, code] : {std::pair{"exactness", &d.exactness}, std::pair{"location-class", &d.location_class},
                                            std::pair{"feature-designation", &d.feature_designation}})
                        if (!code->empty()) l.append_child(el).append_attribute("code") = code->c_str();
                }
            } else if (name == "sector") {
                for (const auto& c : g.sectors) classification_el(a, name, c);
                const bool by_transaction = std::any_of(rows.begin(), rows.end(), [](const transaction& t) { return !t.detail->sectors.empty(); });
                if (g.sectors.empty() && !by_transaction)
                    for (const auto& c : options.sectors) classification_el(a, name, c);
            } else if (name == "tag") {
                for (const auto& c : g.coded_tags) classification_el(a, name, c);
                // A listing's words, as tags of the publisher's own vocabulary (99).
                for (const auto& t : g.tags) {
                    auto tag = a.append_child("tag");
                    tag.append_attribute("vocabulary") = "99";
                    tag.append_attribute("code") = t.c_str();
                    tag.append_child("narrative").text() = t.c_str();
                }
            } else if (name == "humanitarian-scope") {
                for (const auto& h : g.humanitarian_scopes) {
                    auto el = a.append_child("humanitarian-scope");
                    attr_if(el, "type", h.type);
                    attr_if(el, "vocabulary", h.vocabulary);
                    attr_if(el, "vocabulary-uri", h.vocabulary_uri);
                    el.append_attribute("code") = h.code.c_str();
                    narratives_in(el, h.narratives);
                }
            } else if (name == "policy-marker") {
                for (const auto& m : g.policy_markers) {
                    auto el = a.append_child("policy-marker");
                    attr_if(el, "vocabulary", m.vocabulary);
                    el.append_attribute("code") = m.code.c_str();
                    attr_if(el, "significance", m.significance);
                    attr_if(el, "vocabulary-uri", m.vocabulary_uri);
                    narratives_in(el, m.narratives);
                }
            } else if (name == "document-link") {
                for (const auto& d : g.document_links) {
                    auto el = a.append_child("document-link");
                    el.append_attribute("url") = d.url.c_str();
                    attr_if(el, "format", d.format);
                    if (!d.titles.empty()) narratives_el(el, "title", d.titles);
                    if (!d.descriptions.empty()) narratives_el(el, "description", d.descriptions);
                    for (const auto& c : d.categories) el.append_child("category").append_attribute("code") = c.c_str();
                    for (const auto& c : d.languages) el.append_child("language").append_attribute("code") = c.c_str();
                    if (d.document_date) el.append_child("document-date").append_attribute("iso-date") = format_date(*d.document_date).c_str();
                }
            } else if (name == "related-activity") {
                for (const auto& r : g.related_activities) {
                    auto el = a.append_child("related-activity");
                    el.append_attribute("ref") = written_id(r.ref).c_str();
                    attr_if(el, "type", r.type);
                }
            } else if (name == "budget") {
                // Budgets: those kept from IATI, else the award over the planned period.
                bool budgets = false;
                for (const auto& t : rows) {
                    if (t.kind != transaction_kind::budget) continue;
                    budgets = true;
                    auto b = a.append_child("budget");
                    // Type and status as stated (the standard assumes original and indicative without them).
                    if (!t.detail->type.empty()) b.append_attribute("type") = t.detail->type.c_str();
                    if (!t.detail->status.empty()) b.append_attribute("status") = t.detail->status.c_str();
                    period_els(b, t);
                    value_el(b, t.amount, t.value_date);
                }
                if (!budgets && g.award && g.planned) {
                    for (const auto& [span, amount] : yearly_budgets(*g.award, *g.planned)) {
                        auto b = a.append_child("budget");
                        b.append_attribute("type") = "1";
                        b.append_attribute("status") = "2";
                        b.append_child("period-start").append_attribute("iso-date") = format_date(span.first()).c_str();
                        b.append_child("period-end").append_attribute("iso-date") = format_date(span.last()).c_str();
                        value_el(b, amount, span.first());
                    }
                }
            } else if (name == "planned-disbursement") {
                for (const auto& t : rows) {
                    if (t.kind != transaction_kind::planned_disbursement) continue;
                    auto pd = a.append_child("planned-disbursement");
                    if (!t.detail->type.empty()) pd.append_attribute("type") = t.detail->type.c_str();
                    period_els(pd, t);
                    value_el(pd, t.amount, t.value_date);
                    party_el(pd, "provider-org", "provider-activity-id", t.detail->provider);
                    party_el(pd, "receiver-org", "receiver-activity-id", t.detail->receiver);
                }
            } else if (name == "transaction") {
                for (const auto& tr : rows) {
                    if (tr.kind == transaction_kind::budget || tr.kind == transaction_kind::planned_disbursement) continue;
                    const transaction_detail& d = *tr.detail;
                    auto t = a.append_child("transaction");
                    if (!d.ref.empty()) t.append_attribute("ref") = d.ref.c_str();
                    if (!d.humanitarian.empty()) t.append_attribute("humanitarian") = d.humanitarian.c_str();
                    const bool refund = tr.kind == transaction_kind::refund;
                    t.append_child("transaction-type").append_attribute("code") = std::to_string(refund ? 3 : iati_transaction_code(tr.kind)).c_str();
                    // The transaction date as read; a transaction that states none (a listing's) has its value date.
                    t.append_child("transaction-date").append_attribute("iso-date") = format_date(d.transaction_date.value_or(tr.value_date)).c_str();
                    value_el(t, refund ? -tr.amount : tr.amount, tr.value_date);
                    std::string note = tr.note;
                    if (refund) note = "refund" + (note.empty() ? "" : ": " + note);
                    if (!note.empty()) text_el(t, "description", note);
                    party_el(t, "provider-org", "provider-activity-id", d.provider);
                    party_el(t, "receiver-org", "receiver-activity-id", d.receiver);
                    auto code_el = [&](const char* name, const std::string& code) {
                        if (!code.empty()) t.append_child(name).append_attribute("code") = code.c_str();
                    };
                    code_el("disbursement-channel", d.disbursement_channel);
                    for (const auto& c : d.sectors) classification_el(t, "sector", c);
                    for (const auto& c : d.recipient_countries) classification_el(t, "recipient-country", c);
                    for (const auto& c : d.recipient_regions) classification_el(t, "recipient-region", c);
                    code_el("flow-type", d.flow_type);
                    code_el("finance-type", d.finance_type);
                    for (const auto& c : d.aid_types) classification_el(t, "aid-type", c);
                    code_el("tied-status", d.tied_status);
                }
            }
        };
        for (const char* name : activity_elements) {
            if (record.activity && !record.stale.count(name)) {
                for (auto c : record.activity.children(name)) a.append_copy(c);
                continue;
            }
            from_fields(name);
        }
        // The record's elements the schema does not name (other namespaces' extensions), as read.
        if (record.activity)
            for (auto c : record.activity.children())
                if (c.type() == pugi::node_element && !in_schema_order(c.name())) a.append_copy(c);
    }
    if (auto bad = first_unwritable(doc))
        throw error("cannot write IATI XML: " + bad->where + " holds " + bad->what + ", which XML cannot carry (" + bad->value +
                    "); nothing written");
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

std::string to_iati(const program& p, const iati_write_options& options) {
    std::ostringstream s;
    write_iati(s, p, options);
    return s.str();
}

std::vector<iati_gap> iati_unwritten(const program& p) {
    std::vector<iati_gap> out;
    for (const auto& g : p.grants()) {
        if (g.source.format != "iati" || !version_1(g.source.version)) continue;
        pugi::xml_document doc;
        if (!doc.load_buffer(g.source.text.data(), g.source.text.size())) continue;
        std::vector<std::string> lost;
        for (auto c : doc.document_element().children()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view name = c.name();
            if (std::any_of(std::begin(written_from_fields), std::end(written_from_fields), [&](const char* n) { return name == n; })) continue;
            if (std::find(lost.begin(), lost.end(), name) == lost.end()) lost.emplace_back(name);
        }
        // The schema's order first, then the rest as the record has them.
        std::stable_sort(lost.begin(), lost.end(), [](const std::string& a, const std::string& b) {
            auto rank = [](const std::string& n) {
                auto it = std::find_if(std::begin(activity_elements), std::end(activity_elements), [&](const char* e) { return n == e; });
                return it - std::begin(activity_elements);
            };
            return rank(a) < rank(b);
        });
        if (!lost.empty()) out.push_back({g.id, std::move(lost)});
    }
    return out;
}

bool looks_like_iati(std::string_view text) { return detect_source(text) == source_format::iati; }

namespace {
/// libxml2's handles, each freed by its own function whatever happens.
template <class T, void (*Free)(T*)>
struct freed_by {
    void operator()(T* p) const noexcept { Free(p); }
};
using schema_parser = std::unique_ptr<xmlSchemaParserCtxt, freed_by<xmlSchemaParserCtxt, xmlSchemaFreeParserCtxt>>;
using schema_handle = std::unique_ptr<xmlSchema, freed_by<xmlSchema, xmlSchemaFree>>;
using schema_validator = std::unique_ptr<xmlSchemaValidCtxt, freed_by<xmlSchemaValidCtxt, xmlSchemaFreeValidCtxt>>;
using xml_document = std::unique_ptr<xmlDoc, freed_by<xmlDoc, xmlFreeDoc>>;
}  // namespace

std::vector<diagnostic> validate_iati_schema(std::string_view text, const std::string& name, const std::string& schema_dir) {
    struct collected {
        std::vector<diagnostic> out;
        std::string name;
        bool out_of_memory = false;
    } c{{}, name};
    const std::string xsd = schema_dir + "/iati-activities-schema.xsd";
    schema_handle schema;
    {
        const schema_parser pctx(xmlSchemaNewParserCtxt(xsd.c_str()));
        if (!pctx) throw error("cannot read the IATI schema '" + xsd + "'");
        schema.reset(xmlSchemaParse(pctx.get()));
    }
    if (!schema) throw error("cannot parse the IATI schema '" + xsd + "'");
    const schema_validator vctx(xmlSchemaNewValidCtxt(schema.get()));
    if (!vctx) throw error("cannot validate against the IATI schema '" + xsd + "': out of memory");
    xmlSchemaSetValidStructuredErrors(
        vctx.get(),
        [](void* data, xmlError* e) {
            // Called from C: nothing may be thrown through libxml2's frames.
            auto* c = static_cast<collected*>(data);
            try {
                std::string msg = e->message ? e->message : "schema violation";
                while (!msg.empty() && msg.back() == '\n') msg.pop_back();
                c->out.push_back({severity::error, parse_error::location{c->name, static_cast<std::size_t>(std::max(e->line, 0)), 0, "schema"},
                                  "IATI 2.03 schema: " + msg, "", {}});
            } catch (...) {
                c->out_of_memory = true;
            }
        },
        &c);
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw error("cannot validate '" + name + "' against the IATI schema: libxml2 reads at most 2 GiB at once");
    const xml_document doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), name.c_str(), nullptr,
                                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!doc) c.out.push_back({severity::error, parse_error::location{name, 0, 0, "schema"}, "not well-formed XML", "", {}});
    else xmlSchemaValidateDoc(vctx.get(), doc.get());
    if (c.out_of_memory) throw std::bad_alloc();
    return c.out;
}

}  // namespace grantfolio::io
