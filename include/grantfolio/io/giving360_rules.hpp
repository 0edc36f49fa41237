// grantfolio/io/giving360_rules.hpp — 360Giving's data quality checks: what the 360Giving Data
// Quality Tool (ThreeSixtyGiving/dataquality, lib360dataquality) reports of a package beyond its
// schema, each finding named by the tool's check (ZeroAmountTest, TitleLength, FarPastDates...).
//
//   for (const auto& f : grantfolio::io::check_360giving(text, "grants.json"))
//       std::cout << to_string(f.finding) << '\n';   // "grants.json:3:5: warning: 360G-x-1: /grants/0/amountAwarded: ... (rule ZeroAmountTest)"
//
// The tool's accuracy ("quality") checks are warnings, its usefulness checks infos. Checks that need
// org-id.guide's list of prefixes (FundingOrgUnrecognisedPrefix, RecipientOrgUnrecognisedPrefix)
// are not applied: giving360_checks_not_applied() says so.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grantfolio/io/rule_finding.hpp"

namespace grantfolio::io {

struct giving360_check_options {
    /// What "now" is for the checks of dates in the future or far past; unset: today (system clock).
    std::optional<std::chrono::year_month_day> today;
};

/// Applies the checks to a 360Giving JSON package. Throws parse_error for JSON that is not well
/// formed or has no "grants" array; a grant that is not an object is skipped.
std::vector<rule_finding> check_360giving(std::string_view json_text, const std::string& name,
                                          const giving360_check_options& options = {});

/// The checks check_360giving does not apply, and why.
std::vector<std::pair<std::string, std::string>> giving360_checks_not_applied();

}  // namespace grantfolio::io
