// grantfolio.read's reader (io/source.hpp): any file, told by its content.

#include "common.hpp"
#include "grantfolio/datasets.hpp"
#include "grantfolio/io/listing.hpp"
#include "grantfolio/io/source.hpp"
#include "grantfolio/merge.hpp"

namespace grantfolio::python {

namespace {

/// Findings as read() takes them: (severity, file, line, column, field, subject, message, text, effect, element).
py::list diagnostic_tuples(const std::vector<diagnostic>& ds) {
    py::list found;
    for (const auto& d : ds)
        found.append(py::make_tuple(to_string(d.level), d.where.file, d.where.line, d.where.column, d.where.field, clip_value(d.subject),
                                    d.message, to_string(d), to_string(d.outcome.effect), d.outcome.element));
    return found;
}

}  // namespace

void register_source(py::module_& m) {
    m.def("_merge", [](const std::vector<program>& parts, const std::string& id) {
        merge_result r;
        {
            py::gil_scoped_release nogil;
            r = merge(parts, id);
        }
        return py::make_tuple(std::move(r.program), diagnostic_tuples(r.diagnostics));
    }, py::arg("parts"), py::arg("id") = "portfolio");
    m.def("_read", [](const std::string& path, const std::optional<std::string>& listing_profile) {
        // Every format the CLI reads, told apart by content (the CLI's rules); listings in the words
        // of the profile file given, else CAAHT's. The reader's findings come back as (severity,
        // file, line, column, field, subject, message, text, effect, element) tuples, with the
        // summary line (io::summarize) and the index of the finding it shows first (-1: none).
        io::read_result r;
        {
            py::gil_scoped_release nogil;
            io::read_options options;
            io::listing_profile own;
            if (listing_profile) own = io::read_listing_profile_file(*listing_profile);
            options.listing = listing_profile ? &own : &datasets::caaht_2006_profile();
            r = io::read_program(path, options);
        }
        py::list found = diagnostic_tuples(r.diagnostics);
        const auto summary = io::summarize(r);
        const py::ssize_t first = summary.first ? static_cast<py::ssize_t>(summary.first - r.diagnostics.data()) : -1;
        return py::make_tuple(std::move(r.program), found, r.kind, summary.text, first);
    }, py::arg("path"), py::arg("listing_profile") = py::none());
}

}  // namespace grantfolio::python
