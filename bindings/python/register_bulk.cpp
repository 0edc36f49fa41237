// Bulk work on numpy arrays: currency codes to table positions, conversion of whole columns at their
// value dates, exact grouped sums. The arrays are read in place; the GIL is released while the
// numbers are worked on.
#include <pybind11/numpy.h>

#include <array>
#include <thread>

#include "common.hpp"
#include "grantfolio/bulk_conversion.hpp"
#include "grantfolio/detail/parallel.hpp"

namespace grantfolio::python {

namespace {

rounding_mode rounding_of(const std::string& name) {
    for (auto m : {rounding_mode::half_even, rounding_mode::half_up, rounding_mode::down, rounding_mode::up})
        if (name == to_string(m)) return m;
    throw grantfolio::invalid_argument("unknown rounding '" + name + "' (expected half-even, half-up, down or up)");
}

/// Maps three-letter codes to table positions, remembering each code met (26^3 slots).
class code_cache {
public:
    code_cache() { slot_.fill(-1); }
    std::uint16_t position(const char32_t* c, std::size_t len, std::size_t element) {
        // Fixed-width numpy text pads with NULs: the code is what comes before them.
        while (len > 0 && c[len - 1] == 0) --len;
        if (len == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && c[2] >= 'A' && c[2] <= 'Z') {
            auto k = static_cast<std::size_t>((c[0] - 'A') * 676 + (c[1] - 'A') * 26 + (c[2] - 'A'));
            if (slot_[k] < 0) slot_[k] = lookup(std::string{char(c[0]), char(c[1]), char(c[2])}, element);
            return static_cast<std::uint16_t>(slot_[k]);
        }
        std::string shown;
        for (std::size_t i = 0; i < len && i < 16; ++i) shown += c[i] < 128 ? char(c[i]) : '?';
        return static_cast<std::uint16_t>(lookup(shown, element));
    }
    std::uint16_t position(std::string_view s, std::size_t element) {
        std::array<char32_t, 3> c{};
        if (s.size() == 3) {
            for (int i = 0; i < 3; ++i) c[static_cast<std::size_t>(i)] = static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
            return position(c.data(), 3, element);
        }
        return static_cast<std::uint16_t>(lookup(std::string(s.substr(0, 16)), element));
    }

private:
    static std::int32_t lookup(const std::string& code, std::size_t element) {
        auto c = currency::find(code);
        if (!c) throw unknown_currency("element " + std::to_string(element) + ": '" + code + "' is not an ISO 4217 currency code");
        return c->index();
    }
    std::array<std::int32_t, 26 * 26 * 26> slot_;
};

/// total[key[j]] += value[j] for j < count, exactly. The sums are far larger than the caches and the
/// keys random: the sum a few dozen rows ahead is asked for early, so that the misses overlap
/// instead of queueing. A key outside 0..groups-1, or a sum beyond int64, throws naming its row
/// (first + j) and, for sums, the unit (`what`).
void add_by_key(const std::int64_t* __restrict key, const std::int64_t* __restrict value, std::size_t count,
                std::int64_t* __restrict total, std::int64_t groups, std::size_t first, const std::string& what) {
    constexpr std::size_t ahead = 32;
    for (std::size_t j = 0; j < count; ++j) {
        if (j + ahead < count) {
            const auto next = static_cast<std::uint64_t>(key[j + ahead]);
            if (next < static_cast<std::uint64_t>(groups)) __builtin_prefetch(total + next, 1);
        }
        const std::int64_t g = key[j];
        if (g < 0 || g >= groups) [[unlikely]]
            throw grantfolio::invalid_argument("row " + std::to_string(first + j) + ": key " + std::to_string(g) +
                                               (g < 0 ? std::string(" is negative (keys count from 0)")
                                                      : " lies outside 0.." + std::to_string(groups - 1)));
        if (__builtin_add_overflow(total[g], value[j], &total[g])) [[unlikely]]
            throw grantfolio::overflow_error("row " + std::to_string(first + j) + ": the sum of group " + std::to_string(g) +
                                             " does not fit in 64-bit " + what);
    }
}

/// total[g] += part[g] for every part and group, exactly (a sum beyond int64 throws, naming the group).
void add_parts(std::int64_t* total, const std::vector<std::vector<std::int64_t>>& parts, const std::string& what) {
    for (const auto& part : parts)
        for (std::size_t g = 0; g < part.size(); ++g)
            if (__builtin_add_overflow(total[g], part[g], &total[g]))
                throw grantfolio::overflow_error("the sum of group " + std::to_string(g) + " does not fit in 64-bit " + what);
}

py::array_t<std::uint16_t> currency_positions(const py::array& codes) {
    if (codes.ndim() != 1) throw grantfolio::invalid_argument("currencies must be a one-dimensional array");
    const auto n = static_cast<std::size_t>(codes.shape(0));
    py::array_t<std::uint16_t> out(static_cast<py::ssize_t>(n));
    auto* o = out.mutable_data();
    code_cache cache;
    const char kind = codes.dtype().kind();
    const auto stride = codes.strides(0);
    const auto* base = static_cast<const char*>(codes.data());
    if (kind == 'U') {
        const std::size_t width = static_cast<std::size_t>(codes.itemsize()) / 4;
        py::gil_scoped_release nogil;
        for (std::size_t i = 0; i < n; ++i)
            o[i] = cache.position(reinterpret_cast<const char32_t*>(base + static_cast<py::ssize_t>(i) * stride), width, i);
    } else if (kind == 'S') {
        const std::size_t width = static_cast<std::size_t>(codes.itemsize());
        py::gil_scoped_release nogil;
        for (std::size_t i = 0; i < n; ++i) {
            std::string_view s(base + static_cast<py::ssize_t>(i) * stride, width);
            s = s.substr(0, s.find('\0'));
            o[i] = cache.position(s, i);
        }
    } else if (kind == 'O') {
        PyObject* last = nullptr;
        std::uint16_t last_pos = 0;
        for (std::size_t i = 0; i < n; ++i) {
            PyObject* x = *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(i) * stride);
            if (x == last) {  // repeated codes are usually the same (interned) object
                o[i] = last_pos;
                continue;
            }
            if (!PyUnicode_Check(x))
                throw py::type_error("element " + std::to_string(i) + ": a currency must be a str, not " +
                                     std::string(Py_TYPE(x)->tp_name));
            Py_ssize_t len = 0;
            const char* s = PyUnicode_AsUTF8AndSize(x, &len);
            if (!s) throw py::error_already_set();
            o[i] = last_pos = cache.position(std::string_view(s, static_cast<std::size_t>(len)), i);
            last = x;
        }
    } else {
        throw py::type_error("currencies must be an array of str codes (numpy U, S or object dtype), not dtype " +
                             std::string(py::str(codes.dtype())));
    }
    return out;
}

}  // namespace

