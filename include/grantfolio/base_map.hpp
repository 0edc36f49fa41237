// grantfolio/base_map.hpp — what a map of where grants ran is drawn on: a country's areas as
// polygons and points for its smaller places, each tied to a gazetteer place by id.
//
//   const grantfolio::base_map& m = grantfolio::datasets::albania_map();
//   m.find_area("Q-BERAT")->rings.front().size();   // the vertices of Berat's boundary
//   m.find_point("D-PEQIN")->at.latitude;           // 41.04…
//   m.attribution;                                  // what the data's licences ask a map to show
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace grantfolio {

/// A position for drawing, in WGS 84 degrees. Doubles, not decimals: a map's vertices are measured
/// positions drawn on a screen, not amounts (geo_point in location.hpp keeps a source's points exact).
struct map_position {
    double longitude = 0;
    double latitude = 0;
    friend bool operator==(const map_position&, const map_position&) = default;
};

/// A closed ring of positions (the first repeated at the end, as GeoJSON writes it).
using map_ring = std::vector<map_position>;

struct base_map {
    /// An area (a qark) to shade: its exterior rings (one per polygon part), wound counter-clockwise.
    struct area {
        std::string place;  ///< the gazetteer place's id ("Q-BERAT")
        std::string name;   ///< as the map data names it ("Berat")
        std::string code;   ///< ISO 3166-2 ("AL-01"); empty where the data gives none
        std::vector<map_ring> rings;
        friend bool operator==(const area&, const area&) = default;
    };
    /// A point for a smaller place (a district), where a marker goes.
    struct point {
        std::string place;  ///< the gazetteer place's id ("D-PEQIN")
        std::string name;   ///< as the map data names it ("Peqin")
        map_position at;
        friend bool operator==(const point&, const point&) = default;
    };
    std::vector<area> areas;          ///< in the map data's order
    std::vector<map_ring> outline;    ///< the country's outline; may be empty
    std::vector<point> points;        ///< in the map data's order
    std::string attribution;          ///< what the data's licences ask to show under a map drawn from it

    const area* find_area(std::string_view place) const;
    const point* find_point(std::string_view place) const;
    friend bool operator==(const base_map&, const base_map&) = default;
};

// inline definitions

inline const base_map::area* base_map::find_area(std::string_view place) const {
    auto it = std::find_if(areas.begin(), areas.end(), [&](const area& a) { return a.place == place; });
    return it == areas.end() ? nullptr : &*it;
}

inline const base_map::point* base_map::find_point(std::string_view place) const {
    auto it = std::find_if(points.begin(), points.end(), [&](const point& p) { return p.place == place; });
    return it == points.end() ? nullptr : &*it;
}

}  // namespace grantfolio
