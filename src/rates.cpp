// Loading exchange rates: grantfolio's CSV, the IMF annual file and the embedded default table.
#include "grantfolio/io/rates.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace grantfolio::io {

namespace detail_rates {
// Defined in the generated embedded_imf.cpp.
std::string_view embedded_imf_csv();
}  // namespace detail_rates

namespace {

std::ifstream open_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error("cannot open '" + path.string() + "' for reading: " + std::strerror(errno), path.string(), errno);
    return in;
}

struct field_reader {
    const csv_reader& csv;
    const std::vector<std::string>& row;

    std::string text(std::size_t i, const std::string& name) const {
        if (i >= row.size()) throw csv.error_at("missing field", name);
        return row[i];
    }
    currency cur(std::size_t i, const std::string& name) const {
        auto c = currency::find(text(i, name));
        if (!c) throw csv.error_at(quote_value(row[i]) + " is not an ISO 4217 currency code", name);
        return *c;
    }
    date day(std::size_t i, const std::string& name) const {
        try {
            return parse_date(text(i, name));
        } catch (const parse_error& e) {
            throw csv.error_at(e.what(), name);
        }
    }
    decimal positive(std::size_t i, const std::string& name) const {
        decimal d;
        try {
            d = decimal::parse(text(i, name));
        } catch (const error& e) {
            throw csv.error_at(e.what(), name);
        }
        if (d.sign() <= 0) throw csv.error_at("rate " + d.to_string() + " is not positive", name);
        return d;
    }
};

std::map<std::string, std::size_t> header_columns(csv_reader& csv, const std::vector<std::string>& header,
                                                  const std::vector<std::string>& known) {
    std::map<std::string, std::size_t> at;
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string h = header[i];
        if (i == 0 && h.rfind("\xEF\xBB\xBF", 0) == 0) h.erase(0, 3);  // UTF-8 byte order mark
        if (std::find(known.begin(), known.end(), h) == known.end())
            throw csv.error_at("unknown column " + quote_value(h), h, i + 1);
        if (!at.emplace(h, i).second) throw csv.error_at("column '" + h + "' appears twice", h, i + 1);
    }
    return at;
}

void check_width(const csv_reader& csv, const std::vector<std::string>& row, std::size_t width) {
    if (row.size() != width)
        throw csv.error_at("expected " + std::to_string(width) + " fields, found " + std::to_string(row.size()));
}

bool is_blank(const std::vector<std::string>& row) { return row.size() == 1 && row[0].empty(); }

}  // namespace

void read_rates_csv(std::istream& in, const std::string& name, rate_table& into, const reader_limits& limits) {
    csv_reader csv(in, name, limits);
    std::vector<std::string> row;
    if (!csv.next(row)) throw parse_error("empty rates file", parse_error::location{name, 1, 0, {}});
    auto at = header_columns(csv, row, {"base", "quote", "rate", "valid_from", "valid_to", "source"});
    for (const char* need : {"base", "quote", "rate", "valid_from"})
        if (!at.count(need)) throw csv.error_at(std::string("the header has no '") + need + "' column", need);
    const std::size_t width = row.size();
    while (csv.next(row)) {
        if (is_blank(row)) continue;
        check_width(csv, row, width);
        field_reader f{csv, row};
        currency base = f.cur(at["base"], "base"), quote = f.cur(at["quote"], "quote");
        if (base == quote) throw csv.error_at("a rate from " + row[at["base"]] + " to itself", "quote");
        decimal value = f.positive(at["rate"], "rate");
        date from = f.day(at["valid_from"], "valid_from");
        std::optional<date> to;
        if (at.count("valid_to") && !row[at["valid_to"]].empty()) {
            to = f.day(at["valid_to"], "valid_to");
            if (*to < from) throw csv.error_at("valid_to is before valid_from", "valid_to");
        }
        std::string source = at.count("source") ? row[at["source"]] : std::string();
        // Without a source column, the row's source is its line in this file, held as a number.
        const auto line = source.empty() ? static_cast<std::uint32_t>(std::min<std::size_t>(csv.line(), UINT32_MAX)) : 0u;
        if (source.empty()) source = name;
        try {
            into.add(exchange_rate(base, quote, value, to ? validity::range(from, *to) : validity::open_from(from),
                                   std::move(source)), line);
        } catch (const invalid_argument& e) {
            throw csv.error_at(e.what(), "valid_from");
        }
    }
}

