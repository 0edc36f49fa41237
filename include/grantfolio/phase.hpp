// grantfolio/phase.hpp — a numbered phase of a programme.
//
//   grantfolio::phase p{1, "Faza 1", std::nullopt};
#pragma once

#include <optional>
#include <string>

#include "grantfolio/period.hpp"

namespace grantfolio {

struct phase {
    int number = 0;
    std::string name;              ///< as the source heads it: "Grantmarrësit e KVKTNj - Faza 1"
    std::optional<period> window;  ///< declared dates, when the source gives them
    friend bool operator==(const phase&, const phase&) = default;
};

}  // namespace grantfolio
