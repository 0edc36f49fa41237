// grantfolio/serialization/decimal.hpp — decimal, currency and money in Boost.Serialization archives.
// XML holds them as text ("2097624.50", "USD"); text and binary archives as integers and codes.
#pragma once

#include "grantfolio/money.hpp"
#include "grantfolio/serialization/common.hpp"

namespace grantfolio::serialization {
template <> inline currency blank<currency>() { return currency("XXX"); }
template <> inline money blank<money>() { return money(currency("XXX")); }
}  // namespace grantfolio::serialization

namespace boost::serialization {

template <class Archive>
void save(Archive& ar, const grantfolio::decimal& d, unsigned) {
    if constexpr (grantfolio::serialization::is_xml<Archive>) {
        std::string text = d.to_string();
        ar << make_nvp("value", text);
    } else {
        auto u = static_cast<grantfolio::detail::u128>(d.coefficient());
        std::uint64_t hi = static_cast<std::uint64_t>(u >> 64), lo = static_cast<std::uint64_t>(u);
        std::int32_t scale = d.scale();
        ar << hi << lo << scale;
    }
}

template <class Archive>
void load(Archive& ar, grantfolio::decimal& d, unsigned version) {
    grantfolio::serialization::check_version<Archive>(version, "decimal");
    if constexpr (grantfolio::serialization::is_xml<Archive>) {
        std::string text;
        ar >> make_nvp("value", text);
        d = grantfolio::decimal::parse(text);
    } else {
        std::uint64_t hi = 0, lo = 0;
        std::int32_t scale = 0;
        ar >> hi >> lo >> scale;
        auto u = (static_cast<grantfolio::detail::u128>(hi) << 64) | lo;
        d = grantfolio::decimal::from_parts(static_cast<grantfolio::detail::i128>(u), scale);  // range-checked
    }
}

template <class Archive>
void save(Archive& ar, const grantfolio::currency& c, unsigned) {
    std::string code(c.code());
    grantfolio::serialization::string_field(ar, "code", code);
}

template <class Archive>
void load(Archive& ar, grantfolio::currency& c, unsigned version) {
    grantfolio::serialization::check_version<Archive>(version, "currency");
    std::string code;
    grantfolio::serialization::string_field(ar, "code", code);
    c = grantfolio::currency(code);  // unknown_currency for a code that is not ISO 4217
}

// Money holds its amount and currency inline (not as nested class objects): its own class version
// covers their layout, and a million amounts load without two class lookups each.
template <class Archive>
void save(Archive& ar, const grantfolio::money& m, unsigned) {
    save(ar, m.amount(), grantfolio::serialization::format_version);
    save(ar, m.currency_of(), grantfolio::serialization::format_version);
}

template <class Archive>
void load(Archive& ar, grantfolio::money& m, unsigned version) {
    grantfolio::serialization::check_version<Archive>(version, "money");
    grantfolio::decimal amount;
    grantfolio::currency c("XXX");
    load(ar, amount, version);
    load(ar, c, version);
    m = grantfolio::money(amount, c);
}

template <class Archive> void serialize(Archive& ar, grantfolio::decimal& d, unsigned v) { split_free(ar, d, v); }
template <class Archive> void serialize(Archive& ar, grantfolio::currency& c, unsigned v) { split_free(ar, c, v); }
template <class Archive> void serialize(Archive& ar, grantfolio::money& m, unsigned v) { split_free(ar, m, v); }

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::decimal)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::currency)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::money)
