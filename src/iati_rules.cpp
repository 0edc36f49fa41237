// IATI rulesets (include/grantfolio/io/iati_rules.hpp): IATI-Rulesets' JSON, applied with pugixml's XPath.
#include "grantfolio/io/iati_rules.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "grantfolio/date.hpp"
#include "grantfolio/decimal.hpp"
#include "detail/icu_regex.hpp"
#include "detail/text_position.hpp"

namespace grantfolio::io {

namespace detail_iati {
std::string_view embedded_standard_ruleset_json();
}

namespace {

using json = nlohmann::json;

enum class kind {
    no_more_than_one, atleast_one, only_one_of, one_or_all, dependent, sum, strict_sum, date_order, date_now, time_limit,
    between_dates, regex_matches, regex_no_matches, startswith, unique, if_then, loop, no_spaces, no_percent, range
};

constexpr std::pair<const char*, kind> kinds[] = {
    {"no_more_than_one", kind::no_more_than_one}, {"atleast_one", kind::atleast_one},   {"only_one_of", kind::only_one_of},
    {"one_or_all", kind::one_or_all},             {"dependent", kind::dependent},       {"sum", kind::sum},
    {"strict_sum", kind::strict_sum},             {"date_order", kind::date_order},     {"date_now", kind::date_now},
    {"time_limit", kind::time_limit},             {"between_dates", kind::between_dates}, {"regex_matches", kind::regex_matches},
    {"regex_no_matches", kind::regex_no_matches}, {"startswith", kind::startswith},     {"unique", kind::unique},
    {"if_then", kind::if_then},                   {"loop", kind::loop},                 {"no_spaces", kind::no_spaces},
    {"no_percent", kind::no_percent},             {"range", kind::range}};

/// A rule's name as the ruleset writes it, in either spelling the SPEC allows ("atLeastOne",
/// "atleast_one", "startsWith"), to its kind.
std::optional<kind> kind_of(std::string_view name) {
    std::string snake;
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') snake += '_', snake += static_cast<char>(c - 'A' + 'a');
        else snake += c;
    }
    if (snake == "at_least_one") snake = "atleast_one";
    if (snake == "starts_with") snake = "startswith";
    for (const auto& [n, k] : kinds)
        if (snake == n) return k;
    return std::nullopt;
}

const char* name_of(kind k) {
    for (const auto& [n, x] : kinds)
        if (x == k) return n;
    return "?";
}

/// The keys of a case whose values are XPath expressions (strings or arrays of them).
constexpr const char* xpath_keys[] = {"condition", "paths", "less", "more", "date", "start", "end", "one", "foreach",
                                      "if",        "then",  "excluded", "prefix"};

bool keyword(std::string_view key, std::string_view value) {
    return ((key == "less" || key == "more" || key == "date") && (value == "NOW" || value == "TODAY")) ||
           (key == "prefix" && value == "ORG-ID-PREFIX") || key == "all";
}

struct rule_case {
    std::string context;
    kind k;
    json c;  ///< the case as written (a loop's `do` cases are substituted from it per value)
    std::string pointer;  ///< where in the ruleset, for errors
};

std::string rule_id(const json& c) { return c.contains("ruleInfo") ? c["ruleInfo"].value("id", std::string()) : std::string(); }

/// The date at the start of an xsd:date or xsd:dateTime text; nothing when there is none.
std::optional<date> leading_date(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
    if (text.size() < 10) return std::nullopt;
    try {
        return parse_date(text.substr(0, 10));
    } catch (const error&) {
        return std::nullopt;
    }
}

std::string text_of(const pugi::xpath_node& n) {
    if (n.attribute()) return n.attribute().value();
    const pugi::xml_node node = n.node();
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) return node.value();
    return node.child_value();
}

/// Applies cases to one document: compiled XPath by text, element positions for paths.
class checker {
public:
    checker(std::string_view text, const std::string& name, date today) : lines_(text), name_(name), today_(today) {}

