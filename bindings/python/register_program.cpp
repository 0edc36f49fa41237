// grantfolio.Program (program.hpp): the model, read-only, with pickling through the same archive code
// as C++ (a portable text archive).
#include <pybind11/operators.h>

#include <optional>
#include <sstream>

#include "common.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/giving360_rules.hpp"
#include "grantfolio/io/iati_rules.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/program.hpp"
#include "grantfolio/grouped_totals.hpp"
#include "grantfolio/query.hpp"
#include "grantfolio/validate.hpp"
#include "grantfolio/diff.hpp"

namespace grantfolio::python {

namespace {

/// The IATI writer's options from Python's: org_id, generated_at, and sectors as "15180",
/// "15180:60" or ("15180", 60) (vocabulary 1, OECD DAC 5-digit).
/// Findings as Python dicts: rule, severity, subject, field, message, line, link.
py::list findings_list(const std::vector<io::rule_finding>& found) {
    py::list out;
    for (const auto& f : found) {
        py::dict x;
        x["rule"] = f.rule;
        x["severity"] = to_string(f.finding.level);
        x["subject"] = f.finding.subject;
        x["field"] = f.finding.where.field;
        x["message"] = f.finding.message;
        x["line"] = f.finding.where.line;
        x["link"] = f.link;
        out.append(x);
    }
    return out;
}

io::iati_write_options iati_options(const std::optional<std::string>& org_id, const std::optional<std::string>& generated_at,
                                    const py::object& sectors) {
    io::iati_write_options o;
    o.org_id = org_id.value_or("");
    o.generated_datetime = generated_at.value_or("");
    if (sectors.is_none()) return o;
    if (py::isinstance<py::str>(sectors)) throw py::type_error("sectors is a list of codes ('15180', '15180:60' or ('15180', 60)), not one string");
    for (const auto& s : sectors) {
        classification c{"", "1", "", std::nullopt};
        if (py::isinstance<py::str>(s)) {
            const auto text = s.cast<std::string>();
            const auto colon = text.find(':');
            c.code = text.substr(0, colon);
            if (colon != std::string::npos) c.percentage = decimal::parse(text.substr(colon + 1));
        } else if (py::isinstance<py::tuple>(s) && py::len(s) == 2) {
            const auto pair = s.cast<py::tuple>();
            c.code = py::str(pair[0]).cast<std::string>();
            c.percentage = decimal::parse(py::str(pair[1]).cast<std::string>());
        } else {
            throw py::type_error("a sector is a code ('15180'), 'CODE:PERCENT' or a (code, percentage) pair, not " +
                             std::string(py::str(py::type::of(s).attr("__name__"))));
        }
        o.sectors.push_back(std::move(c));
    }
    return o;
}

}  // namespace

void register_program(py::module_& m) {
    // dynamic_attr: read() attaches what the reader reported as `diagnostics` (see grantfolio/__init__.py).
    py::class_<program>(m, "Program", "A donor's grant programme: names, phases, organisations, grants, places, totals.", py::dynamic_attr())
        .def_readonly("id", &program::id)
        .def("name", &program::name, py::arg("language") = "en", "The name in a language (BCP 47), else the first")
        .def("acronym", &program::acronym, py::arg("language") = "en")
        .def_property_readonly("donor", [](py::object self) -> py::object {
            const auto& p = self.cast<const program&>();
            if (p.donor.empty()) return py::none();
            return py::cast(&p.organization_by_id(p.donor), py::return_value_policy::reference_internal, self);
        })
        .def_property_readonly("implementer", [](py::object self) -> py::object {
            const auto& p = self.cast<const program&>();
            if (p.implementer.empty()) return py::none();
            return py::cast(&p.organization_by_id(p.implementer), py::return_value_policy::reference_internal, self);
        })
        .def_readonly("country", &program::country)
        .def_readonly("totals", &program::totals, "As written, one per currency (never summed across currencies)")
        .def_property_readonly("revised_on", [](const program& p) { return opt_date(p.revised_on); })
        .def_property_readonly("generated_at", [](const program& p) { return text_or_none(p.generated_at); },
                               "When the source file says it was made, as written (IATI generated-datetime), or None")
        .def_property_readonly("introduction", [](const program& p) { return record_or_none(p.introduction); },
                               "What the source says of the whole programme before its records, as read (a listing's introduction), or None")
        .def_readonly("source", &program::source)
        .def_property_readonly("phases", [](py::object self) { return refs(self.cast<const program&>().phases(), self); })
        .def_property_readonly("organizations", [](py::object self) { return refs(self.cast<const program&>().organizations(), self); })
        .def_property_readonly("grants", [](py::object self) { return refs(self.cast<const program&>().grants(), self); })
        .def_property_readonly("places", [](py::object self) { return refs(self.cast<const program&>().places().places(), self); })
        .def("grant", [](py::object self, const std::string& id) {
            const grant* g = self.cast<const program&>().find_grant(id);
            if (!g) throw py::key_error("no grant '" + id + "'");
            return py::cast(g, py::return_value_policy::reference_internal, self);
        }, py::arg("id"), "The grant with this id (KeyError otherwise)")
        .def("organization", [](py::object self, const std::string& id) {
            const organization* o = self.cast<const program&>().find_organization(id);
            if (!o) throw py::key_error("no organization '" + id + "'");
            return py::cast(o, py::return_value_policy::reference_internal, self);
        }, py::arg("id"), "The organisation with this id (KeyError otherwise)")
        .def("place", [](py::object self, const std::string& id) {
            const place* pl = self.cast<const program&>().places().find(id);
            if (!pl) throw py::key_error("no place '" + id + "'");
            return py::cast(pl, py::return_value_policy::reference_internal, self);
        }, py::arg("id"), "The gazetteer place with this id (KeyError otherwise)")
        .def("__len__", [](const program& p) { return p.grants().size(); }, "Number of grants")
        .def_property_readonly("transaction_count", [](const program& p) { return p.transactions().size(); },
                               "Number of transactions, all grants together")
        .def("transactions_of", [](const program& p, const std::string& id) {
            if (!p.find_grant(id)) throw py::key_error("no grant '" + id + "'");
            return p.transactions_of(id);
        }, py::arg("grant_id"), "The transactions of one grant, in the order they were added (KeyError for an unknown id, as grant() gives)")
        .def("_converted_totals",
             [](const program& p, const rate_table& rates, const std::string& to, const std::string& by,
                const std::string& kind, const std::string& missing, std::optional<int> max_age, unsigned threads,
                const std::string& split) {
                 auto policy = missing_rate_policy::parse(missing, max_age);
                 std::optional<query::grouped_totals> result;
                 {
                     py::gil_scoped_release nogil;
                     result = query::converted_totals_by(p, query::parse_group_by(by), rates, currency(to),
                                                    parse_transaction_kind(kind), policy, threads, query::parse_split_mode(split));
                 }
                 const auto& t = *result;
                 py::list key, total, count;
                 for (const auto& g : t.groups) {
                     key.append(g.key);
                     total.append(to_python(g.total.amount()));
                     count.append(g.transactions);
                 }
                 py::dict methods;
                 for (auto k : {conversion_method::identity, conversion_method::direct, conversion_method::inverse,
                                conversion_method::chain, conversion_method::last_known, conversion_method::interpolated})
                     methods[to_string(k)] = t.methods.count(k);
                 py::dict out;
                 out["key"] = key;
                 out["total"] = total;
                 out["transactions"] = count;
                 out["methods"] = methods;
                 out["split_by_percentage"] = t.split_by_percentage;
                 out["split_equally"] = t.split_equally;
                 return out;
             },
             py::arg("rates"), py::arg("to"), py::arg("by"), py::arg("kind"), py::arg("missing"), py::arg("max_age"),
             py::arg("threads"), py::arg("split") = "full")
        .def("validate", [](const program& p, const rate_table* rates) {
            py::list out;
            for (const auto& d : validate(p, rates)) {
                py::dict x;
                x["severity"] = to_string(d.level);
                x["subject"] = d.subject;
                x["field"] = d.where.field;
                x["message"] = d.message;
                x["file"] = d.where.file;
                x["line"] = d.where.line;
                out.append(x);
            }
            return out;
        }, py::arg("rates") = py::none(),
             "Problems found, as `grantfolio validate` finds them once the file is read: dicts with severity, subject, field, "
             "message, file and line (0: the finding is of the whole programme). With `rates`, the stated totals' implied "
             "rate is also checked against the table's.")
        .def("diff", [](const program& p, const program& other) {
            std::string out;
            {
                py::gil_scoped_release unlocked;
                out = diff_json(diff(p, other), -1);
            }
            return py::module_::import("json").attr("loads")(out);
        }, py::arg("other"),
             "What changed from this programme to `other` (a later revision): a dict with 'added' and 'removed' grants "
             "(id, title, grantee), 'changed' grants field by field (id, old_id, fields: field, before, after), 'renumbered' "
             "grants (a listing's, when one was added or removed before them), the programme's own 'program' fields, the "
             "money 'sums' per kind and currency (before, after, difference as decimal strings) and the count of 'changes'. "
             "As `grantfolio diff --format json`.")
        .def("save", [](const program& p, const std::filesystem::path& path, const std::string& format) {
            if (format == "json") {
                io::write_file_atomically(path, [&](std::ostream& out) { io::write_json(out, p); });
            } else if (format == "iati") {
                io::write_file_atomically(path, [&](std::ostream& out) { io::write_iati(out, p); });
            } else if (format == "360giving") {
                io::write_file_atomically(path, [&](std::ostream& out) { io::write_360giving(out, p); });
            } else if (format == "binary" || format == "xml" || format == "text") {
                io::save_archive(p, path, io::parse_archive_format(format));
            } else {
                throw invalid_argument("unknown format " + quote_value(format) + " (save writes binary, xml, text, json, iati or 360giving)");
            }
        }, py::arg("path"), py::arg("format") = "binary",
             "Saves atomically: format 'binary' (same machine), 'xml' or 'text' (portable), 'json', 'iati' (IATI 2.03 "
             "activities) or '360giving' (a JSON package); to_iati() and to_360giving() take the publisher's identifiers")
        .def("to_json", [](const program& p) { return io::to_json(p); }, "The public JSON form (docs/formats.md)")
        .def("to_iati", [](const program& p, const std::optional<std::string>& org_id, const std::optional<std::string>& generated_at,
                           const py::object& sectors) {
            const auto o = iati_options(org_id, generated_at, sectors);
            py::gil_scoped_release unlocked;
            return io::to_iati(p, o);
        }, py::arg("org_id") = py::none(), py::arg("generated_at") = py::none(), py::arg("sectors") = py::none(),
             "The programme as IATI 2.03 activities (text). org_id: the reporting organisation's identifier (e.g. "
             "'US-GOV-1'): activities that do not say who published them are reported under it and their identifiers "
             "prefixed with it (the programme's own kept as other-identifier type A1). generated_at: the file's "
             "generated-datetime (never the clock). sectors: for activities that state none, e.g. ['15180'] or "
             "[('15160', 60), ('15180', 40)] (OECD DAC 5-digit). An award becomes budgets of at most a year that add up to it.")
        .def("check_iati_rules", [](const program& p, const std::optional<std::string>& org_id, const py::object& sectors,
                                    const py::object& today) {
            const auto o = iati_options(org_id, std::nullopt, sectors);
            io::iati_rules_options ro;
            if (!today.is_none()) ro.today = to_date(today, "today");
            std::vector<io::rule_finding> found;
            {
                py::gil_scoped_release unlocked;
                found = io::iati_ruleset::standard().check(io::to_iati(p, o), "(to_iati)", ro);
            }
            return findings_list(found);
        }, py::arg("org_id") = py::none(), py::arg("sectors") = py::none(), py::arg("today") = py::none(),
             "IATI's standard ruleset (2.03, as the IATI Validator applies it) on the programme's IATI export "
             "(to_iati(org_id=, sectors=)): a dict per finding with rule (its id, e.g. '6.2.2'), severity, subject (the "
             "activity), field (the element's path), message, line (in that export) and link (IATI's guidance). today: "
             "the day 'in the future' is judged against (any date-like); default: today.")
        .def("check_360giving", [](const program& p, const std::optional<std::string>& prefix, const py::object& today) {
            io::giving360_check_options co;
            if (!today.is_none()) co.today = to_date(today, "today");
            std::vector<io::rule_finding> found;
            {
                py::gil_scoped_release unlocked;
                std::ostringstream package;
                io::write_360giving(package, p, io::giving360_write_options{prefix.value_or("")});
                found = io::check_360giving(package.str(), "(to_360giving)", co);
            }
            return findings_list(found);
        }, py::arg("prefix") = py::none(), py::arg("today") = py::none(),
             "360Giving's data quality checks (the Data Quality Tool's, by their names: 'ZeroAmountTest', 'TitleLength', ...) on "
             "the programme's package (to_360giving(prefix=)): a dict per finding as check_iati_rules gives, severity "
             "'warning' for the tool's accuracy checks and 'info' for its usefulness ones.")
        .def("to_360giving", [](const program& p, const std::optional<std::string>& prefix) {
            std::ostringstream out;
            {
                py::gil_scoped_release unlocked;
                io::write_360giving(out, p, io::giving360_write_options{prefix.value_or("")});
            }
            return out.str();
        }, py::arg("prefix") = py::none(),
             "The programme as a 360Giving JSON package (text). prefix: the publisher's 360Giving prefix (e.g. "
             "'360G-caaht') for grant ids and for organisation ids that are not registered identifiers.")
        .def(py::self == py::self)
        .def("__copy__", [](const program& p) { return program(p); })
        .def("__deepcopy__", [](const program& p, py::dict) { return program(p); }, py::arg("memo"))
        .def(py::pickle(
            [](const program& p) { return py::bytes(io::to_archive(p, io::archive_format::text)); },
            [](const py::bytes& b) { return io::from_archive(std::string(b), "<pickle>"); }))
        .def("__repr__", [](const py::object& self) {
            const auto& p = self.cast<const program&>();
            return class_name(self) + "(id='" + p.id + "', grants=" + std::to_string(p.grants().size()) + ")";
        });

}

}  // namespace grantfolio::python
