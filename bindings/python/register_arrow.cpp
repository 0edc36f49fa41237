// grantfolio.ArrowTable: a programme's grants, sites and transactions and a rate table as Arrow
// tables, for pyarrow, polars, DuckDB and pandas through `__arrow_c_stream__` (arrow.hpp).
//
// Types: money is decimal128(38, s), s the largest number of decimals in the column (a currency's
// minor unit, or more where an amount has more), with its currency in a dictionary column beside it;
// dates are date32; repeated text (kinds, statuses, currencies, grantees, grant ids in long tables)
// is a dictionary; lists are list<utf8>, or list<dictionary> for the qarqe and districts (of the
// gazetteer's names, in its order).
#include <algorithm>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "arrow.hpp"
#include "grantfolio/detail/parallel.hpp"
#include "grantfolio/program.hpp"
#include "grantfolio/query.hpp"
#include "grantfolio/rate_table.hpp"

namespace grantfolio::python {

namespace {

using arrow::column;
using arrow::table;

/// Currencies as a compact dictionary: sorted codes of those present, and each position's index.
struct currency_dictionary {
    std::vector<std::int16_t> index_of = std::vector<std::int16_t>(currency::count(), -1);
    std::vector<std::string_view> codes;

    void note(std::uint16_t c) {
        if (index_of[c] == -2 || index_of[c] >= 0) return;
        index_of[c] = -2;  // seen; numbered in finish()
    }
    void finish() {
        std::vector<std::uint16_t> seen;
        for (std::size_t c = 0; c < index_of.size(); ++c)
            if (index_of[c] == -2) seen.push_back(static_cast<std::uint16_t>(c));
        std::sort(seen.begin(), seen.end(), [](auto a, auto b) {
            return currency::from_index(a).code() < currency::from_index(b).code();
        });
        for (auto c : seen) {
            index_of[c] = static_cast<std::int16_t>(codes.size());
            codes.push_back(currency::from_index(c).code());
        }
    }
};

/// The decimals a money column needs: the largest minor unit and amount scale among its rows.
int column_scale(int scale, currency c, const decimal* d) {
    scale = std::max(scale, static_cast<int>(c.minor_unit().value_or(0)));
    if (d) scale = std::max(scale, d->scale());
    return scale;
}

detail::i128 at_scale(const decimal& d, int scale) { return d.rescaled(scale).coefficient(); }

/// Exact decimals as decimal128(38, s), s the largest scale among them (at least `min_scale`); when
/// no single scale holds them all within 38 digits (a rate of 10 integer digits beside one of 29
/// decimals), the column is their exact decimal text instead, said in its metadata. Never rounded.
column decimal_column(std::string name, const std::vector<const decimal*>& values, int min_scale, bool nullable) {
    int scale = min_scale;
    for (const decimal* d : values)
        if (d) scale = std::max(scale, d->scale());
    std::vector<bool> valid(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) valid[i] = values[i] != nullptr;
    try {
        std::vector<detail::i128> coef(values.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i]) coef[i] = at_scale(*values[i], scale);
        return arrow::decimals(std::move(name), scale, coef, nullable ? &valid : nullptr);
    } catch (const overflow_error&) {
        std::vector<std::string> text(values.size());
        std::vector<std::string_view> views(values.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i]) text[i] = values[i]->to_string(), views[i] = text[i];
        column c = arrow::strings(std::move(name), views, nullable ? &valid : nullptr);
        c.metadata = {{"grantfolio:decimal", "exact decimal text: no decimal128 scale holds every value"}};
        return c;
    }
}

std::vector<std::string_view> names_of_kinds() {
    std::vector<std::string_view> out;
    for (auto k : all_transaction_kinds) out.push_back(to_string(k));
    return out;
}

