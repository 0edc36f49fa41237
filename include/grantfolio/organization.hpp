// grantfolio/organization.hpp — a grantee, partner, donor or implementer, under every name it goes by.
//
//   grantfolio::organization vatra{"vatra", "Qendra Psiko-Sociale “Vatra”", "Vatra",
//                                  grantfolio::organization_kind::local_ngo,
//                                  {"Qendra Psiko-Sociale“Vatra”", "Qendra Psiko-sociale “Vatra”"}};
//   vatra.spellings.size();   // 2: each spelling met in the documents
#pragma once

#include <ostream>
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/error.hpp"

namespace grantfolio {

enum class organization_kind { local_ngo, international_ngo, government, donor, implementer, other };

inline const char* to_string(organization_kind k) noexcept {
    switch (k) {
        case organization_kind::local_ngo: return "local-ngo";
        case organization_kind::international_ngo: return "international-ngo";
        case organization_kind::government: return "government";
        case organization_kind::donor: return "donor";
        case organization_kind::implementer: return "implementer";
        case organization_kind::other: return "other";
    }
    return "?";
}

inline organization_kind parse_organization_kind(std::string_view s) {
    for (auto k : {organization_kind::local_ngo, organization_kind::international_ngo, organization_kind::government,
                   organization_kind::donor, organization_kind::implementer, organization_kind::other})
        if (s == to_string(k)) return k;
    throw invalid_argument("unknown organization kind '" + std::string(s) +
                           "' (expected local-ngo, international-ngo, government, donor, implementer or other)");
}

struct organization {
    std::string id;                      ///< stable key within a programme
    std::string name;                    ///< canonical name
    std::optional<std::string> acronym;  ///< "D&E", "ICMC"
    organization_kind kind = organization_kind::local_ngo;
    std::vector<std::string> spellings;  ///< every name as written in the sources (aliases)

    /// The acronym if there is one, else the name.
    const std::string& short_name() const { return acronym ? *acronym : name; }
    /// Records a spelling once.
    void add_spelling(const std::string& s) {
        if (std::find(spellings.begin(), spellings.end(), s) == spellings.end()) spellings.push_back(s);
    }
    friend bool operator==(const organization&, const organization&) = default;
};

inline std::ostream& operator<<(std::ostream& os, organization_kind v) { return os << to_string(v); }

}  // namespace grantfolio
