// grantfolio/transaction_store.hpp — a programme's transactions in columns.
//
// One row per transaction, in the order they were added; each column is a plain array, so a
// question over ten million transactions reads a few contiguous arrays instead of chasing objects.
// A row costs 20 bytes (grant 4, value day 4, amount coefficient 8, currency 2, kind 1, scale 1);
// notes and details live apart, only for the rows that have one (a detail packed to the fields it
// states: detail/packed_detail.hpp), and amounts whose coefficient does not fit in 64 bits are kept
// exactly in a side table.
//
//   grantfolio::transaction_store s;
//   s.push_back(0, {grantfolio::transaction_kind::disbursement, grantfolio::parse_date("2005-03-15"),
//                   grantfolio::money::parse("25000", grantfolio::currency("USD")), ""});
//   s.size();          // 1
//   s.amount(0);       // 25000 USD
//   s.days()[0];       // 12857 (days since 1970-01-01)
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/detail/packed_detail.hpp"
#include "grantfolio/transaction.hpp"

namespace grantfolio {

class transaction_store {
public:
    /// The coefficient column holds this where the amount lives in the side table of wide amounts.
    static constexpr std::int64_t wide = std::numeric_limits<std::int64_t>::min();

    std::size_t size() const noexcept { return c_.grant.size(); }
    bool empty() const noexcept { return c_.grant.empty(); }
    void reserve(std::size_t n);
    /// Appends a transaction of the grant at position `grant` of its programme.
    void push_back(std::uint32_t grant, const transaction& t);
    void clear();

    // Columns, one element per row.
    std::span<const std::uint32_t> grants() const noexcept { return c_.grant; }
    /// Value dates as day numbers (days since 1970-01-01, see day_number).
    std::span<const std::int32_t> days() const noexcept { return c_.day; }
    /// Amounts are coefficient × 10^-scale; `wide` marks a row kept in the side table.
    std::span<const std::int64_t> coefficients() const noexcept { return c_.coefficient; }
    std::span<const std::int8_t> scales() const noexcept { return c_.scale; }
    /// Currency table positions (currency::index()).
    std::span<const std::uint16_t> currencies() const noexcept { return c_.currency; }
    std::span<const std::uint8_t> kinds() const noexcept { return c_.kind; }

    // One row.
    std::uint32_t grant_of(std::size_t row) const { return c_.grant[row]; }
    transaction_kind kind(std::size_t row) const { return static_cast<transaction_kind>(c_.kind[row]); }
    date value_date(std::size_t row) const { return from_day_number(c_.day[row]); }
    currency currency_of(std::size_t row) const { return currency::from_index(c_.currency[row]); }
    decimal amount_value(std::size_t row) const;
    money amount(std::size_t row) const { return money(amount_value(row), currency_of(row)); }
    /// The exact amount of a row kept in the side table (coefficients()[row] == wide), else nullptr.
    const decimal* wide_amount(std::size_t row) const;
    /// The note of a row; empty when it has none.
    std::string_view note(std::size_t row) const;
    /// What else the source says of a row (transaction date, parties, types, a budget's period...);
    /// nothing when it says nothing else.
    std::optional<transaction_detail> detail(std::size_t row) const;
    transaction at(std::size_t row) const;

    /// Rows grouped by grant: offsets[g]..offsets[g+1] index into rows, for grants 0..grant_count-1,
    /// each group in row order. Built in two passes (a counting sort), without changing the store.
    struct grouping {
        std::vector<std::size_t> offsets;
        std::vector<std::uint32_t> rows;
    };
    grouping by_grant(std::size_t grant_count) const;

    /// Bytes held by the columns, notes and side table (capacity, not size).
    std::size_t memory_bytes() const noexcept;

    /// Every column as stored, for writers that move them in bulk (archives).
    struct columns {
        std::vector<std::uint32_t> grant;
        std::vector<std::int32_t> day;
        std::vector<std::int64_t> coefficient;
        std::vector<std::int8_t> scale;
        std::vector<std::uint16_t> currency;
        std::vector<std::uint8_t> kind;
        /// Rows that have a note (ascending), where each note starts in note_text.
        std::vector<std::uint32_t> note_row, note_start;
        std::string note_text;
        /// Amounts whose coefficient needs more than 64 bits: (row, value), rows ascending.
        std::vector<std::pair<std::uint32_t, decimal>> wide;
        /// Rows that have a detail (ascending), where each detail starts in detail_bytes, packed
        /// (detail::pack: the fields it states).
        std::vector<std::uint32_t> detail_row, detail_start;
        std::string detail_bytes;
        friend bool operator==(const columns&, const columns&) = default;
    };
    const columns& data() const noexcept { return c_; }
    /// Every column, moved out (the store is left empty): for readers that rework rows in bulk
    /// before handing them to from_columns or program::set_transactions.
    columns release() noexcept {
        columns c = std::move(c_);
        c_ = columns{};
        return c;
    }
    /// A store from columns read elsewhere, after checking that they agree with each other and that
    /// every grant position is below grant_count; throws invalid_argument naming what is wrong.
    static transaction_store from_columns(columns c, std::size_t grant_count);

