// grantfolio — the command-line front end. Errors go to stderr: exit 1 for bad data, 2 for bad usage.
#include <exception>
#include <iostream>
#include <map>
#include <new>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "grantfolio/error.hpp"

namespace {

/// Messages quote at most ~80 bytes of a value (grantfolio::quote_value); this is the last guard,
/// so that no message, whatever built it, costs the terminal more than a screenful.
std::string clipped(std::string_view what) {
    constexpr std::size_t most = 2000;
    if (what.size() <= most) return std::string(what);
    return std::string(what.substr(0, grantfolio::detail::utf8_cut(what, most))) + "... (message cut: " + std::to_string(what.size()) + " bytes)";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"grantfolio: donor grant programmes, exact money and dated exchange rates"};
    app.set_version_flag("--version", "grantfolio " GRANTFOLIO_VERSION);
    app.require_subcommand(1);
    std::map<std::string, std::function<int(grantfolio::cli::io_streams)>> commands{
        {"convert", grantfolio::cli::add_convert(app)},
        {"report", grantfolio::cli::add_report(app)},
        {"export", grantfolio::cli::add_export(app)},
        {"validate", grantfolio::cli::add_validate(app)},
        {"synth", grantfolio::cli::add_synth(app)},
        {"metrics", grantfolio::cli::add_metrics(app)},
        {"totals", grantfolio::cli::add_totals(app)},
        {"diff", grantfolio::cli::add_diff(app)},
        {"merge", grantfolio::cli::add_merge(app)},
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }
    grantfolio::cli::io_streams io{std::cout, std::cerr};
    try {
        for (auto& [name, run] : commands)
            if (app.got_subcommand(name)) return run(io);
    } catch (const grantfolio::error& e) {
        std::cerr << "grantfolio: " << clipped(e.what()) << '\n';
        return 1;
    } catch (const std::bad_alloc&) {
        std::cerr << "grantfolio: out of memory (see docs/reliability.md for what each reader and command needs)\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "grantfolio: internal error: " << clipped(e.what()) << '\n';
        return 1;
    }
    return 2;
}