    const pugi::xpath_query& query(const std::string& x) {
        auto it = cache_.find(x);
        if (it == cache_.end()) it = cache_.emplace(x, pugi::xpath_query(x.c_str())).first;
        return it->second;
    }
    const detail::icu_regex& regex(const std::string& pattern) {
        auto it = regexes_.find(pattern);
        if (it == regexes_.end()) it = regexes_.emplace(pattern, std::make_unique<detail::icu_regex>(pattern)).first;
        return *it->second;
    }
    pugi::xpath_node_set nodes(pugi::xml_node at, const std::string& x) { return query(x).evaluate_node_set(at); }
    bool boolean(pugi::xml_node at, const std::string& x) { return query(x).evaluate_boolean(at); }
    std::vector<pugi::xpath_node> matches(pugi::xml_node at, const json& paths) {
        std::vector<pugi::xpath_node> out;
        for (const auto& p : paths)
            for (const auto& n : nodes(at, p.get<std::string>())) out.push_back(n);
        return out;
    }
    std::vector<date> dates(pugi::xml_node at, const std::string& x) {
        if (x == "NOW" || x == "TODAY") return {today_};
        std::vector<date> out;
        for (const auto& n : nodes(at, x))
            if (auto d = leading_date(text_of(n))) out.push_back(*d);
        return out;
    }

