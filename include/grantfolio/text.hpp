// grantfolio/text.hpp — Unicode text as grant documents need it: NFC and matching keys.
//
// Implemented with ICU in the compiled library (link grantfolio::grantfolio).
//
//   grantfolio::text::nfc("Korc\u0327e\u0308");            // "Korçë" (composed)
//   grantfolio::text::match_key("Qendra Psiko-Sociale“Vatra”") ==
//       grantfolio::text::match_key("Qendra Psiko-sociale \"Vatra\"");     // true
#pragma once

#include <string>
#include <string_view>

namespace grantfolio::text {

/// Unicode Normalization Form C. Invalid UTF-8 throws grantfolio::parse_error.
std::string nfc(std::string_view utf8);
/// Full Unicode case folding of NFC text.
std::string fold_case(std::string_view utf8);
/// A key for comparing names as people mean them: NFC, case-folded, quotes and brackets dropped,
/// dashes unified, whitespace collapsed and trimmed.
std::string match_key(std::string_view utf8);
/// Whitespace collapsed to single spaces and trimmed (ASCII and no-break spaces).
std::string collapse_spaces(std::string_view utf8);

}  // namespace grantfolio::text
