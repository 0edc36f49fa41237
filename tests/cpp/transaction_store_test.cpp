#define BOOST_TEST_MODULE transaction_store
#include <boost/test/unit_test.hpp>

#include "grantfolio/program.hpp"
#include "grantfolio/synthetic.hpp"

using namespace grantfolio;

static transaction tx(const char* d, const char* amount, const char* cur, std::string note = "",
                      transaction_kind k = transaction_kind::disbursement) {
    return transaction{k, parse_date(d), money(decimal::parse(amount), currency(cur)), std::move(note)};
}

BOOST_AUTO_TEST_CASE(rows_come_back_exactly) {
    transaction_store s;
    s.push_back(3, tx("2005-03-15", "25000.00", "USD", "first tranche"));
    s.push_back(1, tx("2006-01-02", "-12.345", "JPY", "", transaction_kind::refund));
    s.push_back(3, tx("2005-04-01", "123456789012345678901234.5678", "EUR", "wide"));
    s.push_back(0, tx("1999-12-31", "0", "ALL"));
    BOOST_TEST(s.size() == 4u);
    BOOST_TEST((s.at(0) == tx("2005-03-15", "25000.00", "USD", "first tranche")));
    BOOST_TEST(s.at(1).amount.amount().to_string() == "-12.345");
    BOOST_TEST(s.kind(1) == transaction_kind::refund);
    BOOST_TEST(s.coefficients()[2] == transaction_store::wide);
    BOOST_TEST(s.amount(2).to_string() == "123456789012345678901234.5678 EUR");
    BOOST_TEST(s.note(2) == "wide");
    BOOST_TEST(s.note(3).empty());
    BOOST_TEST(s.days()[0] == day_number(parse_date("2005-03-15")));
    auto g = s.by_grant(4);
    BOOST_TEST((g.offsets == std::vector<std::size_t>{0, 1, 2, 2, 4}));
    BOOST_TEST((g.rows == std::vector<std::uint32_t>{3, 1, 0, 2}));
    BOOST_CHECK_THROW(s.by_grant(3), invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_row_costs_at_most_32_bytes) {
    program p = synthetic::generate({1000, 200000, 3, 0, 0});
    const auto& s = p.transactions();
    BOOST_TEST(s.size() == 200000u);
    // Columns 20 bytes a row; notes (one row in five) and vector slack add the rest.
    BOOST_TEST(s.memory_bytes() <= 32 * s.size(), s.memory_bytes() << " bytes");
}

BOOST_AUTO_TEST_CASE(columns_from_elsewhere_are_checked) {
    transaction_store s;
    s.push_back(0, tx("2005-03-15", "1.00", "USD", "note"));
    s.push_back(1, tx("2005-03-16", "123456789012345678901234.5678", "USD"));
    auto good = s.data();
    BOOST_TEST((transaction_store::from_columns(good, 2) == s));
    auto refused = [&](auto change, const std::string& says, std::size_t grants = 2) {
        auto c = good;
        change(c);
        try {
            transaction_store::from_columns(c, grants);
        } catch (const invalid_argument& e) {
            BOOST_TEST(std::string(e.what()).find(says) != std::string::npos, e.what());
            return;
        }
        BOOST_FAIL("accepted: " + says);
    };
    refused([](auto&) {}, "names grant 1 of 1", 1);
    refused([](auto& c) { c.day.pop_back(); }, "differ in length");
    refused([](auto& c) { c.kind[0] = static_cast<std::uint8_t>(last_transaction_kind) + 1; }, "unknown kind");
    refused([](auto& c) { c.currency[0] = 60000; }, "no known currency");
    refused([](auto& c) { c.scale[0] = 39; }, "scale 39");
    refused([](auto& c) { c.day[0] = 1 << 30; }, "value date out of range");
    refused([](auto& c) { c.wide.clear(); }, "wide amounts do not match");
    refused([](auto& c) { c.note_row[0] = 7; }, "note 0 is misplaced");
    refused([](auto& c) { c.note_start[0] = 3; }, "note 0 starts out of order");
    transaction with_detail = tx("2005-03-17", "2.00", "USD");
    with_detail.detail.edit().flow_type = "10";
    s.push_back(1, with_detail);
    good = s.data();
    refused([](auto& c) { c.detail_row[0] = 9; }, "detail 0 is misplaced", 2);
    refused([](auto& c) { c.detail_bytes.clear(); }, "detail 0 is empty", 2);
    refused([](auto& c) { c.detail_bytes[0] = 99; }, "detail 0 is damaged", 2);
    refused([](auto& c) { c.detail_bytes += '\x0B'; }, "detail 0 is damaged", 2);   // a field out of order
}

BOOST_AUTO_TEST_CASE(details_live_apart_for_the_rows_that_have_one) {
    transaction_store s;
    transaction t = tx("2012-01-01", "1000", "EUR", "Transaction description text", transaction_kind::incoming_funds);
    t.detail.edit().transaction_date = parse_date("2011-12-30");
    t.detail.edit().provider = {"BB-BBB-123456789", "BB-BBB-123456789-1234AA", "10", "Agency B"};
    t.detail.edit().aid_types.push_back({"A01", "1", "", std::nullopt});
    s.push_back(0, tx("2005-03-15", "1.00", "USD"));
    s.push_back(0, t);
    BOOST_TEST(!s.detail(0).has_value());
    BOOST_REQUIRE(s.detail(1).has_value());
    BOOST_TEST((s.at(1) == t));
    BOOST_TEST(s.data().detail_row.size() == 1u);
    // Packed: the fields stated, not a struct of six hundred bytes.
    BOOST_TEST(s.data().detail_bytes.size() < 80u);
}

BOOST_AUTO_TEST_CASE(a_packed_detail_unpacks_to_every_field_it_had) {
    transaction_detail d;
    d.transaction_date = parse_date("2011-12-30");
    d.period_start = parse_date("2012-01-01"), d.period_end = parse_date("2012-12-31");
    d.type = "2", d.status = "1", d.ref = "1234", d.humanitarian = "0";
    d.provider = {"BB-BBB-123456789", "BB-BBB-123456789-1234AA", "10", "Agency B"};
    d.receiver = {"", "AA-AAA-123456789-1234", "", "Agency A, “Tiranë”"};
    d.disbursement_channel = "1", d.flow_type = "10", d.finance_type = "110", d.tied_status = "3";
    d.aid_types = {{"A01", "1", "", std::nullopt}, {"1", "2", "", std::nullopt}};
    d.sectors = {{"111", "2", "", decimal::parse("50.0"), {{"en", "Education"}, {"fr", "Éducation"}}}, {"A1", "99", "http://example.com/v", std::nullopt}};
    d.recipient_countries = {{"AL", "", "", decimal::parse("100"), {}}};
    d.recipient_regions = {{"489", "1", "", std::nullopt, {{"", "South of Sahara"}}}};
    const auto back = detail::unpack(detail::pack(d));
    BOOST_TEST((back == d));
    BOOST_TEST(back.sectors[0].percentage->scale() == 1);   // 50.0 stays 50.0
    BOOST_TEST(detail::pack(transaction_detail{}).empty());
    // Each field alone.
    for (const auto& [name, member] : transaction_detail_texts) {
        transaction_detail one;
        one.*member = "x";
        BOOST_TEST((detail::unpack(detail::pack(one)) == one), name);
    }
    // Damaged bytes are refused, never read past their end.
    const std::string bytes = detail::pack(d);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        try {
            (void)detail::unpack(std::string_view(bytes).substr(0, n));
        } catch (const invalid_argument&) {
        }
    }
}

