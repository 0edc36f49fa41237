// grantfolio metrics: monitoring figures in the Prometheus text format.
#include <chrono>
#include <ostream>

#include "grantfolio/metrics.hpp"
#include "checks.hpp"
#include "commands.hpp"
#include "source.hpp"

namespace grantfolio::cli {

namespace {

struct metrics_options {
    source_options source, since;  ///< since: the snapshot to count changes from (its path only)
    std::string as_of, rates;
};

int run_metrics(const metrics_options& o, io_streams io) {
    loaded src = load_source(o.source, io.err);
    date as_of = !o.as_of.empty() ? parse_date(o.as_of)
                                  : date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    rate_table loaded_rates;
    const rate_table& rates = rates_for(o.rates, loaded_rates);
    auto families = metrics::collect(src.program, as_of, &rates);
    if (!o.since.path.empty()) {
        source_options since = o.since;
        since.listing_profile = o.source.listing_profile;
        families.push_back(metrics::changes(diff(load_source(since, io.err).program, src.program), src.program.id));
    }
    io.out << metrics::to_prometheus(families);
    return 0;
}

}  // namespace

std::function<int(io_streams)> add_metrics(CLI::App& app) {
    auto o = std::make_shared<metrics_options>();
    auto* cmd = app.add_subcommand("metrics", "Monitoring figures in the Prometheus text format");
    add_source_options(cmd, o->source);
    cmd->add_option("--as-of", o->as_of, "Date of the figures; default: today (UTC)")->check(iso_date_check());
    cmd->add_option("--rates", o->rates, "Rates for spending in another currency than the award's; default: the embedded IMF table");
    cmd->add_option("--since", o->since.path,
                    "An earlier snapshot of the same programme (any source): adds grantfolio_changes_since_snapshot, the "
                    "differences `grantfolio diff SNAPSHOT SOURCE` lists, by kind");
    return [o](io_streams io) { return run_metrics(*o, io); };
}

}  // namespace grantfolio::cli
