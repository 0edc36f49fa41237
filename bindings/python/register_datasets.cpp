// grantfolio.datasets (datasets.hpp): the data grantfolio carries.

#include "common.hpp"
#include "grantfolio/datasets.hpp"

namespace grantfolio::python {

void register_datasets(py::module_& m) {
    auto datasets = m.def_submodule("_datasets", "Data grantfolio carries");
    datasets.def("caaht_2006", [] { return datasets::caaht_2006(); },
                 "USAID's CAAHT (KVKTNj) grants programme in Albania, 2005–2006: 24 grants, 3 phases");
    datasets.def("albania_map", &datasets::albania_map, py::return_value_policy::reference,
                 "Albania's base map: 12 qarqe, the outline, a point per district (immutable, shared)");
}

}  // namespace grantfolio::python