    /// Whether `c` (a case of kind `k`) holds at `at`; nothing when it does not apply.
    std::optional<bool> holds(pugi::xml_node at, kind k, const json& c, std::vector<rule_finding>* loop_findings, const std::string& context) {
        if (c.contains("condition") && !boolean(at, c["condition"].get<std::string>())) return std::nullopt;
        const auto paths = c.contains("paths") ? matches(at, c["paths"]) : std::vector<pugi::xpath_node>{};
        auto texts = [&] {
            std::vector<std::string> t;
            for (const auto& n : paths) t.push_back(text_of(n));
            return t;
        };
        auto decimal_of = [](const std::string& s) -> std::optional<decimal> {
            try {
                std::string_view v = s;
                while (!v.empty() && (v.front() == ' ' || v.front() == '\n' || v.front() == '\t')) v.remove_prefix(1);
                while (!v.empty() && (v.back() == ' ' || v.back() == '\n' || v.back() == '\t')) v.remove_suffix(1);
                return decimal::parse(v);
            } catch (const error&) {
                return std::nullopt;
            }
        };
        switch (k) {
            case kind::no_more_than_one: return paths.size() <= 1;
            case kind::atleast_one: return !paths.empty();
            case kind::only_one_of: {
                for (const auto& e : c.value("excluded", json::array()))
                    if (!nodes(at, e.get<std::string>()).empty()) return paths.empty();
                return paths.size() == 1;
            }
            case kind::one_or_all: {
                if (!nodes(at, c["one"].get<std::string>()).empty()) return true;
                const std::string all = c.value("all", "");
                if (all == "lang") {
                    for (const auto& n : nodes(at, "descendant::narrative"))
                        if (!n.node().attribute("xml:lang")) return false;
                } else if (all == "sector") {
                    for (const auto& t : nodes(at, "transaction"))
                        if (!t.node().child("sector")) return false;
                } else if (all == "currency") {
                    for (const char* x : {"descendant::value", "descendant::forecast", "descendant::loan-status"})
                        for (const auto& v : nodes(at, x))
                            if (!v.node().attribute("currency")) return false;
                }
                return true;
            }
            case kind::dependent: {
                std::size_t present = 0;
                for (const auto& p : c["paths"]) present += nodes(at, p.get<std::string>()).empty() ? 0 : 1;
                return present == 0 || present == c["paths"].size();
            }
            case kind::sum:
            case kind::strict_sum: {
                if (k == kind::sum && paths.empty()) return true;
                decimal total;
                for (const auto& t : texts()) {
                    auto d = decimal_of(t);
                    if (!d) return false;
                    total = total + *d;
                }
                auto want = decimal_of(c["sum"].is_string() ? c["sum"].get<std::string>() : c["sum"].dump());
                return want && total == *want;
            }
            case kind::date_order: {
                const auto less = dates(at, c["less"].get<std::string>()), more = dates(at, c["more"].get<std::string>());
                if (less.empty() || more.empty()) return std::nullopt;
                return *std::max_element(less.begin(), less.end()) <= *std::min_element(more.begin(), more.end());
            }
            case kind::date_now: {
                const auto d = dates(at, c["date"].get<std::string>());
                if (d.empty()) return std::nullopt;
                return *std::max_element(d.begin(), d.end()) <= today_;
            }
            case kind::time_limit: {
                const auto s = dates(at, c["start"].get<std::string>()), e = dates(at, c["end"].get<std::string>());
                if (s.empty() || e.empty()) return std::nullopt;
                return e.front() <= add_months(s.front(), 12);
            }
            case kind::between_dates: {
                const auto d = dates(at, c["date"].get<std::string>());
                const auto s = dates(at, c["start"].get<std::string>()), e = dates(at, c["end"].get<std::string>());
                if (d.empty() || s.empty() || e.empty()) return std::nullopt;
                return std::all_of(d.begin(), d.end(), [&](const date& x) { return s.front() <= x && x <= e.front(); });
            }
            case kind::regex_matches:
            case kind::regex_no_matches: {
                const detail::icu_regex& re = regex(c["regex"].get<std::string>());
                for (const auto& t : texts())
                    if (re.search(t) != (k == kind::regex_matches)) return false;
                return true;
            }
            case kind::startswith: {
                // The JS edition: `prefix` paths (and a separator); the Python one: `start`, one path.
                std::vector<std::string> prefixes;
                const std::string separator = c.value("separator", "");
                if (c.contains("prefix")) {
                    for (const auto& p : c["prefix"])
                        for (const auto& n : nodes(at, p.get<std::string>())) prefixes.push_back(text_of(n) + separator);
                } else if (c.contains("start")) {
                    for (const auto& n : nodes(at, c["start"].get<std::string>())) {
                        prefixes.push_back(text_of(n));
                        break;
                    }
                }
                if (prefixes.empty()) return std::nullopt;
                for (const auto& t : texts())
                    if (std::none_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) { return t.rfind(p, 0) == 0; })) return false;
                return true;
            }
            case kind::unique: {
                const auto t = texts();
                return std::set<std::string>(t.begin(), t.end()).size() == t.size();
            }
            case kind::if_then: return !boolean(at, c["if"].get<std::string>()) || boolean(at, c["then"].get<std::string>());
            case kind::no_spaces: {
                for (const auto& t : texts())
                    if (!t.empty() && (std::isspace(static_cast<unsigned char>(t.front())) || std::isspace(static_cast<unsigned char>(t.back()))))
                        return false;
                return true;
            }
            case kind::no_percent: {
                for (const auto& t : texts())
                    if (t.find('%') != std::string::npos) return false;
                return true;
            }
            case kind::range: {
                for (const auto& t : texts()) {
                    auto v = decimal_of(t);
                    if (!v) return false;
                    auto bound = [&](const char* key) { return decimal_of(c[key].is_string() ? c[key].get<std::string>() : c[key].dump()); };
                    if (c.contains("min") && (!bound("min") || *v < *bound("min"))) return false;
                    if (c.contains("max") && (!bound("max") || *bound("max") < *v)) return false;
                }
                return true;
            }
            case kind::loop: {
                // Each distinct value of `foreach` put for "$1" in the `do` cases, each case then a rule of its own.
                std::vector<std::string> values;
                for (const auto& n : nodes(at, c["foreach"].get<std::string>()))
                    if (auto v = text_of(n); std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
                bool all = true;
                for (const auto& [rule, sub] : c["do"].items()) {
                    const kind inner = *kind_of(rule);
                    for (const auto& sub_case : sub["cases"])
                        for (const auto& v : values) {
                            if (v.find('\'') != std::string::npos) continue;  // cannot stand in an XPath string
                            const json one = substituted(sub_case, v);
                            if (auto ok = holds(at, inner, one, nullptr, context); ok && !*ok) {
                                all = false;
                                if (loop_findings) {
                                    loop_findings->push_back(finding(at, inner, one, context));
                                    // Which value of the loop: "(rule 2.1.2; sector/@vocabulary 2)".
                                    std::string& m = loop_findings->back().finding.message;
                                    const std::string each = c["foreach"].get<std::string>() + " " + v;
                                    if (!m.empty() && m.back() == ')') m.insert(m.size() - 1, "; " + each);
                                    else m += " (" + each + ")";
                                }
                            }
                        }
                }
                return all;
            }
        }
        return std::nullopt;
    }

    static json substituted(const json& c, const std::string& value) {
        if (c.is_string()) {
            std::string s = c.get<std::string>();
            for (auto at = s.find("$1"); at != std::string::npos; at = s.find("$1", at + value.size())) s.replace(at, 2, value);
            return s;
        }
        if (c.is_array() || c.is_object()) {
            json out = c;
            for (auto it = out.begin(); it != out.end(); ++it)
                if (!(c.is_object() && it.key() == "ruleInfo")) *it = substituted(*it, value);
            return out;
        }
        return c;
    }

    rule_finding finding(pugi::xml_node at, kind k, const json& c, const std::string& context) {
        rule_finding f;
        const json info = c.value("ruleInfo", json::object());
        f.rule = info.value("id", "");
        f.category = info.value("category", "");
        if (info.contains("link") && info["link"].is_object()) f.link = info["link"].value("url", "");
        const std::string sev = info.value("severity", "error");
        f.finding.level = sev == "warning" ? severity::warning : sev == "info" ? severity::info : severity::error;
        const auto [line, column] = lines_.at(at.offset_debug() > 0 ? static_cast<std::size_t>(at.offset_debug()) : 0);
        f.finding.where = parse_error::location{name_, line, column, path(at)};
        f.finding.subject = activity_id(at);
        std::string message = info.value("message", "");
        if (message.empty()) {
            json shown = c;
            shown.erase("ruleInfo");
            message = std::string(name_of(k)) + " does not hold in " + context + ": " + shown.dump();
        }
        f.finding.message = message + (f.rule.empty() ? "" : " (rule " + f.rule + ")");
        return f;
    }

