// Columns for pandas, assembled in C++: one pass over the programme, numpy arrays for numbers and
// dates, lists of str for text. The Python helpers (grantfolio/frames.py) wrap them in DataFrames.
#include <pybind11/numpy.h>

#include <tsl/robin_map.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <span>
#include <thread>

#include "common.hpp"
#include "grantfolio/detail/parallel.hpp"
#include "grantfolio/query.hpp"

namespace grantfolio::python {

namespace {

constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();

constexpr std::int64_t ns_per_day = 86'400'000'000'000;
/// datetime64[ns] holds 1677-09-22..2262-04-11: day numbers within +-106750 of 1970-01-01.
constexpr bool fits_ns(std::int64_t day) { return day == nat || (day >= -106'750 && day <= 106'750); }

/// Day numbers (NaT where missing) as datetime64[ns], which is what pandas keeps (it would convert
/// datetime64[D] itself, at a cost). A column with a date outside datetime64[ns]'s range becomes
/// datetime.date objects (None where missing) instead.
py::object date_column(std::vector<std::int64_t>& days) {
    if (!std::all_of(days.begin(), days.end(), fits_ns)) {
        py::list out(days.size());
        for (std::size_t i = 0; i < days.size(); ++i)
            out[i] = days[i] == nat ? py::none() : from_date(from_day_number(static_cast<int>(days[i])));
        return std::move(out);
    }
    py::array_t<std::int64_t> a(static_cast<py::ssize_t>(days.size()));
    std::int64_t* out = a.mutable_data();
    {
        py::gil_scoped_release release;
        std::transform(days.begin(), days.end(), out, [](std::int64_t d) { return d == nat ? nat : d * ns_per_day; });
    }
    return a.attr("view")("datetime64[ns]");
}

/// The same, written row by row without the GIL (from any thread, each row once); when a date
/// falls outside datetime64[ns], column() asks date_of(row) again for every row and makes objects.
class ns_date_column {
public:
    explicit ns_date_column(std::size_t n) : a_(static_cast<py::ssize_t>(n)), data_(a_.mutable_data()) {}
    void set(std::size_t row, const std::optional<date>& d) {
        const std::int64_t day = d ? day_number(*d) : nat;
        if (!fits_ns(day)) out_of_range_.store(true, std::memory_order_relaxed);
        data_[row] = day == nat || !fits_ns(day) ? nat : day * ns_per_day;
    }
    template <class DateOf>
    py::object column(DateOf date_of) const {
        if (!out_of_range_.load()) return a_.attr("view")("datetime64[ns]");
        py::list out(a_.size());
        for (py::ssize_t i = 0; i < a_.size(); ++i) {
            const std::optional<date> d = date_of(static_cast<std::size_t>(i));
            out[static_cast<std::size_t>(i)] = d ? from_date(*d) : py::none();
        }
        return std::move(out);
    }

private:
    py::array_t<std::int64_t> a_;
    std::int64_t* data_;
    std::atomic<bool> out_of_range_{false};
};

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

/// Many short texts packed for making str objects fast: gathered without the GIL (in parallel),
/// each already in the form CPython keeps it — one byte per character for ASCII and for Latin-1
/// (decoded here from UTF-8) — so that making the str is an allocation and a copy. Other text
/// stays UTF-8 and goes through CPython's decoder (malformed bytes replaced).
class packed_text {
public:
    enum form : std::uint8_t { ascii, latin1, utf8 };
    void reserve(std::size_t rows, std::size_t bytes) {
        end_.reserve(rows);
        form_.reserve(rows);
        bytes_.reserve(bytes);
    }
    void add(std::string_view s) {
        const std::size_t at = bytes_.size();
        // Most texts are ASCII: found by one pass the compiler vectorises, and copied whole.
        unsigned char high = 0;
        for (const char c : s) high |= static_cast<unsigned char>(c);
        if (high < 0x80) {
            bytes_.append(s);
            end_.push_back(bytes_.size());
            form_.push_back(ascii);
            return;
        }
        form f = ascii;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c < 0x80) {
                bytes_.push_back(static_cast<char>(c));
            } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
                bytes_.push_back(static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F)));
                f = latin1;
            } else {
                f = utf8;
                break;
            }
        }
        if (f == utf8) {
            bytes_.resize(at);
            bytes_.append(s);
        }
        end_.push_back(bytes_.size());
        form_.push_back(f);
    }
    std::size_t size() const noexcept { return end_.size(); }
    /// The str of text k (a new reference).
    PyObject* str(std::size_t k) const {
        const std::size_t from = k ? end_[k - 1] : 0, n = end_[k] - from;
        if (form_[k] == utf8) return PyUnicode_DecodeUTF8(bytes_.data() + from, static_cast<Py_ssize_t>(n), "replace");
        PyObject* s = PyUnicode_New(static_cast<Py_ssize_t>(n), form_[k] == ascii ? 127 : 255);
        if (s && n) std::memcpy(PyUnicode_1BYTE_DATA(s), bytes_.data() + from, n);
        return s;
    }

