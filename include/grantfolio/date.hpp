// grantfolio/date.hpp — calendar dates on std::chrono: ISO 8601 text, calendar and fiscal years.
//
// A grantfolio::date is std::chrono::year_month_day; arithmetic on days goes through sys_days.
//
//   auto d = grantfolio::parse_date("2006-05-10");
//   grantfolio::format_date(d);          // "2006-05-10"
//   grantfolio::us_fiscal_year(d);       // 2006 (FY2006 runs 2005-10-01 .. 2006-09-30)
//   grantfolio::add_months(grantfolio::parse_date("2004-01-31"), 1);   // 2004-02-29
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "grantfolio/error.hpp"

namespace grantfolio {

using date = std::chrono::year_month_day;
using days = std::chrono::days;

/// Dates grantfolio accepts: years 1000 to 9999 (what four-digit ISO 8601 text can hold).
inline constexpr int min_year = 1000;
inline constexpr int max_year = 9999;

/// Builds a date, throwing invalid_argument for a day that does not exist (31 February).
date make_date(int y, unsigned m, unsigned d);
/// ISO 8601 extended calendar date "YYYY-MM-DD". Throws parse_error naming the text and the reason.
date parse_date(std::string_view text);
/// "YYYY-MM-DD"
std::string format_date(const date& d);

inline std::chrono::sys_days to_sys(const date& d) { return std::chrono::sys_days(d); }
inline date from_sys(std::chrono::sys_days d) { return date(d); }
/// Days since 1970-01-01 (negative before).
inline int day_number(const date& d) { return static_cast<int>(to_sys(d).time_since_epoch().count()); }
inline date from_day_number(int n) { return from_sys(std::chrono::sys_days(days(n))); }
inline date add_days(const date& d, int n) { return from_sys(to_sys(d) + days(n)); }

/// Adds calendar months, clamping to the month's last day (31 January + 1 month = 28/29 February).
date add_months(const date& d, int months);
/// Days in the date's month.
unsigned days_in_month(std::chrono::year y, std::chrono::month m);
/// Calendar year of a date.
inline int calendar_year(const date& d) { return static_cast<int>(d.year()); }
/// US federal fiscal year: FY N runs from 1 October N-1 to 30 September N.
inline int us_fiscal_year(const date& d) {
    return static_cast<int>(d.year()) + (static_cast<unsigned>(d.month()) >= 10 ? 1 : 0);
}

// inline definitions

inline date make_date(int y, unsigned m, unsigned d) {
    date r{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (y < min_year || y > max_year)
        throw invalid_argument("year " + std::to_string(y) + " is outside " + std::to_string(min_year) + ".." +
                               std::to_string(max_year));
    if (!r.ok())
        throw invalid_argument(std::to_string(y) + "-" + std::to_string(m) + "-" + std::to_string(d) +
                               " is not a calendar date");
    return r;
}

inline date parse_date(std::string_view s) {
    auto fail = [&](const char* why) -> date {
        throw parse_error(quote_value(s) + " is not an ISO 8601 date (YYYY-MM-DD): " + why);
    };
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return fail("expected the form YYYY-MM-DD");
    auto num = [&](std::size_t from, std::size_t n) {
        int v = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            if (s[i] < '0' || s[i] > '9') fail("non-digit where a digit belongs");
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    int y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if (y < min_year) return fail("year before 1000");
    if (m < 1 || m > 12) return fail("month is not 01..12");
    date r{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)), std::chrono::day(static_cast<unsigned>(d))};
    if (!r.ok()) return fail("no such day in that month");
    return r;
}

inline std::string format_date(const date& d) {
    char buf[16];
    int y = static_cast<int>(d.year());
    unsigned m = static_cast<unsigned>(d.month()), dd = static_cast<unsigned>(d.day());
    buf[0] = char('0' + (y / 1000) % 10);
    buf[1] = char('0' + (y / 100) % 10);
    buf[2] = char('0' + (y / 10) % 10);
    buf[3] = char('0' + y % 10);
    buf[4] = '-';
    buf[5] = char('0' + m / 10);
    buf[6] = char('0' + m % 10);
    buf[7] = '-';
    buf[8] = char('0' + dd / 10);
    buf[9] = char('0' + dd % 10);
    return std::string(buf, 10);
}

inline unsigned days_in_month(std::chrono::year y, std::chrono::month m) {
    return static_cast<unsigned>(std::chrono::year_month_day_last(y, std::chrono::month_day_last(m)).day());
}

inline date add_months(const date& d, int months) {
    std::chrono::year_month ym = std::chrono::year_month(d.year(), d.month()) + std::chrono::months(months);
    unsigned last = days_in_month(ym.year(), ym.month());
    unsigned day = static_cast<unsigned>(d.day());
    return date(ym.year(), ym.month(), std::chrono::day(day < last ? day : last));
}

}  // namespace grantfolio
