#define BOOST_TEST_MODULE io_giving360
#include <boost/test/unit_test.hpp>

#include <map>
#include <sstream>


#include "grantfolio/datasets.hpp"
#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/source.hpp"
#include "grantfolio/grouped_totals.hpp"
#include "grantfolio/query.hpp"
#include "parse_failure.hpp"

using namespace grantfolio;

static const std::string shared = GRANTFOLIO_SHARED_DATA "/360giving/";

static std::string failure(const std::string& text) {
    return test::parse_failure([&] { io::read_360giving(text, "t.json"); });
}

BOOST_AUTO_TEST_CASE(decimal_amounts_stay_exact) {
    auto r = io::read_360giving(io::read_file(shared + "fixture-decimal-amounts.json"), "fixture-decimal-amounts.json");
    BOOST_TEST(r.program.grants().size() == 7u);
    auto aw = query::awards(r.program);
    BOOST_REQUIRE(aw.totals.size() == 1u);
    BOOST_TEST(aw.totals[0].to_string() == "7000.7 GBP");  // not 7000.699999999999
    BOOST_TEST(r.program.grants()[0].award->amount().to_string() == "1000.1");
    // The fixture's grants have no ids: each is reported, with its JSON pointer, and named by position.
    std::size_t missing_ids = 0;
    for (const auto& d : r.diagnostics)
        if (d.level == severity::error && d.where.field == "/grants/" + std::to_string(missing_ids) + "/id") ++missing_ids;
    BOOST_TEST(missing_ids == 7u);
    BOOST_TEST(r.program.grants()[6].id == "#7");
}

BOOST_AUTO_TEST_CASE(a_real_package_in_two_currencies) {
    auto r = io::read_360giving(io::read_file(shared + "grantnav-test-mixed-currency.json"), "mixed.json");
    const program& p = r.program;
    BOOST_TEST(p.grants().size() == 379u);
    BOOST_TEST(p.donor == "GB-CHC-1156077");
    BOOST_TEST(p.organization_by_id(p.donor).name == "Wolfson Foundation");
    auto aw = query::awards(p);
    BOOST_REQUIRE(aw.totals.size() == 2u);  // never summed across currencies
    BOOST_TEST(aw.totals[0].to_string() == "31024522.0 GBP");
    BOOST_TEST(aw.totals[1].to_string() == "153934.0 USD");
    const grant& g = p.grant_by_id("360G-wolfson-19747");
    BOOST_TEST(g.grantee == "360G-wolfson:org-13177");
    BOOST_TEST(p.phase_by_number(g.phase)->name == "Education");
    auto tx = p.transactions_of(g.id);
    BOOST_REQUIRE(tx.size() == 2u);
    BOOST_TEST(tx[0].kind == transaction_kind::commitment);
    BOOST_TEST(format_date(tx[0].value_date) == "2014-06-05");  // "05/06/2014": day first
    BOOST_TEST(tx[1].kind == transaction_kind::disbursement);
    BOOST_TEST(tx[1].note.find("no date") != std::string::npos);
    bool said = false;
    for (const auto& d : r.diagnostics) said |= d.level == severity::info && d.message.find("379 disbursed amounts") == 0;
    BOOST_TEST(said);
    // The same through the generic reader, recognised by content.
    BOOST_TEST(io::read_program(shared + "grantnav-test-mixed-currency.json").kind == "360giving");
}

BOOST_AUTO_TEST_CASE(what_an_export_lacks_of_the_schema_is_listed_grant_by_grant) {
    // A real package read back has all the schema requires; take pieces away, one grant each.
    program p = io::read_360giving(io::read_file(shared + "grantnav-test-mixed-currency.json"), "mixed.json").program;
    BOOST_TEST(io::giving360_gaps(p).empty());
    p.update_grant("360G-wolfson-19747", [](grant& g) {
        g.description.clear();
        g.award.reset();
    });
    const std::string other = p.grants()[10].id;
    p.update_grant(other, [](grant& g) { g.grantee.clear(); });
    const auto gaps = io::giving360_gaps(p);
    BOOST_REQUIRE(gaps.size() == 2u);
    const auto& first = gaps[0].grant == other ? gaps[1] : gaps[0];
    const auto& second = gaps[0].grant == other ? gaps[0] : gaps[1];
    BOOST_TEST(first.grant == "360G-wolfson-19747");
    // Its currency still comes with its amountDisbursed (40000.0 GBP), so only the award is missing.
    BOOST_TEST((first.fields == std::vector<std::string>{"description", "amountAwarded"}));
    BOOST_TEST((second.fields == std::vector<std::string>{"recipientOrganization"}));
    // CAAHT's listing gives no awards and no award dates.
    const auto caaht = io::giving360_gaps(datasets::caaht_2006());
    BOOST_TEST(caaht.size() == 24u);
    for (const auto& g : caaht) BOOST_TEST((g.fields == std::vector<std::string>{"currency", "amountAwarded", "awardDate"}), g.grant);
}

