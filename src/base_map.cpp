// Reading base maps: GeoJSON areas and outlines, CSV points, tied to a gazetteer's places.
#include "grantfolio/io/base_map.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "grantfolio/io/csv.hpp"

namespace grantfolio::io {

namespace {

using json = nlohmann::json;

parse_error map_error(const std::string& file, const std::string& what) {
    return parse_error(what, parse_error::location{file, 0, 0, {}});
}

json parse_geojson(std::string_view text, const std::string& file) {
    json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) throw map_error(file, "not JSON");
    if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" || !doc.contains("features") || !doc["features"].is_array())
        throw map_error(file, "not a GeoJSON FeatureCollection");
    return doc;
}

std::string feature_label(const json& f, std::size_t k) {
    std::string s = "feature " + std::to_string(k + 1);
    if (f.contains("properties") && f["properties"].is_object() && f["properties"].contains("name") && f["properties"]["name"].is_string())
        s += " ('" + f["properties"]["name"].get<std::string>() + "')";
    return s;
}

map_ring ring_of(const json& coords, const std::string& file, const std::string& where) {
    if (!coords.is_array() || coords.size() < 4) throw map_error(file, where + ": a ring needs at least four positions");
    map_ring ring;
    ring.reserve(coords.size());
    for (const auto& pos : coords) {
        if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number())
            throw map_error(file, where + ": a position is not [longitude, latitude]");
        const double lon = pos[0].get<double>(), lat = pos[1].get<double>();
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
            throw map_error(file, where + ": position [" + std::to_string(lon) + ", " + std::to_string(lat) + "] is out of range");
        ring.push_back({lon, lat});
    }
    if (!(ring.front() == ring.back())) throw map_error(file, where + ": a ring is not closed (its last position is not its first)");
    return ring;
}

/// The exterior rings of a feature's Polygon or MultiPolygon.
std::vector<map_ring> exteriors(const json& f, const std::string& file, const std::string& where) {
    if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object()) throw map_error(file, where + ": no geometry");
    const json& g = f["geometry"];
    const std::string type = g.value("type", "");
    if (!g.contains("coordinates") || !g["coordinates"].is_array()) throw map_error(file, where + ": no coordinates");
    std::vector<map_ring> out;
    auto polygon = [&](const json& rings) {
        if (!rings.is_array() || rings.empty()) throw map_error(file, where + ": a polygon without rings");
        out.push_back(ring_of(rings[0], file, where));
    };
    if (type == "Polygon") polygon(g["coordinates"]);
    else if (type == "MultiPolygon")
        for (const auto& p : g["coordinates"]) polygon(p);
    else throw map_error(file, where + ": geometry '" + type + "' is not a Polygon or MultiPolygon");
    return out;
}

bool named(const place& p, std::string_view name) {
    return p.name == name || std::find(p.aliases.begin(), p.aliases.end(), name) != p.aliases.end();
}

double coordinate(const std::string& text, double limit, const csv_reader& csv, const std::string& field) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !(std::fabs(v) <= limit))
        throw csv.error_at("'" + text + "' is not a " + field + " in degrees (-" + std::to_string(static_cast<int>(limit)) + " to " +
                               std::to_string(static_cast<int>(limit)) + ")",
                           field);
    return v;
}

}  // namespace

std::vector<base_map::area> read_map_areas(std::string_view geojson, const std::string& name, const gazetteer& places,
                                           place_level level) {
    const json doc = parse_geojson(geojson, name);
    const auto candidates = places.at_level(level);
    std::vector<base_map::area> out;
    const auto& features = doc["features"];
    for (std::size_t k = 0; k < features.size(); ++k) {
        const json& f = features[k];
        const std::string where = feature_label(f, k);
        const json props = f.is_object() && f.contains("properties") && f["properties"].is_object() ? f["properties"] : json::object();
        const std::string code = props.contains("iso_3166_2") && props["iso_3166_2"].is_string() ? props["iso_3166_2"].get<std::string>() : "";
        const std::string area_name = props.contains("name") && props["name"].is_string() ? props["name"].get<std::string>() : "";
        const place* match = nullptr;
        for (const place* p : candidates)
            if (!code.empty() && p->code == code) match = p;
        if (!match)
            for (const place* p : candidates)
                if (!area_name.empty() && named(*p, area_name)) match = p;
        if (!match)
            throw map_error(name, where + ": no " + std::string(to_string(level)) + " of gazetteer '" + places.name() + "' has code '" + code +
                                      "' or name '" + area_name + "'");
        for (const auto& a : out)
            if (a.place == match->id) throw map_error(name, where + ": " + match->id + " is already drawn by an earlier feature");
        out.push_back({match->id, area_name.empty() ? match->name : area_name, code, exteriors(f, name, where)});
    }
    return out;
}

std::vector<map_ring> read_map_outline(std::string_view geojson, const std::string& name) {
    const json doc = parse_geojson(geojson, name);
    std::vector<map_ring> out;
    const auto& features = doc["features"];
    for (std::size_t k = 0; k < features.size(); ++k)
        for (auto& r : exteriors(features[k], name, feature_label(features[k], k))) out.push_back(std::move(r));
    return out;
}

std::vector<base_map::point> read_map_points(std::string_view csv_text, const std::string& name, const gazetteer& places) {
    std::istringstream in{std::string(csv_text)};
    csv_reader csv(in, name);
    std::vector<std::string> header, row;
    if (!csv.next(header) || header.size() < 4 || header[2] != "latitude" || header[3] != "longitude")
        throw csv.error_at("the header must start <level>,<parent level>,latitude,longitude (such as district,qark,latitude,longitude)");
    place_level level{}, parent_level{};
    try {
        level = parse_place_level(header[0]);
        parent_level = parse_place_level(header[1]);
    } catch (const invalid_argument& e) {
        throw csv.error_at(e.what());
    }
    const auto candidates = places.at_level(level);
    std::vector<base_map::point> out;
    while (csv.next(row)) {
        if (row.size() == 1 && row[0].empty()) continue;
        if (row.size() < 4) throw csv.error_at("a row needs " + header[0] + ", " + header[1] + ", latitude and longitude");
        const place* match = nullptr;
        for (const place* p : candidates) {
            const place* up = places.ancestor(*p, parent_level);
            if (named(*p, row[0]) && up && named(*up, row[1])) match = p;
        }
        if (!match)
            throw csv.error_at("no " + header[0] + " '" + row[0] + "' in " + header[1] + " '" + row[1] + "' in gazetteer '" + places.name() + "'",
                               header[0]);
        for (const auto& p : out)
            if (p.place == match->id) throw csv.error_at(match->id + " ('" + row[0] + "') has a point already", header[0]);
        const double lat = coordinate(row[2], 90, csv, "latitude"), lon = coordinate(row[3], 180, csv, "longitude");
        out.push_back({match->id, row[0], {lon, lat}});
    }
    return out;
}

}  // namespace grantfolio::io
