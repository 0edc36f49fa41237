#define BOOST_TEST_MODULE bulk_conversion
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <random>
#include <set>

#include "grantfolio/bulk_conversion.hpp"
#include "grantfolio/datasets.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/rates.hpp"
#include "grantfolio/grouped_totals.hpp"
#include "grantfolio/query.hpp"
#include "grantfolio/synthetic.hpp"

// Bulk conversion must give every element exactly what one-by-one conversion gives.
using namespace grantfolio;

namespace {

/// Daily rates per USD for four currencies, 2004–2006, with gaps (one day in seven missing, and a
/// month missing for GBP), rates with up to 8 decimals.
rate_table daily_rates(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    rate_table t;
    const std::pair<const char*, std::int64_t> quotes[] = {{"EUR", 80000000}, {"ALL", 9800000000}, {"JPY", 11000000000}, {"KWD", 29000000}};
    for (auto [code, base] : quotes) {
        const int first = day_number(make_date(2004, 1, 1)), last = day_number(make_date(2006, 12, 31));
        for (int d = first; d <= last; ++d) {
            if (d % 7 == 3) continue;
            if (std::string(code) == "EUR" && d >= day_number(make_date(2005, 6, 1)) && d < day_number(make_date(2005, 7, 1))) continue;
            auto v = base + static_cast<std::int64_t>(rng() % 2000000) - 1000000;
            t.add(exchange_rate(currency("USD"), currency(code), decimal::from_parts(v, 8),
                                validity::range(from_day_number(d), from_day_number(d)), "test"));
        }
    }
    return t;
}

struct columns {
    std::vector<std::int64_t> amounts;
    std::vector<std::uint16_t> currencies;
    std::vector<std::int32_t> days;
};

columns random_rows(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const char* codes[] = {"USD", "EUR", "ALL", "JPY", "KWD"};
    columns c;
    const int first = day_number(make_date(2004, 1, 1));
    for (std::size_t i = 0; i < n; ++i) {
        std::int64_t a = static_cast<std::int64_t>(rng() % 100000000) - 20000000;
        if (i % 97 == 0) a = static_cast<std::int64_t>(rng() >> 2) * (i % 2 ? 1 : -1);  // beyond the fast path
        if (i % 101 == 0) a = 0;
        c.amounts.push_back(a);
        c.currencies.push_back(currency(codes[rng() % 5]).index());
        c.days.push_back(first + static_cast<int>(rng() % (3 * 365 + 40)));  // some after the last rate
    }
    return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_element_equals_the_one_by_one_conversion) {
    const rate_table t = daily_rates(1);
    const columns c = random_rows(20000, 2);
    for (auto target : {"USD", "EUR", "JPY", "KWD"}) {
        for (auto mode : {rounding_mode::half_even, rounding_mode::half_up, rounding_mode::down, rounding_mode::up}) {
            for (auto policy : {missing_rate_policy::last_known(), missing_rate_policy::interpolate()}) {
                std::vector<std::int64_t> out(c.amounts.size());
                std::vector<std::uint8_t> how(c.amounts.size());
                bulk_options o{policy, mode, 1};
                std::size_t failures = 0, checked = 0;
                for (std::size_t i = 0; i < c.amounts.size(); i += 1) {
                    // One by one first; rows the rates cannot convert are taken out of the bulk run.
                    currency from = currency::from_index(c.currencies[i]);
                    money m(decimal::from_parts(c.amounts[i], *from.minor_unit()), from);
                    try {
                        auto one = t.convert(m, currency(target), from_day_number(c.days[i]), policy, mode);
                        auto bulk = convert_minor_units(t, std::span(&c.amounts[i], 1), std::span(&c.currencies[i], 1),
                                                        std::span(&c.days[i], 1), currency(target), std::span(&out[i], 1), o,
                                                        std::span(&how[i], 1));
                        BOOST_REQUIRE_MESSAGE(static_cast<detail::i128>(out[i]) == one.result.amount().coefficient(),
                                              "row " << i << ": " << m << " → " << one.result << ", bulk " << out[i]);
                        BOOST_REQUIRE(how[i] == static_cast<std::uint8_t>(one.quote.method));
                        BOOST_REQUIRE(bulk.count(one.quote.method) == 1u);
                        ++checked;
                    } catch (const missing_rate&) {
                        ++failures;
                        BOOST_CHECK_THROW(convert_minor_units(t, std::span(&c.amounts[i], 1), std::span(&c.currencies[i], 1),
                                                              std::span(&c.days[i], 1), currency(target), std::span(&out[i], 1), o),
                                          missing_rate);
                    } catch (const overflow_error&) {
                        ++failures;
                    }
                    if (i > 3000) i += 13;  // the rest sampled, to keep the test quick
                }
                BOOST_TEST(checked > 2000u);
            }
        }
    }
}

// Whole columns in one call (blocks of mixed currencies, days and paths), each element against
// one-by-one conversion: random rows, and rows at the edges of the 64-bit path — estimates either
// side of 2^50, denominators either side of 2^62, ties for every rounding mode, signs, zero.
BOOST_AUTO_TEST_CASE(whole_columns_equal_one_by_one_at_the_fast_paths_edges) {
    rate_table t = daily_rates(3);
    const int day = day_number(make_date(2007, 3, 1));
    // USD per unit of GBP / CHF / SEK / NOK: 1/2 (ties), 1/3, and two factors whose denominator is
    // 2^62 - 1 (coprime to 10: the 64-bit path) and 2^62 + 3 (beyond it: the 128-bit one).
    const std::pair<const char*, const char*> fixed[] = {
        {"GBP", "2"}, {"CHF", "3"}, {"SEK", "4.611686018427387903"}, {"NOK", "4.611686018427387907"}};
    for (auto [code, rate] : fixed)
        t.add(exchange_rate(currency("USD"), currency(code), decimal::parse(rate), validity::range(from_day_number(day), from_day_number(day)), "edge"));
    columns c = random_rows(6000, 4);
    for (auto [code, rate] : fixed) {
        const double per = std::stod(rate);
        std::vector<std::int64_t> amounts{0, 1, -1, 2, 3, -3, 5, 7, -7, 1000000007, (std::int64_t(1) << 53) + 1, std::int64_t(1) << 62,
                                          std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min() + 1,
                                          std::numeric_limits<std::int64_t>::min()};
        for (int dlt = -3; dlt <= 3; ++dlt) {
            const auto edge = static_cast<std::int64_t>(std::ldexp(1.0, 50) * per) + dlt;
            amounts.push_back(edge);
            amounts.push_back(-edge);
        }
        for (auto a : amounts) {
            c.amounts.push_back(a);
            c.currencies.push_back(currency(code).index());
            c.days.push_back(day);
        }
    }
    for (auto mode : {rounding_mode::half_even, rounding_mode::half_up, rounding_mode::down, rounding_mode::up}) {
        columns ok;
        std::vector<std::int64_t> want;
        for (std::size_t i = 0; i < c.amounts.size(); ++i) {
            const currency from = currency::from_index(c.currencies[i]);
            try {
                auto one = t.convert(money(decimal::from_parts(c.amounts[i], *from.minor_unit()), from), currency("USD"),
                                     from_day_number(c.days[i]), missing_rate_policy::last_known(), mode);
                const auto v = one.result.amount().coefficient();
                if (v > std::numeric_limits<std::int64_t>::max() || v < -std::numeric_limits<std::int64_t>::max()) continue;
                want.push_back(static_cast<std::int64_t>(v));
                ok.amounts.push_back(c.amounts[i]);
                ok.currencies.push_back(c.currencies[i]);
                ok.days.push_back(c.days[i]);
            } catch (const error&) {
            }
        }
        BOOST_REQUIRE(want.size() > 5000u);
        // Both loops of convert_minor_rows: AVX-512 (where this CPU has it) and the portable one.
        std::vector<std::uint8_t> how[2];
        bulk_stats stats[2];
        for (const bool simd : {true, false}) {
            std::vector<std::int64_t> out(want.size());
            how[simd].resize(want.size());
            stats[simd] = convert_minor_units(t, ok.amounts, ok.currencies, ok.days, currency("USD"), out,
                                              {missing_rate_policy::last_known(), mode, 1, simd}, how[simd]);
            for (std::size_t i = 0; i < want.size(); ++i)
                BOOST_REQUIRE_MESSAGE(out[i] == want[i], "row " << i << " (" << ok.amounts[i] << " "
                                      << currency::from_index(ok.currencies[i]).code() << ", simd " << simd << "): bulk "
                                      << out[i] << ", one by one " << want[i]);
        }
        BOOST_TEST((how[0] == how[1]));
        BOOST_TEST((stats[0].by_method == stats[1].by_method));
    }
    BOOST_TEST_MESSAGE("AVX-512 loop " << (bulk_converter::simd_available() ? "tested" : "not available on this CPU"));
}

BOOST_AUTO_TEST_CASE(whole_columns_in_threads_match_one_thread) {
    const rate_table t = daily_rates(3);
    columns c = random_rows(300000, 4);
    for (auto& a : c.amounts) a /= 1000;  // within 64-bit results for every target
    std::vector<std::int64_t> one(c.amounts.size()), two(c.amounts.size());
    auto s1 = convert_minor_units(t, c.amounts, c.currencies, c.days, currency("USD"), one, {missing_rate_policy::last_known(), rounding_mode::half_even, 1});
    auto s2 = convert_minor_units(t, c.amounts, c.currencies, c.days, currency("USD"), two, {missing_rate_policy::last_known(), rounding_mode::half_even, 2});
    BOOST_TEST((one == two));
    BOOST_TEST((s1.by_method == s2.by_method));
    BOOST_TEST(s1.count(conversion_method::last_known) > 0u);  // the gaps show in the result
    BOOST_TEST(s1.count(conversion_method::identity) > 0u);
    BOOST_TEST(s1.count(conversion_method::inverse) > 0u);
}

BOOST_AUTO_TEST_CASE(failures_name_the_row) {
    const rate_table t = daily_rates(5);
    std::vector<std::int64_t> a{100, 200, 300};
    std::vector<std::uint16_t> c{currency("EUR").index(), currency("EUR").index(), currency("EUR").index()};
    std::vector<std::int32_t> d{day_number(make_date(2005, 1, 4)), day_number(make_date(2005, 6, 10)), day_number(make_date(2005, 1, 5))};
    std::vector<std::int64_t> out(3);
    try {
        convert_minor_units(t, a, c, d, currency("USD"), out);
        BOOST_FAIL("converted a day without a rate under 'raise'");
    } catch (const missing_rate& e) {
        std::string w = e.what();
        BOOST_TEST(w.find("row 1: ") == 0u, w);
        BOOST_TEST(w.find("EUR→USD on 2005-06-10") != std::string::npos, w);
    }
    BOOST_CHECK_NO_THROW(convert_minor_units(t, a, c, d, currency("USD"), out, {missing_rate_policy::last_known()}));
    // A target without a minor unit, an overflow of 64 bits, mismatched lengths.
    BOOST_CHECK_THROW(convert_minor_units(t, a, c, d, currency("XAU"), out), invalid_argument);
    std::vector<std::int64_t> big{0, 7, std::numeric_limits<std::int64_t>::max()};
    std::vector<std::uint16_t> usd(3, currency("USD").index());
    try {
        convert_minor_units(t, big, usd, d, currency("JPY"), out, {missing_rate_policy::last_known()});
        BOOST_FAIL("no overflow");
    } catch (const overflow_error& e) {
        BOOST_TEST(std::string(e.what()).find("row 2: the result does not fit in 64-bit minor units of JPY") == 0u, e.what());
    }
    std::vector<std::int64_t> shorter(2);
    BOOST_CHECK_THROW(convert_minor_units(t, a, c, d, currency("USD"), shorter), invalid_argument);
    // Bad rows of every kind, in both loops, in a column long enough for the vector steps: the
    // error names the first bad row and what is wrong with it.
    const std::int32_t ok_day = day_number(make_date(2005, 1, 4));
    struct bad_row {
        std::uint16_t currency;
        std::int32_t day;
        const char* says;
    };
    const bad_row bad[] = {
        {currency("XAU").index(), ok_day, "XAU has no minor unit in ISO 4217"},
        {static_cast<std::uint16_t>(currency::count()), ok_day, "is not in the table"},
        {currency("EUR").index(), day_number(make_date(min_year, 1, 1)) - 1, "the value date lies outside"},
        {currency("EUR").index(), day_number(make_date(2005, 6, 10)), "EUR→USD on 2005-06-10"},
    };
    for (const bool simd : {true, false})
        for (const std::size_t at : {std::size_t(0), std::size_t(37), std::size_t(299)})
            for (const auto& b : bad) {
                std::vector<std::int64_t> amounts(300, 1234), results(300);
                std::vector<std::uint16_t> currencies(300, currency("EUR").index());
                std::vector<std::int32_t> days(300, ok_day);
                currencies[at] = b.currency;
                days[at] = b.day;
                if (at + 5 < 300) currencies[at + 5] = static_cast<std::uint16_t>(currency::count() + 1);  // a later bad row
                try {
                    convert_minor_units(t, amounts, currencies, days, currency("USD"), results, {{}, rounding_mode::half_even, 1, simd});
                    BOOST_FAIL("converted a bad row");
                } catch (const error& e) {
                    const std::string w = e.what(), row = "row " + std::to_string(at) + ": ";
                    BOOST_TEST(w.find(row) == 0u, w);
                    BOOST_TEST(w.find(b.says) != std::string::npos, w);
                }
            }
}

BOOST_AUTO_TEST_CASE(totals_by_group_equal_the_sum_of_single_conversions) {
    program p = synthetic::generate({300, 6000, 7, 0, 0});
    // Amounts off the minor-unit path, each in a block of its own kind so that blocks of both
    // loops occur: a whole number of dollars (scale 0, multiplied up), tenths of a cent (scale 3:
    // the general path), a coefficient beyond 64 bits, and a result beyond 64-bit minor units.
    const date on = make_date(2005, 6, 1);
    const std::pair<std::size_t, money> odd[] = {
        {3, money(decimal::parse("12345"), currency("USD"))},
        {4, money(decimal::parse("1.234"), currency("USD"))},
        {5, money(decimal::parse("123456789012345678901234.56"), currency("EUR"))},
        {6, money(decimal::parse("90000000000000000.00"), currency("EUR"))}};
    for (const auto& [grant, amount] : odd)
        for (int k = 0; k < 3; ++k) p.add_transaction(grant, transaction{transaction_kind::disbursement, on, amount, "odd"});
    // Yearly rates per USD for every currency the programme uses, every fourth year missing.
    rate_table imf;
    std::set<std::uint16_t> used(p.transactions().currencies().begin(), p.transactions().currencies().end());
    for (auto c : used) {
        if (currency::from_index(c) == currency("USD")) continue;
        for (int y = 1990; y <= 2030; ++y)
            if (y % 4)
                imf.add(exchange_rate(currency("USD"), currency::from_index(c), decimal::from_parts(100000 + y * 37 + c, 4),
                                      validity::range(make_date(y, 1, 1), make_date(y, 12, 31)), "test"));
    }
    auto policy = missing_rate_policy::last_known();
    for (auto by : {query::group_by::grant, query::group_by::phase, query::group_by::qark, query::group_by::year, query::group_by::fiscal_year}) {
        auto t = query::converted_totals_by(p, by, imf, currency("USD"), transaction_kind::disbursement, policy);
        // The same, one transaction at a time.
        std::map<std::string, money> expect;
        std::size_t rows = 0;
        const auto& s = p.transactions();
        std::vector<std::string> keys;
        for (std::size_t r = 0; r < s.size(); ++r) {
            if (s.kind(r) != transaction_kind::disbursement) continue;
            ++rows;
            money usd = imf.convert(s.amount(r), currency("USD"), s.value_date(r), policy).result;
            const grant& g = p.grants()[s.grant_of(r)];
            keys.clear();
            if (by == query::group_by::grant) keys = {g.id};
            if (by == query::group_by::phase) keys = {std::to_string(g.phase)};
            if (by == query::group_by::year) keys = {std::to_string(static_cast<int>(s.value_date(r).year()))};
            if (by == query::group_by::fiscal_year) {  // by the calendar: October to December count in the next year
                const date d = s.value_date(r);
                keys = {std::to_string(static_cast<int>(d.year()) + (static_cast<unsigned>(d.month()) >= 10 ? 1 : 0))};
            }
            if (by == query::group_by::qark) {
                for (const auto& st : g.sites)
                    if (const place* pl = p.place_of(st))
                        if (const place* q = p.places().ancestor(*pl, place_level::qark))
                            if (std::find(keys.begin(), keys.end(), q->id) == keys.end()) keys.push_back(q->id);
                if (keys.empty()) keys = {"unplaced"};
                for (const auto& st : g.sites)
                    if (const place* pl = p.place_of(st); pl && pl->level == place_level::nationwide) keys = {"nationwide"};
            }
            for (const auto& k : keys) expect.try_emplace(k, money(currency("USD"))).first->second += usd;
        }
        BOOST_TEST(t.groups.size() == expect.size(), query::to_string(by));
        std::size_t counted = 0;
        for (const auto& g : t.groups) {
            BOOST_TEST((g.total == expect.at(g.key)), query::to_string(by) << " " << g.key << ": " << g.total << " vs " << expect.at(g.key));
            counted += g.transactions;
        }
        if (by != query::group_by::qark) BOOST_TEST(counted == rows);
        std::size_t converted = 0;
        for (auto n : t.methods.by_method) converted += n;
        BOOST_TEST(converted == rows);
        // Threads give the same answer.
        auto t2 = query::converted_totals_by(p, by, imf, currency("USD"), transaction_kind::disbursement, policy, 2);
        BOOST_TEST(t2.groups.size() == t.groups.size());
        for (std::size_t k = 0; k < t.groups.size(); ++k) BOOST_TEST((t2.groups[k].total == t.groups[k].total));
    }
    BOOST_CHECK_THROW(query::converted_totals_by(p, query::group_by::grant, imf, currency("USD"), transaction_kind::disbursement,
                                                 missing_rate_policy::raise()),
                      missing_rate);  // some value dates fall in the missing years
}

namespace {
/// A yearly EUR rate, 1990-2030, for every other currency a programme's transactions use.
rate_table yearly_eur_rates(const program& p) {
    rate_table r;
    std::set<std::uint16_t> used(p.transactions().currencies().begin(), p.transactions().currencies().end());
    for (auto c : used)
        if (currency::from_index(c) != currency("EUR"))
            for (int y = 1990; y <= 2030; ++y)
                r.add(exchange_rate(currency("EUR"), currency::from_index(c), decimal::from_parts(900000 + y * 11 + c, 6),
                                    validity::range(make_date(y, 1, 1), make_date(y, 12, 31)), "test"));
    return r;
}
}  // namespace

BOOST_AUTO_TEST_CASE(totals_in_threads_match_one_thread) {
    // Enough rows (over 65,536) for the work to be split.
    program p = synthetic::generate({2000, 150000, 11, 0, 0});
    const rate_table r = yearly_eur_rates(p);
    for (auto by : {query::group_by::grant, query::group_by::phase, query::group_by::qark, query::group_by::year, query::group_by::fiscal_year}) {
        auto one = query::converted_totals_by(p, by, r, currency("EUR"), transaction_kind::expenditure, {}, 1);
        auto two = query::converted_totals_by(p, by, r, currency("EUR"), transaction_kind::expenditure, {}, 2);
        BOOST_REQUIRE(one.groups.size() == two.groups.size());
        for (std::size_t k = 0; k < one.groups.size(); ++k) {
            BOOST_TEST(one.groups[k].key == two.groups[k].key);
            BOOST_TEST((one.groups[k].total == two.groups[k].total));
            BOOST_TEST(one.groups[k].transactions == two.groups[k].transactions);
        }
        BOOST_TEST((one.methods.by_method == two.methods.by_method));
    }
}

BOOST_AUTO_TEST_CASE(totals_by_what_the_grants_state) {
    // Three activities of two publishers: A funded by F1 and F2 in two countries and two sectors,
    // B by F1 with a sector of another vocabulary, C stating no funder, place or sector.
    const std::string xml = R"(<iati-activities version="2.03">
  <iati-activity default-currency="USD"><iati-identifier>P1-A</iati-identifier>
    <reporting-org ref="P1" type="10"><narrative>Publisher one</narrative></reporting-org>
    <participating-org ref="F1" role="1"><narrative>Funder one</narrative></participating-org>
    <participating-org ref="F2" role="1"><narrative>Funder two</narrative></participating-org>
    <participating-org ref="R1" role="4"><narrative>Grantee one</narrative></participating-org>
    <recipient-country code="AL" percentage="60"/><recipient-country code="XK" percentage="40"/>
    <sector code="15180" percentage="50"/><sector code="15160" percentage="50"/>
    <transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/><value value-date="2020-01-01">100.00</value></transaction>
  </iati-activity>
  <iati-activity default-currency="USD"><iati-identifier>P1-B</iati-identifier>
    <reporting-org ref="P1" type="10"><narrative>Publisher one</narrative></reporting-org>
    <participating-org ref="F1" role="1"><narrative>Funder one</narrative></participating-org>
    <sector vocabulary="2" code="151"/>
    <transaction><transaction-type code="3"/><transaction-date iso-date="2020-02-01"/><value value-date="2020-02-01">10.50</value></transaction>
    <transaction><transaction-type code="3"/><transaction-date iso-date="2020-03-01"/><value value-date="2020-03-01">5.25</value></transaction>
  </iati-activity>
  <iati-activity default-currency="USD"><iati-identifier>P2-C</iati-identifier>
    <reporting-org ref="P2" type="10"><narrative>Publisher two</narrative></reporting-org>
    <transaction><transaction-type code="3"/><transaction-date iso-date="2020-04-01"/><value value-date="2020-04-01">1.00</value></transaction>
  </iati-activity>
</iati-activities>)";
    const program p = io::read_iati(xml, "t.xml").program;
    const rate_table none;
    auto totals = [&](query::group_by by) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& g : query::converted_totals_by(p, by, none, currency("USD")).groups)
            out.emplace_back(g.key, g.total.amount().to_string() + " x" + std::to_string(g.transactions));
        return out;
    };
    using rows = std::vector<std::pair<std::string, std::string>>;
    BOOST_TEST((totals(query::group_by::publisher) == rows{{"P1", "115.75 x3"}, {"P2", "1.00 x1"}}));
    // A grant counts whole in every group it names; a grant naming none is "unstated".
    BOOST_TEST((totals(query::group_by::funder) == rows{{"F1", "115.75 x3"}, {"F2", "100.00 x1"}, {"unstated", "1.00 x1"}}));
    BOOST_TEST((totals(query::group_by::recipient) == rows{{"R1", "100.00 x1"}, {"unstated", "16.75 x3"}}));
    BOOST_TEST((totals(query::group_by::country) == rows{{"AL", "100.00 x1"}, {"XK", "100.00 x1"}, {"unstated", "16.75 x3"}}));
    BOOST_TEST((totals(query::group_by::sector) == rows{{"15180", "100.00 x1"}, {"15160", "100.00 x1"}, {"2:151", "15.75 x2"}, {"unstated", "1.00 x1"}}));
    BOOST_TEST((totals(query::group_by::region) == rows{{"unstated", "116.75 x4"}}));
    // A listing's programme of one country names it for every grant; its donor funds them all.
    const program& caaht = datasets::caaht_2006();
    BOOST_TEST(query::stated_groups(caaht, caaht.grants()[0], query::group_by::country) == std::vector<std::string>{"AL"});
    BOOST_TEST(query::stated_groups(caaht, caaht.grants()[0], query::group_by::funder) == std::vector<std::string>{caaht.donor});
    BOOST_CHECK_THROW(query::parse_group_by("donor"), invalid_argument);

    // Weighted: A's 100.00 split 60/40 between its countries, 50/50 between its sectors, in equal
    // shares between its two funders (no percentages for funders); every grouping adds up to 116.75.
    auto weighted = [&](query::group_by by) {
        std::vector<std::pair<std::string, std::string>> out;
        const auto t = query::converted_totals_by(p, by, none, currency("USD"), transaction_kind::disbursement, {}, 1,
                                                  query::split_mode::weighted);
        for (const auto& g : t.groups) out.emplace_back(g.key, g.total.amount().to_string());
        out.emplace_back("split", std::to_string(t.split_by_percentage) + "/" + std::to_string(t.split_equally));
        return out;
    };
    BOOST_TEST((weighted(query::group_by::country) == rows{{"AL", "60.00"}, {"XK", "40.00"}, {"unstated", "16.75"}, {"split", "1/0"}}));
    BOOST_TEST((weighted(query::group_by::sector) == rows{{"15180", "50.00"}, {"15160", "50.00"}, {"2:151", "15.75"}, {"unstated", "1.00"}, {"split", "1/0"}}));
    BOOST_TEST((weighted(query::group_by::funder) == rows{{"F1", "65.75"}, {"F2", "50.00"}, {"unstated", "1.00"}, {"split", "0/1"}}));
    BOOST_TEST((weighted(query::group_by::publisher) == rows{{"P1", "115.75"}, {"P2", "1.00"}, {"split", "0/0"}}));
    BOOST_TEST((query::parse_split_mode("weighted") == query::split_mode::weighted));
    BOOST_CHECK_THROW(query::parse_split_mode("half"), invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_split_adds_up_to_the_minor_unit) {
    using grantfolio::detail::i128;
    auto split = [](i128 v, std::vector<std::uint64_t> w) {
        std::vector<i128> part(w.size());
        query::detail::split_by_weight(v, w, part.data());
        std::vector<long long> out(part.begin(), part.end());
        return out;
    };
    // 100.00 in three equal shares: the cent left over goes to the first.
    BOOST_TEST((split(10000, {1, 1, 1}) == std::vector<long long>{3334, 3333, 3333}));
    BOOST_TEST((split(-10000, {1, 1, 1}) == std::vector<long long>{-3334, -3333, -3333}));
    // Largest remainders: 1 unit by 33.333333/66.666667 goes to the larger share.
    BOOST_TEST((split(1, {33333333, 66666667}) == std::vector<long long>{0, 1}));
    BOOST_TEST((split(0, {5, 5}) == std::vector<long long>{0, 0}));
    // Any weights, any value: the parts add up, and each is within one unit of its exact share.
    std::uint64_t seed = 7;
    auto next = [&] { return seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; };
    for (int round = 0; round < 2000; ++round) {
        const std::size_t n = 1 + next() % 7;
        std::vector<std::uint64_t> w(n);
        std::uint64_t total_w = 0;
        for (auto& x : w) total_w += (x = 1 + next() % 100000000);
        const i128 v = static_cast<i128>(next() >> 1) * (round % 2 ? -1 : 1) * static_cast<i128>(1 + next() % 1000000);
        std::vector<i128> part(n);
        query::detail::split_by_weight(v, w, part.data());
        i128 sum = 0;
        for (std::size_t k = 0; k < n; ++k) {
            sum += part[k];
            const i128 off = part[k] * static_cast<i128>(total_w) - v * static_cast<i128>(w[k]);  // W x (part - exact share)
            BOOST_TEST((off < static_cast<i128>(total_w) && -off < static_cast<i128>(total_w)));
        }
        BOOST_TEST((sum == v));
    }
}

BOOST_AUTO_TEST_CASE(weighted_totals_add_up_to_the_unsplit_total) {
    // A generated programme: grants reach up to several qarqe (no percentages: equal shares).
    program p = synthetic::generate({300, 5000, 17, 0, 0});
    const rate_table r = yearly_eur_rates(p);
    money all(currency("EUR"));
    for (const auto& g : query::converted_totals_by(p, query::group_by::grant, r, currency("EUR"), transaction_kind::expenditure).groups) all += g.total;
    for (unsigned threads : {1u, 2u}) {
        const auto t = query::converted_totals_by(p, query::group_by::qark, r, currency("EUR"), transaction_kind::expenditure, {}, threads,
                                                  query::split_mode::weighted);
        money sum(currency("EUR"));
        for (const auto& g : t.groups) sum += g.total;
        BOOST_TEST((sum == all), sum << " vs " << all);
        BOOST_TEST(t.split_equally > 0u);
    }
    money full(currency("EUR"));
    for (const auto& g : query::converted_totals_by(p, query::group_by::qark, r, currency("EUR"), transaction_kind::expenditure).groups) full += g.total;
    BOOST_TEST((all < full));  // counted whole in each qark, a grant in two counts twice
}
