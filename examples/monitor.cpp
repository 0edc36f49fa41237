// An embedding monitor: re-reads a saved programme and prints its figures for a date in the
// Prometheus text format, as a node_exporter textfile collector expects.
//
//   example_monitor [ARCHIVE] [DATE]     (default: the embedded CAAHT programme, 2006-03-15)
//
// With no archive it saves CAAHT to a temporary archive first and reads that back, so the example
// always goes through the same path a monitoring tool takes. It checks its own answer: 17 grants of
// CAAHT were active on 15 March 2006.
#include <grantfolio/datasets.hpp>
#include <grantfolio/io/archive.hpp>
#include <grantfolio/metrics.hpp>

#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
    using namespace grantfolio;
    try {
        std::filesystem::path path;
        if (argc > 1) {
            path = argv[1];
        } else {
            path = std::filesystem::temp_directory_path() / "grantfolio-monitor-example.bin";
            io::save_archive(datasets::caaht_2006(), path, io::archive_format::binary);
        }
        const program p = io::load_archive(path);
        const date on = parse_date(argc > 2 ? argv[2] : "2006-03-15");
        auto families = metrics::collect(p, on);
        std::cout << metrics::to_prometheus(families);
        if (argc == 1) {
            std::filesystem::remove(path);
            return families.front().samples.front().value == "17" ? 0 : 1;
        }
        return 0;
    } catch (const error& e) {
        std::cerr << "monitor: " << e.what() << '\n';
        return 1;
    }
}
