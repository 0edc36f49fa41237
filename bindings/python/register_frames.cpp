// Columns for pandas, assembled in C++: one pass over the programme, numpy arrays for numbers and
// dates, lists of str for text. The Python helpers (grantfolio/frames.py) wrap them in DataFrames.
#include <pybind11/numpy.h>

#include <unordered_map>

#include "common.hpp"
#include "grantfolio/query.hpp"

namespace grantfolio::python {

namespace {

constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();

/// A datetime64[D] array from day numbers (NaT where missing).
py::object date_array(const std::vector<std::int64_t>& days) {
    py::array_t<std::int64_t> a(static_cast<py::ssize_t>(days.size()));
    std::copy(days.begin(), days.end(), a.mutable_data());
    return a.attr("view")("datetime64[D]");
}

/// A numpy array of dtype object, filled with new references (each PyObject* is stolen).
py::array object_array(const std::vector<PyObject*>& items) {
    py::array a = py::module_::import("numpy").attr("empty")(items.size(), py::arg("dtype") = "object");
    auto** data = static_cast<PyObject**>(a.mutable_data());
    for (std::size_t i = 0; i < items.size(); ++i) {
        Py_XDECREF(data[i]);  // numpy fills new object arrays with None
        data[i] = items[i];
    }
    return a;
}

py::list str_list(const std::vector<std::string>& v) {
    py::list out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        PyObject* s = PyUnicode_DecodeUTF8(v[i].data(), static_cast<Py_ssize_t>(v[i].size()), "replace");
        if (!s) throw py::error_already_set();
        PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), s);
    }
    return out;
}

/// Decimal objects, or None where missing.
py::array decimal_list(const std::vector<std::optional<decimal>>& v) {
    py::object Decimal = py::module_::import("decimal").attr("Decimal");
    std::vector<PyObject*> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        PyObject* x;
        if (v[i]) {
            std::string text = v[i]->to_string();
            PyObject* s = PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size()));
            if (!s) throw py::error_already_set();
            x = PyObject_CallOneArg(Decimal.ptr(), s);
            Py_DECREF(s);
            if (!x) throw py::error_already_set();
        } else {
            x = Py_NewRef(Py_None);
        }
        out[i] = x;
    }
    return object_array(out);
}

std::int64_t day_or_nat(const std::optional<date>& d) { return d ? day_number(*d) : nat; }

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
    return s;
}

/// Codes for a categorical column: each distinct value once, then int32 codes (-1: missing).
struct categories {
    std::vector<std::string> values;
    std::vector<std::int32_t> codes;
    std::int32_t add(const std::string& v) {
        values.push_back(v);
        return static_cast<std::int32_t>(values.size() - 1);
    }
    py::dict to_python() const {
        py::dict d;
        d["codes"] = py::array_t<std::int32_t>(static_cast<py::ssize_t>(codes.size()), codes.data());
        d["categories"] = str_list(values);
        return d;
    }
};

