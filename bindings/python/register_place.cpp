// grantfolio.Place (place.hpp).
#include <pybind11/operators.h>

#include "common.hpp"
#include "grantfolio/place.hpp"

namespace grantfolio::python {

void register_place(py::module_& m) {
    py::class_<place>(m, "Place", "A place from a gazetteer, with its level and the forms of its name.")
        .def_readonly("id", &place::id)
        .def_property_readonly("level", [](const place& p) { return std::string(to_string(p.level)); },
                               "nationwide, qark, district, municipality, commune or area")
        .def_readonly("name", &place::name, "Indefinite form: Shkodër")
        .def_readonly("definite", &place::definite, "Definite form: Shkodra")
        .def_readonly("genitive", &place::genitive, "Genitive form: Shkodrës")
        .def_readonly("parent", &place::parent, "The parent's id ('' at the top)")
        .def_readonly("code", &place::code, "ISO 3166-2 code, where one exists")
        .def(py::self == py::self)
        .def("__repr__", [](const py::object& self) {
            const auto& p = self.cast<const place&>();
            return class_name(self) + "(id='" + p.id + "', level='" + to_string(p.level) + "', name='" + p.name + "')";
        });

}

}  // namespace grantfolio::python
