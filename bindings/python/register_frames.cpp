// Columns for pandas, assembled in C++: one pass over the programme, numpy arrays for numbers and
// dates, lists of str for text. The Python helpers (grantfolio/frames.py) wrap them in DataFrames.
#include <pybind11/numpy.h>

#include <tsl/robin_map.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <span>

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

/// A str from UTF-8 text: the one way the frames make text objects. ASCII (nearly all ids, codes
/// and dates) is copied into a new one-byte str; anything else goes through CPython's decoder
/// (malformed bytes replaced, never refused).
py::object new_str(std::string_view s) {
    unsigned char high = 0;
    for (const char c : s) high |= static_cast<unsigned char>(c);  // vectorised by the compiler
    PyObject* o = nullptr;
    if (high < 0x80) {
        o = PyUnicode_New(static_cast<Py_ssize_t>(s.size()), 127);
        if (o && !s.empty()) std::memcpy(PyUnicode_1BYTE_DATA(o), s.data(), s.size());
    } else {
        o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
    }
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(o);
}

/// A numpy array of dtype object holding `items` (their references move into it).
py::array object_array(std::vector<py::object>& items) {
    py::array a = py::module_::import("numpy").attr("empty")(items.size(), py::arg("dtype") = "object");
    auto** data = static_cast<PyObject**>(a.mutable_data());
    for (std::size_t i = 0; i < items.size(); ++i) {
        PyObject* none = data[i];  // numpy fills new object arrays with None
        data[i] = items[i].release().ptr();
        Py_XDECREF(none);
    }
    return a;
}

py::list str_list(const std::vector<std::string>& v) {
    py::list out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = new_str(v[i]);
    return out;
}

/// Many short texts gathered for making str objects: filled without the GIL (in parallel, a part
/// each), made into objects afterwards with the GIL (new_str).
class packed_text {
public:
    void reserve(std::size_t rows, std::size_t bytes) {
        end_.reserve(rows);
        bytes_.reserve(bytes);
    }
    void add(std::string_view s) {
        bytes_.append(s);
        end_.push_back(bytes_.size());
    }
    std::size_t size() const noexcept { return end_.size(); }
    std::string_view text(std::size_t k) const {
        const std::size_t from = k ? end_[k - 1] : 0;
        return std::string_view(bytes_).substr(from, end_[k] - from);
    }

private:
    std::string bytes_;
    std::vector<std::size_t> end_;
};

/// Appends the str objects of texts to out.
void add_strs(const packed_text& texts, std::vector<py::object>& out) {
    for (std::size_t k = 0; k < texts.size(); ++k) out.push_back(new_str(texts.text(k)));
}

/// decimal.Decimal objects from packed decimal texts; an empty text is None.
void add_decimals(const packed_text& texts, std::vector<py::object>& out) {
    py::object Decimal = py::module_::import("decimal").attr("Decimal");
    for (std::size_t k = 0; k < texts.size(); ++k) {
        const std::string_view t = texts.text(k);
        out.push_back(t.empty() ? py::none() : Decimal(new_str(t)));
    }
}

/// An object array of the texts of all parts, in order.
template <class Add>
py::array object_column(std::span<const packed_text> parts, std::size_t n, Add add) {
    std::vector<py::object> items;
    items.reserve(n);
    for (const auto& t : parts) add(t, items);
    return object_array(items);
}

