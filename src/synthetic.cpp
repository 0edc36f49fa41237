// The seeded programme generator.
#include "grantfolio/synthetic.hpp"

#include <array>
#include <algorithm>
#include <random>

#include "grantfolio/datasets.hpp"

namespace grantfolio::synthetic {

namespace {

class dice {
public:
    explicit dice(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t below(std::uint64_t n) { return n ? engine_() % n : 0; }
    bool chance(unsigned percent) { return below(100) < percent; }
    template <class C>
    const auto& pick(const C& c) { return c[static_cast<std::size_t>(below(c.size()))]; }

private:
    std::mt19937_64 engine_;
};

constexpr std::array<const char*, 12> org_heads{
    "Shoqata", "Qendra", "Fondacioni", "Rrjeti", "Instituti", "Lidhja", "Forumi", "Aleanca",
    "Ассоциация", "Ένωση", "Association", "Fundación"};
constexpr std::array<const char*, 12> org_topics{
    "për Zhvillim Rural", "e Grave", "për Fëmijët", "për të Drejtat e Njeriut", "Çështjet Sociale", "për Arsim",
    "për Shëndetin", "Kundër Trafikimit", "për Rininë", "e Romëve dhe Egjiptianëve", "за права детей", "για την Ισότητα"};
constexpr std::array<const char*, 14> title_words{
    "Parandalimi", "Riintegrimi", "Ndërgjegjësimi", "Fuqizimi", "Mbrojtja", "Strehëza", "Trajnimi",
    "Asistenca", "Mbështetja", "Zhvillimi", "Профилактика", "Πρόληψη", "预防", "Dialogue 🌍"};
constexpr std::array<const char*, 8> title_objects{
    "e Fëmijëve në Rrezik", "e Grave të Reja", "e Komuniteteve Rurale", "e Viktimave të Trafikimit",
    "të Shërbimeve Sociale", "në Shkolla", "të Pushtetit Vendor", "ndërkufitare"};
/// OECD DAC 5-digit purpose codes (IATI Sector vocabulary 1) of the kind of work the titles name.
constexpr std::array<const char*, 6> sector_codes{"15160", "15170", "15180", "16010", "11330", "15150"};
constexpr std::array<const char*, 6> tags{"prevention", "reintegration", "assistance", "awareness", "capacity-building", "research"};
constexpr std::array<const char*, 5> groups{"women", "children", "youth", "Roma and Egyptian communities", "local officials"};
struct currency_share {
    const char* code;
    unsigned percent;
};
constexpr std::array<currency_share, 6> currencies{{{"USD", 50}, {"EUR", 20}, {"GBP", 10}, {"ALL", 10}, {"CHF", 5}, {"JPY", 5}}};

/// A currency that existed on the day: the euro only from 1999-01-01 (before, its share is dollars),
/// so that every generated amount can be converted with the embedded IMF table.
currency pick_currency(dice& d, date on) {
    auto roll = static_cast<unsigned>(d.below(100));
    for (const auto& c : currencies) {
        if (roll < c.percent) {
            if (std::string_view(c.code) == "EUR" && on < make_date(1999, 1, 1)) return currency("USD");
            return currency(c.code);
        }
        roll -= c.percent;
    }
    return currency("USD");
}

/// An amount between lo and hi major units, exact at the currency's minor unit.
money amount_between(dice& d, currency c, std::uint64_t lo, std::uint64_t hi) {
    int mu = c.minor_unit().value_or(2);
    std::uint64_t scale = 1;
    for (int i = 0; i < mu; ++i) scale *= 10;
    std::uint64_t units = lo * scale + d.below((hi - lo) * scale + 1);
    return money(decimal::from_parts(static_cast<detail::i128>(units), mu), c);
}

std::string number(std::size_t n) { return std::to_string(n); }

}  // namespace

program generate(const options& o) {
    dice d(o.seed);
    // What the export's rules ask for (a description, a language, a sector) from a stream of its
    // own, so that everything else a seed makes stays as it was.
    dice publishing(o.seed ^ 0x5EC7025DE5C0ULL);
    program p;
    p.id = "SYN-" + std::to_string(o.seed);
    p.names = {{"en", "Synthetic programme " + std::to_string(o.seed), "SYN"},
               {"sq", "Programi sintetik " + std::to_string(o.seed) + " — Çështje të Zhvillimit", "PS"}};
    p.country = "AL";
    p.source = "grantfolio synth --seed " + std::to_string(o.seed);
    p.set_places(datasets::albania_gazetteer());
    const auto& places = p.places().places();
    p.add_organization(organization{"donor", "Synthetic Donor Agency", "SDA", organization_kind::donor, {}});
    p.add_organization(organization{"implementer", "Zbatuesi Sintetik sh.p.k.", std::nullopt, organization_kind::implementer, {}});
    p.donor = "donor";
    p.implementer = "implementer";

    int phases = o.phases > 0 ? o.phases : static_cast<int>(std::clamp<std::size_t>(o.grants / 50, 1, 12));
    for (int i = 1; i <= phases; ++i) p.add_phase(phase{i, "Faza " + std::to_string(i), std::nullopt, {}});
    std::size_t orgs = o.organizations ? o.organizations : std::max<std::size_t>(5, o.grants / 3);
    std::vector<std::string> org_ids;
    org_ids.reserve(orgs);
    for (std::size_t i = 0; i < orgs; ++i) {
        organization org;
        org.id = "org-" + number(i + 1);
        const place& where = d.pick(places);
        org.name = std::string(d.pick(org_heads)) + " " + d.pick(org_topics) + " " +
                   (where.genitive.empty() ? where.name : where.genitive) + " " + number(i + 1);
        if (d.chance(40)) org.acronym = "O" + number(i + 1);
        auto k = d.below(20);
        org.kind = k < 16 ? organization_kind::local_ngo : k < 19 ? organization_kind::international_ngo : organization_kind::government;
        org.spellings = {org.name};
        if (d.chance(10)) org.spellings.push_back(org.name + " (" + where.name + ")");
        org_ids.push_back(org.id);
        p.add_organization(std::move(org));
    }

    const int first_day = day_number(make_date(1995, 1, 1)), last_start = day_number(make_date(2023, 12, 31));
    std::vector<std::string> grant_ids;
    grant_ids.reserve(o.grants);
    for (std::size_t i = 0; i < o.grants; ++i) {
        grant g;
        g.id = "G" + number(i + 1);
        g.phase = 1 + static_cast<int>(d.below(static_cast<std::uint64_t>(phases)));
        g.title = std::string(d.pick(title_words)) + " " + d.pick(title_objects) + " " + number(i + 1);
        g.grantee = d.pick(org_ids);
        for (auto n = d.below(4); n > 0; --n) {
            const std::string& partner = d.pick(org_ids);
            if (partner != g.grantee && std::find(g.partners.begin(), g.partners.end(), partner) == g.partners.end())
                g.partners.push_back(partner);
        }
        if (d.chance(10)) g.co_funders.push_back("donor");
        if (d.chance(5)) {
            g.sites.push_back(site{"I gjithë vendi", "AL", ""});
        } else {
            for (auto n = 1 + d.below(4); n > 0; --n) {
                const place& where = d.pick(places);
                if (where.level == place_level::nationwide) continue;
                g.sites.push_back(site{where.definite.empty() ? where.name : where.definite, where.id, ""});
            }
            if (d.chance(2)) g.sites.push_back(site{"Fshati i Panjohur " + number(i), "", ""});  // unknown, kept as written
        }
        for (const auto& s : g.sites) g.sites_as_written += (g.sites_as_written.empty() ? "" : ", ") + s.as_written;
        date start = from_day_number(first_day + static_cast<int>(d.below(static_cast<std::uint64_t>(last_start - first_day))));
        date end = add_days(add_months(start, 1 + static_cast<int>(d.below(48))), -1);
        if (end > make_date(2024, 12, 31)) end = make_date(2024, 12, 31);
        g.planned = period(start, end);
        if (d.chance(3) && g.planned->days() > 30) g.actual_start = add_days(start, 1 + static_cast<int>(d.below(30)));
        if (d.chance(8) && g.planned->days() > 60) {
            date from = g.actual_start ? *g.actual_start : start;
            int span = day_number(end) - day_number(from);
            g.actual_end = add_days(from, 1 + static_cast<int>(d.below(static_cast<std::uint64_t>(span - 1))));
        }
        if (d.chance(90)) g.award = amount_between(d, pick_currency(d, start), 5000, 2000000);
        g.tags.push_back(d.pick(tags));
        if (d.chance(50)) g.tags.push_back(d.pick(tags));
        g.target_groups.push_back(d.pick(groups));
        g.language = "sq";
        g.description = "Grant sintetik " + g.id + " (grantfolio synth --seed " + std::to_string(o.seed) + ").";
        // One sector, or two sharing the grant 60:40 (weighted splits have percentages to use).
        const char* first = publishing.pick(sector_codes);
        if (publishing.chance(30)) {
            const char* second = publishing.pick(sector_codes);
            if (std::string_view(second) != first) {
                g.sectors.push_back(classification{first, "1", "", decimal(60)});
                g.sectors.push_back(classification{second, "1", "", decimal(40)});
            }
        }
        if (g.sectors.empty()) g.sectors.push_back(classification{first, "1", "", std::nullopt});
        grant_ids.push_back(g.id);
        p.add_grant(std::move(g));
    }
    // Transactions spread over the grants, dated within each grant's period.
    p.reserve_transactions(grant_ids.empty() ? 0 : o.transactions);
    for (std::size_t k = 0; k < o.transactions && !grant_ids.empty(); ++k) {
        const std::size_t at = static_cast<std::size_t>(d.below(grant_ids.size()));
        const grant& g = p.grants()[at];
        auto span = *g.actual_period();
        date when = add_days(span.first(), static_cast<int>(d.below(static_cast<std::uint64_t>(span.days()))));
        auto roll = d.below(100);
        transaction_kind kind = roll < 60 ? transaction_kind::disbursement
                                : roll < 90 ? transaction_kind::expenditure
                                : roll < 95 ? transaction_kind::commitment
                                            : transaction_kind::refund;
        money amount = money(currency("USD"));
        if (g.award && d.chance(85)) {
            // A share of the award, 1% to 25%, exact at the minor unit.
            std::int64_t units = g.award->minor_units();
            std::int64_t share = units / 100 * static_cast<std::int64_t>(1 + d.below(25)) + static_cast<std::int64_t>(d.below(100));
            amount = money::from_minor(share, g.award->currency_of());
        } else {
            amount = amount_between(d, pick_currency(d, when), 100, 50000);
        }
        p.add_transaction(at, transaction{kind, when, amount, d.chance(20) ? "këst " + number(k + 1) + " — tranche" : ""});
    }
    // No stated totals: awards are per grant, and a programme's totals are one sum written in several
    // currencies (as CAAHT's), which a generator cannot state truthfully.
    p.revised_on = make_date(2024, 12, 31);
    return p;
}

}  // namespace grantfolio::synthetic
