// grantfolio convert AMOUNT FROM TO --on DATE: one exact, dated conversion and how it was made.
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>

#include "checks.hpp"
#include "commands.hpp"
#include "grantfolio/io/rates.hpp"
#include "grantfolio/rate_table.hpp"

namespace grantfolio::cli {

namespace {

struct convert_options {
    std::string amount, from, to, on, rates, missing = "raise", format = "text", amount_format, rounding = "half-even",
                                                round_input;
    std::optional<int> max_age, scale;
    bool explain = false;
};

rounding_mode parse_rounding(const std::string& s) {
    for (auto m : {rounding_mode::half_even, rounding_mode::half_up, rounding_mode::down, rounding_mode::up})
        if (s == to_string(m)) return m;
    throw invalid_argument("unknown rounding mode '" + s + "' (expected half-even, half-up, down or up)");
}

decimal parse_cli_amount(const std::string& text, const std::string& format) {
    if (format == "plain") return parse_amount(text, amount_format::plain());
    if (format == "english") return parse_amount(text, amount_format::english());
    if (format == "albanian") return parse_amount(text, amount_format::albanian());
    const amount_format all[] = {amount_format::plain(), amount_format::english(), amount_format::albanian()};
    return parse_amount(text, all);  // refuses text that two formats read differently
}

nlohmann::ordered_json rate_json(const exchange_rate& r) {
    nlohmann::ordered_json j;
    j["base"] = std::string(r.base().code());
    j["quote"] = std::string(r.quote().code());
    j["rate"] = r.value().to_string();
    j["valid_from"] = format_date(r.valid().from());
    j["valid_to"] = r.valid().to() ? nlohmann::ordered_json(format_date(*r.valid().to())) : nlohmann::ordered_json();
    j["source"] = r.source();
    return j;
}

int run(const convert_options& o, io_streams io) {
    date on = parse_date(o.on);
    currency from(o.from), to(o.to);
    decimal amount = parse_cli_amount(o.amount, o.amount_format);
    money input(amount, from);
    if (!input.is_rounded()) {
        if (o.round_input.empty())
            throw parse_error("'" + o.amount + "' has more decimals than " + o.from + " allows (" +
                              std::to_string(*from.minor_unit()) + "); pass --round-input MODE to accept it");
        input = input.rounded(parse_rounding(o.round_input));
    }
    if (!to.minor_unit() && !o.scale)
        throw invalid_argument(o.to + " has no minor unit in ISO 4217: say how many decimals the result should have with --scale N");
    const auto policy = missing_rate_policy::parse(o.missing, o.max_age);
    rate_table loaded;
    if (!o.rates.empty()) loaded = io::read_rates_file(o.rates);
    const rate_table& table = o.rates.empty() ? io::imf_annual() : loaded;
    conversion c = table.convert(input, to, on, policy, parse_rounding(o.rounding), o.scale);

    if (o.format == "json") {
        nlohmann::ordered_json j;
        j["amount"] = c.result.amount().to_string();
        j["currency"] = std::string(to.code());
        j["from"] = {{"amount", input.amount().to_string()}, {"currency", std::string(from.code())}};
        j["on"] = format_date(on);
        j["method"] = to_string(c.quote.method);
        j["rounding"] = to_string(c.rounding);
        j["factor"] = c.quote.factor.to_string(20);
        auto rates = nlohmann::ordered_json::array();
        for (const auto& leg : c.quote.legs) {
            auto r = rate_json(leg.rate);
            r["inverted"] = leg.inverted;
            r["how"] = to_string(leg.how);
            if (leg.later) r["later"] = rate_json(*leg.later);
            rates.push_back(std::move(r));
        }
        j["rates"] = std::move(rates);
        io.out << j.dump(2) << '\n';
        return 0;
    }
    // Everything is put together first, so that a failure leaves nothing half printed.
    std::ostringstream text;
    text << c.result.to_string() << '\n';
    if (o.explain) {
        text << "method: " << to_string(c.quote.method) << ", rounding: " << to_string(c.rounding)
             << ", factor: " << c.quote.factor.to_string(20) << '\n';
        for (const auto& leg : c.quote.legs) {
            text << "  " << (leg.inverted ? "1 / " : "") << to_string(leg.rate) << " (" << to_string(leg.how)
                 << "; " << leg.rate.source() << ")\n";
            if (leg.later) text << "  and " << to_string(*leg.later) << " (" << leg.later->source() << ")\n";
        }
    }
    io.out << text.str();
    return 0;
}

}  // namespace

std::function<int(io_streams)> add_convert(CLI::App& app) {
    auto o = std::make_shared<convert_options>();
    auto* cmd = app.add_subcommand("convert", "Convert an amount between currencies at the rate of a day");
    cmd->add_option("AMOUNT", o->amount, "Amount, e.g. 2097624, 2,097,624 or 209.762.381")->required();
    cmd->add_option("FROM", o->from, "ISO 4217 code of the amount")->required();
    cmd->add_option("TO", o->to, "ISO 4217 code to convert to")->required();
    cmd->add_option("--on", o->on, "Value date, YYYY-MM-DD")->required()->check(iso_date_check());
    cmd->add_option("--rates", o->rates, "Rates file (grantfolio CSV or IMF annual CSV); default: the embedded IMF table");
    cmd->add_option("--missing", o->missing, "When no rate holds on the day")
        ->check(CLI::IsMember({"raise", "last-known", "interpolate"}));
    cmd->add_option("--max-age", o->max_age, "With --missing last-known: oldest rate accepted, in days (0 or more)")
        ->check(whole_number_check(std::numeric_limits<int>::max()));
    cmd->add_option("--scale", o->scale,
                    "Decimals of the result; needed for a target without a minor unit (XAU, XDR, ...), "
                    "default: the target's minor unit")
        ->check(whole_number_check(decimal::max_scale));
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--amount-format", o->amount_format,
                    "How AMOUNT is written; default: any format that reads it unambiguously")
        ->check(CLI::IsMember({"plain", "english", "albanian"}));
    cmd->add_option("--rounding", o->rounding, "Rounding of the result")
        ->check(CLI::IsMember({"half-even", "half-up", "down", "up"}));
    cmd->add_option("--round-input", o->round_input, "Accept an AMOUNT with too many decimals, rounding it so")
        ->check(CLI::IsMember({"half-even", "half-up", "down", "up"}));
    cmd->add_flag("--explain", o->explain, "Also print the method and every rate used, with its source");
    return [o](io_streams io) { return run(*o, io); };
}

}  // namespace grantfolio::cli