BOOST_AUTO_TEST_CASE(programmes_equal_whatever_the_interleaving) {
    // The same transactions per grant, added in another order across grants: the same programme.
    program a = synthetic::generate({20, 0, 5, 0, 0}), b = a;
    a.add_transaction(0, tx("2010-01-01", "5", "USD"));
    a.add_transaction(1, tx("2010-01-02", "6", "USD"));
    a.add_transaction(0, tx("2010-01-03", "7", "USD"));
    b.add_transaction(1, tx("2010-01-02", "6.0", "USD"));
    b.add_transaction(0, tx("2010-01-01", "5", "USD"));
    b.add_transaction(0, tx("2010-01-03", "7", "USD"));
    BOOST_TEST((a == b));
    program c = synthetic::generate({20, 0, 5, 0, 0});
    c.add_transaction(0, tx("2010-01-03", "7", "USD"));  // order within a grant matters
    c.add_transaction(0, tx("2010-01-01", "5", "USD"));
    c.add_transaction(1, tx("2010-01-02", "6", "USD"));
    BOOST_TEST(!(a == c));
    BOOST_CHECK_THROW(a.add_transaction(20, tx("2010-01-01", "5", "USD")), invalid_argument);
    BOOST_CHECK_THROW(a.add_transaction("nope", tx("2010-01-01", "5", "USD")), invalid_argument);
    BOOST_TEST(a.transactions_of(a.grants()[0].id).size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_boxed_detail_costs_a_pointer_until_it_is_set) {
    static_assert(sizeof(boxed<transaction_detail>) == sizeof(void*));
    boxed<transaction_detail> a;
    BOOST_TEST(a.empty());
    BOOST_TEST(a->flow_type.empty());        // an empty box reads as a blank detail
    boxed<transaction_detail> b(transaction_detail{});
    BOOST_TEST(b.empty());
    BOOST_TEST((a == b));
    a.edit().flow_type = "10";
    BOOST_TEST(!a.empty());
    boxed<transaction_detail> c = a;          // copies copy the value
    c.edit().flow_type = "21";
    BOOST_TEST(a->flow_type == "10");
    BOOST_TEST(!(a == c));
    c = a;
    BOOST_TEST((a == c));
}
