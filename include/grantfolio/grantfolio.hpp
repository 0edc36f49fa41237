// grantfolio/grantfolio.hpp — the whole core in one include.
//
// Core values: date, period, decimal, currency, money, exchange_rate, rate_table (header-only, no Boost).
// Left out, include them when you need them:
//   grantfolio/io/csv.hpp     the CSV reader
//   grantfolio/io/rates.hpp   loading rate files and the embedded IMF table (link grantfolio::grantfolio)
#pragma once

#include "grantfolio/currency.hpp"
#include "grantfolio/date.hpp"
#include "grantfolio/decimal.hpp"
#include "grantfolio/error.hpp"
#include "grantfolio/exchange_rate.hpp"
#include "grantfolio/money.hpp"
#include "grantfolio/period.hpp"
#include "grantfolio/rate_table.hpp"
