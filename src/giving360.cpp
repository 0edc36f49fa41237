#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/source.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "detail/json_dom.hpp"
#include "detail/giving360_reader.hpp"
#include "detail/giving360_dates.hpp"
#include "detail/json_split.hpp"
#include "grantfolio/detail/parallel.hpp"

namespace grantfolio::io {

namespace {

// Objects keep their keys in the order written: a record written back has them in its own order.
using json = nlohmann::ordered_json;

using detail::number_text;

/// JSON text of a tree built by detail::json_dom, whose numbers with a fraction or exponent are kept
/// as their text (binary values of subtype number_text): written back as they were read.
void raw_json(const json& v, std::string& out) {
    switch (v.type()) {
        case json::value_t::object: {
            out += '{';
            bool first = true;
            for (const auto& [k, x] : v.items()) {
                if (!first) out += ", ";
                first = false;
                out += json(k).dump();
                out += ": ";
                raw_json(x, out);
            }
            out += '}';
            break;
        }
        case json::value_t::array: {
            out += '[';
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (i) out += ", ";
                raw_json(v[i], out);
            }
            out += ']';
            break;
        }
        case json::value_t::binary:
            if (v.get_binary().has_subtype() && v.get_binary().subtype() == number_text) {
                out.append(v.get_binary().begin(), v.get_binary().end());
                break;
            }
            [[fallthrough]];
        default: out += v.dump(); break;
    }
}

std::string raw_json(const json& v) {
    std::string out;
    raw_json(v, out);
    return out;
}

using detail::standard_date;

/// One grant as the standard states it, whichever layout it came in; `at` locates each field
/// (a JSON pointer, or a CSV line and column title).
struct raw_org {
    std::string id, name;
};
struct raw_grant {
    std::string id, title, description, currency, awarded, disbursed, award_date, start, end;
    std::string actual_start, actual_end;  // actualDates' first event
    raw_org recipient;
    std::vector<raw_org> funders;
    std::string programme;  // title, else code
    std::vector<site> locations;  // beneficiary locations: name, description, and the rest in their detail
    std::string record;  // the grant object as JSON text (JSON packages), kept as the grant's source
    std::function<parse_error::location(const std::string& field)> at;
    std::vector<diagnostic> found;  // what reading its fields reported, before the builder's own findings
};

class builder {
public:
    builder(std::string name, const giving360_options& o) : name_(std::move(name)), options_(o) {}
    /// The programme's donor, as another file's reading chose it (for reading one grant alone).
    void set_donor(std::string donor) { forced_donor_ = std::move(donor); }

    /// Nothing here refuses the file: a grant whose currency is missing or unknown is kept without
    /// its amounts, a second grant with an id already read is not kept, what the standard requires but
    /// a grant lacks (an id, the amount, the recipient) is reported, each with its location.
    void add(raw_grant g) {
        for (auto& d : g.found) found_.push_back(std::move(d));
        g.found.clear();
        auto report = [&](severity s, const std::string& field, const std::string& why, consequence cost = {}) {
            found_.push_back({s, g.at(field), why, clip_value(g.id), std::move(cost)});
        };
        if (g.id.empty()) {
            g.id = "#" + std::to_string(grants_.size() + 1);
            report(severity::error, "id", "the grant has no id (the standard requires one); it is called '" + g.id + "' here", guessed("id"));
        }
        if (!ids_.insert(g.id).second) {
            report(severity::error, "id", "grant id " + quote_value(g.id) + " appears twice; this copy is not kept", not_kept("grant"));
            return;
        }
        if (g.awarded.empty()) report(severity::error, "amountAwarded", "the grant has no amountAwarded (the standard requires it)");
        std::string amounts;
        if (!g.awarded.empty()) amounts += "amountAwarded " + quote_value(g.awarded, 40);
        if (!g.disbursed.empty()) amounts += (amounts.empty() ? "" : ", ") + std::string("amountDisbursed ") + quote_value(g.disbursed, 40);
        const std::string lost = amounts.empty() ? std::string() : "; its amounts (" + amounts + ") are not kept";
        std::optional<currency> cur;
        if (g.currency.empty()) {
            report(amounts.empty() ? severity::warning : severity::error, "currency", "the grant has no currency (360Giving sets no default)" + lost,
                   amounts.empty() ? consequence{} : not_kept("amount"));
        } else if (cur = currency::find(g.currency); !cur) {
            report(severity::error, "currency", quote_value(g.currency) + " is not an ISO 4217 currency code" + lost, not_kept("amount"));
        } else if (g.currency == "XXX" || g.currency == "XTS") {
            report(severity::error, "currency", g.currency + (g.currency == "XXX" ? " means 'no currency'" : " is ISO 4217's code for testing") +
                                                    ", not money" + lost, not_kept("amount"));
            cur.reset();
        }
        if (!cur) g.awarded.clear(), g.disbursed.clear();
        if (g.recipient.id.empty() && g.recipient.name.empty())
            report(severity::warning, "recipientOrganization", "the grant names no recipient organisation");
        grants_.push_back(std::move(g));
        currencies_.push_back(cur);
    }

    /// What the JSON layer finds (a field of the wrong type, a grant that is not an object).
    void report(diagnostic d) { found_.push_back(std::move(d)); }

