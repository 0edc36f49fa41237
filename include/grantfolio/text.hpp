// grantfolio/text.hpp — Unicode text as grant documents need it: NFC and matching keys.
//
// Implemented with ICU in the compiled library (link grantfolio::grantfolio).
//
//   grantfolio::text::nfc("Korc\u0327e\u0308");            // "Korçë" (composed)
//   grantfolio::text::match_key("Qendra Psiko-Sociale“Vatra”") ==
//       grantfolio::text::match_key("Qendra Psiko-sociale \"Vatra\"");     // true
//   grantfolio::text::format_money(money(decimal::parse("209762381"), currency("ALL")), "sq_AL");
//       // "209 762 381,00 Lekë" (no-break spaces): CLDR's currency format of the locale, from
//       // the exact decimal (amount_format::albanian() writes the listings' "209.762.381" style)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "grantfolio/money.hpp"

namespace grantfolio::text {

/// Money as a locale writes it (ICU's number formatter with the currency as unit; a BCP 47 or ICU
/// locale id: "en_US", "sq-AL", "de"). The amount goes to ICU as decimal text, never through a
/// double, so every digit is kept. `fraction_digits` fixes the decimals shown (rounded half-even);
/// without it the currency's minor unit is used, with the amount's own decimals if it has more.
/// Throws invalid_argument for a locale ICU does not know (falling back to its root is refused).
std::string format_money(const money& m, std::string_view locale, std::optional<int> fraction_digits = std::nullopt);

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
