// grantfolio — the command-line front end. Errors go to stderr: exit 1 for bad data, 2 for bad usage.
#include <exception>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "grantfolio/error.hpp"

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
        std::cerr << "grantfolio: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "grantfolio: internal error: " << e.what() << '\n';
        return 1;
    }
    return 2;
}
