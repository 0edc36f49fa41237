// Shared helpers of the Python bindings: dates, decimals and the registration functions.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>  // paths from str and os.PathLike

#include "grantfolio/date.hpp"
#include "grantfolio/decimal.hpp"
#include "grantfolio/rate_table.hpp"

namespace grantfolio::python {

namespace py = pybind11;

/// datetime.date (not datetime.datetime) to a grantfolio date; TypeError otherwise.
inline date to_date(const py::handle& obj) {
    auto datetime = py::module_::import("datetime");
    if (!py::isinstance(obj, datetime.attr("date")) || py::isinstance(obj, datetime.attr("datetime")))
        throw py::type_error("expected a datetime.date, got " + std::string(py::str(py::type::of(obj).attr("__name__"))));
    return make_date(obj.attr("year").cast<int>(), obj.attr("month").cast<unsigned>(), obj.attr("day").cast<unsigned>());
}

inline py::object from_date(const date& d) {
    return py::module_::import("datetime").attr("date")(static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                                                        static_cast<unsigned>(d.day()));
}

/// str, int or decimal.Decimal to an exact decimal; float is refused: floats are not money.
inline decimal to_decimal(const py::handle& obj, const char* what) {
    if (py::isinstance<py::bool_>(obj) || py::isinstance<py::float_>(obj))
        throw py::type_error(std::string(what) + " must be str, int or decimal.Decimal, not " +
                             std::string(py::str(py::type::of(obj).attr("__name__"))) +
                             " (binary floating point is not exact)");
    if (py::isinstance<py::str>(obj) || py::isinstance<py::int_>(obj) ||
        py::isinstance(obj, py::module_::import("decimal").attr("Decimal")))
        return decimal::parse(std::string(py::str(obj)));
    throw py::type_error(std::string(what) + " must be str, int or decimal.Decimal, not " +
                         std::string(py::str(py::type::of(obj).attr("__name__"))));
}

inline py::object to_python(const decimal& d) { return py::module_::import("decimal").attr("Decimal")(d.to_string()); }

void register_errors(py::module_& m);
void register_money(py::module_& m);
void register_rates(py::module_& m);
void register_program(py::module_& m);
void register_frames(py::module_& m);
void register_bulk(py::module_& m);

}  // namespace grantfolio::python
