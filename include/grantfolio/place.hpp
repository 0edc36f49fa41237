// grantfolio/place.hpp — a place from a gazetteer: level, the forms its name takes, its parent.
//
//   grantfolio::place shkoder{"D-SHKODER", grantfolio::place_level::district, "Shkodër", "Shkodra",
//                             "Shkodrës", "Q-SHKODER", "", {"Shkoder"}};
#pragma once

#include <ostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/error.hpp"

namespace grantfolio {

/// From the whole country down; a parent is always of a higher (smaller-numbered) level.
enum class place_level { nationwide = 0, qark = 1, district = 2, municipality = 3, commune = 4, area = 5 };

inline const char* to_string(place_level l) noexcept {
    switch (l) {
        case place_level::nationwide: return "nationwide";
        case place_level::qark: return "qark";
        case place_level::district: return "district";
        case place_level::municipality: return "municipality";
        case place_level::commune: return "commune";
        case place_level::area: return "area";
    }
    return "?";
}

inline place_level parse_place_level(std::string_view s) {
    for (auto l : {place_level::nationwide, place_level::qark, place_level::district, place_level::municipality,
                   place_level::commune, place_level::area})
        if (s == to_string(l)) return l;
    throw invalid_argument("unknown place level '" + std::string(s) +
                           "' (expected nationwide, qark, district, municipality, commune or area)");
}

struct place {
    std::string id;
    place_level level = place_level::area;
    std::string name;      ///< indefinite form: Shkodër
    std::string definite;  ///< Shkodra
    std::string genitive;  ///< Shkodrës
    std::string parent;    ///< parent's id; empty for the top
    std::string code;      ///< ISO 3166-2 where one exists
    std::vector<std::string> aliases;
    friend bool operator==(const place&, const place&) = default;
};

inline std::ostream& operator<<(std::ostream& os, place_level v) { return os << to_string(v); }

}  // namespace grantfolio
