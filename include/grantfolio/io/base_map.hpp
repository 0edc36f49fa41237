// grantfolio/io/base_map.hpp — reading a base map: areas and an outline from GeoJSON, points from
// CSV, each area and point tied to a place of a gazetteer (data/geo/README.md describes Albania's).
//
//   auto areas = grantfolio::io::read_map_areas(qarqe_geojson, "albania-qarqe.geojson", gazetteer,
//                                                grantfolio::place_level::qark);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/base_map.hpp"
#include "grantfolio/gazetteer.hpp"

namespace grantfolio::io {

/// The areas of a GeoJSON FeatureCollection of Polygon and MultiPolygon features (exterior rings
/// only). A feature is matched to the place of `level` in `places` whose code is its `iso_3166_2`
/// property, else whose name or alias is its `name` property. Throws parse_error naming the feature
/// (its index and name) when it has no such place, no polygon, or a ring that is not closed or has
/// fewer than four positions, and when two features are the same place.
std::vector<base_map::area> read_map_areas(std::string_view geojson, const std::string& name, const gazetteer& places,
                                           place_level level);

/// The exterior rings of every Polygon and MultiPolygon feature of a GeoJSON FeatureCollection.
std::vector<map_ring> read_map_outline(std::string_view geojson, const std::string& name);

/// Points from CSV whose header starts `<level>,<parent level>,latitude,longitude` ("district,qark,…";
/// further columns, such as a source, are ignored): each row names a place of the first level by its
/// name or alias within the parent of the second level. Throws parse_error naming the line and field
/// when a place is not in `places`, a coordinate is not a number within range, or a place comes twice.
std::vector<base_map::point> read_map_points(std::string_view csv, const std::string& name, const gazetteer& places);

}  // namespace grantfolio::io
