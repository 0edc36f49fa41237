// The 360Giving reader as read_program calls it for a mapped file: the pages of the grants already
// read are given back as it goes, so that a large package is not resident whole beside its programme.
//
// Internal to the compiled library: not installed.
#pragma once

#include <string>
#include <string_view>

#include "grantfolio/io/giving360.hpp"
#include "mapped_file.hpp"

namespace grantfolio::io::detail {

/// io::read_360giving, giving back through `pages` (may be null) the pages it has read for good.
read_result read_360giving(std::string_view text, const std::string& name, const giving360_options& options, page_releaser* pages);

}  // namespace grantfolio::io::detail