BOOST_AUTO_TEST_CASE(dates_in_every_form_the_standard_meets) {
    auto r = io::read_360giving(R"({"grants": [
        {"id": "a", "currency": "GBP", "amountAwarded": 10, "awardDate": "2014-06-05T10:00:00+00:00",
         "plannedDates": [{"startDate": "2014", "endDate": "2015-02"}]},
        {"id": "b", "currency": "GBP", "amountAwarded": 1e3, "awardDate": "31/02/2014",
         "plannedDates": [{"startDate": "01/03/2014", "endDate": "2014-12-31"}]}]})", "d.json");
    const program& p = r.program;
    BOOST_TEST(to_string(*p.grant_by_id("a").planned) == "2014-01-01/2015-02-28");
    BOOST_TEST(to_string(*p.grant_by_id("b").planned) == "2014-03-01/2014-12-31");
    BOOST_TEST(p.grant_by_id("b").award->to_string() == "1000 GBP");  // 1e3 read from its text
    std::vector<diagnostic> dates;
    for (const auto& d : r.diagnostics)
        if (d.level == severity::error) dates.push_back(d);
    BOOST_REQUIRE(dates.size() == 1u);
    BOOST_TEST(dates[0].where.field == "/grants/1/awardDate");
    BOOST_TEST(dates[0].message.find("'31/02/2014' is not a date") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_what_is_not_a_package_is_refused_whole) {
    BOOST_TEST(failure(R"({"grants": {}})").find("no top-level \"grants\" array") != std::string::npos);
    BOOST_TEST(failure("{\"grants\": [\n  {\"id\": }]}").find(":2") != std::string::npos);  // line of the syntax error
    BOOST_TEST(failure(std::string(100, '[') + std::string(100, ']')).find("nested deeper than the cap of 64") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(grants_are_read_one_by_one_and_keep_their_text_as_written) {
    // Each grant's record is its text in the package: key order, spacing and the spelling of numbers.
    const std::string one = "{\"title\": \"Books\",  \"id\": \"360G-a\", \"currency\": \"GBP\", \"amountAwarded\": 1.50}";
    const std::string two = "{\"id\": \"360G-b\", \"currency\": \"GBP\", \"amountAwarded\": 2E1}";
    const std::string package = "{\"meta\": {\"x\": [1, {\"grants\": 0}]},\n \"grants\": [\n  " + one + ",\n  " + two + "\n ]\n}";
    auto r = io::read_360giving(package, "t.json");
    BOOST_TEST_REQUIRE(r.program.grants().size() == 2u);
    BOOST_TEST(r.program.grants()[0].source.text == one);
    BOOST_TEST(r.program.grants()[1].source.text == two);
    BOOST_TEST(r.program.grants()[0].source.line == 3u);  // where each object opens
    BOOST_TEST(r.program.grants()[1].source.line == 4u);
    BOOST_TEST(r.program.grants()[0].award->to_string() == "1.50 GBP");
    BOOST_TEST(r.program.grants()[1].award->to_string() == "20 GBP");
    // Written back, a grant's keys keep the package's order.
    std::ostringstream written;
    io::write_360giving(written, r.program);
    BOOST_TEST(written.str().find("\"title\": \"Books\",\n      \"id\": \"360G-a\",\n      \"currency\"") != std::string::npos, written.str());
    // Findings name the line and column where their grant starts, and its pointer.
    for (const auto& d : r.diagnostics)
        if (d.subject == "360G-b" && d.where.field == "/grants/1/recipientOrganization") {
            BOOST_TEST(d.where.line == 4u);
            BOOST_TEST(d.where.column == 3u);
        }
    // The same package read whole (its key written with an escape, which the fast path leaves to the
    // full parse) gives the same programme.
    std::string escaped = package;
    escaped.replace(escaped.find("\"grants\": [") + 1, 6, "gr\\u0061nts");
    auto whole = io::read_360giving(escaped, "t.json");
    BOOST_TEST_REQUIRE(whole.program.grants().size() == 2u);
    for (std::size_t k = 0; k < 2; ++k) {
        grant a = r.program.grants()[k], b = whole.program.grants()[k];
        a.source = b.source = {};
        BOOST_TEST((a == b));
    }
    BOOST_TEST(whole.diagnostics.size() == r.diagnostics.size());
}

BOOST_AUTO_TEST_CASE(a_package_that_is_not_well_formed_is_refused_where_it_breaks) {
    // Inside a grant, between grants, after the array and before it: the line of the break is named.
    BOOST_TEST(failure("{\"grants\": [{\"id\": \"a\"},\n{\"id\": \"b\",}]}").find(":2") != std::string::npos);
    BOOST_TEST(failure("{\"grants\": [{\"id\": \"a\"},\n]}").find(":2") != std::string::npos);
    BOOST_TEST(failure("{\"grants\": [{\"id\": \"a\"}\n {\"id\": \"b\"}]}").find(":2") != std::string::npos);
    BOOST_TEST(failure("{\"grants\": [{\"id\": \"a\"}],\n \"meta\": tru}").find(":2") != std::string::npos);
    BOOST_TEST(failure("{\"meta\": [1,,2],\n \"grants\": []}").find(":1") != std::string::npos);
    BOOST_TEST(failure("{\"grants\": [{\"id\": \"a\"}]} x").find("no error") == std::string::npos);
    BOOST_TEST(failure("{\"grants\": [], \"grants\": []}").find("no error") == std::string::npos);
    BOOST_TEST(failure("{\"grants\": [{\"id\": \"a\"}, {\"id\": \"b\"}").find("no error") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_value_costs_that_value_with_its_pointer_and_the_rest_is_read) {
    struct bad {
        std::string grant, message, pointer;
    };
    const std::vector<bad> cases{
        {R"({"id": "a", "amountAwarded": 1})", "the grant has no currency (360Giving sets no default); its amounts (amountAwarded '1') are not kept", "/grants/0/currency"},
        {R"({"id": "a", "currency": "XYZ", "amountAwarded": 1})", "'XYZ' is not an ISO 4217 currency code; its amounts (amountAwarded '1') are not kept", "/grants/0/currency"},
        {R"({"id": "a", "currency": "XXX", "amountAwarded": 1})", "XXX means 'no currency', not money", "/grants/0/currency"},
        {R"({"id": "a", "currency": "GBP", "amountAwarded": "lots"})", "amountAwarded 'lots' is not a decimal amount", "/grants/0/amountAwarded"},
        {R"({"id": "a", "currency": "GBP", "amountAwarded": [1]})", "amountAwarded must be text or a number, not array; it is not kept", "/grants/0/amountAwarded"},
        {R"({"id": "a", "currency": "GBP", "amountAwarded": 1, "plannedDates": 5})", "plannedDates must be an array of objects, not number", "/grants/0/plannedDates"},
        {R"({"id": "a", "currency": "GBP", "amountAwarded": 1, "fundingOrganization": [{"name": "Trust"}]})",
         "a funding organisation without id (the standard requires one): it is called 'name:Trust' here", "/grants/0/fundingOrganization/0/id"},
        {R"(7)", "a grant must be an object, not number; it is not kept", "/grants/0"},
    };
    for (const auto& c : cases) {
        // The bad grant first, a good one after it.
        auto r = io::read_360giving(R"({"grants": [)" + c.grant + R"(, {"id": "b", "currency": "GBP", "amountAwarded": 5}]})", "t.json");
        const diagnostic* d = nullptr;
        for (const auto& x : r.diagnostics)
            if (x.message.find(c.message) != std::string::npos) d = &x;
        BOOST_TEST_REQUIRE(d != nullptr, c.message << " not said; first: " << (r.diagnostics.empty() ? "" : to_string(r.diagnostics.front())));
        BOOST_TEST(d->where.file == "t.json");
        BOOST_TEST(d->where.field == c.pointer);
        BOOST_TEST(r.program.grant_by_id("b").award->to_string() == "5 GBP", c.message);
    }
    // A grant without a usable currency keeps everything else.
    auto r = io::read_360giving(R"({"grants": [{"id": "a", "title": "Books", "currency": "XYZ", "amountAwarded": 1,
                                  "recipientOrganization": [{"id": "GB-CHC-1", "name": "Library"}]}]})", "t.json");
    BOOST_TEST(r.program.grant_by_id("a").title == "Books");
    BOOST_TEST(r.program.grant_by_id("a").grantee == "GB-CHC-1");
    BOOST_TEST(!r.program.grant_by_id("a").award);
}

