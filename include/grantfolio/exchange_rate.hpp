// grantfolio/exchange_rate.hpp — one dated exchange rate: 1 base = value quote, over a validity.
//
//   using namespace grantfolio;
//   exchange_rate r(currency("USD"), currency("ALL"), decimal::parse("98.10337709126985"),
//                   validity::range(parse_date("2006-01-01"), parse_date("2006-12-31")),
//                   "IMF IFS annual average 2006");
//   r.valid_on(parse_date("2006-05-10"));   // true
#pragma once

#include <ostream>
#include <optional>
#include <string>

#include "grantfolio/currency.hpp"
#include "grantfolio/date.hpp"
#include "grantfolio/decimal.hpp"

namespace grantfolio {

/// The days a rate holds: one day, a closed range, or open-ended from a first day.
class validity {
public:
    static validity day(date d) { return validity(d, d); }
    /// Throws invalid_argument when last is before first.
    static validity range(date first, date last) { return validity(first, last); }
    static validity open_from(date first) { return validity(first, std::nullopt); }

    date from() const noexcept { return from_; }
    /// Last day; nothing when open-ended.
    std::optional<date> to() const noexcept { return to_; }
    bool is_open() const noexcept { return !to_; }
    bool is_single_day() const noexcept { return to_ && *to_ == from_; }
    bool contains(date d) const { return from_ <= d && (!to_ || d <= *to_); }
    bool overlaps(const validity& o) const {
        return (!o.to_ || from_ <= *o.to_) && (!to_ || o.from_ <= *to_);
    }

    friend bool operator==(const validity&, const validity&) = default;

private:
    validity(date f, std::optional<date> t) : from_(f), to_(t) {
        if (!f.ok() || (t && !t->ok())) throw invalid_argument("a validity needs calendar dates");
        if (t && *t < f)
            throw invalid_argument("validity ends (" + format_date(*t) + ") before it starts (" + format_date(f) + ")");
    }
    date from_;
    std::optional<date> to_;
};

/// "2006-01-01/2006-12-31", "2006-05-10" (one day) or "2006-01-01/.." (open-ended).
inline std::string to_string(const validity& v) {
    if (v.is_single_day()) return format_date(v.from());
    return format_date(v.from()) + "/" + (v.to() ? format_date(*v.to()) : std::string(".."));
}

class exchange_rate {
public:
    /// Throws invalid_argument when value <= 0 or base == quote.
    exchange_rate(currency base, currency quote, decimal value, validity valid, std::string source);

    currency base() const noexcept { return base_; }
    currency quote() const noexcept { return quote_; }
    /// Units of quote for one unit of base; exact.
    const decimal& value() const noexcept { return value_; }
    const validity& valid() const noexcept { return valid_; }
    bool valid_on(date d) const { return valid_.contains(d); }
    /// Where the figure comes from: publisher, series, file and row.
    const std::string& source() const noexcept { return source_; }

    friend bool operator==(const exchange_rate&, const exchange_rate&) = default;

private:
    currency base_, quote_;
    decimal value_;
    validity valid_;
    std::string source_;
};

/// "USD/ALL 98.10337709126985 2006-01-01/2006-12-31"
inline std::string to_string(const exchange_rate& r) {
    return std::string(r.base().code()) + "/" + std::string(r.quote().code()) + " " + r.value().to_string() + " " +
           to_string(r.valid());
}

// inline definitions

inline exchange_rate::exchange_rate(currency base, currency quote, decimal value, validity valid, std::string source)
    : base_(base), quote_(quote), value_(value), valid_(valid), source_(std::move(source)) {
    if (value.sign() <= 0)
        throw invalid_argument("exchange rate " + std::string(base.code()) + "/" + std::string(quote.code()) + " " +
                               value.to_string() + " is not positive");
    if (base == quote)
        throw invalid_argument("exchange rate from " + std::string(base.code()) + " to itself");
}

inline std::ostream& operator<<(std::ostream& os, const validity& v) { return os << to_string(v); }
inline std::ostream& operator<<(std::ostream& os, const exchange_rate& r) { return os << to_string(r); }

}  // namespace grantfolio
