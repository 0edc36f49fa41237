// Checks on option values, run while the command line is parsed: a bad value is a usage error
// (exit 2, with the option named), as the README promises, not a failure of the command.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "grantfolio/date.hpp"

namespace grantfolio::cli {

/// YYYY-MM-DD, a real calendar day.
inline CLI::Validator iso_date_check() {
    return CLI::Validator(
        [](std::string& s) {
            try {
                parse_date(s);
                return std::string();
            } catch (const error& e) {
                return std::string(e.what());
            }
        },
        "DATE");
}

/// A whole number from 0 to `max`, written in decimal digits only: "-1" is refused, not wrapped
/// round to 2^64-1, and a number past `max` is refused, not clamped.
inline CLI::Validator whole_number_check(std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
    return CLI::Validator(
        [max](std::string& s) {
            if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
                return "'" + s.substr(0, 40) + "' is not a whole number from 0 to " + std::to_string(max);
            std::uint64_t v = 0;
            for (char c : s) {
                const auto d = static_cast<std::uint64_t>(c - '0');
                if (v > (max - d) / 10) return "'" + s.substr(0, 40) + "' is more than " + std::to_string(max);
                v = v * 10 + d;
            }
            return std::string();
        },
        "0.." + std::to_string(max));
}

}  // namespace grantfolio::cli