private:
    /// The element's path, /iati-activities/iati-activity[3]/budget[2]: each parent's children are
    /// counted once, so a finding on each of 100,000 activities stays linear.
    std::string path(pugi::xml_node n) {
        std::vector<std::string> parts;
        for (; n && n.type() == pugi::node_element; n = n.parent()) {
            const pugi::xml_node parent = n.parent();
            auto [it, fresh] = positions_.try_emplace(parent.internal_object());
            if (fresh) {
                std::map<std::string, std::size_t, std::less<>> seen;
                for (auto s = parent.first_child(); s; s = s.next_sibling())
                    if (s.type() == pugi::node_element) it->second[s.internal_object()] = ++seen[s.name()];
                for (auto s = parent.first_child(); s; s = s.next_sibling())
                    if (s.type() == pugi::node_element && seen[s.name()] == 1) it->second[s.internal_object()] = 0;  // only one: no index
            }
            const std::size_t pos = it->second[n.internal_object()];
            parts.push_back(std::string(n.name()) + (pos ? "[" + std::to_string(pos) + "]" : ""));
        }
        std::string out;
        for (auto p = parts.rbegin(); p != parts.rend(); ++p) out += "/" + *p;
        return out;
    }

    static std::string activity_id(pugi::xml_node n) {
        for (; n; n = n.parent()) {
            const std::string_view name = n.name();
            if (name == "iati-activity") return n.child("iati-identifier").child_value();
            if (name == "iati-organisation") return n.child("organisation-identifier").child_value();
        }
        return {};
    }

    detail::line_index lines_;
    const std::string& name_;
    date today_;
    std::unordered_map<std::string, pugi::xpath_query> cache_;
    std::unordered_map<std::string, std::unique_ptr<detail::icu_regex>> regexes_;
    std::unordered_map<pugi::xml_node_struct*, std::unordered_map<pugi::xml_node_struct*, std::size_t>> positions_;
};

}  // namespace

