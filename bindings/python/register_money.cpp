// grantfolio.Money: an exact amount in one currency.
#include <pybind11/operators.h>

#include "common.hpp"
#include "grantfolio/money.hpp"

namespace grantfolio::python {

void register_money(py::module_& m) {
    py::class_<money>(m, "Money", "An exact amount in one ISO 4217 currency. Floats are refused.")
        .def(py::init([](const py::object& amount, const std::string& code) {
                 return money(to_decimal(amount, "amount"), currency(code));
             }),
             py::arg("amount"), py::arg("currency"),
             "Money('2097624', 'USD'); amount is str, int or decimal.Decimal")
        .def_property_readonly("amount", [](const money& x) { return to_python(x.amount()); },
                               "The exact amount, a decimal.Decimal")
        .def_property_readonly("currency", [](const money& x) { return std::string(x.currency_of().code()); },
                               "The ISO 4217 code")
        .def("rounded", [](const money& x, const std::string& mode) {
                 for (auto r : {rounding_mode::half_even, rounding_mode::half_up, rounding_mode::down, rounding_mode::up})
                     if (mode == to_string(r)) return x.rounded(r);
                 throw grantfolio::invalid_argument("unknown rounding mode '" + mode + "'");
             },
             py::arg("mode") = "half-even", "To the currency's minor unit: half-even, half-up, down or up")
        .def("allocate", [](const money& x, const std::vector<py::object>& weights) {
                 std::vector<decimal> w;
                 for (const auto& o : weights) w.push_back(to_decimal(o, "weight"));
                 return x.allocate(w);
             },
             py::arg("weights"), "Splits into amounts at the minor unit that add up exactly (largest remainder)")
        .def_property_readonly("minor_units", &money::minor_units, "The amount as an int of minor units")
        .def("__copy__", [](const money& x) { return x; })
        .def("__deepcopy__", [](const money& x, py::dict) { return x; }, py::arg("memo"))
        .def(py::pickle([](const money& x) { return py::make_tuple(x.amount().to_string(), std::string(x.currency_of().code())); },
                        [](const py::tuple& t) {
                            if (t.size() != 2) throw std::runtime_error("bad Money pickle");
                            return money(decimal::parse(t[0].cast<std::string>()), currency(t[1].cast<std::string>()));
                        }))
        .def(py::self + py::self)
        .def(py::self - py::self)
        .def(-py::self)
        .def(py::self == py::self)
        .def("__lt__", [](const money& a, const money& b) { return a < b; })
        .def("__hash__", [](const money& x) { return std::hash<money>{}(x); })
        .def("__mul__", [](const money& x, const py::object& k) { return x * to_decimal(k, "factor"); })
        .def("__rmul__", [](const money& x, const py::object& k) { return x * to_decimal(k, "factor"); })
        .def("__str__", &money::to_string)
        .def("__repr__", [](const py::object& self) {
            const auto& x = self.cast<const money&>();
            return std::string(py::str(py::type::of(self).attr("__name__"))) + "('" + x.amount().to_string() + "', '" +
                   std::string(x.currency_of().code()) + "')";
        });
}

}  // namespace grantfolio::python
