// grantfolio merge: several sources as one portfolio, each activity once.
#include <ostream>

#include "grantfolio/merge.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "source.hpp"

namespace grantfolio::cli {

namespace {

struct merge_options {
    std::vector<std::string> paths;
    source_options source;  ///< strictness and listing profile, for every source
    std::string format = "binary", output, id = "portfolio";
};

int run_merge(const merge_options& o, io_streams io) {
    std::vector<program> parts;
    for (const auto& path : o.paths) {
        source_options one = o.source;
        one.path = path;
        parts.push_back(load_source(one, io.err).program);
    }
    merge_result m = merge(parts, o.id);
    // The first findings on stderr (a dump merged with its next snapshot may have one per
    // activity), then one line that counts them.
    constexpr std::size_t shown = 20;
    std::size_t conflicting = 0;
    for (std::size_t k = 0; k < m.diagnostics.size() && k < shown; ++k) io.err << "grantfolio: " << to_string(m.diagnostics[k]) << '\n';
    if (m.diagnostics.size() > shown) io.err << "grantfolio: ... " << m.diagnostics.size() - shown << " more like these not shown\n";
    for (const auto& d : m.duplicates) conflicting += d.identical ? 0 : 1;
    if (o.source.strict && conflicting)
        throw error(std::to_string(conflicting) + " activities published twice with different content; nothing written (--strict)");
    write_program(m.program, o.format, o.output, io);
    io.err << "grantfolio: merged " << o.paths.size() << " sources: " << m.program.grants().size() << " grants, "
           << m.duplicates.size() << " published twice (" << conflicting << " differently)\n";
    return 0;
}

}  // namespace

std::function<int(io_streams)> add_merge(CLI::App& app) {
    auto o = std::make_shared<merge_options>();
    auto* cmd = app.add_subcommand("merge",
                                   "Combine sources (IATI files, 360Giving packages, listings, archives) into one portfolio: each "
                                   "activity once (the same identifier twice: the copy with the later last-updated-datetime, else "
                                   "the later source's, each said on stderr with both places)");
    cmd->add_option("SOURCES", o->paths, "Two or more sources, oldest first")->required()->expected(2, -1);
    cmd->add_option("-o,--output", o->output, "File to write, atomically (- : standard output)")->required();
    cmd->add_option("--format", o->format, "binary (default), xml, text, json, csv, iati or 360giving")
        ->check(CLI::IsMember({"json", "csv", "iati", "360giving", "xml", "text", "binary"}));
    cmd->add_option("--id", o->id, "The portfolio's id (default: portfolio)");
    cmd->add_flag("--strict", o->source.strict,
                  "Exit 1 with nothing written when reading any source reported errors or warnings, or when an activity is "
                  "published twice with different content");
    cmd->add_option("--listing-profile", o->source.listing_profile, "How listing sources are written; default: CAAHT's")
        ->check(CLI::ExistingFile);
    return [o](io_streams io) { return run_merge(*o, io); };
}

}  // namespace grantfolio::cli
