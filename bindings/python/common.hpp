// Shared helpers of the Python bindings: dates, decimals and the registration functions.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>  // paths from str and os.PathLike

#include "grantfolio/date.hpp"
#include "grantfolio/decimal.hpp"
#include "grantfolio/rate_table.hpp"
#include "grantfolio/source_record.hpp"

namespace grantfolio::python {

namespace py = pybind11;

inline std::string type_name(const py::handle& obj) { return py::str(py::type::of(obj).attr("__name__")); }

/// Any date-like to a grantfolio date, as a user holds it: datetime.date; datetime.datetime and
/// pandas.Timestamp (the calendar day as written, in its own time zone; the time of day is dropped);
/// numpy.datetime64 of any unit (its day); ISO 8601 text, "YYYY-MM-DD" or a date-time whose day is
/// taken. NaT and None are not dates (ValueError / TypeError), nor is anything else (TypeError naming
/// the accepted kinds). `what` names the argument in messages.
inline date to_date(const py::handle& obj, const char* what = "date") {
    const std::string name = type_name(obj);
    const std::string type_module = py::str(py::type::of(obj).attr("__module__"));
    auto refuse = [&](const std::string& why) -> date { throw py::value_error(std::string(what) + ": " + why); };
    if (name == "NaTType") return refuse("NaT (not a time) is not a date");
    auto datetime = py::module_::import("datetime");
    if (py::isinstance(obj, datetime.attr("date")))  // date, datetime, pandas.Timestamp
        return make_date(obj.attr("year").cast<int>(), obj.attr("month").cast<unsigned>(), obj.attr("day").cast<unsigned>());
    if (type_module == "numpy" && name == "datetime64") {
        auto np = py::module_::import("numpy");
        if (np.attr("isnat")(obj).cast<bool>()) return refuse("numpy.datetime64('NaT') is not a date");
        auto days = obj.attr("astype")("datetime64[D]").attr("astype")("int64").cast<long long>();
        if (days < day_number(make_date(min_year, 1, 1)) || days > day_number(make_date(max_year, 12, 31)))
            return refuse(std::string(py::str(obj)) + " is outside the years " + std::to_string(min_year) + ".." +
                          std::to_string(max_year));
        return from_day_number(static_cast<int>(days));
    }
    if (py::isinstance<py::str>(obj)) {
        std::string text = obj.cast<std::string>();
        if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ')) {
            // A date-time: Python checks the time part, the day is read as any ISO date.
            try {
                datetime.attr("datetime").attr("fromisoformat")(text);
            } catch (const py::error_already_set&) {
                throw parse_error(quote_value(text) + " is not an ISO 8601 date (YYYY-MM-DD) or date-time");
            }
            text.resize(10);
        }
        return parse_date(text);
    }
    throw py::type_error(std::string(what) + " must be a date (datetime.date, datetime, pandas.Timestamp, "
                         "numpy.datetime64 or ISO text 'YYYY-MM-DD'), not " + name);
}

inline py::object from_date(const date& d) {
    return py::module_::import("datetime").attr("date")(static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                                                        static_cast<unsigned>(d.day()));
}

inline bool is_decimal(const py::handle& obj) {
    return py::isinstance(obj, py::module_::import("decimal").attr("Decimal"));
}

/// True, False, numpy.bool_: never amounts, although Python counts bool as an int.
inline bool is_bool_like(const py::handle& obj) {
    if (py::isinstance<py::bool_>(obj)) return true;
    const std::string module = py::str(py::type::of(obj).attr("__module__"));
    const std::string name = type_name(obj);
    return module == "numpy" && (name == "bool_" || name == "bool");
}

/// int and anything with __index__ (numpy integers), bools excluded.
inline bool is_integer_like(const py::handle& obj) { return !is_bool_like(obj) && PyIndex_Check(obj.ptr()); }

/// float, numpy floats and other binary floating point: convertible with __float__, not exact.
inline bool is_float_like(const py::handle& obj) {
    return py::isinstance<py::float_>(obj) ||
           (!is_integer_like(obj) && !is_decimal(obj) && !py::isinstance<py::str>(obj) && py::hasattr(obj, "__float__"));
}

/// str, int (numpy integers too) or decimal.Decimal to an exact decimal; floats and bools are
/// refused with the reason (floats are not money; True is not an amount).
inline decimal to_decimal(const py::handle& obj, const char* what) {
    const std::string expected = std::string(what) + " must be str, int or decimal.Decimal, not ";
    if (is_bool_like(obj)) throw py::type_error(expected + type_name(obj) + ": True and False are not amounts");
    if (py::isinstance<py::str>(obj) || is_decimal(obj)) return decimal::parse(std::string(py::str(obj)));
    if (is_integer_like(obj))
        return decimal::parse(std::string(py::str(py::reinterpret_steal<py::object>(PyNumber_Index(obj.ptr())))));
    if (is_float_like(obj))
        throw py::type_error(expected + type_name(obj) + " (binary floating point is not exact: pass str or Decimal)");
    throw py::type_error(expected + type_name(obj));
}

inline py::object to_python(const decimal& d) { return py::module_::import("decimal").attr("Decimal")(d.to_string()); }

/// None for an absent date, else datetime.date.
inline py::object opt_date(const std::optional<date>& d) { return d ? from_date(*d) : py::none(); }

/// Items of a C++ vector as Python objects that refer to them (kept alive by `owner`).
template <class T>
py::list refs(const std::vector<T>& items, py::handle owner) {
    py::list out;
    for (const auto& x : items) out.append(py::cast(&x, py::return_value_policy::reference_internal, owner));
    return out;
}

/// None for empty text.
inline py::object text_or_none(const std::string& s) { return s.empty() ? py::none() : py::object(py::str(s)); }

/// The name of an object's class, for a __repr__ that shows a subclass's own name.
inline std::string class_name(const py::handle& self) { return py::str(py::type::of(self).attr("__name__")); }

/// The record a grant or phase was read from (grantfolio.SourceRecord), or None.
inline py::object record_or_none(const source_record& r) { return r.empty() ? py::none() : py::cast(r); }

void register_errors(py::module_& m);
void register_money(py::module_& m);
void register_rates(py::module_& m);
void register_organization(py::module_& m);
void register_place(py::module_& m);
void register_base_map(py::module_& m);
void register_source_record(py::module_& m);
void register_classification(py::module_& m);
void register_phase(py::module_& m);
void register_transaction(py::module_& m);
void register_grant(py::module_& m);
void register_program(py::module_& m);
void register_datasets(py::module_& m);
void register_source(py::module_& m);
void register_synthetic(py::module_& m);
void register_frames(py::module_& m);
void register_report(py::module_& m);
void register_bulk(py::module_& m);
void register_arrow(py::module_& m);

}  // namespace grantfolio::python
