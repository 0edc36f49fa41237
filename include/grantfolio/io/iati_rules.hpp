// grantfolio/io/iati_rules.hpp — IATI's rulesets: the standard's rules beyond its XML schema (dates
// in order, budgets of at most a year, a sector for every activity, percentages adding up to 100,
// identifiers that begin with the reporting organisation's...), as the IATI Validator applies them.
//
// A ruleset is IATI-Rulesets' JSON (https://github.com/IATI/IATI-Rulesets, the JS edition's SPEC):
// contexts (XPath) holding rules (atleast_one, date_order, time_limit, strict_sum, if_then, loop,
// ...) with cases (paths, condition, ruleInfo: id, severity, message). grantfolio embeds
// `standard.json` of version 2.03 (data/iati/rulesets/README.md) and applies it with pugixml's XPath.
//
//   auto ruleset = grantfolio::io::iati_ruleset::standard();
//   for (const auto& f : ruleset.check(text, "activities.xml"))
//       std::cout << to_string(f.finding) << '\n';   // "activities.xml:12:3: error: XM-1: ...: Each activity must ... (rule 6.2.2)"
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "grantfolio/io/rule_finding.hpp"

namespace grantfolio::io {

struct iati_rules_options {
    /// What "now" is for date_now and "NOW" in date_order (the standard's "not in the future");
    /// unset: today's date, from the system clock.
    std::optional<std::chrono::year_month_day> today;
};

class iati_ruleset {
public:
    /// IATI's standard ruleset for version 2.03, embedded.
    static const iati_ruleset& standard();
    /// A ruleset from its JSON text; throws parse_error (naming `name` and the JSON pointer) for JSON
    /// that is not a ruleset, a rule name it does not know, or an XPath pugixml cannot compile.
    static iati_ruleset parse(std::string_view json_text, const std::string& name);

    /// Applies every rule to the document `xml` (named `name` in findings). Throws parse_error for XML
    /// that is not well formed. Rules that need lists grantfolio does not have (the IATI Registry's
    /// publisher identifiers, org-id.guide's prefixes: idCondition, prefix "ORG-ID-PREFIX") are not
    /// applied; not_applied() names them.
    std::vector<rule_finding> check(std::string_view xml, const std::string& name, const iati_rules_options& options = {}) const;

    /// The ids of the rules check() does not apply, and why, e.g. {"1.14.8", "needs org-id.guide's prefixes"}.
    std::vector<std::pair<std::string, std::string>> not_applied() const;
    /// How many cases the ruleset has (loops count once).
    std::size_t size() const;

    iati_ruleset(iati_ruleset&&) noexcept;
    iati_ruleset& operator=(iati_ruleset&&) noexcept;
    ~iati_ruleset();

private:
    struct impl;
    explicit iati_ruleset(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

}  // namespace grantfolio::io