BOOST_AUTO_TEST_CASE(a_second_grant_with_an_id_already_read_is_not_kept) {
    auto r = io::read_360giving(R"({"grants": [{"id": "a", "title": "first", "currency": "GBP", "amountAwarded": 1},
                                               {"id": "a", "title": "second", "currency": "GBP", "amountAwarded": 2}]})", "t.json");
    BOOST_TEST(r.program.grants().size() == 1u);
    BOOST_TEST(r.program.grant_by_id("a").title == "first");
    BOOST_TEST(has_errors(r.diagnostics));
    BOOST_TEST(r.diagnostics.back().where.field == "/grants/1/id");
    BOOST_TEST(r.diagnostics.back().message == "grant id 'a' appears twice; this copy is not kept");
}

BOOST_AUTO_TEST_CASE(the_flat_csv_layout) {
    const std::string csv =
        "Identifier,Title,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name,Planned Dates:Start Date,Planned Dates:End Date,Grant Programme:Title,"
        "Beneficiary Location:Name\r\n"
        "360G-x-1,Books,GBP,1000.10,05/06/2014,GB-CHC-1,Library,GB-CHC-9,Trust,2014-07,2015,Reading,Leeds\r\n"
        "360G-x-2,Chairs,GBP,2000.20,2014-06-06,GB-CHC-2,School,GB-CHC-9,Trust,,,Reading,\r\n";
    BOOST_TEST(io::looks_like_360giving_csv(csv));
    auto r = io::read_360giving_csv(csv, "g.csv");
    BOOST_TEST(r.program.grants().size() == 2u);
    BOOST_TEST(query::awards(r.program).totals.at(0).to_string() == "3000.30 GBP");
    BOOST_TEST(to_string(*r.program.grant_by_id("360G-x-1").planned) == "2014-07-01/2015-12-31");
    BOOST_TEST(r.program.grant_by_id("360G-x-1").sites.at(0).as_written == "Leeds");
    // An unknown currency costs that row's amount, named by line and column title.
    auto bad = io::read_360giving_csv("Identifier,Currency,Amount Awarded\r\nx,GBP,1\r\ny,ABC,2\r\n", "bad.csv");
    BOOST_TEST(bad.program.grants().size() == 2u);
    BOOST_TEST(bad.program.grant_by_id("x").award->to_string() == "1 GBP");
    BOOST_TEST(!bad.program.grant_by_id("y").award);
    const diagnostic* cur = nullptr;
    for (const auto& d : bad.diagnostics)
        if (d.level == severity::error && d.message.find("'ABC' is not an ISO 4217 currency code") != std::string::npos) cur = &d;
    BOOST_REQUIRE(cur);
    BOOST_TEST(cur->where.line == 3u);
    BOOST_TEST(cur->where.field == "Currency");
    BOOST_TEST(cur->subject == "y");
}

