// grantfolio/period.hpp — an inclusive range of days [first, last].
//
//   grantfolio::period p(grantfolio::parse_date("2005-06-20"), grantfolio::parse_date("2005-08-14"));
//   p.days();            // 56
//   p.whole_months();    // 1  (20 June .. 19 July is one month; 20 July .. 14 August is not a second)
//   p.months();          // 1.8387... (26 of the 31 days from 20 July to 19 August)
//   for (auto m : p.by_month()) { ... }   // [06-20, 06-30], [07-01, 07-31], [08-01, 08-14]
//   to_string(p);        // "2005-06-20/2005-08-14" (ISO 8601 interval)
#pragma once

#include <ostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/date.hpp"

namespace grantfolio {

class period {
public:
    /// Throws invalid_argument when last is before first.
    period(date first, date last);
    /// A period of one day.
    static period day(date d) { return period(d, d); }
    /// 1 January to 31 December of year y.
    static period calendar_year(int y);
    /// US federal fiscal year: 1 October of y-1 to 30 September of y.
    static period us_fiscal_year(int y);
    /// The calendar month containing d.
    static period month_of(date d);

    date first() const noexcept { return first_; }
    date last() const noexcept { return last_; }

    /// Number of days, both ends included.
    int days() const { return day_number(last_) - day_number(first_) + 1; }
    /// Whole months from first: the largest n with first + n months <= last + 1 day (month ends clamp).
    int whole_months() const;
    /// Months as a fraction: whole_months() plus the share of the next month that the rest covers.
    double months() const;

    bool contains(date d) const { return first_ <= d && d <= last_; }
    bool contains(const period& p) const { return first_ <= p.first_ && p.last_ <= last_; }
    bool overlaps(const period& p) const { return first_ <= p.last_ && p.first_ <= last_; }
    /// The days both periods hold, or nothing when they do not overlap.
    std::optional<period> intersection(const period& p) const;
    /// The part of this period in each calendar month it touches, in order.
    std::vector<period> by_month() const;

    friend bool operator==(const period&, const period&) = default;
    friend auto operator<=>(const period& a, const period& b) {
        if (auto c = a.first_ <=> b.first_; c != 0) return c;
        return a.last_ <=> b.last_;
    }

private:
    date first_, last_;
};

/// "YYYY-MM-DD/YYYY-MM-DD"
std::string to_string(const period& p);
/// Reads "YYYY-MM-DD/YYYY-MM-DD" (ISO 8601 interval of two calendar dates).
period parse_period(std::string_view text);

// inline definitions

inline period::period(date first, date last) : first_(first), last_(last) {
    if (!first.ok() || !last.ok()) throw invalid_argument("a period needs two calendar dates");
    if (last < first)
        throw invalid_argument("period ends (" + format_date(last) + ") before it starts (" + format_date(first) + ")");
}

inline period period::calendar_year(int y) { return period(make_date(y, 1, 1), make_date(y, 12, 31)); }
inline period period::us_fiscal_year(int y) { return period(make_date(y - 1, 10, 1), make_date(y, 9, 30)); }
inline period period::month_of(date d) {
    return period(date(d.year(), d.month(), std::chrono::day(1)),
                  date(d.year(), d.month(), std::chrono::day(days_in_month(d.year(), d.month()))));
}

inline int period::whole_months() const {
    date end = add_days(last_, 1);
    int y = static_cast<int>(end.year()) - static_cast<int>(first_.year());
    int n = y * 12 + static_cast<int>(static_cast<unsigned>(end.month())) -
            static_cast<int>(static_cast<unsigned>(first_.month()));
    if (n < 0) n = 0;
    while (n > 0 && add_months(first_, n) > end) --n;
    return n;
}

inline double period::months() const {
    int n = whole_months();
    int from = day_number(add_months(first_, n));
    int to = day_number(add_months(first_, n + 1));
    int rest = day_number(last_) + 1 - from;
    return n + static_cast<double>(rest) / static_cast<double>(to - from);
}

inline std::optional<period> period::intersection(const period& p) const {
    if (!overlaps(p)) return std::nullopt;
    return period(first_ < p.first_ ? p.first_ : first_, last_ < p.last_ ? last_ : p.last_);
}

inline std::vector<period> period::by_month() const {
    std::vector<period> out;
    date d = first_;
    while (d <= last_) {
        period m = month_of(d);
        date end = m.last() < last_ ? m.last() : last_;
        out.emplace_back(d, end);
        d = add_days(end, 1);
    }
    return out;
}

inline std::string to_string(const period& p) { return format_date(p.first()) + "/" + format_date(p.last()); }

inline period parse_period(std::string_view s) {
    auto slash = s.find('/');
    if (slash == std::string_view::npos)
        throw parse_error(quote_value(s) + " is not an ISO 8601 interval (YYYY-MM-DD/YYYY-MM-DD)");
    date a = parse_date(s.substr(0, slash)), b = parse_date(s.substr(slash + 1));
    if (b < a) throw parse_error(quote_value(s) + ": the interval ends before it starts");
    return period(a, b);
}

inline std::ostream& operator<<(std::ostream& os, const period& p) { return os << to_string(p); }

}  // namespace grantfolio
