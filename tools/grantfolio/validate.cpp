// grantfolio validate: every problem with its severity and location; exit 1 on errors.
#include <nlohmann/json.hpp>
#include <ostream>

#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/validate.hpp"
#include "checks.hpp"
#include "commands.hpp"
#include "source.hpp"

namespace grantfolio::cli {

namespace {

using json = nlohmann::ordered_json;

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
        for (const auto& d : all) {
            json one{{"severity", to_string(d.level)}, {"file", d.where.file}, {"line", d.where.line},
                     {"column", d.where.column}, {"field", d.where.field}, {"subject", clip_value(d.subject)}, {"message", d.message}};
            if (d.outcome.effect != effect::none) one["effect"] = to_string(d.outcome.effect), one["element"] = d.outcome.element;
            j.push_back(std::move(one));
        }
        io.out << json{{"source", src.program.source}, {"grants", src.program.grants().size()}, {"errors", counts[2]},
                       {"warnings", counts[1]}, {"infos", counts[0]}, {"reading", io::summarize(src).text}, {"problems", j}}.dump(2) << '\n';
    } else {
        for (const auto& d : all) io.out << to_string(d) << '\n';
        if (const auto cost = io::summarize(src); !cost.text.empty()) io.out << "reading: " << cost.text << '\n';
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
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    return [o](io_streams io) { return run_validate(*o, io); };
}

}  // namespace grantfolio::cli