BOOST_AUTO_TEST_CASE(a_csv_column_given_twice_is_an_error) {
    // The first of two columns of one title used to win silently.
    const std::string csv = "Identifier,Title,Currency,Amount Awarded,Amount Awarded\n360G-1,t,GBP,10,20\n";
    BOOST_TEST(test::parse_failure([&] { io::read_360giving_csv(csv, "dup.csv"); }).find(
                   "dup.csv:1:5: field 'Amount Awarded': the column 'Amount Awarded' appears twice (columns 4 and 5)") == 0u);
}

BOOST_AUTO_TEST_CASE(a_package_comes_back_with_its_disbursements_and_without_an_invented_programme) {
    const std::string package = R"({"grants": [
        {"id": "360G-a", "title": "A", "currency": "GBP", "amountAwarded": 100, "amountDisbursed": 60.5, "awardDate": "2014-06-05"},
        {"id": "360G-b", "title": "B", "currency": "GBP", "amountAwarded": 50, "awardDate": "2014-06-06"}]})";
    auto r = io::read_360giving(package, "t.json");
    std::ostringstream out;
    io::write_360giving(out, r.program);
    const std::string written = out.str();
    BOOST_TEST(written.find("\"amountDisbursed\": 60.5") != std::string::npos, written);
    BOOST_TEST(written.find("grantProgramme") == std::string::npos);  // neither grant names one
    auto back = io::read_360giving(written, "back.json");
    BOOST_TEST(!has_errors(back.diagnostics));
    std::size_t disbursed = 0;
    for (const auto& t : back.program.transactions_of("360G-a"))
        if (t.kind == transaction_kind::disbursement && t.amount.to_string() == "60.5 GBP") ++disbursed;
    BOOST_TEST(disbursed == 1u);
    // The real GrantNav package, read, written and read again: the same money per currency, disbursed too.
    auto real = io::read_360giving(io::read_file(GRANTFOLIO_SHARED_DATA "/360giving/grantnav-test-mixed-currency.json"), "grantnav.json");
    std::ostringstream again;
    io::write_360giving(again, real.program);
    auto twice = io::read_360giving(again.str(), "again.json");
    BOOST_TEST(query::awards(twice.program).totals == query::awards(real.program).totals);
    auto paid = [](const program& p) {
        std::map<std::string, money> sum;
        for (std::size_t row = 0; row < p.transactions().size(); ++row)
            if (p.transactions().kind(row) == transaction_kind::disbursement) {
                const money m = p.transactions().amount(row);
                auto [it, fresh] = sum.emplace(std::string(m.currency_of().code()), m);
                if (!fresh) it->second += m;
            }
        return sum;
    };
    BOOST_TEST(!paid(real.program).empty());
    BOOST_TEST((paid(twice.program) == paid(real.program)));
}

