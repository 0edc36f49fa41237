// grantfolio/source_record.hpp — a record as its source wrote it, kept beside the typed fields.
//
//   grantfolio::source_record r{"iati", "2.03", "<iati-activity>...</iati-activity>", 41};
//   r.empty();   // false
#pragma once

#include <cstddef>
#include <string>

namespace grantfolio {

/// A record as its source wrote it, kept beside the typed fields so that what the model has no
/// field for is not lost. For IATI: the <iati-activity> element as XML (with the namespaces it uses
/// declared on it), `format` "iati", `version` the activity's IATI version ("2.03"); write_iati
/// writes each of its elements back where the grant's fields still say what the element says, and
/// writes the fields where they were changed (docs/formats.md, "What is kept"). For 360Giving: the
/// grant object as JSON text, `format` "360giving". For a listing: the record's lines as read
/// (Unicode NFC, tabs as spaces), `format` "listing", no version.
struct source_record {
    std::string format;   ///< "iati", "360giving", "listing"; empty: no record kept (a grant made in code)
    std::string version;  ///< the standard's version the record is in
    std::string text;     ///< the record, verbatim
    /// The line of its source file the record starts on (1-based); 0 when not known (records kept
    /// before archive format 7, a package read whole).
    std::size_t line = 0;
    bool empty() const noexcept { return format.empty(); }
    friend bool operator==(const source_record&, const source_record&) = default;
};

}  // namespace grantfolio
