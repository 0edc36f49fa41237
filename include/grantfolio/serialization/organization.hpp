// grantfolio/serialization/organization.hpp — organisations in Boost.Serialization archives.
#pragma once

#include "grantfolio/organization.hpp"
#include "grantfolio/serialization/common.hpp"

namespace boost::serialization {

template <class Archive>
void serialize(Archive& ar, grantfolio::organization& o, unsigned version) {
    namespace s = grantfolio::serialization;
    if constexpr (Archive::is_loading::value) s::check_version<Archive>(version, "organization");
    s::string_field(ar, "id", o.id);
    s::string_field(ar, "name", o.name);
    s::optional_field(ar, "acronym", o.acronym, [](Archive& a, const char* n, std::string& v) { s::string_field(a, n, v); });
    s::enum_field(ar, "kind", o.kind, static_cast<int>(grantfolio::organization_kind::other));
    s::vector_field(ar, "spellings", o.spellings);
}

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::organization)
