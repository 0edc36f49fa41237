// grantfolio/synthetic.hpp — a seeded generator of realistic programmes for tests and benchmarks.
//
// The same seed gives the same programme on every machine (the engine is std::mt19937_64, whose
// output the standard fixes, and no standard distribution is used). Grants have partners and sites
// from Albania's gazetteer, planned periods between 1995 and 2024, early closures and late starts,
// awards and transactions in several currencies with exact amounts, and Unicode titles.
//
//   auto p = grantfolio::synthetic::generate({.grants = 1000, .transactions = 10000, .seed = 7});
#pragma once

#include <cstdint>

#include "grantfolio/program.hpp"

namespace grantfolio::synthetic {

struct options {
    std::size_t grants = 100;
    std::size_t transactions = 1000;
    std::uint64_t seed = 1;
    /// 0: one phase per 50 grants, 1 to 12.
    int phases = 0;
    /// 0: one organisation per three grants, at least 5.
    std::size_t organizations = 0;
};

program generate(const options& o);

}  // namespace grantfolio::synthetic
