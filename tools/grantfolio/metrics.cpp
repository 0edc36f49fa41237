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

}  // namespace

std::function<int(io_streams)> add_metrics(CLI::App& app) {
    auto o = std::make_shared<metrics_options>();
    auto* cmd = app.add_subcommand("metrics", "Monitoring figures in the Prometheus text format");
    add_source_options(cmd, o->source);
    cmd->add_option("--as-of", o->as_of, "Date of the figures; default: today (UTC)")->check(iso_date_check());
    cmd->add_option("--rates", o->rates, "Rates for spending in another currency than the award's; default: the embedded IMF table");
    return [o](io_streams io) { return run_metrics(*o, io); };
}

}  // namespace grantfolio::cli
