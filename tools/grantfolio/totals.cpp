// grantfolio totals: transactions converted at their value dates and summed per group.
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>

#include "grantfolio/io/csv.hpp"
#include "grantfolio/grouped_totals.hpp"
#include "grantfolio/query.hpp"
#include "checks.hpp"
#include "commands.hpp"
#include "source.hpp"

namespace grantfolio::cli {

namespace {

using json = nlohmann::ordered_json;

struct totals_options {
    source_options source;
    std::string to = "USD", by = "grant", kind = "disbursement", missing = "raise", rates, format = "text", split = "full";
    std::optional<int> max_age;
    unsigned threads = 0;
};

int run_totals(const totals_options& o, io_streams io) {
    if (!currency(o.to).minor_unit())
        throw invalid_argument(o.to + ": it has no minor unit in ISO 4217, and totals are summed in minor units; "
                               "convert one amount with 'grantfolio convert ... --scale N' instead");
    loaded src = load_source(o.source, io.err);
    rate_table loaded_rates;
    const rate_table& rates = rates_for(o.rates, loaded_rates);
    const auto policy = missing_rate_policy::parse(o.missing, o.max_age);
    auto t = query::converted_totals_by(src.program, query::parse_group_by(o.by), rates, currency(o.to),
                                        parse_transaction_kind(o.kind), policy, o.threads, query::parse_split_mode(o.split));
    // How grants that name several groups were counted, as the output says it.
    json split = {{"mode", o.split}};
    if (t.split == query::split_mode::weighted)
        split["grants_split_by_percentage"] = t.split_by_percentage, split["grants_split_equally"] = t.split_equally;
    json methods = json::object();
    for (auto m : {conversion_method::identity, conversion_method::direct, conversion_method::inverse, conversion_method::chain,
                   conversion_method::last_known, conversion_method::interpolated})
        methods[to_string(m)] = t.methods.count(m);
    // Groups of organisations also carry the organisation's name.
    const bool orgs = o.by == "publisher" || o.by == "funder" || o.by == "recipient";
    auto name_of = [&](const std::string& key) {
        const organization* org = src.program.find_organization(key);
        return org ? org->name : std::string();
    };
    if (o.format == "json") {
        json groups = json::array();
        for (const auto& g : t.groups) {
            json j = {{o.by, g.key}, {"total", g.total.amount().to_string()}, {"transactions", g.transactions}};
            if (orgs) j["name"] = name_of(g.key).empty() ? json() : json(name_of(g.key));
            groups.push_back(std::move(j));
        }
        io.out << json{{"source", src.program.source}, {"currency", o.to}, {"by", o.by}, {"kind", o.kind},
                       {"missing", to_string(policy.what)}, {"split", split}, {"methods", methods}, {"groups", groups}}.dump(2) << '\n';
    } else if (o.format == "csv") {
        io::csv_writer csv(io.out);
        if (orgs) csv.record({o.by, "name", "total", "currency", "transactions"});
        else csv.record({o.by, "total", "currency", "transactions"});
        for (const auto& g : t.groups) {
            csv.text(g.key);
            if (orgs) csv.text(name_of(g.key));
            csv.field(g.total.amount().to_string()).field(o.to).field(std::to_string(g.transactions)).end_record();
        }
    } else {
        std::size_t n = 0;
        for (auto c : t.methods.by_method) n += c;
        for (const auto& g : t.groups) {
            const std::string name = orgs ? name_of(g.key) : std::string();
            io.out << g.key << (name.empty() || name == g.key ? "" : " (" + name + ")") << '\t' << g.total.to_string() << '\t' << g.transactions << '\n';
        }
        io.out << t.groups.size() << " groups by " << o.by << " (total, then transactions); " << n << " " << o.kind
               << " transactions converted to " << o.to << " at their value dates, missing rates: " << to_string(policy.what)
               << "; methods: " << methods.dump() << '\n';
        using query::group_by;
        if (t.by != group_by::grant && t.by != group_by::phase && t.by != group_by::year && t.by != group_by::fiscal_year) {
            if (t.split == query::split_mode::full) io.out << "a grant naming several groups counts whole in each (--split full)\n";
            else
                io.out << "split: " << t.split_by_percentage << " grants by their source's percentages, " << t.split_equally
                       << " in equal shares (no percentages given); groups add up to the total\n";
        }
    }
    return 0;
}

}  // namespace

std::function<int(io_streams)> add_totals(CLI::App& app) {
    auto o = std::make_shared<totals_options>();
    std::vector<std::string> groupings;
    for (auto g : query::all_group_bys) groupings.push_back(query::to_string(g));
    auto* cmd = app.add_subcommand("totals", "Transactions converted at their value dates and summed per grant, phase, qark, year, "
                                             "US fiscal year, publisher, funder, recipient, country, region or sector");
    add_source_options(cmd, o->source);
    cmd->add_option("--to", o->to, "Target currency (default USD)");
    cmd->add_option("--by", o->by,
                    "Group by grant, phase, qark, year or fiscal-year (the US federal fiscal year of the value date: FY2006 is "
                    "2005-10-01 to 2006-09-30), or by what the grants state: publisher, funder, recipient, country, region, "
                    "sector (grants naming none are 'unstated'); qarqe and what the grants state can name several groups "
                    "per grant: see --split")
        ->check(CLI::IsMember(groupings));
    std::vector<std::string> kinds;
    for (auto k : all_transaction_kinds) kinds.push_back(to_string(k));
    cmd->add_option("--kind", o->kind, "Transaction kind (default disbursement; IATI types too, e.g. incoming-funds)")
        ->check(CLI::IsMember(kinds));
    cmd->add_option("--split", o->split,
                    "A grant that names several groups (qarqe, countries, regions, sectors, funders): full counts it whole in "
                    "each (default); weighted splits each amount by the source's percentages, in equal shares where it gives "
                    "none, to the minor unit, so that the groups add up to the total")
        ->check(CLI::IsMember({"full", "weighted"}));
    cmd->add_option("--missing", o->missing, "When no rate holds on a value date: raise (default), last-known or interpolate")
        ->check(CLI::IsMember({"raise", "last-known", "interpolate"}));
    cmd->add_option("--max-age", o->max_age, "With last-known: the oldest rate accepted, in days (0 or more)")
        ->check(whole_number_check(std::numeric_limits<int>::max()));
    cmd->add_option("--rates", o->rates, "Rates file; default: the embedded IMF table");
    cmd->add_option("--threads", o->threads, "Threads (0: one per core)")->check(whole_number_check(1024));
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json", "csv"}));
    return [o](io_streams io) { return run_totals(*o, io); };
}

}  // namespace grantfolio::cli