void register_bulk(py::module_& m) {
    m.def("_currency_positions", &currency_positions, py::arg("codes"),
          "Table positions (uint16) of an array of ISO 4217 codes");
    m.def("_convert_many",
          [](const rate_table& t, const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& amounts,
             const py::array& codes, const py::object& categories,
             const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& days, const std::string& to,
             const std::string& missing, std::optional<int> max_age, const std::string& rounding, unsigned threads,
             bool details, const py::object& by, std::int64_t groups) -> py::object {
              const auto n = static_cast<std::size_t>(amounts.size());
              if (amounts.ndim() != 1 || codes.ndim() != 1 || days.ndim() != 1)
                  throw grantfolio::invalid_argument("amounts, currencies and dates must be one-dimensional");
              if (static_cast<std::size_t>(codes.shape(0)) != n || static_cast<std::size_t>(days.size()) != n)
                  throw grantfolio::invalid_argument(std::to_string(n) + " amounts, " + std::to_string(codes.shape(0)) +
                                                     " currencies and " + std::to_string(days.size()) +
                                                     " dates: they must be as many");
              bulk_options o;
              o.policy = missing_rate_policy::parse(missing, max_age);
              o.rounding = rounding_of(rounding);
              o.threads = threads;
              const currency target(to);
              // Codes index a small table of positions (pandas categories) or are positions themselves.
              std::vector<std::uint16_t> table;
              if (!categories.is_none()) {
                  auto cats = py::array_t<std::uint16_t, py::array::c_style | py::array::forcecast>::ensure(categories);
                  table.assign(cats.data(), cats.data() + cats.size());
              }
              // With `by`, the results are summed per key (exact, in 128 bits per part) instead of returned.
              py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> keys;
              if (!by.is_none()) {
                  keys = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(by);
                  if (!keys || keys.ndim() != 1 || static_cast<std::size_t>(keys.size()) != n)
                      throw grantfolio::invalid_argument("by must be one integer key per amount");
                  if (groups < 0) {
                      groups = 0;
                      for (py::ssize_t i = 0; i < keys.size(); ++i) groups = std::max(groups, keys.data()[i] + 1);
                  }
                  if (groups > (std::int64_t(1) << 32)) throw grantfolio::invalid_argument("more than 2^32 groups");
              }
              const bool grouped = !by.is_none();
              py::array_t<std::int64_t> out(static_cast<py::ssize_t>(grouped ? 0 : n));
              py::array_t<std::uint8_t> methods(static_cast<py::ssize_t>(details ? n : 0));
              const unsigned parts = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
              // Each part converts a chunk of rows into a small buffer, then adds the chunk into its own
              // sums: converting and summing in turn keep the factor cache and the sums from evicting
              // each other, and nothing of the size of the input is written. 64-bit sums, checked.
              const std::size_t part_count = std::min(parts, 64u);
              std::vector<std::vector<std::int64_t>> sums(grouped ? part_count : 0);
              struct staged {
                  std::size_t first = 0;
                  std::vector<std::int64_t> values;
              };
              std::vector<staged> stage(grouped ? part_count : 0);
              const std::int64_t* key = grouped ? keys.data() : nullptr;
              constexpr std::size_t chunk = 16384;
              auto flush = [&](unsigned part) {
                  auto& st = stage[part];
                  auto& sum = sums[part];
                  if (sum.empty()) sum.assign(static_cast<std::size_t>(groups), 0);
                  add_by_key(key + st.first, st.values.data(), st.values.size(), sum.data(), groups, st.first,
                             "minor units of " + to);
                  st.first += st.values.size();
                  st.values.clear();
              };
              auto group_sink = [&](unsigned part, std::size_t first, const std::int64_t* v, std::size_t count, std::size_t&) {
                  auto& st = stage[part];
                  if (st.values.empty()) {
                      st.first = first;
                      st.values.reserve(chunk + bulk_converter::block);
                  }
                  st.values.insert(st.values.end(), v, v + count);
                  if (st.values.size() >= chunk) flush(part);  // its errors name their own rows
              };
              const std::int64_t* a = amounts.data();
              const std::int64_t* d = days.data();
              std::span<std::int64_t> res(out.mutable_data(), grouped ? 0 : n);
              std::span<std::uint8_t> how(methods.mutable_data(), details ? n : 0);
              bulk_stats stats;
              auto run = [&](const auto* code) {
                  py::gil_scoped_release nogil;
                  auto amount_at = [a](std::size_t i) { return a[i]; };
                  auto day_at = [d](std::size_t i) {
                      if (d[i] == std::numeric_limits<std::int64_t>::min()) [[unlikely]]
                          throw grantfolio::invalid_argument("the value date is missing (NaT)");
                      return d[i];
                  };
                  auto go = [&](auto&& currency_at) {
                      if (grouped)
                          stats = detail::convert_minor_units_with(t, n, amount_at, currency_at, day_at, target, group_sink, o, how);
                      else
                          stats = detail::convert_minor_units_with(t, n, amount_at, currency_at, day_at, target,
                                                                   detail::minor_unit_sink(res), o, how);
                  };
                  if (table.empty()) {
                      go([code](std::size_t i) { return static_cast<std::uint16_t>(code[i]); });
                  } else {
                      const auto size = static_cast<std::int64_t>(table.size());
                      go([code, size, positions = table.data()](std::size_t i) {
                          const auto k = static_cast<std::int64_t>(code[i]);
                          if (k < 0 || k >= size) [[unlikely]]
                              throw grantfolio::invalid_argument("the currency is missing (category code " + std::to_string(k) + ")");
                          return positions[k];
                      });
                  }
              };
              const char kind = codes.dtype().kind();
              const auto size = codes.itemsize();
              if (!(codes.flags() & py::array::c_style)) throw grantfolio::invalid_argument("currency codes must be contiguous");
              if (kind == 'u' && size == 2 && table.empty()) run(static_cast<const std::uint16_t*>(codes.data()));
              else if (kind == 'i' && size == 1) run(static_cast<const std::int8_t*>(codes.data()));
              else if (kind == 'i' && size == 2) run(static_cast<const std::int16_t*>(codes.data()));
              else if (kind == 'i' && size == 4) run(static_cast<const std::int32_t*>(codes.data()));
              else if (kind == 'i' && size == 8) run(static_cast<const std::int64_t*>(codes.data()));
              else throw py::type_error("currency codes must be uint16 positions or int8..int64 category codes, not " +
                                        std::string(py::str(codes.dtype())));
              py::object result = out;
              if (grouped) {
                  for (unsigned part = 0; part < stage.size(); ++part) flush(part);
                  py::array_t<std::int64_t> totals(static_cast<py::ssize_t>(groups));
                  auto* tot = totals.mutable_data();
                  std::fill(tot, tot + groups, 0);
                  add_parts(tot, sums, "minor units of " + to);
                  result = totals;
              }
              if (!details) return result;
              py::dict counts;
              for (auto k : {conversion_method::identity, conversion_method::direct, conversion_method::inverse,
                             conversion_method::chain, conversion_method::last_known, conversion_method::interpolated})
                  counts[to_string(k)] = stats.count(k);
              return py::make_tuple(result, methods, counts);
          },
          py::arg("table"), py::arg("amounts"), py::arg("codes"), py::arg("categories"), py::arg("days"), py::arg("to"),
          py::arg("missing"), py::arg("max_age"), py::arg("rounding"), py::arg("threads"), py::arg("details"),
          py::arg("by") = py::none(), py::arg("groups") = -1);
    m.def("_sum_by",
          [](const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& keys,
             const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& values, std::int64_t size,
             unsigned threads) {
              if (keys.ndim() != 1 || values.ndim() != 1 || keys.size() != values.size())
                  throw grantfolio::invalid_argument("sum_by: keys and values must be one-dimensional and as many");
              const auto n = static_cast<std::size_t>(keys.size());
              const auto* k = keys.data();
              const auto* v = values.data();
              std::int64_t groups = size;
              if (groups < 0) {
                  groups = 0;
                  for (std::size_t i = 0; i < n; ++i) groups = std::max(groups, k[i] + 1);
              }
              if (groups > (std::int64_t(1) << 32)) throw grantfolio::invalid_argument("sum_by: more than 2^32 groups");
              py::array_t<std::int64_t> out(static_cast<py::ssize_t>(groups));
              auto* o = out.mutable_data();
              {
                  py::gil_scoped_release nogil;
                  // Each part sums its slice into its own array (the first part straight into the
                  // result); the parts are then added, exactly. A failure is reported from the
                  // lowest failing row.
                  const unsigned parts = detail::part_count(n, threads);
                  std::vector<std::vector<std::int64_t>> partial(parts > 1 ? parts - 1 : 0);
                  std::vector<std::exception_ptr> failed(parts);
                  detail::run_in_parts(n, parts, [&](unsigned t, std::size_t lo, std::size_t hi) {
                      try {
                          std::int64_t* total = o;
                          if (t > 0) {
                              partial[t - 1].assign(static_cast<std::size_t>(groups), 0);
                              total = partial[t - 1].data();
                          } else {
                              std::fill(o, o + groups, 0);
                          }
                          add_by_key(k + lo, v + lo, hi - lo, total, groups, lo, "integers");
                      } catch (...) {
                          failed[t] = std::current_exception();
                      }
                  });
                  for (const auto& e : failed)
                      if (e) std::rethrow_exception(e);
                  add_parts(o, partial, "integers");
              }
              return out;
          },
          py::arg("keys"), py::arg("values"), py::arg("size") = -1, py::arg("threads") = 0,
          "Exact int64 sums of values per non-negative integer key; OverflowError rather than wrapping");
}

}  // namespace grantfolio::python
