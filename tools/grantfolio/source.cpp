#include "source.hpp"

#include <fstream>
#include <sstream>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/io/listing.hpp"

namespace grantfolio::cli {

loaded load_source(const std::string& path) {
    if (path.empty()) return {datasets::caaht_2006(), datasets::caaht_2006_diagnostics(), "embedded"};
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("cannot open '" + path + "' for reading");
    std::ostringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    if (auto format = io::detect_archive(std::string_view(text).substr(0, 512)))
        return {io::from_archive(text, path), {}, std::string("archive (") + io::to_string(*format) + ")"};
    if (io::looks_like_json(text)) return {io::read_json(text, path), {}, "json"};
    if (io::looks_like_listing(text)) {
        io::listing_options o;
        o.known_organizations = datasets::caaht_2006_organizations();
        auto r = io::read_listing(text, path, datasets::albania_gazetteer(), o);
        return {std::move(r.program), std::move(r.diagnostics), "listing"};
    }
    throw parse_error("not a grantfolio source: neither a listing (no 'Titulli i Projektit:' or 'Project Title:' "
                      "label), nor a grantfolio JSON programme, nor an XML, text or binary archive",
                      parse_error::location{path, 1, 1, {}});
}

}  // namespace grantfolio::cli
