// grantfolio synth: a generated programme, the same for the same seed.
#include <cstdint>

#include "grantfolio/synthetic.hpp"
#include "checks.hpp"
#include "commands.hpp"
#include "source.hpp"
#include "output.hpp"

namespace grantfolio::cli {

namespace {

// What synth will make: past these it would need more memory than a workstation has, and
// fail late with std::bad_alloc instead of at once.
constexpr std::uint64_t synth_max_grants = 5'000'000, synth_max_transactions = 100'000'000;

struct synth_options {
    std::size_t grants = 100, transactions = 1000;
    std::uint64_t seed = 1;
    std::string output, format = "binary";
};

int run_synth(const synth_options& o, io_streams io) {
    program p = synthetic::generate({o.grants, o.transactions, o.seed, 0, 0});
    write_program(p, o.format, o.output, io);
    return 0;
}

}  // namespace

std::function<int(io_streams)> add_synth(CLI::App& app) {
    auto o = std::make_shared<synth_options>();
    auto* cmd = app.add_subcommand("synth", "Generate a realistic programme from a seed (for tests and benchmarks)");
    cmd->add_option("--grants", o->grants, "Number of grants (at most 5,000,000: a million take about 1.8 GB in memory)")
        ->check(whole_number_check(synth_max_grants));
    cmd->add_option("--transactions", o->transactions, "Number of transactions (at most 100,000,000: about 20 bytes each once stored)")
        ->check(whole_number_check(synth_max_transactions));
    cmd->add_option("--seed", o->seed, "Seed: the same seed gives the same programme everywhere")->check(whole_number_check());
    cmd->add_option("-o,--output", o->output, "File to write (atomically)")->required();
    cmd->add_option("--format", o->format, "binary (default), xml, text, json or csv")
        ->check(CLI::IsMember({"json", "csv", "xml", "text", "binary"}));
    return [o](io_streams io) { return run_synth(*o, io); };
}

}  // namespace grantfolio::cli
