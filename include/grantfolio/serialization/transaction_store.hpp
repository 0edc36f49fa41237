// grantfolio/serialization/transaction_store.hpp — a programme's transaction columns in archives.
//
// Binary archives hold each column as one block of bytes (same machine only, as the rest of a
// binary archive); text and XML archives hold the columns element by element, so they stay
// portable. Loading checks every count against the bytes left before allocating, and the columns
// are checked against each other and the programme's grants before they are used
// (transaction_store::from_columns).
#pragma once

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>

#include "grantfolio/serialization/decimal.hpp"
#include "grantfolio/serialization/transaction.hpp"
#include "grantfolio/transaction_store.hpp"

namespace grantfolio::serialization {

template <class Archive>
inline constexpr bool is_binary = std::is_same_v<Archive, boost::archive::binary_iarchive> ||
                                  std::is_same_v<Archive, boost::archive::binary_oarchive>;

/// One column of n numbers.
template <class Archive, class T>
void column_field(Archive& ar, const char* name, std::vector<T>& v, std::uint64_t n) {
    if constexpr (Archive::is_loading::value) {
        // Each element takes at least sizeof(T) bytes in a binary archive, one in the others.
        check_count(ar, is_binary<Archive> ? n * sizeof(T) : n, name, std::numeric_limits<std::size_t>::max());
        v.resize(static_cast<std::size_t>(n));
    }
    if constexpr (is_binary<Archive>) {
        if (n) ar & boost::serialization::make_binary_object(v.data(), static_cast<std::size_t>(n) * sizeof(T));
    } else {
        // Small integers go through int, so that text archives never read them as characters.
        using wide_t = std::conditional_t<(sizeof(T) < sizeof(int)), int, T>;
        for (auto& x : v) {
            wide_t w = static_cast<wide_t>(x);
            ar & boost::serialization::make_nvp(name, w);
            if constexpr (Archive::is_loading::value) {
                if (w < static_cast<wide_t>(std::numeric_limits<T>::min()) || w > static_cast<wide_t>(std::numeric_limits<T>::max()))
                    throw error(std::string("archive holds ") + name + " " + std::to_string(w) + ", out of range");
                x = static_cast<T>(w);
            }
        }
    }
}

/// A side table of (row, value) pairs, rows ascending, at most one per row of the n rows.
template <class Archive, class T, class Fields>
void row_table(Archive& ar, const char* name, const char* what, std::vector<std::pair<std::uint32_t, T>>& table, std::uint64_t n,
               Fields&& fields) {
    std::uint64_t count = table.size();
    named_number(ar, "", name, "_count", count);
    if constexpr (Archive::is_loading::value) {
        if (count > n) throw error("archive claims " + std::to_string(count) + " " + what + " for " + std::to_string(n) + " transactions");
        check_count(ar, count, what, context(ar).max_elements);
        table.clear();
        table.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(count, 4096)));
        for (std::uint64_t i = 0; i < count; ++i) {
            std::uint32_t row = 0;
            T value{};
            ar & boost::serialization::make_nvp("row", row);
            fields(ar, value);
            table.emplace_back(row, std::move(value));
        }
    } else {
        for (auto& [row, value] : table) {
            ar & boost::serialization::make_nvp("row", row);
            fields(ar, value);
        }
    }
}

/// The rows' details as (row, fields) pairs: the archive holds every detail's fields (as
/// row_table would), the store holds them packed; each is unpacked or packed on its own, so no
/// table of whole details is ever built.
template <class Archive>
void detail_table(Archive& ar, transaction_store::columns& c, std::uint64_t n, unsigned version) {
    std::uint64_t count = c.detail_row.size();
    named_number(ar, "", "details", "_count", count);
    if constexpr (Archive::is_loading::value) {
        if (count > n) throw error("archive claims " + std::to_string(count) + " transaction details for " + std::to_string(n) + " transactions");
        check_count(ar, count, "transaction details", context(ar).max_elements);
        c.detail_row.clear(), c.detail_start.clear(), c.detail_bytes.clear();
        for (std::uint64_t i = 0; i < count; ++i) {
            std::uint32_t row = 0;
            transaction_detail d;
            ar & boost::serialization::make_nvp("row", row);
            boost::serialization::detail_fields(ar, d, version);
            const std::string packed = grantfolio::detail::pack(d);
            if (c.detail_bytes.size() + packed.size() > std::numeric_limits<std::uint32_t>::max())
                throw error("archive's transaction details exceed 4 GiB");
            c.detail_row.push_back(row);
            c.detail_start.push_back(static_cast<std::uint32_t>(c.detail_bytes.size()));
            c.detail_bytes += packed;
        }
    } else {
        for (std::size_t k = 0; k < c.detail_row.size(); ++k) {
            const std::size_t end = k + 1 < c.detail_start.size() ? c.detail_start[k + 1] : c.detail_bytes.size();
            std::uint32_t row = c.detail_row[k];
            transaction_detail d = grantfolio::detail::unpack(std::string_view(c.detail_bytes).substr(c.detail_start[k], end - c.detail_start[k]));
            ar & boost::serialization::make_nvp("row", row);
            boost::serialization::detail_fields(ar, d, version);
        }
    }
}

/// The store's columns, as of archive format `version` (saving: the current one).
template <class Archive>
void store_field(Archive& ar, transaction_store::columns& c, unsigned version = format_version) {
    std::uint64_t n = c.grant.size();
    named_number(ar, "", "transactions", "_count", n);
    if constexpr (Archive::is_loading::value)
        check_count(ar, n, "transactions", std::max<std::size_t>(context(ar).max_elements, std::size_t(1) << 32));
    column_field(ar, "grant", c.grant, n);
    column_field(ar, "day", c.day, n);
    column_field(ar, "coefficient", c.coefficient, n);
    column_field(ar, "scale", c.scale, n);
    column_field(ar, "currency", c.currency, n);
    column_field(ar, "kind", c.kind, n);
    std::uint64_t notes = c.note_row.size();
    named_number(ar, "", "notes", "_count", notes);
    if constexpr (Archive::is_loading::value)
        if (notes > n) throw error("archive claims " + std::to_string(notes) + " notes for " + std::to_string(n) + " transactions");
    column_field(ar, "note_row", c.note_row, notes);
    column_field(ar, "note_start", c.note_start, notes);
    if constexpr (is_xml<Archive>) {
        string_field(ar, "note_text", c.note_text);
    } else {
        std::uint64_t bytes = c.note_text.size();
        ar & bytes;
        if constexpr (Archive::is_loading::value) {
            check_count(ar, bytes, "bytes of notes", std::numeric_limits<std::uint32_t>::max());
            c.note_text.assign(static_cast<std::size_t>(bytes), '\0');
        }
        if (bytes) ar & boost::serialization::make_binary_object(c.note_text.data(), static_cast<std::size_t>(bytes));
        if constexpr (Archive::is_loading::value) check_text(ar, "note_text", c.note_text);
    }
    row_table(ar, "wide", "wide amounts", c.wide, n, [](Archive& a, decimal& v) { a & boost::serialization::make_nvp("amount", v); });
    // Format 5: the details of the rows that have one.
    if (!Archive::is_loading::value || version >= 5) detail_table(ar, c, n, version);
}

}  // namespace grantfolio::serialization
