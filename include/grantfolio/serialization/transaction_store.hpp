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

/// The store's columns; on load, `grant_count` bounds the grant positions.
template <class Archive>
void store_field(Archive& ar, transaction_store::columns& c) {
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
    std::uint64_t wide = c.wide.size();
    named_number(ar, "", "wide", "_count", wide);
    if constexpr (Archive::is_loading::value) {
        check_count(ar, wide, "wide amounts", context(ar).max_elements);
        c.wide.clear();
        c.wide.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(wide, 4096)));
        for (std::uint64_t i = 0; i < wide; ++i) {
            std::uint32_t row = 0;
            decimal v;
            ar & boost::serialization::make_nvp("row", row);
            ar & boost::serialization::make_nvp("amount", v);
            c.wide.emplace_back(row, v);
        }
    } else {
        for (auto& [row, v] : c.wide) {
            ar & boost::serialization::make_nvp("row", row);
            ar & boost::serialization::make_nvp("amount", v);
        }
    }
}

}  // namespace grantfolio::serialization
