// grantfolio.synthetic (synthetic.hpp): the seeded programme generator.

#include "common.hpp"
#include "grantfolio/synthetic.hpp"

namespace grantfolio::python {

void register_synthetic(py::module_& m) {
    m.def("_synthetic_program", [](std::size_t grants, std::size_t transactions, std::uint64_t seed) {
        py::gil_scoped_release release;
        return synthetic::generate({grants, transactions, seed, 0, 0});
    }, py::arg("grants"), py::arg("transactions"), py::arg("seed"));
}

}  // namespace grantfolio::python