    read_result finish() {
        read_result out;
        out.diagnostics = std::move(found_);
        program& p = out.program;
        // The donor: the funder of most grants (the first met on a tie).
        std::map<std::string, std::size_t> funded;
        std::vector<std::string> funder_order;
        for (const auto& g : grants_)
            for (const auto& f : g.funders)
                if (funded[f.id]++ == 0) funder_order.push_back(f.id);
        std::string donor;
        for (const auto& id : funder_order)
            if (donor.empty() || funded[id] > funded[donor]) donor = id;
        if (!forced_donor_.empty()) donor = forced_donor_;
        p.id = !options_.program_id.empty() ? options_.program_id : funder_order.size() == 1 ? donor : "360giving";
        p.source = name_;
        // Phases: one per grant programme, in order of first appearance; grants without one in phase 0.
        std::map<std::string, int> phase_of;
        for (const auto& g : grants_)
            if (!phase_of.count(g.programme)) phase_of.emplace(g.programme, 0);
        int next = 1;
        std::vector<std::pair<std::string, int>> phase_list;
        for (const auto& g : grants_) {
            auto& n = phase_of[g.programme];
            if (n == 0 && !g.programme.empty()) {
                n = next++;
                phase_list.emplace_back(g.programme, n);
            }
        }
        // Grants without a programme: phase 0, unnamed (a name here would be written back as a programme).
        if (phase_of.count("")) p.add_phase(phase{0, "", std::nullopt, {}});
        for (const auto& [title, n] : phase_list) p.add_phase(phase{n, title, std::nullopt, {}});
        // Organisations: funders, then recipients, each id once (the first name given wins).
        std::set<std::string> orgs;
        auto add_org = [&](const raw_org& o, organization_kind kind) {
            std::string id = o.id.empty() ? "name:" + o.name : o.id;
            if (orgs.insert(id).second) p.add_organization(organization{id, o.name.empty() ? id : o.name, std::nullopt, kind, {}});
            return id;
        };
        for (const auto& g : grants_)
            for (const auto& f : g.funders) add_org(f, organization_kind::donor);
        for (const auto& g : grants_)
            if (!g.recipient.id.empty() || !g.recipient.name.empty()) add_org(g.recipient, organization_kind::other);
        if (!donor.empty()) p.donor = donor;
        std::string funder_names;
        for (const auto& id : funder_order) funder_names += (funder_names.empty() ? "" : ", ") + p.organization_by_id(id).name;
        p.names.push_back(program_name{"en", funder_names.empty() ? "360Giving grants" : "Grants of " + funder_names, ""});
        p.reserve(grants_.size(), 0);
        std::size_t undated_disbursements = 0;
        for (std::size_t k = 0; k < grants_.size(); ++k) {
            raw_grant& r = grants_[k];
            const std::optional<currency> cur = currencies_[k];
            auto amount = [&](const std::string& text, const std::string& field) -> std::optional<money> {
                if (text.empty() || !cur) return std::nullopt;
                try {
                    return money(decimal::parse(text), *cur);
                } catch (const error& e) {
                    out.diagnostics.push_back({severity::error, r.at(field),
                                               field + " " + quote_value(text, 40) + " is not a decimal amount (" + e.what() + "); it is not kept",
                                               clip_value(r.id), not_kept("amount")});
                    return std::nullopt;
                }
            };
            auto day = [&](const std::string& text, const std::string& field) -> std::optional<period> {
                if (text.empty()) return std::nullopt;
                auto d = standard_date(text);
                if (!d)
                    out.diagnostics.push_back({severity::error, r.at(field),
                                               field + " " + quote_value(text, 40) + " is not a date (YYYY-MM-DD, DD/MM/YYYY, YYYY-MM or YYYY); it is not kept",
                                               clip_value(r.id), not_kept("date")});
                return d;
            };
            grant g;
            g.id = r.id;
            if (!r.record.empty()) g.source = source_record{"360giving", "", std::move(r.record), r.at("").line};
            g.title = r.title;
            g.description = r.description;
            g.phase = phase_of.at(r.programme);
            if (!r.recipient.id.empty()) g.grantee = r.recipient.id;
            else if (!r.recipient.name.empty()) g.grantee = "name:" + r.recipient.name;
            for (const auto& f : r.funders) {
                if (f.id != donor && std::find(g.co_funders.begin(), g.co_funders.end(), f.id) == g.co_funders.end())
                    g.co_funders.push_back(f.id);
                // The grant's own funders, in the package's order, whoever the programme's donor is.
                if (std::none_of(g.participants.begin(), g.participants.end(), [&](const participant& x) { return x.org == f.id; }))
                    g.participants.push_back(participant{participant_role::funding, f.id, "", "", ""});
            }
            for (const auto& l : r.locations)
                if (!l.as_written.empty()) g.sites_as_written += (g.sites_as_written.empty() ? "" : "; ") + l.as_written;
            g.sites = std::move(r.locations);
            g.award = amount(r.awarded, "amountAwarded");
            auto start = day(r.start, "plannedDates/0/startDate"), end = day(r.end, "plannedDates/0/endDate");
            if (start && end) {
                if (end->last() < start->first())
                    out.diagnostics.push_back({severity::error, r.at("plannedDates/0/endDate"), "the planned end comes before the start; no planned period is kept",
                                               clip_value(r.id), not_kept("planned period")});
                else
                    g.planned = period(start->first(), end->last());
            }
            // When it actually ran (an early closure is an actual end before the planned one).
            auto actual_start = day(r.actual_start, "actualDates/0/startDate"), actual_end = day(r.actual_end, "actualDates/0/endDate");
            if (actual_start && actual_end && actual_end->last() < actual_start->first()) {
                out.diagnostics.push_back({severity::error, r.at("actualDates/0/endDate"),
                                           "the actual end comes before the actual start; neither is kept", clip_value(r.id),
                                           not_kept("actual dates")});
            } else {
                if (actual_start) g.actual_start = actual_start->first();
                if (actual_end) g.actual_end = actual_end->last();
            }
            auto awarded_on = day(r.award_date, "awardDate");
            const auto position = p.grants().size();
            p.add_grant(std::move(g));
            if (awarded_on && p.grants()[position].award)
                p.add_transaction(position, transaction{transaction_kind::commitment, awarded_on->first(), *p.grants()[position].award,
                                                        "amountAwarded"});
            if (auto disbursed = amount(r.disbursed, "amountDisbursed")) {
                const money& paid = *disbursed;
                if (awarded_on) {
                    ++undated_disbursements;
                    p.add_transaction(position, transaction{transaction_kind::disbursement, awarded_on->first(), paid,
                                                            "amountDisbursed; 360Giving gives it no date: dated at the award"});
                } else {
                    out.diagnostics.push_back({severity::warning, r.at("amountDisbursed"),
                                               "amountDisbursed " + paid.to_string() + " left out: neither it nor the award has a date",
                                               clip_value(r.id), not_kept("amount")});
                }
            }
            r = raw_grant{};  // its memory goes as its grant comes: the two are not held whole at once
        }
        grants_.clear();
        if (undated_disbursements)
            out.diagnostics.push_back({severity::info, parse_error::location{name_, 0, 0, "amountDisbursed"},
                                       std::to_string(undated_disbursements) +
                                           " disbursed amounts have no date in 360Giving: each is dated at its grant's awardDate "
                                           "(its note says so); conversions at value dates use that day", "", {}});
        return out;
    }

private:
    std::string name_;
    giving360_options options_;
    std::vector<raw_grant> grants_;
    std::vector<std::optional<currency>> currencies_;
    std::set<std::string> ids_;
    std::vector<diagnostic> found_;
    std::string forced_donor_;
};

/// A field's text, or nothing when it is null; a value of another type (true, an object) is not
/// kept, and `wrong` is told why.
std::optional<std::string> text_of(const json& v, std::string& wrong) {
    if (v.is_null()) return std::string();
    if (v.is_string()) return v.get<std::string>();
    if (v.is_binary() && v.get_binary().has_subtype() && v.get_binary().subtype() == number_text)
        return std::string(v.get_binary().begin(), v.get_binary().end());
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    wrong = "must be text or a number, not " + std::string(v.type_name()) + "; it is not kept";
    return std::nullopt;
}

/// A beneficiary location as a site, its fields read by `text(key)` (the schema's keys); nothing
/// when it states nothing. A latitude and longitude that are not a point in range are not kept,
/// and `bad(why)` is told.
template <class Text, class Bad>
std::optional<site> beneficiary_site(Text&& text, Bad&& bad) {
    site st{text("name"), "", text("description")};
    location_detail d;
    d.ref = text("id");
    d.country = text("countryCode");
    if (std::string code = text("geoCode"), type = text("geoCodeType"); !code.empty() || !type.empty())
        d.administrative.push_back({std::move(type), std::move(code)});
    const std::string lat = text("latitude"), lon = text("longitude");
    if (!lat.empty() || !lon.empty()) {
        try {
            geo_point pt{decimal::parse(lat), decimal::parse(lon)};
            if (decimal(90) < pt.latitude.abs() || decimal(180) < pt.longitude.abs()) throw parse_error("out of range");
            d.point = std::move(pt);
        } catch (const error&) {
            bad("latitude " + quote_value(lat) + " and longitude " + quote_value(lon) +
                " are not a point in decimal degrees (-90 to 90, -180 to 180); the point is not kept");
        }
    }
    st.detail = std::move(d);
    if (st.as_written.empty() && st.note.empty() && st.detail.empty()) return std::nullopt;  // an empty object says nothing
    return st;
}

/// A grant object of a package as the standard states it; what cannot be read is reported to `b`.
/// Findings name the grant's JSON pointer and, where known, the line and column the grant starts
/// at; `written` is the grant's text as the package has it (its record), else it is printed from `g`.
raw_grant raw_of(const json& g, const std::string& base, const std::string& name, std::size_t line = 0, std::size_t column = 0,
                 std::string_view written = {}) {
    auto where = [&](std::string pointer) { return parse_error::location{name, line, column, std::move(pointer)}; };
    raw_grant r;
    r.at = [base, name, line, column](const std::string& field) { return parse_error::location{name, line, column, base + "/" + field}; };
    const std::string id_for_findings = g.contains("id") && g["id"].is_string() ? g["id"].get<std::string>() : std::string();
    auto field = [&](const json& obj, const char* key, const std::string& path) -> std::string {
        auto it = obj.is_object() ? obj.find(key) : obj.end();
        if (!obj.is_object() || it == obj.end()) return {};
        std::string wrong;
        auto text = text_of(*it, wrong);
        if (!text) r.found.push_back({severity::error, where(base + "/" + path), path + " " + wrong, clip_value(id_for_findings), not_kept("value")});
        return text.value_or(std::string());
    };
    r.id = field(g, "id", "id");
    r.title = field(g, "title", "title");
    r.description = field(g, "description", "description");
    r.currency = field(g, "currency", "currency");
    r.awarded = field(g, "amountAwarded", "amountAwarded");
    r.disbursed = field(g, "amountDisbursed", "amountDisbursed");
    r.award_date = field(g, "awardDate", "awardDate");
    auto first_object = [&](const char* key) -> const json* {
        auto it = g.find(key);
        if (it == g.end()) return nullptr;
        if (it->is_array()) return it->empty() ? nullptr : &(*it)[0];
        if (it->is_object()) return &*it;
        r.found.push_back({severity::error, where(base + "/" + key), std::string(key) + " must be an array of objects, not " +
                                                              std::string(it->type_name()) + "; it is not kept", clip_value(id_for_findings),
                  not_kept("value")});
        return nullptr;
    };
    if (const json* pd = first_object("plannedDates")) {
        r.start = field(*pd, "startDate", "plannedDates/0/startDate");
        r.end = field(*pd, "endDate", "plannedDates/0/endDate");
    }
    if (const json* ad = first_object("actualDates")) {
        r.actual_start = field(*ad, "startDate", "actualDates/0/startDate");
        r.actual_end = field(*ad, "endDate", "actualDates/0/endDate");
    }
    if (const json* ro = first_object("recipientOrganization")) {
        r.recipient.id = field(*ro, "id", "recipientOrganization/0/id");
        r.recipient.name = field(*ro, "name", "recipientOrganization/0/name");
    }
    if (auto it = g.find("fundingOrganization"); it != g.end() && it->is_array())
        for (std::size_t f = 0; f < it->size(); ++f) {
            const std::string fp = "fundingOrganization/" + std::to_string(f);
            raw_org o{field((*it)[f], "id", fp + "/id"), field((*it)[f], "name", fp + "/name")};
            if (o.id.empty() && o.name.empty()) {
                r.found.push_back({severity::error, where(base + "/" + fp), "a funding organisation with neither id nor name is not kept", clip_value(id_for_findings),
                          not_kept("funding organisation")});
                continue;
            }
            if (o.id.empty()) {
                o.id = "name:" + o.name;
                r.found.push_back({severity::warning, where(base + "/" + fp + "/id"),
                          "a funding organisation without id (the standard requires one): it is called " + quote_value(o.id) + " here",
                          clip_value(id_for_findings), guessed("organisation id")});
            }
            r.funders.push_back(std::move(o));
        }
    if (const json* gp = first_object("grantProgramme")) {
        r.programme = field(*gp, "title", "grantProgramme/0/title");
        if (r.programme.empty()) r.programme = field(*gp, "code", "grantProgramme/0/code");
    }
    if (auto it = g.find("beneficiaryLocation"); it != g.end() && it->is_array())
        for (std::size_t l = 0; l < it->size(); ++l) {
            const json& loc = (*it)[l];
            const std::string lp = "beneficiaryLocation/" + std::to_string(l);
            auto st = beneficiary_site([&](const char* key) { return field(loc, key, lp + "/" + key); }, [&](const std::string& why) {
                r.found.push_back({severity::error, where(base + "/" + lp), why, clip_value(id_for_findings), not_kept("location point")});
            });
            if (st) r.locations.push_back(std::move(*st));
        }
    r.record = written.empty() ? raw_json(g) : std::string(written);
    return r;
}

/// The package read grant by grant: each element of "grants" parsed on its own (its record its text
/// as written, key order and number spelling kept), the rest of the document parsed without them.
/// Nothing when any part is not well formed: the caller then parses the whole document, which says
/// where it breaks.
std::optional<read_result> read_grants_one_by_one(std::string_view text, const detail::json_array_split& split, const std::string& name,
                                                  const giving360_options& options, detail::page_releaser* pages) {
    detail::json_dom_limits dl;
    dl.max_memory = detail::memory_cap(options.limits.max_memory);
    dl.cap_applied = true;
    try {
        detail::json_tree<json> envelope;
        detail::parse_bounded(split.envelope(text), name, envelope, dl);
    } catch (const parse_error&) {
        return std::nullopt;
    }
    if (split.items.size() > options.limits.max_records)
        throw parse_error("the package holds " + std::to_string(split.items.size()) + " grants, over the cap of " +
                              std::to_string(options.limits.max_records),
                          parse_error::location{name, 0, 0, "/grants"});
    dl.max_depth -= 2;  // an element of the top-level array is two levels down in the document
    builder b(name, options);
    // Grants are parsed in blocks, each block's grants split over the cores (a grant's tree is built,
    // read and freed by one thread), then added to the programme in the package's order.
    struct parsed {
        std::optional<raw_grant> grant;
        std::optional<diagnostic> not_object;
    };
    constexpr std::size_t block = 8192;
    std::vector<parsed> out;
    std::vector<std::pair<std::size_t, std::size_t>> where(std::min(block, split.items.size()));  // line, column
    std::size_t line = 1, line_start = 0, counted = 0;  // lines counted up to `counted`
    for (std::size_t first = 0; first < split.items.size(); first += block) {
        const std::size_t n = std::min(block, split.items.size() - first);
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t begin = split.items[first + k].first;
            for (std::size_t at = counted; at < begin; ++at)
                if (text[at] == '\n') ++line, line_start = at + 1;
            counted = begin;
            where[k] = {line, begin - line_start + 1};
        }
        out.clear();
        out.resize(n);
        const unsigned parts = grantfolio::detail::part_count(n, 0, 1024);
        std::vector<std::exception_ptr> failed(parts);
        std::vector<char> malformed(parts, 0);
        grantfolio::detail::run_in_parts(n, parts, [&](unsigned part, std::size_t lo, std::size_t hi) {
            try {
                for (std::size_t k = lo; k < hi && !malformed[part]; ++k) {
                    const auto [begin, end] = split.items[first + k];
                    const std::string_view written = text.substr(begin, end - begin);
                    const std::string base = "/grants/" + std::to_string(first + k);
                    detail::json_tree<json> tree;
                    try {
                        detail::parse_bounded(written, name, tree, dl);
                    } catch (const parse_error&) {
                        malformed[part] = 1;
                        break;
                    }
                    const auto [ln, col] = where[k];
                    if (!tree.root.is_object())
                        out[k].not_object = diagnostic{severity::error, parse_error::location{name, ln, col, base},
                                                       "a grant must be an object, not " + std::string(tree.root.type_name()) + "; it is not kept",
                                                       "", not_kept("grant")};
                    else
                        out[k].grant = raw_of(tree.root, base, name, ln, col, written);
                }
            } catch (...) {
                failed[part] = std::current_exception();
            }
        });
        for (const auto& e : failed)
            if (e) std::rethrow_exception(e);
        if (std::find(malformed.begin(), malformed.end(), 1) != malformed.end()) return std::nullopt;
        for (auto& one : out) {
            if (one.not_object) b.report(std::move(*one.not_object));
            else b.add(std::move(*one.grant));
        }
        if (pages) pages->read_up_to(text.data() + split.items[first + n - 1].second);
    }
    read_result r = b.finish();
    r.kind = "360giving";
    return r;
}

}  // namespace

