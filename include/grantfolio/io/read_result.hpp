// grantfolio/io/read_result.hpp — what every reader gives back: the programme it built and what
// reading reported (values not kept, changed or guessed, each with where it was), and what kind of
// source it was.
//
//   grantfolio::io::read_result r = grantfolio::io::read_iati(text, "activities.xml");
//   r.program.grants().size();
//   for (const auto& d : r.diagnostics) std::cerr << to_string(d) << '\n';
//   r.kind;   // "iati"
//   summarize(r).text;   // "3 transactions of 2 activities not kept, 1 value-date guessed"
#pragma once

#include <string>
#include <vector>

#include "grantfolio/diagnostic.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::io {

struct read_result {
    grantfolio::program program;
    std::vector<diagnostic> diagnostics;  ///< in the order the reader met them
    /// What was read: "listing", "iati", "360giving", "360giving-csv", "json", "archive (xml|text|binary)"
    /// (io::read_program), or what the caller says ("embedded").
    std::string kind;
};

/// The one line that says what reading cost ("3 transactions of 2 activities not kept, ..."): its
/// subjects are activities for IATI, grants otherwise.
inline reading_summary summarize(const read_result& r) {
    return summarize_reading(r.diagnostics, r.kind.rfind("iati", 0) == 0 ? "activity" : "grant");
}

}  // namespace grantfolio::io
