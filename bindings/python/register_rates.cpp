// grantfolio.rates: dated exchange-rate tables and exact conversion.
#include "common.hpp"
#include "grantfolio/io/rates.hpp"
#include "grantfolio/rate_table.hpp"

namespace grantfolio::python {


py::dict rate_dict(const exchange_rate& r) {
    py::dict d;
    d["base"] = std::string(r.base().code());
    d["quote"] = std::string(r.quote().code());
    d["rate"] = to_python(r.value());
    d["valid_from"] = from_date(r.valid().from());
    d["valid_to"] = r.valid().to() ? from_date(*r.valid().to()) : py::none();
    d["source"] = r.source();
    return d;
}

void register_rates(py::module_& m) {
    py::class_<conversion>(m, "Conversion", "A converted amount and how it was obtained.")
        .def_readonly("result", &conversion::result, "The converted Money")
        .def_readonly("source", &conversion::from, "The Money converted")
        .def_property_readonly("on", [](const conversion& c) { return from_date(c.quote.on); })
        .def_property_readonly("method", [](const conversion& c) { return std::string(to_string(c.quote.method)); },
                               "identity, direct, inverse, chain, last-known or interpolated")
        .def_property_readonly("rounding", [](const conversion& c) { return std::string(to_string(c.rounding)); })
        .def_property_readonly("factor", [](const conversion& c) { return c.quote.factor.to_string(20); },
                               "The exact factor as decimal text (exact when finite, else to 20 places)")
        .def_property_readonly("rates", [](const conversion& c) {
            py::list out;
            for (const auto& leg : c.quote.legs) {
                py::dict d = rate_dict(leg.rate);
                d["inverted"] = leg.inverted;
                d["how"] = to_string(leg.how);
                if (leg.later) d["later"] = rate_dict(*leg.later);
                out.append(d);
            }
            return out;
        }, "Every rate used: base, quote, rate (Decimal), valid_from, valid_to, source, inverted, how")
        .def("__repr__", [](const conversion& c) {
            return "Conversion(" + c.from.to_string() + " -> " + c.result.to_string() + ", " + to_string(c.quote.method) + ")";
        });

    py::class_<rate_table>(m, "RateTable", "Dated exchange rates; converts exactly and says how.")
        .def(py::init<>())
        .def("add", [](rate_table& t, const std::string& base, const std::string& quote, const py::object& rate,
                       const py::object& valid_from, const py::object& valid_to, const std::string& source) {
                 date from = to_date(valid_from);
                 validity v = valid_to.is_none() ? validity::open_from(from) : validity::range(from, to_date(valid_to));
                 t.add(exchange_rate(currency(base), currency(quote), to_decimal(rate, "rate"), v, source));
             },
             py::arg("base"), py::arg("quote"), py::arg("rate"), py::arg("valid_from"), py::arg("valid_to") = py::none(),
             py::arg("source") = "", "Adds 1 base = rate quote over [valid_from, valid_to] (None: open-ended)")
        .def_property_readonly("rates", [](const rate_table& t) {
            py::list out;
            for (const auto& r : t.rates()) out.append(rate_dict(r));
            return out;
        }, "Every rate held, as dicts")
        .def_static("from_csv", [](const std::filesystem::path& path) { return io::read_rates_file(path); }, py::arg("path"),
                    "Reads a grantfolio rates CSV or an IMF annual file")
        .def("__len__", &rate_table::size)
        .def("convert",
             [](const rate_table& t, const money& amount, const std::string& to, const py::object& on,
                const std::string& missing, std::optional<int> max_age) {
                 return t.convert(amount, currency(to), to_date(on), missing_rate_policy::parse(missing, max_age)).result;
             },
             py::arg("money"), py::arg("to"), py::kw_only(), py::arg("on"), py::arg("missing") = "raise",
             py::arg("max_age") = py::none(),
             "Converts at the rate of the day `on`, rounded once (half-even) to the target's minor unit")
        .def("explain",
             [](const rate_table& t, const money& amount, const std::string& to, const py::object& on,
                const std::string& missing, std::optional<int> max_age) {
                 return t.convert(amount, currency(to), to_date(on), missing_rate_policy::parse(missing, max_age));
             },
             py::arg("money"), py::arg("to"), py::arg("on"), py::arg("missing") = "raise",
             py::arg("max_age") = py::none(), "The conversion with its provenance: a Conversion");
    m.def("imf_annual", [] { return &io::imf_annual(); }, py::return_value_policy::reference,
          "The embedded IMF annual-average table (USD per currency, by calendar year)");
}

}  // namespace grantfolio::python