std::shared_ptr<const table> transactions_table(const program& p) {
    auto t = std::make_shared<table>();
    const auto& s = p.transactions();
    const std::size_t n = s.size();
    t->length = static_cast<std::int64_t>(n);

    std::vector<std::string_view> grant_ids;
    grant_ids.reserve(p.grants().size());
    for (const auto& g : p.grants()) grant_ids.emplace_back(g.id);
    // Grant positions (below 2^31: the programme's cap) and kinds are the store's own bits.
    const auto grants = s.grants();
    t->columns.push_back(arrow::dictionary("grant", "i", std::span(reinterpret_cast<const std::int32_t*>(grants.data()), n), grant_ids));
    const auto kinds = s.kinds();
    t->columns.push_back(arrow::dictionary("kind", "c", std::span(reinterpret_cast<const std::int8_t*>(kinds.data()), n), names_of_kinds()));
    t->columns.push_back(arrow::fixed("value_date", "tdD", s.days()));

    currency_dictionary cur;
    int scale = 0;
    const auto coef = s.coefficients();
    const auto scales = s.scales();
    const auto currencies = s.currencies();
    for (std::size_t r = 0; r < n; ++r) {
        cur.note(currencies[r]);
        scale = std::max(scale, static_cast<int>(scales[r]));
    }
    cur.finish();
    for (const auto& code : cur.codes) scale = column_scale(scale, currency(code), nullptr);
    // The common case without a decimal object per row: 64-bit coefficients scaled up (at most 19
    // digits times 10^19 fits 38). Wide amounts that do not fit one scale: the exact-text fallback.
    try {
        if (scale > 19) throw overflow_error("scale");
        column c;
        auto* amount = arrow::fixed_to_fill<detail::i128>(c, "amount", "d:38," + std::to_string(scale), n);
        detail::i128 ten[20];
        for (int k = 0; k < 20; ++k) ten[k] = static_cast<detail::i128>(detail::pow10_u128(k));
        // The one loop that does arithmetic per row: on every core.
        grantfolio::detail::run_in_parts(n, grantfolio::detail::part_count(n, 0), [&](unsigned, std::size_t lo, std::size_t hi) {
            for (std::size_t r = lo; r < hi; ++r) {
                if (coef[r] == transaction_store::wide) {
                    amount[r] = at_scale(*s.wide_amount(r), scale);
                } else {
                    amount[r] = static_cast<detail::i128>(coef[r]) * ten[scale - scales[r]];
                }
            }
        });
        t->columns.push_back(std::move(c));
    } catch (const overflow_error&) {
        std::vector<decimal> values(n);
        std::vector<const decimal*> pointers(n);
        for (std::size_t r = 0; r < n; ++r) values[r] = s.amount_value(r), pointers[r] = &values[r];
        t->columns.push_back(decimal_column("amount", pointers, scale, false));
    }
    t->columns.back().metadata.emplace_back("grantfolio:currency", "currency");  // beside any decimal-text note
    {
        column c;
        auto* code = arrow::fixed_to_fill<std::int16_t>(c, "currency", "s", n);
        for (std::size_t r = 0; r < n; ++r) code[r] = cur.index_of[currencies[r]];
        c.dictionary = std::make_shared<column>(arrow::strings("", cur.codes));
        t->columns.push_back(std::move(c));
    }

    // Notes: the store keeps them apart, concatenated in row order with where each starts, which is
    // Arrow's layout already: the text is copied once, offsets and validity written straight.
    {
        const auto& d = s.data();
        const auto& rows = d.note_row;
        column c;
        c.name = "note";
        c.nullable = true;
        c.length = static_cast<std::int64_t>(n);
        c.null_count = static_cast<std::int64_t>(n - rows.size());
        const std::size_t total = d.note_text.size();
        const bool large = total > static_cast<std::size_t>(INT32_MAX);
        c.format = large ? "U" : "u";
        arrow::bytes bits(rows.size() == n ? 0 : (n + 7) / 8, 0);
        arrow::bytes offsets((n + 1) * (large ? 8 : 4));
        auto put = [&](std::size_t i, std::size_t v) {
            if (large) reinterpret_cast<std::int64_t*>(offsets.data())[i] = static_cast<std::int64_t>(v);
            else reinterpret_cast<std::int32_t*>(offsets.data())[i] = static_cast<std::int32_t>(v);
        };
        std::size_t at = 0, next = 0;
        put(0, 0);
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const std::size_t row = rows[k];
            for (; next < row; ++next) put(next + 1, at);
            at = k + 1 < d.note_start.size() ? d.note_start[k + 1] : total;
            put(row + 1, at);
            if (!bits.empty()) bits[row / 8] |= static_cast<std::uint8_t>(1u << (row % 8));
            next = row + 1;
        }
        for (; next < n; ++next) put(next + 1, at);
        c.buffers.push_back(std::move(bits));
        c.buffers.push_back(std::move(offsets));
        c.buffers.emplace_back(d.note_text.begin(), d.note_text.end());
        t->columns.push_back(std::move(c));
    }
    return t;
}

