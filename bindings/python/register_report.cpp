// The report's figures (report.hpp) for the HTML report: its JSON view, the same figures the
// `grantfolio report` text and JSON show.

#include "common.hpp"
#include "grantfolio/report.hpp"

namespace grantfolio::python {

void register_report(py::module_& m) {
    m.def("_report_json", [](const program& p, const py::object& as_of, const std::string& language, const rate_table& rates,
                             const std::string& to) {
        const date on = to_date(as_of);
        std::string out;
        {
            py::gil_scoped_release unlocked;
            out = report_json(make_report(p, on, language, rates, currency(to)), -1);
        }
        return out;
    }, py::arg("program"), py::arg("as_of"), py::arg("language"), py::arg("rates"), py::arg("currency"));
}

}  // namespace grantfolio::python
