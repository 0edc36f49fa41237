// grantfolio report: the programme for people (text, in English or Albanian) and for tools (JSON),
// both printed from one report value (report_model.hpp), so that they hold the same figures.
#include <array>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "checks.hpp"
#include "commands.hpp"
#include "report_model.hpp"
#include "source.hpp"

namespace grantfolio::cli {

namespace {

using json = nlohmann::ordered_json;

// Labels in the report's two languages, by name.
struct words {
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
    const char* spending;
    const char* of;
    const char* time;
    const char* gap;
    std::array<const char*, 12> months;
};

const words en{.donor = "Donor",
               .implementer = "Implementer",
               .revised = "Revised",
               .as_of = "As of",
               .active = "active",
               .ended = "ended",
               .closed_early = "closed early",
               .planned = "planned",
               .totals = "Totals as written",
               .awards = "Awards of the grants, per currency",
               .converted = "converted",
               .implied = "Implied rate",
               .phases = "Phases",
               .phase = "Phase",
               .grants = "grants",
               .grants_title = "Grants",
               .grantees = "Grantees",
               .coverage_qark = "Coverage by qark (grants, grant-months)",
               .coverage_district = "Coverage by district (grants, grant-months)",
               .nationwide = "nationwide",
               .above = "sited only at qark level",
               .uncovered = "no grant reaches",
               .timeline = "Timeline (grants active in the month)",
               .durations = "Durations",
               .days = "days",
               .mean = "mean",
               .median = "median",
               .months_mean = "months on average",
               .spending = "Spending against time (disbursements, expenditures, reimbursements less refunds; share of the award, share of the days, gap)",
               .of = "of",
               .time = "time",
               .gap = "gap",
               .months = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                          "November", "December"}};
const words sq{.donor = "Donatori",
               .implementer = "Zbatuesi",
               .revised = "Rishikuar",
               .as_of = "Më",
               .active = "aktive",
               .ended = "përfunduar",
               .closed_early = "mbyllur para kohe",
               .planned = "të planifikuara",
               .totals = "Shumat siç janë shkruar",
               .awards = "Shumat e granteve, sipas monedhës",
               .converted = "konvertuar",
               .implied = "Kursi i nënkuptuar",
               .phases = "Fazat",
               .phase = "Faza",
               .grants = "grante",
               .grants_title = "Grantet",
               .grantees = "Grantmarrësit",
               .coverage_qark = "Mbulimi sipas qarkut (grante, muaj-grante)",
               .coverage_district = "Mbulimi sipas rrethit (grante, muaj-grante)",
               .nationwide = "i gjithë vendi",
               .above = "vetëm në nivel qarku",
               .uncovered = "asnjë grant nuk arrin",
               .timeline = "Kronologjia (grante aktive në muaj)",
               .durations = "Kohëzgjatjet",
               .days = "ditë",
               .mean = "mesatarja",
               .median = "mediana",
               .months_mean = "muaj mesatarisht",
               .spending = "Shpenzimi kundrejt kohës (disbursime, shpenzime, rimbursime pa kthimet; pjesa e shumës, pjesa e ditëve, diferenca)",
               .of = "nga",
               .time = "koha",
               .gap = "diferenca",
               .months = {"janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor", "nëntor",
                          "dhjetor"}};

std::string joined(const std::vector<std::string>& ids) {
    std::string s;
    for (const auto& id : ids) s += (s.empty() ? "" : ", ") + id;
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

// ---------------------------------------------------------------------------------------------
// The text view.

void render_text(const report& r, const words& w, std::ostream& out) {
    if (!r.acronym.empty()) out << r.acronym << " — ";
    out << r.name;
    for (const auto& a : r.other_acronyms) out << " (" << a << ")";
    out << '\n';
    if (!r.donor.empty()) out << w.donor << ": " << r.donor << '\n';
    if (!r.implementer.empty()) out << w.implementer << ": " << r.implementer << '\n';
    if (r.revised_on) out << w.revised << ": " << format_date(*r.revised_on) << "   (" << r.source << ")\n";
    out << '\n' << w.as_of << ' ' << format_date(r.as_of) << ": " << r.grants.size() << ' ' << w.grants << " — "
        << r.count(grant_status::active) << ' ' << w.active << ", " << r.count(grant_status::ended) << ' ' << w.ended << ", "
        << r.count(grant_status::closed_early) << ' ' << w.closed_early << ", " << r.count(grant_status::planned) << ' '
        << w.planned << "\n\n";

    out << w.totals << '\n';
    for (const auto& m : r.totals) out << "  " << std::setw(22) << grouped(m) << '\n';
    if (r.awards.known > 0) {
        out << w.awards << " (" << r.awards.known << '/' << r.awards.known + r.awards.unknown << ")\n";
        for (const auto& m : r.awards.totals) out << "  " << std::setw(22) << grouped(m) << '\n';
    }
    if (r.converted) {
        for (const auto& c : r.converted->parts) {
            out << "  " << grouped(c.from) << " = " << grouped(c.result) << "  (" << w.converted << " " << format_date(r.as_of)
                << ", " << to_string(c.quote.method);
            for (const auto& leg : c.quote.legs) out << "; " << (leg.inverted ? "1/" : "") << leg.rate.value().to_string() << " " << leg.rate.source();
            out << ")\n";
        }
    } else if (!r.conversion_error.empty()) {
        out << "  (" << r.conversion_error << ")\n";
    }
    if (r.implied_rate) {
        const auto& i = *r.implied_rate;
        out << "  " << w.implied << ": " << i.rate.to_string() << ' ' << i.quote.code() << '/' << i.base.code();
        for (const auto& ref : i.references) out << "; " << ref.year << ": " << ref.quote.factor.to_string(2);
        out << '\n';
    }

    out << '\n' << w.phases << '\n';
    for (const auto& ph : r.phases) {
        out << "  " << w.phase << ' ' << ph.number << ": " << std::setw(2) << ph.grants.size() << ' ' << w.grants;
        if (ph.first) out << ", " << format_date(*ph.first) << " – " << format_date(*ph.last);
        out << '\n';
    }

    out << '\n' << w.grants_title << '\n';
    for (const auto& g : r.grants)
        out << "  " << g.id << "  " << g.phase << "  " << (g.planned ? to_string(*g.planned) : std::string(21, '?')) << "  "
            << std::left << std::setw(13) << to_string(g.status) << std::right << ' ' << g.grantee
            << (g.closed_early_on ? "  [" + std::string(w.closed_early) + " " + format_date(*g.closed_early_on) + "]" : "")
            << "\n        " << g.title << '\n';

    out << '\n' << w.grantees << " (" << r.grantees.size() << ")\n";
    for (const auto& g : r.grantees) out << "  " << g.name << ": " << joined(g.grants) << '\n';

    auto coverage_text = [&](const report::coverage_view& c, const char* title) {
        out << '\n' << title << '\n';
        for (const auto& a : c.areas)
            if (!a.grants.empty())
                out << "  " << pad(a.name, 18) << std::setw(3) << a.grants.size() << std::setw(8) << fixed(a.grant_months, 1) << "   "
                    << joined(a.grants) << '\n';
        if (!c.nationwide.empty()) out << "  " << w.nationwide << ": " << joined(c.nationwide) << '\n';
        if (!c.above_level.empty()) out << "  " << w.above << ": " << joined(c.above_level) << '\n';
        if (!c.uncovered.empty()) out << "  " << w.uncovered << " (" << c.uncovered.size() << "): " << joined(c.uncovered) << '\n';
    };
    coverage_text(r.qark, w.coverage_qark);
    coverage_text(r.district, w.coverage_district);

    out << '\n' << w.timeline << '\n';
    for (const auto& m : r.timeline) {
        const auto mo = static_cast<unsigned>(m.first.month());
        out << "  " << pad(w.months[mo - 1], 10) << ' ' << static_cast<int>(m.first.year()) << ' ' << std::setw(3) << m.active.size()
            << ' ' << std::string(m.active.size(), '#') << '\n';
    }
    const auto& d = r.durations;
    out << '\n' << w.durations << ": " << d.count << ' ' << w.grants << ", " << d.min_days << "–" << d.max_days << ' ' << w.days << ", "
        << w.mean << ' ' << fixed(d.mean_days, 1) << ", " << w.median << ' ' << fixed(d.median_days, 1) << " (" << fixed(d.mean_months, 1)
        << ' ' << w.months_mean << ")\n";
    if (!r.spending.empty()) {
        auto percent = [](const decimal& share) { return fixed(std::stod(share.to_string()) * 100, 1) + "%"; };
        out << '\n' << w.spending << '\n';
        for (const auto& s : r.spending) {
            out << "  " << s.id << "  ";
            if (!s.burn) {
                out << "(" << s.why_not << ")\n";
                continue;
            }
            const auto& b = *s.burn;
            out << grouped(b.spent) << ' ' << w.of << ' ' << grouped(b.award) << "  " << percent(b.spent_share) << "  " << w.time << ' '
                << percent(b.time_share) << "  " << w.gap << ' ' << (b.gap < decimal(0) ? "" : "+") << percent(b.gap) << '\n';
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The JSON view: the same figures, for dashboards.

json money_json(const money& m) { return {{"amount", m.amount().to_string()}, {"currency", std::string(m.currency_of().code())}}; }
json date_json(const std::optional<date>& d) { return d ? json(format_date(*d)) : json(); }
json text_json(const std::string& s) { return s.empty() ? json() : json(s); }

json render_json(const report& r) {
    json j;
    j["program"] = {{"id", r.id}, {"name", r.name}, {"acronym", r.acronym}, {"donor", text_json(r.donor)}, {"donor_id", text_json(r.donor_id)},
                    {"implementer", text_json(r.implementer)}, {"implementer_id", text_json(r.implementer_id)},
                    {"revised_on", date_json(r.revised_on)}, {"source", r.source}};
    j["as_of"] = format_date(r.as_of);
    j["grants"] = r.grants.size();
    j["status"] = json::object();
    for (const auto& c : r.status) j["status"][to_string(c.status)] = c.grants;
    j["phases"] = json::array();
    for (const auto& ph : r.phases)
        j["phases"].push_back({{"number", ph.number}, {"name", ph.name}, {"grants", ph.grants.size()}, {"grant_ids", ph.grants},
                               {"first", date_json(ph.first)}, {"last", date_json(ph.last)}});
    j["grant_list"] = json::array();
    for (const auto& g : r.grants)
        j["grant_list"].push_back({{"id", g.id}, {"phase", g.phase}, {"title", g.title},
                                   {"planned_start", g.planned ? json(format_date(g.planned->first())) : json()},
                                   {"planned_end", g.planned ? json(format_date(g.planned->last())) : json()},
                                   {"status", to_string(g.status)}, {"grantee_id", text_json(g.grantee_id)},
                                   {"grantee", g.grantee_id.empty() ? json() : json(g.grantee)}, {"closed_early_on", date_json(g.closed_early_on)}});
    j["grantees"] = json::array();
    for (const auto& g : r.grantees)
        j["grantees"].push_back({{"id", text_json(g.id)}, {"name", g.id.empty() ? json() : json(g.name)}, {"grants", g.grants}});
    auto cov = [](const report::coverage_view& c) {
        json rows = json::array();
        for (const auto& a : c.areas)
            rows.push_back({{"name", a.name}, {"grants", a.grants.size()}, {"grant_ids", a.grants}, {"grant_months", std::round(a.grant_months * 100) / 100}});
        return json{{"areas", rows}, {"nationwide", c.nationwide}, {"above_level", c.above_level}, {"uncovered", c.uncovered}};
    };
    j["coverage"] = {{"qark", cov(r.qark)}, {"district", cov(r.district)}};
    j["timeline"] = json::array();
    for (const auto& m : r.timeline) {
        char ym[32];
        std::snprintf(ym, sizeof ym, "%04d-%02u", static_cast<int>(m.first.year()), static_cast<unsigned>(m.first.month()));
        j["timeline"].push_back({{"month", ym}, {"active", m.active.size()}, {"grant_ids", m.active}});
    }
    const auto& d = r.durations;
    j["durations"] = {{"grants", d.count}, {"min_days", d.min_days}, {"max_days", d.max_days}, {"mean_days", std::round(d.mean_days * 10) / 10},
                      {"median_days", d.median_days}, {"mean_months", std::round(d.mean_months * 100) / 100}};
    j["totals"] = json::array();
    for (const auto& m : r.totals) j["totals"].push_back(money_json(m));
    json sums = json::array();
    for (const auto& m : r.awards.totals) sums.push_back(money_json(m));
    j["awards"] = {{"totals", sums}, {"grants_with_award", r.awards.known}, {"grants_without", r.awards.unknown}};
    if (r.converted) {
        json parts = json::array();
        for (const auto& c : r.converted->parts) {
            json rs = json::array();
            for (const auto& leg : c.quote.legs)
                rs.push_back({{"rate", leg.rate.value().to_string()}, {"base", std::string(leg.rate.base().code())},
                              {"quote", std::string(leg.rate.quote().code())}, {"inverted", leg.inverted}, {"source", leg.rate.source()}});
            parts.push_back({{"from", money_json(c.from)}, {"amount", c.result.amount().to_string()}, {"method", to_string(c.quote.method)}, {"rates", rs}});
        }
        j["converted"] = {{"currency", std::string(r.target.code())}, {"on", format_date(r.as_of)}, {"missing", "last-known"}, {"parts", parts}};
    } else if (!r.conversion_error.empty()) {
        j["converted"] = {{"error", r.conversion_error}};
    }
    if (r.implied_rate) {
        const auto& i = *r.implied_rate;
        json refs = json::array();
        for (const auto& ref : i.references) {
            json sources = json::array();
            for (const auto& leg : ref.quote.legs) sources.push_back(leg.rate.source());
            refs.push_back({{"year", ref.year}, {"on", format_date(ref.quote.on)}, {"rate", ref.quote.factor.to_string()},
                            {"method", to_string(ref.quote.method)}, {"sources", sources}});
        }
        j["implied_rate"] = {{"base", std::string(i.base.code())}, {"quote", std::string(i.quote.code())}, {"rate", i.rate.to_string()},
                             {"rate_table", refs}};
    }
    j["spending"] = json::array();
    for (const auto& s : r.spending) {
        if (!s.burn) {
            j["spending"].push_back({{"grant", s.id}, {"error", s.why_not}});
            continue;
        }
        const auto& b = *s.burn;
        j["spending"].push_back({{"grant", s.id}, {"award", money_json(b.award)}, {"spent", money_json(b.spent)},
                                 {"spent_share", b.spent_share.to_string()}, {"time_share", b.time_share.to_string()}, {"gap", b.gap.to_string()}});
    }
    return j;
}

struct report_options {
    source_options source;
    std::string as_of, lang = "en", currency = "USD", format = "text", rates;
};

int run_report(const report_options& o, io_streams io) {
    loaded src = load_source(o.source, io.err);
    const program& p = src.program;
    const date as_of = !o.as_of.empty() ? parse_date(o.as_of)
                       : p.revised_on  ? *p.revised_on
                                       : date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    rate_table loaded_rates;
    const report r = make_report(p, as_of, o.lang, rates_for(o.rates, loaded_rates), currency(o.currency));
    if (o.format == "json") io.out << render_json(r).dump(2) << '\n';
    else render_text(r, o.lang == "sq" ? sq : en, io.out);
    return 0;
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

}  // namespace grantfolio::cli