private:
    std::string bytes_;
    std::vector<std::size_t> end_;
    std::vector<form> form_;
};

/// Appends the str objects of texts (new references) to out.
void add_strs(const packed_text& texts, std::vector<PyObject*>& out) {
    for (std::size_t k = 0; k < texts.size(); ++k) {
        PyObject* s = texts.str(k);
        if (!s) throw py::error_already_set();
        out.push_back(s);
    }
}

/// decimal.Decimal objects from packed decimal texts; an empty text is None.
void add_decimals(const packed_text& texts, std::vector<PyObject*>& out) {
    py::object Decimal = py::module_::import("decimal").attr("Decimal");
    for (std::size_t k = 0; k < texts.size(); ++k) {
        PyObject* s = texts.str(k);
        if (!s) throw py::error_already_set();
        PyObject* x = PyUnicode_GET_LENGTH(s) ? PyObject_CallOneArg(Decimal.ptr(), s) : Py_NewRef(Py_None);
        Py_DECREF(s);
        if (!x) throw py::error_already_set();
        out.push_back(x);
    }
}

/// An object array of the texts of all parts, in order.
template <class Add>
py::array object_column(std::span<const packed_text> parts, std::size_t n, Add add) {
    std::vector<PyObject*> items;
    items.reserve(n);
    try {
        for (const auto& t : parts) add(t, items);
    } catch (...) {
        for (PyObject* o : items) Py_DECREF(o);
        throw;
    }
    return object_array(items);
}

/// Decimal objects, or None where missing.
py::array decimal_list(const std::vector<std::optional<decimal>>& v) {
    std::vector<packed_text> t(1);
    t[0].reserve(v.size(), v.size() * 12);
    for (const auto& x : v) t[0].add(x ? x->to_string() : std::string());
    return object_column(t, v.size(), add_decimals);
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
    return s;
}

/// Codes for a categorical column: each distinct value once, then int32 codes (-1: missing).
struct categories {
    packed_text values;
    std::vector<std::int32_t> codes;
    std::int32_t add(std::string_view v) {
        values.add(v);
        return static_cast<std::int32_t>(values.size() - 1);
    }
    py::dict to_python() const {
        py::dict d;
        d["codes"] = py::array_t<std::int32_t>(static_cast<py::ssize_t>(codes.size()), codes.data());
        d["categories"] = object_column(std::span(&values, 1), values.size(), add_strs);
        return d;
    }
};