/// The qark and district each gazetteer place lies in (itself when it is one), found once by its
/// ancestors, by place position: as names, and as numbers among the gazetteer's qarqe or districts
/// (-1: none), whose names `names(level)` lists in gazetteer order.
struct place_areas {
    const program& p;
    std::vector<std::string_view> qark, district;
    std::vector<std::int32_t> qark_no, district_no;
    std::vector<std::string_view> qarqe, districts;
    explicit place_areas(const program& prog) : p(prog) {
        const auto& places = p.places().places();
        qark.resize(places.size());
        district.resize(places.size());
        std::vector<std::int32_t> own(places.size(), -1);
        for (std::size_t i = 0; i < places.size(); ++i) {
            if (places[i].level == place_level::qark) own[i] = static_cast<std::int32_t>(qarqe.size()), qarqe.push_back(places[i].name);
            if (places[i].level == place_level::district) own[i] = static_cast<std::int32_t>(districts.size()), districts.push_back(places[i].name);
        }
        qark_no.assign(places.size(), -1);
        district_no.assign(places.size(), -1);
        for (std::size_t i = 0; i < places.size(); ++i) {
            const place* q = p.places().ancestor(places[i], place_level::qark);
            const place* d = p.places().ancestor(places[i], place_level::district);
            qark[i] = q ? std::string_view(q->name) : std::string_view();
            district[i] = d ? std::string_view(d->name) : std::string_view();
            if (q) qark_no[i] = own[static_cast<std::size_t>(q - places.data())];
            if (d) district_no[i] = own[static_cast<std::size_t>(d - places.data())];
        }
    }
    std::size_t at(const place* pl) const { return static_cast<std::size_t>(pl - p.places().places().data()); }
    std::string_view area(const place* pl, place_level level) const {
        return level == place_level::qark ? qark[at(pl)] : district[at(pl)];
    }
    std::int32_t number(const place* pl, place_level level) const {
        return level == place_level::qark ? qark_no[at(pl)] : district_no[at(pl)];
    }
    const std::vector<std::string_view>& names(place_level level) const { return level == place_level::qark ? qarqe : districts; }
};

/// The award amounts of a grants table, in build_rows' two passes: decimal128(38, s), s the largest
/// scale among them (at least each one's currency minor unit); where no single scale holds every
/// award in 38 digits, decimal_column's exact text instead.
struct award_rows {
    const std::vector<grant>& gs;
    std::size_t n = 0;
    arrow::per_part<int> scales;
    arrow::per_part<std::int64_t> nulls;
    arrow::per_part<char> overflow;
    int scale = 0;
    arrow::bytes bits, coef;

    void start(std::size_t rows, unsigned parts) {
        n = rows;
        scales.assign(parts, 0);
        nulls.assign(parts, 0);
        overflow.assign(parts, 0);
        bits.assign((n + 7) / 8, 0);
        coef = arrow::bytes(n * sizeof(detail::i128));
    }
    void measure(unsigned part, std::size_t i) {
        if (const auto& a = gs[i].award) {
            arrow::detail::set_bit(bits, i);
            scales[part] = column_scale(scales[part], a->currency_of(), &a->amount());
        } else {
            ++nulls[part];
        }
    }
    void prepare() {
        for (unsigned k = 0; k < scales.size(); ++k) scale = std::max(scale, scales[k]);
    }
    void write(unsigned part, std::size_t i) {
        detail::i128 x = 0;
        if (const auto& a = gs[i].award) {
            try {
                x = at_scale(a->amount(), scale);
            } catch (const overflow_error&) {
                overflow[part] = 1;
            }
        }
        std::memcpy(coef.data() + i * sizeof x, &x, sizeof x);
    }
    column finish(std::string name) {
        if (overflow.sum()) {
            std::vector<const decimal*> award(n, nullptr);
            for (std::size_t i = 0; i < n; ++i)
                if (gs[i].award) award[i] = &gs[i].award->amount();
            return decimal_column(std::move(name), award, scale, true);
        }
        column c;
        c.name = std::move(name);
        c.format = "d:38," + std::to_string(scale);
        c.length = static_cast<std::int64_t>(n);
        c.nullable = true;
        c.null_count = nulls.sum();
        c.buffers.push_back(c.null_count ? std::move(bits) : arrow::bytes{});
        c.buffers.push_back(std::move(coef));
        return c;
    }
};

