// grantfolio.BaseMap, MapArea, MapPoint (base_map.hpp): what a map of where grants ran is drawn on.

#include <cstring>

#include <pybind11/numpy.h>

#include "common.hpp"
#include "grantfolio/base_map.hpp"

namespace grantfolio::python {

namespace {

/// A ring as a read-only (n, 2) float64 array of longitude, latitude: what matplotlib's Polygon takes.
py::array_t<double> ring_array(const map_ring& ring) {
    static_assert(sizeof(map_position) == 2 * sizeof(double));
    py::array_t<double> a({static_cast<py::ssize_t>(ring.size()), py::ssize_t{2}});
    std::memcpy(a.mutable_data(), ring.data(), ring.size() * sizeof(map_position));
    a.attr("flags").attr("writeable") = false;
    return a;
}

py::list rings_list(const std::vector<map_ring>& rings) {
    py::list out;
    for (const auto& r : rings) out.append(ring_array(r));
    return out;
}

}  // namespace

void register_base_map(py::module_& m) {
    py::class_<base_map::area>(m, "MapArea", "An area of a base map (a qark): its gazetteer place and its exterior rings.")
        .def_readonly("place", &base_map::area::place, "The gazetteer place's id ('Q-BERAT')")
        .def_readonly("name", &base_map::area::name, "As the map data names it ('Berat')")
        .def_readonly("code", &base_map::area::code, "ISO 3166-2 ('AL-01'); '' where the data gives none")
        .def_property_readonly("rings", [](const base_map::area& a) { return rings_list(a.rings); },
                               "Exterior rings, each an (n, 2) float array of longitude, latitude")
        .def("__repr__", [](const py::object& self) {
            const auto& a = self.cast<const base_map::area&>();
            return class_name(self) + "(place='" + a.place + "', name='" + a.name + "', rings=" + std::to_string(a.rings.size()) + ")";
        });
    py::class_<base_map::point>(m, "MapPoint", "A point of a base map (a district): its gazetteer place and position.")
        .def_readonly("place", &base_map::point::place, "The gazetteer place's id ('D-PEQIN')")
        .def_readonly("name", &base_map::point::name, "As the map data names it ('Peqin')")
        .def_property_readonly("longitude", [](const base_map::point& p) { return p.at.longitude; })
        .def_property_readonly("latitude", [](const base_map::point& p) { return p.at.latitude; })
        .def("__repr__", [](const py::object& self) {
            const auto& p = self.cast<const base_map::point&>();
            return class_name(self) + "(place='" + p.place + "', name='" + p.name + "', longitude=" + std::to_string(p.at.longitude) +
                   ", latitude=" + std::to_string(p.at.latitude) + ")";
        });
    py::class_<base_map>(m, "BaseMap",
                         "What a map of where grants ran is drawn on: areas, an outline and points, tied to a gazetteer's places.")
        .def_readonly("areas", &base_map::areas)
        .def_property_readonly("outline", [](const base_map& b) { return rings_list(b.outline); },
                               "The country's outline: rings as (n, 2) float arrays of longitude, latitude")
        .def_readonly("points", &base_map::points)
        .def_readonly("attribution", &base_map::attribution, "What the data's licences ask a map drawn from it to show")
        .def("find_area", &base_map::find_area, py::arg("place"), py::return_value_policy::reference_internal,
             "The area of a gazetteer place id, or None")
        .def("find_point", &base_map::find_point, py::arg("place"), py::return_value_policy::reference_internal,
             "The point of a gazetteer place id, or None")
        .def("__repr__", [](const py::object& self) {
            const auto& b = self.cast<const base_map&>();
            return class_name(self) + "(areas=" + std::to_string(b.areas.size()) + ", points=" + std::to_string(b.points.size()) + ")";
        });
}

}  // namespace grantfolio::python
