// grantfolio/source_record.hpp — a record as its source wrote it, kept beside the typed fields.
//
//   grantfolio::source_record r{"iati", "2.03", "<iati-activity>...</iati-activity>"};
//   r.empty();   // false
#pragma once

#include <string>

namespace grantfolio {

/// A record as its source wrote it, kept beside the typed fields so that what the model has no
/// field for is not lost. For IATI: the <iati-activity> element as XML (with the namespaces it uses
/// declared on it), `format` "iati", `version` the activity's IATI version ("2.03"); write_iati
/// writes each of its elements back where the grant's fields still say what the element says, and
/// writes the fields where they were changed (docs/formats.md, "What is kept").
struct source_record {
    std::string format;   ///< "iati"; empty: no record kept (a listing, a grant made in code)
    std::string version;  ///< the standard's version the record is in
    std::string text;     ///< the record, verbatim
    bool empty() const noexcept { return format.empty(); }
    friend bool operator==(const source_record&, const source_record&) = default;
};

}  // namespace grantfolio