/// One row per grant, every column written straight into its buffer on every core, in two passes
/// over the grants (build_rows).
std::shared_ptr<const table> grants_table(const program& p, date as_of) {
    auto t = std::make_shared<table>();
    const auto& gs = p.grants();
    const std::size_t n = gs.size();
    t->length = static_cast<std::int64_t>(n);
    const place_areas areas(p);
    const unsigned parts = grantfolio::detail::part_count(n, 0, 8192);

    // Each site's place, looked up in the first pass before the builders after this one in
    // build_rows' list read it, and kept for the second. (Grantees need no lookup: grantee_of.)
    std::vector<std::size_t> site_at(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) site_at[i + 1] = site_at[i] + gs[i].sites.size();
    std::vector<const place*> site_place(site_at[n]);
    struct {
        const program& p;
        const std::vector<std::size_t>& site_at;
        std::vector<const place*>& site_place;
        void start(std::size_t, unsigned) {}
        void measure(unsigned, std::size_t i) {
            const grant& g = p.grants()[i];
            for (std::size_t k = 0; k < g.sites.size(); ++k) site_place[site_at[i] + k] = p.place_of(g.sites[k]);
        }
        void prepare() {}
        void write(unsigned, std::size_t) {}
    } lookups{p, site_at, site_place};

    using text = std::optional<std::string_view>;
    auto present = [](const std::string& s) { return s.empty() ? text() : text(s); };
    auto day = [](const std::optional<date>& d) { return d ? std::optional<std::int32_t>(day_number(*d)) : std::nullopt; };
    auto id = arrow::strings_by([&](std::size_t i) { return text(gs[i].id); });
    auto phase = arrow::fixed_by<std::int32_t>("i", [&](std::size_t i) { return std::optional<std::int32_t>(gs[i].phase); });
    auto title = arrow::strings_by([&](std::size_t i) { return text(gs[i].title); });
    // Grantees as dictionaries, as to_frame's Categoricals: names in the programme's order of
    // organisations (two organisations of one name share an entry; grantee_id tells them apart).
    const auto& orgs = p.organizations();
    auto grantee_key = [&](std::size_t i) {
        const organization* o = p.grantee_of(i);
        return o ? std::optional<std::size_t>(static_cast<std::size_t>(o - orgs.data())) : std::nullopt;
    };
    auto grantee = arrow::coded_by<std::int32_t>("i", orgs.size(), grantee_key,
        [&](const std::vector<char>& present, std::vector<std::int32_t>& index_of, std::vector<std::string_view>& values) {
            std::unordered_map<std::string_view, std::int32_t> by_name;
            by_name.reserve(orgs.size());
            for (std::size_t k = 0; k < orgs.size(); ++k) {
                if (!present[k]) continue;
                auto [it, fresh] = by_name.try_emplace(orgs[k].name, static_cast<std::int32_t>(values.size()));
                if (fresh) values.emplace_back(orgs[k].name);
                index_of[k] = it->second;
            }
        }, true);
    auto grantee_id = arrow::coded_by<std::int32_t>("i", orgs.size(), grantee_key,
        [&](const std::vector<char>& present, std::vector<std::int32_t>& index_of, std::vector<std::string_view>& values) {
            for (std::size_t k = 0; k < orgs.size(); ++k)
                if (present[k]) index_of[k] = static_cast<std::int32_t>(values.size()), values.emplace_back(orgs[k].id);
        }, true);
    auto partners = arrow::lists_by([&](std::size_t i, std::vector<std::string_view>& out) {
        for (const auto& x : gs[i].partners) out.emplace_back(x);
    });
    auto planned_start = arrow::fixed_by<std::int32_t>("tdD", [&](std::size_t i) {
        return gs[i].planned ? std::optional<std::int32_t>(day_number(gs[i].planned->first())) : std::nullopt;
    }, true);
    auto planned_end = arrow::fixed_by<std::int32_t>("tdD", [&](std::size_t i) {
        return gs[i].planned ? std::optional<std::int32_t>(day_number(gs[i].planned->last())) : std::nullopt;
    }, true);
    auto actual_start = arrow::fixed_by<std::int32_t>("tdD", [&](std::size_t i) { return day(gs[i].actual_start); }, true);
    auto actual_end = arrow::fixed_by<std::int32_t>("tdD", [&](std::size_t i) { return day(gs[i].actual_end); }, true);
    auto status = arrow::fixed_by<std::int8_t>("c", [&](std::size_t i) {
        return std::optional<std::int8_t>(static_cast<std::int8_t>(gs[i].status_on(as_of)));
    });
    // The qarqe and districts a grant's sites lie in, each once, in the order the sites name them:
    // lists of the gazetteer's qarqe and districts (dictionaries in gazetteer order).
    auto areas_of = [&](place_level level) {
        return arrow::coded_lists_by<std::int32_t>("i", areas.names(level), [&, level](std::size_t i, std::vector<std::uint32_t>& out) {
            for (std::size_t k = site_at[i]; k < site_at[i + 1]; ++k) {
                const place* pl = site_place[k];
                if (!pl) continue;
                const std::int32_t a = areas.number(pl, level);
                if (a >= 0 && std::find(out.begin(), out.end(), static_cast<std::uint32_t>(a)) == out.end())
                    out.push_back(static_cast<std::uint32_t>(a));
            }
        });
    };
    auto qarqe = areas_of(place_level::qark);
    auto districts = areas_of(place_level::district);
    auto nationwide = arrow::bools_by([&](std::size_t i) {
        for (std::size_t k = site_at[i]; k < site_at[i + 1]; ++k)
            if (site_place[k] && site_place[k]->level == place_level::nationwide) return true;
        return false;
    });
    award_rows award{gs};
    auto award_currency = arrow::coded_by<std::int16_t>("s", currency::count(), [&](std::size_t i) {
        return gs[i].award ? std::optional<std::size_t>(gs[i].award->currency_of().index()) : std::nullopt;
    }, [](const std::vector<char>& present, std::vector<std::int16_t>& index_of, std::vector<std::string_view>& values) {
        currency_dictionary cur;
        for (std::size_t c = 0; c < present.size(); ++c)
            if (present[c]) cur.note(static_cast<std::uint16_t>(c));
        cur.finish();
        index_of = std::move(cur.index_of);
        values = std::move(cur.codes);
    }, true);
    auto reporting = arrow::strings_by([&](std::size_t i) { return present(gs[i].reporting_org); }, true);

    arrow::build_rows(n, parts, lookups, id, phase, title, grantee, grantee_id, partners, planned_start, planned_end,
                      actual_start, actual_end, status, qarqe, districts, nationwide, award, award_currency, reporting);

    std::vector<std::string_view> statuses;
    for (auto s : {grant_status::planned, grant_status::active, grant_status::ended, grant_status::closed_early, grant_status::unknown})
        statuses.emplace_back(to_string(s));
    t->columns.push_back(id.finish("id"));
    t->columns.push_back(phase.finish("phase"));
    t->columns.push_back(title.finish("title"));
    t->columns.push_back(grantee.finish("grantee"));
    t->columns.push_back(grantee_id.finish("grantee_id"));
    t->columns.push_back(partners.finish("partners"));
    t->columns.push_back(planned_start.finish("planned_start"));
    t->columns.push_back(planned_end.finish("planned_end"));
    t->columns.push_back(actual_start.finish("actual_start"));
    t->columns.push_back(actual_end.finish("actual_end"));
    t->columns.push_back(status.finish("status"));
    t->columns.back().dictionary = std::make_shared<column>(arrow::strings("", statuses));
    t->columns.back().metadata = {{"grantfolio:as_of", format_date(as_of)}};
    t->columns.push_back(qarqe.finish("qarqe"));
    t->columns.push_back(districts.finish("districts"));
    t->columns.push_back(nationwide.finish("nationwide"));
    t->columns.push_back(award.finish("award_amount"));
    t->columns.back().metadata.emplace_back("grantfolio:currency", "award_currency");  // beside any decimal-text note
    t->columns.push_back(award_currency.finish("award_currency"));
    t->columns.push_back(reporting.finish("reporting_org"));
    t->metadata = {{"grantfolio:program", p.id}};
    return t;
}

