// grantfolio/serialization/place.hpp — places and gazetteers in Boost.Serialization archives.
#pragma once

#include "grantfolio/gazetteer.hpp"
#include "grantfolio/serialization/common.hpp"

namespace boost::serialization {

template <class Archive>
void serialize(Archive& ar, grantfolio::place& p, unsigned version) {
    namespace s = grantfolio::serialization;
    if constexpr (Archive::is_loading::value) s::check_version<Archive>(version, "place");
    s::string_field(ar, "id", p.id);
    s::enum_field(ar, "level", p.level, static_cast<int>(grantfolio::place_level::area));
    s::string_field(ar, "name", p.name);
    s::string_field(ar, "definite", p.definite);
    s::string_field(ar, "genitive", p.genitive);
    s::string_field(ar, "parent", p.parent);
    s::string_field(ar, "code", p.code);
    s::vector_field(ar, "aliases", p.aliases);
}

template <class Archive>
void save(Archive& ar, const grantfolio::gazetteer& g, unsigned) {
    std::string name = g.name();
    std::vector<grantfolio::place> places = g.places();
    grantfolio::serialization::string_field(ar, "name", name);
    grantfolio::serialization::vector_field(ar, "places", places);
}

template <class Archive>
void load(Archive& ar, grantfolio::gazetteer& g, unsigned version) {
    grantfolio::serialization::check_version<Archive>(version, "gazetteer");
    std::string name;
    std::vector<grantfolio::place> places;
    grantfolio::serialization::string_field(ar, "name", name);
    grantfolio::serialization::vector_field(ar, "places", places);
    grantfolio::gazetteer out(name);
    for (auto& p : places) out.add(std::move(p));  // parents and levels checked as for any gazetteer
    g = std::move(out);
}

template <class Archive> void serialize(Archive& ar, grantfolio::gazetteer& g, unsigned v) { split_free(ar, g, v); }

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::place)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::gazetteer)
