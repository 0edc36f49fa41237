// grantfolio/serialization/program.hpp — a whole programme in a Boost.Serialization archive.
//
// Loading goes through the programme's public API (add_phase, add_organization, add_grant), so an
// archive that names an unknown phase, organisation or place is refused like any other input.
//
//   boost::archive::xml_oarchive out(stream);
//   out << boost::serialization::make_nvp("program", program);
#pragma once

#include "grantfolio/program.hpp"
#include "grantfolio/serialization/grant.hpp"
#include "grantfolio/serialization/organization.hpp"
#include "grantfolio/serialization/place.hpp"

namespace boost::serialization {

template <class Archive>
void serialize(Archive& ar, grantfolio::phase& p, unsigned version) {
    namespace s = grantfolio::serialization;
    if constexpr (Archive::is_loading::value) s::check_version<Archive>(version, "phase");
    ar & make_nvp("number", p.number);
    s::string_field(ar, "name", p.name);
    s::optional_field(ar, "window", p.window, [](Archive& a, const char* n, auto& v) { s::value_field(a, n, v); });
}

template <class Archive>
void serialize(Archive& ar, grantfolio::program_name& n, unsigned version) {
    namespace s = grantfolio::serialization;
    if constexpr (Archive::is_loading::value) s::check_version<Archive>(version, "program_name");
    s::string_field(ar, "language", n.language);
    s::string_field(ar, "name", n.name);
    s::string_field(ar, "acronym", n.acronym);
}

template <class Archive>
void save(Archive& ar, const grantfolio::program& p, unsigned) {
    namespace s = grantfolio::serialization;
    grantfolio::program& q = const_cast<grantfolio::program&>(p);  // fields are only read
    s::string_field(ar, "id", q.id);
    s::vector_field(ar, "names", q.names);
    s::string_field(ar, "donor", q.donor);
    s::string_field(ar, "implementer", q.implementer);
    s::string_field(ar, "country", q.country);
    s::vector_field(ar, "totals", q.totals);
    s::optional_field(ar, "revised_on", q.revised_on, [](Archive& a, const char* n, grantfolio::date& d) { s::date_field(a, n, d); });
    s::string_field(ar, "source", q.source);
    ar << make_nvp("places", p.places());
    std::vector<grantfolio::phase> phases = p.phases();
    std::vector<grantfolio::organization> orgs = p.organizations();
    s::vector_field(ar, "phases", phases);
    s::vector_field(ar, "organizations", orgs);
    std::uint64_t n = p.grants().size();
    ar << make_nvp("grants_count", n);
    for (const auto& g : p.grants()) ar << make_nvp("item", g);
}

template <class Archive>
void load(Archive& ar, grantfolio::program& p, unsigned version) {
    namespace s = grantfolio::serialization;
    s::check_version<Archive>(version, "program");
    grantfolio::program out;
    s::string_field(ar, "id", out.id);
    s::vector_field(ar, "names", out.names);
    s::string_field(ar, "donor", out.donor);
    s::string_field(ar, "implementer", out.implementer);
    s::string_field(ar, "country", out.country);
    s::vector_field(ar, "totals", out.totals);
    s::optional_field(ar, "revised_on", out.revised_on, [](Archive& a, const char* n, grantfolio::date& d) { s::date_field(a, n, d); });
    s::string_field(ar, "source", out.source);
    grantfolio::gazetteer places;
    ar >> make_nvp("places", places);
    out.set_places(std::move(places));
    std::vector<grantfolio::phase> phases;
    std::vector<grantfolio::organization> orgs;
    s::vector_field(ar, "phases", phases);
    s::vector_field(ar, "organizations", orgs);
    for (auto& ph : phases) out.add_phase(std::move(ph));
    for (auto& o : orgs) out.add_organization(std::move(o));
    for (const auto* id : {&out.donor, &out.implementer})
        if (!id->empty()) out.organization_by_id(*id);
    std::uint64_t n = 0;
    ar >> make_nvp("grants_count", n);
    s::check_count(ar, n, "grants", s::context(ar).max_elements);
    for (std::uint64_t i = 0; i < n; ++i) {
        grantfolio::grant g;
        ar >> make_nvp("item", g);
        out.add_grant(std::move(g));  // phase, organisations and places must be known
    }
    p = std::move(out);
}

template <class Archive> void serialize(Archive& ar, grantfolio::program& p, unsigned v) { split_free(ar, p, v); }

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::phase)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::program_name)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::program)