py::dict grant_columns(const program& p, date as_of) {
    const std::size_t n = p.grants().size();
    const auto& places = p.places().places();
    // Each place's qark and district, by position, found once.
    std::vector<int> qark_of(places.size(), -1), district_of(places.size(), -1);
    std::vector<int> qark_bit(places.size(), -1), district_bit(places.size(), -1);
    int qarqe_seen = 0, districts_seen = 0;
    for (std::size_t i = 0; i < places.size(); ++i) {
        if (places[i].level == place_level::qark) qark_bit[i] = qarqe_seen++;
        if (places[i].level == place_level::district) district_bit[i] = districts_seen++;
    }
    for (std::size_t i = 0; i < places.size(); ++i) {
        if (const place* q = p.places().ancestor(places[i], place_level::qark)) qark_of[i] = static_cast<int>(q - places.data());
        if (const place* d = p.places().ancestor(places[i], place_level::district)) district_of[i] = static_cast<int>(d - places.data());
    }
    std::vector<py::object> id(n), title(n);
    std::vector<std::int64_t> phase_(n), ps(n), pe(n), as(n), ae(n);
    std::vector<std::optional<decimal>> award(n);
    categories grantee, grantee_id, status, qarqe, districts, currency_;
    for (auto* c : {&grantee, &grantee_id, &status, &qarqe, &districts, &currency_}) c->codes.resize(n, -1);
    for (auto s : {grant_status::planned, grant_status::active, grant_status::ended, grant_status::closed_early, grant_status::unknown})
        status.add(to_string(s));
    std::vector<std::int32_t> org_code(p.organizations().size(), -1);
    std::unordered_map<std::uint64_t, std::int32_t> qarqe_code, district_code;  // site sets as bit masks
    std::vector<std::int32_t> currency_code(currency::count(), -1);
    auto names = [&](std::uint64_t mask, const std::vector<int>& bit, bool nationwide) {
        std::string s = nationwide ? "(nationwide)" : "";
        for (std::size_t i = 0; i < places.size(); ++i)
            if (bit[i] >= 0 && (mask >> bit[i] & 1)) s += (s.empty() ? "" : "; ") + places[i].name;
        return s;
    };
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < n; ++i) {
            const grant& g = p.grants()[i];
            phase_[i] = g.phase;
            ps[i] = g.planned ? day_number(g.planned->first()) : nat;
            pe[i] = g.planned ? day_number(g.planned->last()) : nat;
            as[i] = day_or_nat(g.actual_start);
            ae[i] = day_or_nat(g.actual_end);
            status.codes[i] = static_cast<std::int32_t>(g.status_on(as_of));
            if (const organization* o = g.grantee.empty() ? nullptr : p.find_organization(g.grantee)) {
                auto k = static_cast<std::size_t>(o - p.organizations().data());
                if (org_code[k] < 0) {
                    org_code[k] = grantee.add(o->name);
                    grantee_id.add(o->id);
                }
                grantee.codes[i] = grantee_id.codes[i] = org_code[k];
            }
            std::uint64_t qmask = 0, dmask = 0;
            bool nationwide = false;
            for (const auto& st : g.sites) {
                const place* pl = p.place_of(st);
                if (!pl) continue;
                auto k = static_cast<std::size_t>(pl - places.data());
                if (pl->level == place_level::nationwide) nationwide = true;
                if (qark_of[k] >= 0 && qark_bit[static_cast<std::size_t>(qark_of[k])] < 64)
                    qmask |= std::uint64_t(1) << qark_bit[static_cast<std::size_t>(qark_of[k])];
                if (district_of[k] >= 0 && district_bit[static_cast<std::size_t>(district_of[k])] < 64)
                    dmask |= std::uint64_t(1) << district_bit[static_cast<std::size_t>(district_of[k])];
            }
            std::uint64_t qkey = qmask | (nationwide ? std::uint64_t(1) << 63 : 0);
            auto [qi, qnew] = qarqe_code.try_emplace(qkey, 0);
            if (qnew) qi->second = qarqe.add(names(qmask, qark_bit, nationwide));
            qarqe.codes[i] = qi->second;
            auto [di, dnew] = district_code.try_emplace(dmask, 0);
            if (dnew) di->second = districts.add(names(dmask, district_bit, false));
            districts.codes[i] = di->second;
            if (g.award) {
                award[i] = g.award->amount();
                auto c = g.award->currency_of().index();
                if (currency_code[c] < 0) currency_code[c] = currency_.add(std::string(g.award->currency_of().code()));
                currency_.codes[i] = currency_code[c];
            }
        }
    }
    std::vector<PyObject*> idv(n), titlev(n);
    for (std::size_t i = 0; i < n; ++i) {
        const grant& g = p.grants()[i];
        idv[i] = PyUnicode_DecodeUTF8(g.id.data(), static_cast<Py_ssize_t>(g.id.size()), "replace");
        titlev[i] = PyUnicode_DecodeUTF8(g.title.data(), static_cast<Py_ssize_t>(g.title.size()), "replace");
        if (!idv[i] || !titlev[i]) throw py::error_already_set();
    }
    py::array ids = object_array(idv), titles = object_array(titlev);
    py::dict c;
    c["id"] = ids;
    c["phase"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(n), phase_.data());
    c["title"] = titles;
    c["grantee"] = grantee.to_python();
    c["grantee_id"] = grantee_id.to_python();
    c["planned_start"] = date_array(ps);
    c["planned_end"] = date_array(pe);
    c["actual_start"] = date_array(as);
    c["actual_end"] = date_array(ae);
    c["status"] = status.to_python();
    c["qarqe"] = qarqe.to_python();
    c["districts"] = districts.to_python();
    c["award_amount"] = decimal_list(award);
    c["award_currency"] = currency_.to_python();
    return c;
}

