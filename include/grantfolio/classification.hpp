// grantfolio/classification.hpp — a code of a vocabulary and the share it stands for.
//
//   grantfolio::classification sector{"15180", "1", "", grantfolio::decimal::parse("60")};
//   sector.percentage->to_string();   // "60"
#pragma once

#include <optional>
#include <string>

#include "grantfolio/decimal.hpp"

namespace grantfolio {

/// A code of a vocabulary, and the share of what it classifies that it stands for: a grant's or a
/// transaction's sector, recipient country or region, a transaction's aid type, as the source gives it.
struct classification {
    std::string code;                   ///< "15180", "AL", "298"
    std::string vocabulary;             ///< as written ("1", "DAC"); empty: none written (the standard's default)
    std::string vocabulary_uri;         ///< where a publisher's own vocabulary (99, 98) is defined; empty: not stated
    std::optional<decimal> percentage;  ///< the share, 0-100; nothing: not stated
    friend bool operator==(const classification&, const classification&) = default;
};

}  // namespace grantfolio
