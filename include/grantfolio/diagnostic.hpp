// grantfolio/diagnostic.hpp — a problem found in input or in a model, with severity and location.
//
//   grantfolio::diagnostic d{grantfolio::severity::warning, {"listing.txt", 120, 21, "sites"},
//                            "unknown place 'Allias', kept as written"};
//   to_string(d);   // "listing.txt:120:21: warning: sites: unknown place 'Allias', kept as written"
#pragma once

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/error.hpp"

namespace grantfolio {

enum class severity { info, warning, error };

inline const char* to_string(severity s) noexcept {
    switch (s) {
        case severity::info: return "info";
        case severity::warning: return "warning";
        case severity::error: return "error";
    }
    return "?";
}

/// What reading did to the data a finding is about: what the one-line summary of a read counts.
enum class effect : std::uint8_t {
    none,      ///< nothing read was dropped, changed or guessed (a remark, e.g. on the standard's cardinalities)
    not_kept,  ///< the thing named by `diagnostic::element` is not in the model (a source record may keep its text)
    changed,   ///< kept, but not as written (a code read as another, a budget left out of the award)
    guessed,   ///< a value the source does not state was supplied (a name for an unnamed activity, a stand-in date)
};

inline const char* to_string(effect e) noexcept {
    switch (e) {
        case effect::none: return "";
        case effect::not_kept: return "not kept";
        case effect::changed: return "changed";
        case effect::guessed: return "guessed";
    }
    return "?";
}

/// An effect and what it befell, as readers pass it with a finding: `not_kept("transaction")`.
struct consequence {
    grantfolio::effect effect = effect::none;
    std::string element;  ///< singular, as the standard names it: "transaction", "value-date", "percentage"
};
inline consequence not_kept(std::string element) { return {effect::not_kept, std::move(element)}; }
inline consequence changed(std::string element) { return {effect::changed, std::move(element)}; }
inline consequence guessed(std::string element) { return {effect::guessed, std::move(element)}; }

struct diagnostic {
    grantfolio::severity level = severity::warning;
    parse_error::location where;  ///< file, line, column, field (each may be empty or 0)
    std::string message;
    std::string subject;          ///< what it concerns, e.g. a grant id; may be empty; shown clipped to 80 bytes
    consequence outcome;          ///< what it cost the data; none for a remark

    friend bool operator==(const diagnostic& a, const diagnostic& b) {
        return a.level == b.level && a.where.file == b.where.file && a.where.line == b.where.line &&
               a.where.column == b.where.column && a.where.field == b.where.field && a.message == b.message &&
               a.subject == b.subject && a.outcome.effect == b.outcome.effect && a.outcome.element == b.outcome.element;
    }
};

inline std::string to_string(const diagnostic& d) {
    std::string s;
    if (!d.where.file.empty()) s += d.where.file;
    if (d.where.line) s += ":" + std::to_string(d.where.line);
    if (d.where.column) s += ":" + std::to_string(d.where.column);
    if (!s.empty()) s += ": ";
    s += to_string(d.level);
    s += ": ";
    if (!d.subject.empty()) s += clip_value(d.subject) + ": ";
    if (!d.where.field.empty()) s += clip_value(d.where.field, 200) + ": ";
    return s + d.message;
}

inline bool has_errors(const std::vector<diagnostic>& ds) {
    for (const auto& d : ds)
        if (d.level == severity::error) return true;
    return false;
}

namespace detail {
/// "transaction" -> "transactions", "activity" -> "activities", "planned period" -> "planned periods".
inline std::string plural(std::string_view noun, std::size_t n) {
    std::string s(noun);
    if (n == 1 || s.empty()) return s;
    const char last = s.back();
    const char before = s.size() > 1 ? s[s.size() - 2] : 'a';
    if (last == 'y' && std::string_view("aeiou").find(before) == std::string_view::npos) return s.substr(0, s.size() - 1) + "ies";
    if (last == 's' || last == 'x' || (last == 'h' && (before == 'c' || before == 's'))) return s + "es";
    return s + "s";
}
}  // namespace detail

/// The one line that says what reading a source cost.
struct reading_summary {
    /// "3 transactions of 2 activities not kept, 1 value-date guessed; 2 other errors, 1 other warning":
    /// the errors and warnings that dropped, changed or guessed something, counted by what and how (in
    /// the order they were first met) with the subjects they befell, then the remaining errors and
    /// warnings counted. Empty when reading found no error or warning (infos are not counted).
    std::string text;
    /// The finding to show first: the first error that cost data, else the first warning that did,
    /// else the first error, else the first warning; null when `text` is empty.
    const diagnostic* first = nullptr;
};

/// Summarises `found` (a reader's findings, in file order); `unit` names what subjects are
/// ("activity" for IATI, "grant" otherwise).
inline reading_summary summarize_reading(const std::vector<diagnostic>& found, std::string_view unit = "grant") {
    struct group {
        consequence what;
        std::size_t count = 0;
        std::vector<std::string_view> subjects;  // distinct, a handful per group in practice
    };
    std::vector<group> groups;
    std::size_t other_errors = 0, other_warnings = 0;
    const diagnostic* first[4] = {};  // costly error, costly warning, error, warning
    for (const auto& d : found) {
        if (d.level == severity::info) continue;
        const bool costly = d.outcome.effect != effect::none;
        const int rank = (costly ? 0 : 2) + (d.level == severity::error ? 0 : 1);
        if (!first[rank]) first[rank] = &d;
        if (!costly) {
            ++(d.level == severity::error ? other_errors : other_warnings);
            continue;
        }
        auto g = groups.begin();
        while (g != groups.end() && !(g->what.effect == d.outcome.effect && g->what.element == d.outcome.element)) ++g;
        if (g == groups.end()) g = groups.insert(groups.end(), group{d.outcome, 0, {}});
        ++g->count;
        if (!d.subject.empty() && std::find(g->subjects.begin(), g->subjects.end(), d.subject) == g->subjects.end())
            g->subjects.push_back(d.subject);
    }
    reading_summary out;
    for (const auto* f : first)
        if (f) {
            out.first = f;
            break;
        }
    std::string& s = out.text;
    for (const auto& g : groups) {
        if (!s.empty()) s += ", ";
        const std::string element = g.what.element.empty() ? std::string("value") : g.what.element;
        s += std::to_string(g.count) + " " + detail::plural(element, g.count);
        if (!g.subjects.empty() && element != unit)
            s += " of " + std::to_string(g.subjects.size()) + " " + detail::plural(unit, g.subjects.size());
        s += std::string(" ") + to_string(g.what.effect);
    }
    std::string rest;
    const char* other = groups.empty() ? "" : "other ";
    for (auto [n, what] : {std::pair{other_errors, "error"}, std::pair{other_warnings, "warning"}})
        if (n) rest += (rest.empty() ? "" : ", ") + std::to_string(n) + " " + other + detail::plural(what, n);
    if (!rest.empty()) s += (s.empty() ? "" : "; ") + rest;
    return out;
}

inline std::ostream& operator<<(std::ostream& os, severity v) { return os << to_string(v); }
inline std::ostream& operator<<(std::ostream& os, const diagnostic& d) { return os << to_string(d); }

}  // namespace grantfolio
