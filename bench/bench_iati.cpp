// Reads one IATI file with io::read_iati and prints what bench_iati.py compares with its baseline:
// seconds (reading the tree and building the programme, best of `runs`), grants, transactions,
// diagnostics, and peak resident memory. Usage: grantfolio_bench_iati FILE [runs]
#include <grantfolio/io/iati.hpp>
#include <grantfolio/io/archive.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [runs]\n", argv[0]);
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
    const std::string text = grantfolio::io::read_file(argv[1]);
    grantfolio::io::iati_options options;
    options.limits.max_bytes = std::size_t(4) << 30;
    options.limits.max_records = 10'000'000;
    double best = 1e30;
    std::size_t grants = 0, transactions = 0, diagnostics = 0;
    for (int run = 0; run < runs; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = grantfolio::io::read_iati(text, argv[1], options);
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        grants = r.program.grants().size();
        transactions = r.program.transactions().size();
        diagnostics = r.diagnostics.size();
    }
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    std::printf("{\"seconds\": %.6f, \"bytes\": %zu, \"grants\": %zu, \"transactions\": %zu, \"diagnostics\": %zu, \"peak_kib\": %ld}\n",
                best, text.size(), grants, transactions, diagnostics, u.ru_maxrss);
    return 0;
}
