#define BOOST_TEST_MODULE merge
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/source.hpp"
#include "grantfolio/merge.hpp"
#include "grantfolio/query.hpp"

using namespace grantfolio;

static const std::string data = GRANTFOLIO_SOURCE_DIR "/tests/cpp/data/iati/";

namespace {

program read(const std::string& file) { return io::read_program(data + file).program; }

/// Each currency's sum of every transaction of a kind, as exact text.
std::map<std::string, std::string> sums(const program& p) {
    std::map<std::string, decimal> by;
    const auto& tx = p.transactions();
    for (std::size_t r = 0; r < tx.size(); ++r) {
        const transaction t = tx.at(r);
        by[std::string(to_string(t.kind)) + " " + std::string(t.amount.currency_of().code())] += t.amount.amount();
    }
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : by) out[k] = v.to_string();
    return out;
}

std::size_t count(const std::vector<diagnostic>& ds, severity s) {
    return static_cast<std::size_t>(std::count_if(ds.begin(), ds.end(), [&](const diagnostic& d) { return d.level == s; }));
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_publishers_files_become_one_portfolio_that_loses_nothing) {
    const std::vector<program> parts{read("dfid-gb-1-109616-2.01.xml"), read("nl-mfa-2.03.xml")};
    const merge_result m = merge(parts);
    BOOST_TEST(m.program.grants().size() == parts[0].grants().size() + parts[1].grants().size());
    BOOST_TEST(m.duplicates.empty());
    // Every grant as read, with its transactions (their sums per kind and currency add up).
    for (const auto& p : parts)
        for (const auto& g : p.grants()) {
            BOOST_TEST_CONTEXT(g.id) {
                const grant& merged = m.program.grant_by_id(g.id);
                BOOST_TEST(merged.title == g.title);
                BOOST_TEST(merged.source.text == g.source.text);
                BOOST_TEST((m.program.transactions_of(g.id) == p.transactions_of(g.id)));
            }
        }
    std::map<std::string, decimal> expected;
    for (const auto& p : parts)
        for (const auto& [k, v] : sums(p)) expected[k] += decimal::parse(v);
    for (const auto& [k, v] : sums(m.program)) BOOST_TEST(decimal::parse(v) == expected[k], k);
    // The parents of the UK programme stay its phases; the Dutch grants are in a phase of their own.
    BOOST_TEST(m.program.phases().size() >= parts[0].phases().size() + 1);
    // One organisation id named two ways is said, the first name kept.
    BOOST_TEST(std::any_of(m.diagnostics.begin(), m.diagnostics.end(), [](const diagnostic& d) {
        return d.subject == "GB-GOV-1" && d.message.find("'DFID'") != std::string::npos;
    }));
    // Funders stay queryable across the two: each grant's funding participants.
    std::set<std::string> funders;
    for (const auto& g : m.program.grants())
        for (const auto& f : query::stated_groups(m.program, g, query::group_by::funder)) funders.insert(f);
    BOOST_TEST(funders.count("XM-DAC-7"));
    BOOST_TEST(funders.size() >= 2u);
}

BOOST_AUTO_TEST_CASE(an_activity_published_twice_is_kept_once_and_said_with_both_places) {
    const program a = read("dfid-gb-1-109616-2.01.xml");
    // The same file twice: identical copies, the first kept, infos.
    merge_result same = merge(std::vector<program>{a, a});
    BOOST_TEST(same.program.grants().size() == a.grants().size());
    BOOST_TEST(same.duplicates.size() == a.grants().size());
    BOOST_TEST(std::all_of(same.duplicates.begin(), same.duplicates.end(), [](const merge_duplicate& d) { return d.identical; }));
    BOOST_TEST(count(same.diagnostics, severity::warning) == 0u);
    BOOST_TEST((sums(same.program) == sums(a)));  // nothing counted twice
    // A later snapshot that changed one activity: the later source's copy is kept (same
    // last-updated-datetime in both), a warning names both places.
    program b = a;
    b.source = "later.xml";
    const std::string changed_id = a.grants()[0].id;
    b.update_grant(changed_id, [](grant& g) { g.title = "Renamed in the later snapshot"; });
    merge_result later = merge(std::vector<program>{a, b});
    BOOST_TEST(later.program.grant_by_id(changed_id).title == "Renamed in the later snapshot");
    BOOST_TEST(count(later.diagnostics, severity::warning) == 1u);
    const auto conflict = std::find_if(later.duplicates.begin(), later.duplicates.end(), [](const merge_duplicate& d) { return !d.identical; });
    BOOST_REQUIRE(conflict != later.duplicates.end());
    BOOST_TEST(conflict->kept == "later.xml:28");
    BOOST_TEST(conflict->dropped.find("dfid-gb-1-109616-2.01.xml:28") != std::string::npos);
    BOOST_TEST(conflict->why.find("later source") != std::string::npos);
    // Given in the other order, the copy with the later last-updated-datetime wins whatever the order.
    const std::string newer =
        R"(<iati-activities version="2.03"><iati-activity last-updated-datetime="2020-01-02T00:00:00" default-currency="EUR">
<iati-identifier>XM-T-1</iati-identifier><reporting-org ref="XM-T" type="10"><narrative>T</narrative></reporting-org>
<title><narrative>Newer</narrative></title></iati-activity></iati-activities>)";
    std::string older = newer;
    older.replace(older.find("2020-01-02"), 10, "2019-06-30");
    older.replace(older.find("Newer"), 5, "Older");
    const program n = io::read_iati(newer, "newer.xml").program, o = io::read_iati(older, "older.xml").program;
    for (const auto& order : {std::vector<program>{n, o}, std::vector<program>{o, n}}) {
        const merge_result r = merge(order);
        BOOST_TEST(r.program.grant_by_id("XM-T-1").title == "Newer");
        BOOST_TEST(r.duplicates.at(0).why.find("2020-01-02T00:00:00") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(caaht_merged_with_an_iati_file_keeps_its_donor_gazetteer_and_places) {
    const program& caaht = datasets::caaht_2006();
    const program uk = read("dfid-gb-1-109616-2.01.xml");
    // CAAHT second: the portfolio's donor is the UK file's, so each CAAHT grant says USAID funds it.
    const merge_result m = merge(std::vector<program>{uk, caaht});
    BOOST_TEST(m.program.grants().size() == uk.grants().size() + 24);
    const grant& g15 = m.program.grant_by_id("G15");
    BOOST_TEST((std::find(g15.co_funders.begin(), g15.co_funders.end(), "usaid") != g15.co_funders.end()));
    BOOST_TEST(query::stated_groups(m.program, g15, query::group_by::funder).front() == "usaid");
    BOOST_TEST(g15.closed_early());
    // The only gazetteer is CAAHT's: its sites stay resolved.
    BOOST_TEST(!m.program.places().empty());
    for (const auto& s : g15.sites) BOOST_TEST(!s.place.empty(), s.as_written);
    // Its stated totals are a statement of the programme, not of the portfolio: said, not kept.
    BOOST_TEST(m.program.totals.empty());
    BOOST_TEST(std::any_of(m.diagnostics.begin(), m.diagnostics.end(), [](const diagnostic& d) { return d.where.field == "totals"; }));
    // The CAAHT phases keep their names; numbers taken by the UK file's parents move on.
    for (const auto& ph : caaht.phases())
        BOOST_TEST(std::any_of(m.program.phases().begin(), m.program.phases().end(), [&](const phase& x) { return x.name == ph.name; }));
    // One source alone is itself.
    BOOST_TEST((merge(std::vector<program>{caaht}, caaht.id).program == caaht));
}
