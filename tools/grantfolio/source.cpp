#include "source.hpp"

#include "grantfolio/datasets.hpp"

namespace grantfolio::cli {

loaded load_source(const std::string& path) {
    if (path.empty()) return {datasets::caaht_2006(), datasets::caaht_2006_diagnostics(), "embedded"};
    return io::read_program(path);
}

}  // namespace grantfolio::cli
