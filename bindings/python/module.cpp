// The grantfolio Python extension: one register_<concept> per header that Python sees.
#include "common.hpp"

#include "grantfolio/error.hpp"

#include <cerrno>

namespace grantfolio::python {

void register_errors(py::module_& m) {
    // Each grantfolio error is also the built-in exception that fits it, so `except ValueError` works.
    // Each class is created once and kept for the life of the process: a handle, never destroyed,
    // so that no Python object is released after the interpreter has finalised (the module holds
    // the owning reference; pybind11's docs warn against function-static py::object).
    auto make = [&](const char* name, py::handle base, py::handle builtin, const char* doc) -> py::handle {
        py::tuple bases = base ? py::tuple(py::make_tuple(base, builtin)) : py::tuple(py::make_tuple(builtin));
        std::string qualified = std::string("grantfolio.") + name;
        py::object cls = py::reinterpret_steal<py::object>(PyErr_NewExceptionWithDoc(
            qualified.c_str(), doc, bases.ptr(), nullptr));
        m.attr(name) = cls;
        return cls.release();  // the reference m.attr took keeps it; this one is never dropped
    };
    static py::handle error = make("Error", py::handle(), PyExc_Exception, "Base of every grantfolio error.");
    static py::handle parse = make("ParseError", error, PyExc_ValueError, "Text that does not follow its syntax.");
    static py::handle unknown = make("UnknownCurrency", error, PyExc_LookupError, "Not an ISO 4217 code.");
    static py::handle mismatch = make("CurrencyMismatch", error, PyExc_ValueError, "Money in two currencies.");
    static py::handle overflow = make("OverflowError", error, PyExc_OverflowError, "A result too large to be exact.");
    static py::handle invalid = make("InvalidArgument", error, PyExc_ValueError, "A value outside its domain.");
    static py::handle missing = make("MissingRate", error, PyExc_LookupError, "No rate for a pair on a date.");
    // File problems are OSErrors too, of the subclass Python itself would raise for the errno.
    static py::handle file = make("FileError", error, PyExc_OSError, "A file that could not be opened, read or written (an OSError).");
    static py::handle not_found = make("FileNotFound", file, PyExc_FileNotFoundError, "No such file (a FileNotFoundError).");
    static py::handle denied = make("FileAccessDenied", file, PyExc_PermissionError, "Not allowed to read or write it (a PermissionError).");
    static py::handle directory = make("FileIsADirectory", file, PyExc_IsADirectoryError, "A folder where a file was expected (an IsADirectoryError).");
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const grantfolio::file_error& e) {
            // OSError(errno, strerror, filename): str() gives "[Errno 2] cannot open 'x' for reading: ...".
            const int code = e.code();
            const py::handle cls = code == ENOENT ? not_found : (code == EACCES || code == EPERM) ? denied : code == EISDIR ? directory : file;
            py::object x = cls(code, e.what(), e.path());
            PyErr_SetObject(cls.ptr(), x.ptr());
        } catch (const grantfolio::parse_error& e) {
            // The exception carries where: .file, .line, .column (0 when unknown) and .field.
            py::object x = parse(e.what());
            x.attr("file") = e.where().file;
            x.attr("line") = e.where().line;
            x.attr("column") = e.where().column;
            x.attr("field") = e.where().field;
            x.attr("path") = e.where().file;  // the file, as OSError calls it filename and pathlib a path
            PyErr_SetObject(parse.ptr(), x.ptr());
        } catch (const grantfolio::unknown_currency& e) {
            PyErr_SetString(unknown.ptr(), e.what());
        } catch (const grantfolio::currency_mismatch& e) {
            PyErr_SetString(mismatch.ptr(), e.what());
        } catch (const grantfolio::overflow_error& e) {
            PyErr_SetString(overflow.ptr(), e.what());
        } catch (const grantfolio::invalid_argument& e) {
            PyErr_SetString(invalid.ptr(), e.what());
        } catch (const grantfolio::missing_rate& e) {
            // .base and .quote (ISO 4217 codes) and .on (a datetime.date); None when not known.
            py::object x = missing(e.what());
            auto text = [](const std::string& s) -> py::object { return s.empty() ? py::none() : py::object(py::str(s)); };
            x.attr("base") = text(e.base());
            x.attr("quote") = text(e.quote());
            x.attr("on") = e.on().empty() ? py::none() : py::module_::import("datetime").attr("date").attr("fromisoformat")(e.on());
            PyErr_SetObject(missing.ptr(), x.ptr());
        } catch (const grantfolio::error& e) {
            PyErr_SetString(error.ptr(), e.what());
        }
    });
}

}  // namespace grantfolio::python

PYBIND11_MODULE(_grantfolio, m) {
    namespace py = pybind11;
    m.doc() = "grantfolio: donor grant programmes, exact money and dated exchange rates";
    m.attr("__version__") = GRANTFOLIO_VERSION;
    // pybind11 before 2.12 reads numpy 1's array descriptors: under numpy 2 its arrays come out wrong.
    m.attr("_pybind11_version") = py::make_tuple(PYBIND11_VERSION_MAJOR, PYBIND11_VERSION_MINOR);
    grantfolio::python::register_errors(m);
    m.def("as_date", [](const py::handle& x) { return grantfolio::python::from_date(grantfolio::python::to_date(x)); },
          py::arg("value"),
          "The datetime.date of any date-like grantfolio accepts: date, datetime, pandas.Timestamp,\n"
          "numpy.datetime64 or ISO text ('2006-01-15', or a date-time whose day is taken).\n\n"
          ">>> as_date('2006-01-15T10:30:00')\n"
          "datetime.date(2006, 1, 15)");
    grantfolio::python::register_money(m);
    grantfolio::python::register_rates(m);
    grantfolio::python::register_program(m);
    grantfolio::python::register_frames(m);
    grantfolio::python::register_bulk(m);
    grantfolio::python::register_arrow(m);
}
