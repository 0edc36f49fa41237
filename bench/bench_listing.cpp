// Reading listings of growing size: the CAAHT listing's grant records repeated to 10,000 grants.
// Goal: 10,000 grants in under 1 s, time growing linearly. Baseline, measured in the same run: only
// splitting the same text into lines (std::getline), the floor of any line-oriented reader.
#include <grantfolio/datasets.hpp>
#include <grantfolio/io/listing.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>

using namespace grantfolio;
using clock_type = std::chrono::steady_clock;

int main() {
    std::string listing(datasets::caaht_2006_listing());
    auto body_at = listing.find("Grantmarrësit e KVKTNj - Faza 1");
    std::string intro = listing.substr(0, body_at), body = listing.substr(body_at);
    const auto& profile = datasets::caaht_2006_profile();
    io::listing_options options;
    std::printf("%8s %10s %12s %12s %14s %8s\n", "grants", "bytes", "split (ms)", "read (ms)", "us per grant", "MB/s");
    double per_grant_small = 0;
    for (int copies : {1, 10, 100, 417}) {
        std::string text = intro;
        for (int c = 0; c < copies; ++c) text += body;
        double split = 1e30, read = 1e30;
        std::size_t grants = 0;
        for (int run = 0; run < 3; ++run) {
            auto t0 = clock_type::now();
            std::istringstream in(text);
            std::size_t lines = 0;
            for (std::string l; std::getline(in, l);) lines += l.size() > 0;
            auto t1 = clock_type::now();
            auto r = io::read_listing(text, "bench.txt", profile, options);
            auto t2 = clock_type::now();
            grants = r.program.grants().size() + (lines == 0);
            split = std::min(split, std::chrono::duration<double>(t1 - t0).count());
            read = std::min(read, std::chrono::duration<double>(t2 - t1).count());
        }
        double per = read * 1e6 / static_cast<double>(grants);
        if (copies == 1) per_grant_small = per;
        std::printf("%8zu %10zu %12.2f %12.2f %14.1f %8.1f   (%.0fx the split; %.2fx the per-grant time of 24 grants)%s\n",
                    grants, text.size(), split * 1e3, read * 1e3, per, static_cast<double>(text.size()) / 1e6 / read,
                    read / split, per / per_grant_small,
                    grants >= 10000 ? (read < 1.0 ? "  goal < 1 s: met" : "  goal < 1 s: NOT met") : "");
    }
    return 0;
}
