// grantfolio/grantfolio.hpp — the whole core in one include.
//
// Core values: date, period, decimal, currency, money, exchange_rate, rate_table; the model:
// organization, place, gazetteer, base_map, transaction, grant, phase, program; the questions (query.hpp;
// converted totals per group in grouped_totals.hpp, through the bulk engine) and
// checks (validate.hpp) and monitoring figures (metrics.hpp); the embedded data (datasets.hpp).
// Header-only (grantfolio::core) except place_names (gazetteer.hpp) and datasets, which need
// grantfolio::grantfolio.
// Left out, include them when you need them:
//   grantfolio/io/csv.hpp       the CSV reader
//   grantfolio/io/rates.hpp     rate files and the embedded IMF table
//   grantfolio/io/listing.hpp   grants listings
//   grantfolio/io/json.hpp      the JSON and CSV forms of a programme
//   grantfolio/io/gazetteer.hpp gazetteer files
//   grantfolio/io/base_map.hpp  base maps from GeoJSON and CSV
//   grantfolio/io/archive.hpp   Boost.Serialization archives of a programme (atomic saves)
//   grantfolio/io/source.hpp    any of those files, recognised by its content
//   grantfolio/serialization/   the Boost.Serialization free functions, one header per concept
//   grantfolio/synthetic.hpp    the seeded programme generator
//   grantfolio/report.hpp       a programme's report, worked out once for its text, JSON and HTML views
//   grantfolio/text.hpp         NFC and matching keys (ICU)
#pragma once

#include "grantfolio/currency.hpp"
#include "grantfolio/date.hpp"
#include "grantfolio/decimal.hpp"
#include "grantfolio/error.hpp"
#include "grantfolio/exchange_rate.hpp"
#include "grantfolio/money.hpp"
#include "grantfolio/period.hpp"
#include "grantfolio/rate_table.hpp"
#include "grantfolio/organization.hpp"
#include "grantfolio/place.hpp"
#include "grantfolio/gazetteer.hpp"
#include "grantfolio/base_map.hpp"
#include "grantfolio/boxed.hpp"
#include "grantfolio/classification.hpp"
#include "grantfolio/source_record.hpp"
#include "grantfolio/transaction.hpp"
#include "grantfolio/transaction_store.hpp"
#include "grantfolio/bulk_conversion.hpp"
#include "grantfolio/grant.hpp"
#include "grantfolio/phase.hpp"
#include "grantfolio/program.hpp"
#include "grantfolio/query.hpp"
#include "grantfolio/grouped_totals.hpp"
#include "grantfolio/validate.hpp"
#include "grantfolio/metrics.hpp"
#include "grantfolio/datasets.hpp"
