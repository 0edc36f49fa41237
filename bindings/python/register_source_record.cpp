// grantfolio.SourceRecord (source_record.hpp): an element or object kept as read.
#include <pybind11/operators.h>

#include "common.hpp"
#include "grantfolio/source_record.hpp"

namespace grantfolio::python {

void register_source_record(py::module_& m) {
    py::class_<source_record>(m, "SourceRecord",
                              "A record as its source wrote it (IATI: the <iati-activity> element; 360Giving: the grant object; a "
                              "listing: the grant's lines), kept so that writing it back loses nothing.")
        .def_readonly("format", &source_record::format, "'iati', '360giving' or 'listing'")
        .def_readonly("version", &source_record::version, "The standard's version the record is in: '2.03', '1.04'; '' when it has none")
        .def_readonly("text", &source_record::text, "The record, verbatim (XML for IATI, JSON for 360Giving, the lines of a listing)")
        .def_property_readonly(
            "line", [](const source_record& r) -> std::optional<std::size_t> { return r.line ? std::optional(r.line) : std::nullopt; },
            "The line of its source file the record starts on (1-based), None when not known")
        .def(py::self == py::self)
        .def("__repr__", [](const source_record& r) {
            return "SourceRecord('" + r.format + "', '" + r.version + "', " + std::to_string(r.text.size()) + " bytes" +
                   (r.line ? ", line " + std::to_string(r.line) : std::string()) + ")";
        });
}

}  // namespace grantfolio::python
