// grantfolio/error.hpp — the exceptions grantfolio throws.
//
// Every failure is a grantfolio::error (a std::runtime_error) whose message says what was wrong and
// where. Subclasses let callers (and the Python bindings) tell kinds apart:
//
//   try { auto m = grantfolio::money::parse("12.345", grantfolio::currency("USD")); }
//   catch (const grantfolio::parse_error& e) { std::cerr << e.what(); }  // says field and reason
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace grantfolio {

/// Base of every exception grantfolio throws.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Text that does not follow the expected syntax. Carries where it was met, when known.
class parse_error : public error {
public:
    struct location {
        std::string file;      ///< file or source name; empty when parsing a string
        std::size_t line = 0;  ///< 1-based; 0 when unknown
        std::size_t column = 0;///< 1-based; 0 when unknown
        std::string field;     ///< field or column name; empty when unknown
    };

    explicit parse_error(const std::string& what) : error(what) {}
    parse_error(const std::string& what, location where)
        : error(describe(what, where)), reason_(what), where_(std::move(where)) {}

    const location& where() const noexcept { return where_; }
    const std::string& reason() const noexcept { return reason_; }

private:
    static std::string describe(const std::string& what, const location& w) {
        std::string s = w.file.empty() ? std::string("<input>") : w.file;
        if (w.line) s += ':' + std::to_string(w.line);
        if (w.column) s += ':' + std::to_string(w.column);
        if (!w.field.empty()) s += ": field '" + w.field + "'";
        return s + ": " + what;
    }
    std::string reason_;
    location where_;
};

/// A currency code that is not in ISO 4217 (active or historic).
class unknown_currency : public error {
public:
    using error::error;
};

/// Adding, subtracting or comparing money in two currencies.
class currency_mismatch : public error {
public:
    using error::error;
};

/// A result that does not fit the exact representation: never a wrap-around.
class overflow_error : public error {
public:
    using error::error;
};

/// A value outside its domain: a rate <= 0, a last day before the first, weights that sum to zero.
class invalid_argument : public error {
public:
    using error::error;
};

/// No exchange rate for a pair on a date under the chosen policy. Names the pair and the date.
class missing_rate : public error {
public:
    using error::error;
};

}  // namespace grantfolio
