#include "grantfolio/io/source.hpp"

#include <fstream>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/io/listing.hpp"

namespace grantfolio::io {

read_result read_program(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::string head(512, '\0');
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw error("cannot open '" + name + "' for reading");
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
    }
    if (auto format = detect_archive(head)) return {load_archive(path), {}, std::string("archive (") + to_string(*format) + ")"};
    std::string text = read_file(path);
    if (looks_like_iati(text)) {
        auto r = read_iati(text, name);
        return {std::move(r.program), std::move(r.diagnostics), "iati"};
    }
    if (looks_like_360giving(text)) {
        auto r = read_360giving(text, name);
        return {std::move(r.program), std::move(r.diagnostics), "360giving"};
    }
    if (looks_like_json(text)) return {read_json(text, name), {}, "json"};
    if (looks_like_360giving_csv(text)) {
        auto r = read_360giving_csv(text, name);
        return {std::move(r.program), std::move(r.diagnostics), "360giving-csv"};
    }
    if (looks_like_listing(text)) {
        listing_options o;
        o.known_organizations = datasets::caaht_2006_organizations();
        auto r = read_listing(text, name, datasets::albania_gazetteer(), o);
        return {std::move(r.program), std::move(r.diagnostics), "listing"};
    }
    throw parse_error("not a grantfolio source: neither a listing (no 'Titulli i Projektit:' or 'Project Title:' "
                      "label), nor a grantfolio JSON programme, nor IATI activity XML, nor a 360Giving package (JSON or CSV), nor an XML, "
                      "text or binary archive",
                      parse_error::location{name, 1, 1, {}});
}

}  // namespace grantfolio::io
