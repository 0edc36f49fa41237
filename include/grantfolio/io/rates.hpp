// grantfolio/io/rates.hpp — loading exchange rates: grantfolio's CSV, the IMF annual file, the
// embedded default table.
//
// The CSV has the header base,quote,rate,valid_from,valid_to,source: an empty valid_to is
// open-ended, valid_from = valid_to is a daily rate, an empty source is replaced by "FILE:LINE".
// The IMF file (Date,Rate,Currency,Frequency,Source,Country code,Country) gives national currency
// per US dollar as a yearly average: each row becomes USD→currency valid over its calendar year.
// Rows repeating one currency and year (the euro, once per euro country) must agree to 1e-9 relative:
// the first is kept; a disagreement is a parse_error naming the rows. Nothing is skipped silently.
//
//   auto t = grantfolio::io::read_rates_csv_file("rates.csv");
//   const auto& imf = grantfolio::io::imf_annual();   // shipped data/rates/imf-annual-average-per-usd.csv
#pragma once

#include <filesystem>
#include <istream>
#include <string>

#include "grantfolio/io/csv.hpp"
#include "grantfolio/rate_table.hpp"

namespace grantfolio::io {

/// Adds the rates of a grantfolio rates CSV to `into`. Throws parse_error naming file, line and field.
void read_rates_csv(std::istream& in, const std::string& name, rate_table& into, const reader_limits& limits = {});
rate_table read_rates_csv(std::istream& in, const std::string& name, const reader_limits& limits = {});
rate_table read_rates_csv_file(const std::filesystem::path& path, const reader_limits& limits = {});

/// Reads the IMF annual-average file. Throws parse_error naming file, line and field.
rate_table read_imf_rates(std::istream& in, const std::string& name, const reader_limits& limits = {});
rate_table read_imf_rates_file(const std::filesystem::path& path, const reader_limits& limits = {});

/// Reads either format, told apart by the header line.
rate_table read_rates_file(const std::filesystem::path& path, const reader_limits& limits = {});

/// The embedded IMF table (built into the library from data/rates/): immutable, shared, thread-safe.
const rate_table& imf_annual();
/// The embedded IMF file's text, as shipped.
std::string_view imf_annual_csv();

}  // namespace grantfolio::io