/// Each place's qark and district as a bit number (gazetteer order), found once. A grant's set of
/// qarqe (or districts) is a 64-bit mask when the gazetteer has at most 63 qarqe and 64 districts
/// (bit 63 of the qark mask marks nationwide grants); otherwise (`narrow` false) a list of bits.
struct place_bits {
    std::vector<int> qark, district;  // by place position; -1: none
    std::vector<bool> nationwide;
    std::vector<const place*> qarqe, districts;  // by bit
    bool narrow = true;
    explicit place_bits(const program& p) {
        const auto& places = p.places().places();
        std::vector<int> qark_bit(places.size(), -1), district_bit(places.size(), -1);
        for (std::size_t i = 0; i < places.size(); ++i) {
            if (places[i].level == place_level::qark) {
                qark_bit[i] = static_cast<int>(qarqe.size());
                qarqe.push_back(&places[i]);
            }
            if (places[i].level == place_level::district) {
                district_bit[i] = static_cast<int>(districts.size());
                districts.push_back(&places[i]);
            }
        }
        qark.assign(places.size(), -1);
        district.assign(places.size(), -1);
        nationwide.assign(places.size(), false);
        for (std::size_t i = 0; i < places.size(); ++i) {
            nationwide[i] = places[i].level == place_level::nationwide;
            if (const place* q = p.places().ancestor(places[i], place_level::qark)) qark[i] = qark_bit[static_cast<std::size_t>(q - places.data())];
            if (const place* d = p.places().ancestor(places[i], place_level::district)) district[i] = district_bit[static_cast<std::size_t>(d - places.data())];
        }
        narrow = qarqe.size() <= 63 && districts.size() <= 64;
    }
    /// Names of the places of bits (sorted, no repeats) of by_bit, '; '-separated.
    static std::string names(std::span<const int> list, const std::vector<const place*>& by_bit, bool nationwide) {
        std::string s = nationwide ? "(nationwide)" : "";
        for (int b : list) s += (s.empty() ? "" : "; ") + by_bit[static_cast<std::size_t>(b)]->name;
        return s;
    }
    static std::string names(std::uint64_t mask, const std::vector<const place*>& by_bit, bool nationwide) {
        std::string s = nationwide ? "(nationwide)" : "";
        for (std::size_t b = 0; b < by_bit.size(); ++b)
            if (mask >> b & 1) s += (s.empty() ? "" : "; ") + by_bit[b]->name;
        return s;
    }
};

/// Masks hashed by their bits all together: std::hash of an integer is the integer itself, and
/// masks of one bit would all fall in the first bucket of a power-of-two table.
struct mask_hash {
    std::size_t operator()(std::uint64_t m) const noexcept {
        m ^= m >> 33;
        m *= 0xff51afd7ed558ccdULL;
        return static_cast<std::size_t>(m ^ (m >> 33));
    }
};

/// Texts to codes; the hash is kept beside each key, so that probing compares hashes, not texts
/// (grantee names share long prefixes).
using text_codes = tsl::robin_map<std::string_view, std::int32_t, std::hash<std::string_view>, std::equal_to<>,
                                  std::allocator<std::pair<std::string_view, std::int32_t>>, true>;

/// The bits set in a mask, lowest first.
std::vector<int> mask_bits(std::uint64_t mask) {
    std::vector<int> out;
    for (int b = 0; b < 64; ++b)
        if (mask >> b & 1) out.push_back(b);
    return out;
}

