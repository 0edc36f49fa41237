// grantfolio/query.hpp — the questions analysts ask of a programme.
//
// Free functions over a const program: which grants ran when and where, coverage and its gaps, a
// month-by-month timeline, durations, totals per currency and converted with provenance, implied
// rates, burn rates. Results point into the programme: keep it alive while you use them.
//
//   using namespace grantfolio;
//   const program& p = datasets::caaht_2006();
//   query::active_on(p, parse_date("2006-01-15")).size();              // 21
//   auto c = query::coverage_by(p, place_level::district);
//   c.uncovered.size();                                                 // districts no grant reaches
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "grantfolio/program.hpp"
#include "grantfolio/rate_table.hpp"

namespace grantfolio::query {

using grant_list = std::vector<const grant*>;

grant_list active_on(const program& p, date d);
/// Grants whose first day lies in the window.
grant_list starting_within(const program& p, const period& window);
/// Grants whose last day (actual end, else planned) lies in the window.
grant_list ending_within(const program& p, const period& window);
grant_list closed_early(const program& p);
grant_list in_phase(const program& p, int phase);
grant_list by_grantee(const program& p, std::string_view organization_id);
/// Grants with a site at or below the place. Nationwide grants reach every place; they are left
/// out unless include_nationwide.
grant_list in_place(const program& p, std::string_view place_id, bool include_nationwide = false);

/// Grants and grant-months in each area of a level.
struct coverage_row {
    const place* area;
    grant_list grants;
    double grant_months = 0;  ///< sum of the grants' durations in months (fractional), within the window
    /// The same months split: a grant reaching n areas of the level adds 1/n of its months to each
    /// (equal shares: sites carry no percentages), so the areas add up to the placed grants' months.
    double split_months = 0;
};
struct coverage {
    place_level level;
    std::vector<coverage_row> areas;  ///< every place of the level, gazetteer order, reached or not
    grant_list nationwide;            ///< grants for the whole country, reported apart
    grant_list above_level;           ///< grants sited only above the level (a qark, when asking districts)
    grant_list unplaced;              ///< grants with no resolved site
    std::vector<const place*> uncovered;  ///< areas of the level no grant reaches (nationwide ones aside)
};
/// Coverage at a level (qark or district); with a window, only the grants and months within it.
coverage coverage_by(const program& p, place_level level, std::optional<period> window = std::nullopt);

/// One calendar month and the grants active on at least one of its days.
struct month_row {
    period month;
    grant_list active;
};
std::vector<month_row> timeline(const program& p);

struct duration_stats {
    std::size_t count = 0;  ///< grants with known dates
    int min_days = 0, max_days = 0;
    double mean_days = 0, median_days = 0, mean_months = 0;
    const grant* shortest = nullptr;
    const grant* longest = nullptr;
};
/// Over the days each grant actually ran (early closures honoured).
duration_stats durations(const program& p);

/// One amount per currency, in code order: never a sum across currencies.
std::vector<money> sum_by_currency(std::span<const money> amounts);
/// Known awards, summed per currency; `unknown` counts grants without one.
struct award_totals {
    std::vector<money> totals;
    std::size_t known = 0, unknown = 0;
};
award_totals awards(const program& p);
/// Transactions of a kind, summed per currency.
std::vector<money> transaction_totals(const program& p, transaction_kind kind);

/// An amount and the day its conversion should use.
struct dated_amount {
    money amount;
    date value_date;
};
/// A total in one currency: each amount converted (at its value date, or at `at` when given),
/// rounded once to the target's minor unit, then summed; every conversion is kept.
struct converted_total {
    money total;
    std::vector<conversion> parts;
};
converted_total convert_all(std::span<const dated_amount> amounts, const rate_table& rates, currency to,
                            std::optional<date> at = std::nullopt, const missing_rate_policy& policy = {});
/// The programme's stated totals converted to one currency on a date (default: its revision date).
converted_total convert_totals(const program& p, const rate_table& rates, currency to,
                               std::optional<date> at = std::nullopt, const missing_rate_policy& policy = {});
/// All transactions of a kind converted at their value dates.
converted_total convert_transactions(const program& p, transaction_kind kind, const rate_table& rates, currency to,
                                     const missing_rate_policy& policy = {});

/// What converted totals are grouped by. year is the calendar year of each transaction's value
/// date, fiscal-year the US federal fiscal year it falls in (FY2006: 1 October 2005 to 30 September
/// 2006), keyed by that year's number. A grant that reaches several qarqe counts whole in each
/// of them (no split); nationwide grants and grants with no resolved site form the groups
/// "nationwide" and "unplaced". The same holds for the groups a source states per grant:
///   publisher  its reporting organisation (IATI reporting-org);
///   funder     the organisations funding it (IATI participating-org role 1, 360Giving
///              fundingOrganization; a listing, which states no roles, the programme's donor and
///              the grant's co-funders);
///   recipient  its grantee;
///   country    its recipient countries (a programme of one country, such as a listing's, names it
///              where a grant names no country or region); region its recipient regions;
///   sector     its sectors (a code of the DAC 5-digit vocabulary, 1 or unstated, as it is; others
///              as "VOCABULARY:CODE").
/// Each grant counts whole in every group it names (percentages are not applied), and grants that
/// name none form the group "unstated"; these groups come in the order the programme first names them.
enum class group_by { grant, phase, qark, year, publisher, funder, recipient, country, region, sector, fiscal_year };
/// Every grouping, in the order help texts list them.
inline constexpr group_by all_group_bys[] = {group_by::grant,     group_by::phase,  group_by::qark,      group_by::year,
                                             group_by::fiscal_year, group_by::publisher, group_by::funder,
                                             group_by::recipient, group_by::country, group_by::region, group_by::sector};
/// "grant", "phase", "qark", "year", "fiscal-year", "publisher", "funder", "recipient", "country", "region", "sector"
const char* to_string(group_by g) noexcept;
group_by parse_group_by(std::string_view s);

/// How a grant that names several groups (qarqe, countries, regions, sectors, funders) is counted:
/// `full` counts it whole in each (group totals then add up to more than the money); `weighted`
/// splits each of its amounts among them by the percentages its source gives for every group it
/// names, in equal shares where it gives none (a listing's qarqe, funders), to the minor unit by
/// largest remainders, so that the groups add up to the unsplit total exactly.
enum class split_mode { full, weighted };
const char* to_string(split_mode s) noexcept;
split_mode parse_split_mode(std::string_view s);
/// The groups a grant names, by publisher … sector (above); empty for the other groupings and when
/// it names none.
std::vector<std::string> stated_groups(const program& p, const grant& g, group_by by);
/// The weights of a grant's stated groups `keys` (stated_groups(p, g, by), in its order): each group's
/// percentage in millionths (codes named twice added up), or nothing when the source does not give a
/// percentage above 0 for every group it names (and for groupings without percentages). A grant
/// classified in several sector vocabularies has each vocabulary's percentages: the vocabularies
/// then share its money equally.
std::optional<std::vector<std::uint64_t>> stated_weights(const grant& g, group_by by, std::span<const std::string> keys);

/// The rate that two statements of one sum imply: units of `quote` per unit of `base`
/// (209,762,381 ALL / 2,097,624 USD = 99.99999 ALL per USD), rounded to `decimals` places.
decimal implied_rate(const money& base, const money& quote, int decimals = 8);

/// The share of a period's days that have passed on a date, 0 to 1, 6 decimals (the date counts).
decimal time_elapsed(const period& span, date as_of);

/// What a grant has spent, by default: IATI's disbursements (3), expenditures (4) and
/// reimbursements (7, money paid for what the recipient already spent); refunds are deducted.
inline constexpr transaction_kind spending_kinds[] = {transaction_kind::disbursement, transaction_kind::expenditure,
                                                      transaction_kind::reimbursement};

/// Spending against time for one grant as of a date.
struct burn {
    money award;
    money spent;              ///< transactions of the spending kinds up to the date, less refunds, in the award's currency
    decimal spent_share;      ///< spent / award, 6 decimals
    decimal time_share;       ///< elapsed days / all days, 0..1, 6 decimals
    decimal gap;              ///< spent_share - time_share: > 0 spends ahead of time, < 0 behind
};
/// Nothing when the award or the dates are unknown. Transactions in another currency than the
/// award's are converted at their value dates through `rates` (an error without it).
/// It scans the whole transaction column to find the grant's rows: for every grant of a large
/// programme, group the rows once with `p.transactions().by_grant(...)`, as metrics.hpp does.
std::optional<burn> burn_rate(const program& p, const grant& g, date as_of, std::span<const transaction_kind> spent_kinds = spending_kinds,
                              const rate_table* rates = nullptr, const missing_rate_policy& policy = {});

/// The burn of one grant in burn_by_grant, or why it has none.
struct grant_burn {
    const grant* of;
    std::size_t transactions;    ///< the grant's transactions, of every kind and date
    std::optional<burn> figure;
    std::string why_not;         ///< "no award", "no dates", or the conversion error; empty with a figure
    bool unconverted = false;    ///< no figure because a transaction could not be converted
};
/// Spending against time of every grant, in the programme's order, grouping the transaction rows
/// once (burn_rate per grant scans them all each time). A conversion error costs only its grant.
std::vector<grant_burn> burn_by_grant(const program& p, date as_of, std::span<const transaction_kind> spent_kinds = spending_kinds,
                                      const rate_table* rates = nullptr, const missing_rate_policy& policy = {});

// inline definitions

namespace detail {
template <class Pred>
grant_list select(const program& p, Pred&& pred) {
    grant_list out;
    for (const auto& g : p.grants())
        if (pred(g)) out.push_back(&g);
    return out;
}

inline bool is_nationwide(const program& p, const grant& g) {
    for (const auto& s : g.sites)
        if (const place* pl = p.place_of(s); pl && pl->level == place_level::nationwide) return true;
    return false;
}

inline bool within(const program& p, const place& pl, const place& area) {
    for (const place* at = &pl; at; at = p.places().parent(*at))
        if (at == &area) return true;
    return false;
}

inline decimal share(const decimal& part, const decimal& whole) {
    if (whole.is_zero()) return decimal(0);
    return decimal::divide(part, whole, 6);
}
}  // namespace detail

inline grant_list active_on(const program& p, date d) {
    return detail::select(p, [&](const grant& g) { return g.active_on(d); });
}

inline grant_list starting_within(const program& p, const period& w) {
    return detail::select(p, [&](const grant& g) { auto s = g.start(); return s && w.contains(*s); });
}

inline grant_list ending_within(const program& p, const period& w) {
    return detail::select(p, [&](const grant& g) { auto e = g.end(); return e && w.contains(*e); });
}

inline grant_list closed_early(const program& p) {
    return detail::select(p, [](const grant& g) { return g.closed_early(); });
}

inline grant_list in_phase(const program& p, int phase) {
    return detail::select(p, [&](const grant& g) { return g.phase == phase; });
}

inline grant_list by_grantee(const program& p, std::string_view org) {
    return detail::select(p, [&](const grant& g) { return g.grantee == org; });
}

inline grant_list in_place(const program& p, std::string_view place_id, bool include_nationwide) {
    const place& area = p.places().at(place_id);
    return detail::select(p, [&](const grant& g) {
        if (detail::is_nationwide(p, g)) return include_nationwide;
        for (const auto& s : g.sites)
            if (const place* pl = p.place_of(s); pl && detail::within(p, *pl, area)) return true;
        return false;
    });
}

inline coverage coverage_by(const program& p, place_level level, std::optional<period> window) {
    coverage c{level, {}, {}, {}, {}, {}};
    std::map<const place*, std::size_t> row;
    for (const place* a : p.places().at_level(level)) {
        row[a] = c.areas.size();
        c.areas.push_back(coverage_row{a, {}, 0, 0});
    }
    for (const auto& g : p.grants()) {
        auto span = g.actual_period();
        std::optional<period> in = span;
        if (window && span) in = span->intersection(*window);
        if (window && !in) continue;  // not running in the window
        double months = in ? in->months() : 0;
        if (detail::is_nationwide(p, g)) {
            c.nationwide.push_back(&g);
            continue;
        }
        std::vector<const place*> reached;
        bool any = false, above = false;
        for (const auto& s : g.sites) {
            const place* pl = p.place_of(s);
            if (!pl) continue;
            any = true;
            if (const place* a = p.places().ancestor(*pl, level)) {
                if (std::find(reached.begin(), reached.end(), a) == reached.end()) reached.push_back(a);
            } else {
                above = true;
            }
        }
        if (!any) c.unplaced.push_back(&g);
        else if (reached.empty() && above) c.above_level.push_back(&g);
        for (const place* a : reached) {
            auto& r = c.areas[row.at(a)];
            r.grants.push_back(&g);
            r.grant_months += months;
            r.split_months += months / static_cast<double>(reached.size());
        }
    }
    for (const auto& r : c.areas)
        if (r.grants.empty()) c.uncovered.push_back(r.area);
    return c;
}

inline std::vector<month_row> timeline(const program& p) {
    std::optional<date> first, last;
    for (const auto& g : p.grants())
        if (auto s = g.actual_period()) {
            if (!first || s->first() < *first) first = s->first();
            if (!last || s->last() > *last) last = s->last();
        }
    std::vector<month_row> out;
    if (!first) return out;
    for (const period& m : period(*first, *last).by_month()) {
        period whole = period::month_of(m.first());
        out.push_back(month_row{whole, detail::select(p, [&](const grant& g) {
                                    auto s = g.actual_period();
                                    return s && s->overlaps(whole);
                                })});
    }
    return out;
}

inline duration_stats durations(const program& p) {
    duration_stats d;
    std::vector<int> all;
    double months = 0;
    for (const auto& g : p.grants()) {
        auto s = g.actual_period();
        if (!s) continue;
        int n = s->days();
        if (!d.shortest || n < d.min_days) { d.min_days = n; d.shortest = &g; }
        if (!d.longest || n > d.max_days) { d.max_days = n; d.longest = &g; }
        all.push_back(n);
        months += s->months();
    }
    d.count = all.size();
    if (all.empty()) return d;
    std::sort(all.begin(), all.end());
    double sum = 0;
    for (int n : all) sum += n;
    d.mean_days = sum / static_cast<double>(all.size());
    d.mean_months = months / static_cast<double>(all.size());
    std::size_t m = all.size() / 2;
    d.median_days = all.size() % 2 ? all[m] : (all[m - 1] + all[m]) / 2.0;
    return d;
}

inline std::vector<money> sum_by_currency(std::span<const money> amounts) {
    std::map<std::string_view, money> by;
    for (const auto& m : amounts) {
        auto it = by.find(m.currency_of().code());
        if (it == by.end()) by.emplace(m.currency_of().code(), m);
        else it->second += m;
    }
    std::vector<money> out;
    for (auto& [code, m] : by) out.push_back(m);
    return out;
}

inline award_totals awards(const program& p) {
    award_totals t;
    std::vector<money> known;
    for (const auto& g : p.grants()) {
        if (g.award) known.push_back(*g.award);
        else ++t.unknown;
    }
    t.known = known.size();
    t.totals = sum_by_currency(known);
    return t;
}

inline std::vector<money> transaction_totals(const program& p, transaction_kind kind) {
    // Exact sums per (currency, scale) in 128-bit accumulators; a wide amount, or an accumulator
    // about to overflow, goes through money's own checked addition.
    const auto& s = p.transactions();
    auto kinds = s.kinds();
    auto cur = s.currencies();
    auto coef = s.coefficients();
    auto sc = s.scales();
    std::map<std::uint16_t, money> exact;
    std::map<std::pair<std::uint16_t, int>, grantfolio::detail::i128> acc;
    auto add = [&](std::uint16_t c, const decimal& v) {
        auto it = exact.try_emplace(c, money(currency::from_index(c))).first;
        it->second += money(v, currency::from_index(c));
    };
    for (std::size_t r = 0; r < s.size(); ++r) {
        if (kinds[r] != static_cast<std::uint8_t>(kind)) continue;
        if (coef[r] == transaction_store::wide) {
            add(cur[r], s.amount_value(r));
            continue;
        }
        auto& a = acc[{cur[r], sc[r]}];
        if (a > grantfolio::detail::i128(1) << 120 || a < -(grantfolio::detail::i128(1) << 120)) {
            add(cur[r], decimal::from_parts(a, sc[r]));
            a = 0;
        }
        a += coef[r];
    }
    for (const auto& [k, v] : acc) add(k.first, decimal::from_parts(v, k.second));
    std::vector<money> out;
    for (auto& [c, m] : exact) out.push_back(m);
    return out;
}

inline converted_total convert_all(std::span<const dated_amount> amounts, const rate_table& rates, currency to,
                                   std::optional<date> at, const missing_rate_policy& policy) {
    converted_total out{money(to), {}};
    out.parts.reserve(amounts.size());
    for (const auto& a : amounts) {
        conversion c = rates.convert(a.amount, to, at ? *at : a.value_date, policy);
        out.total += c.result;
        out.parts.push_back(std::move(c));
    }
    return out;
}

inline converted_total convert_totals(const program& p, const rate_table& rates, currency to, std::optional<date> at,
                                      const missing_rate_policy& policy) {
    if (!at && !p.revised_on)
        throw invalid_argument("programme '" + p.id + "' has no revision date: give the date to convert at");
    std::vector<dated_amount> all;
    for (const auto& m : p.totals) all.push_back({m, at ? *at : *p.revised_on});
    return convert_all(all, rates, to, std::nullopt, policy);
}

inline converted_total convert_transactions(const program& p, transaction_kind kind, const rate_table& rates,
                                            currency to, const missing_rate_policy& policy) {
    const auto& s = p.transactions();
    auto kinds = s.kinds();
    std::vector<dated_amount> all;
    for (std::size_t r = 0; r < s.size(); ++r)
        if (kinds[r] == static_cast<std::uint8_t>(kind)) all.push_back({s.amount(r), s.value_date(r)});
    return convert_all(all, rates, to, std::nullopt, policy);
}

inline const char* to_string(group_by g) noexcept {
    switch (g) {
        case group_by::grant: return "grant";
        case group_by::phase: return "phase";
        case group_by::qark: return "qark";
        case group_by::year: return "year";
        case group_by::fiscal_year: return "fiscal-year";
        case group_by::publisher: return "publisher";
        case group_by::funder: return "funder";
        case group_by::recipient: return "recipient";
        case group_by::country: return "country";
        case group_by::region: return "region";
        case group_by::sector: return "sector";
    }
    return "?";
}

inline group_by parse_group_by(std::string_view s) {
    std::string expected;
    for (auto g : all_group_bys) {
        if (s == to_string(g)) return g;
        expected += (expected.empty() ? "" : ", ") + std::string(to_string(g));
    }
    throw invalid_argument("cannot group by '" + std::string(s) + "' (expected one of " + expected + ")");
}

inline const char* to_string(split_mode s) noexcept { return s == split_mode::weighted ? "weighted" : "full"; }

inline split_mode parse_split_mode(std::string_view s) {
    if (s == "full") return split_mode::full;
    if (s == "weighted") return split_mode::weighted;
    throw invalid_argument("cannot split by '" + std::string(s) + "' (expected full or weighted)");
}

inline std::optional<std::vector<std::uint64_t>> stated_weights(const grant& g, group_by by, std::span<const std::string> keys) {
    const std::vector<classification>* list = by == group_by::country  ? &g.recipient_countries
                                              : by == group_by::region ? &g.recipient_regions
                                              : by == group_by::sector ? &g.sectors
                                                                       : nullptr;
    if (!list || list->empty()) return std::nullopt;
    std::vector<std::uint64_t> w(keys.size(), 0);
    for (const auto& c : *list) {
        if (!c.percentage || !(decimal(0) < *c.percentage)) return std::nullopt;
        const std::string key = by == group_by::country || c.vocabulary.empty() || c.vocabulary == "1" ? c.code : c.vocabulary + ":" + c.code;
        const auto at = std::find(keys.begin(), keys.end(), key);
        if (at == keys.end()) return std::nullopt;
        w[static_cast<std::size_t>(at - keys.begin())] += static_cast<std::uint64_t>(c.percentage->rescaled(6).to_units(6));
    }
    return w;
}

inline std::vector<std::string> stated_groups(const program& p, const grant& g, group_by by) {
    std::vector<std::string> out;
    auto add = [&](const std::string& key) {
        if (!key.empty() && std::find(out.begin(), out.end(), key) == out.end()) out.push_back(key);
    };
    auto codes = [&](const std::vector<classification>& list) {
        for (const auto& c : list) add(c.vocabulary.empty() || c.vocabulary == "1" ? c.code : c.vocabulary + ":" + c.code);
    };
    switch (by) {
        case group_by::publisher: add(g.reporting_org); break;
        case group_by::funder: {
            for (const auto& pt : g.participants)
                if (pt.role == participant_role::funding) add(pt.org);
            // A listing states no roles: its programme's donor funds every grant, with the grant's
            // co-funders. An IATI activity or a 360Giving grant that names no funder names none.
            const bool roles_stated = g.source.format == "iati" || g.source.format == "360giving";
            if (out.empty() && !roles_stated) {
                add(p.donor);
                for (const auto& f : g.co_funders) add(f);
            }
            break;
        }
        case group_by::recipient: add(g.grantee); break;
        case group_by::country:
            for (const auto& c : g.recipient_countries) add(c.code);
            if (g.recipient_countries.empty() && g.recipient_regions.empty()) add(p.country);
            break;
        case group_by::region: codes(g.recipient_regions); break;
        case group_by::sector: codes(g.sectors); break;
        default: break;
    }
    return out;
}


inline decimal implied_rate(const money& base, const money& quote, int decimals) {
    if (base.amount().is_zero()) throw invalid_argument("implied rate: the base amount is zero");
    return decimal::divide(quote.amount(), base.amount(), decimals);
}

inline decimal time_elapsed(const period& span, date as_of) {
    int all = span.days();
    int done = as_of < span.first() ? 0 : as_of > span.last() ? all : day_number(as_of) - day_number(span.first()) + 1;
    return decimal::divide(decimal(done), decimal(all), 6);
}

namespace detail {
/// Burn of one grant from the rows of its transactions.
inline std::optional<burn> burn_of(const grant& g, const transaction_store& s, std::span<const std::uint32_t> rows,
                                   date as_of, std::span<const transaction_kind> spent_kinds, const rate_table* rates,
                                   const missing_rate_policy& policy) {
    auto span = g.actual_period();
    if (!g.award || !span) return std::nullopt;
    const currency cur = g.award->currency_of();
    money spent(cur);
    for (auto r : rows) {
        const auto k = s.kind(r);
        const date when = s.value_date(r);
        if (when > as_of) continue;
        if (k != transaction_kind::refund && std::find(spent_kinds.begin(), spent_kinds.end(), k) == spent_kinds.end()) continue;
        money m = s.amount(r);
        if (m.currency_of() != cur) {
            if (!rates)
                throw currency_mismatch("grant '" + g.id + "': transaction in " + std::string(m.currency_of().code()) +
                                        " against an award in " + std::string(cur.code()) + "; give a rate table");
            m = rates->convert(m, cur, when, policy).result;
        }
        if (k == transaction_kind::refund) spent -= m;
        else spent += m;
    }
    decimal time = time_elapsed(*span, as_of);
    decimal spent_share = detail::share(spent.amount(), g.award->amount());
    return burn{*g.award, spent, spent_share, time, spent_share - time};
}
}  // namespace detail

inline std::optional<burn> burn_rate(const program& p, const grant& g, date as_of, std::span<const transaction_kind> spent_kinds,
                                     const rate_table* rates, const missing_rate_policy& policy) {
    const auto me = static_cast<std::uint32_t>(p.grant_position(g.id));
    std::vector<std::uint32_t> rows;
    auto grants = p.transactions().grants();
    for (std::size_t r = 0; r < grants.size(); ++r)
        if (grants[r] == me) rows.push_back(static_cast<std::uint32_t>(r));
    return detail::burn_of(g, p.transactions(), rows, as_of, spent_kinds, rates, policy);
}

inline std::vector<grant_burn> burn_by_grant(const program& p, date as_of, std::span<const transaction_kind> spent_kinds,
                                             const rate_table* rates, const missing_rate_policy& policy) {
    const auto by_grant = p.transactions().by_grant(p.grants().size());
    std::vector<grant_burn> out;
    out.reserve(p.grants().size());
    for (std::size_t k = 0; k < p.grants().size(); ++k) {
        const grant& g = p.grants()[k];
        std::span<const std::uint32_t> rows(by_grant.rows.data() + by_grant.offsets[k], by_grant.offsets[k + 1] - by_grant.offsets[k]);
        grant_burn b{&g, rows.size(), std::nullopt, {}};
        try {
            b.figure = detail::burn_of(g, p.transactions(), rows, as_of, spent_kinds, rates, policy);
            if (!b.figure) b.why_not = !g.award ? "no award" : "no dates";
        } catch (const error& e) {
            b.why_not = e.what();
            b.unconverted = true;
        }
        out.push_back(std::move(b));
    }
    return out;
}

}  // namespace grantfolio::query
