// grantfolio.rates: dated exchange-rate tables and exact conversion.
#include "common.hpp"
#include "grantfolio/io/rates.hpp"
#include "grantfolio/rate_table.hpp"

namespace grantfolio::python {

namespace {
missing_rate_policy policy_of(const std::string& missing, std::optional<int> max_age) {
    missing_rate_policy p = missing_rate_policy::parse(missing);
    if (max_age) {
        if (p.what != missing_rate_policy::kind::last_known)
            throw grantfolio::invalid_argument("max_age applies to missing='last-known' only");
        p.max_age_days = max_age;
    }
    return p;
}
}  // namespace

void register_rates(py::module_& m) {
    py::class_<rate_table>(m, "RateTable", "Dated exchange rates; converts exactly and says how.")
        .def(py::init<>())
        .def_static("from_csv", [](const std::string& path) { return io::read_rates_file(path); }, py::arg("path"),
                    "Reads a grantfolio rates CSV or an IMF annual file")
        .def("__len__", &rate_table::size)
        .def("convert",
             [](const rate_table& t, const money& amount, const std::string& to, const py::object& on,
                const std::string& missing, std::optional<int> max_age) {
                 return t.convert(amount, currency(to), to_date(on), policy_of(missing, max_age)).result;
             },
             py::arg("money"), py::arg("to"), py::kw_only(), py::arg("on"), py::arg("missing") = "raise",
             py::arg("max_age") = py::none(),
             "Converts at the rate of the day `on`, rounded once (half-even) to the target's minor unit");
    m.def("imf_annual", [] { return &io::imf_annual(); }, py::return_value_policy::reference,
          "The embedded IMF annual-average table (USD per currency, by calendar year)");
}

}  // namespace grantfolio::python
