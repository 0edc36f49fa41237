// Unicode helpers on ICU: normalization and case folding.
#include "grantfolio/text.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/numberformatter.h>
#include <unicode/unistr.h>

#include "grantfolio/error.hpp"

namespace grantfolio::text {

namespace {

icu::UnicodeString from_utf8(std::string_view s) {
    // ICU replaces ill-formed sequences with U+FFFD; refuse them instead.
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    if (u.indexOf(static_cast<UChar32>(0xFFFD)) >= 0 && s.find("\xEF\xBF\xBD") == std::string_view::npos)
        throw parse_error("text is not valid UTF-8");
    return u;
}

std::string to_utf8(const icu::UnicodeString& u) {
    std::string out;
    u.toUTF8String(out);
    return out;
}

icu::UnicodeString normalized(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw error(std::string("ICU NFC normalizer unavailable: ") + u_errorName(status));
    icu::UnicodeString u = from_utf8(s);
    UBool done = n->isNormalized(u, status);
    if (U_SUCCESS(status) && done) return u;
    status = U_ZERO_ERROR;
    icu::UnicodeString r = n->normalize(u, status);
    if (U_FAILURE(status)) throw error(std::string("NFC normalization failed: ") + u_errorName(status));
    return r;
}

bool is_space(UChar32 c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F; }

}  // namespace

std::string nfc(std::string_view s) { return to_utf8(normalized(s)); }

std::string fold_case(std::string_view s) { return to_utf8(normalized(s).foldCase()); }

std::string match_key(std::string_view s) {
    icu::UnicodeString u = normalized(s).foldCase();
    icu::UnicodeString out;
    bool space = true;  // drop leading spaces
    for (int32_t i = 0; i < u.length();) {
        UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        switch (c) {
            case '"': case '\'': case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
            case 0x2018: case 0x2019: case 0x201A: case '(': case ')': case '[': case ']': case ',': case '.':
                c = ' ';
                break;
            case 0x2013: case 0x2014: case 0x2212: case 0x2010: case 0x2011:
                c = '-';
                break;
            default: break;
        }
        if (is_space(c)) {
            if (!space) out.append(static_cast<UChar32>(' '));
            space = true;
        } else {
            out.append(c);
            space = false;
        }
    }
    if (out.length() && out.charAt(out.length() - 1) == ' ') out.truncate(out.length() - 1);
    return to_utf8(out);
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool space = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        bool sp = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            sp = true;
            ++i;
        }
        if (sp) {
            if (!space) out += ' ';
            space = true;
        } else {
            out += static_cast<char>(c);
            space = false;
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string format_money(const money& m, std::string_view locale, std::optional<int> fraction_digits) {
    const std::string id(locale);
    // A BCP 47 tag ("sq-AL") or an ICU id ("sq_AL").
    icu::Locale loc(id.c_str());
    if (id.find('_') == std::string::npos) {
        UErrorCode status = U_ZERO_ERROR;
        icu::Locale tagged = icu::Locale::forLanguageTag(id, status);
        if (U_SUCCESS(status) && !tagged.isBogus()) loc = tagged;
    }
    // ICU answers an unknown language with root data; that would be a silent "en"-like format.
    const std::string language = loc.getLanguage();
    bool known = false;
    int32_t count = 0;
    const icu::Locale* available = icu::Locale::getAvailableLocales(count);
    for (int32_t i = 0; i < count && !known; ++i) known = language == available[i].getLanguage();
    if (language.empty() || !known) throw invalid_argument(quote_value(locale) + " is not a locale ICU knows");

    UErrorCode status = U_ZERO_ERROR;
    const std::string code(m.currency_of().code());
    icu::UnicodeString ucode = icu::UnicodeString::fromUTF8(code);
    icu::CurrencyUnit unit(ucode.getTerminatedBuffer(), status);
    if (U_FAILURE(status)) throw invalid_argument("ICU has no currency " + code + ": " + u_errorName(status));
    int digits = 0;
    if (fraction_digits) {
        if (*fraction_digits < 0 || *fraction_digits > decimal::max_scale)
            throw invalid_argument("fraction_digits " + std::to_string(*fraction_digits) + " is outside 0..38");
        digits = *fraction_digits;
    } else {
        digits = std::max(static_cast<int>(m.currency_of().minor_unit().value_or(0)), m.amount().significant_scale());
    }
    const std::string amount = m.amount().rescaled(digits, rounding_mode::half_even).to_string();
    auto formatter = icu::number::NumberFormatter::withLocale(loc)
                         .unit(unit)
                         .precision(icu::number::Precision::fixedFraction(digits))
                         .roundingMode(UNUM_ROUND_HALFEVEN);
    icu::number::FormattedNumber out = formatter.formatDecimal(icu::StringPiece(amount), status);
    if (U_FAILURE(status)) throw error(std::string("ICU could not format ") + amount + ": " + u_errorName(status));
    icu::UnicodeString text = out.toString(status);
    if (U_FAILURE(status)) throw error(std::string("ICU could not format ") + amount + ": " + u_errorName(status));
    return to_utf8(text);
}

}  // namespace grantfolio::text
