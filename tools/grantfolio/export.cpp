// grantfolio export: the programme in another format, saying what that format's schema will miss.
#include <algorithm>
#include <ostream>

#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/iati.hpp"
#include "checks.hpp"
#include "commands.hpp"
#include "source.hpp"
#include "output.hpp"

namespace grantfolio::cli {

namespace {

struct export_options {
    source_options source;
    std::string format, output;
    bool no_descriptions = false;
    write_settings settings;
};

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
    if (!o.settings.org_id.empty() && o.format != "iati") throw invalid_argument("--org-id is for --format iati (360giving takes --prefix)");
    if (!o.settings.sectors.empty() && o.format != "iati") throw invalid_argument("--sector is for --format iati");
    if (!o.settings.prefix.empty() && o.format != "360giving") throw invalid_argument("--prefix is for --format 360giving (iati takes --org-id)");
    loaded src = load_source(o.source, io.err);
    for (const std::string& said : {export_gaps(src.program, o.format), export_losses(src.program, o.format)}) {
        if (said.empty()) continue;
        if (o.source.strict) throw error(said + "; nothing written (--strict)");
        io.err << "grantfolio: warning: " << said << '\n';
    }
    write_settings settings = o.settings;
    settings.descriptions = !o.no_descriptions;
    write_program(src.program, o.format, o.output, io, settings);
    return 0;
}

}  // namespace

std::function<int(io_streams)> add_export(CLI::App& app) {
    auto o = std::make_shared<export_options>();
    auto* cmd = app.add_subcommand("export", "Write the programme as JSON (docs/formats.md) or CSV");
    add_source_options(cmd, o->source,
                       "with --format 360giving or iati, also when grants lack what that schema requires (without "
                       "--strict they are counted on stderr and the file is written with them empty or left out)");
    cmd->add_option("--org-id", o->settings.org_id,
                    "iati: the reporting organisation's identifier (e.g. US-GOV-1): activities that do not say who "
                    "published them are reported under it, their identifiers prefixed with it (the programme's own "
                    "kept as other-identifier A1)");
    cmd->add_option("--sector", o->settings.sectors,
                    "iati: a sector (OECD DAC 5-digit code, e.g. 15180, or CODE:PERCENT, repeated for several) for "
                    "activities that state none, as the publisher codes them (IATI's rules want one on every activity)");
    cmd->add_option("--prefix", o->settings.prefix,
                    "360giving: the publisher's 360Giving prefix (e.g. 360G-caaht) for grant ids and for organisation "
                    "ids that are not registered identifiers");
    cmd->add_option("--generated-at", o->settings.generated_at,
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

}  // namespace grantfolio::cli