    friend bool operator==(const transaction_store& a, const transaction_store& b) { return a.c_ == b.c_; }

private:
    columns c_;
};

// inline definitions

inline void transaction_store::reserve(std::size_t n) {
    c_.grant.reserve(n);
    c_.day.reserve(n);
    c_.coefficient.reserve(n);
    c_.scale.reserve(n);
    c_.currency.reserve(n);
    c_.kind.reserve(n);
}

inline void transaction_store::clear() { *this = transaction_store(); }

inline void transaction_store::push_back(std::uint32_t grant, const transaction& t) {
    if (size() >= std::numeric_limits<std::uint32_t>::max())
        throw invalid_argument("a programme holds at most 4294967295 transactions");
    const auto row = static_cast<std::uint32_t>(size());
    const decimal& v = t.amount.amount();
    const bool fits = v.coefficient() > wide && v.coefficient() <= std::numeric_limits<std::int64_t>::max();
    if (!fits) c_.wide.emplace_back(row, v);
    if (!t.detail.empty()) {
        const std::string packed = detail::pack(*t.detail);
        if (c_.detail_bytes.size() + packed.size() > std::numeric_limits<std::uint32_t>::max())
            throw invalid_argument("transaction details exceed 4 GiB");
        c_.detail_row.push_back(row);
        c_.detail_start.push_back(static_cast<std::uint32_t>(c_.detail_bytes.size()));
        c_.detail_bytes += packed;
    }
    if (!t.note.empty()) {
        if (c_.note_text.size() + t.note.size() > std::numeric_limits<std::uint32_t>::max())
            throw invalid_argument("transaction notes exceed 4 GiB");
        c_.note_row.push_back(row);
        c_.note_start.push_back(static_cast<std::uint32_t>(c_.note_text.size()));
        c_.note_text += t.note;
    }
    c_.grant.push_back(grant);
    c_.day.push_back(day_number(t.value_date));
    c_.coefficient.push_back(fits ? static_cast<std::int64_t>(v.coefficient()) : wide);
    c_.scale.push_back(static_cast<std::int8_t>(v.scale()));
    c_.currency.push_back(t.amount.currency_of().index());
    c_.kind.push_back(static_cast<std::uint8_t>(t.kind));
}

inline decimal transaction_store::amount_value(std::size_t row) const {
    if (c_.coefficient[row] != wide) return decimal::from_parts(c_.coefficient[row], c_.scale[row]);
    return *wide_amount(row);
}

inline const decimal* transaction_store::wide_amount(std::size_t row) const {
    auto it = std::lower_bound(c_.wide.begin(), c_.wide.end(), row, [](const auto& w, std::size_t r) { return w.first < r; });
    return it != c_.wide.end() && it->first == row ? &it->second : nullptr;
}

inline std::string_view transaction_store::note(std::size_t row) const {
    auto it = std::lower_bound(c_.note_row.begin(), c_.note_row.end(), row);
    if (it == c_.note_row.end() || *it != row) return {};
    auto k = static_cast<std::size_t>(it - c_.note_row.begin());
    std::size_t end = k + 1 < c_.note_start.size() ? c_.note_start[k + 1] : c_.note_text.size();
    return std::string_view(c_.note_text).substr(c_.note_start[k], end - c_.note_start[k]);
}

inline std::optional<transaction_detail> transaction_store::detail(std::size_t row) const {
    auto it = std::lower_bound(c_.detail_row.begin(), c_.detail_row.end(), row);
    if (it == c_.detail_row.end() || *it != row) return std::nullopt;
    const auto k = static_cast<std::size_t>(it - c_.detail_row.begin());
    const std::size_t end = k + 1 < c_.detail_start.size() ? c_.detail_start[k + 1] : c_.detail_bytes.size();
    return detail::unpack(std::string_view(c_.detail_bytes).substr(c_.detail_start[k], end - c_.detail_start[k]));
}

inline transaction transaction_store::at(std::size_t row) const {
    auto d = detail(row);
    return transaction{kind(row), value_date(row), amount(row), std::string(note(row)), d ? boxed<transaction_detail>(std::move(*d)) : boxed<transaction_detail>()};
}

inline transaction_store::grouping transaction_store::by_grant(std::size_t grant_count) const {
    grouping g;
    g.offsets.assign(grant_count + 1, 0);
    for (auto k : c_.grant) {
        if (k >= grant_count) throw invalid_argument("transaction of grant " + std::to_string(k) + " beyond the grants");
        ++g.offsets[k + 1];
    }
    for (std::size_t i = 0; i < grant_count; ++i) g.offsets[i + 1] += g.offsets[i];
    g.rows.resize(size());
    std::vector<std::size_t> next(g.offsets.begin(), g.offsets.end() - 1);
    for (std::size_t r = 0; r < size(); ++r) g.rows[next[c_.grant[r]]++] = static_cast<std::uint32_t>(r);
    return g;
}

inline transaction_store transaction_store::from_columns(columns c, std::size_t grant_count) {
    const std::size_t n = c.grant.size();
    auto bad = [](const std::string& why) { throw invalid_argument("transaction columns: " + why); };
    if (c.day.size() != n || c.coefficient.size() != n || c.scale.size() != n || c.currency.size() != n ||
        c.kind.size() != n)
        bad("the columns differ in length");
    if (n > std::numeric_limits<std::uint32_t>::max()) bad("more than 4294967295 rows");
    const int lo = day_number(make_date(min_year, 1, 1)), hi = day_number(make_date(max_year, 12, 31));
    std::size_t wide_rows = 0;
    for (std::size_t r = 0; r < n; ++r) {
        if (c.grant[r] >= grant_count)
            bad("row " + std::to_string(r) + " names grant " + std::to_string(c.grant[r]) + " of " + std::to_string(grant_count));
        if (c.day[r] < lo || c.day[r] > hi) bad("row " + std::to_string(r) + " has a value date out of range");
        if (c.scale[r] < 0 || c.scale[r] > decimal::max_scale) bad("row " + std::to_string(r) + " has scale " + std::to_string(c.scale[r]));
        if (c.currency[r] >= currency::count()) bad("row " + std::to_string(r) + " has no known currency");
        if (c.kind[r] > static_cast<std::uint8_t>(last_transaction_kind)) bad("row " + std::to_string(r) + " has an unknown kind");
        if (c.coefficient[r] == wide) ++wide_rows;
    }
    if (wide_rows != c.wide.size()) bad("the wide amounts do not match the rows that point to them");
    for (std::size_t k = 0; k < c.wide.size(); ++k) {
        auto r = c.wide[k].first;
        if (r >= n || c.coefficient[r] != wide || (k && c.wide[k - 1].first >= r)) bad("wide amount " + std::to_string(k) + " is misplaced");
        if (c.wide[k].second.scale() != c.scale[r]) bad("wide amount " + std::to_string(k) + " disagrees on its scale");
    }
    if (c.note_row.size() != c.note_start.size()) bad("note rows and starts differ in length");
    for (std::size_t k = 0; k < c.note_row.size(); ++k) {
        if (c.note_row[k] >= n || (k && c.note_row[k - 1] >= c.note_row[k])) bad("note " + std::to_string(k) + " is misplaced");
        if (c.note_start[k] > c.note_text.size() || (k && c.note_start[k - 1] >= c.note_start[k]) || (!k && c.note_start[k] != 0))
            bad("note " + std::to_string(k) + " starts out of order");
    }
    if (c.note_row.empty() && !c.note_text.empty()) bad("note text without notes");
    if (c.detail_row.size() != c.detail_start.size()) bad("detail rows and starts differ in length");
    for (std::size_t k = 0; k < c.detail_row.size(); ++k) {
        if (c.detail_row[k] >= n || (k && c.detail_row[k - 1] >= c.detail_row[k])) bad("detail " + std::to_string(k) + " is misplaced");
        const std::size_t end = k + 1 < c.detail_start.size() ? c.detail_start[k + 1] : c.detail_bytes.size();
        if (c.detail_start[k] > c.detail_bytes.size() || (!k && c.detail_start[k] != 0) || end < c.detail_start[k])
            bad("detail " + std::to_string(k) + " starts out of order");
        bool empty = false;
        try {
            empty = detail::unpack(std::string_view(c.detail_bytes).substr(c.detail_start[k], end - c.detail_start[k])).empty();
        } catch (const invalid_argument&) {
            bad("detail " + std::to_string(k) + " is damaged");
        }
        if (empty) bad("detail " + std::to_string(k) + " is empty");
    }
    if (c.detail_row.empty() && !c.detail_bytes.empty()) bad("detail bytes without details");
    transaction_store s;
    s.c_ = std::move(c);
    return s;
}

inline std::size_t transaction_store::memory_bytes() const noexcept {
    return c_.grant.capacity() * 4 + c_.day.capacity() * 4 + c_.coefficient.capacity() * 8 + c_.scale.capacity() +
           c_.currency.capacity() * 2 + c_.kind.capacity() + c_.note_row.capacity() * 4 + c_.note_start.capacity() * 4 +
           c_.note_text.capacity() + c_.wide.capacity() * sizeof(c_.wide[0]) + c_.detail_row.capacity() * 4 +
           c_.detail_start.capacity() * 4 + c_.detail_bytes.capacity();
}

}  // namespace grantfolio
