// grantfolio report: the programme for people (text, in English or Albanian) and for tools (JSON),
// both printed from one report value (grantfolio/report.hpp), so that they hold the same figures.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>  // environ

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "checks.hpp"
#include "commands.hpp"
#include "grantfolio/report.hpp"
#include "source.hpp"

namespace grantfolio::cli {

namespace {

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
    const char* countries;
    const char* regions;
    const char* unstated;
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
               .countries = "Recipient countries the grants state (grants)",
               .regions = "Recipient regions the grants state (grants)",
               .unstated = "grants stating none",
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
               .countries = "Vendet përfituese që deklarojnë grantet (grante)",
               .regions = "Rajonet përfituese që deklarojnë grantet (grante)",
               .unstated = "grante pa asnjë",
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
    auto stated_text = [&](const report::stated_view& s, const char* title) {
        if (s.rows.empty()) return;  // none stated, none printed
        out << '\n' << title << '\n';
        for (const auto& row : s.rows) out << "  " << pad(row.code, 18) << std::setw(3) << row.grants.size() << "   " << joined(row.grants) << '\n';
        if (s.unstated) out << "  " << w.unstated << ": " << s.unstated << '\n';
    };
    stated_text(r.countries, w.countries);
    stated_text(r.regions, w.regions);

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

struct report_options {
    source_options source;
    std::string as_of, lang = "en", currency = "USD", format = "text", rates, output;
};

// ---------------------------------------------------------------------------------------------
// The HTML view is drawn with matplotlib: Python's grantfolio.report writes it, from the same
// report value (grantfolio/report.hpp), and this command runs it.

/// The Python that has grantfolio: $GRANTFOLIO_PYTHON, else the one this build's module is for.
std::string python_interpreter() {
    if (const char* p = std::getenv("GRANTFOLIO_PYTHON"); p && *p) return p;
#ifdef GRANTFOLIO_PYTHON
    return GRANTFOLIO_PYTHON;
#else
    return "python3";
#endif
}

int run_html(const report_options& o, io_streams io) {
    if (o.output.empty()) throw invalid_argument("--format html writes one file: give it with -o FILE");
    std::vector<std::string> args{python_interpreter(), "-m", "grantfolio", "report", "--lang", o.lang, "--currency", o.currency,
                                  "-o", o.output};
    if (!o.source.path.empty()) args.push_back(o.source.path);
    if (!o.as_of.empty()) args.insert(args.end(), {"--as-of", o.as_of});
    if (!o.rates.empty()) args.insert(args.end(), {"--rates", o.rates});
    if (!o.source.listing_profile.empty()) args.insert(args.end(), {"--listing-profile", o.source.listing_profile});
    if (o.source.strict) args.push_back("--strict");
    // In a build tree the package is beside the programs (build/bin/grantfolio, build/python/grantfolio).
    std::string pythonpath;
    std::error_code ec;
    const auto beside = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path().parent_path() / "python";
    if (!ec && std::filesystem::exists(beside / "grantfolio" / "__init__.py", ec)) {
        pythonpath = "PYTHONPATH=" + beside.string();
        if (const char* old = std::getenv("PYTHONPATH"); old && *old) pythonpath += std::string(":") + old;
    }
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (pythonpath.empty() || std::string_view(*e).substr(0, 11) != "PYTHONPATH=") env.emplace_back(*e);
    if (!pythonpath.empty()) env.push_back(pythonpath);
    auto pointers = [](std::vector<std::string>& v) {
        std::vector<char*> out;
        for (auto& s : v) out.push_back(s.data());
        out.push_back(nullptr);
        return out;
    };
    auto argv = pointers(args), envp = pointers(env);
    io.out.flush();
    io.err.flush();
    pid_t pid = 0;
    if (const int rc = ::posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()); rc != 0)
        throw error("--format html runs " + args[0] + " -m grantfolio report, which could not start (" + std::strerror(rc) +
                    "): set GRANTFOLIO_PYTHON to a Python that has grantfolio and matplotlib");
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw error(std::string("waiting for the HTML report: ") + std::strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3) return 1;  // grantfolio.report.REFUSED: the input was refused, and it said why
    io.err << "grantfolio: " << args[0] << " -m grantfolio report failed; nothing written to " << o.output
           << " (set GRANTFOLIO_PYTHON to a Python that has grantfolio and matplotlib)\n";
    return 1;
}

int run_report(const report_options& o, io_streams io) {
    if (o.format == "html") return run_html(o, io);
    loaded src = load_source(o.source, io.err);
    const program& p = src.program;
    const date as_of = !o.as_of.empty() ? parse_date(o.as_of)
                       : p.revised_on  ? *p.revised_on
                                       : date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    rate_table loaded_rates;
    const report r = make_report(p, as_of, o.lang, rates_for(o.rates, loaded_rates), currency(o.currency));
    if (o.format == "json") io.out << report_json(r) << '\n';
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
    cmd->add_option("--format", o->format,
                    "text (default), json, or html: one self-contained HTML file with a map and charts, drawn by "
                    "grantfolio's Python package (matplotlib); needs -o")
        ->check(CLI::IsMember({"text", "json", "html"}));
    cmd->add_option("-o,--output", o->output, "The file --format html writes");
    return [o](io_streams io) { return run_report(*o, io); };
}

}  // namespace grantfolio::cli