/// Decimal objects, or None where missing.
py::array decimal_list(const std::vector<std::optional<decimal>>& v) {
    std::vector<packed_text> t(1);
    t[0].reserve(v.size(), v.size() * 12);
    for (const auto& x : v) t[0].add(x ? x->to_string() : std::string());
    return object_column(t, v.size(), add_decimals);
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

/// Texts to codes; the hash is kept beside each key, so that probing compares hashes, not texts
/// (grantee names share long prefixes).
using text_codes = tsl::robin_map<std::string_view, std::int32_t, std::hash<std::string_view>, std::equal_to<>,
                                  std::allocator<std::pair<std::string_view, std::int32_t>>, true>;

/// Keys of tuple columns: numbers (and texts) packed into a std::string (a short key needs no
/// allocation), read back in the same order.
void put_number(std::string& key, std::size_t v) {
    for (; v >= 0x80; v >>= 7) key.push_back(static_cast<char>((v & 0x7F) | 0x80));
    key.push_back(static_cast<char>(v));
}
std::size_t get_number(std::string_view key, std::size_t& at) {
    std::size_t v = 0;
    for (int shift = 0;; shift += 7) {
        const auto c = static_cast<unsigned char>(key[at++]);
        v |= static_cast<std::size_t>(c & 0x7F) << shift;
        if (!(c & 0x80)) return v;
    }
}
/// A column of tuples (a numpy object array): rows are keyed (set(), in any order, on one thread)
/// and each distinct key becomes one tuple, shared by every row that holds it — tuples cannot be
/// changed, so sharing is safe, and a million grants in a few dozen site sets make a few dozen tuples.
/// The keys are views: the strings they view must outlive the column.
class tuple_column {
public:
    explicit tuple_column(std::size_t rows) : code_(rows, 0) {}
    void set(std::size_t row, std::string_view key) {
        auto [it, fresh] = seen_.try_emplace(key, 0);
        if (fresh) {
            it.value() = static_cast<std::int32_t>(keys_.size());
            keys_.push_back(key);
        }
        code_[row] = it->second;
    }
    /// make(key) gives the tuple of a key.
    template <class Make>
    py::array to_python(Make make) const {
        std::vector<py::object> tuples;
        tuples.reserve(keys_.size());
        for (const auto k : keys_) tuples.push_back(make(k));
        std::vector<py::object> rows;
        rows.reserve(code_.size());
        for (const auto c : code_) rows.push_back(tuples[static_cast<std::size_t>(c)]);
        return object_array(rows);
    }

private:
    text_codes seen_;
    std::vector<std::string_view> keys_;
    std::vector<std::int32_t> code_;
};

/// A tuple that holds only str cannot be part of a reference cycle: untracked, the garbage
/// collector need not scan the hundreds of thousands a frame can hold (CPython would untrack it
/// itself, but only once a collection has visited it).
py::tuple untracked(py::tuple t) {
    PyObject_GC_UnTrack(t.ptr());
    return t;
}

/// A tuple of str.
template <class Each>
py::tuple str_tuple(std::size_t n, Each each) {
    py::tuple t(n);
    for (std::size_t j = 0; j < n; ++j) t[j] = new_str(each(j));
    return untracked(std::move(t));
}

/// str objects by text, each made once (partner ids repeat across grants).
class str_cache {
public:
    py::object get(std::string_view s) {
        auto [it, fresh] = seen_.try_emplace(s, py::object());
        if (fresh) it.value() = new_str(s);
        return it->second;
    }

private:
    tsl::robin_map<std::string_view, py::object, std::hash<std::string_view>, std::equal_to<>,
                   std::allocator<std::pair<std::string_view, py::object>>, true>
        seen_;
};

/// Each place's qark and district as a number (its position among the gazetteer's qarqe or
/// districts), found once for the whole programme.
struct place_areas_index {
    std::vector<int> qark, district;  // by place position; -1: none
    std::vector<bool> nationwide;
    std::vector<const place*> qarqe, districts;  // by number
    explicit place_areas_index(const program& p) {
        const auto& places = p.places().places();
        std::vector<int> qark_no(places.size(), -1), district_no(places.size(), -1);
        for (std::size_t i = 0; i < places.size(); ++i) {
            if (places[i].level == place_level::qark) {
                qark_no[i] = static_cast<int>(qarqe.size());
                qarqe.push_back(&places[i]);
            }
            if (places[i].level == place_level::district) {
                district_no[i] = static_cast<int>(districts.size());
                districts.push_back(&places[i]);
            }
        }
        qark.assign(places.size(), -1);
        district.assign(places.size(), -1);
        nationwide.assign(places.size(), false);
        for (std::size_t i = 0; i < places.size(); ++i) {
            nationwide[i] = places[i].level == place_level::nationwide;
            if (const place* q = p.places().ancestor(places[i], place_level::qark)) qark[i] = qark_no[static_cast<std::size_t>(q - places.data())];
            if (const place* d = p.places().ancestor(places[i], place_level::district)) district[i] = district_no[static_cast<std::size_t>(d - places.data())];
        }
    }
    /// The tuple of the names of the areas a key (numbers, see put_number) lists, in its order;
    /// each name's str is made once (cache).
    static py::object names(std::string_view key, const std::vector<const place*>& by_number, std::vector<py::object>& cache) {
        std::vector<std::size_t> numbers;
        for (std::size_t at = 0; at < key.size();) numbers.push_back(get_number(key, at));
        py::tuple t(numbers.size());
        for (std::size_t j = 0; j < numbers.size(); ++j) {
            py::object& s = cache[numbers[j]];
            if (!s) s = new_str(by_number[numbers[j]]->name);
            t[j] = s;
        }
        return untracked(std::move(t));
    }
};

py::dict grant_columns(const program& p, date as_of, unsigned threads) {
    const std::size_t n = p.grants().size();
    const auto& places = p.places().places();
    const auto& orgs = p.organizations();
    const place_areas_index areas(p);

    // 1. Without the GIL, in parallel: every per-grant value, and the grants' texts packed by part.
    py::array_t<std::int64_t> phase_(static_cast<py::ssize_t>(n));
    std::int64_t* phase_of = phase_.mutable_data();
    py::array_t<bool> nationwide_(static_cast<py::ssize_t>(n));
    bool* nationwide_of = nationwide_.mutable_data();
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
    // Each grant's qarqe and districts (area numbers in order of first appearance among its sites)
    // and partners, as keys of tuple columns.
    std::vector<std::string> qkey(n), dkey(n), partner_key(n);
    const unsigned parts = grantfolio::detail::part_count(n, threads);
    std::vector<packed_text> ids(parts), titles(parts), awards(parts);
    {
        py::gil_scoped_release release;
        grantfolio::detail::run_in_parts(n, parts, [&](unsigned t, std::size_t lo, std::size_t hi) {
            ids[t].reserve(hi - lo, (hi - lo) * 8);
            titles[t].reserve(hi - lo, (hi - lo) * 40);
            awards[t].reserve(hi - lo, (hi - lo) * 12);
            std::vector<int> ql, dl;
            auto note = [](std::vector<int>& seen, std::string& key, int number) {
                if (number < 0 || std::find(seen.begin(), seen.end(), number) != seen.end()) return;
                seen.push_back(number);
                put_number(key, static_cast<std::size_t>(number));
            };
            for (std::size_t i = lo; i < hi; ++i) {
                const grant& g = p.grants()[i];
                phase_of[i] = g.phase;
                ps.set(i, g.planned ? std::optional(g.planned->first()) : std::nullopt);
                pe.set(i, g.planned ? std::optional(g.planned->last()) : std::nullopt);
                as.set(i, g.actual_start);
                ae.set(i, g.actual_end);
                status[i] = static_cast<std::int32_t>(g.status_on(as_of));
                const organization* o = p.grantee_of(i);
                org[i] = o ? static_cast<std::int32_t>(o - orgs.data()) : -1;
                bool nw = false;
                ql.clear();
                dl.clear();
                for (const auto& st : g.sites) {
                    const place* pl = p.place_of(st);
                    if (!pl) continue;
                    const auto k = static_cast<std::size_t>(pl - places.data());
                    nw = nw || areas.nationwide[k];
                    note(ql, qkey[i], areas.qark[k]);
                    note(dl, dkey[i], areas.district[k]);
                }
                nationwide_of[i] = nw;
                // A known organisation by its position (a short key, no allocation), others by text.
                for (const auto& x : g.partners) {
                    if (const organization* po = p.find_organization(x)) {
                        put_number(partner_key[i], 2 * static_cast<std::size_t>(po - orgs.data()));
                    } else {
                        put_number(partner_key[i], 2 * x.size() + 1);
                        partner_key[i].append(x);
                    }
                }
                cur[i] = g.award ? static_cast<std::int32_t>(g.award->currency_of().index()) : -1;
                ids[t].add(g.id);
                titles[t].add(g.title);
                awards[t].add(g.award ? g.award->amount().to_string() : std::string());
            }
        });
    }

    // 2. Categories. Grantees in the programme's order of organisations, by name (two organisations
    // may share one); grantee ids likewise; reporting organisations, site sets and partner lists in
    // order of first appearance.
    categories grantee, grantee_id, status_, reporting;
    for (auto s : {grant_status::planned, grant_status::active, grant_status::ended, grant_status::closed_early, grant_status::unknown})
        status_.add(to_string(s));
    status_.codes = std::move(status);
    for (auto* c : {&grantee, &grantee_id, &reporting}) c->codes.resize(n, -1);
    tuple_column qarqe(n), districts(n), partners(n);
    auto assign_codes = [&] {
        std::vector<std::int32_t> name_code(orgs.size(), -1), id_code(orgs.size(), -1);
        for (const auto k : org)
            if (k >= 0) id_code[static_cast<std::size_t>(k)] = 0;  // a grantee
        text_codes by_name, reporting_code;
        by_name.reserve(orgs.size());
        for (std::size_t k = 0; k < orgs.size(); ++k) {
            if (id_code[k] < 0) continue;
            id_code[k] = grantee_id.add(orgs[k].id);
            auto [it, fresh] = by_name.try_emplace(orgs[k].name, 0);
            if (fresh) it.value() = grantee.add(orgs[k].name);
            name_code[k] = it->second;
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (const auto k = org[i]; k >= 0) {
                grantee.codes[i] = name_code[static_cast<std::size_t>(k)];
                grantee_id.codes[i] = id_code[static_cast<std::size_t>(k)];
            }
            if (const std::string& r = p.grants()[i].reporting_org; !r.empty()) {
                auto [it, fresh] = reporting_code.try_emplace(r, 0);
                if (fresh) it.value() = reporting.add(r);
                reporting.codes[i] = it->second;
            }
            qarqe.set(i, qkey[i]);
            districts.set(i, dkey[i]);
            partners.set(i, partner_key[i]);
        }
    };
    // It runs beside step 3's first objects: pure C++ on another thread, while this one holds the
    // GIL. Safe because assign_codes reads only the programme and the vectors filled in step 2 and
    // writes only the code columns, which step 3 does not touch before wait().
    grantfolio::detail::beside assigner(assign_codes);
    auto join_assigner = [&] {
        py::gil_scoped_release release;
        assigner.join();
    };

    // 3. With the GIL: the objects; first those the categories do not touch. The award's currency
    // is a str (None where there is no award, as for the amount), one object per currency.
    py::object ids_, titles_, awards_;
    py::array award_currency;
    try {
        ids_ = object_column(ids, n, add_strs);
        titles_ = object_column(titles, n, add_strs);
        awards_ = object_column(awards, n, add_decimals);
        std::vector<py::object> code(currency::count());
        std::vector<py::object> items;
        items.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (cur[i] < 0) {
                items.push_back(py::none());
                continue;
            }
            py::object& s = code[static_cast<std::size_t>(cur[i])];
            if (!s) s = new_str(currency::from_index(static_cast<std::uint16_t>(cur[i])).code());
            items.push_back(s);
        }
        award_currency = object_array(items);
    } catch (...) {
        join_assigner();
        throw;
    }
    join_assigner();
    assigner.wait();
    std::vector<py::object> qark_name(areas.qarqe.size()), district_name(areas.districts.size());
    py::dict c;
    c["id"] = ids_;
    c["phase"] = phase_;
    c["title"] = titles_;
    c["grantee"] = grantee.to_python();
    c["grantee_id"] = grantee_id.to_python();
    str_cache partner_str;
    std::vector<py::object> org_str(orgs.size());
    c["partners"] = partners.to_python([&](std::string_view key) {
        std::vector<py::object> items;
        for (std::size_t at = 0; at < key.size();) {
            const std::size_t tag = get_number(key, at);
            if (tag % 2 == 0) {
                py::object& o = org_str[tag / 2];
                if (!o) o = new_str(orgs[tag / 2].id);
                items.push_back(o);
            } else {
                items.push_back(partner_str.get(key.substr(at, tag / 2)));
                at += tag / 2;
            }
        }
        py::tuple t(items.size());
        for (std::size_t j = 0; j < items.size(); ++j) t[j] = items[j];
        return untracked(std::move(t));
    });
    c["planned_start"] = ps.column(date_of(0));
    c["planned_end"] = pe.column(date_of(1));
    c["actual_start"] = as.column(date_of(2));
    c["actual_end"] = ae.column(date_of(3));
    c["status"] = status_.to_python();
    c["qarqe"] = qarqe.to_python([&](std::string_view key) { return place_areas_index::names(key, areas.qarqe, qark_name); });
    c["districts"] = districts.to_python([&](std::string_view key) { return place_areas_index::names(key, areas.districts, district_name); });
    c["nationwide"] = nationwide_;
    c["award_amount"] = awards_;
    c["award_currency"] = award_currency;
    c["reporting_org"] = reporting.to_python();
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
    // Minor units of each row's currency, for convert_many and sum_by: exact or missing (an amount
    // finer than its currency's minor unit, beyond int64, or in a currency without one).
    py::array_t<std::int64_t> minor_(static_cast<py::ssize_t>(n));
    py::array_t<bool> inexact_(static_cast<py::ssize_t>(n));
    std::int64_t* minor = minor_.mutable_data();
    bool* inexact = inexact_.mutable_data();
    std::size_t inexact_count = 0;
    std::vector<int> minor_digits(currency::count(), -2);
    for (std::size_t r = 0; r < n; ++r) {
        auto c = s.currencies()[r];
        if (code_of[c] < 0) code_of[c] = cur.add(currency::from_index(c).code());
        cur.codes[r] = code_of[c];
        amount[r] = s.amount_value(r);
        if (minor_digits[c] == -2) minor_digits[c] = currency::from_index(c).minor_unit().value_or(-1);
        const std::int64_t k = s.coefficients()[r];
        const int shift = minor_digits[c] - s.scales()[r];
        bool ok = minor_digits[c] >= 0 && k != transaction_store::wide;
        std::int64_t v = k;
        for (int e = 0; ok && e < shift; ++e) ok = !__builtin_mul_overflow(v, std::int64_t(10), &v);
        for (int e = 0; ok && e < -shift; ++e) {
            ok = v % 10 == 0;
            v /= 10;
        }
        minor[r] = ok ? v : 0;
        inexact[r] = !ok;
        inexact_count += !ok;
    }
    // None where a row has no note (as in the Arrow table), the note's str where it has one.
    py::list note(n);
    for (std::size_t r = 0; r < n; ++r) note[r] = py::none();
    for (const auto r : s.data().note_row) note[r] = new_str(s.note(r));
    py::dict c;
    c["grant"] = grant_.to_python();
    c["kind"] = kind.to_python();
    c["value_date"] = date_column(day);
    c["amount"] = decimal_list(amount);
    c["currency"] = cur.to_python();
    if (inexact_count) {
        py::dict m;
        m["values"] = minor_;
        m["mask"] = inexact_;
        c["minor_units"] = m;
    } else {
        c["minor_units"] = minor_;
    }
    c["note"] = note;
    return c;
}

