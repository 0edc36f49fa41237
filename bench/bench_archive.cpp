// Binary archive save and load of a programme of 1,000,000 generated grants with 10,000,000
// transactions, against pandas to_pickle / read_pickle of the equivalent frames: the grants table
// and a transactions table holding the same columns (bench/pickle_baseline.py, run in the same
// process tree). Goal: faster than pickle. Sizes in MB (10^6 bytes); best of 3.
// Usage: grantfolio_bench_archive [grants] [transactions]
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
    std::size_t transactions = argc > 2 ? std::stoul(argv[2]) : 10000000;
    std::string script = GRANTFOLIO_SOURCE_DIR "/bench/pickle_baseline.py";
    auto dir = std::filesystem::temp_directory_path() / "grantfolio-bench-archive";
    std::filesystem::create_directories(dir);
    auto t0 = clock_type::now();
    program p = synthetic::generate({grants, transactions, 42, 0, 0});
    std::printf("generated %zu grants and %zu transactions in %.1f s\n", p.grants().size(), p.transactions().size(),
                seconds_since(t0));
    auto archive = dir / "grants.bin";
    double save = 1e30, load = 1e30;
    for (int run = 0; run < 3; ++run) {
        t0 = clock_type::now();
        io::save_archive(p, archive, io::archive_format::binary);
        save = std::min(save, seconds_since(t0));
        t0 = clock_type::now();
        program back = io::load_archive(archive);
        load = std::min(load, seconds_since(t0));
        if (back.grants().size() != p.grants().size() || back.transactions().size() != p.transactions().size()) return 1;
    }
    double mb = static_cast<double>(std::filesystem::file_size(archive)) / 1e6;
    auto csv = dir / "grants.csv";
    {
        std::ofstream out(csv, std::ios::binary);
        io::write_csv(out, p);
    }
    // The transactions' columns as raw arrays, and their notes, for the baseline to build its frame from.
    const auto& tx = p.transactions().data();
    auto raw = [&](const char* name, const auto& v) {
        std::ofstream out(dir / name, std::ios::binary);
        out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(v[0])));
    };
    raw("grant.u4", tx.grant);
    raw("day.i4", tx.day);
    raw("coefficient.i8", tx.coefficient);
    raw("scale.i1", tx.scale);
    raw("currency.u2", tx.currency);
    raw("kind.u1", tx.kind);
    {
        std::ofstream out(dir / "notes.csv", std::ios::binary);
        out << "row,note\n";
        for (auto r : tx.note_row) out << r << ",\"" << p.transactions().note(r) << "\"\n";
    }
    std::string command = "/usr/bin/python3 " + script + " " + csv.string() + " " + dir.string();
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
