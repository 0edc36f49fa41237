// grantfolio/phase.hpp — a numbered phase of a programme.
//
//   grantfolio::phase p{1, "Faza 1", std::nullopt};
#pragma once

#include <optional>
#include <string>

#include "grantfolio/period.hpp"
#include "grantfolio/source_record.hpp"

namespace grantfolio {

struct phase {
    int number = 0;
    std::string name;              ///< as the source heads it: "Grantmarrësit e KVKTNj - Faza 1"
    std::optional<period> window;  ///< declared dates, when the source gives them
    /// The record it was read from: an IATI parent activity, whose children are the phase's grants
    /// (written back whole by write_iati; its budgets and transactions are not the programme's).
    source_record source;
    friend bool operator==(const phase&, const phase&) = default;
};

}  // namespace grantfolio
