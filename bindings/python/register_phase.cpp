// grantfolio.Phase (phase.hpp).
#include <pybind11/operators.h>

#include "common.hpp"
#include "grantfolio/phase.hpp"

namespace grantfolio::python {

void register_phase(py::module_& m) {
    py::class_<phase>(m, "Phase", "A numbered phase of a programme.")
        .def_readonly("number", &phase::number)
        .def_readonly("name", &phase::name)
        .def_property_readonly("source", [](const phase& p) { return record_or_none(p.source); },
                               "The record it was read from (an IATI parent activity), or None")
        .def(py::self == py::self)
        .def("__repr__", [](const phase& p) { return "Phase(" + std::to_string(p.number) + ", '" + p.name + "')"; });

}

}  // namespace grantfolio::python