read_result read_360giving(std::string_view text, const std::string& name, const giving360_options& options) {
    return detail::read_360giving(text, name, options, nullptr);
}

read_result detail::read_360giving(std::string_view text, const std::string& name, const giving360_options& options, page_releaser* pages) {
    if (text.size() > options.limits.max_bytes)
        throw parse_error("360Giving JSON exceeds the byte cap of " + std::to_string(options.limits.max_bytes),
                          parse_error::location{name, 0, 0, {}});
    if (auto split = detail::split_member_array(text, "grants", pages)) {
        if (pages) pages->rewind();  // the scan has read it all; the grants are read again, in order
        if (auto r = read_grants_one_by_one(text, *split, name, options, pages)) return std::move(*r);
    }
    detail::json_tree<json> tree;
    detail::json_dom_limits dl;
    dl.max_memory = options.limits.max_memory;
    detail::parse_bounded(text, name, tree, dl);
    const json& root = tree.root;
    auto where = [&](std::string pointer) { return parse_error::location{name, 0, 0, std::move(pointer)}; };
    if (!root.is_object() || !root.contains("grants") || !root["grants"].is_array())
        throw parse_error("not a 360Giving package: no top-level \"grants\" array", where(""));
    const json& grants = root["grants"];
    if (grants.size() > options.limits.max_records)
        throw parse_error("the package holds " + std::to_string(grants.size()) + " grants, over the cap of " +
                              std::to_string(options.limits.max_records), where("/grants"));
    builder b(name, options);
    for (std::size_t k = 0; k < grants.size(); ++k) {
        const std::string base = "/grants/" + std::to_string(k);
        const json& g = grants[k];
        if (!g.is_object()) {
            b.report({severity::error, where(base), "a grant must be an object, not " + std::string(g.type_name()) + "; it is not kept", "", not_kept("grant")});
            continue;
        }
        b.add(raw_of(g, base, name));
    }
    read_result r = b.finish();
    r.kind = "360giving";
    return r;
}

