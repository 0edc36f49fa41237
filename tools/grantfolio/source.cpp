#include "source.hpp"

#include <ostream>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/listing.hpp"
#include "grantfolio/io/rates.hpp"

namespace grantfolio::cli {

void add_source_options(CLI::App* cmd, source_options& o, const std::string& strict_also) {
    std::string formats;
    for (const auto f : io::source_formats) formats += (formats.empty() ? "" : ", ") + std::string(io::describe(f));
    cmd->add_option("SOURCE", o.path,
                    "What to read: " + formats +
                        "; recognised by content (docs/formats.md); default: the embedded CAAHT programme");
    cmd->add_flag("--strict", o.strict,
                  "Exit 1 (nothing done) when reading the source reported errors or warnings: values not kept, changed or "
                  "guessed" + (strict_also.empty() ? std::string() : "; " + strict_also));
    cmd->add_option("--listing-profile", o.listing_profile,
                    "How a listing SOURCE is written: a listing profile (JSON: its labels, month names and other words, its "
                    "totals, donor, country, gazetteer and known organisations; docs/formats.md); default: CAAHT's "
                    "(data/programs/caaht-2006/listing-profile.json)")
        ->check(CLI::ExistingFile);
}

loaded load_source(const source_options& o) {
    if (o.path.empty()) return {datasets::caaht_2006(), datasets::caaht_2006_diagnostics(), "embedded"};
    io::read_options options;
    io::listing_profile own;
    if (!o.listing_profile.empty()) own = io::read_listing_profile_file(o.listing_profile);
    options.listing = o.listing_profile.empty() ? &datasets::caaht_2006_profile() : &own;
    return io::read_program(o.path, options);
}

const rate_table& rates_for(const std::string& path, rate_table& storage) {
    if (path.empty()) return io::imf_annual();
    storage = io::read_rates_file(path);
    return storage;
}

loaded load_source(const source_options& o, std::ostream& err) {
    loaded src = load_source(o);
    const auto summary = io::summarize(src);
    if (summary.text.empty()) return src;
    const std::string name = o.path.empty() ? std::string("the embedded programme") : o.path;
    const std::string first = to_string(*summary.first);
    const bool located = !summary.first->where.file.empty();
    const std::string line = name + ": " + summary.text + (located ? "; first at " : "; first: ") + first + "; 'grantfolio validate" +
                             (o.path.empty() ? std::string() : " " + o.path) + "' lists them all";
    if (o.strict) throw error(line + "; nothing done (--strict)");
    err << "grantfolio: warning: " << line << '\n';
    return src;
}

}  // namespace grantfolio::cli
