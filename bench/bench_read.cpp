// Reads one IATI file or 360Giving JSON package as `grantfolio` and Python's grantfolio.read do
// (io::read_program: the file mapped, its format told from its content, read by that reader) and
// prints what bench_iati.py and bench_giving360.py compare with their baselines: seconds (from the
// file to the programme, best of `runs`), grants, transactions, diagnostics, and peak resident
// memory (the file's pages count while they are mapped and resident). Usage: grantfolio_bench_read FILE [runs]
#include <grantfolio/io/source.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [runs]\n", argv[0]);
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
    grantfolio::io::read_options options;
    options.limits.max_bytes = std::size_t(8) << 30;
    options.limits.max_records = 10'000'000;
    options.limits.max_memory = std::size_t(20) << 30;  // below the machine's 24 GiB
    double best = 1e30;
    std::size_t grants = 0, transactions = 0, diagnostics = 0;
    for (int run = 0; run < runs; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = grantfolio::io::read_program(argv[1], options);
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        grants = r.program.grants().size();
        transactions = r.program.transactions().size();
        diagnostics = r.diagnostics.size();
    }
    const auto bytes = std::filesystem::file_size(argv[1]);
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    std::printf("{\"seconds\": %.6f, \"bytes\": %zu, \"grants\": %zu, \"transactions\": %zu, \"diagnostics\": %zu, \"peak_kib\": %ld}\n",
                best, static_cast<std::size_t>(bytes), grants, transactions, diagnostics, u.ru_maxrss);
    return 0;
}