read_result read_360giving_csv(std::string_view text, const std::string& name, const giving360_options& options) {
    std::istringstream in{std::string(text)};
    csv_reader csv(in, name, options.limits);
    std::vector<std::string> header, row;
    if (!csv.next(header)) throw parse_error("empty 360Giving CSV", parse_error::location{name, 1, 1, {}});
    if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i)
        if (!col.emplace(header[i], i).second && !header[i].empty())
            throw csv.error_at("the column " + quote_value(header[i]) + " appears twice (columns " + std::to_string(col[header[i]] + 1) +
                                   " and " + std::to_string(i + 1) + "); which one holds the value is not known",
                               header[i], i + 1);
    for (const char* need : {"Identifier", "Currency", "Amount Awarded"})
        if (!col.count(need)) throw csv.error_at(std::string("the 360Giving CSV has no '") + need + "' column", need);
    builder b(name, options);
    while (csv.next(row)) {
        if (row.size() == 1 && row[0].empty()) continue;
        const std::size_t line = csv.line();
        auto get = [&](const char* title) -> std::string {
            auto it = col.find(title);
            return it == col.end() || it->second >= row.size() ? std::string() : row[it->second];
        };
        raw_grant r;
        // Errors name the line and the column title the standard's field came from.
        static const std::map<std::string, std::string> title_of{
            {"id", "Identifier"}, {"currency", "Currency"}, {"amountAwarded", "Amount Awarded"},
            {"amountDisbursed", "Amount Disbursed"}, {"awardDate", "Award Date"},
            {"plannedDates/0/startDate", "Planned Dates:Start Date"}, {"plannedDates/0/endDate", "Planned Dates:End Date"},
            {"actualDates/0/startDate", "Actual Dates:Start Date"}, {"actualDates/0/endDate", "Actual Dates:End Date"},
            {"recipientOrganization", "Recipient Org:Identifier"}};
        r.at = [name, line](const std::string& field) {
            auto it = title_of.find(field);
            return parse_error::location{name, line, 0, it == title_of.end() ? field : it->second};
        };
        r.id = get("Identifier");
        r.title = get("Title");
        r.description = get("Description");
        r.currency = get("Currency");
        r.awarded = get("Amount Awarded");
        r.disbursed = get("Amount Disbursed");
        r.award_date = get("Award Date");
        r.start = get("Planned Dates:Start Date");
        r.end = get("Planned Dates:End Date");
        r.actual_start = get("Actual Dates:Start Date");
        r.actual_end = get("Actual Dates:End Date");
        r.recipient = {get("Recipient Org:Identifier"), get("Recipient Org:Name")};
        if (!get("Funding Org:Identifier").empty()) r.funders.push_back({get("Funding Org:Identifier"), get("Funding Org:Name")});
        r.programme = get("Grant Programme:Title");
        if (r.programme.empty()) r.programme = get("Grant Programme:Code");
        for (const std::string prefix : {"Beneficiary Location:", "Beneficiary Location:0:"}) {
            // The standard's column titles of a Location's fields.
            static const std::map<std::string, std::string> title{
                {"id", "Identifier"},        {"name", "Name"},         {"description", "Description"},  {"countryCode", "Country Code"},
                {"latitude", "Latitude"},    {"longitude", "Longitude"}, {"geoCode", "Geographic Code"}, {"geoCodeType", "Geographic Code Type"}};
            auto st = beneficiary_site([&](const char* key) { return get((prefix + title.at(key)).c_str()); }, [&](const std::string& why) {
                b.report({severity::error, r.at(prefix + std::string("Latitude")), why, clip_value(r.id), not_kept("location point")});
            });
            if (st) r.locations.push_back(std::move(*st));
        }
        b.add(std::move(r));
    }
    read_result r = b.finish();
    r.kind = "360giving-csv";
    return r;
}

