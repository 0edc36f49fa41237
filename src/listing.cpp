// The listing reader: labelled grant records in Albanian or English, wrapped and paginated.
#include "grantfolio/io/listing.hpp"

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "grantfolio/text.hpp"

namespace grantfolio::io {

namespace {

// ---------------------------------------------------------------------------------------------
// Words of the two languages.

constexpr std::array<std::array<const char*, 3>, 12> month_names{{
    {"janar", "january", "jan"},     {"shkurt", "february", "feb"}, {"mars", "march", "mar"},
    {"prill", "april", "apr"},       {"maj", "may", "may"},         {"qershor", "june", "jun"},
    {"korrik", "july", "jul"},       {"gusht", "august", "aug"},    {"shtator", "september", "sep"},
    {"tetor", "october", "oct"},     {"nëntor", "november", "nov"}, {"dhjetor", "december", "dec"},
}};

int month_number(std::string_view word) {
    std::string w = text::fold_case(word);
    while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
    for (std::size_t m = 0; m < month_names.size(); ++m)
        for (const char* n : month_names[m])
            if (w == n) return static_cast<int>(m) + 1;
    // Albanian definite forms: "janari", "shkurti", "nëntorit"...
    for (std::size_t m = 0; m < month_names.size(); ++m) {
        std::string n = month_names[m][0];
        if (w.size() > n.size() && w.compare(0, n.size(), n) == 0 && w.size() - n.size() <= 3) return static_cast<int>(m) + 1;
    }
    return 0;
}

enum class field { none, title, sites, duration, ngo, description };

struct label {
    const char* text;
    field f;
    const char* language;
};

constexpr std::array<label, 11> labels{{
    {"titulli i projektit", field::title, "sq"},
    {"vendet e zbatimit", field::sites, "sq"},
    {"vendi i zbatimit", field::sites, "sq"},
    {"kohëzgjatja", field::duration, "sq"},
    {"ojq-ja", field::ngo, "sq"},
    {"project title", field::title, "en"},
    {"implementation sites", field::sites, "en"},
    {"implementation site", field::sites, "en"},
    {"duration", field::duration, "en"},
    {"ngo", field::ngo, "en"},
    {"grantee", field::ngo, "en"},
}};

const char* field_name(field f) {
    switch (f) {
        case field::title: return "title";
        case field::sites: return "sites";
        case field::duration: return "duration";
        case field::ngo: return "ngo";
        case field::description: return "description";
        case field::none: return "";
    }
    return "";
}

std::string trim(std::string_view s) {
    std::size_t a = 0, b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
    return std::string(s.substr(a, b - a));
}

std::size_t utf8_column(std::string_view line, std::size_t byte) {
    std::size_t col = 1;
    for (std::size_t i = 0; i < byte && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
    return col;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ' ' || c == ',' ) {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

int year_of(const std::string& w) {
    if (!all_digits(w)) throw parse_error(quote_value(w) + " is not a year");
    if (w.size() > 4) throw parse_error("year '" + w.substr(0, 24) + (w.size() > 24 ? "…" : "") + "' has " +
                                        std::to_string(w.size()) + " digits");
    int y = std::stoi(w);
    if (y < min_year || y > max_year) throw parse_error("year " + w + " is out of range");
    return y;
}

date day_month_year(const std::string& d, const std::string& m, int y) {
    if (!all_digits(d) || d.size() > 2) throw parse_error(quote_value(d) + " is not a day of the month");
    int month = month_number(m);
    if (!month) throw parse_error(quote_value(m) + " is not a month name");
    date r{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(month)),
           std::chrono::day(static_cast<unsigned>(std::stoi(d)))};
    if (!r.ok()) throw parse_error(d + " " + m + " " + std::to_string(y) + " is not a calendar date");
    return r;
}

// ---------------------------------------------------------------------------------------------
// Lines.

struct line {
    std::size_t number;
    std::string text;  // NFC, tabs as spaces, no line break
};

std::vector<line> split_lines(std::string_view raw, const std::string& name, const reader_limits& limits) {
    if (raw.size() > limits.max_bytes)
        throw parse_error("listing exceeds the byte cap of " + std::to_string(limits.max_bytes),
                          parse_error::location{name, 0, 0, {}});
    if (raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
    // NUL bytes and over-long lines first (with their positions), then NFC once for the whole text.
    {
        std::size_t n = 1, start = 0;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '\0')
                throw parse_error("NUL byte: this is not a text listing",
                                  parse_error::location{name, n, utf8_column(raw.substr(start), i - start), {}});
            if (raw[i] == '\n') {
                if (i - start > limits.max_line_length)
                    throw parse_error("line longer than the cap of " + std::to_string(limits.max_line_length) + " bytes",
                                      parse_error::location{name, n, 0, {}});
                ++n;
                start = i + 1;
            }
        }
        if (raw.size() - start > limits.max_line_length)
            throw parse_error("line longer than the cap of " + std::to_string(limits.max_line_length) + " bytes",
                              parse_error::location{name, n, 0, {}});
    }
    std::string normalized;
    try {
        normalized = text::nfc(raw);
    } catch (const parse_error&) {
        // Find the line that is not UTF-8, to say where.
        std::size_t n = 1, start = 0;
        for (std::size_t i = 0; i <= raw.size(); ++i)
            if (i == raw.size() || raw[i] == '\n') {
                try {
                    text::nfc(raw.substr(start, i - start));
                } catch (const parse_error&) {
                    throw parse_error("text is not valid UTF-8", parse_error::location{name, n, 0, {}});
                }
                ++n;
                start = i + 1;
            }
        throw;
    }
    raw = normalized;
    std::vector<line> out;
    std::size_t n = 1, start = 0;
    for (std::size_t i = 0; i <= raw.size(); ++i) {
        if (i < raw.size() && raw[i] == '\0')
            throw parse_error("NUL byte: this is not a text listing",
                              parse_error::location{name, n, utf8_column(raw.substr(start), i - start), {}});
        if (i == raw.size() || raw[i] == '\n' || raw[i] == '\r') {
            std::string_view piece = raw.substr(start, i - start);
            if (piece.size() > limits.max_line_length)
                throw parse_error("line longer than the cap of " + std::to_string(limits.max_line_length) + " bytes",
                                  parse_error::location{name, n, 0, {}});
            std::string t(piece);
            std::replace(t.begin(), t.end(), '\t', ' ');
            if (i < raw.size() || !t.empty() || out.empty()) out.push_back({n, std::move(t)});
            if (i < raw.size() && raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
            ++n;
            start = i + 1;
            if (out.size() > limits.max_records * 64)
                throw parse_error("more lines than the cap allows", parse_error::location{name, n, 0, {}});
        }
    }
    return out;
}

bool is_rule(const std::string& t) {
    // "______" alone, or a running header framed by underscores.
    std::string s = trim(t);
    return s.size() >= 6 && s.compare(0, 3, "___") == 0 && s.compare(s.size() - 3, 3, "___") == 0;
}

// "Të Gjitha Grantet e Dhëna të KVKTNj Rishikuar 10 Maj 2006 faqe 2 nga 9" / "... Revised 10 May 2006 page 2 of 9"
/// Whether s holds `word` (lower-case ASCII) in any case: a cheap filter before Unicode folding.
bool contains_ascii_nocase(const std::string& s, const char* word) {
    const std::size_t n = std::strlen(word);
    const char first = word[0], first_upper = static_cast<char>(first - 32);
    for (std::size_t i = 0; i + n <= s.size(); ++i) {
        if (s[i] != first && s[i] != first_upper) continue;
        std::size_t k = 1;
        while (k < n && (s[i + k] | 0x20) == word[k]) ++k;
        if (k == n) return true;
    }
    return false;
}

std::optional<date> footer_date(const std::string& t, bool& is_footer) {
    is_footer = false;
    if (!contains_ascii_nocase(t, "faqe") && !contains_ascii_nocase(t, "page") && !contains_ascii_nocase(t, "rishikuar") &&
        !contains_ascii_nocase(t, "revised"))
        return std::nullopt;
    std::string f = text::fold_case(t);
    static const std::regex page_of(R"((faqe|page) +[0-9]+ +(nga|of) +[0-9]+ *$)");
    bool paged = std::regex_search(f, page_of);
    auto at = f.find("rishikuar ");
    std::size_t skip = 10;
    if (at == std::string::npos) {
        at = f.find("revised ");
        skip = 8;
    }
    if (!paged && at == std::string::npos) return std::nullopt;
    if (!paged && f.size() > 160) return std::nullopt;
    is_footer = true;
    if (at == std::string::npos) return std::nullopt;
    auto w = words(f.substr(at + skip));
    if (w.size() < 3) return std::nullopt;
    try {
        return day_month_year(w[0], w[1], year_of(w[2]));
    } catch (const parse_error&) {
        return std::nullopt;
    }
}

// "Grantmarrësit e KVKTNj - Faza 1", "CAAHT Grantees - Phase 2": the phase number, or 0.
int phase_heading(const std::string& t, std::string& acronym) {
    std::string s = trim(t);
    if (s.size() > 120 || s.find(':') != std::string::npos) return 0;
    if (!contains_ascii_nocase(s, "faza") && !contains_ascii_nocase(s, "phase")) return 0;
    std::string f = text::fold_case(s);
    for (const char* word : {"faza ", "phase "}) {
        auto at = f.rfind(word);
        if (at == std::string::npos) continue;
        std::string rest = trim(f.substr(at + std::string(word).size()));
        if (!all_digits(rest) || rest.size() > 3) continue;
        for (const auto& w : words(s.substr(0, at))) {
            int upper = 0;
            for (char c : w) upper += (c >= 'A' && c <= 'Z');
            if (upper >= 3) {
                acronym = w;
                break;
            }
        }
        return std::stoi(rest);
    }
    return 0;
}

// The label at the start of a line, with the byte where its value starts.
std::optional<std::pair<const label*, std::size_t>> label_of(const std::string& t) {
    std::size_t a = 0;
    while (a < t.size() && t[a] == ' ') ++a;
    auto colon = t.find(':', a);
    if (colon == std::string::npos || colon - a > 40) return std::nullopt;
    std::string head = text::fold_case(trim(std::string_view(t).substr(a, colon - a)));
    for (const auto& l : labels)
        if (head == l.text) return std::make_pair(&l, colon + 1);
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Records.

struct value {
    std::string text;
    std::size_t line = 0, column = 0;
    bool seen = false;
    void append(const std::string& piece, std::size_t ln, std::size_t col) {
        std::string p = trim(piece);
        if (!seen) {
            seen = true;
            line = ln;
            column = col;
        }
        if (p.empty()) return;
        if (!text.empty()) text += ' ';
        text += p;
    }
};

struct record {
    value title, sites, duration, ngo;
    std::vector<std::string> description;
    std::size_t line = 0;
    int phase = 0;
    value* get(field f) {
        switch (f) {
            case field::title: return &title;
            case field::sites: return &sites;
            case field::duration: return &duration;
            case field::ngo: return &ngo;
            default: return nullptr;
        }
    }
};

int paren_balance(const std::string& s) {
    int b = 0;
    for (char c : s) b += c == '(' ? 1 : c == ')' ? -1 : 0;
    return b;
}

class reader {
public:
    reader(const std::string& name, const gazetteer& places, const listing_options& options)
        : name_(name), places_(places), place_names_(places), options_(options) {
        for (std::size_t i = 0; i < options.known_organizations.size(); ++i) {
            const organization& o = options.known_organizations[i];
            for (const auto& sp : o.spellings) known_keys_.emplace(text::match_key(sp), i);
            known_keys_.emplace(text::match_key(o.name), i);
        }
    }

    listing_result run(std::string_view raw);

private:
    void diag(severity s, std::size_t ln, std::size_t col, const std::string& fieldname, const std::string& msg,
              const std::string& subject = {}) {
        result_.diagnostics.push_back(diagnostic{s, parse_error::location{name_, ln, col, fieldname}, msg, subject});
    }
    void finish(record& r);
    void intro_line(const line& l);
    std::vector<site> resolve_sites(const value& v, const std::string& gid);
    std::string organization_for(const value& v, const std::string& gid);

    std::string name_;
    const gazetteer& places_;
    const place_names place_names_;
    const listing_options& options_;
    listing_result result_;
    std::string intro_;
    std::size_t intro_totals_line_ = 0;
    std::string language_ = "sq";
    std::string acronym_;
    std::map<std::string, std::string> org_by_key_;  // match_key(spelling) -> organization id
    std::map<std::string, std::size_t> known_keys_;  // match_key(known spelling or name) -> known organisation
    int grants_ = 0, orgs_ = 0;
};

void reader::intro_line(const line& l) {
    if (intro_.empty() && !trim(l.text).empty()) {
        result_.program.names.push_back({language_, trim(l.text), ""});  // the document title, for now
    }
    if (!intro_totals_line_ && l.text.find("US$") != std::string::npos) intro_totals_line_ = l.number;
    intro_ += l.text;
    intro_ += '\n';
}

std::string reader::organization_for(const value& v, const std::string& gid) {
    std::string written = v.text;
    if (written.empty()) {
        diag(severity::warning, v.line, v.column, "ngo", "no grantee named", gid);
        return {};
    }
    // "Name (ACRONYM)": a trailing parenthesis of one word with capitals is an acronym.
    std::string base = written;
    std::optional<std::string> acronym;
    if (!base.empty() && base.back() == ')') {
        auto open = base.rfind('(');
        if (open != std::string::npos) {
            std::string inside = trim(base.substr(open + 1, base.size() - open - 2));
            int upper = 0;
            for (char c : inside) upper += (c >= 'A' && c <= 'Z');
            if (inside.find(' ') == std::string::npos && upper >= 2 && inside.size() <= 16) {
                acronym = inside;
                base = trim(base.substr(0, open));
            }
        }
    }
    for (const auto* key_source : {&written, &base}) {
        auto it = org_by_key_.find(text::match_key(*key_source));
        if (it != org_by_key_.end()) {
            result_.program.update_organization(it->second, [&](organization& o) { o.add_spelling(written); });
            return it->second;
        }
    }
    auto known = known_keys_.find(text::match_key(written));
    if (known == known_keys_.end()) known = known_keys_.find(text::match_key(base));
    if (known != known_keys_.end()) {
        organization o = options_.known_organizations[known->second];
        o.spellings.clear();
        o.add_spelling(written);
        std::string id = o.id;
        if (!result_.program.find_organization(id)) result_.program.add_organization(std::move(o));
        else result_.program.update_organization(id, [&](organization& o) { o.add_spelling(written); });
        org_by_key_[text::match_key(written)] = id;
        return id;
    }
    organization o;
    char buf[16];
    std::snprintf(buf, sizeof buf, "org-%02d", ++orgs_);
    o.id = buf;
    o.name = base;
    o.acronym = acronym;
    o.add_spelling(written);
    org_by_key_[text::match_key(written)] = o.id;
    org_by_key_[text::match_key(base)] = o.id;
    result_.program.add_organization(o);
    return o.id;
}

// Words that say what level the next name is at.
std::optional<place_level> level_hint(const std::string& folded_word) {
    auto starts = [&](const char* p) { return folded_word.rfind(p, 0) == 0; };
    if (starts("prefektur") || starts("qark") || starts("prefecture") || starts("county") || starts("region"))
        return place_level::qark;
    if (starts("rreth") || starts("district")) return place_level::district;
    if (starts("bashki") || starts("municipalit")) return place_level::municipality;
    if (starts("komun") || starts("commune")) return place_level::commune;
    if (starts("periferi") || starts("outskirt") || starts("zon") || starts("area")) return place_level::area;
    return std::nullopt;
}

std::vector<site> reader::resolve_sites(const value& v, const std::string& gid) {
    std::vector<site> out;
    std::string all = v.text;
    if (all.empty()) {
        diag(severity::warning, v.line, v.column, "sites", "no implementation site given", gid);
        return out;
    }
    // Split on commas, semicolons and the conjunction; "X përfshirë zonat e A, B" names X and A, B.
    std::vector<std::string> parts;
    {
        std::string cur;
        auto flush = [&] {
            std::string t = trim(cur);
            if (!t.empty()) parts.push_back(t);
            cur.clear();
        };
        std::istringstream in(all);
        std::string w;
        while (in >> w) {
            std::string f = text::fold_case(w);
            if (f == "dhe" || f == "and" || f == "&") {
                flush();
                continue;
            }
            if (f == "përfshirë" || f == "including" || f == "perfshire") {
                flush();
                continue;
            }
            bool cut = !w.empty() && (w.back() == ',' || w.back() == ';');
            if (cut) w.pop_back();
            cur += (cur.empty() ? "" : " ") + w;
            if (cut) flush();
        }
        flush();
    }
    std::optional<place_level> carried;  // "Komunat e A, B dhe C": the hint carries over the list
    for (const auto& part : parts) {
        std::vector<std::string> ws;
        std::istringstream in(part);
        for (std::string w; in >> w;) ws.push_back(w);
        if (ws.empty()) continue;
        // "5 komuna": a count of unnamed places belongs to the site before it.
        if (all_digits(ws[0]) && ws.size() <= 3) {
            if (!out.empty()) out.back().note += (out.back().note.empty() ? "" : "; ") + part;
            else diag(severity::warning, v.line, v.column, "sites", quote_value(part) + " names no place", gid);
            continue;
        }
        site s{part, "", ""};
        std::optional<place_level> hint = carried;
        std::vector<std::string> dropped;
        bool found = false;
        for (std::size_t from = 0; from < ws.size() && !found; ++from) {
            std::string tail;
            for (std::size_t k = from; k < ws.size(); ++k) tail += (tail.empty() ? "" : " ") + ws[k];
            auto hits = place_names_.find(tail);
            if (!hits.empty()) {
                const place* pick = nullptr;
                if (hint)
                    for (const place* p : hits)
                        if (p->level == *hint) pick = p;
                if (!pick)
                    for (place_level pref : {place_level::district, place_level::nationwide, place_level::qark,
                                             place_level::municipality, place_level::commune, place_level::area})
                        for (const place* p : hits)
                            if (!pick && p->level == pref) pick = p;
                s.place = pick->id;
                found = true;
                break;
            }
            std::string f = text::fold_case(ws[from]);
            if (auto h = level_hint(f)) {
                hint = h;
                carried = (*h == place_level::commune || *h == place_level::area) && ws.size() - from > 1 ? h : carried;
                if (f.rfind("komunat", 0) == 0 || f.rfind("communes", 0) == 0) carried = place_level::commune;
            } else if (f != "e" && f != "i" && f != "të" && f != "of" && f != "the" && f != "në" && f != "in") {
                dropped.push_back(ws[from]);
            }
        }
        if (!found) {
            diag(severity::warning, v.line, v.column, "sites",
                 "unknown place '" + part + "' in gazetteer '" + places_.name() + "', kept as written", gid);
        } else if (!dropped.empty()) {
            std::string note;
            for (const auto& d : dropped) note += (note.empty() ? "" : " ") + d;
            s.note = note;
        }
        out.push_back(std::move(s));
    }
    return out;
}

void reader::finish(record& r) {
    if (!r.title.seen && !r.sites.seen && !r.duration.seen && !r.ngo.seen) return;
    grant g;
    char buf[16];
    std::snprintf(buf, sizeof buf, "G%02d", ++grants_);
    g.id = buf;
    if (r.phase == 0) {
        diag(severity::warning, r.line, 1, "", "grant before any phase heading: put in phase 1", g.id);
        r.phase = 1;
    }
    if (!result_.program.phase_by_number(r.phase)) result_.program.add_phase(phase{r.phase, "", std::nullopt, {}});
    g.phase = r.phase;
    // Title, and an early-closure note inside it: "(projekti është mbyllur më 28 Shkurt 2006)".
    std::string title = text::collapse_spaces(r.title.text);
    if (!r.title.seen || title.empty()) diag(severity::warning, r.line, 1, "title", "grant without a title", g.id);
    for (std::size_t open = title.find('('); open != std::string::npos; open = title.find('(', open + 1)) {
        auto close = title.find(')', open);
        if (close == std::string::npos) break;
        std::string inside = title.substr(open + 1, close - open - 1);
        std::string f = text::fold_case(inside);
        if (f.find("mbyllur") == std::string::npos && f.find("closed") == std::string::npos) continue;
        auto ws = words(inside);
        bool dated = false;
        for (std::size_t k = 0; k + 2 < ws.size() && !dated; ++k) {
            if (!all_digits(ws[k]) || !month_number(ws[k + 1])) continue;
            try {
                g.actual_end = day_month_year(ws[k], ws[k + 1], year_of(ws[k + 2]));
                dated = true;
            } catch (const parse_error& e) {
                diag(severity::error, r.title.line, r.title.column, "title", std::string("closure date: ") + e.what(), g.id);
                dated = true;
            }
        }
        if (!dated) diag(severity::warning, r.title.line, r.title.column, "title", "closure note without a date: " + quote_value(inside), g.id);
        title = trim(title.substr(0, open) + title.substr(close + 1));
        title = text::collapse_spaces(title);
        break;
    }
    g.title = title;
    // Duration.
    if (!r.duration.seen) {
        diag(severity::warning, r.line, 1, "duration", "grant without a duration", g.id);
    } else {
        try {
            g.planned = parse_duration(r.duration.text);
        } catch (const parse_error& e) {
            diag(severity::error, r.duration.line, r.duration.column, "duration", e.reason().empty() ? e.what() : e.reason(), g.id);
        } catch (const error& e) {
            diag(severity::error, r.duration.line, r.duration.column, "duration", e.what(), g.id);
        }
    }
    if (g.actual_end && g.planned && *g.actual_end > g.planned->last())
        diag(severity::warning, r.title.line, r.title.column, "title", "closed after its planned end", g.id);
    if (g.actual_end && g.planned && *g.actual_end < g.planned->first())
        diag(severity::error, r.title.line, r.title.column, "title", "closed before it started", g.id);
    // Sites and grantee.
    g.sites_as_written = text::collapse_spaces(r.sites.text);
    g.sites = resolve_sites(r.sites, g.id);
    if (!r.ngo.seen) diag(severity::warning, r.line, 1, "ngo", "grant without a grantee", g.id);
    else g.grantee = organization_for(r.ngo, g.id);
    // Description: paragraphs joined.
    std::string d;
    for (const auto& piece : r.description) {
        if (piece.empty()) {
            if (!d.empty() && d.back() != '\n') d += "\n\n";
            continue;
        }
        if (!d.empty() && d.back() != '\n') d += ' ';
        d += piece;
    }
    while (!d.empty() && (d.back() == '\n' || d.back() == ' ')) d.pop_back();
    g.description = d;
    result_.program.add_grant(std::move(g));
    r = record{};
}

listing_result reader::run(std::string_view raw) {
    std::vector<line> lines = split_lines(raw, name_, options_.limits);
    result_.program.source = name_;
    result_.program.set_places(places_);
    record current;
    field at = field::none;
    int phase_now = 0;
    bool in_body = false;
    bool ngo_may_continue = false;
    for (const line& l : lines) {
        const std::string t = trim(l.text);
        if (t.empty()) {
            if (at == field::description) current.description.emplace_back();
            continue;
        }
        if (is_rule(t)) continue;
        bool footer = false;
        if (auto d = footer_date(t, footer); footer) {
            if (d) {
                if (result_.program.revised_on && *result_.program.revised_on != *d)
                    diag(severity::warning, l.number, 1, "revised", "revision date " + format_date(*d) +
                         " differs from " + format_date(*result_.program.revised_on) + " met earlier");
                else result_.program.revised_on = d;
            }
            continue;
        }
        std::string acronym;
        if (int n = phase_heading(t, acronym)) {
            finish(current);
            phase_now = n;
            in_body = true;
            at = field::none;
            if (!acronym.empty() && acronym_.empty()) acronym_ = acronym;
            if (!result_.program.phase_by_number(n)) result_.program.add_phase(phase{n, t, std::nullopt, {}});
            else diag(severity::warning, l.number, 1, "", "phase " + std::to_string(n) + " is headed twice");
            continue;
        }
        if (auto lab = label_of(l.text)) {
            const label* which = lab->first;
            if (!in_body) in_body = true;
            language_ = which->language;
            if (which->f == field::title || (current.get(which->f) && current.get(which->f)->seen)) {
                if (which->f != field::title)
                    diag(severity::warning, l.number, 1, field_name(which->f),
                         "a second '" + std::string(field_name(which->f)) + "' before the next title: a new grant starts here");
                finish(current);
            }
            if (!current.line) {
                current.line = l.number;
                current.phase = phase_now;
            }
            at = which->f;
            std::size_t start = lab->second;
            while (start < l.text.size() && l.text[start] == ' ') ++start;
            current.get(at)->append(l.text.substr(start), l.number, utf8_column(l.text, start));
            ngo_may_continue = at == field::ngo;
            continue;
        }
        if (!in_body) {
            intro_line(l);
            continue;
        }
        switch (at) {
            case field::title:
            case field::sites:
            case field::duration:
                current.get(at)->append(l.text, l.number, 1);
                break;
            case field::ngo: {
                // The name wraps while a parenthesis is open, or when a short "(ACRONYM)" line follows.
                bool open = paren_balance(current.ngo.text) > 0;
                bool acronym_line = t.size() <= 40 && t.front() == '(' && t.back() == ')';
                if (ngo_may_continue && (open || acronym_line)) {
                    current.ngo.append(t, l.number, 1);
                    break;
                }
                at = field::description;
                current.description.push_back(t);
                break;
            }
            case field::description:
                current.description.push_back(t);
                break;
            case field::none:
                diag(severity::warning, l.number, 1, "", "text outside any grant record, skipped: '" +
                     t.substr(0, 60) + (t.size() > 60 ? "…'" : "'"));
                break;
        }
    }
    finish(current);

    // The programme: acronym, totals from the introduction, donor.
    program& p = result_.program;
    std::string doc_title = p.names.empty() ? std::string() : p.names.front().name;
    p.names.clear();
    p.names.push_back({language_, doc_title, acronym_});
    p.id = !options_.program_id.empty() ? options_.program_id : acronym_.empty() ? "program" : acronym_;
    auto dollars = intro_.find("US$");
    if (dollars != std::string::npos) {
        std::string num;
        std::size_t k = dollars + 3;
        while (k < intro_.size() && intro_[k] == ' ') ++k;
        while (k < intro_.size() && (std::isdigit(static_cast<unsigned char>(intro_[k])) || intro_[k] == ',' || intro_[k] == '.')) num += intro_[k++];
        while (!num.empty() && (num.back() == '.' || num.back() == ',')) num.pop_back();
        try {
            p.totals.push_back(money(parse_amount(num, amount_format::english()), currency("USD")));
        } catch (const parse_error& e) {
            diag(severity::warning, intro_totals_line_, 0, "totals", std::string("US$ amount: ") + e.what());
        }
        auto open = intro_.find('(', k);
        auto lek = intro_.find("Lek", k);
        if (open != std::string::npos && lek != std::string::npos && open < lek && lek - open < 40) {
            std::string inner = trim(intro_.substr(open + 1, lek - open - 1));
            try {
                p.totals.push_back(money(parse_amount(inner, amount_format::albanian()), currency("ALL")));
            } catch (const parse_error& e) {
                diag(severity::warning, intro_totals_line_, 0, "totals", std::string("Lek amount: ") + e.what());
            }
        }
    } else if (!p.grants().empty()) {
        diag(severity::info, 0, 0, "totals", "no programme total found in the introduction");
    }
    if (intro_.find("USAID") != std::string::npos && !p.find_organization("usaid")) {
        p.add_organization(organization{"usaid", "United States Agency for International Development", "USAID",
                                        organization_kind::donor, {"USAID"}});
        p.donor = "usaid";
    }
    if (intro_.find("Shqipëri") != std::string::npos || intro_.find("Albania") != std::string::npos) p.country = "AL";
    if (!p.revised_on) diag(severity::info, 0, 0, "revised", "no revision date found in the page footers");
    return std::move(result_);
}

}  // namespace

date parse_written_date(std::string_view text) {
    auto w = words(text::collapse_spaces(text));
    if (w.size() != 3) throw parse_error(quote_value(text) + " is not a date written as 'D Month YYYY'");
    return day_month_year(w[0], w[1], year_of(w[2]));
}

period parse_duration(std::string_view text_in) {
    std::string t = text::collapse_spaces(text_in);
    auto w = words(t);
    // Find the separator: deri / to / until / - / –
    std::size_t sep = w.size();
    for (std::size_t k = 0; k < w.size(); ++k) {
        std::string f = text::fold_case(w[k]);
        if (f == "deri" || f == "to" || f == "until" || f == "-" || f == "–" || f == "—") {
            sep = k;
            break;
        }
    }
    if (sep == w.size())
        throw parse_error(quote_value(t) + " is not a duration: expected 'D Month [YYYY] deri D Month YYYY'");
    std::vector<std::string> a(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(sep)),
        b(w.begin() + static_cast<std::ptrdiff_t>(sep) + 1, w.end());
    if (b.size() != 3) throw parse_error(quote_value(t) + ": the end must be written 'D Month YYYY'");
    date last = day_month_year(b[0], b[1], year_of(b[2]));
    date first;
    if (a.size() == 3) {
        first = day_month_year(a[0], a[1], year_of(a[2]));
    } else if (a.size() == 2) {
        int y = static_cast<int>(last.year());
        first = day_month_year(a[0], a[1], y);
        if (first > last) first = day_month_year(a[0], a[1], y - 1);
    } else {
        throw parse_error(quote_value(t) + ": the start must be written 'D Month [YYYY]'");
    }
    if (last < first) throw parse_error(quote_value(t) + " ends (" + format_date(last) + ") before it starts (" + format_date(first) + ")");
    return period(first, last);
}

listing_result read_listing(std::string_view text, const std::string& name, const gazetteer& places,
                            const listing_options& options) {
    reader r(name, places, options);
    return r.run(text);
}

listing_result read_listing_file(const std::filesystem::path& path, const gazetteer& places,
                                 const listing_options& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error("cannot open '" + path.string() + "' for reading: " + std::strerror(errno), path.string(), errno);
    std::string text;
    in.seekg(0, std::ios::end);
    auto size = static_cast<std::size_t>(in.tellg());
    if (size > options.limits.max_bytes)
        throw parse_error("listing exceeds the byte cap of " + std::to_string(options.limits.max_bytes),
                          parse_error::location{path.string(), 0, 0, {}});
    in.seekg(0);
    text.resize(size);
    in.read(text.data(), static_cast<std::streamsize>(size));
    return read_listing(text, path.string(), places, options);
}

bool looks_like_listing(std::string_view text) {
    // A line (within the first 64 KiB) that starts with a grant's title label, whatever its case.
    std::string_view head = text.substr(0, 1 << 16);
    for (std::size_t at = 0; at < head.size();) {
        std::size_t end = std::min(head.find('\n', at), head.size());
        std::string line(head.substr(at, end - at));
        std::size_t i = line.find_first_not_of(" \t\xEF\xBB\xBF");
        if (i != std::string::npos) {
            std::string start = line.substr(i, 21);
            for (auto& c : start) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (start.rfind("titulli i projektit", 0) == 0 || start.rfind("project title", 0) == 0) return true;
        }
        at = end + 1;
    }
    return false;
}

}  // namespace grantfolio::io
