// src/detail/giving360_dates.hpp — the dates 360Giving packages write, as the days they stand for:
// shared by the reader (src/giving360.cpp) and the quality checks (src/giving360_rules.cpp).
// Internal to the compiled library: not installed.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "grantfolio/date.hpp"
#include "grantfolio/error.hpp"
#include "grantfolio/period.hpp"

namespace grantfolio::io::detail {

/// A date the standard allows, as the first and last day it stands for: "2014-06-05",
/// "2014-06-05T10:00:00+00:00", "05/06/2014" (day first, as UK publishers write), "05/06/2014 00:00",
/// "2014-06" (the month), "2014" (the year). Nothing when it is none of these.
inline std::optional<period> standard_date(std::string_view s) {
    auto digits = [](std::string_view t) {
        return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    auto num = [](std::string_view t) { return std::stoi(std::string(t)); };
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    try {
        if (s.size() >= 10 && s[2] == '/' && s[5] == '/' && digits(s.substr(0, 2)) && digits(s.substr(3, 2)) &&
            digits(s.substr(6, 4)) && (s.size() == 10 || s[10] == ' ' || s[10] == 'T')) {
            date d = make_date(num(s.substr(6, 4)), static_cast<unsigned>(num(s.substr(3, 2))), static_cast<unsigned>(num(s.substr(0, 2))));
            return period(d, d);
        }
        if (s.size() >= 10 && s[4] == '-' && s[7] == '-' && (s.size() == 10 || s[10] == 'T' || s[10] == ' ')) {
            date d = parse_date(s.substr(0, 10));
            return period(d, d);
        }
        if (s.size() == 7 && s[4] == '-' && digits(s.substr(0, 4)) && digits(s.substr(5, 2))) {
            date first = make_date(num(s.substr(0, 4)), static_cast<unsigned>(num(s.substr(5, 2))), 1);
            return period(first, add_days(add_months(first, 1), -1));
        }
        if (s.size() == 4 && digits(s)) return period(make_date(num(s), 1, 1), make_date(num(s), 12, 31));
    } catch (const error&) {
        return std::nullopt;  // 31/02/2014 and the like
    }
    return std::nullopt;
}

}  // namespace grantfolio::io::detail