py::dict grant_columns(const program& p, date as_of, unsigned threads) {
    const std::size_t n = p.grants().size();
    const auto& places = p.places().places();
    const auto& orgs = p.organizations();
    const place_bits bits(p);
    constexpr std::uint64_t nationwide_bit = std::uint64_t(1) << 63;

    // 1. Without the GIL, in parallel: every per-grant value, and the grants' texts packed by part.
    py::array_t<std::int64_t> phase_(static_cast<py::ssize_t>(n));
    std::int64_t* phase_of = phase_.mutable_data();
    // Dates of a grant: planned start and end, actual start and end.
    auto date_of = [&p](int which) {
        return [&p, which](std::size_t i) -> std::optional<date> {
            const grant& g = p.grants()[i];
            switch (which) {
                case 0: return g.planned ? std::optional(g.planned->first()) : std::nullopt;
                case 1: return g.planned ? std::optional(g.planned->last()) : std::nullopt;
                case 2: return g.actual_start;
                default: return g.actual_end;
            }
        };
    };
    ns_date_column ps(n), pe(n), as(n), ae(n);
    std::vector<std::int32_t> status(n), org(n), cur(n);
    std::vector<std::uint64_t> qkey(n), dmask(n);
    std::vector<std::string> qtext, dtext;  // the names themselves, when the masks are too narrow
    if (!bits.narrow) {
        qtext.resize(n);
        dtext.resize(n);
    }
    const unsigned parts = grantfolio::detail::part_count(n, threads);
    std::vector<packed_text> ids(parts), titles(parts), awards(parts);
    {
        py::gil_scoped_release release;
        grantfolio::detail::run_in_parts(n, parts, [&](unsigned t, std::size_t lo, std::size_t hi) {
            ids[t].reserve(hi - lo, (hi - lo) * 8);
            titles[t].reserve(hi - lo, (hi - lo) * 40);
            awards[t].reserve(hi - lo, (hi - lo) * 12);
            for (std::size_t i = lo; i < hi; ++i) {
                const grant& g = p.grants()[i];
                phase_of[i] = g.phase;
                ps.set(i, g.planned ? std::optional(g.planned->first()) : std::nullopt);
                pe.set(i, g.planned ? std::optional(g.planned->last()) : std::nullopt);
                as.set(i, g.actual_start);
                ae.set(i, g.actual_end);
                status[i] = static_cast<std::int32_t>(g.status_on(as_of));
                const organization* o = g.grantee.empty() ? nullptr : p.find_organization(g.grantee);
                org[i] = o ? static_cast<std::int32_t>(o - orgs.data()) : -1;
                std::uint64_t q = 0, d = 0;
                std::vector<int> ql, dl;
                for (const auto& st : g.sites) {
                    const place* pl = p.place_of(st);
                    if (!pl) continue;
                    const auto k = static_cast<std::size_t>(pl - places.data());
                    if (bits.nationwide[k]) q |= nationwide_bit;
                    if (const int b = bits.qark[k]; b >= 0) bits.narrow ? void(q |= std::uint64_t(1) << b) : ql.push_back(b);
                    if (const int b = bits.district[k]; b >= 0) bits.narrow ? void(d |= std::uint64_t(1) << b) : dl.push_back(b);
                }
                if (!bits.narrow) {
                    for (auto* l : {&ql, &dl}) {
                        std::sort(l->begin(), l->end());
                        l->erase(std::unique(l->begin(), l->end()), l->end());
                    }
                    qtext[i] = place_bits::names(ql, bits.qarqe, q & nationwide_bit);
                    dtext[i] = place_bits::names(dl, bits.districts, false);
                }
                qkey[i] = q;
                dmask[i] = d;
                cur[i] = g.award ? static_cast<std::int32_t>(g.award->currency_of().index()) : -1;
                ids[t].add(g.id);
                titles[t].add(g.title);
                awards[t].add(g.award ? g.award->amount().to_string() : std::string());
            }
        });
    }

    // 2. Categories. Grantees in the programme's order of organisations, by name (two organisations
    // may share one); grantee ids likewise; site sets and currencies in order of first appearance.
    categories grantee, grantee_id, status_, qarqe, districts, currency_;
    for (auto s : {grant_status::planned, grant_status::active, grant_status::ended, grant_status::closed_early, grant_status::unknown})
        status_.add(to_string(s));
    status_.codes = std::move(status);
    for (auto* c : {&grantee, &grantee_id, &qarqe, &districts, &currency_}) c->codes.resize(n, -1);
    auto assign_codes = [&] {
        std::vector<std::int32_t> name_code(orgs.size(), -1), id_code(orgs.size(), -1);
        for (const auto k : org)
            if (k >= 0) id_code[static_cast<std::size_t>(k)] = 0;  // a grantee
        text_codes by_name;
        by_name.reserve(orgs.size());
        for (std::size_t k = 0; k < orgs.size(); ++k) {
            if (id_code[k] < 0) continue;
            id_code[k] = grantee_id.add(orgs[k].id);
            auto [it, fresh] = by_name.try_emplace(orgs[k].name, 0);
            if (fresh) it.value() = grantee.add(orgs[k].name);
            name_code[k] = it->second;
        }
        tsl::robin_map<std::uint64_t, std::int32_t, mask_hash> qarqe_code, district_code;
        text_codes qarqe_text, district_text;
        auto code_of = [](text_codes& seen, categories& c, const std::string& text) {
            auto [it, fresh] = seen.try_emplace(text, 0);
            if (fresh) it.value() = c.add(text);
            return it->second;
        };
        std::vector<std::int32_t> currency_code(currency::count(), -1);
        for (std::size_t i = 0; i < n; ++i) {
            if (const auto k = org[i]; k >= 0) {
                grantee.codes[i] = name_code[static_cast<std::size_t>(k)];
                grantee_id.codes[i] = id_code[static_cast<std::size_t>(k)];
            }
            if (bits.narrow) {
                auto [qi, qnew] = qarqe_code.try_emplace(qkey[i], 0);
                if (qnew) qi.value() = qarqe.add(place_bits::names(mask_bits(qkey[i] & ~nationwide_bit), bits.qarqe, qkey[i] & nationwide_bit));
                qarqe.codes[i] = qi->second;
                auto [di, dnew] = district_code.try_emplace(dmask[i], 0);
                if (dnew) di.value() = districts.add(place_bits::names(mask_bits(dmask[i]), bits.districts, false));
                districts.codes[i] = di->second;
            } else {
                qarqe.codes[i] = code_of(qarqe_text, qarqe, qtext[i]);
                districts.codes[i] = code_of(district_text, districts, dtext[i]);
            }
            if (const auto c = cur[i]; c >= 0) {
                if (currency_code[c] < 0) currency_code[c] = currency_.add(currency::from_index(static_cast<std::uint16_t>(c)).code());
                currency_.codes[i] = currency_code[c];
            }
        }
        };
    // It runs beside step 3's first objects (pure C++ on another thread, while this one holds the GIL).
    std::exception_ptr assign_failed;
    std::thread assigner;
    try {
        assigner = std::thread([&] {
            try {
                assign_codes();
            } catch (...) {
                assign_failed = std::current_exception();
            }
        });
    } catch (const std::system_error&) {
        assign_codes();  // no thread to be had: here
    }
    auto join_assigner = [&] {
        if (!assigner.joinable()) return;
        py::gil_scoped_release release;
        assigner.join();
    };

    // 3. With the GIL: the objects; first those the categories do not touch.
    py::object ids_, titles_, awards_;
    try {
        ids_ = object_column(ids, n, add_strs);
        titles_ = object_column(titles, n, add_strs);
        awards_ = object_column(awards, n, add_decimals);
    } catch (...) {
        join_assigner();
        throw;
    }
    join_assigner();
    if (assign_failed) std::rethrow_exception(assign_failed);
    py::dict c;
    c["id"] = ids_;
    c["phase"] = phase_;
    c["title"] = titles_;
    c["grantee"] = grantee.to_python();
    c["grantee_id"] = grantee_id.to_python();
    c["planned_start"] = ps.column(date_of(0));
    c["planned_end"] = pe.column(date_of(1));
    c["actual_start"] = as.column(date_of(2));
    c["actual_end"] = ae.column(date_of(3));
    c["status"] = status_.to_python();
    c["qarqe"] = qarqe.to_python();
    c["districts"] = districts.to_python();
    c["award_amount"] = awards_;
    c["award_currency"] = currency_.to_python();
    return c;
}