py::dict coverage_columns(const program& p, const std::string& level) {
    place_level l = parse_place_level(level);
    auto cov = query::coverage_by(p, l);
    std::vector<std::string> area, id, parent;
    std::vector<std::int64_t> count;
    std::vector<double> months, split;
    py::list grants;
    for (const auto& r : cov.areas) {
        area.push_back(r.area->name);
        id.push_back(r.area->id);
        const place* q = l == place_level::qark ? nullptr : p.places().ancestor(*r.area, place_level::qark);
        parent.push_back(q ? q->name : "");
        count.push_back(static_cast<std::int64_t>(r.grants.size()));
        months.push_back(r.grant_months);
        split.push_back(r.split_months);
        grants.append(str_tuple(r.grants.size(), [&](std::size_t j) { return std::string_view(r.grants[j]->id); }));
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
    c["grant_months_split"] = py::array_t<double>(static_cast<py::ssize_t>(split.size()), split.data());
    c["grant_ids"] = grants;
    py::dict extra;
    extra["nationwide"] = str_list(nationwide);
    extra["above_level"] = str_list(above);
    return py::dict(py::arg("columns") = c, py::arg("extra") = extra);
}

py::dict timeline_columns(const program& p) {
    std::vector<std::int64_t> month, active;
    py::list ids;
    for (const auto& m : query::timeline(p)) {
        month.push_back(day_number(m.month.first()));
        active.push_back(static_cast<std::int64_t>(m.active.size()));
        ids.append(str_tuple(m.active.size(), [&](std::size_t j) { return std::string_view(m.active[j]->id); }));
    }
    py::dict c;
    c["month"] = date_column(month);
    c["active"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(active.size()), active.data());
    c["grant_ids"] = ids;
    return c;
}

/// A share (query::burn's 6-decimal figures) as a float: the coefficient over an exact power of
/// ten, one correctly rounded division, as parsing its text would give.
double share_to_double(const decimal& d) {
    double ten = 1;
    for (int i = 0; i < d.scale(); ++i) ten *= 10;
    return static_cast<double>(d.coefficient()) / ten;
}

/// Spending against time per grant (query::burn_by_grant): grant, award and spent (Decimal, the
/// award's currency), spent_share, time_share and gap (6 decimals, as float), and why a grant has no figure.
py::dict burn_columns(const program& p, date as_of, const rate_table* rates, const std::vector<std::string>& kinds,
                      const std::string& missing, std::optional<int> max_age) {
    std::vector<transaction_kind> spent;
    for (const auto& k : kinds) spent.push_back(parse_transaction_kind(k));
    const auto burns = query::burn_by_grant(p, as_of, spent, rates, missing_rate_policy::parse(missing, max_age));
    const std::size_t n = burns.size();
    std::vector<py::object> grant_id, currency_code, note;
    std::vector<std::optional<decimal>> award, spent_amount;
    std::vector<double> spent_share, time_share, gap;
    for (auto* v : {&grant_id, &currency_code, &note}) v->reserve(n);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto& b : burns) {
        const grant& g = *b.of;
        grant_id.push_back(new_str(g.id));
        award.push_back(g.award ? std::optional<decimal>(g.award->amount()) : std::nullopt);
        currency_code.push_back(g.award ? new_str(g.award->currency_of().code()) : py::none());
        spent_amount.push_back(b.figure ? std::optional<decimal>(b.figure->spent.amount()) : std::nullopt);
        spent_share.push_back(b.figure ? share_to_double(b.figure->spent_share) : nan);
        time_share.push_back(b.figure ? share_to_double(b.figure->time_share) : nan);
        gap.push_back(b.figure ? share_to_double(b.figure->gap) : nan);
        note.push_back(b.why_not.empty() ? py::none() : new_str(b.why_not));
    }
    auto floats = [](const std::vector<double>& v) { return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data()); };
    py::dict c;
    c["grant"] = object_array(grant_id);
    c["award"] = decimal_list(award);
    c["currency"] = object_array(currency_code);
    c["spent"] = decimal_list(spent_amount);
    c["spent_share"] = floats(spent_share);
    c["time_share"] = floats(time_share);
    c["gap"] = floats(gap);
    c["note"] = object_array(note);
    return c;
}

}  // namespace

void register_frames(py::module_& m) {
    m.def("_grant_columns", [](const program& p, const py::object& as_of, unsigned threads) { return grant_columns(p, to_date(as_of), threads); },
          py::arg("program"), py::arg("as_of"), py::arg("threads") = 0);
    m.def("_transaction_columns", &transaction_columns);
    m.def("_coverage_columns", &coverage_columns);
    m.def("_timeline_columns", &timeline_columns);
    m.def("_burn_columns", [](const program& p, const py::object& as_of, const rate_table* rates, const std::vector<std::string>& kinds,
                              const std::string& missing, std::optional<int> max_age) {
        return burn_columns(p, to_date(as_of), rates, kinds, missing, max_age);
    }, py::arg("program"), py::arg("as_of"), py::arg("rates"), py::arg("kinds"), py::arg("missing"), py::arg("max_age"));
}

}  // namespace grantfolio::python