// ---- Nothing read is lost: 360Giving → grantfolio → 360Giving keeps every field ----

#include <nlohmann/json.hpp>

namespace {

/// Each grant's fields as JSON pointer → value, by grant id.
std::map<std::string, std::map<std::string, nlohmann::json>> fields_of(const std::string& text) {
    std::map<std::string, std::map<std::string, nlohmann::json>> out;
    const nlohmann::json package = nlohmann::json::parse(text);
    for (const auto& g : package.at("grants")) {
        auto& f = out[g.value("id", std::string("(no id)"))];
        const nlohmann::json flat = g.flatten();  // items() refers to it: it must outlive the loop
        for (const auto& [pointer, value] : flat.items()) f[pointer] = value;
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_package_comes_back_with_every_field_of_every_grant) {
    // GrantNav's test package: addresses, programme URLs, dateModified, relatedActivity, fields
    // outside the standard ("Open Call?") — none of which grantfolio has a field for.
    const std::string text = io::read_file(shared + "grantnav-test-mixed-currency.json");
    const program p = io::read_360giving(text, "grantnav.json").program;
    for (const program& q : {p, io::from_archive(io::to_archive(p, io::archive_format::binary), "p")}) {
        std::ostringstream written;
        io::write_360giving(written, q);
        const auto before = fields_of(text), after = fields_of(written.str());
        BOOST_REQUIRE(after.size() == before.size());
        std::size_t compared = 0;
        for (const auto& [id, fields] : before) {
            const auto& out = after.at(id);
            BOOST_TEST(out.size() == fields.size(), id);
            for (const auto& [pointer, value] : fields) {
                ++compared;
                auto it = out.find(pointer);
                if (it == out.end()) {
                    BOOST_ERROR(id + pointer + " lost");
                } else if (pointer == "/awardDate") {  // DD/MM/YYYY comes back as YYYY-MM-DD, the same day
                    const std::string d = value.get<std::string>();
                    BOOST_TEST(it->second.get<std::string>() == d.substr(6, 4) + "-" + d.substr(3, 2) + "-" + d.substr(0, 2), id);
                } else if (value.is_number()) {
                    BOOST_TEST(it->second.get<double>() == value.get<double>(), id + pointer);
                } else {
                    BOOST_TEST(it->second == value, id + pointer);
                }
            }
        }
        BOOST_TEST(compared > 379u * 15);
    }
}

BOOST_AUTO_TEST_CASE(each_grant_keeps_its_own_funders_recipient_places_and_dates) {
    // Funder A funds two grants (the donor), B one: B's grant must not be written as A's too.
    const std::string text = R"({"grants": [
      {"id": "g1", "title": "One", "currency": "GBP", "amountAwarded": 10, "awardDate": "2020-01-01",
       "fundingOrganization": [{"id": "A", "name": "Funder A"}], "recipientOrganization": [{"id": "R", "name": "R"}]},
      {"id": "g2", "title": "Two", "currency": "GBP", "amountAwarded": 20, "awardDate": "2020-01-02",
       "fundingOrganization": [{"id": "A", "name": "Funder A"}], "recipientIndividual": {"id": "ind-1", "name": "A person"},
       "beneficiaryLocation": [{"geoCode": "E06000001", "geoCodeType": "UA"}], "plannedDates": [{"startDate": "2020-02-01"}]},
      {"id": "g3", "title": "Three", "currency": "GBP", "amountAwarded": 30.50, "awardDate": "2020-01-03",
       "fundingOrganization": [{"id": "B", "name": "Funder B"}], "recipientOrganization": [{"id": "R", "name": "R"}]}]})";
    program p = io::read_360giving(text, "t.json").program;
    BOOST_TEST(p.donor == "A");
    // Each grant's funders are its participants (role funding): g3's is B alone.
    BOOST_TEST((p.grant_by_id("g3").participants == std::vector<participant>{{participant_role::funding, "B", "", "", ""}}));
    BOOST_TEST(query::stated_groups(p, p.grant_by_id("g3"), query::group_by::funder) == std::vector<std::string>{"B"});
    std::ostringstream written;
    io::write_360giving(written, p);
    auto out = fields_of(written.str());
    BOOST_TEST(out["g3"]["/fundingOrganization/0/id"] == "B");
    BOOST_TEST(!out["g3"].count("/fundingOrganization/1/id"));
    BOOST_TEST(out["g2"]["/recipientIndividual/id"] == "ind-1");
    BOOST_TEST(out["g2"]["/beneficiaryLocation/0/geoCode"] == "E06000001");
    BOOST_TEST(out["g2"]["/plannedDates/0/startDate"] == "2020-02-01");
    BOOST_TEST(written.str().find("30.50") != std::string::npos);  // the amount's text as written
    // A recipient that is a person is a recipient: the export is not said to lack one.
    for (const auto& gap : io::giving360_gaps(p))
        BOOST_TEST((std::find(gap.fields.begin(), gap.fields.end(), "recipientOrganization") == gap.fields.end()), gap.grant);
    // A changed field is written from the model; the grant's other fields stay as read.
    p.update_grant("g2", [](grant& g) { g.title = "Two, renamed"; });
    std::ostringstream again;
    io::write_360giving(again, p);
    out = fields_of(again.str());
    BOOST_TEST(out["g2"]["/title"] == "Two, renamed");
    BOOST_TEST(out["g2"]["/recipientIndividual/name"] == "A person");
}

