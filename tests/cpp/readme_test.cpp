// The README's C++ block, compiled and run as written (tests/CMakeLists.txt cuts it out of README.md
// into readme_includes.inc and readme_block.inc at configure time), then what its comments say is
// checked. The block reads the CAAHT listing by its file name: the test runs in the folder that holds
// it, and writes nothing.
#define BOOST_TEST_MODULE readme
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "readme_includes.inc"

BOOST_AUTO_TEST_CASE(the_readme_cpp_block_runs_and_its_comments_hold) {
    std::filesystem::current_path(GRANTFOLIO_SHARED_DATA "/listings");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-value"
#pragma GCC diagnostic ignored "-Wunused-result"
#include "readme_block.inc"
#pragma GCC diagnostic pop
    BOOST_TEST(caaht.grants().size() == 24u);
    BOOST_TEST(caaht.phases().size() == 3u);
    BOOST_TEST(query::active_on(caaht, parse_date("2006-01-15")).size() == 21u);
    BOOST_TEST(query::coverage_by(caaht, place_level::district).uncovered.size() == 9u);
    BOOST_TEST(r.program.grants().size() == 24u);
    BOOST_TEST(io::summarize(r).text == "");
    BOOST_TEST(c.result.to_string() == "205783998.27 ALL");
    BOOST_TEST((c.quote.method == conversion_method::direct));
    BOOST_TEST(c.quote.legs[0].rate.source().rfind("IMF annual average 2006, Albania (AL), imf-", 0) == 0);
    auto shares = total.allocate({1, 1, 1});
    BOOST_TEST((shares[0] + shares[1] + shares[2] == total));
}