namespace {

/// amountDisbursed: a grant's disbursements added up, when they share one currency (the award's,
/// where there is one); the 360Giving reader makes one such transaction of it.
std::optional<money> disbursed_total(const transaction_store& tx, const transaction_store::grouping& by_grant, std::size_t gi,
                                     const std::optional<money>& award) {
    std::optional<money> sum;
    for (std::size_t k = by_grant.offsets[gi]; k < by_grant.offsets[gi + 1]; ++k) {
        const auto r = by_grant.rows[k];
        if (tx.kind(r) != transaction_kind::disbursement) continue;
        const money m = tx.amount(r);
        if (!sum) sum = m;
        else if (sum->currency_of() == m.currency_of()) *sum += m;
        else return std::nullopt;
    }
    if (sum && award && sum->currency_of() != award->currency_of()) return std::nullopt;
    return sum;
}

}  // namespace

namespace {

/// A date field that names one day in another form than YYYY-MM-DD, rewritten as that day.
void in_standard_form(json& v) {
    if (!v.is_string()) return;
    const std::string text = v.get<std::string>();
    const bool iso = text.size() >= 10 && text[4] == '-' && text[7] == '-';
    if (iso) return;
    if (auto d = standard_date(text); d && d->first() == d->last()) v = format_date(d->first());
}

/// The fields write_360giving writes from a grant, in its order, each with the group of the
/// grant's fields it comes from: a group changed since reading is written from the fields.
enum class group { id, title, description, money, planned, actual, recipient, funders, sites, programme };
struct typed_key {
    const char* key;
    group from;
};
constexpr typed_key typed_keys[] = {
    {"id", group::id},          {"title", group::title},          {"description", group::description},
    {"currency", group::money}, {"amountAwarded", group::money},   {"amountDisbursed", group::money},
    {"awardDate", group::money}, {"plannedDates", group::planned}, {"actualDates", group::actual},
    {"recipientOrganization", group::recipient},
    {"fundingOrganization", group::funders}, {"beneficiaryLocation", group::sites}, {"grantProgramme", group::programme}};

const typed_key* typed(std::string_view key) {
    for (const auto& k : typed_keys)
        if (key == k.key) return &k;
    return nullptr;
}

/// A grant's 360Giving record, and which groups of its fields were changed since it was read.
struct record_use {
    detail::json_tree<json> tree;
    bool usable = false;
    bool donor_funds = false;  ///< the record names the programme's donor among its funders
    std::set<group> stale;
};

void use_record(record_use& u, const grant& g, const std::vector<transaction>& rows, const program& p) {
    if (g.source.format != "360giving") return;
    try {
        detail::parse_bounded(g.source.text, "record", u.tree, detail::json_dom_limits{});
    } catch (const error&) {
        return;
    }
    if (!u.tree.root.is_object()) return;
    // The record read again as the reader reads it, with this programme's donor.
    builder b("record", giving360_options{});
    b.set_donor(p.donor);
    raw_grant raw = raw_of(u.tree.root, "", "record");
    u.donor_funds = std::any_of(raw.funders.begin(), raw.funders.end(), [&](const raw_org& f) { return f.id == p.donor; });
    b.add(std::move(raw));
    read_result again = b.finish();
    if (again.program.grants().size() != 1) return;
    u.usable = true;
    const grant& r = again.program.grants()[0];
    auto stale_unless = [&](bool same, group k) {
        if (!same) u.stale.insert(k);
    };
    stale_unless(r.id == g.id || (g.id.rfind('#', 0) == 0 && r.id.rfind('#', 0) == 0), group::id);
    stale_unless(r.title == g.title, group::title);
    stale_unless(r.description == g.description, group::description);
    stale_unless(r.award == g.award && again.program.transactions_of(r.id) == rows, group::money);
    stale_unless(r.planned == g.planned, group::planned);
    stale_unless(r.actual_start == g.actual_start && r.actual_end == g.actual_end, group::actual);
    stale_unless(r.grantee == g.grantee, group::recipient);
    stale_unless(r.co_funders == g.co_funders && r.participants == g.participants, group::funders);
    stale_unless(r.sites == g.sites && r.sites_as_written == g.sites_as_written, group::sites);
    const phase* mine = p.phase_by_number(g.phase);
    const phase* theirs = again.program.phase_by_number(r.phase);
    stale_unless((mine ? mine->name : std::string()) == (theirs ? theirs->name : std::string()), group::programme);
}

}  // namespace

