// Shared by the reader tests: what a reader's parse_error says, and where it points.
#pragma once

#include <string>

#include "grantfolio/error.hpp"

namespace grantfolio::test {

/// The message of the parse_error read() throws, then " @field:line"; "no error" when it reads.
template <class Read>
std::string parse_failure(Read&& read) {
    try {
        read();
    } catch (const parse_error& e) {
        return std::string(e.what()) + " @" + e.where().field + ":" + std::to_string(e.where().line);
    }
    return "no error";
}

}  // namespace grantfolio::test
