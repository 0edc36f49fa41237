// grantfolio/datasets.hpp — the data grantfolio carries: the CAAHT programme, Albania's gazetteer and base map.
//
// Built once from the files in data/ compiled into the library; immutable and safe to share
// between threads.
//
//   const grantfolio::program& caaht = grantfolio::datasets::caaht_2006();
//   caaht.grants().size();   // 24
#pragma once

#include <string_view>
#include <vector>

#include "grantfolio/base_map.hpp"
#include "grantfolio/diagnostic.hpp"
#include "grantfolio/gazetteer.hpp"
#include "grantfolio/program.hpp"

namespace grantfolio::io {
struct listing_profile;  // grantfolio/io/listing.hpp
}

namespace grantfolio::datasets {

/// Albania's 12 qarqe and 36 rrethe (2000–2015) and the places the CAAHT listing names.
const gazetteer& albania_gazetteer();
/// Albania's base map (data/geo/): the 12 qarqe as polygons, the country's outline and a point in
/// each of the 36 rrethe, tied to albania_gazetteer()'s ids, with the attribution to show under a map.
const base_map& albania_map();
/// USAID's CAAHT (KVKTNj) grants, 2005–2006: the listing of 10 May 2006 read with the gazetteer,
/// plus the organisations, partners and names in data/programs/caaht-2006/.
const program& caaht_2006();
/// What reading the embedded listing reported (warnings about places it could not resolve, ...).
const std::vector<diagnostic>& caaht_2006_diagnostics();
/// The listing's text as shipped.
std::string_view caaht_2006_listing();
/// The curated organisations of data/programs/caaht-2006/organizations.csv.
std::vector<organization> caaht_2006_organizations();
/// How CAAHT's listings are written (data/programs/caaht-2006/listing-profile.json: Albanian and
/// English words, the introduction's US$ and Lek totals, USAID, Albania), with the Albanian gazetteer
/// and the organisations above: what io::read_listing needs to read a CAAHT listing.
const io::listing_profile& caaht_2006_profile();

}  // namespace grantfolio::datasets