py::dict transaction_columns(const program& p) {
    // Straight from the columnar store: grant, kind and currency are codes into small tables.
    const auto& s = p.transactions();
    const std::size_t n = s.size();
    categories grant_, kind, cur;
    for (const auto& g : p.grants()) grant_.values.push_back(g.id);
    grant_.codes.assign(s.grants().begin(), s.grants().end());
    for (auto k : all_transaction_kinds)
        kind.add(to_string(k));
    kind.codes.assign(s.kinds().begin(), s.kinds().end());
    std::vector<std::int32_t> code_of(currency::count(), -1);
    cur.codes.resize(n);
    std::vector<std::int64_t> day(s.days().begin(), s.days().end());
    std::vector<std::optional<decimal>> amount(n);
    std::vector<std::string> note(n);
    for (std::size_t r = 0; r < n; ++r) {
        auto c = s.currencies()[r];
        if (code_of[c] < 0) code_of[c] = cur.add(std::string(currency::from_index(c).code()));
        cur.codes[r] = code_of[c];
        amount[r] = s.amount_value(r);
    }
    for (std::size_t k = 0; k < s.data().note_row.size(); ++k) note[s.data().note_row[k]] = std::string(s.note(s.data().note_row[k]));
    py::dict c;
    c["grant"] = grant_.to_python();
    c["kind"] = kind.to_python();
    c["value_date"] = date_array(day);
    c["amount"] = decimal_list(amount);
    c["currency"] = cur.to_python();
    c["note"] = str_list(note);
    return c;
}

py::dict coverage_columns(const program& p, const std::string& level) {
    place_level l = parse_place_level(level);
    auto cov = query::coverage_by(p, l);
    std::vector<std::string> area, id, parent, grants;
    std::vector<std::int64_t> count;
    std::vector<double> months;
    for (const auto& r : cov.areas) {
        area.push_back(r.area->name);
        id.push_back(r.area->id);
        const place* q = l == place_level::qark ? nullptr : p.places().ancestor(*r.area, place_level::qark);
        parent.push_back(q ? q->name : "");
        count.push_back(static_cast<std::int64_t>(r.grants.size()));
        months.push_back(r.grant_months);
        std::vector<std::string> ids;
        for (const grant* g : r.grants) ids.push_back(g->id);
        grants.push_back(join(ids));
    }
    std::vector<std::string> nationwide, above;
    for (const grant* g : cov.nationwide) nationwide.push_back(g->id);
    for (const grant* g : cov.above_level) above.push_back(g->id);
    py::dict c;
    c["area"] = str_list(area);
    c["place_id"] = str_list(id);
    c["qark"] = str_list(parent);
    c["grants"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(count.size()), count.data());
    c["grant_months"] = py::array_t<double>(static_cast<py::ssize_t>(months.size()), months.data());
    c["grant_ids"] = str_list(grants);
    py::dict extra;
    extra["nationwide"] = str_list(nationwide);
    extra["above_level"] = str_list(above);
    return py::dict(py::arg("columns") = c, py::arg("extra") = extra);
}

py::dict timeline_columns(const program& p) {
    std::vector<std::int64_t> month, active;
    std::vector<std::string> ids;
    for (const auto& m : query::timeline(p)) {
        month.push_back(day_number(m.month.first()));
        active.push_back(static_cast<std::int64_t>(m.active.size()));
        std::vector<std::string> x;
        for (const grant* g : m.active) x.push_back(g->id);
        ids.push_back(join(x));
    }
    py::dict c;
    c["month"] = date_array(month);
    c["active"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(active.size()), active.data());
    c["grant_ids"] = str_list(ids);
    return c;
}

}  // namespace

void register_frames(py::module_& m) {
    m.def("_grant_columns", [](const program& p, const py::object& as_of) { return grant_columns(p, to_date(as_of)); });
    m.def("_transaction_columns", &transaction_columns);
    m.def("_coverage_columns", &coverage_columns);
    m.def("_timeline_columns", &timeline_columns);
}

}  // namespace grantfolio::python
