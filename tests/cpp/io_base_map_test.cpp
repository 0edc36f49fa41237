#define BOOST_TEST_MODULE io_base_map
#include <boost/test/unit_test.hpp>

#include <set>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/base_map.hpp"
#include "parse_failure.hpp"

using namespace grantfolio;
using grantfolio::test::parse_failure;

namespace {

/// Ray casting: is `p` inside the closed ring?
bool inside(const map_ring& ring, map_position p) {
    bool in = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const auto &a = ring[i], &b = ring[j];
        if ((a.latitude > p.latitude) != (b.latitude > p.latitude) &&
            p.longitude < (b.longitude - a.longitude) * (p.latitude - a.latitude) / (b.latitude - a.latitude) + a.longitude)
            in = !in;
    }
    return in;
}

const char* square = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"Berat","iso_3166_2":"AL-01"},
  "geometry":{"type":"Polygon","coordinates":[[[19,40],[20,40],[20,41],[19,41],[19,40]]]}}]})";

}  // namespace

BOOST_AUTO_TEST_CASE(albania_map_ties_every_qark_and_district_to_the_gazetteer) {
    const base_map& m = datasets::albania_map();
    const gazetteer& g = datasets::albania_gazetteer();
    BOOST_TEST(m.areas.size() == 12u);
    BOOST_TEST(m.points.size() == 36u);
    BOOST_TEST(m.outline.size() == 1u);
    std::set<std::string> qarqe, districts;
    for (const auto& a : m.areas) {
        BOOST_TEST(g.at(a.place).level == place_level::qark);
        BOOST_TEST(g.at(a.place).code == a.code);
        qarqe.insert(a.place);
    }
    BOOST_TEST(qarqe.size() == 12u);
    for (const auto& p : m.points) {
        BOOST_TEST_CONTEXT(p.place) {
            BOOST_TEST(g.at(p.place).level == place_level::district);
            districts.insert(p.place);
            // Each point lies in its own qark's polygon and in the outline (data/geo/README.md's check).
            const place* q = g.ancestor(g.at(p.place), place_level::qark);
            BOOST_REQUIRE(q);
            BOOST_TEST(inside(m.find_area(q->id)->rings.at(0), p.at));
            BOOST_TEST(inside(m.outline.at(0), p.at));
        }
    }
    BOOST_TEST(districts.size() == 36u);
    BOOST_TEST(m.find_area("Q-BERAT")->name == "Berat");
    BOOST_TEST(m.find_point("D-PEQIN")->at.latitude > 41.0);
    BOOST_TEST(m.find_point("Q-BERAT") == nullptr);
    BOOST_TEST(m.attribution.find("ODbL 1.0") != std::string::npos);
    BOOST_TEST(m.attribution.find("Natural Earth") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(areas_match_by_code_then_by_name) {
    const gazetteer& g = datasets::albania_gazetteer();
    auto a = io::read_map_areas(square, "t.geojson", g, place_level::qark);
    BOOST_REQUIRE(a.size() == 1u);
    BOOST_TEST(a[0].place == "Q-BERAT");
    BOOST_TEST(a[0].rings.at(0).size() == 5u);
    // No code: the name or an alias finds the place.
    std::string by_name = R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Korca"},
      "geometry":{"type":"MultiPolygon","coordinates":[[[[19,40],[20,40],[20,41],[19,40]]],[[[21,40],[22,40],[22,41],[21,40]]]]}}]})";
    a = io::read_map_areas(by_name, "t.geojson", g, place_level::qark);
    BOOST_TEST(a.at(0).place == "Q-KORCE");
    BOOST_TEST(a.at(0).rings.size() == 2u);
}

BOOST_AUTO_TEST_CASE(bad_map_data_is_named) {
    const gazetteer& g = datasets::albania_gazetteer();
    auto areas = [&](std::string text) { return parse_failure([&] { io::read_map_areas(text, "t.geojson", g, place_level::qark); }); };
    BOOST_TEST(areas("[1]") == "t.geojson: not a GeoJSON FeatureCollection @:0");
    BOOST_TEST(areas("{") == "t.geojson: not JSON @:0");
    std::string unknown = R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Atlantis"},
      "geometry":{"type":"Polygon","coordinates":[[[19,40],[20,40],[20,41],[19,40]]]}}]})";
    BOOST_TEST(areas(unknown) == "t.geojson: feature 1 ('Atlantis'): no qark of gazetteer 'albania-2000' has code '' or name 'Atlantis' @:0");
    std::string open_ring = R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Berat"},
      "geometry":{"type":"Polygon","coordinates":[[[19,40],[20,40],[20,41],[19,41]]]}}]})";
    BOOST_TEST(areas(open_ring) == "t.geojson: feature 1 ('Berat'): a ring is not closed (its last position is not its first) @:0");
    std::string point = R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Berat"},
      "geometry":{"type":"Point","coordinates":[19,40]}}]})";
    BOOST_TEST(areas(point) == "t.geojson: feature 1 ('Berat'): geometry 'Point' is not a Polygon or MultiPolygon @:0");
    std::string twice = std::string(square).replace(std::string(square).rfind("]}"), 2,
        R"(,{"type":"Feature","properties":{"name":"Berat"},"geometry":{"type":"Polygon","coordinates":[[[19,40],[20,40],[20,41],[19,40]]]}}]})");
    BOOST_TEST(areas(twice) == "t.geojson: feature 2 ('Berat'): Q-BERAT is already drawn by an earlier feature @:0");

    auto points = [&](std::string text) { return parse_failure([&] { io::read_map_points(text, "p.csv", g); }); };
    BOOST_TEST(points("district,qark,latitude,longitude\nPeqin,Elbasan,41.04,19.75\n") == "no error");
    BOOST_TEST(points("district,qark,lat,lon\n") == "p.csv:1: the header must start <level>,<parent level>,latitude,longitude "
                                                    "(such as district,qark,latitude,longitude) @:1");
    BOOST_TEST(points("district,qark,latitude,longitude\nPeqin,Berat,41.04,19.75\n") ==
               "p.csv:2: field 'district': no district 'Peqin' in qark 'Berat' in gazetteer 'albania-2000' @district:2");
    BOOST_TEST(points("district,qark,latitude,longitude\nPeqin,Elbasan,91,19.75\n") ==
               "p.csv:2: field 'latitude': '91' is not a latitude in degrees (-90 to 90) @latitude:2");
    BOOST_TEST(points("district,qark,latitude,longitude\nPeqin,Elbasan,41,19\nPeqin,Elbasan,41,19\n") ==
               "p.csv:3: field 'district': D-PEQIN ('Peqin') has a point already @district:3");
}
