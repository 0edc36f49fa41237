// grantfolio/grouped_totals.hpp — transactions converted at their value dates to one currency,
// straight from the programme's columnar store, and summed per grant, phase, qark, year or what the
// grants state (query::group_by), through the bulk conversion engine. Apart from query.hpp, so that
// code asking the other questions does not compile the conversion kernels.
//
//   auto t = grantfolio::query::converted_totals_by(p, grantfolio::query::group_by::qark, rates,
//                                                   grantfolio::currency("USD"));
//   for (const auto& g : t.groups) std::cout << g.key << ' ' << g.total << '\n';
#pragma once

#include <array>
#include <span>
#include <map>
#include <string>
#include <vector>

#include "grantfolio/bulk_conversion.hpp"
#include "grantfolio/query.hpp"

namespace grantfolio::query {

struct group_total {
    std::string key;          ///< grant id, phase number, qark place id (or nationwide/unplaced), year
    money total;              ///< in the target currency, each transaction rounded once, then summed
    std::size_t transactions = 0;
};
struct grouped_totals {
    group_by by = group_by::grant;
    currency to;
    transaction_kind kind = transaction_kind::disbursement;
    missing_rate_policy policy;
    std::vector<group_total> groups;  ///< grants and phases in programme order, qarqe in gazetteer order, years ascending, stated groups as first named
    bulk_stats methods;               ///< how many conversions took each path (last_known shows the policy at work)
    split_mode split = split_mode::full;
    /// With split_mode::weighted, grants with transactions of the kind that name several groups:
    /// split by their source's percentages, and in equal shares (their source gives none).
    std::size_t split_by_percentage = 0, split_equally = 0;
};
/// Transactions of a kind converted at their value dates to one currency, straight from the
/// columnar store, and summed per group. Groups without transactions are left out. `threads`:
/// as in bulk_options (1: the calling thread; 0: one per core).
/// `split`: how a grant that names several groups is counted (query.hpp's split_mode).
grouped_totals converted_totals_by(const program& p, group_by by, const rate_table& rates, currency to,
                                   transaction_kind kind = transaction_kind::disbursement,
                                   const missing_rate_policy& policy = {}, unsigned threads = 1,
                                   split_mode split = split_mode::full);

// inline definitions

namespace detail {
/// Which groups each grant counts in: grant g in groups[first[g]..first[g+1]), and the groups' keys.
/// By grant, no table is built (each grant is its own group, keyed by its id).
struct grant_groups {
    std::vector<std::string> keys;
    std::vector<std::uint32_t> first, groups;
    std::vector<std::uint64_t> weight;  ///< beside groups, when weighted: a grant's share of each
    std::vector<std::uint8_t> by_percentage;  ///< per grant, when weighted: its weights are its source's percentages
};

/// Splits `value` (minor units) into parts proportional to `weight`, to the unit: each part its
/// floor, then the units left over to the parts with the largest remainders (the first on a tie).
/// The parts add up to `value`; a negative value is split as its absolute value, negated.
inline void split_by_weight(grantfolio::detail::i128 value, std::span<const std::uint64_t> weight, grantfolio::detail::i128* part) {
    using grantfolio::detail::i128;
    const bool negative = value < 0;
    const i128 v = negative ? -value : value;
    i128 total_weight = 0;
    for (auto w : weight) total_weight += static_cast<i128>(w);
    const i128 q = v / total_weight, r = v % total_weight;
    i128 given = 0;
    std::array<i128, 64> small_rest{};
    std::vector<i128> big_rest;
    i128* rest = weight.size() <= small_rest.size() ? small_rest.data() : (big_rest.resize(weight.size()), big_rest.data());
    for (std::size_t k = 0; k < weight.size(); ++k) {
        const i128 w = static_cast<i128>(weight[k]);
        part[k] = q * w + r * w / total_weight;  // q * w <= v and r * w < total_weight^2: no overflow
        rest[k] = r * w % total_weight;
        given += part[k];
    }
    for (i128 left = v - given; left > 0; --left) {
        std::size_t best = 0;
        for (std::size_t k = 1; k < weight.size(); ++k)
            if (rest[k] > rest[best]) best = k;
        ++part[best];
        rest[best] = -1;
    }
    if (negative)
        for (std::size_t k = 0; k < weight.size(); ++k) part[k] = -part[k];
}

inline grant_groups group_keys(const program& p, group_by by, bool weighted = false) {
    const auto& grants = p.grants();
    grant_groups out;
    if (by == group_by::grant || by == group_by::year || by == group_by::fiscal_year) return out;
    out.first.reserve(grants.size() + 1);
    out.first.push_back(0);
    if (by == group_by::phase) {
        std::map<int, std::uint32_t> at;
        for (const auto& ph : p.phases()) {
            at[ph.number] = static_cast<std::uint32_t>(out.keys.size());
            out.keys.push_back(std::to_string(ph.number));
        }
        for (const auto& g : grants) {
            out.groups.push_back(at.at(g.phase));
            out.first.push_back(static_cast<std::uint32_t>(out.groups.size()));
        }
        return out;
    }
    if (by != group_by::qark) {
        // Groups the grants state: each grant in every one it names, else in "unstated".
        std::map<std::string, std::uint32_t, std::less<>> at;
        for (const auto& g : grants) {
            auto keys = stated_groups(p, g, by);
            if (keys.empty()) keys.push_back("unstated");
            if (weighted) {
                auto w = keys.size() > 1 ? stated_weights(g, by, keys) : std::nullopt;
                out.by_percentage.push_back(w ? 1 : 0);
                for (std::size_t k = 0; k < keys.size(); ++k) out.weight.push_back(w ? (*w)[k] : 1);
            }
            for (auto& k : keys) {
                auto [it, fresh] = at.emplace(k, static_cast<std::uint32_t>(out.keys.size()));
                if (fresh) out.keys.push_back(std::move(k));
                out.groups.push_back(it->second);
            }
            out.first.push_back(static_cast<std::uint32_t>(out.groups.size()));
        }
        return out;
    }
    std::map<const place*, std::uint32_t> at;
    for (const place* q : p.places().at_level(place_level::qark)) {
        at[q] = static_cast<std::uint32_t>(out.keys.size());
        out.keys.push_back(q->id);
    }
    const auto nationwide = static_cast<std::uint32_t>(out.keys.size());
    out.keys.push_back("nationwide");
    const auto unplaced = static_cast<std::uint32_t>(out.keys.size());
    out.keys.push_back("unplaced");
    for (const auto& g : grants) {
        const auto begin = out.groups.size();
        if (is_nationwide(p, g)) {
            out.groups.push_back(nationwide);
        } else {
            for (const auto& st : g.sites)
                if (const place* pl = p.place_of(st))
                    if (const place* q = p.places().ancestor(*pl, place_level::qark))
                        if (std::find(out.groups.begin() + static_cast<std::ptrdiff_t>(begin), out.groups.end(), at.at(q)) ==
                            out.groups.end())
                            out.groups.push_back(at.at(q));
            if (out.groups.size() == begin) out.groups.push_back(unplaced);
        }
        if (weighted) {  // places carry no percentages: equal shares
            out.by_percentage.push_back(0);
            out.weight.resize(out.groups.size(), 1);
        }
        out.first.push_back(static_cast<std::uint32_t>(out.groups.size()));
    }
    return out;
}
}  // namespace detail

inline grouped_totals converted_totals_by(const program& p, group_by by, const rate_table& rates, currency to,
                                          transaction_kind kind, const missing_rate_policy& policy, unsigned threads,
                                          split_mode split) {
    using grantfolio::detail::i128;
    const auto& s = p.transactions();
    const std::size_t n = s.size();
    grouped_totals out{by, to, kind, policy, {}, {}, split, 0, 0};
    const int scale = conversion_scale(to);  // refuses a target without a minor unit
    const bool weighted = split == split_mode::weighted;
    const detail::grant_groups gg = detail::group_keys(p, by, weighted);
    // Group slots: grants by position, years from 1000 (min_year) on (a fiscal year may be the one
    // after max_year), the others from the table.
    const bool yearly = by == group_by::year || by == group_by::fiscal_year;
    const std::size_t slots = by == group_by::grant ? p.grants().size() : yearly ? static_cast<std::size_t>(max_year - min_year + 2) : gg.keys.size();
    // Each part (thread) converts its share of the rows of the kind, a block at a time, through the
    // bulk engine, and sums into its own slots; the parts' sums are added at the end. No per-row
    // results are kept.
    static_assert(transaction_store::wide == bulk_converter::wide_marker);
    const unsigned parts = grantfolio::detail::part_count(n, threads);
    std::vector<std::vector<i128>> sums(parts);
    std::vector<std::vector<std::size_t>> counts(parts);
    const auto limit = static_cast<i128>(grantfolio::detail::pow10_u128(38));
    auto kinds = s.kinds();
    auto coef = s.coefficients();
    auto sc = s.scales();
    auto cur = s.currencies();
    auto day = s.days();
    auto grant_of = s.grants();
    const auto wanted = static_cast<std::uint8_t>(kind);
    auto fill = [&](std::size_t& i, std::size_t hi, grantfolio::detail::bulk_block& b) {
        std::size_t m = 0;  // counted here, not in b: a store to b.size per row would chain each row to the last
        for (; i < hi && m < b.capacity; ++i) {
            if (kinds[i] != wanted) continue;
            b.row[m] = i, b.coefficient[m] = coef[i], b.scale[m] = sc[i], b.currency[m] = cur[i], b.day[m] = day[i];
            b.wide[m] = coef[i] == transaction_store::wide ? s.wide_amount(i) : nullptr;
            ++m;
        }
        b.size = m;
    };
    std::vector<std::vector<i128>> shares(parts);  // per part: a split row's shares, one per group
    auto sink = [&](unsigned t, const grantfolio::detail::bulk_block& b, const i128* value, const std::uint8_t*, std::size_t& at) {
        auto& sum = sums[t];
        auto& count = counts[t];
        if (sum.empty()) sum.assign(slots, 0), count.assign(slots, 0);
        for (std::size_t k = 0; k < b.size; ++k) {
            const auto r = b.row[k];
            auto add = [&](std::size_t g, i128 v) {
                sum[g] += v;  // |v| < 10^38 and |sum| < 10^38: no 127-bit overflow
                ++count[g];
                if (sum[g] >= limit || sum[g] <= -limit) [[unlikely]] {
                    at = k;
                    throw overflow_error("a total per " + std::string(to_string(by)) + " exceeds 38 digits");
                }
            };
            if (by == group_by::grant) {
                add(grant_of[r], value[k]);
            } else if (by == group_by::year) {
                add(static_cast<std::size_t>(static_cast<int>(from_day_number(day[r]).year()) - min_year), value[k]);
            } else if (by == group_by::fiscal_year) {
                add(static_cast<std::size_t>(us_fiscal_year(from_day_number(day[r])) - min_year), value[k]);
            } else {
                const std::size_t first = gg.first[grant_of[r]], last = gg.first[grant_of[r] + 1];
                if (!weighted || last - first == 1) {
                    for (auto g = first; g < last; ++g) add(gg.groups[g], value[k]);
                } else {  // the row's value split among the grant's groups, to the minor unit
                    auto& share = shares[t];
                    share.resize(last - first);
                    detail::split_by_weight(value[k], std::span(gg.weight).subspan(first, last - first), share.data());
                    for (auto g = first; g < last; ++g) add(gg.groups[g], share[g - first]);
                }
            }
        }
    };
    bulk_options options;
    options.policy = policy;
    options.threads = threads;
    out.methods = grantfolio::detail::convert_blocks<i128>(n, rates, to, options, false, fill, sink, [&](std::size_t r) {
        return "transaction " + std::to_string(r) + " (grant '" + p.grants()[grant_of[r]].id + "', " + to_string(s.kind(r)) + " of " +
               s.amount(r).to_string() + " on " + format_date(s.value_date(r)) + ")";
    });
    std::vector<i128> sum(slots, 0);
    std::vector<std::size_t> count(slots, 0);
    for (std::size_t t = 0; t < parts; ++t)
        for (std::size_t g = 0; g < sums[t].size(); ++g) {
            sum[g] += sums[t][g];
            count[g] += counts[t][g];
            if (sum[g] >= limit || sum[g] <= -limit) throw overflow_error("a total per " + std::string(to_string(by)) + " exceeds 38 digits");
        }
    if (weighted && !gg.first.empty()) {
        // Which grants with rows of the kind were split, and how.
        std::vector<std::uint8_t> has_rows(p.grants().size(), 0);
        for (std::size_t r = 0; r < n; ++r)
            if (kinds[r] == wanted) has_rows[grant_of[r]] = 1;
        for (std::size_t gi = 0; gi < p.grants().size(); ++gi)
            if (has_rows[gi] && gg.first[gi + 1] - gg.first[gi] > 1) ++(gg.by_percentage[gi] ? out.split_by_percentage : out.split_equally);
    }
    for (std::size_t g = 0; g < slots; ++g) {
        if (!count[g]) continue;
        std::string key = by == group_by::grant ? p.grants()[g].id : yearly ? std::to_string(static_cast<int>(g) + min_year) : gg.keys[g];
        out.groups.push_back({std::move(key), money(decimal::from_parts(sum[g], scale), to), count[g]});
    }
    return out;
}

}  // namespace grantfolio::query