rate_table read_rates_csv(std::istream& in, const std::string& name, const reader_limits& limits) {
    rate_table t;
    read_rates_csv(in, name, t, limits);
    return t;
}

rate_table read_rates_csv_file(const std::filesystem::path& path, const reader_limits& limits) {
    auto in = open_file(path);
    return read_rates_csv(in, path.string(), limits);
}

rate_table read_imf_rates(std::istream& in, const std::string& name, const reader_limits& limits) {
    csv_reader csv(in, name, limits);
    std::vector<std::string> row;
    if (!csv.next(row)) throw parse_error("empty IMF rates file", parse_error::location{name, 1, 0, {}});
    const std::vector<std::string> columns{"Date", "Rate", "Currency", "Frequency", "Source", "Country code", "Country"};
    auto at = header_columns(csv, row, columns);
    for (const auto& c : columns)
        if (!at.count(c)) throw csv.error_at("the header has no '" + c + "' column", c);
    const std::size_t width = row.size();
    const currency usd("USD");
    const std::string short_name = std::filesystem::path(name).filename().string();

    struct kept {
        decimal value;
        std::size_t line;
        std::string country;
    };
    std::map<std::pair<std::uint16_t, int>, kept> rows;  // (currency, year) -> first row
    std::vector<std::pair<std::pair<std::uint16_t, int>, exchange_rate>> ordered;
    while (csv.next(row)) {
        if (is_blank(row)) continue;
        check_width(csv, row, width);
        field_reader f{csv, row};
        date d = f.day(at["Date"], "Date");
        if (d.month() != std::chrono::December || d.day() != std::chrono::day(31))
            throw csv.error_at("an annual average is dated the year's last day, not " + row[at["Date"]], "Date");
        if (row[at["Frequency"]] != "A")
            throw csv.error_at("frequency '" + row[at["Frequency"]] + "' is not A (annual)", "Frequency");
        currency c = f.cur(at["Currency"], "Currency");
        decimal value = f.positive(at["Rate"], "Rate");
        int year = calendar_year(d);
        std::string country = row[at["Country"]] + " (" + row[at["Country code"]] + ")";
        if (c == usd) {
            if (value != decimal(1))
                throw csv.error_at("USD per USD must be 1, found " + value.to_string() + " for " + country, "Rate");
            continue;  // the identity: same-currency conversion needs no rate
        }
        auto key = std::make_pair(c.index(), year);
        auto [it, fresh] = rows.try_emplace(key, kept{value, csv.line(), country});
        if (!fresh) {
            // |a - b| <= 1e-9 × max(a, b), exactly.
            const decimal& a = it->second.value;
            decimal diff = (a - value).abs();
            decimal bound = (a > value ? a : value) * decimal::parse("0.000000001");
            if (diff > bound)
                throw csv.error_at(std::string(c.code()) + " " + std::to_string(year) + ": " + value.to_string() +
                                       " (" + country + ") disagrees with " + a.to_string() + " (" +
                                       it->second.country + ", line " + std::to_string(it->second.line) +
                                       ") by more than 1e-9 relative",
                                   "Rate");
            continue;  // agrees: one row per currency and year is kept
        }
        std::string source = row[at["Source"]] + " annual average " + std::to_string(year) + ", " + country + ", " +
                             short_name + ":" + std::to_string(csv.line());
        ordered.emplace_back(key, exchange_rate(usd, c, value,
                                                validity::range(make_date(year, 1, 1), make_date(year, 12, 31)),
                                                std::move(source)));
    }
    rate_table t;
    for (auto& [key, r] : ordered) t.add(r);
    return t;
}

rate_table read_imf_rates_file(const std::filesystem::path& path, const reader_limits& limits) {
    auto in = open_file(path);
    return read_imf_rates(in, path.string(), limits);
}

rate_table read_rates_file(const std::filesystem::path& path, const reader_limits& limits) {
    auto in = open_file(path);
    std::string first;
    std::getline(in, first);
    in.clear();
    in.seekg(0);
    if (first.find("Currency") != std::string::npos && first.find("Frequency") != std::string::npos)
        return read_imf_rates(in, path.string(), limits);
    return read_rates_csv(in, path.string(), limits);
}

std::string_view imf_annual_csv() { return detail_rates::embedded_imf_csv(); }

const rate_table& imf_annual() {
    static const rate_table table = [] {
        std::string text(imf_annual_csv());
        std::istringstream in(text);
        return read_imf_rates(in, "data/rates/imf-annual-average-per-usd.csv");
    }();
    return table;
}

}  // namespace grantfolio::io
