// The grantfolio CLI: each command adds itself to the app and runs when chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>

namespace grantfolio::cli {

/// What a command writes to; tests run commands against string streams.
struct io_streams {
    std::ostream& out;
    std::ostream& err;
};

/// Registers `convert` on the app; the returned function runs it after parsing.
std::function<int(io_streams)> add_convert(CLI::App& app);
std::function<int(io_streams)> add_report(CLI::App& app);
std::function<int(io_streams)> add_export(CLI::App& app);
std::function<int(io_streams)> add_validate(CLI::App& app);
std::function<int(io_streams)> add_synth(CLI::App& app);
std::function<int(io_streams)> add_metrics(CLI::App& app);
std::function<int(io_streams)> add_totals(CLI::App& app);
std::function<int(io_streams)> add_diff(CLI::App& app);
std::function<int(io_streams)> add_merge(CLI::App& app);

}  // namespace grantfolio::cli
