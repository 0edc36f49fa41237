// src/detail/icu_regex.hpp — a regular expression matched by ICU: its matcher keeps its backtracking
// state on the heap, so a long text cannot overflow the stack (std::regex recurses per character
// and crashed on a 200,000-character identifier), and a time limit bounds catastrophic patterns.
// For the publishing standards' checks (src/iati_rules.cpp, src/giving360_rules.cpp).
// Internal to the compiled library: not installed.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include "grantfolio/error.hpp"

namespace grantfolio::io::detail {

class icu_regex {
public:
    /// Perl-style syntax, as the rulesets write it; throws invalid_argument for one ICU cannot compile.
    explicit icu_regex(const std::string& pattern, bool ignore_case = false) {
        UErrorCode status = U_ZERO_ERROR;
        UParseError where{};
        pattern_.reset(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), ignore_case ? static_cast<uint32_t>(UREGEX_CASE_INSENSITIVE) : 0u, where, status));
        if (U_FAILURE(status) || !pattern_)
            throw invalid_argument("regular expression " + quote_value(pattern) + " does not compile: " + u_errorName(status));
    }
    /// Whether it matches somewhere in `text` (search) or the whole of it.
    bool search(std::string_view text) const { return run(text, false); }
    bool full_match(std::string_view text) const { return run(text, true); }

private:
    bool run(std::string_view text, bool whole) const {
        UErrorCode status = U_ZERO_ERROR;
        const icu::UnicodeString subject = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
        std::unique_ptr<icu::RegexMatcher> m(pattern_->matcher(subject, status));
        if (U_FAILURE(status) || !m) return false;
        m->setTimeLimit(limit_steps, status);  // about a second at most; then it is taken as no match
        const bool found = whole ? m->matches(status) : m->find(0, status);
        return U_SUCCESS(status) && found;
    }
    static constexpr int32_t limit_steps = 1000;  // in ICU's units of ~millions of steps
    std::unique_ptr<icu::RegexPattern> pattern_;
};

}  // namespace grantfolio::io::detail
