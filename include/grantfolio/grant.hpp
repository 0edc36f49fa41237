// grantfolio/grant.hpp — one grant: who, what, where, when, how much, and what happened.
//
//   const grantfolio::grant& g = program.grant_by_id("G15");
//   g.status_on(grantfolio::parse_date("2006-03-15"));   // grant_status::closed_early
//   g.actual_period();                                   // 2005-10-01/2006-02-28
#pragma once

#include <ostream>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/boxed.hpp"
#include "grantfolio/classification.hpp"
#include "grantfolio/location.hpp"
#include "grantfolio/money.hpp"
#include "grantfolio/period.hpp"
#include "grantfolio/source_record.hpp"

namespace grantfolio {

enum class grant_status { planned, active, ended, closed_early, unknown };

inline const char* to_string(grant_status s) noexcept {
    switch (s) {
        case grant_status::planned: return "planned";
        case grant_status::active: return "active";
        case grant_status::ended: return "ended";
        case grant_status::closed_early: return "closed-early";
        case grant_status::unknown: return "unknown";
    }
    return "?";
}

/// The status a source states (IATI's ActivityStatus code list; the codes are the values). A
/// listing states none: grant::status_on derives one from the dates instead.
enum class activity_status : std::uint8_t { pipeline = 1, implementation = 2, finalisation = 3, closed = 4, cancelled = 5, suspended = 6 };

inline const char* to_string(activity_status s) noexcept {
    switch (s) {
        case activity_status::pipeline: return "pipeline";
        case activity_status::implementation: return "implementation";
        case activity_status::finalisation: return "finalisation";
        case activity_status::closed: return "closed";
        case activity_status::cancelled: return "cancelled";
        case activity_status::suspended: return "suspended";
    }
    return "?";
}

/// The status of an IATI ActivityStatus code ("1".."6"), or nothing.
inline std::optional<activity_status> activity_status_of_code(std::string_view code) noexcept {
    if (code.size() == 1 && code[0] >= '1' && code[0] <= '6') return static_cast<activity_status>(code[0] - '0');
    return std::nullopt;
}

/// The status of its name ("implementation"), or nothing.
inline std::optional<activity_status> activity_status_of_name(std::string_view name) noexcept {
    for (int c = 1; c <= 6; ++c)
        if (name == to_string(static_cast<activity_status>(c))) return static_cast<activity_status>(c);
    return std::nullopt;
}

/// An implementation site as written, and the gazetteer place it resolved to (if any).
struct site {
    std::string as_written;  ///< "Rrësheni", "Bashkia e Pukës"
    std::string place;       ///< gazetteer id; empty when the place is unknown (kept, with a warning)
    std::string note;        ///< what the source adds: "dhe 5 komuna", "Projekt Pilot"; an IATI location's description
    boxed<location_detail> detail{};  ///< codes, point, exactness and reach, where the source gives them
    friend bool operator==(const site&, const site&) = default;
};

/// What an organisation does in a grant (IATI's OrganisationRole code list; the codes are the values).
enum class participant_role : std::uint8_t { funding = 1, accountable = 2, extending = 3, implementing = 4 };

inline const char* to_string(participant_role r) noexcept {
    switch (r) {
        case participant_role::funding: return "funding";
        case participant_role::accountable: return "accountable";
        case participant_role::extending: return "extending";
        case participant_role::implementing: return "implementing";
    }
    return "?";
}

/// The role of an OrganisationRole code ("1".."4"), or nothing.
inline std::optional<participant_role> participant_role_of_code(std::string_view code) noexcept {
    if (code.size() == 1 && code[0] >= '1' && code[0] <= '4') return static_cast<participant_role>(code[0] - '0');
    return std::nullopt;
}

/// The role of its name ("implementing"), or nothing.
inline std::optional<participant_role> participant_role_of_name(std::string_view name) noexcept {
    for (int c = 1; c <= 4; ++c)
        if (name == to_string(static_cast<participant_role>(c))) return static_cast<participant_role>(c);
    return std::nullopt;
}

/// An organisation taking part in a grant, as its source lists it (IATI participating-org).
struct participant {
    participant_role role = participant_role::implementing;
    std::string org;          ///< organization id
    std::string type;         ///< the OrganisationType code the source gives here ("22"); empty: not stated
    std::string activity_id;  ///< the organisation's own identifier of this activity; empty: not stated
    std::string crs_channel;  ///< its OECD CRS channel code (IATI crs-channel-code); empty: not stated
    friend bool operator==(const participant&, const participant&) = default;
};

/// One of a grant's descriptions: its type (IATI DescriptionType code as written: "1" general,
/// "2" objectives, "3" target groups, "4" other; empty: not stated) and its text in each language.
struct description_block {
    std::string type;
    std::vector<narrative> narratives;
    friend bool operator==(const description_block&, const description_block&) = default;
};

/// A policy the grant addresses, and how much (IATI policy-marker). Codes as written.
struct policy_marker {
    std::string code;            ///< PolicyMarker ("1" gender equality) or the vocabulary's own
    std::string vocabulary;      ///< PolicyMarkerVocabulary ("1" OECD DAC CRS, "99" the publisher's); empty: not stated
    std::string vocabulary_uri;  ///< where a publisher's own vocabulary is defined; empty: not stated
    std::string significance;    ///< PolicySignificance ("0" not targeted … "4" explicit primary objective); empty: not stated
    std::vector<narrative> narratives{};
    friend bool operator==(const policy_marker&, const policy_marker&) = default;
};

/// An emergency or appeal the grant answers (IATI humanitarian-scope). Codes as written.
struct humanitarian_scope {
    std::string type;            ///< HumanitarianScopeType ("1" emergency, "2" appeal)
    std::string vocabulary;      ///< HumanitarianScopeVocabulary ("1-2" GLIDE, "2-1" humanitarian plan)
    std::string vocabulary_uri;
    std::string code;            ///< "EQ-2015-000048-NPL"
    std::vector<narrative> narratives{};
    friend bool operator==(const humanitarian_scope&, const humanitarian_scope&) = default;
};

/// Another activity this one is related to (IATI related-activity), as written.
struct related_activity {
    std::string ref;   ///< its identifier
    std::string type;  ///< RelatedActivityType ("1" parent, "2" child, "3" sibling, "4" co-funded, "5" third party)
    friend bool operator==(const related_activity&, const related_activity&) = default;
};

/// A document about the grant (IATI document-link), as written.
struct document_link {
    std::string url;
    std::string format;                    ///< its IANA media type ("application/pdf"); empty: not stated
    std::vector<narrative> titles;
    std::vector<narrative> descriptions;
    std::vector<std::string> categories;   ///< DocumentCategory codes ("A01")
    std::vector<std::string> languages;    ///< ISO 639-1 codes of the languages it is in
    std::optional<date> document_date{};   ///< its publication date
    friend bool operator==(const document_link&, const document_link&) = default;
};

struct grant {
    std::string id;
    std::string title;
    int phase = 0;
    std::string grantee;                   ///< organization id
    std::vector<std::string> partners;     ///< organization ids
    std::vector<std::string> co_funders;   ///< organization ids
    std::vector<site> sites;                ///< where the work was: a listing's sites, IATI locations, 360Giving beneficiary locations
    std::string sites_as_written;          ///< the whole site text of the source
    std::optional<period> planned;         ///< planned start and end
    std::optional<date> actual_start;      ///< when it differs from the planned start
    std::optional<date> actual_end;        ///< an early closure is an actual end before the planned end
    std::optional<money> award;            ///< unknown for CAAHT (the listing gives no per-grant amounts)
    std::vector<std::string> tags;         ///< objectives: prevention, reintegration, ...
    std::vector<std::string> target_groups;
    std::string description;
    std::string reporting_org;                ///< organization id of who published it (IATI reporting-org); empty: not stated
    std::optional<activity_status> status;    ///< as the source states it; a listing states none
    /// Who took part, in the source's order with the source's roles (IATI participating-org). The
    /// grantee, partners and co-funders above are what a reader makes of these; a listing, which
    /// states no roles, leaves this empty.
    std::vector<participant> participants;
    std::string language;                     ///< the language its texts are in unless they say (IATI xml:lang); empty: not stated
    std::vector<narrative> titles;            ///< the title in each language the source gives; `title` is the one in `language`, else the first
    std::vector<description_block> descriptions;  ///< every description, typed; `description` is the first one's text in `language`
    std::vector<classification> sectors;              ///< IATI sector
    std::vector<classification> recipient_countries;  ///< ISO 3166-1 alpha-2 codes (IATI recipient-country)
    std::vector<classification> recipient_regions;    ///< IATI recipient-region (vocabulary 1: OECD DAC regions)
    std::vector<classification> coded_tags{};           ///< IATI tag: vocabulary, code and narratives (`tags` are a listing's words)
    std::vector<policy_marker> policy_markers{};
    std::vector<humanitarian_scope> humanitarian_scopes{};
    std::vector<related_activity> related_activities{};  ///< every relation the source states (the parent among them)
    std::vector<document_link> document_links{};
    source_record source;                     ///< the record it was read from, where the reader keeps one