std::shared_ptr<const table> sites_table(const program& p) {
    auto t = std::make_shared<table>();
    const place_areas areas(p);
    std::vector<std::int32_t> grant_of;
    std::vector<std::string_view> as_written, place_id, place_name, qark, district, note, grant_ids, levels;
    std::vector<std::int8_t> level;
    std::vector<bool> known, has_qark, has_district;
    for (auto l : {place_level::nationwide, place_level::qark, place_level::district, place_level::municipality,
                   place_level::commune, place_level::area})
        levels.emplace_back(to_string(l));
    for (std::size_t i = 0; i < p.grants().size(); ++i) {
        const grant& g = p.grants()[i];
        grant_ids.emplace_back(g.id);
        for (const auto& st : g.sites) {
            const place* pl = p.place_of(st);
            grant_of.push_back(static_cast<std::int32_t>(i));
            as_written.emplace_back(st.as_written);
            place_id.emplace_back(st.place);
            place_name.emplace_back(pl ? std::string_view(pl->name) : std::string_view());
            level.push_back(pl ? static_cast<std::int8_t>(pl->level) : 0);
            known.push_back(pl != nullptr);
            auto q = pl ? areas.area(pl, place_level::qark) : std::string_view();
            auto d = pl ? areas.area(pl, place_level::district) : std::string_view();
            qark.push_back(q);
            district.push_back(d);
            has_qark.push_back(!q.empty());
            has_district.push_back(!d.empty());
            note.emplace_back(st.note);
        }
    }
    t->length = static_cast<std::int64_t>(grant_of.size());
    t->columns.push_back(arrow::dictionary("grant", "i", grant_of, grant_ids));
    t->columns.push_back(arrow::strings("as_written", as_written));
    t->columns.push_back(arrow::strings("place_id", place_id, &known));
    t->columns.push_back(arrow::strings("place", place_name, &known));
    t->columns.push_back(arrow::dictionary("level", "c", level, levels, &known));
    t->columns.push_back(arrow::strings("qark", qark, &has_qark));
    t->columns.push_back(arrow::strings("district", district, &has_district));
    t->columns.push_back(arrow::strings("note", note));
    return t;
}

