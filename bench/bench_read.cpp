// Reads one IATI file (io::read_iati) or 360Giving JSON package (io::read_360giving, when the file
// starts with "{") and prints what bench_iati.py and bench_giving360.py compare with their
// baselines: seconds (reading the text into a tree and building the programme, best of `runs`),
// grants, transactions, diagnostics, and peak resident memory. Usage: grantfolio_bench_read FILE [runs]
#include <grantfolio/io/archive.hpp>
#include <grantfolio/io/giving360.hpp>
#include <grantfolio/io/iati.hpp>

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
    grantfolio::io::reader_limits limits;
    limits.max_bytes = std::size_t(8) << 30;
    limits.max_records = 10'000'000;
    limits.max_memory = std::size_t(20) << 30;  // below the machine's 24 GiB
    const bool giving360 = text.find_first_not_of(" \t\r\n") != std::string::npos && text[text.find_first_not_of(" \t\r\n")] == '{';
    grantfolio::io::iati_options iati;
    iati.limits = limits;
    grantfolio::io::giving360_options g360;
    g360.limits = limits;
    double best = 1e30;
    std::size_t grants = 0, transactions = 0, diagnostics = 0;
    for (int run = 0; run < runs; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = giving360 ? grantfolio::io::read_360giving(text, argv[1], g360) : grantfolio::io::read_iati(text, argv[1], iati);
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