py::dict transaction_columns(const program& p) {
    // Straight from the columnar store: grant, kind and currency are codes into small tables.
    const auto& s = p.transactions();
    const std::size_t n = s.size();
    categories grant_, kind, cur;
    for (const auto& g : p.grants()) grant_.add(g.id);
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
        if (code_of[c] < 0) code_of[c] = cur.add(currency::from_index(c).code());
        cur.codes[r] = code_of[c];
        amount[r] = s.amount_value(r);
    }
    for (std::size_t k = 0; k < s.data().note_row.size(); ++k) note[s.data().note_row[k]] = std::string(s.note(s.data().note_row[k]));
    py::dict c;
    c["grant"] = grant_.to_python();
    c["kind"] = kind.to_python();
    c["value_date"] = date_column(day);
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
    c["month"] = date_column(month);
    c["active"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(active.size()), active.data());
    c["grant_ids"] = str_list(ids);
    return c;
}

}  // namespace

void register_frames(py::module_& m) {
    m.def("_grant_columns", [](const program& p, const py::object& as_of, unsigned threads) { return grant_columns(p, to_date(as_of), threads); },
          py::arg("program"), py::arg("as_of"), py::arg("threads") = 0);
    m.def("_transaction_columns", &transaction_columns);
    m.def("_coverage_columns", &coverage_columns);
    m.def("_timeline_columns", &timeline_columns);
}

}  // namespace grantfolio::python
