// grantfolio/io/gazetteer.hpp — reading a gazetteer file (see data/gazetteer/README.md).
//
//   auto g = grantfolio::io::read_gazetteer_file("data/gazetteer/albania-2000.csv");
#pragma once

#include <filesystem>
#include <istream>
#include <string>

#include "grantfolio/gazetteer.hpp"
#include "grantfolio/io/csv.hpp"

namespace grantfolio::io {

/// Columns id,level,name,definite,genitive,parent,code,aliases ('|'-separated). Parents come before
/// their children. Throws parse_error naming file, line and field.
gazetteer read_gazetteer(std::istream& in, const std::string& name, const reader_limits& limits = {});
gazetteer read_gazetteer_file(const std::filesystem::path& path, const reader_limits& limits = {});

}  // namespace grantfolio::io
