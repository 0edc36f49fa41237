// grantfolio validate: every problem with its severity and location; exit 1 on errors.
#include <algorithm>

#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/giving360_rules.hpp"
#include "grantfolio/io/iati_rules.hpp"
#include "grantfolio/validate.hpp"
#include "checks.hpp"
#include "output.hpp"
#include "commands.hpp"
#include "source.hpp"

namespace grantfolio::cli {

namespace {

using json = nlohmann::ordered_json;

struct validate_options {
    source_options source;
    std::string format = "text", rates, iati_schema, rules;
    write_settings exported;  ///< --org-id, --sector, --prefix: the export that --rules checks
};

/// The findings of IATI's standard ruleset: on the file itself when it is IATI XML, else on the
/// programme's IATI export (as `export --format iati [--org-id]` writes it; lines are that export's).
std::vector<io::rule_finding> iati_rule_findings(const validate_options& o, const loaded& src) {
    if (src.kind == "iati") {
        if (!o.exported.org_id.empty() || !o.exported.sectors.empty())
            throw invalid_argument("an IATI file is checked as it is: --org-id and --sector are for the export of other sources");
        return io::iati_ruleset::standard().check(io::read_file(o.source.path), o.source.path);
    }
    std::string as = "(export --format iati";
    if (!o.exported.org_id.empty()) as += " --org-id " + o.exported.org_id;
    for (const auto& s : o.exported.sectors) as += " --sector " + s;
    return io::iati_ruleset::standard().check(io::to_iati(src.program, iati_options_of(o.exported)), as + ")");
}

/// 360Giving's quality checks: on the file itself when it is a 360Giving JSON package, else on the
/// programme's package (as `export --format 360giving [--prefix]` writes it), with what that package
/// lacks for the schema as warnings: the source states none of it (a listing gives no amounts).
std::vector<io::rule_finding> giving360_rule_findings(const validate_options& o, const loaded& src) {
    if (src.kind == "360giving") {
        if (!o.exported.prefix.empty()) throw invalid_argument("a 360Giving package is checked as it is: --prefix is for the package of other sources");
        return io::check_360giving(io::read_file(o.source.path), o.source.path);
    }
    const std::string as = "(export --format 360giving" + (o.exported.prefix.empty() ? "" : " --prefix " + o.exported.prefix) + ")";
    std::ostringstream package;
    io::write_360giving(package, src.program, io::giving360_write_options{o.exported.prefix});
    auto found = io::check_360giving(package.str(), as);
    for (const auto& gap : io::giving360_gaps(src.program)) {
        std::string fields;
        for (const auto& f : gap.fields) fields += (fields.empty() ? "" : ", ") + f;
        io::rule_finding f;
        f.rule = "schema";
        f.category = "validity";
        f.finding = diagnostic{severity::warning, parse_error::location{as, 0, 0, {}},
                               "lacks " + fields + ", which 360Giving's schema requires: the source states none, so the package "
                               "leaves them out and will not validate (rule schema)",
                               gap.grant, {}};
        found.push_back(std::move(f));
    }
    return found;
}

int run_validate(const validate_options& o, io_streams io) {
    loaded src = load_source(o.source);
    rate_table loaded_rates;
    const rate_table& rates = rates_for(o.rates, loaded_rates);
    std::vector<diagnostic> all = src.diagnostics;
    if (!o.iati_schema.empty() && src.kind == "iati")
        for (auto& d : io::validate_iati_schema(io::read_file(o.source.path), o.source.path, o.iati_schema)) all.push_back(std::move(d));
    for (auto& d : validate(src.program, &rates)) all.push_back(std::move(d));
    if ((!o.exported.org_id.empty() || !o.exported.sectors.empty()) && o.rules != "iati")
        throw invalid_argument("--org-id and --sector are for --rules iati (the export that is checked)");
    if (!o.exported.prefix.empty() && o.rules != "360giving") throw invalid_argument("--prefix is for --rules 360giving (the export that is checked)");
    std::vector<std::string> rule_of(all.size());
    std::vector<std::pair<std::string, std::string>> not_applied;
    if (o.rules == "iati") {
        for (auto& f : iati_rule_findings(o, src)) {
            rule_of.push_back(f.rule);
            all.push_back(std::move(f.finding));
        }
        not_applied = io::iati_ruleset::standard().not_applied();
    } else if (o.rules == "360giving") {
        for (auto& f : giving360_rule_findings(o, src)) {
            rule_of.push_back(f.rule);
            all.push_back(std::move(f.finding));
        }
        not_applied = io::giving360_checks_not_applied();
    }
    std::size_t counts[3] = {0, 0, 0};
    for (const auto& d : all) ++counts[static_cast<int>(d.level)];
    if (o.format == "json") {
        json j = json::array();
        for (std::size_t k = 0; k < all.size(); ++k) {
            const diagnostic& d = all[k];
            json one{{"severity", to_string(d.level)}, {"file", d.where.file}, {"line", d.where.line},
                     {"column", d.where.column}, {"field", d.where.field}, {"subject", clip_value(d.subject)}, {"message", d.message}};
            if (!rule_of[k].empty()) one["rule"] = rule_of[k];
            if (d.outcome.effect != effect::none) one["effect"] = to_string(d.outcome.effect), one["element"] = d.outcome.element;
            j.push_back(std::move(one));
        }
        json out{{"source", src.program.source}, {"grants", src.program.grants().size()}, {"errors", counts[2]},
                 {"warnings", counts[1]}, {"infos", counts[0]}, {"reading", io::summarize(src).text}, {"problems", j}};
        if (o.rules == "iati") {
            json skipped = json::array();
            for (const auto& [id, why] : not_applied) skipped.push_back({{"rule", id}, {"why", why}});
            out["rules"] = {{"ruleset", "IATI standard.json 2.03"}, {"not_applied", skipped}};
        } else if (o.rules == "360giving") {
            json skipped = json::array();
            for (const auto& [id, why] : not_applied) skipped.push_back({{"rule", id}, {"why", why}});
            out["rules"] = {{"ruleset", "360Giving Data Quality Tool checks"}, {"not_applied", skipped}};
        }
        io.out << out.dump(2) << '\n';
    } else {
        for (const auto& d : all) io.out << to_string(d) << '\n';
        if (const auto cost = io::summarize(src); !cost.text.empty()) io.out << "reading: " << cost.text << '\n';
        // One line per reason: "rules 1.14.8, 1.18.8: needs ...".
        std::vector<std::pair<std::string, std::string>> by_reason;
        for (const auto& [id, why] : not_applied) {
            auto it = std::find_if(by_reason.begin(), by_reason.end(), [&](const auto& r) { return r.second == why; });
            if (it == by_reason.end()) by_reason.emplace_back("rule " + id, why);
            else it->first = (it->first.rfind("rules ", 0) == 0 ? it->first : "rules " + it->first.substr(5)) + ", " + id;
        }
        for (const auto& [ids, why] : by_reason) io.out << ids << ": " << why << '\n';
        io.out << src.program.grants().size() << " grants: " << counts[2] << " errors, " << counts[1] << " warnings, "
               << counts[0] << " notes\n";
    }
    return counts[2] || (o.source.strict && counts[1]) ? 1 : 0;
}

}  // namespace

std::function<int(io_streams)> add_validate(CLI::App& app) {
    auto o = std::make_shared<validate_options>();
    auto* cmd = app.add_subcommand("validate", "Check a programme: each problem with its severity and location; exit 1 on errors");
    add_source_options(cmd, o->source, "for validate: exit 1 on warnings too, not only on errors");
    cmd->add_option("--rates", o->rates, "Rates file for checking stated totals; default: the embedded IMF table");
    cmd->add_option("--iati-schema", o->iati_schema,
                    "For IATI sources: the folder of the IATI 2.03 XSDs, to check the file against the schema too");
    cmd->add_option("--rules", o->rules,
                    "iati: IATI's standard ruleset (2.03) too, on an IATI file itself, else on the programme's IATI export; "
                    "360giving: 360Giving's data quality checks, on a package itself, else on the programme's package. "
                    "Each finding names its rule")
        ->check(CLI::IsMember({"iati", "360giving"}));
    cmd->add_option("--prefix", o->exported.prefix, "With --rules 360giving: check the package written with this 360Giving prefix (as export --prefix)");
    cmd->add_option("--org-id", o->exported.org_id, "With --rules iati: check the export made with this reporting organisation identifier (as export --org-id)");
    cmd->add_option("--sector", o->exported.sectors, "With --rules iati: check the export made with these sectors for activities that state none (as export --sector)");
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    return [o](io_streams io) { return run_validate(*o, io); };
}

}  // namespace grantfolio::cli
