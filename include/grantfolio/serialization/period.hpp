// grantfolio/serialization/period.hpp — periods in Boost.Serialization archives.
#pragma once

#include "grantfolio/period.hpp"
#include "grantfolio/serialization/common.hpp"

namespace grantfolio::serialization {
template <> inline period blank<period>() { return period::day(from_day_number(0)); }
}  // namespace grantfolio::serialization

namespace boost::serialization {

template <class Archive>
void save(Archive& ar, const grantfolio::period& p, unsigned) {
    grantfolio::date a = p.first(), b = p.last();
    grantfolio::serialization::date_field(ar, "first", a);
    grantfolio::serialization::date_field(ar, "last", b);
}

template <class Archive>
void load(Archive& ar, grantfolio::period& p, unsigned version) {
    grantfolio::serialization::check_version<Archive>(version, "period");
    grantfolio::date a, b;
    grantfolio::serialization::date_field(ar, "first", a);
    grantfolio::serialization::date_field(ar, "last", b);
    p = grantfolio::period(a, b);  // invalid_argument when last < first
}

template <class Archive> void serialize(Archive& ar, grantfolio::period& p, unsigned v) { split_free(ar, p, v); }

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::period)