struct iati_ruleset::impl {
    std::vector<rule_case> cases;
    std::vector<std::pair<std::string, std::string>> not_applied;
};

iati_ruleset::iati_ruleset(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
iati_ruleset::iati_ruleset(iati_ruleset&&) noexcept = default;
iati_ruleset& iati_ruleset::operator=(iati_ruleset&&) noexcept = default;
iati_ruleset::~iati_ruleset() = default;

std::size_t iati_ruleset::size() const { return impl_->cases.size(); }

std::vector<std::pair<std::string, std::string>> iati_ruleset::not_applied() const { return impl_->not_applied; }

const iati_ruleset& iati_ruleset::standard() {
    static const iati_ruleset s = parse(detail_iati::embedded_standard_ruleset_json(), "standard.json");
    return s;
}

iati_ruleset iati_ruleset::parse(std::string_view json_text, const std::string& name) {
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::parse_error& e) {
        throw parse_error("not a ruleset: " + std::string(e.what()), parse_error::location{name, 0, 0, {}});
    }
    auto bad = [&](const std::string& pointer, const std::string& why) {
        return parse_error(why, parse_error::location{name, 0, 0, pointer});
    };
    if (!doc.is_object()) throw bad("", "a ruleset is an object of contexts (XPath) to rules");
    auto r = std::make_unique<impl>();
    // Every XPath compiled once here, so that a ruleset that parses applies without XPath errors.
    auto compiles = [&](const std::string& x, const std::string& pointer) {
        pugi::xpath_query q(x.c_str());  // throws pugi::xpath_exception (exceptions on) or leaves a result
        if (!q) throw bad(pointer, "XPath " + quote_value(x) + " does not compile: " + q.result().description());
    };
    std::function<void(const json&, const std::string&, bool)> check_case = [&](const json& c, const std::string& pointer, bool in_loop) {
        if (!c.is_object()) throw bad(pointer, "a case is an object");
        for (const char* key : xpath_keys) {
            if (!c.contains(key)) continue;
            const json& v = c[key];
            auto one = [&](const json& x, const std::string& at) {
                if (!x.is_string()) throw bad(at, std::string(key) + " must be an XPath string");
                std::string s = x.get<std::string>();
                if (keyword(key, s)) return;
                if (in_loop)
                    for (auto p = s.find("$1"); p != std::string::npos; p = s.find("$1", p)) s.replace(p, 2, "x");
                try {
                    compiles(s, at);
                } catch (const pugi::xpath_exception& e) {
                    throw bad(at, "XPath " + quote_value(s) + " does not compile: " + e.what());
                }
            };
            if (v.is_array())
                for (std::size_t i = 0; i < v.size(); ++i) one(v[i], pointer + "/" + key + "/" + std::to_string(i));
            else
                one(v, pointer + "/" + key);
        }
    };
    for (const auto& [context, rules] : doc.items()) {
        const std::string at = "/" + context;
        try {
            compiles(context, at);
        } catch (const pugi::xpath_exception& e) {
            throw bad(at, "XPath " + quote_value(context) + " does not compile: " + e.what());
        }
        if (!rules.is_object()) throw bad(at, "a context holds an object of rules");
        for (const auto& [rule, body] : rules.items()) {
            const auto k = kind_of(rule);
            const std::string rp = at + "/" + rule;
            if (!k) throw bad(rp, "unknown rule " + quote_value(rule));
            if (!body.is_object() || !body.contains("cases") || !body["cases"].is_array()) throw bad(rp, "a rule holds an array of cases");
            for (std::size_t i = 0; i < body["cases"].size(); ++i) {
                const json& c = body["cases"][i];
                const std::string cp = rp + "/cases/" + std::to_string(i);
                check_case(c, cp, false);
                if (*k == kind::loop) {
                    if (!c.contains("foreach") || !c.contains("do") || !c["do"].is_object()) throw bad(cp, "a loop needs foreach and do");
                    for (const auto& [inner, sub] : c["do"].items()) {
                        if (!kind_of(inner) || *kind_of(inner) == kind::loop) throw bad(cp + "/do/" + inner, "unknown rule in a loop " + quote_value(inner));
                        if (!sub.is_object() || !sub.contains("cases") || !sub["cases"].is_array()) throw bad(cp + "/do/" + inner, "a rule holds an array of cases");
                        for (std::size_t j = 0; j < sub["cases"].size(); ++j)
                            check_case(sub["cases"][j], cp + "/do/" + inner + "/cases/" + std::to_string(j), true);
                    }
                }
                // What needs lists grantfolio does not have.
                if (*k == kind::startswith && c.contains("prefix") && c["prefix"].is_array() &&
                    std::any_of(c["prefix"].begin(), c["prefix"].end(), [](const json& p) { return p == "ORG-ID-PREFIX"; })) {
                    r->not_applied.emplace_back(rule_id(c), "needs org-id.guide's list of registration agency prefixes");
                    continue;
                }
                if (c.contains("idCondition"))
                    r->not_applied.emplace_back(rule_id(c), "applied to every value: the IATI Registry's publisher identifiers, "
                                                            "which it exempts, are not known here");
                r->cases.push_back(rule_case{context, *k, c, cp});
            }
        }
    }
    return iati_ruleset(std::move(r));
}

