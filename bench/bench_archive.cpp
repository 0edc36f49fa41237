// Binary archive save and load of a programme of 1,000,000 generated grants, against pandas
// to_pickle / read_pickle of the equivalent grants table (bench/pickle_baseline.py, run in the same
// process tree). Goal: at least as fast as pickle. Sizes in MB (10^6 bytes); best of 3.
#include <grantfolio/io/archive.hpp>
#include <grantfolio/io/json.hpp>
#include <grantfolio/synthetic.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

using namespace grantfolio;
using clock_type = std::chrono::steady_clock;

static double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

int main(int argc, char** argv) {
    std::size_t grants = argc > 1 ? std::stoul(argv[1]) : 1000000;
    std::string script = argc > 2 ? argv[2] : GRANTFOLIO_SOURCE_DIR "/bench/pickle_baseline.py";
    auto dir = std::filesystem::temp_directory_path() / "grantfolio-bench-archive";
    std::filesystem::create_directories(dir);
    auto t0 = clock_type::now();
    program p = synthetic::generate({grants, 0, 42, 0, 0});
    std::printf("generated %zu grants in %.1f s\n", p.grants().size(), seconds_since(t0));
    auto archive = dir / "grants.bin";
    double save = 1e30, load = 1e30;
    for (int run = 0; run < 3; ++run) {
        t0 = clock_type::now();
        io::save_archive(p, archive, io::archive_format::binary);
        save = std::min(save, seconds_since(t0));
        t0 = clock_type::now();
        program back = io::load_archive(archive);
        load = std::min(load, seconds_since(t0));
        if (back.grants().size() != p.grants().size()) return 1;
    }
    double mb = static_cast<double>(std::filesystem::file_size(archive)) / 1e6;
    auto csv = dir / "grants.csv";
    {
        std::ofstream out(csv, std::ios::binary);
        io::write_csv(out, p);
    }
    std::string command = "/usr/bin/python3 " + script + " " + csv.string();
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::array<char, 512> buf{};
    std::string line;
    while (pipe && std::fgets(buf.data(), buf.size(), pipe.get())) line += buf.data();
    double pk_bytes = 0, pk_save = 0, pk_load = 0;
    auto field = [&](const char* key) {
        auto at = line.find(std::string("\"") + key + "\": ");
        return at == std::string::npos ? 0.0 : std::stod(line.substr(at + std::string(key).size() + 4));
    };
    pk_bytes = field("bytes");
    pk_save = field("save_s");
    pk_load = field("load_s");
    std::printf("%-48s %10s %10s %10s %10s %10s\n", "", "MB", "save s", "load s", "save MB/s", "load MB/s");
    if (pk_save > 0)
        std::printf("%-48s %10.1f %10.2f %10.2f %10.0f %10.0f\n", "baseline: pandas to_pickle / read_pickle", pk_bytes / 1e6,
                    pk_save, pk_load, pk_bytes / 1e6 / pk_save, pk_bytes / 1e6 / pk_load);
    else
        std::printf("baseline unavailable: %s\n", line.c_str());
    std::printf("%-48s %10.1f %10.2f %10.2f %10.0f %10.0f\n", "grantfolio binary archive (save_archive / load)", mb, save,
                load, mb / save, mb / load);
    if (pk_save > 0)
        std::printf("ratio (pickle time / grantfolio time): save %.2fx, load %.2fx; goal >= 1: %s\n", pk_save / save,
                    pk_load / load, pk_save >= save && pk_load >= load ? "met" : "NOT met");
    std::filesystem::remove_all(dir);
    return 0;
}