    /// First day it ran (actual start, else planned start).
    std::optional<date> start() const { return actual_start ? actual_start : planned ? std::optional(planned->first()) : std::nullopt; }
    /// Last day it ran (actual end, else planned end).
    std::optional<date> end() const { return actual_end ? actual_end : planned ? std::optional(planned->last()) : std::nullopt; }
    /// The days it ran or is to run; nothing when the dates are unknown.
    std::optional<period> actual_period() const;
    /// Ended before its planned end.
    bool closed_early() const { return actual_end && planned && *actual_end < planned->last(); }
    /// As of a date: planned (not started), active, ended, or closed early (after an early end).
    grant_status status_on(date d) const;
    bool active_on(date d) const { return status_on(d) == grant_status::active; }

    friend bool operator==(const grant&, const grant&) = default;
};

// inline definitions

inline std::optional<period> grant::actual_period() const {
    auto s = start(), e = end();
    if (!s || !e || *e < *s) return std::nullopt;
    return period(*s, *e);
}

inline grant_status grant::status_on(date d) const {
    auto p = actual_period();
    if (!p) return grant_status::unknown;
    if (d < p->first()) return grant_status::planned;
    if (d <= p->last()) return grant_status::active;
    return closed_early() ? grant_status::closed_early : grant_status::ended;
}

inline std::ostream& operator<<(std::ostream& os, grant_status v) { return os << to_string(v); }

}  // namespace grantfolio