BOOST_AUTO_TEST_CASE(an_iati_grants_recipient_countries_are_its_beneficiary_locations) {
    const program p = io::read_program(GRANTFOLIO_SHARED_DATA "/iati/activity-standard-example-annotated-2.03.xml").program;
    std::ostringstream out;
    io::write_360giving(out, p);
    const std::string text = out.str();
    BOOST_TEST(text.find("{\"countryCode\": \"AF\"}") != std::string::npos, text.substr(0, 2000));
    BOOST_TEST(text.find("{\"countryCode\": \"AG\"}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(beneficiary_locations_keep_their_point_codes_and_country) {
    const std::string text = R"({"grants": [
      {"id": "g1", "title": "One", "currency": "GBP", "amountAwarded": 10, "awardDate": "2020-01-01",
       "fundingOrganization": [{"id": "A", "name": "Funder A"}], "recipientOrganization": [{"id": "R", "name": "R"}],
       "beneficiaryLocation": [{"id": "loc-1", "name": "Hartlepool", "description": "Town centre", "countryCode": "GB",
                                "latitude": 54.6860, "longitude": -1.2100, "geoCode": "E06000001", "geoCodeType": "UA"},
                               {"geoCode": "E06000002", "geoCodeType": "UA"},
                               {"name": "Nowhere", "latitude": 154.1, "longitude": 0}]}]})";
    auto r = io::read_360giving(text, "t.json");
    program p = r.program;
    const grant& g = p.grants().at(0);
    BOOST_REQUIRE(g.sites.size() == 3u);
    const site& h = g.sites[0];
    BOOST_TEST(h.as_written == "Hartlepool");
    BOOST_TEST(h.note == "Town centre");
    BOOST_TEST(h.detail->ref == "loc-1");
    BOOST_TEST(h.detail->country == "GB");
    BOOST_REQUIRE(h.detail->point.has_value());
    BOOST_TEST(h.detail->point->latitude.to_string() == "54.6860");  // the number's text, exact
    BOOST_TEST(h.detail->point->longitude.to_string() == "-1.2100");
    BOOST_TEST((h.detail->administrative == std::vector<location_code>{{"UA", "E06000001"}}));
    // A location with only a geoCode is a site; a point out of range costs the point, with an error.
    BOOST_TEST(g.sites[1].as_written.empty());
    BOOST_TEST(g.sites[1].detail->administrative.at(0).code == "E06000002");
    BOOST_TEST(!g.sites[2].detail->point.has_value());
    BOOST_TEST(std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [](const diagnostic& d) {
        return d.where.field == "/grants/0/beneficiaryLocation/2" && d.message.find("not a point") != std::string::npos;
    }));
    // Written from the fields (the locations changed), every field comes back.
    p.update_grant("g1", [](grant& x) { x.sites[1].note = "Unitary authority"; });
    std::ostringstream written;
    io::write_360giving(written, p);
    const program back = io::read_360giving(written.str(), "back.json").program;
    BOOST_TEST((back.grants().at(0).sites == p.grants().at(0).sites));
    auto out = fields_of(written.str());
    BOOST_TEST(written.str().find("\"latitude\": 54.6860") != std::string::npos);  // the number's text
    BOOST_TEST(out["g1"]["/beneficiaryLocation/1/description"] == "Unitary authority");
}

