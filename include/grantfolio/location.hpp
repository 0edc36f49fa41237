// grantfolio/location.hpp — what a source says of a place where a grant works, besides its name:
// its codes in geographic vocabularies, a point, how exact it is and what it reaches.
//
//   grantfolio::location_detail d;
//   d.point = grantfolio::geo_point{grantfolio::decimal::parse("41.3275"), grantfolio::decimal::parse("19.8189"), ""};
//   d.administrative.push_back({"A4", "AL-11", "1"});   // vocabulary, code, level
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "grantfolio/classification.hpp"
#include "grantfolio/decimal.hpp"

namespace grantfolio {

/// A location's code in a geographic vocabulary: an IATI location-id or administrative area, or
/// a 360Giving geoCode.
struct location_code {
    std::string vocabulary;  ///< IATI GeographicVocabulary as written ("G1" GeoNames, "A4" ISO 3166-2); 360Giving geoCodeType ("LA", "WD")
    std::string code;        ///< "2993838", "AL-11", "E09000001"
    std::string level{};     ///< an administrative area's level as written ("1"); empty: not stated
    friend bool operator==(const location_code&, const location_code&) = default;
};

/// A point as written: latitude and longitude in decimal degrees, exact as the source gives them.
struct geo_point {
    decimal latitude;
    decimal longitude;
    std::string srs_name{};  ///< IATI point srsName attribute ("http://www.opengis.net/def/crs/EPSG/0/4326"); empty: not stated
    friend bool operator==(const geo_point&, const geo_point&) = default;
};

/// What an IATI location or 360Giving beneficiary location says besides its name (a site's
/// `as_written`) and its description (a site's `note`). Codes are kept as written.
struct location_detail {
    std::string ref;                               ///< the IATI location ref attribute: the publisher's own reference
    std::string reach;                             ///< GeographicLocationReach ("1" activity, "2" beneficiaries)
    std::vector<location_code> ids;                ///< IATI location-id
    std::vector<narrative> names;                  ///< the name in every language the source gives
    std::vector<narrative> descriptions;           ///< IATI description, in every language
    std::vector<narrative> activity_descriptions;  ///< IATI activity-description: what is done there
    std::vector<location_code> administrative;     ///< IATI administrative areas; a 360Giving geoCode (vocabulary: its geoCodeType)
    std::optional<geo_point> point;
    std::string exactness;            ///< GeographicExactness ("1" exact, "2" approximate)
    std::string location_class;       ///< GeographicLocationClass ("2" populated place)
    std::string feature_designation;  ///< LocationType ("PPL")
    std::string country;              ///< ISO 3166-1 alpha-2 of the country it is in (360Giving countryCode)
    friend bool operator==(const location_detail&, const location_detail&) = default;
};

}  // namespace grantfolio
