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
#include <string_view>
#include <utility>

#include "grantfolio/detail/utf8.hpp"

namespace grantfolio {

/// A value as a message shows it: whole when it has at most `max` bytes, else cut at a UTF-8
/// character boundary with "... (N bytes)" after it, so that a 200 MB attribute costs 80 bytes.
///   grantfolio::clip_value(std::string(300, 'x')).size() < 100
inline std::string clip_value(std::string_view v, std::size_t max = 80) {
    if (v.size() <= max) return std::string(v);
    std::string out(v.substr(0, detail::utf8_cut(v, max > 3 ? max - 3 : 0)));
    // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "..." + std::to_string(n).
    out.append("... (");
    out.append(std::to_string(v.size()));
    out.append(" bytes)");
    return out;
}

/// A value as a message quotes it: between single quotes, clipped as clip_value does.
///   grantfolio::quote_value("2006-02-31") == "'2006-02-31'"
inline std::string quote_value(std::string_view v, std::size_t max = 80) {
    std::string out(1, '\'');
    if (v.size() <= max) {
        out.append(v);
        out += '\'';
        return out;
    }
    out.append(v.substr(0, detail::utf8_cut(v, max > 3 ? max - 3 : 0)));
    out.append("...' (");
    out.append(std::to_string(v.size()));
    out.append(" bytes)");
    return out;
}

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
        if (!w.field.empty()) s += ": field " + quote_value(w.field);
        return s + ": " + what;
    }
    std::string reason_;
    location where_;
};

/// A file that could not be opened, read, written or replaced. Carries the path and the operating
/// system's error code (an errno value; 0 when the failure is not the system's, e.g. a directory
/// where a file was expected is EISDIR, a device refused is 0).
class file_error : public error {
public:
    file_error(const std::string& what, std::string path, int code) : error(what), path_(std::move(path)), code_(code) {}
    const std::string& path() const noexcept { return path_; }
    int code() const noexcept { return code_; }

private:
    std::string path_;
    int code_;
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

/// No exchange rate for a pair on a date under the chosen policy. Names the pair and the date, in
/// the message and as fields (empty when a caller threw it without them).
class missing_rate : public error {
public:
    using error::error;
    missing_rate(const std::string& what, std::string base, std::string quote, std::string on)
        : error(what), base_(std::move(base)), quote_(std::move(quote)), on_(std::move(on)) {}
    const std::string& base() const noexcept { return base_; }    ///< ISO 4217 code converted from
    const std::string& quote() const noexcept { return quote_; }  ///< ISO 4217 code converted to
    const std::string& on() const noexcept { return on_; }        ///< the day, ISO 8601

private:
    std::string base_, quote_, on_;
};

}  // namespace grantfolio
