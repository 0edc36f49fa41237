// grantfolio.Narrative and Classification (classification.hpp).
#include <pybind11/operators.h>

#include "common.hpp"
#include "grantfolio/classification.hpp"

namespace grantfolio::python {

void register_classification(py::module_& m) {
    py::class_<narrative>(m, "Narrative", "A text in one language (an IATI narrative).")
        .def_property_readonly("language", [](const narrative& n) -> py::object {
            return n.language.empty() ? py::none() : py::object(py::str(n.language));
        }, "Its language as written ('fr'), or None: the grant's language")
        .def_readonly("text", &narrative::text)
        .def(py::self == py::self)
        .def("__repr__", [](const narrative& n) {
            return "Narrative(" + (n.language.empty() ? std::string("None") : "'" + n.language + "'") + ", " +
                   py::repr(py::str(n.text.substr(0, 40))).cast<std::string>() + ")";
        });


    py::class_<classification>(m, "Classification",
                               "A code of a vocabulary and the share of the grant it stands for: a sector, recipient country or region.")
        .def_readonly("code", &classification::code)
        .def_property_readonly("vocabulary", [](const classification& c) -> py::object {
            return c.vocabulary.empty() ? py::none() : py::object(py::str(c.vocabulary));
        }, "The vocabulary as written ('1', '2', '99'), or None where the source names none (the standard's default)")
        .def_property_readonly("vocabulary_uri", [](const classification& c) -> py::object {
            return c.vocabulary_uri.empty() ? py::none() : py::object(py::str(c.vocabulary_uri));
        }, "Where a publisher's own vocabulary is defined, or None")
        .def_property_readonly("percentage", [](const classification& c) -> py::object { return c.percentage ? to_python(*c.percentage) : py::none(); },
                               "The share as decimal.Decimal (0-100), or None when not stated")
        .def_property_readonly("narratives", [](py::object self) { return refs(self.cast<const classification&>().narratives, self); },
                               "What the source calls it, per language")
        .def(py::self == py::self)
        .def("__repr__", [](const classification& c) {
            return "Classification('" + c.code + "'" + (c.vocabulary.empty() ? "" : ", vocabulary='" + c.vocabulary + "'") +
                   (c.percentage ? ", percentage=" + c.percentage->to_string() : "") + ")";
        });
}

}  // namespace grantfolio::python
