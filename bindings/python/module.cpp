// The grantfolio Python extension: one register_<concept> per header that Python sees.
#include "common.hpp"

#include "grantfolio/error.hpp"

#include <cerrno>

namespace grantfolio::python {

namespace {
/// One of the error classes register_errors made, from the module that holds it: no class is kept
/// in a C++ static (which would outlive the interpreter, or belong to another one).
py::object error_class(const char* name) { return py::module_::import("grantfolio._grantfolio").attr(name); }
}  // namespace

void register_errors(py::module_& m) {
    // Each grantfolio error is also the built-in exception that fits it, so `except ValueError` works.
    // The module holds each class (its attribute); the translator looks them up there.
    auto make = [&](const char* name, py::handle base, py::handle builtin, const char* doc) -> py::object {
        py::tuple bases = base ? py::tuple(py::make_tuple(base, builtin)) : py::tuple(py::make_tuple(builtin));
        std::string qualified = std::string("grantfolio.") + name;
        py::object cls = py::reinterpret_steal<py::object>(PyErr_NewExceptionWithDoc(
            qualified.c_str(), doc, bases.ptr(), nullptr));
        if (!cls) throw py::error_already_set();
        m.attr(name) = cls;
        return cls;
    };
    const py::object error = make("Error", py::handle(), PyExc_Exception, "Base of every grantfolio error.");
    make("ParseError", error, PyExc_ValueError, "Text that does not follow its syntax.");
    make("UnknownCurrency", error, PyExc_LookupError, "Not an ISO 4217 code.");
    make("CurrencyMismatch", error, PyExc_ValueError, "Money in two currencies.");
    make("OverflowError", error, PyExc_OverflowError, "A result too large to be exact.");
    make("InvalidArgument", error, PyExc_ValueError, "A value outside its domain.");
    make("MissingRate", error, PyExc_LookupError, "No rate for a pair on a date.");
    // File problems are OSErrors too, of the subclass Python itself would raise for the errno.
    const py::object file = make("FileError", error, PyExc_OSError, "A file that could not be opened, read or written (an OSError).");
    make("FileNotFound", file, PyExc_FileNotFoundError, "No such file (a FileNotFoundError).");
    make("FileAccessDenied", file, PyExc_PermissionError, "Not allowed to read or write it (a PermissionError).");
    make("FileIsADirectory", file, PyExc_IsADirectoryError, "A folder where a file was expected (an IsADirectoryError).");
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const grantfolio::file_error& e) {
            // OSError(errno, strerror, filename): str() gives "[Errno 2] cannot open 'x' for reading: ...".
            const int code = e.code();
            const py::object cls = error_class(code == ENOENT                     ? "FileNotFound"
                                               : (code == EACCES || code == EPERM) ? "FileAccessDenied"
                                               : code == EISDIR                    ? "FileIsADirectory"
                                                                                   : "FileError");
            py::object x = cls(code, e.what(), e.path());
            PyErr_SetObject(cls.ptr(), x.ptr());
        } catch (const grantfolio::parse_error& e) {
            // The exception carries where: .file, .line, .column (0 when unknown) and .field.
            const py::object parse = error_class("ParseError");
            py::object x = parse(e.what());
            x.attr("file") = e.where().file;
            x.attr("line") = e.where().line;
            x.attr("column") = e.where().column;
            x.attr("field") = e.where().field;
            x.attr("path") = e.where().file;  // the file, as OSError calls it filename and pathlib a path
            PyErr_SetObject(parse.ptr(), x.ptr());
        } catch (const grantfolio::unknown_currency& e) {
            PyErr_SetString(error_class("UnknownCurrency").ptr(), e.what());
        } catch (const grantfolio::currency_mismatch& e) {
            PyErr_SetString(error_class("CurrencyMismatch").ptr(), e.what());
        } catch (const grantfolio::overflow_error& e) {
            PyErr_SetString(error_class("OverflowError").ptr(), e.what());
        } catch (const grantfolio::invalid_argument& e) {
            PyErr_SetString(error_class("InvalidArgument").ptr(), e.what());
        } catch (const grantfolio::missing_rate& e) {
            // .base and .quote (ISO 4217 codes) and .on (a datetime.date); None when not known.
            const py::object missing = error_class("MissingRate");
            py::object x = missing(e.what());
            auto text = [](const std::string& s) -> py::object { return s.empty() ? py::none() : py::object(py::str(s)); };
            x.attr("base") = text(e.base());
            x.attr("quote") = text(e.quote());
            x.attr("on") = e.on().empty() ? py::none() : py::module_::import("datetime").attr("date").attr("fromisoformat")(e.on());
            PyErr_SetObject(missing.ptr(), x.ptr());
        } catch (const grantfolio::error& e) {
            PyErr_SetString(error_class("Error").ptr(), e.what());
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
    grantfolio::python::register_organization(m);
    grantfolio::python::register_place(m);
    grantfolio::python::register_base_map(m);
    grantfolio::python::register_source_record(m);
    grantfolio::python::register_classification(m);
    grantfolio::python::register_phase(m);
    grantfolio::python::register_transaction(m);
    grantfolio::python::register_grant(m);
    grantfolio::python::register_program(m);
    grantfolio::python::register_datasets(m);
    grantfolio::python::register_source(m);
    grantfolio::python::register_synthetic(m);
    grantfolio::python::register_frames(m);
    grantfolio::python::register_report(m);
    grantfolio::python::register_bulk(m);
    grantfolio::python::register_arrow(m);
}
