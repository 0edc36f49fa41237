// grantfolio/detail/legacy_grant.hpp — a grant or transaction read from an archive (formats 1–5) or
// JSON (version 1) written before grants had typed sectors, recipient places, locations and tags and
// transactions their details.
#pragma once

#include <string>
#include <string_view>

#include "grantfolio/grant.hpp"
#include "grantfolio/transaction_store.hpp"

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

/// Until archive format 6 (JSON version 2) the IATI reader kept a location's ref in its site's note
/// ("location <ref>", its description then not kept) and a tag as "tag:<vocabulary>:<code>". For a
/// grant read from IATI, this moves them into the site's detail and the grant's coded tags.
inline void upgrade_locations_and_tags(grant& g) {
    if ((!g.source.format.empty() && g.source.format != "iati") || !g.coded_tags.empty()) return;
    for (auto& s : g.sites) {
        constexpr std::string_view head = "location ";
        if (s.note.size() > head.size() && std::string_view(s.note).substr(0, head.size()) == head && s.detail.empty()) {
            s.detail.edit().ref = s.note.substr(head.size());
            s.note.clear();
        }
    }
    std::vector<std::string> words;
    for (auto& t : g.tags) {
        const auto colon = t.rfind("tag:", 0) == 0 ? t.find(':', 4) : std::string::npos;
        if (colon == std::string::npos) words.push_back(std::move(t));
        else g.coded_tags.push_back(classification{t.substr(colon + 1), t.substr(4, colon - 4), "", std::nullopt});
    }
    g.tags = std::move(words);
}

/// Until archive format 5 the IATI reader wrote what a budget, planned disbursement or transaction
/// said besides its value into the note: "budget type 1 status 2 period 2014-01-01/2014-12-31",
/// "planned-disbursement type 1 period 2014-01-01/2014-12-31", "<description>; transaction-date
/// 2012-01-01". Such a note (exactly that form) moves into the transaction's detail.
inline void upgrade_transaction(transaction& t) {
    if (!t.detail.empty()) return;
    auto day = [](std::string_view text) -> std::optional<date> {
        if (text.size() != 10) return std::nullopt;
        try {
            return parse_date(text);
        } catch (const error&) {
            return std::nullopt;
        }
    };
    const std::string_view note = t.note;
    if (t.kind == transaction_kind::budget || t.kind == transaction_kind::planned_disbursement) {
        const std::string_view head = t.kind == transaction_kind::budget ? "budget" : "planned-disbursement";
        if (note.substr(0, head.size()) != head) return;
        transaction_detail d;
        std::string_view rest = note.substr(head.size());
        auto word = [&](std::string_view key, std::string& to) {
            const std::string prefix = " " + std::string(key) + " ";
            if (rest.substr(0, prefix.size()) != prefix) return false;
            rest.remove_prefix(prefix.size());
            const auto end = std::min(rest.find(' '), rest.size());
            to = std::string(rest.substr(0, end));
            rest.remove_prefix(end);
            return true;
        };
        std::string period;
        word("type", d.type);
        word("status", d.status);
        if (word("period", period)) {
            if (period.size() != 21 || period[10] != '/' || !day(period.substr(0, 10)) || !day(period.substr(11))) return;
            d.period_start = day(period.substr(0, 10)), d.period_end = day(period.substr(11));
        }
        if (!rest.empty()) return;  // not the reader's form: left as it is
        t.detail = std::move(d);
        t.note.clear();
        return;
    }
    constexpr std::string_view key = "transaction-date ";
    if (note.size() < key.size() + 10) return;
    const std::string_view tail = note.substr(note.size() - key.size() - 10);
    const auto when = tail.substr(0, key.size()) == key ? day(tail.substr(key.size())) : std::nullopt;
    if (!when) return;
    const std::string_view before = note.substr(0, note.size() - tail.size());
    if (!before.empty() && (before.size() < 2 || before.substr(before.size() - 2) != "; ")) return;
    t.detail.edit().transaction_date = when;
    t.note = std::string(before.substr(0, before.empty() ? 0 : before.size() - 2));
}

/// The store with upgrade_transaction applied to every row, or nothing when no row changes.
inline std::optional<transaction_store::columns> upgraded_store(const transaction_store& s) {
    bool any = false;
    for (auto row : s.data().note_row) {
        transaction t = s.at(row);
        upgrade_transaction(t);
        if (!t.detail.empty()) {
            any = true;
            break;
        }
    }
    if (!any) return std::nullopt;
    transaction_store out;
    out.reserve(s.size());
    for (std::size_t r = 0; r < s.size(); ++r) {
        transaction t = s.at(r);
        upgrade_transaction(t);
        out.push_back(s.grant_of(r), t);
    }
    return out.data();
}

}  // namespace grantfolio::detail