bool org_identifier_form(std::string_view id) {
    if (id.rfind("360G-", 0) == 0) return id.size() > 5;
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (id.size() < 4 || !upper(id[0]) || !upper(id[1]) || id[2] != '-') return false;
    std::size_t k = 3;
    while (k < id.size() && (upper(id[k]) || digit(id[k]))) ++k;
    return k > 3 && (k == id.size() || id[k] == '-');
}

void write_360giving(std::ostream& out, const program& p, const giving360_write_options& options) {
    if (!options.prefix.empty() &&
        (options.prefix.rfind("360G-", 0) != 0 || options.prefix.size() == 5 || options.prefix.find_first_of(" \t\r\n") != std::string::npos))
        throw invalid_argument(quote_value(options.prefix) + " is not a 360Giving prefix: it begins with 360G- and has no blank (\"360G-caaht\")");
    // Ids written from the programme's fields, with the publisher's prefix where they lack one.
    auto grant_id = [&](const std::string& id) {
        return options.prefix.empty() || id.rfind("360G-", 0) == 0 ? id : options.prefix + "-" + id;
    };
    auto org_id = [&](const std::string& id) {
        return options.prefix.empty() || org_identifier_form(id) ? id : options.prefix + "-" + id;
    };
    // Written by hand: amounts go out as their exact decimal text, which a JSON library would
    // first turn into a binary float.
    auto str = [](const std::string& v) { return json(v).dump(); };
    const auto& tx = p.transactions();
    const auto by_grant = tx.by_grant(p.grants().size());
    const organization* donor = p.donor.empty() ? nullptr : p.find_organization(p.donor);
    auto org = [&](const std::string& id) {
        const organization* o = p.find_organization(id);
        return "{\"id\": " + str(org_id(id)) + ", \"name\": " + str(o ? o->name : id) + "}";
    };
    out << "{\n  \"grants\": [";
    for (std::size_t gi = 0; gi < p.grants().size(); ++gi) {
        const grant& g = p.grants()[gi];
        std::vector<transaction> rows;
        for (std::size_t k = by_grant.offsets[gi]; k < by_grant.offsets[gi + 1]; ++k) rows.push_back(tx.at(by_grant.rows[k]));
        record_use record;
        use_record(record, g, rows, p);
        const std::optional<money> disbursed = disbursed_total(tx, by_grant, gi, g.award);
        // Each field from the grant's fields; empty: not written (what is unknown is left out).
        auto from_fields = [&](std::string_view key) -> std::string {
            if (key == "id") return str(grant_id(g.id));
            if (key == "title") return str(g.title);  // empty when unknown: the id is not a title
            if (key == "description") return g.description.empty() ? "" : str(g.description);
            if (key == "currency") {
                const std::optional<currency> written = g.award ? std::optional(g.award->currency_of())
                                                      : disbursed ? std::optional(disbursed->currency_of()) : std::nullopt;
                return written ? str(std::string(written->code())) : "";
            }
            if (key == "amountAwarded") return g.award ? g.award->amount().to_string() : "";
            if (key == "amountDisbursed") return disbursed ? disbursed->amount().to_string() : "";
            if (key == "awardDate") {
                for (const auto& t : rows)
                    if (t.kind == transaction_kind::commitment) return str(format_date(t.value_date));
                return "";
            }
            if (key == "plannedDates")
                return g.planned ? "[{\"startDate\": " + str(format_date(g.planned->first())) + ", \"endDate\": " +
                                       str(format_date(g.planned->last())) + "}]"
                                 : "";
            if (key == "actualDates") {
                // Either day alone where only one is known (a listing's early closure states its end).
                std::string event;
                if (g.actual_start) event = "\"startDate\": " + str(format_date(*g.actual_start));
                if (g.actual_end) event += (event.empty() ? "" : ", ") + std::string("\"endDate\": ") + str(format_date(*g.actual_end));
                return event.empty() ? "" : "[{" + event + "}]";
            }
            if (key == "recipientOrganization") return g.grantee.empty() ? "" : "[" + org(g.grantee) + "]";
            if (key == "fundingOrganization") {
                std::vector<std::string> funders;
                // The grant's own funders (a package's, an IATI activity's role 1) while its co-funders
                // are still those others than the donor; else the programme's donor funds a grant
                // read elsewhere, and a record's funders are its own.
                std::vector<std::string> others;
                for (const auto& pt : g.participants)
                    if (pt.role == participant_role::funding) {
                        funders.push_back(pt.org);
                        if (pt.org != p.donor) others.push_back(pt.org);
                    }
                if (funders.empty() || others != g.co_funders) {
                    funders.clear();
                    if (donor && !record.usable) funders.push_back(donor->id);
                    for (const auto& f : g.co_funders) funders.push_back(f);
                    if (record.usable && donor && record.donor_funds) funders.insert(funders.begin(), donor->id);
                }
                std::string text;
                for (const auto& f : funders) text += (text.empty() ? "[" : ", ") + org(f);
                return text.empty() ? "" : text + "]";
            }
            if (key == "beneficiaryLocation") {
                std::string text;
                for (const auto& s : g.sites) {
                    const place* pl = p.place_of(s);
                    const location_detail& d = *s.detail;
                    std::string fields;
                    auto add = [&](const char* key, const std::string& value) { fields += (fields.empty() ? "" : ", ") + std::string("\"") + key + "\": " + value; };
                    if (!d.ref.empty()) add("id", str(d.ref));
                    if (pl || !s.as_written.empty()) add("name", str(pl ? pl->name : s.as_written));
                    if (!s.note.empty()) add("description", str(s.note));
                    if (!d.country.empty() || !p.country.empty()) add("countryCode", str(d.country.empty() ? p.country : d.country));
                    if (d.point) add("latitude", d.point->latitude.to_string()), add("longitude", d.point->longitude.to_string());
                    // A 360Giving geoCode; IATI's administrative vocabularies are not geoCodeTypes.
                    if (g.source.format != "iati" && !d.administrative.empty()) {
                        if (!d.administrative[0].code.empty()) add("geoCode", str(d.administrative[0].code));
                        if (!d.administrative[0].vocabulary.empty()) add("geoCodeType", str(d.administrative[0].vocabulary));
                    } else if (pl && pl->code.find('-') != std::string::npos) {
                        // The gazetteer's ISO 3166-2 code (a country's own code is its countryCode).
                        add("geoCode", str(pl->code));
                    }
                    text += (text.empty() ? "[{" : ", {") + fields + "}";
                }
                // Recipient countries (IATI's), by their code: 360Giving's countryCode is ISO 3166-1 too.
                for (const auto& c : g.recipient_countries) text += (text.empty() ? "[" : ", ") + std::string("{\"countryCode\": ") + str(c.code) + "}";
                return text.empty() ? "" : text + "]";
            }
            if (key == "grantProgramme") {
                const phase* ph = p.phase_by_number(g.phase);
                return ph && !ph->name.empty() ? "[{\"code\": " + str(std::to_string(ph->number)) + ", \"title\": " + str(ph->name) + "}]" : "";
            }
            return "";
        };
        std::vector<std::pair<std::string, std::string>> fields;
        if (record.usable) {
            // The record's fields as read, but those of a changed group from the grant's fields.
            for (const auto& [key, value] : record.tree.root.items()) {
                const typed_key* t = typed(key);
                if (t && record.stale.count(t->from)) continue;
                if (key == "awardDate" || key == "plannedDates" || key == "actualDates") {
                    // A day written otherwise than the schema's YYYY-MM-DD ("05/06/2014") is written
                    // as that same day in the schema's form; partial dates ("2014") stay as read.
                    json dates = value;
                    if (key == "awardDate") in_standard_form(dates);
                    else if (dates.is_array())
                        for (auto& d : dates)
                            if (d.is_object()) {
                                if (d.contains("startDate")) in_standard_form(d["startDate"]);
                                if (d.contains("endDate")) in_standard_form(d["endDate"]);
                            }
                    fields.emplace_back(key, raw_json(dates));
                    continue;
                }
                fields.emplace_back(key, raw_json(value));
            }
            for (const auto& t : typed_keys)
                if (record.stale.count(t.from))
                    if (std::string v = from_fields(t.key); !v.empty()) fields.emplace_back(t.key, std::move(v));
        } else {
            for (const auto& t : typed_keys)
                if (std::string v = from_fields(t.key); !v.empty() || std::string_view(t.key) == "title") fields.emplace_back(t.key, std::move(v));
        }
        out << (gi ? "," : "") << "\n    {";
        for (std::size_t f = 0; f < fields.size(); ++f)
            out << (f ? "," : "") << "\n      " << str(fields[f].first) << ": " << fields[f].second;
        out << "\n    }";
    }
    out << "\n  ]\n}\n";
}

