#define BOOST_TEST_MODULE giving360_rules
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <sstream>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/giving360_rules.hpp"

using namespace grantfolio;

namespace {

std::map<std::string, std::size_t> count_by_rule(const std::vector<io::rule_finding>& found) {
    std::map<std::string, std::size_t> n;
    for (const auto& f : found) ++n[f.rule];
    return n;
}

const io::giving360_check_options on_2026_12_08{make_date(2026, 12, 8)};

}  // namespace

BOOST_AUTO_TEST_CASE(caahts_package_breaks_no_accuracy_check_but_one_it_cannot_meet) {
    std::ostringstream package;
    io::write_360giving(package, datasets::caaht_2006(), {"360G-caaht"});
    const auto found = io::check_360giving(package.str(), "caaht.json", on_2026_12_08);
    BOOST_TEST((count_by_rule(found) == std::map<std::string, std::size_t>{
                    {"BeneficiaryButNotRecipientGeoData", 24}, {"BeneficiaryLocationNameButNoCode", 71}, {"FundingOrg360GPrefix", 25},
                    {"IncompleteRecipientOrg", 24}, {"MoreThanOneFundingOrg", 1}, {"NoDataSource", 24}, {"NoLastModified", 24},
                    {"NoRecipientOrgCompanyCharityNumber", 24}, {"RecipientOrg360GPrefix", 24}, {"TitleLength", 6}}));
    // The only accuracy finding: CAAHT has a co-funder besides USAID, which a package may well have.
    for (const auto& f : found)
        if (f.finding.level != severity::info) {
            BOOST_TEST(f.rule == "MoreThanOneFundingOrg");
            BOOST_TEST(f.finding.message.find("'360G-caaht-usaid' and") != std::string::npos);
        }
    // Each names its grant, pointer and line.
    const auto& first = found.front().finding;
    BOOST_TEST(first.subject == "360G-caaht-G01");
    BOOST_TEST(first.where.line == 3u);
    BOOST_TEST(first.where.field.rfind("/grants/0/", 0) == 0);
}

BOOST_AUTO_TEST_CASE(grantnavs_test_package_has_the_findings_counted_independently) {
    // Counted with Python's json on the same file: 114 grants of 0, none with a beneficiary location,
    // every recipient a 360G- one, no dataSource; every grant has dateModified.
    const std::string path = GRANTFOLIO_SHARED_DATA "/360giving/grantnav-test-mixed-currency.json";
    const auto n = count_by_rule(io::check_360giving(io::read_file(path), "grantnav.json", on_2026_12_08));
    BOOST_TEST((n == std::map<std::string, std::size_t>{{"NoBeneficiaryLocation", 379}, {"NoDataSource", 379},
                                                         {"NoRecipientOrgCompanyCharityNumber", 379}, {"RecipientOrg360GPrefix", 379},
                                                         {"ZeroAmountTest", 114}}));
}

BOOST_AUTO_TEST_CASE(each_accuracy_check_finds_what_it_names) {
    const std::string long_title(70, 'x');
    const std::string text = R"({"grants": [
      {"id": "a\nb", "title": "Same", "description": "Same", "amountAwarded": 0, "awardDate": "2027-01-01",
       "plannedDates": [{"startDate": "2021-02-30", "endDate": "2040-01-01"}],
       "actualDates": [{"startDate": "2020-05-01", "endDate": "2020-04-01"}],
       "recipientOrganization": [{"id": "GB-CHC-12", "name": "R", "charityNumber": "12", "companyNumber": "123",
                                  "description": "write to someone@example.org"}],
       "fundingOrganization": [{"id": "GB-COH-00000001", "name": "F"}]},
      {"id": "b", "title": ")" + long_title + "ë" + long_title + R"(", "awardDate": "1990-01-01",
       "recipientIndividual": {"id": "ind-1", "name": "P"}, "project": [{"id": "p"}],
       "beneficiaryLocation": [{"name": "Home", "geoCode": "SW1A 1AA"}],
       "fundingOrganization": [{"id": "GB-COH-00000001", "name": "F2"}, {"id": "XM-OTHER-1", "name": "F"}]}]})";
    const auto found = io::check_360giving(text, "t.json", on_2026_12_08);
    std::set<std::string> rules;
    for (const auto& f : found) rules.insert(f.rule);
    for (const char* id : {"GrantIdUnexpectedChars", "TitleDescriptionSame", "ZeroAmountTest", "PostDatedAwardDates", "ImpossibleDates",
                           "FarFuturePlannedDates", "ActualStartDateBeforeEndDate", "OrganizationIdLooksInvalid", "RecipientOrgCharityNumber",
                           "RecipientOrgCompanyNumber", "LooksLikeEmail", "FarPastDates", "RecipientIndDEI", "GeoCodePostcode",
                           "RecipientIndWithoutToIndividualsDetails", "MultiFundingNamesForOrgId", "MultiFundingOrgIdsForName",
                           "MoreThanOneFundingOrg", "TitleLength"})
        BOOST_TEST(rules.count(id), id);
    // 141 characters (one of them two bytes) is long; the byte count would say 142 either way, so the
    // other way round: 140 characters of 141 bytes are not.
    const std::string ok = R"({"grants": [{"id": "c", "title": ")" + std::string(139, 'x') + R"(ë"}]})";
    BOOST_TEST(!count_by_rule(io::check_360giving(ok, "t.json", on_2026_12_08)).count("TitleLength"));
    // Where: the email is in the recipient's description, named by its pointer.
    BOOST_TEST(std::any_of(found.begin(), found.end(), [](const io::rule_finding& f) {
        return f.rule == "LooksLikeEmail" && f.finding.where.field == "/grants/0/recipientOrganization/0/description";
    }));
    // Dates are judged against the given day: the award of 2027 is not post-dated a year later.
    BOOST_TEST(!count_by_rule(io::check_360giving(text, "t.json", io::giving360_check_options{make_date(2027, 12, 8)})).count("PostDatedAwardDates"));
}

BOOST_AUTO_TEST_CASE(what_is_not_a_package_is_refused_with_its_line) {
    try {
        io::check_360giving("{\"grants\": [\n{\"id\": \"a\",}\n]}", "bad.json");
        BOOST_ERROR("accepted");
    } catch (const parse_error& e) {
        BOOST_TEST(std::string(e.what()).find("bad.json:2") != std::string::npos, e.what());
    }
    BOOST_CHECK_THROW(io::check_360giving(R"({"grant": []})", "t.json"), parse_error);
    BOOST_TEST(io::giving360_checks_not_applied().size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_very_long_text_is_searched_without_exhausting_the_stack) {
    const std::string text = R"({"grants": [{"id": "a", "title": "T", "description": ")" + std::string(300000, 'x') + R"(@example.org"}]})";
    const auto n = count_by_rule(io::check_360giving(text, "long.json", on_2026_12_08));
    BOOST_TEST(n.count("LooksLikeEmail"));
}

BOOST_AUTO_TEST_CASE(a_deeply_nested_grant_is_checked_without_recursing_without_bound) {
    const std::string deep = std::string(100000, '[') + "\"x@example.org\"" + std::string(100000, ']');
    const std::string text = R"({"grants": [{"id": "a", "title": "T", "extra": )" + deep + "}]}";
    const auto n = count_by_rule(io::check_360giving(text, "deep.json", on_2026_12_08));
    BOOST_TEST(!n.count("LooksLikeEmail"));  // below the depth searched
    BOOST_TEST(n.count("NoGrantProgramme"));  // the grant's own fields are checked
}

