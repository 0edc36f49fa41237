// grantfolio/currency.hpp — an ISO 4217 currency: alphabetic code, numeric code, minor unit.
//
// The table holds every code of ISO 4217 List One (active) and List Three (historic), from
// data/currencies/iso4217.csv (sources in data/currencies/README.md). An unknown code throws.
//
//   grantfolio::currency usd("USD");
//   usd.numeric();      // 840
//   usd.minor_unit();   // 2      (JPY 0, KWD 3, CLF 4; XDR has none: std::nullopt)
//   grantfolio::currency("XYZ");   // throws grantfolio::unknown_currency
#pragma once

#include <ostream>
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "grantfolio/detail/iso4217_data.hpp"
#include "grantfolio/error.hpp"

namespace grantfolio {

class currency {
public:
    /// Looks the code up (exactly three upper-case letters); throws unknown_currency.
    explicit currency(std::string_view code);
    /// The currency at a position of the table (see currency::count()).
    static currency from_index(std::uint16_t index);
    /// The currency with this ISO 4217 numeric code among active ones; throws unknown_currency.
    static currency from_numeric(int numeric);
    /// The code's currency, or nothing.
    static std::optional<currency> find(std::string_view code) noexcept;
    /// Number of currencies in the table; indices run 0..count()-1 in code order.
    static std::size_t count() noexcept { return detail::iso4217_table.size(); }

    std::string_view code() const noexcept { return entry().code; }
    int numeric() const noexcept { return entry().numeric; }
    /// Decimals of the minor unit; nothing where ISO 4217 gives none (XDR, XAU, ...).
    std::optional<int> minor_unit() const noexcept {
        return entry().minor_unit < 0 ? std::nullopt : std::optional<int>(entry().minor_unit);
    }
    /// In ISO 4217 List One (current) rather than List Three (historic).
    bool active() const noexcept { return entry().active; }
    std::string_view name() const noexcept { return entry().name; }
    /// Position in the table: a compact key for arrays and hashing.
    std::uint16_t index() const noexcept { return index_; }

    friend bool operator==(currency a, currency b) noexcept { return a.index_ == b.index_; }
    friend auto operator<=>(currency a, currency b) noexcept { return a.index_ <=> b.index_; }

private:
    explicit currency(std::uint16_t i, int) noexcept : index_(i) {}
    const detail::iso4217_entry& entry() const noexcept { return detail::iso4217_table[index_]; }
    std::uint16_t index_;
};

inline std::string to_string(currency c) { return std::string(c.code()); }

// inline definitions

inline std::optional<currency> currency::find(std::string_view code) noexcept {
    if (code.size() != 3) return std::nullopt;
    const auto& t = detail::iso4217_table;
    auto it = std::lower_bound(t.begin(), t.end(), code,
                               [](const detail::iso4217_entry& e, std::string_view c) { return std::string_view(e.code, 3) < c; });
    if (it == t.end() || std::string_view(it->code, 3) != code) return std::nullopt;
    return currency(static_cast<std::uint16_t>(it - t.begin()), 0);
}

inline currency::currency(std::string_view code) : index_(0) {
    auto c = find(code);
    if (!c) {
        std::string shown(code.substr(0, 32));
        throw unknown_currency("'" + shown + "' is not an ISO 4217 currency code");
    }
    index_ = c->index_;
}

inline currency currency::from_index(std::uint16_t index) {
    if (index >= count()) throw unknown_currency("currency index " + std::to_string(index) + " is out of range");
    return currency(index, 0);
}

inline currency currency::from_numeric(int numeric) {
    const auto& t = detail::iso4217_table;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i].active && t[i].numeric == numeric) return currency(static_cast<std::uint16_t>(i), 0);
    throw unknown_currency("no active ISO 4217 currency has numeric code " + std::to_string(numeric));
}

inline std::ostream& operator<<(std::ostream& os, currency c) { return os << c.code(); }

}  // namespace grantfolio

namespace std {
/// Hashes consistently with ==.
template <>
struct hash<grantfolio::currency> {
    std::size_t operator()(grantfolio::currency c) const noexcept { return c.index(); }
};
}  // namespace std
