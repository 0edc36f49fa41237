#include "output.hpp"

#include <ostream>
#include <string_view>

#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/csv.hpp"
#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/json.hpp"

namespace grantfolio::cli {

io::iati_write_options iati_options_of(const write_settings& settings) {
    io::iati_write_options o;
    o.generated_datetime = settings.generated_at;
    o.org_id = settings.org_id;
    for (const auto& s : settings.sectors) {
        const auto colon = s.find(':');
        classification c{s.substr(0, colon), "1", "", std::nullopt};
        if (colon != std::string::npos) {
            try {
                c.percentage = decimal::parse(s.substr(colon + 1));
            } catch (const error&) {
                throw invalid_argument("--sector " + quote_value(s) + ": the percentage after ':' is not a number");
            }
        }
        o.sectors.push_back(std::move(c));
    }
    return o;
}

void write_program(const program& p, const std::string& format, const std::string& output, io_streams io,
                   const write_settings& settings) {
    auto write = [&](std::ostream& out) {
        if (format == "json") {
            io::json_options jo;
            jo.descriptions = settings.descriptions;
            io::write_json(out, p, jo);
        } else if (format == "csv") {
            io::write_csv(out, p);
        } else if (format == "iati") {
            io::write_iati(out, p, iati_options_of(settings));
        } else if (format == "360giving") {
            io::write_360giving(out, p, io::giving360_write_options{settings.prefix});
        } else {
            std::string bytes = io::to_archive(p, io::parse_archive_format(format));
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        }
    };
    if (output.empty() || output == "-") {
        if (format == "binary" && output.empty()) throw invalid_argument("a binary archive needs -o FILE (or -o - for standard output)");
        write(io.out);
        return;
    }
    try {
        io::write_file_atomically(output, write);
    } catch (const error& e) {
        if (std::string_view(e.what()).find("will not replace") == std::string_view::npos) throw;
        throw error(std::string(e.what()) + " (-o - writes to standard output)");
    }
}

}  // namespace grantfolio::cli
