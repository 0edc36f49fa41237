// grantfolio.Organization (organization.hpp).
#include <pybind11/operators.h>

#include "common.hpp"
#include "grantfolio/organization.hpp"

namespace grantfolio::python {

void register_organization(py::module_& m) {
    py::class_<organization>(m, "Organization", "A grantee, partner, donor or implementer, under every name it goes by.")
        .def_readonly("id", &organization::id, "Stable key within the programme")
        .def_readonly("name", &organization::name, "Canonical name")
        .def_readonly("acronym", &organization::acronym, "Acronym, or None")
        .def_property_readonly("kind", [](const organization& o) { return std::string(to_string(o.kind)); },
                               "local-ngo, international-ngo, government, donor, implementer or other")
        .def_readonly("spellings", &organization::spellings, "Every name as written in the sources")
        .def(py::self == py::self)
        .def("__repr__", [](const py::object& self) {
            const auto& o = self.cast<const organization&>();
            return class_name(self) + "(id='" + o.id + "', name='" + o.name + "')";
        });

}

}  // namespace grantfolio::python
