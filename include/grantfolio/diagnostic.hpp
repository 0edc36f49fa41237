// grantfolio/diagnostic.hpp — a problem found in input or in a model, with severity and location.
//
//   grantfolio::diagnostic d{grantfolio::severity::warning, {"listing.txt", 120, 21, "sites"},
//                            "unknown place 'Allias', kept as written"};
//   to_string(d);   // "listing.txt:120:21: warning: sites: unknown place 'Allias', kept as written"
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "grantfolio/error.hpp"

namespace grantfolio {

enum class severity { info, warning, error };

inline const char* to_string(severity s) noexcept {
    switch (s) {
        case severity::info: return "info";
        case severity::warning: return "warning";
        case severity::error: return "error";
    }
    return "?";
}

struct diagnostic {
    grantfolio::severity level = severity::warning;
    parse_error::location where;  ///< file, line, column, field (each may be empty or 0)
    std::string message;
    std::string subject;          ///< what it concerns, e.g. a grant id; may be empty; shown clipped to 80 bytes

    friend bool operator==(const diagnostic& a, const diagnostic& b) {
        return a.level == b.level && a.where.file == b.where.file && a.where.line == b.where.line &&
               a.where.column == b.where.column && a.where.field == b.where.field && a.message == b.message &&
               a.subject == b.subject;
    }
};

inline std::string to_string(const diagnostic& d) {
    std::string s;
    if (!d.where.file.empty()) s += d.where.file;
    if (d.where.line) s += ":" + std::to_string(d.where.line);
    if (d.where.column) s += ":" + std::to_string(d.where.column);
    if (!s.empty()) s += ": ";
    s += to_string(d.level);
    s += ": ";
    if (!d.subject.empty()) s += clip_value(d.subject) + ": ";
    if (!d.where.field.empty()) s += clip_value(d.where.field, 200) + ": ";
    return s + d.message;
}

inline bool has_errors(const std::vector<diagnostic>& ds) {
    for (const auto& d : ds)
        if (d.level == severity::error) return true;
    return false;
}

inline std::ostream& operator<<(std::ostream& os, severity v) { return os << to_string(v); }
inline std::ostream& operator<<(std::ostream& os, const diagnostic& d) { return os << to_string(d); }

}  // namespace grantfolio
