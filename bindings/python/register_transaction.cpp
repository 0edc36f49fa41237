// grantfolio.Transaction (transaction.hpp), with what else its source says of it as a dict.
#include <pybind11/operators.h>

#include "common.hpp"
#include "grantfolio/transaction.hpp"

namespace grantfolio::python {

namespace {

py::dict detail_dict(const transaction_detail& d) {
    py::dict out;
    for (const auto& [key, day] : {std::pair{"transaction_date", &d.transaction_date}, std::pair{"period_start", &d.period_start},
                                   std::pair{"period_end", &d.period_end}})
        if (*day) out[key] = from_date(**day);
    for (const auto& [key, field] : transaction_detail_texts)
        if (!(d.*field).empty()) out[key] = d.*field;
    for (const auto& [key, party] : {std::pair{"provider", &d.provider}, std::pair{"receiver", &d.receiver}}) {
        if (party->empty()) continue;
        py::dict p;
        auto opt = [](const std::string& s) -> py::object { return s.empty() ? py::none() : py::object(py::str(s)); };
        p["org"] = opt(party->org), p["activity_id"] = opt(party->activity_id), p["type"] = opt(party->type), p["name"] = opt(party->name);
        out[key] = p;
    }
    for (const auto& [key, list] : {std::pair{"aid_types", &d.aid_types}, std::pair{"sectors", &d.sectors},
                                    std::pair{"recipient_countries", &d.recipient_countries}, std::pair{"recipient_regions", &d.recipient_regions}})
        if (!list->empty()) {
            py::list items;
            for (const auto& c : *list) items.append(py::cast(c));
            out[key] = items;
        }
    return out;
}

}  // namespace

void register_transaction(py::module_& m) {
    py::class_<transaction>(m, "Transaction", "Money moving under a grant on a value date.")
        .def_property_readonly("kind", [](const transaction& t) { return std::string(to_string(t.kind)); },
                               "commitment, disbursement, expenditure or refund")
        .def_property_readonly("value_date", [](const transaction& t) { return from_date(t.value_date); })
        .def_readonly("amount", &transaction::amount, "Money")
        .def_readonly("note", &transaction::note, "Its description")
        .def_property_readonly("transaction_date", [](const transaction& t) { return from_date(t.detail->transaction_date.value_or(t.value_date)); },
                               "The transaction's own date (IATI transaction-date): the value date unless the source gives another")
        .def_property_readonly("detail", [](const transaction& t) { return detail_dict(*t.detail); },
                               "What else the source says of it, only what it states: transaction_date, period_start, period_end, type, "
                               "status, ref, humanitarian, provider and receiver ({'org', 'activity_id', 'type', 'name'}), "
                               "disbursement_channel, flow_type, finance_type, tied_status, aid_types, sectors, recipient_countries, "
                               "recipient_regions (lists of Classification)")
        .def(py::self == py::self)
        .def("__repr__", [](const transaction& t) {
            return "Transaction('" + std::string(to_string(t.kind)) + "', " + format_date(t.value_date) + ", " + t.amount.to_string() + ")";
        });

}

}  // namespace grantfolio::python