/// One row per area of a level, reached or not (query::coverage_by): area, place_id, qark (the
/// area's qark; null at qark level), grants, grant_months, grant_months_split, grant_ids (list), covered. The grants
/// for the whole country and those sited only above the level are in the schema's metadata
/// (grantfolio:nationwide, grantfolio:above_level: JSON lists of grant ids), as coverage_frame's
/// attrs have them.
std::shared_ptr<const table> coverage_table(const program& p, place_level level) {
    auto t = std::make_shared<table>();
    const auto cov = query::coverage_by(p, level);
    const std::size_t n = cov.areas.size();
    t->length = static_cast<std::int64_t>(n);
    std::vector<std::string_view> area(n), id(n), qark(n);
    std::vector<bool> has_qark(n), covered(n);
    std::vector<std::int64_t> grants(n);
    std::vector<double> months(n), split(n);
    arrow::string_list_builder ids;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& r = cov.areas[i];
        area[i] = r.area->name;
        id[i] = r.area->id;
        if (const place* q = level == place_level::qark ? nullptr : p.places().ancestor(*r.area, place_level::qark)) {
            qark[i] = q->name;
            has_qark[i] = true;
        }
        grants[i] = static_cast<std::int64_t>(r.grants.size());
        months[i] = r.grant_months;
        split[i] = r.split_months;
        covered[i] = !r.grants.empty();
        for (const grant* g : r.grants) ids.add(g->id);
        ids.end_row();
    }
    t->columns.push_back(arrow::strings("area", area));
    t->columns.push_back(arrow::strings("place_id", id));
    t->columns.push_back(arrow::strings("qark", qark, &has_qark));
    t->columns.push_back(arrow::fixed("grants", "l", grants));
    t->columns.push_back(arrow::fixed("grant_months", "g", months));
    t->columns.push_back(arrow::fixed("grant_months_split", "g", split));
    t->columns.push_back(ids.finish("grant_ids"));
    t->columns.push_back(arrow::booleans("covered", covered));
    auto id_list = [](const std::vector<const grant*>& gs) {
        nlohmann::json j = nlohmann::json::array();
        for (const grant* g : gs) j.push_back(g->id);
        return j.dump();
    };
    t->metadata = {{"grantfolio:program", p.id},
                   {"grantfolio:level", std::string(to_string(level))},
                   {"grantfolio:nationwide", id_list(cov.nationwide)},
                   {"grantfolio:above_level", id_list(cov.above_level)}};
    return t;
}