std::vector<rule_finding> iati_ruleset::check(std::string_view xml, const std::string& name, const iati_rules_options& options) const {
    pugi::xml_document doc;
    const auto loaded = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
    if (!loaded) {
        const auto [line, column] = detail::line_index(xml).at(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, loaded.offset)));
        throw parse_error(std::string("not well-formed XML: ") + loaded.description(), parse_error::location{name, line, column, {}});
    }
    const date today = options.today ? *options.today
                                     : date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    checker c(xml, name, today);
    std::vector<rule_finding> out;
    // Context by context in the ruleset's order; within one, element by element in the document's.
    std::vector<std::string> contexts;
    for (const auto& rc : impl_->cases)
        if (std::find(contexts.begin(), contexts.end(), rc.context) == contexts.end()) contexts.push_back(rc.context);
    for (const auto& context : contexts)
        for (const auto& n : c.nodes(doc, context)) {
            if (!n.node()) continue;
            for (const auto& rc : impl_->cases) {
                if (rc.context != context) continue;
                if (rc.k == kind::loop) {
                    c.holds(n.node(), rc.k, rc.c, &out, context);
                    continue;
                }
                if (auto ok = c.holds(n.node(), rc.k, rc.c, nullptr, context); ok && !*ok) out.push_back(c.finding(n.node(), rc.k, rc.c, context));
            }
        }
    // In the document's order, then the ruleset's.
    std::stable_sort(out.begin(), out.end(), [](const rule_finding& a, const rule_finding& b) {
        return std::tie(a.finding.where.line, a.finding.where.column) < std::tie(b.finding.where.line, b.finding.where.column);
    });
    return out;
}

}  // namespace grantfolio::io
