// grantfolio/detail/legacy_grant.hpp — a grant read from an archive (formats 1–4) or JSON written
// before grants had typed sectors and recipient countries and regions.
#pragma once

#include <string>
#include <string_view>

#include "grantfolio/grant.hpp"

namespace grantfolio::detail {

/// Until archive format 5 the IATI reader kept recipient countries and regions as sites whose note
/// is "recipient-country" or "recipient-region", with the percentage as written ("recipient-country
/// 25%"), and sectors as tags "sector:<vocabulary>:<code>". This moves them into the typed fields
/// (a percentage that is not a decimal number is dropped, as the reader drops it) and rebuilds
/// sites_as_written from the sites that remain. A grant that has typed fields already is left as it is.
inline void upgrade_places_and_sectors(grant& g) {
    if (!g.sectors.empty() || !g.recipient_countries.empty() || !g.recipient_regions.empty()) return;
    auto percentage_of = [](std::string_view rest) -> std::optional<decimal> {
        // rest: "" or " 25%"
        if (rest.size() < 3 || rest.front() != ' ' || rest.back() != '%') return std::nullopt;
        try {
            return decimal::parse(rest.substr(1, rest.size() - 2));
        } catch (const error&) {
            return std::nullopt;
        }
    };
    bool moved = false;
    std::vector<site> kept;
    for (auto& s : g.sites) {
        const std::string_view note = s.note;
        const bool country = note.rfind("recipient-country", 0) == 0, region = note.rfind("recipient-region", 0) == 0;
        const std::size_t head = country ? 17 : region ? 16 : 0;
        if (head && (note.size() == head || note[head] == ' ')) {
            // Before format 5 a region's vocabulary was not kept (nothing: the standard's default).
            (country ? g.recipient_countries : g.recipient_regions).push_back(classification{s.as_written, "", "", percentage_of(note.substr(head))});
            moved = true;
        } else {
            kept.push_back(std::move(s));
        }
    }
    g.sites = std::move(kept);
    std::vector<std::string> tags;
    for (auto& t : g.tags) {
        const auto colon = t.rfind("sector:", 0) == 0 ? t.find(':', 7) : std::string::npos;
        if (colon == std::string::npos) {
            tags.push_back(std::move(t));
            continue;
        }
        // The reader wrote vocabulary "1" where the source gave none.
        g.sectors.push_back(classification{t.substr(colon + 1), t.substr(7, colon - 7), "", std::nullopt});
    }
    g.tags = std::move(tags);
    if (moved) {
        g.sites_as_written.clear();
        for (const auto& s : g.sites) g.sites_as_written += (g.sites_as_written.empty() ? "" : "; ") + s.as_written;
    }
}

}  // namespace grantfolio::detail
