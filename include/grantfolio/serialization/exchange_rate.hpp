// grantfolio/serialization/exchange_rate.hpp — rates with their validity and source, and rate tables.
#pragma once

#include "grantfolio/rate_table.hpp"
#include "grantfolio/serialization/decimal.hpp"

namespace grantfolio::serialization {
template <> inline exchange_rate blank<exchange_rate>() {
    return exchange_rate(currency("XXX"), currency("XTS"), decimal(1), validity::day(from_day_number(0)), "");
}
}  // namespace grantfolio::serialization

namespace boost::serialization {

template <class Archive>
void save(Archive& ar, const grantfolio::exchange_rate& r, unsigned) {
    namespace s = grantfolio::serialization;
    const grantfolio::currency base = r.base(), quote = r.quote();
    ar << make_nvp("base", base) << make_nvp("quote", quote) << make_nvp("rate", r.value());
    grantfolio::date from = r.valid().from();
    s::date_field(ar, "valid_from", from);
    std::optional<grantfolio::date> to = r.valid().to();
    s::optional_field(ar, "valid_to", to, [](Archive& a, const char* n, grantfolio::date& d) { s::date_field(a, n, d); });
    std::string source = r.source();
    s::string_field(ar, "source", source);
}

template <class Archive>
void load(Archive& ar, grantfolio::exchange_rate& r, unsigned version) {
    namespace s = grantfolio::serialization;
    s::check_version<Archive>(version, "exchange_rate");
    grantfolio::currency base("XXX"), quote("XXX");
    grantfolio::decimal value;
    ar >> make_nvp("base", base) >> make_nvp("quote", quote) >> make_nvp("rate", value);
    grantfolio::date from;
    s::date_field(ar, "valid_from", from);
    std::optional<grantfolio::date> to;
    s::optional_field(ar, "valid_to", to, [](Archive& a, const char* n, grantfolio::date& d) { s::date_field(a, n, d); });
    std::string source;
    s::string_field(ar, "source", source);
    r = grantfolio::exchange_rate(base, quote, value,
                                  to ? grantfolio::validity::range(from, *to) : grantfolio::validity::open_from(from),
                                  std::move(source));  // invalid_argument for a rate <= 0 or a pair of one currency
}

template <class Archive>
void save(Archive& ar, const grantfolio::rate_table& t, unsigned) {
    std::vector<grantfolio::exchange_rate> rates = t.rates();
    grantfolio::serialization::vector_field(ar, "rates", rates);
}

template <class Archive>
void load(Archive& ar, grantfolio::rate_table& t, unsigned version) {
    grantfolio::serialization::check_version<Archive>(version, "rate_table");
    std::vector<grantfolio::exchange_rate> rates;
    grantfolio::serialization::vector_field(ar, "rates", rates);
    grantfolio::rate_table out;
    for (const auto& r : rates) out.add(r);  // overlaps refused as for any table
    t = std::move(out);
}

template <class Archive> void serialize(Archive& ar, grantfolio::exchange_rate& r, unsigned v) { split_free(ar, r, v); }
template <class Archive> void serialize(Archive& ar, grantfolio::rate_table& t, unsigned v) { split_free(ar, t, v); }

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::exchange_rate)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::rate_table)