std::vector<giving360_gap> giving360_gaps(const program& p) {
    // The same tests as write_360giving makes before writing each field.
    const auto& tx = p.transactions();
    const auto by_grant = tx.by_grant(p.grants().size());
    std::vector<bool> committed(p.grants().size(), false);
    for (std::size_t r = 0; r < tx.size(); ++r)
        if (tx.kind(r) == transaction_kind::commitment) committed[tx.grant_of(r)] = true;
    const bool donor = !p.donor.empty() && p.find_organization(p.donor);
    std::vector<giving360_gap> gaps;
    for (std::size_t gi = 0; gi < p.grants().size(); ++gi) {
        const grant& g = p.grants()[gi];
        giving360_gap gap{g.id, {}};
        record_use record;
        if (!g.source.empty()) {
            std::vector<transaction> rows;
            for (std::size_t k = by_grant.offsets[gi]; k < by_grant.offsets[gi + 1]; ++k) rows.push_back(tx.at(by_grant.rows[k]));
            use_record(record, g, rows, p);
        }
        // A field written as read is there when the record has it (a recipient may be an individual).
        auto lacks = [&](const char* key, bool from_fields, std::initializer_list<const char*> record_keys) {
            const typed_key* t = typed(key);
            if (record.usable && !record.stale.count(t->from))
                return std::none_of(record_keys.begin(), record_keys.end(), [&](const char* k) { return record.tree.root.contains(k); });
            return from_fields;
        };
        if (lacks("description", g.description.empty(), {"description"})) gap.fields.push_back("description");
        if (lacks("currency", !g.award && !disbursed_total(tx, by_grant, gi, g.award), {"currency"})) gap.fields.push_back("currency");
        if (lacks("amountAwarded", !g.award, {"amountAwarded"})) gap.fields.push_back("amountAwarded");
        if (lacks("awardDate", !committed[gi], {"awardDate"})) gap.fields.push_back("awardDate");
        if (lacks("recipientOrganization", g.grantee.empty(), {"recipientOrganization", "recipientIndividual"}))
            gap.fields.push_back("recipientOrganization");
        if (lacks("fundingOrganization", !donor && g.co_funders.empty(), {"fundingOrganization"})) gap.fields.push_back("fundingOrganization");
        if (!gap.fields.empty()) gaps.push_back(std::move(gap));
    }
    return gaps;
}

bool looks_like_360giving(std::string_view text) { return detect_source(text) == source_format::giving360_json; }

bool looks_like_360giving_csv(std::string_view text) { return detect_source(text) == source_format::giving360_csv; }

}  // namespace grantfolio::io