std::shared_ptr<const table> rates_table(const rate_table& r) {
    auto t = std::make_shared<table>();
    const auto rates = r.rates();
    const std::size_t n = rates.size();
    t->length = static_cast<std::int64_t>(n);
    currency_dictionary cur;
    for (const auto& x : rates) {
        cur.note(x.base().index());
        cur.note(x.quote().index());
    }
    cur.finish();
    std::vector<std::int16_t> base(n), quote(n);
    std::vector<const decimal*> value(n);
    std::vector<std::int32_t> from(n), to(n);
    std::vector<bool> has_to(n);
    std::vector<std::string_view> source(n);
    for (std::size_t i = 0; i < n; ++i) {
        base[i] = cur.index_of[rates[i].base().index()];
        quote[i] = cur.index_of[rates[i].quote().index()];
        value[i] = &rates[i].value();
        from[i] = day_number(rates[i].valid().from());
        if (auto end = rates[i].valid().to()) to[i] = day_number(*end), has_to[i] = true;
        source[i] = rates[i].source();
    }
    t->columns.push_back(arrow::dictionary("base", "s", base, cur.codes));
    t->columns.push_back(arrow::dictionary("quote", "s", quote, cur.codes));
    t->columns.push_back(decimal_column("rate", value, 0, false));
    t->columns.push_back(arrow::fixed("valid_from", "tdD", from));
    t->columns.push_back(arrow::fixed("valid_to", "tdD", to, &has_to));
    t->columns.push_back(arrow::strings("source", source));
    return t;
}

struct arrow_table {
    std::shared_ptr<const table> t;
    std::string what;
};

template <class Build>
arrow_table built(std::string what, Build build) {
    std::shared_ptr<const table> t;
    {
        py::gil_scoped_release release;
        t = build();
    }
    return {std::move(t), std::move(what)};
}

}  // namespace

void register_arrow(py::module_& m) {
    py::class_<arrow_table>(m, "ArrowTable",
                            "A snapshot of grantfolio data as an Arrow table, read without copies by anything that\n"
                            "speaks the Arrow PyCapsule interface: pyarrow.table(t), polars.from_arrow(t),\n"
                            "duckdb.sql('SELECT ... FROM t'), pandas through pyarrow. Money is decimal128 with its\n"
                            "currency in a dictionary column beside it, dates are date32.")
        .def("__arrow_c_stream__", [](const arrow_table& a, const py::object&) { return arrow::to_stream_capsule(a.t); },
             py::arg("requested_schema") = py::none(),
             "The table as an Arrow C stream (one record batch); a requested schema is not applied")
        .def("__arrow_c_schema__", [](const arrow_table& a) { return arrow::to_schema_capsule(a.t); })
        .def("__len__", [](const arrow_table& a) { return static_cast<std::size_t>(a.t->length); })
        .def_property_readonly("column_names", [](const arrow_table& a) { return a.t->names(); })
        .def_property_readonly("num_rows", [](const arrow_table& a) { return a.t->length; })
        .def("__repr__", [](const arrow_table& a) {
            std::string cols;
            for (const auto& c : a.t->columns) cols += (cols.empty() ? "" : ", ") + c.name;
            return "ArrowTable(" + a.what + ": " + std::to_string(a.t->length) + " rows; " + cols + ")";
        });
    m.def("_arrow_transactions", [](const program& p) { return built("transactions", [&] { return transactions_table(p); }); },
          py::arg("program"));
    m.def("_arrow_grants", [](const program& p, const py::object& as_of) {
              const date on = to_date(as_of, "as_of");
              return built("grants", [&] { return grants_table(p, on); });
          },
          py::arg("program"), py::arg("as_of"));
    m.def("_arrow_sites", [](const program& p) { return built("sites", [&] { return sites_table(p); }); }, py::arg("program"));
    m.def("_arrow_coverage", [](const program& p, const std::string& level) {
              const place_level l = parse_place_level(level);
              return built("coverage", [&] { return coverage_table(p, l); });
          },
          py::arg("program"), py::arg("level"));
    m.def("_arrow_rates", [](const rate_table& r) { return built("rates", [&] { return rates_table(r); }); }, py::arg("rates"));
}

}  // namespace grantfolio::python
