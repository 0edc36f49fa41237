// grantfolio diff: what changed between two revisions of a programme.
#include <ostream>

#include "grantfolio/diff.hpp"
#include "commands.hpp"
#include "source.hpp"

namespace grantfolio::cli {

namespace {

struct diff_options {
    source_options before, after;
    std::string format = "text";
};

int run_diff(const diff_options& o, io_streams io) {
    const loaded a = load_source(o.before, io.err), b = load_source(o.after, io.err);
    const program_diff d = diff(a.program, b.program);
    if (o.format == "json") io.out << diff_json(d) << '\n';
    else io.out << diff_text(d);
    return 0;
}

}  // namespace

std::function<int(io_streams)> add_diff(CLI::App& app) {
    auto o = std::make_shared<diff_options>();
    auto* cmd = app.add_subcommand("diff",
                                   "What changed from OLD to NEW (two revisions of a listing, two snapshots of an IATI file or "
                                   "360Giving package): grants added, removed and changed field by field, and the money per kind "
                                   "and currency; exit 0 whether or not they differ (the JSON's \"changes\" counts them)");
    cmd->add_option("OLD", o->before.path, "The earlier revision (any source the other commands read)")->required();
    cmd->add_option("NEW", o->after.path, "The later revision")->required();
    cmd->add_flag("--strict", [o](std::int64_t) { o->before.strict = o->after.strict = true; },
                  "Exit 1 (nothing compared) when reading either source reported errors or warnings");
    cmd->add_option_function<std::string>("--listing-profile", [o](const std::string& path) { o->before.listing_profile = o->after.listing_profile = path; },
                                          "How listing sources are written (as for the other commands); default: CAAHT's")
        ->check(CLI::ExistingFile);
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    return [o](io_streams io) { return run_diff(*o, io); };
}

}  // namespace grantfolio::cli