BOOST_AUTO_TEST_CASE(organisation_identifiers_are_told_from_local_ids) {
    for (const char* id : {"GB-CHC-202918", "XM-DAC-41114", "US-GOV-1", "GB-1", "360G-blf", "360G-caaht-usaid"})
        BOOST_TEST(io::org_identifier_form(id), id);
    for (const char* id : {"usaid", "d-e", "Gb-CHC-1", "GB", "GB-", "GB-chc-1", "360G-", "G01", ""}) BOOST_TEST(!io::org_identifier_form(id), id);
}

BOOST_AUTO_TEST_CASE(a_prefix_names_grants_and_organisations_as_360giving_asks_and_actual_dates_come_back) {
    const program& caaht = datasets::caaht_2006();
    std::ostringstream written;
    io::write_360giving(written, caaht, {"360G-caaht"});
    auto out = fields_of(written.str());
    BOOST_REQUIRE(out.size() == caaht.grants().size());
    for (const auto& g : caaht.grants()) {
        const std::string id = "360G-caaht-" + g.id;
        BOOST_TEST_CONTEXT(id) {
            BOOST_REQUIRE(out.count(id));
            // Organisations without a registered identifier get the publisher's prefix.
            BOOST_TEST(out[id]["/fundingOrganization/0/id"] == "360G-caaht-usaid");
            BOOST_TEST(out[id]["/recipientOrganization/0/id"] == "360G-caaht-" + g.grantee);
        }
    }
    // G15 closed early on 28 February 2006: its actual end is written and read back.
    BOOST_TEST(out["360G-caaht-G15"]["/actualDates/0/endDate"] == "2006-02-28");
    BOOST_TEST(!out["360G-caaht-G15"].count("/actualDates/0/startDate"));  // not known, not written
    BOOST_TEST(!out["360G-caaht-G01"].count("/actualDates/0/endDate"));
    const program back = io::read_360giving(written.str(), "caaht.json").program;
    BOOST_TEST((back.grant_by_id("360G-caaht-G15").actual_end == make_date(2006, 2, 28)));
    BOOST_TEST(back.grant_by_id("360G-caaht-G15").closed_early());
    // A site at a qark has the qark's ISO 3166-2 code; districts have none in the gazetteer, the country its countryCode.
    const grant& durres = caaht.grant_by_id("G04");
    BOOST_TEST_INFO(durres.sites_as_written);
    BOOST_TEST(out["360G-caaht-G04"]["/beneficiaryLocation/0/geoCode"] == "AL-02");
    BOOST_TEST(!out["360G-caaht-G01"].count("/beneficiaryLocation/0/geoCode"));  // nationwide: countryCode AL
    BOOST_TEST(out["360G-caaht-G01"]["/beneficiaryLocation/0/countryCode"] == "AL");
    // Written again with the prefix, nothing is prefixed twice; registered identifiers are kept.
    std::ostringstream again;
    io::write_360giving(again, back, {"360G-caaht"});
    BOOST_TEST(again.str().find("360G-caaht-360G-caaht") == std::string::npos);
    const std::string registered = R"({"grants": [{"id": "g1", "title": "One", "currency": "GBP", "amountAwarded": 10,
      "awardDate": "2020-01-01", "fundingOrganization": [{"id": "GB-CHC-202918", "name": "F"}],
      "recipientOrganization": [{"id": "local-7", "name": "R"}]}]})";
    program p = io::read_360giving(registered, "r.json").program;
    p.update_grant("g1", [](grant& g) { g.title = "One, renamed"; });  // written from the fields
    std::ostringstream third;
    io::write_360giving(third, p, {"360G-x"});
    out = fields_of(third.str());
    BOOST_TEST(out.count("g1"));  // a package's grant keeps the id it was published with
    BOOST_TEST(out["g1"]["/fundingOrganization/0/id"] == "GB-CHC-202918");
    // A prefix is 360Giving's or nothing.
    for (const char* bad : {"GB-CHC-1", "360G-", "360G-a b"})
        BOOST_CHECK_THROW(io::write_360giving(third, p, {bad}), invalid_argument);
}

