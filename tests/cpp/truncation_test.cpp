#define BOOST_TEST_MODULE truncation
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/io/listing.hpp"
#include "grantfolio/io/rates.hpp"
#include "grantfolio/synthetic.hpp"
#include "archive_bytes.hpp"

// Every reader, given a valid file cut short at every byte offset of its first 4 KB and its last
// 4 KB, either reads what is there or throws a grantfolio error that says where: a parse_error with
// the file and a line or a field, or (archives) a message naming the archive. Never another
// exception, never a crash (the suite runs under ASan and UBSan in CI).
using namespace grantfolio;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot open " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string shared(const std::string& rel) { return slurp(std::string(GRANTFOLIO_SHARED_DATA) + "/" + rel); }

using testing::resealed;

struct outcome {
    std::size_t read = 0, refused = 0;
};

void every_cut(const std::string& what, const std::string& text, const std::function<void(std::string_view)>& read,
               bool archive = false) {
    outcome o;
    std::vector<std::size_t> cuts;
    for (std::size_t n = 0; n < std::min<std::size_t>(4096, text.size()); ++n) cuts.push_back(n);
    for (std::size_t n = text.size() > 4096 ? text.size() - 4096 : 4096; n < text.size(); ++n) cuts.push_back(n);
    for (std::size_t n : cuts) {
        const std::string cut = archive ? resealed(text.substr(0, n)) : text.substr(0, n);
        try {
            read(cut);
            ++o.read;
        } catch (const parse_error& e) {
            const auto& w = e.where();
            BOOST_REQUIRE_MESSAGE(w.file == what && (w.line > 0 || !w.field.empty() || n == 0 || archive),
                                  what << " cut at " << n << ": no location in '" << e.what() << "'");
            ++o.refused;
        } catch (const error& e) {
            BOOST_REQUIRE_MESSAGE(std::string(e.what()).find(what) != std::string::npos,
                                  what << " cut at " << n << ": the message does not name the file: " << e.what());
            ++o.refused;
        } catch (const std::exception& e) {
            BOOST_FAIL(what << " cut at " << n << ": not a grantfolio error: " << e.what());
        }
    }
    BOOST_TEST_MESSAGE(what << ": " << cuts.size() << " cuts, " << o.read << " read, " << o.refused << " refused");
    BOOST_TEST(o.refused > 0u);
}

}  // namespace

/// The first `bytes` of a text, to the end of a line: a shorter file of the same kind, so that the two
/// 4 KB ends are most of it and the test stays quick.
std::string head_lines(const std::string& text, std::size_t bytes) { return text.substr(0, text.rfind('\n', bytes) + 1); }

/// A small programme with every kind of value the archive and JSON forms hold (generated, seeded).
const program& small_program() {
    static const program p = synthetic::generate({4, 12, 7, 0, 0});
    return p;
}

BOOST_AUTO_TEST_CASE(listings) {
    every_cut("listing.txt", head_lines(shared("listings/caaht-grants-2006-05-10.sq.txt"), 12000),
              [](std::string_view t) { io::read_listing(t, "listing.txt", datasets::caaht_2006_profile()); });
}

BOOST_AUTO_TEST_CASE(grantfolio_json) {
    every_cut("small.json", io::to_json(small_program()), [](std::string_view t) { io::read_json(t, "small.json"); });
}

BOOST_AUTO_TEST_CASE(giving360_json_and_csv) {
    // The GrantNav test package's first 12 grants, as a package of their own.
    auto package = nlohmann::ordered_json::parse(shared("360giving/grantnav-test-mixed-currency.json"));
    package["grants"].erase(package["grants"].begin() + 12, package["grants"].end());
    every_cut("mixed.json", package.dump(1),
              [](std::string_view t) { io::read_360giving(t, "mixed.json"); });
    every_cut("sample.csv", slurp(std::string(GRANTFOLIO_SOURCE_DIR) + "/tests/cli/360giving-sample.csv"),
              [](std::string_view t) { io::read_360giving_csv(t, "sample.csv"); });
}

BOOST_AUTO_TEST_CASE(iati) {
    every_cut("example.xml", shared("iati/activity-standard-example-annotated-2.03.xml"),
              [](std::string_view t) { io::read_iati(t, "example.xml"); });
}

BOOST_AUTO_TEST_CASE(rates) {
    const std::string imf = std::string(io::imf_annual_csv().substr(0, 20000));
    every_cut("imf.csv", imf.substr(0, imf.rfind('\n') + 1), [](std::string_view t) {
        std::istringstream in{std::string(t)};
        io::read_imf_rates(in, "imf.csv");
    });
    every_cut("rates.csv", slurp(std::string(GRANTFOLIO_SOURCE_DIR) + "/tests/cli/rates-sample.csv"), [](std::string_view t) {
        std::istringstream in{std::string(t)};
        io::read_rates_csv(in, "rates.csv");
    });
}

BOOST_AUTO_TEST_CASE(archives) {
    for (auto f : {io::archive_format::xml, io::archive_format::text, io::archive_format::binary}) {
        const std::string name = std::string("small.") + io::to_string(f);
        const std::string bytes = io::to_archive(small_program(), f);
        every_cut(name, bytes, [&](std::string_view t) { io::from_archive(t, name); }, true);
        // Cut without the checksum made anew: the checksum line says so.
        every_cut(name, bytes, [&](std::string_view t) { io::from_archive(t, name); });
    }
}
