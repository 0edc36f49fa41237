// grantfolio.ArrowTable: a programme's grants, sites and transactions and a rate table as Arrow
// tables, for pyarrow, polars, DuckDB and pandas through `__arrow_c_stream__` (arrow.hpp).
//
// Types: money is decimal128(38, s), s the largest number of decimals in the column (a currency's
// minor unit, or more where an amount has more), with its currency in a dictionary column beside it;
// dates are date32; repeated text (kinds, statuses, currencies, grant ids in long tables) is a
// dictionary; lists are list<utf8>.
#include <algorithm>
#include <map>

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
    t->columns.back().metadata = {{"grantfolio:currency", "currency"}};
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
/// parents, by place position.
struct place_areas {
    const program& p;
    std::vector<std::string_view> qark, district;
    explicit place_areas(const program& prog) : p(prog) {
        const auto& places = p.places().places();
        qark.resize(places.size());
        district.resize(places.size());
        for (std::size_t i = 0; i < places.size(); ++i) {
            qark[i] = walk(&places[i], place_level::qark);
            district[i] = walk(&places[i], place_level::district);
        }
    }
    std::string_view area(const place* pl, place_level level) const {
        const auto i = static_cast<std::size_t>(pl - p.places().places().data());
        return level == place_level::qark ? qark[i] : district[i];
    }

private:
    std::string_view walk(const place* pl, place_level level) const {
        for (int guard = 0; pl && guard < 16; ++guard) {
            if (pl->level == level) return pl->name;
            if (pl->parent.empty()) break;
            pl = p.places().find(pl->parent);
        }
        return {};
    }
};

std::shared_ptr<const table> grants_table(const program& p, date as_of) {
    auto t = std::make_shared<table>();
    const auto& gs = p.grants();
    const std::size_t n = gs.size();
    t->length = static_cast<std::int64_t>(n);
    const place_areas areas(p);

    std::vector<std::string_view> id(n), title(n), grantee(n), grantee_id(n), reporting(n);
    std::vector<bool> has_grantee(n), has_grantee_id(n), has_reporting(n), has_award(n);
    std::vector<std::int32_t> phase(n), ps(n), pe(n), as(n), ae(n);
    std::vector<bool> has_ps(n), has_pe(n), has_as(n), has_ae(n);
    std::vector<std::int8_t> status(n);
    arrow::string_list_builder partners, qarqe, districts;
    std::vector<bool> nationwide(n);
    // The lookups (grantee, each site's place) and the per-grant values, on every core; then the
    // lists and dictionaries in one pass that only follows pointers.
    std::vector<std::size_t> site_at(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) site_at[i + 1] = site_at[i] + gs[i].sites.size();
    std::vector<const place*> site_place(site_at[n]);
    std::vector<const organization*> grantee_org(n);
    grantfolio::detail::run_in_parts(n, grantfolio::detail::part_count(n, 0, 8192), [&](unsigned, std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i) {
            const grant& g = gs[i];
            grantee_org[i] = g.grantee.empty() ? nullptr : p.find_organization(g.grantee);
            for (std::size_t k = 0; k < g.sites.size(); ++k) site_place[site_at[i] + k] = p.place_of(g.sites[k]);
            phase[i] = g.phase;
            if (g.planned) ps[i] = day_number(g.planned->first()), pe[i] = day_number(g.planned->last());
            if (g.actual_start) as[i] = day_number(*g.actual_start);
            if (g.actual_end) ae[i] = day_number(*g.actual_end);
            status[i] = static_cast<std::int8_t>(g.status_on(as_of));
        }
    });
    currency_dictionary cur;
    int scale = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const grant& g = gs[i];
        id[i] = g.id;
        title[i] = g.title;
        if (const organization* o = grantee_org[i]) {
            grantee[i] = o->name;
            has_grantee[i] = true;
        }
        grantee_id[i] = g.grantee;
        has_grantee_id[i] = !g.grantee.empty();
        reporting[i] = g.reporting_org;
        has_reporting[i] = !g.reporting_org.empty();
        has_ps[i] = has_pe[i] = g.planned.has_value();
        has_as[i] = g.actual_start.has_value();
        has_ae[i] = g.actual_end.has_value();
        for (const auto& x : g.partners) partners.add(x);
        for (std::size_t k = site_at[i]; k < site_at[i + 1]; ++k) {
            const place* pl = site_place[k];
            if (!pl) continue;
            if (pl->level == place_level::nationwide) nationwide[i] = true;
            qarqe.add_unique(areas.area(pl, place_level::qark));
            districts.add_unique(areas.area(pl, place_level::district));
        }
        partners.end_row();
        qarqe.end_row();
        districts.end_row();
        if (g.award) {
            has_award[i] = true;
            cur.note(g.award->currency_of().index());
            scale = column_scale(scale, g.award->currency_of(), &g.award->amount());
        }
    }
    cur.finish();
    std::vector<const decimal*> award(n, nullptr);
    std::vector<std::int16_t> award_currency(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        if (gs[i].award) {
            award[i] = &gs[i].award->amount();
            award_currency[i] = cur.index_of[gs[i].award->currency_of().index()];
        }
    std::vector<std::string_view> statuses;
    for (auto s : {grant_status::planned, grant_status::active, grant_status::ended, grant_status::closed_early, grant_status::unknown})
        statuses.emplace_back(to_string(s));

    t->columns.push_back(arrow::strings("id", id));
    t->columns.push_back(arrow::fixed("phase", "i", phase));
    t->columns.push_back(arrow::strings("title", title));
    t->columns.push_back(arrow::strings("grantee", grantee, &has_grantee));
    t->columns.push_back(arrow::strings("grantee_id", grantee_id, &has_grantee_id));
    t->columns.push_back(partners.finish("partners"));
    t->columns.push_back(arrow::fixed("planned_start", "tdD", ps, &has_ps));
    t->columns.push_back(arrow::fixed("planned_end", "tdD", pe, &has_pe));
    t->columns.push_back(arrow::fixed("actual_start", "tdD", as, &has_as));
    t->columns.push_back(arrow::fixed("actual_end", "tdD", ae, &has_ae));
    t->columns.push_back(arrow::dictionary("status", "c", status, statuses));
    t->columns.back().metadata = {{"grantfolio:as_of", format_date(as_of)}};
    t->columns.push_back(qarqe.finish("qarqe"));
    t->columns.push_back(districts.finish("districts"));
    t->columns.push_back(arrow::booleans("nationwide", nationwide));
    t->columns.push_back(decimal_column("award_amount", award, scale, true));
    t->columns.back().metadata = {{"grantfolio:currency", "award_currency"}};
    t->columns.push_back(arrow::dictionary("award_currency", "s", award_currency, cur.codes, &has_award));
    t->columns.push_back(arrow::strings("reporting_org", reporting, &has_reporting));
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
/// area's qark; null at qark level), grants, grant_months, grant_ids (list), covered. The grants
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
    std::vector<double> months(n);
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
        covered[i] = !r.grants.empty();
        for (const grant* g : r.grants) ids.add(g->id);
        ids.end_row();
    }
    t->columns.push_back(arrow::strings("area", area));
    t->columns.push_back(arrow::strings("place_id", id));
    t->columns.push_back(arrow::strings("qark", qark, &has_qark));
    t->columns.push_back(arrow::fixed("grants", "l", grants));
    t->columns.push_back(arrow::fixed("grant_months", "g", months));
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
