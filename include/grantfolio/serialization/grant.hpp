// grantfolio/serialization/grant.hpp — grants and their sites in Boost.Serialization archives.
#pragma once

#include "grantfolio/detail/legacy_grant.hpp"
#include "grantfolio/grant.hpp"
#include "grantfolio/serialization/decimal.hpp"
#include "grantfolio/serialization/period.hpp"
#include "grantfolio/serialization/transaction.hpp"

namespace boost::serialization {

template <class Archive>
void location_codes(Archive& ar, const char* name, std::vector<grantfolio::location_code>& codes) {
    namespace s = grantfolio::serialization;
    inline_items(ar, name, codes, [](Archive& a, grantfolio::location_code& c) {
        s::string_field(a, "vocabulary", c.vocabulary);
        s::string_field(a, "code", c.code);
        s::string_field(a, "level", c.level);
    });
}

/// A site's location detail (format 6): a flag, then the detail when there is one.
template <class Archive>
void location_fields(Archive& ar, grantfolio::boxed<grantfolio::location_detail>& box) {
    namespace s = grantfolio::serialization;
    std::uint8_t has = box.empty() ? 0 : 1;
    ar & make_nvp("has_detail", has);
    if (!has) return;
    if constexpr (Archive::is_loading::value)
        if (has != 1) throw grantfolio::error("archive: a site's detail flag is " + std::to_string(has) + ", not 0 or 1");
    grantfolio::location_detail d = *box;
    s::string_field(ar, "ref", d.ref);
    s::string_field(ar, "reach", d.reach);
    location_codes(ar, "ids", d.ids);
    narrative_list(ar, "names", d.names);
    narrative_list(ar, "descriptions", d.descriptions);
    narrative_list(ar, "activity_descriptions", d.activity_descriptions);
    location_codes(ar, "administrative", d.administrative);
    s::optional_field(ar, "point", d.point, [](Archive& a, const char*, grantfolio::geo_point& p) {
        s::value_field(a, "latitude", p.latitude);
        s::value_field(a, "longitude", p.longitude);
        s::string_field(a, "srs_name", p.srs_name);
    });
    s::string_field(ar, "exactness", d.exactness);
    s::string_field(ar, "location_class", d.location_class);
    s::string_field(ar, "feature_designation", d.feature_designation);
    s::string_field(ar, "country", d.country);
    if constexpr (Archive::is_loading::value) box = std::move(d);
}

template <class Archive>
void site_fields(Archive& ar, grantfolio::site& st, unsigned version) {
    namespace s = grantfolio::serialization;
    s::string_field(ar, "as_written", st.as_written);
    s::string_field(ar, "place", st.place);
    s::string_field(ar, "note", st.note);
    if (!Archive::is_loading::value || version >= 6) location_fields(ar, st.detail);
}

/// A grant's coded tags, policy markers, humanitarian scopes, related activities and document
/// links (format 6).
template <class Archive>
void activity_lists(Archive& ar, grantfolio::grant& g) {
    namespace s = grantfolio::serialization;
    classification_lists(ar, 6, {{"coded_tags", &g.coded_tags}});
    inline_items(ar, "policy_markers", g.policy_markers, [](Archive& a, grantfolio::policy_marker& m) {
        s::string_field(a, "code", m.code);
        s::string_field(a, "vocabulary", m.vocabulary);
        s::string_field(a, "vocabulary_uri", m.vocabulary_uri);
        s::string_field(a, "significance", m.significance);
        narrative_list(a, "narratives", m.narratives);
    });
    inline_items(ar, "humanitarian_scopes", g.humanitarian_scopes, [](Archive& a, grantfolio::humanitarian_scope& h) {
        s::string_field(a, "type", h.type);
        s::string_field(a, "vocabulary", h.vocabulary);
        s::string_field(a, "vocabulary_uri", h.vocabulary_uri);
        s::string_field(a, "code", h.code);
        narrative_list(a, "narratives", h.narratives);
    });
    inline_items(ar, "related_activities", g.related_activities, [](Archive& a, grantfolio::related_activity& r) {
        s::string_field(a, "ref", r.ref);
        s::string_field(a, "type", r.type);
    });
    inline_items(ar, "document_links", g.document_links, [](Archive& a, grantfolio::document_link& d) {
        s::string_field(a, "url", d.url);
        s::string_field(a, "format", d.format);
        narrative_list(a, "titles", d.titles);
        narrative_list(a, "descriptions", d.descriptions);
        s::vector_field(a, "categories", d.categories);
        s::vector_field(a, "languages", d.languages);
        s::optional_field(a, "document_date", d.document_date, [](Archive& x, const char* n, grantfolio::date& day) { s::date_field(x, n, day); });
    });
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
void serialize(Archive& ar, grantfolio::site& st, unsigned version) {
    if constexpr (Archive::is_loading::value) grantfolio::serialization::check_version<Archive>(version, "site");
    site_fields(ar, st, version);
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
    inline_items(ar, "sites", g.sites, [version](Archive& a, grantfolio::site& st) { site_fields(a, st, version); });
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
        s::source_record_field(ar, g.source, version);
    }
    // Format 5: participants with their roles; sectors, recipient countries and regions, typed;
    // the language, and titles and descriptions in every language.
    if (!Archive::is_loading::value || version >= 5) {
        inline_items(ar, "participants", g.participants, [](Archive& a, grantfolio::participant& pt) { participant_fields(a, pt); });
        classification_lists(ar, version, {{"sectors", &g.sectors}, {"recipient_countries", &g.recipient_countries}, {"recipient_regions", &g.recipient_regions}});
        s::string_field(ar, "language", g.language);
        narrative_list(ar, "titles", g.titles);
        inline_items(ar, "descriptions", g.descriptions, [](Archive& a, grantfolio::description_block& d) {
            s::string_field(a, "type", d.type);
            narrative_list(a, "narratives", d.narratives);
        });
    } else if constexpr (Archive::is_loading::value) {
        grantfolio::detail::upgrade_places_and_sectors(g);
    }
    // Format 6: coded tags, policy markers, humanitarian scopes, relations, documents.
    if (!Archive::is_loading::value || version >= 6) activity_lists(ar, g);
    if constexpr (Archive::is_loading::value) {
        if (version < 6) grantfolio::detail::upgrade_locations_and_tags(g);
        auto& oldest = s::context(ar).oldest_grant_format;
        oldest = std::min(oldest, version);
    }
}

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::site)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::grant)