BOOST_AUTO_TEST_CASE(actual_dates_are_read_from_packages_and_spreadsheets) {
    const std::string text = R"({"grants": [
      {"id": "g1", "title": "One", "currency": "GBP", "amountAwarded": 10, "awardDate": "2020-01-01",
       "plannedDates": [{"startDate": "2020-02-01", "endDate": "2021-01-31"}],
       "actualDates": [{"startDate": "2020-03-01", "endDate": "2020-09-30"}]},
      {"id": "g2", "title": "Two", "currency": "GBP", "amountAwarded": 10, "awardDate": "2020-01-01",
       "actualDates": [{"startDate": "2020-03-01", "endDate": "2020-01-31"}]}]})";
    auto r = io::read_360giving(text, "t.json");
    const grant& g1 = r.program.grant_by_id("g1");
    BOOST_TEST((g1.actual_start == make_date(2020, 3, 1)));
    BOOST_TEST((g1.actual_end == make_date(2020, 9, 30)));
    BOOST_TEST(g1.closed_early());
    // An actual end before the actual start: neither kept, said with the field.
    const grant& g2 = r.program.grant_by_id("g2");
    BOOST_TEST(!g2.actual_start.has_value());
    BOOST_TEST(!g2.actual_end.has_value());
    BOOST_TEST(std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [](const diagnostic& d) {
        return d.where.field == "/grants/1/actualDates/0/endDate" && d.subject == "g2";
    }));
    // Written as read (no field changed), then written from the fields: the same dates.
    std::ostringstream written;
    program p = r.program;
    p.update_grant("g1", [](grant& g) { g.actual_end = make_date(2020, 10, 31); });
    io::write_360giving(written, p);
    BOOST_TEST((io::read_360giving(written.str(), "w.json").program.grant_by_id("g1").actual_end == make_date(2020, 10, 31)));
    const std::string csv =
        "Identifier,Title,Currency,Amount Awarded,Award Date,Actual Dates:Start Date,Actual Dates:End Date\n"
        "g1,One,GBP,10,2020-01-01,2020-03-01,2020-09-30\n";
    const program from_csv = io::read_360giving_csv(csv, "t.csv").program;
    const grant& c = from_csv.grant_by_id("g1");
    BOOST_TEST((c.actual_start == make_date(2020, 3, 1)));
    BOOST_TEST((c.actual_end == make_date(2020, 9, 30)));
}
