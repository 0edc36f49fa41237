// grantfolio/serialization/common.hpp — what every grantfolio archive shares: a loading context that
// caps counts and sizes against the bytes that remain, and field helpers for strings, vectors,
// optionals, dates and enums that never trust a count before checking it.
//
// Archives are untrusted input. Boost.Serialization's own std::string and std::vector loaders
// allocate whatever size the archive claims, so grantfolio never uses them: a string is written as
// its length and its bytes (XML: as escaped text), a vector as its count and its items, and every
// count is checked against the cap and the bytes left before anything is allocated.
#pragma once

#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <boost/serialization/binary_object.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/split_free.hpp>
#include <boost/serialization/tracking.hpp>
#include <boost/serialization/version.hpp>
#include <algorithm>
#include <cstdint>
#include <istream>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "grantfolio/date.hpp"
#include "grantfolio/detail/utf8.hpp"
#include "grantfolio/error.hpp"
#include "grantfolio/transaction.hpp"

namespace grantfolio::serialization {

/// The current archive format version of every grantfolio class. Version 7 adds the line each
/// source record starts on in its file (and a listing's grants keep their records). Version 6 adds each site's
/// location detail (codes, point, exactness, reach), each grant's coded tags, policy markers,
/// humanitarian scopes, related activities and document links, and the narratives of every
/// classification (before, a location's ref was its site's note and a tag "tag:V:C"). Version 5 adds each grant's
/// participants (with their roles), its sectors, recipient countries and regions as typed
/// values (before, the last three were tags and sites), its language, and its titles and
/// descriptions in every language; version 4 adds each grant's
/// source record (the IATI activity as read, kept for writing it back); version 3 adds each grant's
/// reporting organisation and stated status; version 2 keeps a programme's transactions in columns
/// after its grants; version 1 kept them inside each grant (both still read).
inline constexpr unsigned format_version = 7;

/// Limits of one load, attached to the archive as a Boost.Serialization helper.
struct archive_context {
    std::istream* stream = nullptr;  ///< when set, counts are checked against the bytes left in it
    std::int64_t end = 0;            ///< stream position of the end of the archive
    std::size_t max_elements = std::size_t(1) << 27;  ///< per collection
    std::size_t max_string_bytes = std::size_t(1) << 26;
    /// Version 1 archives: the transactions of the grant just read, for the programme to take.
    std::vector<transaction> legacy_transactions;
    /// The oldest format of the grants read. Before 5 their participants were not known, and their
    /// sectors and places were moved from tags and sites; before 6 their locations' detail, coded
    /// tags and the rest format 6 added were not kept (detail/legacy_grant.hpp): their IATI records
    /// say what they can (io::detail::retype_from_records).
    unsigned oldest_grant_format = format_version;
};

template <class Archive>
archive_context& context(Archive& ar) {
    return ar.template get_helper<archive_context>(static_cast<void*>(nullptr));
}

template <class Archive>
inline constexpr bool is_xml = std::is_same_v<Archive, boost::archive::xml_iarchive> ||
                               std::is_same_v<Archive, boost::archive::xml_oarchive>;

/// Refuses a count above the cap or above the bytes that remain (each item takes at least one).
/// Counts up to 4096 pass at once: what they allocate is small, and reading items that are not there
/// fails at the end of the data anyway.
template <class Archive>
void check_count(Archive& ar, std::uint64_t n, const char* what, std::size_t cap) {
    if (n <= 4096 && cap >= 4096) return;
    if (n > cap)
        throw error(std::string("archive claims ") + std::to_string(n) + " " + what + ", over the cap of " +
                    std::to_string(cap));
    const archive_context& c = context(ar);
    if (c.stream) {
        // Through the buffer, not tellg(): no sentry, no state change, cheap for memory buffers.
        auto pos = static_cast<std::int64_t>(c.stream->rdbuf()->pubseekoff(0, std::ios_base::cur, std::ios_base::in));
        if (pos >= 0 && n > static_cast<std::uint64_t>(std::max<std::int64_t>(0, c.end - pos)))
            throw error(std::string("archive claims ") + std::to_string(n) + " " + what + " but only " +
                        std::to_string(c.end - pos) + " bytes remain: it is damaged or truncated");
    }
}

// ---- fields: one function for both directions ------------------------------------------------

/// Text read from an archive is UTF-8 without NUL, as every reader's text is; anything else is damage.
template <class Archive>
void check_text(Archive& ar, const char* name, const std::string& s) {
    const auto bad = grantfolio::detail::invalid_utf8(s);
    if (bad == std::string::npos && s.find('\0') == std::string::npos) return;
    std::string where;
    if (auto* in = context(ar).stream)
        if (auto pos = static_cast<std::int64_t>(in->rdbuf()->pubseekoff(0, std::ios_base::cur, std::ios_base::in)); pos >= 0)
            where = " (before byte " + std::to_string(pos) + ")";
    throw error(std::string("archive holds text that is ") + (bad != std::string::npos ? "not valid UTF-8" : "cut by a NUL character") +
                " in a field '" + name + "'" + where);
}

template <class Archive>
void string_field(Archive& ar, const char* name, std::string& s) {
    if constexpr (is_xml<Archive>) {
        if constexpr (Archive::is_loading::value) {
            std::string v;
            ar >> boost::serialization::make_nvp(name, v);  // XML text: bounded by the file itself
            check_text(ar, name, v);
            s = std::move(v);
        } else {
            ar << boost::serialization::make_nvp(name, s);
        }
    } else if constexpr (Archive::is_loading::value) {
        std::uint64_t n = 0;
        ar >> n;
        check_count(ar, n, "bytes of text", context(ar).max_string_bytes);
        s.assign(static_cast<std::size_t>(n), '\0');
        if (n) ar >> boost::serialization::make_binary_object(s.data(), static_cast<std::size_t>(n));
        check_text(ar, name, s);
    } else {
        std::uint64_t n = s.size();
        ar << n;
        if (n) ar << boost::serialization::make_binary_object(const_cast<char*>(s.data()), s.size());
    }
}

/// A source record (format 4 on), as three strings, then (format 7 on) the line it starts on.
template <class Archive>
void source_record_field(Archive& ar, source_record& r, unsigned version) {
    string_field(ar, "source_format", r.format);
    string_field(ar, "source_version", r.version);
    string_field(ar, "source_text", r.text);
    if (Archive::is_loading::value && version < 7) return;
    std::uint64_t line = r.line;
    ar & boost::serialization::make_nvp("source_line", line);
    if constexpr (Archive::is_loading::value) {
        if (line > std::numeric_limits<std::uint32_t>::max()) throw error("archive holds a source line of " + std::to_string(line) + ", past any file's");
        r.line = static_cast<std::size_t>(line);
    }
}

/// A date as its day number, range-checked on load.
template <class Archive>
void date_field(Archive& ar, const char* name, date& d) {
    if constexpr (Archive::is_loading::value) {
        std::int32_t n = 0;
        ar >> boost::serialization::make_nvp(name, n);
        static const int lo = day_number(make_date(min_year, 1, 1)), hi = day_number(make_date(max_year, 12, 31));
        if (n < lo || n > hi) throw error("archive holds a date outside " + std::to_string(min_year) + ".." + std::to_string(max_year));
        d = from_day_number(n);
    } else {
        std::int32_t n = day_number(d);
        ar << boost::serialization::make_nvp(name, n);
    }
}

/// An enum as an integer, range-checked on load.
template <class Archive, class E>
void enum_field(Archive& ar, const char* name, E& e, int last) {
    if constexpr (Archive::is_loading::value) {
        int v = 0;
        ar >> boost::serialization::make_nvp(name, v);
        if (v < 0 || v > last) throw error(std::string("archive holds ") + name + " " + std::to_string(v) + ", out of range");
        e = static_cast<E>(v);
    } else {
        int v = static_cast<int>(e);
        ar << boost::serialization::make_nvp(name, v);
    }
}

/// A value that Boost.Serialization handles (a grantfolio class or a number).
template <class Archive, class T>
void value_field(Archive& ar, const char* name, T& v) {
    ar & boost::serialization::make_nvp(name, v);
}

/// A placeholder to load into, for classes without a default constructor.
template <class T>
T blank();

/// Items one by one, after checking the count. Strings and dates go through their own fields.
/// A number whose XML element is named `name` + `suffix`; other archives store no names, so none is built.
template <class Archive, class T>
void named_number(Archive& ar, const char* prefix, const char* name, const char* suffix, T& v) {
    if constexpr (is_xml<Archive>) {
        std::string full = std::string(prefix) + name + suffix;
        ar & boost::serialization::make_nvp(full.c_str(), v);
    } else {
        ar & v;
    }
}

template <class Archive, class T>
void vector_field(Archive& ar, const char* name, std::vector<T>& v) {
    if constexpr (Archive::is_loading::value) {
        std::uint64_t n = 0;
        named_number(ar, "", name, "_count", n);
        check_count(ar, n, name, context(ar).max_elements);
        std::vector<T> out;
        out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(n, 4096)));
        for (std::uint64_t i = 0; i < n; ++i) {
            if constexpr (std::is_same_v<T, std::string>) {
                std::string s;
                string_field(ar, "item", s);
                out.push_back(std::move(s));
            } else if constexpr (std::is_default_constructible_v<T>) {
                T x{};
                value_field(ar, "item", x);
                out.push_back(std::move(x));
            } else {
                T x = blank<T>();
                value_field(ar, "item", x);
                out.push_back(std::move(x));
            }
        }
        v = std::move(out);
    } else {
        std::uint64_t n = v.size();
        named_number(ar, "", name, "_count", n);
        for (auto& x : v) {
            if constexpr (std::is_same_v<T, std::string>) string_field(ar, "item", x);
            else value_field(ar, "item", x);
        }
    }
}

