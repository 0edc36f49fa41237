// 360Giving's data quality checks (include/grantfolio/io/giving360_rules.hpp), on the package's JSON:
// each grant parsed on its own where the package can be split (so each finding has its line).
#include "grantfolio/io/giving360_rules.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <nlohmann/json.hpp>

#include "detail/giving360_dates.hpp"
#include "detail/icu_regex.hpp"
#include "detail/json_split.hpp"
#include "detail/text_position.hpp"

namespace grantfolio::io {

namespace {

using json = nlohmann::json;

enum class weight { quality, usefulness };

/// The checks, by the Data Quality Tool's names, with their category and kind.
struct check_info {
    const char* id;
    const char* category;
    weight kind;
    const char* says;
};

constexpr check_info checks[] = {
    {"ZeroAmountTest", "grants", weight::quality, "the amount awarded is 0"},
    {"RecipientOrgCharityNumber", "organisations", weight::quality,
     "the recipient's charity number does not look like one (6 or 7 digits, after up to two letters)"},
    {"RecipientOrgCompanyNumber", "organisations", weight::quality, "the recipient's company number is not 8 letters or digits"},
    {"OrganizationIdLooksInvalid", "organisations", weight::quality,
     "the organisation identifier's number does not fit its register (GB-CHC-: 6 or 7 digits; GB-COH-: 8 letters or digits)"},
    {"OrganizationIdUnexpectedChars", "organisations", weight::quality, "the organisation identifier holds a line break"},
    {"GrantIdUnexpectedChars", "grants", weight::quality, "the grant identifier holds a line break"},
    {"MoreThanOneFundingOrg", "organisations", weight::quality, "the package names more than one funding organisation identifier"},
    {"LooksLikeEmail", "data protection", weight::quality, "a field other than an email field holds what looks like an email address"},
    {"ImpossibleDates", "dates", weight::quality, "a date that does not exist (31 February) or is not in a form the standard allows"},
    {"PlannedStartDateBeforeEndDate", "dates", weight::quality, "the planned start comes after the planned end"},
    {"ActualStartDateBeforeEndDate", "dates", weight::quality, "the actual start comes after the actual end"},
    {"FarFuturePlannedDates", "dates", weight::quality, "a planned date more than 12 years from today"},
    {"FarFutureActualDates", "dates", weight::quality, "an actual date more than 5 years from today"},
    {"FarPastDates", "dates", weight::quality, "a date more than 25 years before today"},
    {"PostDatedAwardDates", "dates", weight::quality, "the award date is after today"},
    {"RecipientIndDEI", "data protection", weight::quality, "a grant to an individual with project details"},
    {"GeoCodePostcode", "data protection", weight::quality, "a grant to an individual whose beneficiary location's geoCode looks like a postcode"},
    {"MultiFundingNamesForOrgId", "organisations", weight::quality, "one funding organisation identifier with several names"},
    {"MultiFundingOrgIdsForName", "organisations", weight::quality, "one funding organisation name with several identifiers"},
    {"RecipientOrg360GPrefix", "organisations", weight::usefulness,
     "the recipient's identifier is a 360G- one, not a registered organisation identifier (charity, company...)"},
    {"FundingOrg360GPrefix", "organisations", weight::usefulness, "the funder's identifier is a 360G- one, not a registered organisation identifier"},
    {"NoRecipientOrgCompanyCharityNumber", "organisations", weight::usefulness, "the recipient has neither charity nor company number"},
    {"IncompleteRecipientOrg", "location", weight::usefulness, "the recipient has neither postal code nor a location with a geoCode"},
    {"NoGrantProgramme", "grants", weight::usefulness, "no grant programme"},
    {"NoBeneficiaryLocation", "location", weight::usefulness, "no beneficiary location"},
    {"TitleDescriptionSame", "grants", weight::usefulness, "the title and the description are the same"},
    {"TitleLength", "grants", weight::usefulness, "the title is longer than 140 characters"},
    {"NoLastModified", "metadata", weight::usefulness, "no dateModified"},
    {"NoDataSource", "metadata", weight::usefulness, "no dataSource"},
    {"RecipientIndWithoutToIndividualsDetails", "grants", weight::usefulness, "a grant to an individual without toIndividualsDetails"},
    {"BeneficiaryButNotRecipientGeoData", "location", weight::usefulness,
     "beneficiary locations, but no postal code or location for the recipient"},
    {"RecipientGeoDataButNoBeneficiary", "location", weight::usefulness, "a location for the recipient, but no beneficiary location"},
    {"BeneficiaryLocationNameButNoCode", "location", weight::usefulness, "a beneficiary location with a name but no geoCode"},
};

const check_info& info(std::string_view id) {
    for (const auto& c : checks)
        if (id == c.id) return c;
    throw std::logic_error("unknown 360Giving check");
}

std::string text(const json& o, const char* key) {
    if (!o.is_object()) return {};
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

bool present(const json& o, const char* key) {
    if (!o.is_object()) return false;
    auto it = o.find(key);
    return it != o.end() && !it->is_null() && !(it->is_string() && it->get<std::string>().empty()) &&
           !(it->is_array() && it->empty()) && !(it->is_object() && it->empty());
}

const json& array_of(const json& o, const char* key) {
    static const json none = json::array();
    if (!o.is_object()) return none;
    auto it = o.find(key);
    return it != o.end() && it->is_array() ? *it : none;
}

bool digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool charity_number(std::string s) {
    if (s.size() >= 2 && std::isalpha(static_cast<unsigned char>(s[0])) && std::isalpha(static_cast<unsigned char>(s[1]))) s = s.substr(2);
    return (s.size() == 6 || s.size() == 7) && digits(s);
}

bool company_number(std::string_view s) {
    return s.size() == 8 && std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Every string value of `v` with its JSON pointer below `at`, to a depth of 64 (a grant's fields
/// are a few levels deep; deeper nesting is not searched rather than recursed into without bound).
void strings_of(const json& v, const std::string& at, std::vector<std::pair<std::string, std::string>>& out, int depth = 0) {
    if (v.is_string()) out.emplace_back(at, v.get<std::string>());
    if (depth >= 64) return;
    if (v.is_object())
        for (auto it = v.begin(); it != v.end(); ++it) strings_of(*it, at + "/" + it.key(), out, depth + 1);
    else if (v.is_array())
        for (std::size_t i = 0; i < v.size(); ++i) strings_of(v[i], at + "/" + std::to_string(i), out, depth + 1);
}

class checker {
public:
    checker(const std::string& name, date today) : name_(name), today_(today) {}

    void grant(const json& g, std::size_t index, std::size_t line, std::size_t column) {
        const std::string base = "/grants/" + std::to_string(index);
        const std::string id = text(g, "id");
        auto fail = [&](const char* check, const std::string& field, const std::string& detail = {}) {
            const check_info& c = info(check);
            rule_finding f;
            f.rule = c.id;
            f.category = c.category;
            f.link = "https://standard.threesixtygiving.org/en/latest/";
            f.finding.level = c.kind == weight::quality ? severity::warning : severity::info;
            f.finding.where = parse_error::location{name_, line, column, base + field};
            f.finding.subject = id;
            f.finding.message = std::string(c.says) + (detail.empty() ? "" : ": " + detail) + " (rule " + c.id + ")";
            out.push_back(std::move(f));
        };
        if (!g.is_object()) return;
        if (auto it = g.find("amountAwarded"); it != g.end() && it->is_number() && it->get<double>() == 0) fail("ZeroAmountTest", "/amountAwarded");
        if (id.find('\n') != std::string::npos) fail("GrantIdUnexpectedChars", "/id");
        const json& recipients = array_of(g, "recipientOrganization");
        const bool to_individual = g.contains("recipientIndividual");
        for (std::size_t i = 0; i < recipients.size(); ++i) {
            const json& r = recipients[i];
            const std::string at = "/recipientOrganization/" + std::to_string(i);
            if (present(r, "charityNumber") && !charity_number(text(r, "charityNumber")))
                fail("RecipientOrgCharityNumber", at + "/charityNumber", quote_value(text(r, "charityNumber")));
            if (present(r, "companyNumber") && !company_number(text(r, "companyNumber")))
                fail("RecipientOrgCompanyNumber", at + "/companyNumber", quote_value(text(r, "companyNumber")));
            if (lower(text(r, "id")).rfind("360g", 0) == 0) fail("RecipientOrg360GPrefix", at + "/id", quote_value(text(r, "id")));
            if (!present(r, "companyNumber") && !present(r, "charityNumber")) fail("NoRecipientOrgCompanyCharityNumber", at + "/id");
            const bool located = std::any_of(array_of(r, "location").begin(), array_of(r, "location").end(),
                                             [](const json& l) { return present(l, "geoCode"); });
            if (!present(r, "postalCode") && !located) fail("IncompleteRecipientOrg", at + "/id");
        }
        const json& funders = array_of(g, "fundingOrganization");
        for (std::size_t i = 0; i < funders.size(); ++i) {
            const json& f = funders[i];
            const std::string at = "/fundingOrganization/" + std::to_string(i);
            const std::string fid = text(f, "id"), fname = text(f, "name");
            if (lower(fid).rfind("360g", 0) == 0) fail("FundingOrg360GPrefix", at + "/id", quote_value(fid));
            if (!fid.empty() && std::find(funder_ids_.begin(), funder_ids_.end(), fid) == funder_ids_.end()) {
                funder_ids_.push_back(fid);
                if (funder_ids_.size() == 2) fail("MoreThanOneFundingOrg", at + "/id", quote_value(funder_ids_[0]) + " and " + quote_value(fid));
            }
            if (!fid.empty()) {
                auto [name_it, fresh_name] = name_of_id_.try_emplace(fid, fname);
                if (!fresh_name && name_it->second != fname)
                    fail("MultiFundingNamesForOrgId", at + "/name", quote_value(fid) + " is also " + quote_value(name_it->second));
                auto [id_it, fresh_id] = id_of_name_.try_emplace(fname, fid);
                if (!fresh_id && id_it->second != fid)
                    fail("MultiFundingOrgIdsForName", at + "/id", quote_value(fname) + " is also " + quote_value(id_it->second));
            }
        }
        for (const char* kind : {"fundingOrganization", "recipientOrganization"}) {
            const json& orgs = array_of(g, kind);
            for (std::size_t i = 0; i < orgs.size(); ++i) {
                const std::string oid = text(orgs[i], "id"), at = std::string("/") + kind + "/" + std::to_string(i) + "/id";
                if (oid.find('\n') != std::string::npos) fail("OrganizationIdUnexpectedChars", at);
                const std::string upper_id = [&] {
                    std::string u = oid;
                    for (auto& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                    return u;
                }();
                if ((upper_id.rfind("GB-CHC-", 0) == 0 && !charity_number(oid.substr(7))) ||
                    (upper_id.rfind("GB-COH-", 0) == 0 && !company_number(oid.substr(7))))
                    fail("OrganizationIdLooksInvalid", at, quote_value(oid));
            }
        }
        // Every string but an email field's.
        std::vector<std::pair<std::string, std::string>> strings;
        strings_of(g, "", strings);
        static const detail::icu_regex email(R"([\w.-]+@[\w.-]+\.[\w.-]+)");
        for (const auto& [pointer, value] : strings)
            if (lower(pointer).find("email") == std::string::npos && value.find('@') != std::string::npos && email.search(value))
                fail("LooksLikeEmail", pointer);
        // Dates: each as the days it stands for; one the standard's forms cannot read is impossible.
        struct one_date {
            const char* field;
            std::string value;
            std::optional<period> days;
        };
        std::vector<one_date> dates;
        auto add_date = [&](const char* field, const std::string& value) {
            if (!value.empty()) dates.push_back({field, value, detail::standard_date(value)});
        };
        add_date("/awardDate", text(g, "awardDate"));
        const json& planned = array_of(g, "plannedDates");
        const json& actual = array_of(g, "actualDates");
        if (!planned.empty()) add_date("/plannedDates/0/startDate", text(planned[0], "startDate")), add_date("/plannedDates/0/endDate", text(planned[0], "endDate"));
        if (!actual.empty()) add_date("/actualDates/0/startDate", text(actual[0], "startDate")), add_date("/actualDates/0/endDate", text(actual[0], "endDate"));
        auto day_of = [&](std::string_view field) -> std::optional<period> {
            for (const auto& d : dates)
                if (field == d.field) return d.days;
            return std::nullopt;
        };
        for (const auto& d : dates)
            if (!d.days) fail("ImpossibleDates", d.field, quote_value(d.value));
        if (auto s = day_of("/plannedDates/0/startDate"), e = day_of("/plannedDates/0/endDate"); s && e && e->last() < s->first())
            fail("PlannedStartDateBeforeEndDate", "/plannedDates/0/startDate");
        if (auto s = day_of("/actualDates/0/startDate"), e = day_of("/actualDates/0/endDate"); s && e && e->last() < s->first())
            fail("ActualStartDateBeforeEndDate", "/actualDates/0/startDate");
        const date planned_limit = add_months(today_, 12 * 12), actual_limit = add_months(today_, 5 * 12), past_limit = add_months(today_, -25 * 12);
        for (const char* field : {"/plannedDates/0/startDate", "/plannedDates/0/endDate"})
            if (auto d = day_of(field); d && d->first() > planned_limit) {
                fail("FarFuturePlannedDates", field);
                break;
            }
        for (const char* field : {"/actualDates/0/startDate", "/actualDates/0/endDate"})
            if (auto d = day_of(field); d && d->first() > actual_limit) {
                fail("FarFutureActualDates", field);
                break;
            }
        for (const auto& d : dates)
            if (d.days && d.days->last() < past_limit) {
                fail("FarPastDates", d.field, quote_value(d.value));
                break;
            }
        if (auto a = day_of("/awardDate"); a && a->first() > today_) fail("PostDatedAwardDates", "/awardDate");
        // Grants to individuals.
        if (to_individual) {
            if (g.contains("project")) fail("RecipientIndDEI", "/recipientIndividual/id");
            if (!g.contains("toIndividualsDetails")) fail("RecipientIndWithoutToIndividualsDetails", "/recipientIndividual/id");
            static const detail::icu_regex postcode(R"(^\s*[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\s*$)", true);
            const json& places = array_of(g, "beneficiaryLocation");
            for (std::size_t i = 0; i < places.size(); ++i)
                if (postcode.full_match(text(places[i], "geoCode"))) fail("GeoCodePostcode", "/beneficiaryLocation/" + std::to_string(i) + "/geoCode");
        }
        // Usefulness.
        if (!present(g, "grantProgramme")) fail("NoGrantProgramme", "/id");
        const json& beneficiaries = array_of(g, "beneficiaryLocation");
        if (beneficiaries.empty()) fail("NoBeneficiaryLocation", "/id");
        if (const std::string t = text(g, "title"), d = text(g, "description"); !t.empty() && t == d) fail("TitleDescriptionSame", "/description");
        if (const std::string t = text(g, "title"); utf8_length(t) > 140) fail("TitleLength", "/title");
        if (!present(g, "dateModified")) fail("NoLastModified", "/id");
        if (!present(g, "dataSource")) fail("NoDataSource", "/id");
        if (!to_individual && !recipients.empty()) {
            const json& r = recipients[0];
            const bool has_geo = present(r, "postalCode") || !array_of(r, "location").empty();
            if (!beneficiaries.empty() && !has_geo) fail("BeneficiaryButNotRecipientGeoData", "/recipientOrganization/0/id");
            if (!array_of(r, "location").empty() && beneficiaries.empty()) fail("RecipientGeoDataButNoBeneficiary", "/recipientOrganization/0/location");
        }
        for (std::size_t i = 0; i < beneficiaries.size(); ++i)
            if (present(beneficiaries[i], "name") && !present(beneficiaries[i], "geoCode"))
                fail("BeneficiaryLocationNameButNoCode", "/beneficiaryLocation/" + std::to_string(i) + "/name");
    }

    std::vector<rule_finding> out;

private:
    static std::size_t utf8_length(std::string_view s) {
        return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    }

    const std::string& name_;
    date today_;
    std::vector<std::string> funder_ids_;
    std::map<std::string, std::string> name_of_id_, id_of_name_;
};

}  // namespace

std::vector<rule_finding> check_360giving(std::string_view json_text, const std::string& name, const giving360_check_options& options) {
    const date today = options.today ? *options.today : date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    checker c(name, today);
    auto refuse = [&](const json::parse_error& e, std::size_t offset) {
        const auto [line, column] = detail::line_index(json_text).at(offset + (e.byte > 0 ? e.byte - 1 : 0));
        return parse_error(std::string("not well-formed JSON: ") + e.what(), parse_error::location{name, line, column, {}});
    };
    // Grant by grant where the package splits (each finding then has its grant's line); else whole.
    if (const auto split = detail::split_member_array(json_text, "grants")) {
        const detail::line_index lines(json_text);
        for (std::size_t i = 0; i < split->items.size(); ++i) {
            const auto [begin, end] = split->items[i];
            json g;
            try {
                g = json::parse(json_text.substr(begin, end - begin));
            } catch (const json::parse_error& e) {
                throw refuse(e, begin);
            }
            const auto [line, column] = lines.at(begin);
            c.grant(g, i, line, column);
        }
        return std::move(c.out);
    }
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::parse_error& e) {
        throw refuse(e, 0);
    }
    if (!doc.is_object() || !doc.contains("grants") || !doc["grants"].is_array())
        throw parse_error("not a 360Giving package: no top-level \"grants\" array", parse_error::location{name, 0, 0, {}});
    for (std::size_t i = 0; i < doc["grants"].size(); ++i) c.grant(doc["grants"][i], i, 0, 0);
    return std::move(c.out);
}

std::vector<std::pair<std::string, std::string>> giving360_checks_not_applied() {
    const std::string why = "needs org-id.guide's list of registration agency prefixes";
    return {{"FundingOrgUnrecognisedPrefix", why}, {"RecipientOrgUnrecognisedPrefix", why}};
}

}  // namespace grantfolio::io
