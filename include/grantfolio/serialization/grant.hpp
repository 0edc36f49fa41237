// grantfolio/serialization/grant.hpp — grants and their sites in Boost.Serialization archives.
#pragma once

#include "grantfolio/detail/legacy_grant.hpp"
#include "grantfolio/grant.hpp"
#include "grantfolio/serialization/decimal.hpp"
#include "grantfolio/serialization/period.hpp"
#include "grantfolio/serialization/transaction.hpp"

namespace boost::serialization {

template <class Archive>
void site_fields(Archive& ar, grantfolio::site& st) {
    namespace s = grantfolio::serialization;
    s::string_field(ar, "as_written", st.as_written);
    s::string_field(ar, "place", st.place);
    s::string_field(ar, "note", st.note);
}

template <class Archive>
void participant_fields(Archive& ar, grantfolio::participant& pt) {
    namespace s = grantfolio::serialization;
    std::uint8_t role = static_cast<std::uint8_t>(pt.role);
    ar & make_nvp("role", role);
    if constexpr (Archive::is_loading::value) {
        if (role < 1 || role > 4)
            throw grantfolio::error("archive holds participant role " + std::to_string(role) + ", not an IATI OrganisationRole code (1-4)");
        pt.role = static_cast<grantfolio::participant_role>(role);
    }
    s::string_field(ar, "org", pt.org);
    s::string_field(ar, "type", pt.type);
    s::string_field(ar, "activity_id", pt.activity_id);
    s::string_field(ar, "crs_channel", pt.crs_channel);
}

template <class Archive>
void narrative_fields(Archive& ar, grantfolio::narrative& n) {
    grantfolio::serialization::string_field(ar, "language", n.language);
    grantfolio::serialization::string_field(ar, "text", n.text);
}

template <class Archive>
void serialize(Archive& ar, grantfolio::site& st, unsigned version) {
    if constexpr (Archive::is_loading::value) grantfolio::serialization::check_version<Archive>(version, "site");
    site_fields(ar, st);
}

template <class Archive>
void serialize(Archive& ar, grantfolio::grant& g, unsigned version) {
    namespace s = grantfolio::serialization;
    using grantfolio::date;
    if constexpr (Archive::is_loading::value) s::check_version<Archive>(version, "grant");
    auto date_of = [](Archive& a, const char* n, date& d) { s::date_field(a, n, d); };
    auto value_of = [](Archive& a, const char* n, auto& v) { s::value_field(a, n, v); };
    (void)value_of;
    s::string_field(ar, "id", g.id);
    s::string_field(ar, "title", g.title);
    ar & make_nvp("phase", g.phase);
    s::string_field(ar, "grantee", g.grantee);
    s::vector_field(ar, "partners", g.partners);
    s::vector_field(ar, "co_funders", g.co_funders);
    // Sites and the planned period are written inline (not as nested class objects): the grant's
    // class version covers their layout, and a million grants load without a class lookup per site.
    inline_items(ar, "sites", g.sites, [](Archive& a, grantfolio::site& st) { site_fields(a, st); });
    s::string_field(ar, "sites_as_written", g.sites_as_written);
    s::optional_field(ar, "planned", g.planned, [](Archive& a, const char*, grantfolio::period& p) {
        date first = p.first(), last = p.last();
        s::date_field(a, "first", first);
        s::date_field(a, "last", last);
        if constexpr (Archive::is_loading::value) p = grantfolio::period(first, last);
    });
    s::optional_field(ar, "actual_start", g.actual_start, date_of);
    s::optional_field(ar, "actual_end", g.actual_end, date_of);
    s::optional_field(ar, "award", g.award, value_of);
    s::vector_field(ar, "tags", g.tags);
    s::vector_field(ar, "target_groups", g.target_groups);
    if constexpr (Archive::is_loading::value) {
        // Format 1 kept a grant's transactions inside it; the programme moves them to its store.
        if (version < 2) s::vector_field(ar, "transactions", s::context(ar).legacy_transactions);
    }
    s::string_field(ar, "description", g.description);
    // Format 3: who published it and the status it states.
    if (!Archive::is_loading::value || version >= 3) {
        s::string_field(ar, "reporting_org", g.reporting_org);
        std::uint8_t status = g.status ? static_cast<std::uint8_t>(*g.status) : 0;
        ar & make_nvp("status", status);
        if constexpr (Archive::is_loading::value) {
            if (status > 6) throw grantfolio::error("archive: grant '" + grantfolio::clip_value(g.id) + "' has status " + std::to_string(status) + ", not an IATI ActivityStatus code (0-6)");
            g.status = status ? std::optional(static_cast<grantfolio::activity_status>(status)) : std::nullopt;
        }
    }
    // Format 4: the record it was read from.
    if (!Archive::is_loading::value || version >= 4) {
        s::source_record_field(ar, g.source);
    }
    // Format 5: participants with their roles; sectors, recipient countries and regions, typed;
    // the language, and titles and descriptions in every language.
    if (!Archive::is_loading::value || version >= 5) {
        inline_items(ar, "participants", g.participants, [](Archive& a, grantfolio::participant& pt) { participant_fields(a, pt); });
        classification_lists(ar, {{"sectors", &g.sectors}, {"recipient_countries", &g.recipient_countries}, {"recipient_regions", &g.recipient_regions}});
        s::string_field(ar, "language", g.language);
        auto narrated = [](Archive& a, grantfolio::narrative& n) { narrative_fields(a, n); };
        inline_items(ar, "titles", g.titles, narrated);
        inline_items(ar, "descriptions", g.descriptions, [narrated](Archive& a, grantfolio::description_block& d) {
            s::string_field(a, "type", d.type);
            inline_items(a, "narratives", d.narratives, narrated);
        });
    } else if constexpr (Archive::is_loading::value) {
        grantfolio::detail::upgrade_places_and_sectors(g);
        s::context(ar).untyped_grants = true;
    }
}

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::site)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::grant)