/// A flag, then the value when present.
template <class Archive, class T, class Field>
void optional_field(Archive& ar, const char* name, std::optional<T>& o, Field&& field) {
    // A byte, not a bool: a damaged archive must not make us read a bool that is neither 0 nor 1.
    std::uint8_t has = o.has_value() ? 1 : 0;
    if constexpr (is_xml<Archive>) {
        unsigned short flag = has;  // XML holds it as a number either way
        named_number(ar, "has_", name, "", flag);
        if (flag > 1) throw error(std::string("archive holds has_") + name + " = " + std::to_string(flag));
        has = static_cast<std::uint8_t>(flag);
    } else {
        named_number(ar, "has_", name, "", has);
        if (has > 1) throw error(std::string("archive holds a flag of ") + std::to_string(has) + " for " + name);
    }
    if constexpr (Archive::is_loading::value) {
        if (!has) {
            o.reset();
            return;
        }
        if constexpr (std::is_default_constructible_v<T>) o.emplace();
        else o.emplace(blank<T>());
    } else if (!has) {
        return;
    }
    field(ar, name, *o);
}

template <class Archive>
void check_version(unsigned version, const char* cls) {
    if (version > format_version)
        throw error(std::string("archive holds ") + cls + " version " + std::to_string(version) +
                    ", written by a newer grantfolio (this one reads up to " + std::to_string(format_version) + ")");
}

}  // namespace grantfolio::serialization

/// Declares the archive version of a grantfolio class and turns off object tracking (values only).
#define GRANTFOLIO_SERIALIZATION_CLASS(T)                                   \
    BOOST_CLASS_VERSION(T, ::grantfolio::serialization::format_version)   \
    BOOST_CLASS_TRACKING(T, boost::serialization::track_never)
