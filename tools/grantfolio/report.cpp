// grantfolio report / export / validate: a programme for people, for tools, and checked.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "checks.hpp"
#include "commands.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/csv.hpp"
#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/synthetic.hpp"
#include "grantfolio/io/rates.hpp"
#include "grantfolio/metrics.hpp"
#include "grantfolio/query.hpp"
#include "grantfolio/validate.hpp"
#include "source.hpp"

namespace grantfolio::cli {

namespace {

using json = nlohmann::ordered_json;

// Labels in the report's two languages.
struct words {
    const char* program;
    const char* donor;
    const char* implementer;
    const char* revised;
    const char* as_of;
    const char* active;
    const char* ended;
    const char* closed_early;
    const char* planned;
    const char* totals;
    const char* awards;
    const char* converted;
    const char* implied;
    const char* phases;
    const char* phase;
    const char* grants;
    const char* grants_title;
    const char* grantees;
    const char* coverage_qark;
    const char* coverage_district;
    const char* nationwide;
    const char* above;
    const char* uncovered;
    const char* timeline;
    const char* durations;
    const char* days;
    const char* mean;
    const char* median;
    const char* months_mean;
    const char* months[12];
};

const words en{"Programme", "Donor", "Implementer", "Revised", "As of", "active", "ended", "closed early", "planned",
               "Totals as written", "Awards of the grants, per currency", "converted", "Implied rate", "Phases", "Phase", "grants", "Grants", "Grantees",
               "Coverage by qark (grants, grant-months)", "Coverage by district (grants, grant-months)",
               "nationwide", "sited only at qark level", "no grant reaches", "Timeline (grants active in the month)",
               "Durations", "days", "mean", "median", "months on average",
               {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"}};
const words sq{"Programi", "Donatori", "Zbatuesi", "Rishikuar", "Më", "aktive", "përfunduar", "mbyllur para kohe",
               "të planifikuara", "Shumat siç janë shkruar", "Shumat e granteve, sipas monedhës", "konvertuar", "Kursi i nënkuptuar", "Fazat", "Faza",
               "grante", "Grantet", "Grantmarrësit", "Mbulimi sipas qarkut (grante, muaj-grante)",
               "Mbulimi sipas rrethit (grante, muaj-grante)", "i gjithë vendi", "vetëm në nivel qarku",
               "asnjë grant nuk arrin", "Kronologjia (grante aktive në muaj)", "Kohëzgjatjet", "ditë", "mesatarja",
               "mediana", "muaj mesatarisht",
               {"janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor", "nëntor",
                "dhjetor"}};

std::string ids(const query::grant_list& gs) {
    std::string s;
    for (const grant* g : gs) s += (s.empty() ? "" : ", ") + g->id;
    return s;
}

std::string grouped(const money& m) {
    return format_amount(m.amount(), amount_format::english()) + " " + std::string(m.currency_of().code());
}

/// Pads to a width in characters (not bytes): names are UTF-8.
std::string pad(const std::string& s, std::size_t width) {
    std::size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    return chars >= width ? s : s + std::string(width - chars, ' ');
}

std::string fixed(double v, int digits) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

/// The rates file the user named (loaded into `storage`), or the embedded IMF table.
const rate_table& rates_for(const std::string& path, rate_table& storage) {
    if (path.empty()) return io::imf_annual();
    storage = io::read_rates_file(path);
    return storage;
}

struct report_options {
    source_options source;
    std::string as_of, lang = "en", currency = "USD", format = "text", rates;
};

int run_report(const report_options& o, io_streams io) {
    loaded src = load_source(o.source, io.err);
    const program& p = src.program;
    const words& w = o.lang == "sq" ? sq : en;
    date as_of = !o.as_of.empty() ? parse_date(o.as_of)
                 : p.revised_on  ? *p.revised_on
                                 : date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    rate_table loaded_rates;
    const rate_table& rates = rates_for(o.rates, loaded_rates);
    currency target(o.currency);

    std::map<grant_status, int> status;
    for (const auto& g : p.grants()) ++status[g.status_on(as_of)];
    auto by_qark = query::coverage_by(p, place_level::qark);
    auto by_district = query::coverage_by(p, place_level::district);
    auto line = query::timeline(p);
    auto dur = query::durations(p);
    std::optional<query::converted_total> conv;
    std::string conv_error;
    // The report's own policy, shown with every converted figure: a stated total is converted on
    // the report's date with the latest rate known then (each part says whether it came to that).
    if (!p.totals.empty()) {
        try {
            conv = query::convert_totals(p, rates, target, as_of, missing_rate_policy::last_known());
        } catch (const error& e) {
            conv_error = e.what();
        }
    }
    auto org_name = [&](const std::string& id) { return id.empty() ? std::string("?") : p.organization_by_id(id).short_name(); };

    if (o.format == "json") {
        json j;
        j["program"] = {{"id", p.id}, {"name", p.name(o.lang)}, {"acronym", p.acronym(o.lang)},
                        {"donor", p.donor.empty() ? json() : json(org_name(p.donor))},
                        {"implementer", p.implementer.empty() ? json() : json(p.organization_by_id(p.implementer).name)},
                        {"revised_on", p.revised_on ? json(format_date(*p.revised_on)) : json()}, {"source", p.source}};
        j["as_of"] = format_date(as_of);
        j["grants"] = p.grants().size();
        j["status"] = json::object();
        for (auto s : {grant_status::planned, grant_status::active, grant_status::ended, grant_status::closed_early,
                       grant_status::unknown})
            j["status"][to_string(s)] = status[s];
        j["phases"] = json::array();
        for (const auto& ph : p.phases()) j["phases"].push_back({{"number", ph.number}, {"grants", query::in_phase(p, ph.number).size()}});
        std::map<std::string, query::grant_list> by_org;
        for (const auto& g : p.grants()) by_org[g.grantee].push_back(&g);
        j["grantees"] = json::array();
        for (auto& [id, gs] : by_org) {
            json ids_j = json::array();
            for (const grant* g : gs) ids_j.push_back(g->id);
            j["grantees"].push_back({{"id", id}, {"name", id.empty() ? json() : json(p.organization_by_id(id).name)}, {"grants", ids_j}});
        }
        auto cov = [&](const query::coverage& c) {
            json rows = json::array();
            for (const auto& r : c.areas)
                rows.push_back({{"name", r.area->name}, {"grants", r.grants.size()}, {"grant_months", std::round(r.grant_months * 100) / 100}});
            json un = json::array();
            for (const place* a : c.uncovered) un.push_back(a->name);
            json nat = json::array();
            for (const grant* g : c.nationwide) nat.push_back(g->id);
            json above = json::array();
            for (const grant* g : c.above_level) above.push_back(g->id);
            return json{{"areas", rows}, {"nationwide", nat}, {"above_level", above}, {"uncovered", un}};
        };
        j["coverage"] = {{"qark", cov(by_qark)}, {"district", cov(by_district)}};
        j["timeline"] = json::array();
        for (const auto& m : line) {
            char ym[32];
            std::snprintf(ym, sizeof ym, "%04d-%02u", static_cast<int>(m.month.first().year()), static_cast<unsigned>(m.month.first().month()));
            j["timeline"].push_back({{"month", ym}, {"active", m.active.size()}});
        }
        j["durations"] = {{"grants", dur.count}, {"min_days", dur.min_days}, {"max_days", dur.max_days},
                          {"mean_days", std::round(dur.mean_days * 10) / 10}, {"median_days", dur.median_days},
                          {"mean_months", std::round(dur.mean_months * 100) / 100}};
        j["totals"] = json::array();
        for (const auto& m : p.totals) j["totals"].push_back({{"amount", m.amount().to_string()}, {"currency", std::string(m.currency_of().code())}});
        {
            auto aw = query::awards(p);
            json sums = json::array();
            for (const auto& m : aw.totals) sums.push_back({{"amount", m.amount().to_string()}, {"currency", std::string(m.currency_of().code())}});
            j["awards"] = {{"totals", sums}, {"grants_with_award", aw.known}, {"grants_without", aw.unknown}};
        }
        if (conv) {
            json parts = json::array();
            for (const auto& c : conv->parts) {
                json rs = json::array();
                for (const auto& leg : c.quote.legs) rs.push_back({{"rate", leg.rate.value().to_string()}, {"base", std::string(leg.rate.base().code())},
                                                                   {"quote", std::string(leg.rate.quote().code())}, {"inverted", leg.inverted},
                                                                   {"source", leg.rate.source()}});
                parts.push_back({{"from", {{"amount", c.from.amount().to_string()}, {"currency", std::string(c.from.currency_of().code())}}},
                                 {"amount", c.result.amount().to_string()}, {"method", to_string(c.quote.method)}, {"rates", rs}});
            }
            j["converted"] = {{"currency", std::string(target.code())}, {"on", format_date(as_of)},
                              {"missing", "last-known"}, {"parts", parts}};
        } else if (!conv_error.empty()) {
            j["converted"] = {{"error", conv_error}};
        }
        if (p.totals.size() >= 2) j["implied_rate"] = {{"base", std::string(p.totals[0].currency_of().code())},
                                                       {"quote", std::string(p.totals[1].currency_of().code())},
                                                       {"rate", query::implied_rate(p.totals[0], p.totals[1]).to_string()}};
        io.out << j.dump(2) << '\n';
        return 0;
    }

    auto& out = io.out;
    if (!p.acronym(o.lang).empty()) out << p.acronym(o.lang) << " — ";
    out << p.name(o.lang);
    for (const auto& n : p.names)
        if (n.language != o.lang && n.acronym != p.acronym(o.lang) && !n.acronym.empty()) out << " (" << n.acronym << ")";
    out << '\n';
    if (!p.donor.empty()) out << w.donor << ": " << p.organization_by_id(p.donor).name << '\n';
    if (!p.implementer.empty()) out << w.implementer << ": " << p.organization_by_id(p.implementer).name << '\n';
    if (p.revised_on) out << w.revised << ": " << format_date(*p.revised_on) << "   (" << p.source << ")\n";
    out << '\n' << w.as_of << ' ' << format_date(as_of) << ": " << p.grants().size() << ' ' << w.grants << " — "
        << status[grant_status::active] << ' ' << w.active << ", " << status[grant_status::ended] << ' ' << w.ended << ", "
        << status[grant_status::closed_early] << ' ' << w.closed_early << ", " << status[grant_status::planned] << ' '
        << w.planned << "\n\n";

    out << w.totals << '\n';
    for (const auto& m : p.totals) out << "  " << std::setw(22) << grouped(m) << '\n';
    if (auto aw = query::awards(p); aw.known > 0) {
        out << w.awards << " (" << aw.known << '/' << aw.known + aw.unknown << ")\n";
        for (const auto& m : aw.totals) out << "  " << std::setw(22) << grouped(m) << '\n';
    }
    if (conv) {
        for (const auto& c : conv->parts) {
            out << "  " << grouped(c.from) << " = " << grouped(c.result) << "  (" << w.converted << " " << format_date(as_of)
                << ", " << to_string(c.quote.method);
            for (const auto& leg : c.quote.legs) out << "; " << (leg.inverted ? "1/" : "") << leg.rate.value().to_string() << " " << leg.rate.source();
            out << ")\n";
        }
    } else if (!conv_error.empty()) {
        out << "  (" << conv_error << ")\n";
    }
    if (p.totals.size() >= 2) {
        const money &a = p.totals[0], &b = p.totals[1];
        out << "  " << w.implied << ": " << query::implied_rate(a, b).to_string() << ' ' << b.currency_of().code() << '/'
            << a.currency_of().code();
        for (int y : {calendar_year(as_of) - 1, calendar_year(as_of)}) {
            if (auto q = rates.find(a.currency_of(), b.currency_of(), make_date(y, 7, 1)))
                out << "; " << y << ": " << q->factor.to_string(2);
        }
        out << '\n';
    }

    out << '\n' << w.phases << '\n';
    for (const auto& ph : p.phases()) {
        auto gs = query::in_phase(p, ph.number);
        std::optional<date> a, b;
        for (const grant* g : gs)
            if (auto s = g->actual_period()) {
                if (!a || s->first() < *a) a = s->first();
                if (!b || s->last() > *b) b = s->last();
            }
        out << "  " << w.phase << ' ' << ph.number << ": " << std::setw(2) << gs.size() << ' ' << w.grants;
        if (a) out << ", " << format_date(*a) << " – " << format_date(*b);
        out << '\n';
    }

    out << '\n' << w.grants_title << '\n';
    for (const auto& g : p.grants()) {
        auto s = g.actual_period();
        out << "  " << g.id << "  " << g.phase << "  " << (g.planned ? to_string(*g.planned) : std::string(21, '?')) << "  "
            << std::left << std::setw(13) << to_string(g.status_on(as_of)) << std::right << ' '
            << org_name(g.grantee) << (g.closed_early() ? "  [" + std::string(w.closed_early) + " " + format_date(*g.actual_end) + "]" : "")
            << "\n        " << g.title << '\n';
        (void)s;
    }

    std::map<std::string, query::grant_list> by_org;  // by name, for reading
    for (const auto& g : p.grants())
        by_org[g.grantee.empty() ? std::string("?") : p.organization_by_id(g.grantee).name].push_back(&g);
    out << '\n' << w.grantees << " (" << by_org.size() << ")\n";
    for (auto& [name, gs] : by_org) out << "  " << name << ": " << ids(gs) << '\n';

    auto coverage_text = [&](const query::coverage& c, const char* title) {
        out << '\n' << title << '\n';
        for (const auto& r : c.areas)
            if (!r.grants.empty())
                out << "  " << pad(r.area->name, 18) << std::setw(3) << r.grants.size()
                    << std::setw(8) << fixed(r.grant_months, 1) << "   " << ids(r.grants) << '\n';
        if (!c.nationwide.empty()) out << "  " << w.nationwide << ": " << ids(c.nationwide) << '\n';
        if (!c.above_level.empty()) out << "  " << w.above << ": " << ids(c.above_level) << '\n';
        if (!c.uncovered.empty()) {
            out << "  " << w.uncovered << " (" << c.uncovered.size() << "): ";
            for (std::size_t i = 0; i < c.uncovered.size(); ++i) out << (i ? ", " : "") << c.uncovered[i]->name;
            out << '\n';
        }
    };
    coverage_text(by_qark, w.coverage_qark);
    coverage_text(by_district, w.coverage_district);

    out << '\n' << w.timeline << '\n';
    for (const auto& m : line) {
        unsigned mo = static_cast<unsigned>(m.month.first().month());
        out << "  " << pad(w.months[mo - 1], 10) << ' ' << static_cast<int>(m.month.first().year())
            << ' ' << std::setw(3) << m.active.size() << ' ' << std::string(m.active.size(), '#') << '\n';
    }
    out << '\n' << w.durations << ": " << dur.count << ' ' << w.grants << ", " << dur.min_days << "–" << dur.max_days << ' '
        << w.days << ", " << w.mean << ' ' << fixed(dur.mean_days, 1) << ", " << w.median << ' '
        << fixed(dur.median_days, 1) << " (" << fixed(dur.mean_months, 1) << ' ' << w.months_mean << ")\n";
    return 0;
}

struct export_options {
    source_options source;
    std::string format, output, generated_at;
    bool no_descriptions = false;
};

void write_program(const program& p, const std::string& format, const std::string& output, bool descriptions,
                   io_streams io, const std::string& generated_at = {}) {
    auto write = [&](std::ostream& out) {
        if (format == "json") {
            io::json_options jo;
            jo.descriptions = descriptions;
            io::write_json(out, p, jo);
        } else if (format == "csv") {
            io::write_csv(out, p);
        } else if (format == "iati") {
            io::write_iati(out, p, io::iati_write_options{generated_at});
        } else if (format == "360giving") {
            io::write_360giving(out, p);
        } else {
            std::string bytes = io::to_archive(p, io::parse_archive_format(format));
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        }
    };
    if (output.empty() || output == "-") {
        if (format == "binary" && output.empty()) throw invalid_argument("a binary archive needs -o FILE (or -o - for standard output)");
        write(io.out);
        return;
    }
    try {
        io::write_file_atomically(output, write);
    } catch (const error& e) {
        if (std::string_view(e.what()).find("will not replace") == std::string_view::npos) throw;
        throw error(std::string(e.what()) + " (-o - writes to standard output)");
    }
}

/// What an export lacks for its format's schema, in one paragraph: how many grants lack each
/// required field ("currency 24, amountAwarded 24"), in the schema's order, and the first grant's gaps.
struct export_gap {
    std::string grant;
    std::vector<std::string> fields;
};
std::string gap_summary(const program& p, const std::vector<export_gap>& gaps, const std::string& what,
                        const std::vector<std::string>& order, const std::string& first_does = "lacks") {
    std::string s = std::to_string(gaps.size()) + " of " + std::to_string(p.grants().size()) + " grants " + what + ": ";
    bool first = true;
    for (const auto& field : order) {
        const auto n = std::count_if(gaps.begin(), gaps.end(), [&](const auto& g) {
            return std::find(g.fields.begin(), g.fields.end(), field) != g.fields.end();
        });
        if (n == 0) continue;
        s += (first ? "" : ", ") + field + " " + std::to_string(n);
        first = false;
    }
    s += " (the first, " + clip_value(gaps.front().grant) + ", " + first_does + " ";
    for (std::size_t k = 0; k < gaps.front().fields.size(); ++k) s += (k ? ", " : "") + gaps.front().fields[k];
    return s + ")";
}

/// The export's gaps for its format, summarised; empty when it has none (or the format has no schema).
std::string export_gaps(const program& p, const std::string& format) {
    std::vector<export_gap> gaps;
    if (format == "360giving") {
        for (auto& g : io::giving360_gaps(p)) gaps.push_back({std::move(g.grant), std::move(g.fields)});
        if (gaps.empty()) return {};
        return gap_summary(p, gaps, "lack fields that the 360Giving schema requires, so the package will not validate",
                           {"description", "currency", "amountAwarded", "awardDate", "recipientOrganization", "fundingOrganization"});
    }
    if (format == "iati") {
        for (auto& g : io::iati_gaps(p)) gaps.push_back({std::move(g.grant), std::move(g.elements)});
        if (gaps.empty()) return {};
        return gap_summary(p, gaps,
                           "lack what the IATI 2.03 schema requires, which is written empty or left out rather than made up, so the "
                           "file will not validate",
                           {"iati-identifier", "title", "description", "participating-org", "activity-status", "activity-date"});
    }
    return {};
}

/// What an IATI export leaves out of what was read (1.0x activities' elements grantfolio does not
/// model), in one paragraph; empty when nothing.
std::string export_losses(const program& p, const std::string& format) {
    if (format != "iati") return {};
    std::vector<export_gap> lost;
    std::vector<std::string> order;
    for (auto& g : io::iati_unwritten(p)) {
        for (const auto& e : g.elements)
            if (std::find(order.begin(), order.end(), e) == order.end()) order.push_back(e);
        lost.push_back({std::move(g.grant), std::move(g.elements)});
    }
    if (lost.empty()) return {};
    return gap_summary(p, lost, "are IATI 1.0x activities written as 2.03 from their fields, which leaves out elements of theirs", order,
                       "loses");
}

int run_export(const export_options& o, io_streams io) {
    loaded src = load_source(o.source, io.err);
    for (const std::string& said : {export_gaps(src.program, o.format), export_losses(src.program, o.format)}) {
        if (said.empty()) continue;
        if (o.source.strict) throw error(said + "; nothing written (--strict)");
        io.err << "grantfolio: warning: " << said << '\n';
    }
    write_program(src.program, o.format, o.output, !o.no_descriptions, io, o.generated_at);
    return 0;
}

// What synth will make: past these it would need more memory than a workstation has, and
// fail late with std::bad_alloc instead of at once.
constexpr std::uint64_t synth_max_grants = 5'000'000, synth_max_transactions = 100'000'000;

struct synth_options {
    std::size_t grants = 100, transactions = 1000;
    std::uint64_t seed = 1;
    std::string output, format = "binary";
};

int run_synth(const synth_options& o, io_streams io) {
    program p = synthetic::generate({o.grants, o.transactions, o.seed, 0, 0});
    write_program(p, o.format, o.output, true, io);
    return 0;
}

struct metrics_options {
    source_options source;
    std::string as_of, rates;
};

int run_metrics(const metrics_options& o, io_streams io) {
    loaded src = load_source(o.source, io.err);
    date as_of = !o.as_of.empty() ? parse_date(o.as_of)
                                  : date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    rate_table loaded_rates;
    const rate_table& rates = rates_for(o.rates, loaded_rates);
    io.out << metrics::to_prometheus(metrics::collect(src.program, as_of, &rates));
    return 0;
}

struct totals_options {
    source_options source;
    std::string to = "USD", by = "grant", kind = "disbursement", missing = "raise", rates, format = "text";
    std::optional<int> max_age;
    unsigned threads = 0;
};

int run_totals(const totals_options& o, io_streams io) {
    if (!currency(o.to).minor_unit())
        throw invalid_argument(o.to + ": it has no minor unit in ISO 4217, and totals are summed in minor units; "
                               "convert one amount with 'grantfolio convert ... --scale N' instead");
    loaded src = load_source(o.source, io.err);
    rate_table loaded_rates;
    const rate_table& rates = rates_for(o.rates, loaded_rates);
    const auto policy = missing_rate_policy::parse(o.missing, o.max_age);
    auto t = query::converted_totals_by(src.program, query::parse_group_by(o.by), rates, currency(o.to),
                                        parse_transaction_kind(o.kind), policy, o.threads);
    json methods = json::object();
    for (auto m : {conversion_method::identity, conversion_method::direct, conversion_method::inverse, conversion_method::chain,
                   conversion_method::last_known, conversion_method::interpolated})
        methods[to_string(m)] = t.methods.count(m);
    // Groups of organisations also carry the organisation's name.
    const bool orgs = o.by == "publisher" || o.by == "funder" || o.by == "recipient";
    auto name_of = [&](const std::string& key) {
        const organization* org = src.program.find_organization(key);
        return org ? org->name : std::string();
    };
    if (o.format == "json") {
        json groups = json::array();
        for (const auto& g : t.groups) {
            json j = {{o.by, g.key}, {"total", g.total.amount().to_string()}, {"transactions", g.transactions}};
            if (orgs) j["name"] = name_of(g.key).empty() ? json() : json(name_of(g.key));
            groups.push_back(std::move(j));
        }
        io.out << json{{"source", src.program.source}, {"currency", o.to}, {"by", o.by}, {"kind", o.kind},
                       {"missing", to_string(policy.what)}, {"methods", methods}, {"groups", groups}}.dump(2) << '\n';
    } else if (o.format == "csv") {
        io::csv_writer csv(io.out);
        if (orgs) csv.record({o.by, "name", "total", "currency", "transactions"});
        else csv.record({o.by, "total", "currency", "transactions"});
        for (const auto& g : t.groups) {
            csv.text(g.key);
            if (orgs) csv.text(name_of(g.key));
            csv.field(g.total.amount().to_string()).field(o.to).field(std::to_string(g.transactions)).end_record();
        }
    } else {
        std::size_t n = 0;
        for (auto c : t.methods.by_method) n += c;
        for (const auto& g : t.groups) {
            const std::string name = orgs ? name_of(g.key) : std::string();
            io.out << g.key << (name.empty() || name == g.key ? "" : " (" + name + ")") << '\t' << g.total.to_string() << '\t' << g.transactions << '\n';
        }
        io.out << t.groups.size() << " groups by " << o.by << " (total, then transactions); " << n << " " << o.kind
               << " transactions converted to " << o.to << " at their value dates, missing rates: " << to_string(policy.what)
               << "; methods: " << methods.dump() << '\n';
    }
    return 0;
}

struct validate_options {
    source_options source;
    std::string format = "text", rates, iati_schema;
};

int run_validate(const validate_options& o, io_streams io) {
    loaded src = load_source(o.source);
    rate_table loaded_rates;
    const rate_table& rates = rates_for(o.rates, loaded_rates);
    std::vector<diagnostic> all = src.diagnostics;
    if (!o.iati_schema.empty() && src.kind == "iati")
        for (auto& d : io::validate_iati_schema(io::read_file(o.source.path), o.source.path, o.iati_schema)) all.push_back(std::move(d));
    for (auto& d : validate(src.program, &rates)) all.push_back(std::move(d));
    std::size_t counts[3] = {0, 0, 0};
    for (const auto& d : all) ++counts[static_cast<int>(d.level)];
    if (o.format == "json") {
        json j = json::array();
        for (const auto& d : all)
            j.push_back({{"severity", to_string(d.level)}, {"file", d.where.file}, {"line", d.where.line},
                         {"column", d.where.column}, {"field", d.where.field}, {"subject", clip_value(d.subject)}, {"message", d.message}});
        io.out << json{{"source", src.program.source}, {"grants", src.program.grants().size()}, {"errors", counts[2]},
                       {"warnings", counts[1]}, {"infos", counts[0]}, {"problems", j}}.dump(2) << '\n';
    } else {
        for (const auto& d : all) io.out << to_string(d) << '\n';
        io.out << src.program.grants().size() << " grants: " << counts[2] << " errors, " << counts[1] << " warnings, "
               << counts[0] << " notes\n";
    }
    return counts[2] || (o.source.strict && counts[1]) ? 1 : 0;
}

}  // namespace

std::function<int(io_streams)> add_report(CLI::App& app) {
    auto o = std::make_shared<report_options>();
    auto* cmd = app.add_subcommand("report", "The programme for people: phases, grantees, coverage, timeline, totals");
    add_source_options(cmd, o->source);
    cmd->add_option("--as-of", o->as_of, "Date of the statuses and conversions; default: the revision date")->check(iso_date_check());
    cmd->add_option("--lang", o->lang, "Labels and month names")->check(CLI::IsMember({"en", "sq"}));
    cmd->add_option("--currency", o->currency, "Convert the totals to this currency (default USD)");
    cmd->add_option("--rates", o->rates, "Rates file; default: the embedded IMF table");
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    return [o](io_streams io) { return run_report(*o, io); };
}

std::function<int(io_streams)> add_export(CLI::App& app) {
    auto o = std::make_shared<export_options>();
    auto* cmd = app.add_subcommand("export", "Write the programme as JSON (docs/formats.md) or CSV");
    add_source_options(cmd, o->source,
                       "with --format 360giving or iati, also when grants lack what that schema requires (without "
                       "--strict they are counted on stderr and the file is written with them empty or left out)");
    cmd->add_option("--generated-at", o->generated_at,
                    "iati: the file's generated-datetime (xsd:dateTime, e.g. 2006-05-10T00:00:00Z); default: none (never the clock)");
    cmd->add_option("--format", o->format,
                    "json, csv, iati (IATI 2.03 activities), 360giving (JSON package), or an archive: xml, text "
                    "(both portable), binary (same machine)")
        ->required()
        ->check(CLI::IsMember({"json", "csv", "iati", "360giving", "xml", "text", "binary"}));
    cmd->add_option("-o,--output", o->output, "File to write, atomically: a regular file (replaced) or a new one; links are followed; a device, FIFO or folder is refused. - or none: standard output (binary only with -o -)");
    cmd->add_flag("--no-descriptions", o->no_descriptions, "Leave the grants' description texts out of the JSON");
    return [o](io_streams io) { return run_export(*o, io); };
}

std::function<int(io_streams)> add_synth(CLI::App& app) {
    auto o = std::make_shared<synth_options>();
    auto* cmd = app.add_subcommand("synth", "Generate a realistic programme from a seed (for tests and benchmarks)");
    cmd->add_option("--grants", o->grants, "Number of grants (at most 5,000,000: a million take about 1.8 GB in memory)")
        ->check(whole_number_check(synth_max_grants));
    cmd->add_option("--transactions", o->transactions, "Number of transactions (at most 100,000,000: about 20 bytes each once stored)")
        ->check(whole_number_check(synth_max_transactions));
    cmd->add_option("--seed", o->seed, "Seed: the same seed gives the same programme everywhere")->check(whole_number_check());
    cmd->add_option("-o,--output", o->output, "File to write (atomically)")->required();
    cmd->add_option("--format", o->format, "binary (default), xml, text, json or csv")
        ->check(CLI::IsMember({"json", "csv", "xml", "text", "binary"}));
    return [o](io_streams io) { return run_synth(*o, io); };
}

std::function<int(io_streams)> add_metrics(CLI::App& app) {
    auto o = std::make_shared<metrics_options>();
    auto* cmd = app.add_subcommand("metrics", "Monitoring figures in the Prometheus text format");
    add_source_options(cmd, o->source);
    cmd->add_option("--as-of", o->as_of, "Date of the figures; default: today (UTC)")->check(iso_date_check());
    cmd->add_option("--rates", o->rates, "Rates for spending in another currency than the award's; default: the embedded IMF table");
    return [o](io_streams io) { return run_metrics(*o, io); };
}

std::function<int(io_streams)> add_totals(CLI::App& app) {
    auto o = std::make_shared<totals_options>();
    auto* cmd = app.add_subcommand("totals", "Transactions converted at their value dates and summed per grant, phase, qark, year, publisher, funder, recipient, country, region or sector");
    add_source_options(cmd, o->source);
    cmd->add_option("--to", o->to, "Target currency (default USD)");
    cmd->add_option("--by", o->by,
                    "Group by grant, phase, qark or year, or by what the grants state: publisher, funder, recipient, country, region, "
                    "sector (a grant counts whole in every group it names; grants naming none are 'unstated')")
        ->check(CLI::IsMember({"grant", "phase", "qark", "year", "publisher", "funder", "recipient", "country", "region", "sector"}));
    std::vector<std::string> kinds;
    for (auto k : all_transaction_kinds) kinds.push_back(to_string(k));
    cmd->add_option("--kind", o->kind, "Transaction kind (default disbursement; IATI types too, e.g. incoming-funds)")
        ->check(CLI::IsMember(kinds));
    cmd->add_option("--missing", o->missing, "When no rate holds on a value date: raise (default), last-known or interpolate")
        ->check(CLI::IsMember({"raise", "last-known", "interpolate"}));
    cmd->add_option("--max-age", o->max_age, "With last-known: the oldest rate accepted, in days (0 or more)")
        ->check(whole_number_check(std::numeric_limits<int>::max()));
    cmd->add_option("--rates", o->rates, "Rates file; default: the embedded IMF table");
    cmd->add_option("--threads", o->threads, "Threads (0: one per core)")->check(whole_number_check(1024));
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json", "csv"}));
    return [o](io_streams io) { return run_totals(*o, io); };
}

std::function<int(io_streams)> add_validate(CLI::App& app) {
    auto o = std::make_shared<validate_options>();
    auto* cmd = app.add_subcommand("validate", "Check a programme: each problem with its severity and location; exit 1 on errors");
    add_source_options(cmd, o->source, "for validate: exit 1 on warnings too, not only on errors");
    cmd->add_option("--rates", o->rates, "Rates file for checking stated totals; default: the embedded IMF table");
    cmd->add_option("--iati-schema", o->iati_schema,
                    "For IATI sources: the folder of the IATI 2.03 XSDs, to check the file against the schema too");
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    return [o](io_streams io) { return run_validate(*o, io); };
}

}  // namespace grantfolio::cli
