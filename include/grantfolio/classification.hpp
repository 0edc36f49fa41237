// grantfolio/classification.hpp — a code of a vocabulary, the share it stands for, and what it is
// called; and texts in one language.
//
//   grantfolio::classification sector{"15180", "1", "", grantfolio::decimal::parse("60")};
//   sector.percentage->to_string();   // "60"
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "grantfolio/decimal.hpp"

namespace grantfolio {

/// A text in one language (an IATI narrative).
struct narrative {
    std::string language;  ///< as written ("fr"); empty: the language of the grant
    std::string text;
    friend bool operator==(const narrative&, const narrative&) = default;
};

/// A code of a vocabulary, and the share of what it classifies that it stands for: a grant's or a
/// transaction's sector, recipient country or region, a transaction's aid type, a grant's coded
/// tag, as the source gives it.
struct classification {
    std::string code;                   ///< "15180", "AL", "298"
    std::string vocabulary;             ///< as written ("1", "DAC"); empty: none written (the standard's default)
    std::string vocabulary_uri;         ///< where a publisher's own vocabulary (99, 98) is defined; empty: not stated
    std::optional<decimal> percentage;  ///< the share, 0-100; nothing: not stated
    std::vector<narrative> narratives{};  ///< what the source calls it, per language; empty: nothing written
    friend bool operator==(const classification&, const classification&) = default;
};

}  // namespace grantfolio
