// grantfolio.Money: an exact amount in one currency, with the numeric protocol of decimal.Decimal.
#include "common.hpp"
#include "grantfolio/money.hpp"
#include "grantfolio/text.hpp"

namespace grantfolio::python {

namespace {

py::object not_implemented() { return py::reinterpret_borrow<py::object>(Py_NotImplemented); }

bool is_money(const py::handle& x) { return py::isinstance<money>(x); }

/// A factor for * and /: int (numpy integers too) or decimal.Decimal. Floats and bools raise the
/// TypeError that says why; anything else is NotImplemented (nullopt).
std::optional<decimal> factor(const py::handle& k) {
    if (is_integer_like(k) || is_decimal(k)) return to_decimal(k, "a factor of Money");
    if (is_bool_like(k) || is_float_like(k))
        throw py::type_error("Money can be multiplied or divided by an int or a decimal.Decimal, not by " + type_name(k) +
                             (is_bool_like(k) ? "" : " (binary floating point is not exact)"));
    return std::nullopt;
}

rounding_mode rounding_named(const std::string& mode) {
    for (auto r : {rounding_mode::half_even, rounding_mode::half_up, rounding_mode::down, rounding_mode::up})
        if (mode == to_string(r)) return r;
    throw grantfolio::invalid_argument("unknown rounding mode " + quote_value(mode) +
                                       " (half-even, half-up, down or up)");
}

/// The decimals a quotient keeps: the currency's minor unit, or `scale` when given (needed for
/// currencies without one, such as XAU).
int quotient_scale(const money& m, const std::optional<int>& scale) {
    if (scale) {
        if (*scale < 0 || *scale > decimal::max_scale)
            throw grantfolio::invalid_argument("scale " + std::to_string(*scale) + " is outside 0..38");
        return *scale;
    }
    if (auto mu = m.currency_of().minor_unit()) return *mu;
    throw grantfolio::invalid_argument(std::string(m.currency_of().code()) +
                                       " has no minor unit: divide(k, scale=N) says how many decimals to keep");
}

money divided(const money& m, const decimal& k, rounding_mode mode, const std::optional<int>& scale) {
    if (k.sign() == 0) throw py::value_error("division of " + m.to_string() + " by zero");
    return money(decimal::divide(m.amount(), k, quotient_scale(m, scale), mode), m.currency_of());
}

const amount_format& format_named(const std::string& name) {
    static const amount_format formats[] = {amount_format::plain(), amount_format::english(), amount_format::albanian()};
    for (const auto& f : formats)
        if (name == f.name) return f;
    throw grantfolio::invalid_argument("unknown amount format " + quote_value(name) + " (plain, english or albanian)");
}

}  // namespace

void register_money(py::module_& m) {
    py::class_<money> cls(m, "Money",
                          "An exact amount in one ISO 4217 currency, with decimal.Decimal's protocol: ordering\n"
                          "within a currency, sum(), abs(), +, -, * and / by int or Decimal, round(), format()\n"
                          "specs and bool(). Floats and bools are refused; foreign types give NotImplemented.");
    cls.def(py::init([](const py::object& amount, const std::string& code) {
                return money(to_decimal(amount, "amount"), currency(code));
            }),
            py::arg("amount"), py::arg("currency"),
            "Money('2097624', 'USD'); amount is str, int (numpy integers too) or decimal.Decimal")
        .def_static("parse", [](const std::string& text, const std::string& code, const std::string& format) {
                        return money::parse(text, currency(code), format_named(format));
                    },
                    py::arg("text"), py::arg("currency"), py::arg("format") = "plain",
                    "Money from text written with digit grouping: format 'plain' (2097624.50), 'english'\n"
                    "(2,097,624.50) or 'albanian' (2.097.624,50). More decimals than the currency's minor\n"
                    "unit are refused, as are misplaced group separators.\n\n"
                    ">>> Money.parse('2,097,624', 'USD', format='english')\n"
                    "Money('2097624', 'USD')")
        .def_property_readonly("amount", [](const money& x) { return to_python(x.amount()); },
                               "The exact amount, a decimal.Decimal")
        .def_property_readonly("currency", [](const money& x) { return std::string(x.currency_of().code()); },
                               "The ISO 4217 code")
        .def("rounded", [](const money& x, const std::string& mode) { return x.rounded(rounding_named(mode)); },
             py::arg("mode") = "half-even", "To the currency's minor unit: half-even, half-up, down or up")
        .def("allocate", [](const money& x, const std::vector<py::object>& weights) {
                 std::vector<decimal> w;
                 for (const auto& o : weights) w.push_back(to_decimal(o, "weight"));
                 return x.allocate(w);
             },
             py::arg("weights"), "Splits into amounts at the minor unit that add up exactly (largest remainder)")
        .def("divide", [](const money& x, const py::object& k, const std::string& rounding, std::optional<int> scale) {
                 auto d = factor(k);
                 if (!d) throw py::type_error("Money.divide takes an int or a decimal.Decimal, not " + type_name(k));
                 return divided(x, *d, rounding_named(rounding), scale);
             },
             py::arg("divisor"), py::kw_only(), py::arg("rounding") = "half-even", py::arg("scale") = py::none(),
             "The quotient rounded once to the currency's minor unit (or `scale` decimals) with a named\n"
             "rounding: half-even (default, as `/`), half-up, down or up. To split an amount without losing\n"
             "a cent, use allocate().\n\n"
             ">>> Money('10', 'USD').divide(3, rounding='up')\n"
             "Money('3.34', 'USD')")
        .def_property_readonly("minor_units", &money::minor_units, "The amount as an int of minor units")
        .def("__copy__", [](const money& x) { return x; })
        .def("__deepcopy__", [](const money& x, py::dict) { return x; }, py::arg("memo"))
        .def(py::pickle([](const money& x) { return py::make_tuple(x.amount().to_string(), std::string(x.currency_of().code())); },
                        [](const py::tuple& t) {
                            if (t.size() != 2) throw std::runtime_error("bad Money pickle");
                            return money(decimal::parse(t[0].cast<std::string>()), currency(t[1].cast<std::string>()));
                        }))
        // Arithmetic: Money with Money of its currency (CurrencyMismatch otherwise); 0 + Money is the
        // Money, so that sum() needs no start value; anything else is NotImplemented.
        .def("__add__", [](const money& a, const py::object& b) -> py::object {
            if (is_money(b)) return py::cast(a + b.cast<const money&>());
            if (py::isinstance<py::int_>(b) && !py::isinstance<py::bool_>(b) && b.cast<py::int_>().equal(py::int_(0)))
                return py::cast(a);
            return not_implemented();
        })
        .def("__radd__", [](const money& a, const py::object& b) -> py::object {
            if (py::isinstance<py::int_>(b) && !py::isinstance<py::bool_>(b) && b.cast<py::int_>().equal(py::int_(0)))
                return py::cast(a);
            return not_implemented();
        })
        .def("__sub__", [](const money& a, const py::object& b) -> py::object {
            if (is_money(b)) return py::cast(a - b.cast<const money&>());
            return not_implemented();
        })
        .def("__neg__", [](const money& a) { return -a; })
        .def("__pos__", [](const money& a) { return a; })
        .def("__abs__", [](const money& a) { return a.amount().sign() < 0 ? -a : a; })
        .def("__bool__", [](const money& a) { return a.amount().sign() != 0; })
        .def("__mul__", [](const money& a, const py::object& k) -> py::object {
            if (auto d = factor(k)) return py::cast(a * *d);
            return not_implemented();
        })
        .def("__rmul__", [](const money& a, const py::object& k) -> py::object {
            if (auto d = factor(k)) return py::cast(a * *d);
            return not_implemented();
        })
        // Money / k rounds half-even to the minor unit (divide() names another rounding);
        // Money / Money of one currency is their ratio, a decimal.Decimal in Decimal's context.
        .def("__truediv__", [](const money& a, const py::object& b) -> py::object {
            if (is_money(b)) {
                const auto& c = b.cast<const money&>();
                if (c.currency_of() != a.currency_of()) (void)(a < c);  // throws CurrencyMismatch
                return to_python(a.amount()).attr("__truediv__")(to_python(c.amount()));
            }
            if (auto d = factor(b)) return py::cast(divided(a, *d, rounding_mode::half_even, std::nullopt));
            return not_implemented();
        })
        // Ordering within one currency (CurrencyMismatch across); equality never raises.
        .def("__eq__", [](const money& a, const py::object& b) -> py::object {
            if (is_money(b)) return py::bool_(a == b.cast<const money&>());
            return not_implemented();
        })
        .def("__ne__", [](const money& a, const py::object& b) -> py::object {
            if (is_money(b)) return py::bool_(!(a == b.cast<const money&>()));
            return not_implemented();
        })
        .def("__lt__", [](const money& a, const py::object& b) -> py::object {
            if (is_money(b)) return py::bool_(a < b.cast<const money&>());
            return not_implemented();
        })
        .def("__le__", [](const money& a, const py::object& b) -> py::object {
            if (is_money(b)) return py::bool_(a <= b.cast<const money&>());
            return not_implemented();
        })
        .def("__gt__", [](const money& a, const py::object& b) -> py::object {
            if (is_money(b)) return py::bool_(a > b.cast<const money&>());
            return not_implemented();
        })
        .def("__ge__", [](const money& a, const py::object& b) -> py::object {
            if (is_money(b)) return py::bool_(a >= b.cast<const money&>());
            return not_implemented();
        })
        .def("__hash__", [](const money& x) { return std::hash<money>{}(x); })
        // round(m): to the minor unit, half-even; round(m, n): to n decimals, half-even.
        .def("__round__", [](const money& x, std::optional<int> n) {
            if (!n) return x.rounded(rounding_mode::half_even);
            if (*n < 0 || *n > decimal::max_scale)
                throw grantfolio::invalid_argument("round(Money, " + std::to_string(*n) + "): decimals outside 0..38");
            return x.rounded(*n, rounding_mode::half_even);
        },
             py::arg("ndigits") = py::none())
        // format(m, ',.2f') formats the amount as Decimal does, then the code: '2,097,624.00 USD'.
        .def("__format__", [](const money& x, const std::string& spec) -> std::string {
            if (spec.empty()) return x.to_string();
            return std::string(py::str(to_python(x.amount()).attr("__format__")(spec))) + " " +
                   std::string(x.currency_of().code());
        })
        .def("__str__", &money::to_string)
        .def("__repr__", [](const py::object& self) {
            const auto& x = self.cast<const money&>();
            return std::string(py::str(py::type::of(self).attr("__name__"))) + "('" + x.amount().to_string() + "', '" +
                   std::string(x.currency_of().code()) + "')";
        });

    m.def("format_money", [](const money& x, const std::string& locale, std::optional<int> fraction_digits) {
              return text::format_money(x, locale, fraction_digits);
          },
          py::arg("money"), py::kw_only(), py::arg("locale") = "en_US", py::arg("fraction_digits") = py::none(),
          "Money as a locale writes it (ICU: symbol, grouping, decimal mark), every digit kept; the\n"
          "currency's minor unit is shown unless `fraction_digits` says otherwise. Locale: 'en_US',\n"
          "'sq_AL', 'de-CH', ... (an unknown one raises InvalidArgument).\n\n"
          ">>> format_money(Money('2097624', 'USD'), locale='en_US')\n"
          "'$2,097,624.00'");
}

}  // namespace grantfolio::python
