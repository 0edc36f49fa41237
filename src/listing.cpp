// The listing reader: labelled grant records, wrapped and paginated, in the words of a profile.
#include "grantfolio/io/listing.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/gazetteer.hpp"
#include "grantfolio/text.hpp"
#include "detail/text_position.hpp"

namespace grantfolio::io {

namespace {

std::string trim(std::string_view s) {
    std::size_t a = 0, b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
    return std::string(s.substr(a, b - a));
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// ---------------------------------------------------------------------------------------------
// The profile's words, case-folded once, for every language of the profile at once (a listing in
// one language quotes names and dates in the other often enough).

struct label_word {
    std::string folded;
    listing_field field;
    std::string language;
};

class words_of {
public:
    /// Case folding: a word in ASCII (most of a profile's) by bytes, any other through ICU.
    static std::string fold(std::string_view w) {
        if (!is_ascii(w)) return text::fold_case(w);
        std::string out(w);
        for (auto& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }

    explicit words_of(const listing_profile& p) {
        auto fold_all = [](const std::vector<std::string>& from, std::set<std::string>& to) {
            for (const auto& w : from) to.insert(fold(w));
        };
        for (const auto& l : p.languages) {
            for (const auto& [label, f] : l.labels) labels.push_back({fold(trim(label)), f, l.code});
            for (std::size_t m = 0; m < 12; ++m) {
                for (const auto& n : l.months[m]) months_.emplace(fold(n), static_cast<int>(m) + 1);
                if (l.month_endings && !l.months[m].empty())
                    inflected_.push_back({fold(l.months[m].front()), static_cast<int>(m) + 1, l.month_endings});
            }
            fold_all(l.until, until);
            for (const auto& w : l.phase) phase.push_back(fold(w) + " ");
            for (const auto& w : l.revised) revised.push_back(fold(w) + " ");
            if (l.page.size() == 2) page_of.emplace_back(fold(l.page[0]), fold(l.page[1]));
            for (const auto& w : l.closed) closed.push_back(fold(w));
            fold_all(l.and_words, and_words);
            fold_all(l.including, including);
            fold_all(l.fillers, fillers);
            for (const auto& [w, level] : l.level_words) level_words.emplace_back(fold(w), level);
            for (const auto& w : l.commune_lists) commune_lists.push_back(fold(w));
        }
        for (const char* dash : {"-", "\u2013", "\u2014"}) until.insert(dash);
        // Words the cheap byte filter looks for before a line is folded (footers and headings).
        for (const auto* list : {&phase, &revised}) filter_words(*list);
        for (const auto& l : p.languages)
            if (l.page.size() == 2) filter_words({fold(l.page[0])});
    }

    std::vector<label_word> labels;
    std::set<std::string> until, and_words, including, fillers;
    std::vector<std::string> phase, revised, closed, commune_lists;  // phase and revised end with a space
    std::vector<std::pair<std::string, std::string>> page_of;  // "faqe", "nga": a footer ends "faqe 2 nga 9"

    /// Whether folded text ends as a page footer does: "<page> N <of> M", spaces between, any after.
    bool paged(std::string_view f) const {
        auto spaces = [&](std::size_t& i, bool need) {
            const std::size_t from = i;
            while (i < f.size() && f[i] == ' ') ++i;
            return !need || i > from;
        };
        auto digits = [&](std::size_t& i) {
            const std::size_t from = i;
            while (i < f.size() && f[i] >= '0' && f[i] <= '9') ++i;
            return i > from;
        };
        for (const auto& [page, of] : page_of)
            for (std::size_t at = f.find(page); at != std::string_view::npos; at = f.find(page, at + 1)) {
                std::size_t i = at + page.size();
                if (spaces(i, true) && digits(i) && spaces(i, true) && f.substr(i, of.size()) == of && (i += of.size(), spaces(i, true)) &&
                    digits(i) && (spaces(i, false), i == f.size()))
                    return true;
            }
        return false;
    }
    std::vector<std::pair<std::string, place_level>> level_words;

    /// 1-12 for a month's name, abbreviation or inflected form, 0 for anything else.
    int month(std::string_view word) const {
        std::string w = fold(word);
        while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
        if (auto it = months_.find(w); it != months_.end()) return it->second;
        for (const auto& i : inflected_)
            if (w.size() > i.stem.size() && w.compare(0, i.stem.size(), i.stem) == 0 && w.size() - i.stem.size() <= i.endings)
                return i.month;
        return 0;
    }

    /// Whether a line may hold a footer's or heading's word, by bytes alone: lines without one are
    /// not folded. A word with letters outside ASCII always passes (its case is not a byte's).
    bool may_hold_marker(std::string_view line) const {
        if (unfiltered_) return true;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const auto b = static_cast<unsigned char>(line[i]);
            if (!first_[b]) continue;
            for (const auto& w : filter_) {
                if (static_cast<unsigned char>(w[0]) != (b | 0x20) || line.size() - i < w.size()) continue;
                std::size_t k = 1;
                while (k < w.size() && (line[i + k] | 0x20) == w[k]) ++k;
                if (k == w.size()) return true;
            }
        }
        return false;
    }

    std::optional<place_level> level_hint(const std::string& folded_word) const {
        for (const auto& [prefix, level] : level_words)
            if (folded_word.rfind(prefix, 0) == 0) return level;
        return std::nullopt;
    }

private:
    struct inflected {
        std::string stem;
        int month;
        unsigned endings;
    };
    void filter_words(const std::vector<std::string>& ws) {
        for (std::string w : ws) {
            while (!w.empty() && w.back() == ' ') w.pop_back();
            if (w.empty()) continue;
            if (!is_ascii(w) || std::any_of(w.begin(), w.end(), [](char c) { return (c | 0x20) != c; })) unfiltered_ = true;
            filter_.push_back(w);
            first_[static_cast<unsigned char>(w[0])] = first_[static_cast<unsigned char>(w[0]) & ~0x20u] = true;
        }
    }
    std::map<std::string, int> months_;
    std::vector<inflected> inflected_;
    std::vector<std::string> filter_;
    std::array<bool, 256> first_{};  // the first bytes of filter_'s words, in either case
    bool unfiltered_ = false;
};

const char* field_name(listing_field f) {
    switch (f) {
        case listing_field::title: return "title";
        case listing_field::sites: return "sites";
        case listing_field::duration: return "duration";
        case listing_field::grantee: return "ngo";
    }
    return "";
}

std::size_t utf8_column(std::string_view line, std::size_t byte) {
    std::size_t col = 1;
    for (std::size_t i = 0; i < byte && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
    return col;
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

date day_month_year(const words_of& vocabulary, const std::string& d, const std::string& m, int y) {
    if (!all_digits(d) || d.size() > 2) throw parse_error(quote_value(d) + " is not a day of the month");
    int month = vocabulary.month(m);
    if (!month) throw parse_error(quote_value(m) + " is not a month name");
    date r{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(month)),
           std::chrono::day(static_cast<unsigned>(std::stoi(d)))};
    if (!r.ok()) throw parse_error(d + " " + m + " " + std::to_string(y) + " is not a calendar date");
    return r;
}

date written_date(const words_of& vocabulary, std::string_view text) {
    auto w = words(text::collapse_spaces(text));
    if (w.size() != 3) throw parse_error(quote_value(text) + " is not a date written as 'D Month YYYY'");
    return day_month_year(vocabulary, w[0], w[1], year_of(w[2]));
}

period duration(const words_of& vocabulary, std::string_view text_in) {
    std::string t = text::collapse_spaces(text_in);
    auto w = words(t);
    std::size_t sep = w.size();
    for (std::size_t k = 0; k < w.size(); ++k)
        if (vocabulary.until.count(text::fold_case(w[k]))) {
            sep = k;
            break;
        }
    if (sep == w.size())
        throw parse_error(quote_value(t) + " is not a duration: expected 'D Month [YYYY] <until> D Month YYYY'");
    std::vector<std::string> a(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(sep)),
        b(w.begin() + static_cast<std::ptrdiff_t>(sep) + 1, w.end());
    if (b.size() != 3) throw parse_error(quote_value(t) + ": the end must be written 'D Month YYYY'");
    date last = day_month_year(vocabulary, b[0], b[1], year_of(b[2]));
    date first;
    if (a.size() == 3) {
        first = day_month_year(vocabulary, a[0], a[1], year_of(a[2]));
    } else if (a.size() == 2) {
        int y = static_cast<int>(last.year());
        first = day_month_year(vocabulary, a[0], a[1], y);
        if (first > last) first = day_month_year(vocabulary, a[0], a[1], y - 1);
    } else {
        throw parse_error(quote_value(t) + ": the start must be written 'D Month [YYYY]'");
    }
    if (last < first) throw parse_error(quote_value(t) + " ends (" + format_date(last) + ") before it starts (" + format_date(first) + ")");
    return period(first, last);
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
std::optional<date> footer_date(const words_of& vocabulary, const std::string& t, bool& is_footer) {
    is_footer = false;
    std::string f = text::fold_case(t);
    const bool paged = vocabulary.paged(f);
    std::size_t at = std::string::npos, skip = 0;
    for (const auto& w : vocabulary.revised)
        if (at = f.find(w); at != std::string::npos) {
            skip = w.size();
            break;
        }
    if (!paged && at == std::string::npos) return std::nullopt;
    if (!paged && f.size() > 160) return std::nullopt;
    is_footer = true;
    if (at == std::string::npos) return std::nullopt;
    auto w = words(f.substr(at + skip));
    if (w.size() < 3) return std::nullopt;
    try {
        return day_month_year(vocabulary, w[0], w[1], year_of(w[2]));
    } catch (const parse_error&) {
        return std::nullopt;
    }
}

// "Grantmarrësit e KVKTNj - Faza 1", "CAAHT Grantees - Phase 2": the phase number, or 0.
int phase_heading(const words_of& vocabulary, const std::string& t, std::string& acronym) {
    std::string s = trim(t);
    if (s.size() > 120 || s.find(':') != std::string::npos) return 0;
    std::string f = text::fold_case(s);
    for (const auto& word : vocabulary.phase) {
        auto at = f.rfind(word);
        if (at == std::string::npos) continue;
        std::string rest = trim(f.substr(at + word.size()));
        if (!all_digits(rest) || rest.size() > 3) continue;
        // The acronym before the word: the first with three capitals (byte offsets in the folded
        // text match the original's only for ASCII, so the words before are taken from the original
        // when the folding kept lengths).
        const std::string before = f.size() == s.size() ? s.substr(0, at) : s;
        for (const auto& w : words(before)) {
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
std::optional<std::pair<const label_word*, std::size_t>> label_of(const words_of& vocabulary, const std::string& t) {
    std::size_t a = 0;
    while (a < t.size() && t[a] == ' ') ++a;
    auto colon = t.find(':', a);
    if (colon == std::string::npos || colon - a > 40) return std::nullopt;
    std::string head = text::fold_case(trim(std::string_view(t).substr(a, colon - a)));
    for (const auto& l : vocabulary.labels)
        if (head == l.folded) return std::make_pair(&l, colon + 1);
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
    std::size_t line = 0, last = 0;  // the first and last line read into it
    int phase = 0;
    std::string language;  // the language of its first label: what its texts are written in
    value* get(listing_field f) {
        switch (f) {
            case listing_field::title: return &title;
            case listing_field::sites: return &sites;
            case listing_field::duration: return &duration;
            case listing_field::grantee: return &ngo;
        }
        return nullptr;
    }
};

int paren_balance(const std::string& s) {
    int b = 0;
    for (char c : s) b += c == '(' ? 1 : c == ')' ? -1 : 0;
    return b;
}

class reader {
public:
    reader(const std::string& name, const listing_profile& profile, const listing_options& options)
        : name_(name), profile_(profile), words_(profile), place_names_(profile.places), options_(options) {
        for (std::size_t i = 0; i < profile.known_organizations.size(); ++i) {
            const organization& o = profile.known_organizations[i];
            for (const auto& sp : o.spellings) known_keys_.emplace(text::match_key(sp), i);
            known_keys_.emplace(text::match_key(o.name), i);
        }
        if (!profile.languages.empty()) language_ = profile.languages.front().code;
    }

    read_result run(std::string_view raw);

private:
    void diag(severity s, std::size_t ln, std::size_t col, const std::string& fieldname, const std::string& msg,
              const std::string& subject = {}, consequence cost = {}) {
        result_.diagnostics.push_back(diagnostic{s, parse_error::location{name_, ln, col, fieldname}, msg, subject, std::move(cost)});
    }
    void finish(record& r);
    /// Lines `first` to `last` of the listing as read, with what stands between them, as a record.
    source_record record_of(std::size_t first, std::size_t last) const {
        std::string text;
        auto l = std::lower_bound(lines_->begin(), lines_->end(), first, [](const line& a, std::size_t n) { return a.number < n; });
        for (auto from = l; l != lines_->end() && l->number <= last; ++l) text.append(l == from ? "" : "\n").append(l->text);
        return source_record{"listing", "", std::move(text), first};
    }
    void intro_line(const line& l);
    void introduction();
    std::vector<site> resolve_sites(const value& v, const std::string& gid);
    std::string organization_for(const value& v, const std::string& gid);

    std::string name_;
    const std::vector<line>* lines_ = nullptr;  // the listing's, while run() reads them
    const listing_profile& profile_;
    const words_of words_;
    const place_names place_names_;
    const listing_options& options_;
    read_result result_;
    std::string intro_;
    std::vector<std::pair<std::size_t, std::size_t>> intro_lines_;  // (offset in intro_, line number)
    std::string language_;
    std::string acronym_;
    std::map<std::string, std::string> org_by_key_;  // match_key(spelling) -> organization id
    std::map<std::string, std::size_t> known_keys_;  // match_key(known spelling or name) -> known organisation
    int grants_ = 0, orgs_ = 0;
};

void reader::intro_line(const line& l) {
    if (intro_.empty() && !trim(l.text).empty()) {
        result_.program.names.push_back({language_, trim(l.text), ""});  // the document title, for now
    }
    intro_lines_.emplace_back(intro_.size(), l.number);
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
        organization o = profile_.known_organizations[known->second];
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
            if (words_.and_words.count(f)) {
                flush();
                continue;
            }
            if (words_.including.count(f)) {
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
            else diag(severity::warning, v.line, v.column, "sites", quote_value(part) + " names no place; it is not kept as a site", gid,
                      not_kept("site"));
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
            if (auto h = words_.level_hint(f)) {
                hint = h;
                carried = (*h == place_level::commune || *h == place_level::area) && ws.size() - from > 1 ? h : carried;
                for (const auto& list : words_.commune_lists)
                    if (f.rfind(list, 0) == 0) carried = place_level::commune;
            } else if (!words_.fillers.count(f)) {
                dropped.push_back(ws[from]);
            }
        }
        if (!found) {
            diag(severity::warning, v.line, v.column, "sites",
                 "unknown place '" + part + "' in gazetteer '" + profile_.places.name() + "', kept as written", gid);
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
        diag(severity::warning, r.line, 1, "", "grant before any phase heading: put in phase 1", g.id, guessed("phase"));
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
        if (std::none_of(words_.closed.begin(), words_.closed.end(), [&](const std::string& w) { return f.find(w) != std::string::npos; }))
            continue;
        auto ws = words(inside);
        bool dated = false;
        for (std::size_t k = 0; k + 2 < ws.size() && !dated; ++k) {
            if (!all_digits(ws[k]) || !words_.month(ws[k + 1])) continue;
            try {
                g.actual_end = day_month_year(words_, ws[k], ws[k + 1], year_of(ws[k + 2]));
                dated = true;
            } catch (const parse_error& e) {
                diag(severity::error, r.title.line, r.title.column, "title", std::string("closure date: ") + e.what(), g.id,
                     not_kept("closure date"));
                dated = true;
            }
        }
        if (!dated) diag(severity::warning, r.title.line, r.title.column, "title", "closure note without a date: " + quote_value(inside) + "; it is not kept",
                        g.id, not_kept("closure note"));
        title = trim(title.substr(0, open) + title.substr(close + 1));
        title = text::collapse_spaces(title);
        break;
    }
    g.title = title;
    g.language = r.language;
    // Duration.
    if (!r.duration.seen) {
        diag(severity::warning, r.line, 1, "duration", "grant without a duration", g.id);
    } else {
        try {
            g.planned = duration(words_, r.duration.text);
        } catch (const parse_error& e) {
            diag(severity::error, r.duration.line, r.duration.column, "duration", e.reason().empty() ? e.what() : e.reason(), g.id,
                 not_kept("duration"));
        } catch (const error& e) {
            diag(severity::error, r.duration.line, r.duration.column, "duration", e.what(), g.id, not_kept("duration"));
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
    // The record as read: its lines, first to last, with what stands between them (a page footer).
    g.source = record_of(r.line, r.last);
    result_.program.add_grant(std::move(g));
    r = record{};
}

/// Where the grants are reading: nowhere yet (the introduction), in a labelled field, or in the free
/// description after the grantee.
enum class in_record { none, title, sites, duration, ngo, description };

in_record state_of(listing_field f) {
    switch (f) {
        case listing_field::title: return in_record::title;
        case listing_field::sites: return in_record::sites;
        case listing_field::duration: return in_record::duration;
        case listing_field::grantee: return in_record::ngo;
    }
    return in_record::none;
}

read_result reader::run(std::string_view raw) {
    std::vector<line> lines = split_lines(raw, name_, options_.limits);
    lines_ = &lines;
    result_.program.source = name_;
    result_.program.set_places(profile_.places);
    record current;
    in_record at = in_record::none;
    listing_field field_at = listing_field::title;
    int phase_now = 0;
    bool in_body = false;
    bool ngo_may_continue = false;
    for (const line& l : lines) {
        const std::string t = trim(l.text);
        if (t.empty()) {
            if (at == in_record::description) current.description.emplace_back();
            continue;
        }
        if (is_rule(t)) continue;
        // Footers and phase headings hold a word of the profile's; only such lines are folded.
        const bool marked = words_.may_hold_marker(t);
        bool footer = false;
        if (auto d = marked ? footer_date(words_, t, footer) : std::nullopt; footer) {
            if (d) {
                if (result_.program.revised_on && *result_.program.revised_on != *d)
                    diag(severity::warning, l.number, 1, "revised", "revision date " + format_date(*d) +
                         " differs from " + format_date(*result_.program.revised_on) + " met earlier; it is not kept",
                         {}, not_kept("revision date"));
                else result_.program.revised_on = d;
            }
            continue;
        }
        std::string acronym;
        if (int n = marked ? phase_heading(words_, t, acronym) : 0) {
            finish(current);
            phase_now = n;
            in_body = true;
            at = in_record::none;
            if (!acronym.empty() && acronym_.empty()) acronym_ = acronym;
            if (!result_.program.phase_by_number(n)) result_.program.add_phase(phase{n, t, std::nullopt, record_of(l.number, l.number)});
            else diag(severity::warning, l.number, 1, "", "phase " + std::to_string(n) + " is headed twice");
            continue;
        }
        if (auto lab = label_of(words_, l.text)) {
            const label_word* which = lab->first;
            if (!in_body) in_body = true;
            language_ = which->language;
            if (which->field == listing_field::title || current.get(which->field)->seen) {
                if (which->field != listing_field::title)
                    diag(severity::warning, l.number, 1, field_name(which->field),
                         "a second '" + std::string(field_name(which->field)) + "' before the next title: a new grant starts here", {},
                         guessed("grant boundary"));
                finish(current);
            }
            if (!current.line) {
                current.line = l.number;
                current.phase = phase_now;
                current.language = which->language;
            }
            current.last = l.number;
            field_at = which->field;
            at = state_of(field_at);
            std::size_t start = lab->second;
            while (start < l.text.size() && l.text[start] == ' ') ++start;
            current.get(field_at)->append(l.text.substr(start), l.number, utf8_column(l.text, start));
            ngo_may_continue = at == in_record::ngo;
            continue;
        }
        if (!in_body) {
            intro_line(l);
            continue;
        }
        if (at != in_record::none) current.last = l.number;
        switch (at) {
            case in_record::title:
            case in_record::sites:
            case in_record::duration:
                current.get(field_at)->append(l.text, l.number, 1);
                break;
            case in_record::ngo: {
                // The name wraps while a parenthesis is open, or when a short "(ACRONYM)" line follows.
                bool open = paren_balance(current.ngo.text) > 0;
                bool acronym_line = t.size() <= 40 && t.front() == '(' && t.back() == ')';
                if (ngo_may_continue && (open || acronym_line)) {
                    current.ngo.append(t, l.number, 1);
                    break;
                }
                at = in_record::description;
                current.description.push_back(t);
                break;
            }
            case in_record::description:
                current.description.push_back(t);
                break;
            case in_record::none:
                diag(severity::warning, l.number, 1, "", "text outside any grant record, skipped: '" +
                     t.substr(0, 60) + (t.size() > 60 ? "…'" : "'"), {}, not_kept("line"));
                break;
        }
    }
    finish(current);

    program& p = result_.program;
    std::string doc_title = p.names.empty() ? std::string() : p.names.front().name;
    p.names.clear();
    p.names.push_back({language_, doc_title, acronym_});
    p.id = !options_.program_id.empty() ? options_.program_id : acronym_.empty() ? "program" : acronym_;
    introduction();
    // The introduction as read, from its first line with text to its last (its totals, donor and
    // country were read there).
    if (!intro_lines_.empty()) p.introduction = record_of(intro_lines_.front().second, intro_lines_.back().second);
    if (!p.revised_on) diag(severity::info, 0, 0, "revised", "no revision date found in the page footers");
    result_.kind = "listing";
    return std::move(result_);
}

/// What the introduction says of the whole programme, in the profile's terms: its totals ("US$
/// 2,097,624-- (209.762.381 Lek)"), its donor and its country when it names them.
void reader::introduction() {
    program& p = result_.program;
    auto line_at = [&](std::size_t offset) {
        auto it = std::upper_bound(intro_lines_.begin(), intro_lines_.end(), std::make_pair(offset, std::size_t(-1)));
        return it == intro_lines_.begin() ? std::size_t(0) : std::prev(it)->second;
    };
    auto number_char = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '.'; };
    bool any = false;
    for (const auto& total : profile_.totals) {
        if (total.symbol.empty()) continue;
        const auto at = intro_.find(total.symbol);
        if (at == std::string::npos) continue;
        any = true;
        std::string num;
        if (total.symbol_first) {
            std::size_t k = at + total.symbol.size();
            while (k < intro_.size() && intro_[k] == ' ') ++k;
            while (k < intro_.size() && number_char(intro_[k])) num += intro_[k++];
        } else {
            std::size_t k = at;
            while (k > 0 && intro_[k - 1] == ' ') --k;
            std::size_t end = k;
            while (k > 0 && number_char(intro_[k - 1])) --k;
            num = intro_.substr(k, end - k);
            while (!num.empty() && (num.front() == '.' || num.front() == ',')) num.erase(0, 1);
        }
        while (!num.empty() && (num.back() == '.' || num.back() == ',')) num.pop_back();
        try {
            p.totals.push_back(money(parse_amount(num, total.format), total.code));
        } catch (const parse_error& e) {
            diag(severity::warning, line_at(at), 0, "totals", total.symbol + " amount: " + e.what() + "; the total is not kept", {},
                 not_kept("programme total"));
        }
    }
    if (!any && !p.grants().empty()) diag(severity::info, 0, 0, "totals", "no programme total found in the introduction");
    if (!profile_.donor.empty()) {
        auto known = std::find_if(profile_.known_organizations.begin(), profile_.known_organizations.end(),
                                  [&](const organization& o) { return o.id == profile_.donor; });
        if (known == profile_.known_organizations.end())
            throw error("the listing profile's donor " + quote_value(profile_.donor) + " is not one of its known organisations");
        std::vector<std::string> names = known->spellings;
        names.push_back(known->name);
        if (known->acronym) names.push_back(*known->acronym);
        const bool named = std::any_of(names.begin(), names.end(), [&](const std::string& n) { return !n.empty() && intro_.find(n) != std::string::npos; });
        if (named) {
            if (!p.find_organization(known->id)) p.add_organization(*known);
            p.donor = known->id;
        }
    }
    for (const auto& n : profile_.country_names)
        if (!n.empty() && intro_.find(n) != std::string::npos) p.country = profile_.country;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The profile's JSON form.

namespace {

using json = nlohmann::json;

[[noreturn]] void bad_profile(const std::string& name, const std::string& pointer, const std::string& what) {
    throw parse_error(what, parse_error::location{name, 0, 0, pointer});
}

std::vector<std::string> strings_at(const json& j, const std::string& key, const std::string& name, const std::string& at) {
    std::vector<std::string> out;
    if (!j.contains(key)) return out;
    const json& v = j.at(key);
    if (!v.is_array()) bad_profile(name, at + "/" + key, "must be an array of strings");
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string()) bad_profile(name, at + "/" + key + "/" + std::to_string(i), "must be a string");
        out.push_back(text::nfc(v[i].get<std::string>()));
    }
    return out;
}

std::string string_at(const json& j, const std::string& key, const std::string& name, const std::string& at) {
    if (!j.contains(key)) return {};
    if (!j.at(key).is_string()) bad_profile(name, at + "/" + key, "must be a string");
    return text::nfc(j.at(key).get<std::string>());
}

listing_language language_of(const json& j, const std::string& name, const std::string& at) {
    if (!j.is_object()) bad_profile(name, at, "a language must be an object");
    listing_language l;
    l.code = string_at(j, "code", name, at);
    if (l.code.empty()) bad_profile(name, at + "/code", "a language needs its code (\"sq\", \"en\")");
    if (j.contains("labels")) {
        const json& labels = j.at("labels");
        if (!labels.is_object()) bad_profile(name, at + "/labels", "must be an object of fields");
        for (const auto& [key, list] : labels.items()) {
            listing_field f;
            if (key == "title") f = listing_field::title;
            else if (key == "sites") f = listing_field::sites;
            else if (key == "duration") f = listing_field::duration;
            else if (key == "grantee") f = listing_field::grantee;
            else bad_profile(name, at + "/labels/" + key, "not a field a listing labels (title, sites, duration, grantee)");
            for (auto& w : strings_at(labels, key, name, at + "/labels")) l.labels.emplace_back(std::move(w), f);
        }
    }
    if (j.contains("months")) {
        const json& months = j.at("months");
        if (!months.is_array() || months.size() != 12) bad_profile(name, at + "/months", "must list the 12 months, January first");
        for (std::size_t m = 0; m < 12; ++m) {
            if (!months[m].is_array()) bad_profile(name, at + "/months/" + std::to_string(m), "must be an array of names");
            for (std::size_t i = 0; i < months[m].size(); ++i) {
                if (!months[m][i].is_string()) bad_profile(name, at + "/months/" + std::to_string(m) + "/" + std::to_string(i), "must be a string");
                l.months[m].push_back(text::nfc(months[m][i].get<std::string>()));
            }
        }
    }
    if (j.contains("month_endings")) {
        const json& e = j.at("month_endings");
        if (!e.is_number_unsigned() || e.get<unsigned>() > 8) bad_profile(name, at + "/month_endings", "must be a whole number from 0 to 8");
        l.month_endings = e.get<unsigned>();
    }
    l.until = strings_at(j, "until", name, at);
    l.phase = strings_at(j, "phase", name, at);
    l.revised = strings_at(j, "revised", name, at);
    l.page = strings_at(j, "page", name, at);
    if (!l.page.empty() && l.page.size() != 2) bad_profile(name, at + "/page", "must be two words, as in \"page N of M\"");
    l.closed = strings_at(j, "closed", name, at);
    l.and_words = strings_at(j, "and", name, at);
    l.including = strings_at(j, "including", name, at);
    l.fillers = strings_at(j, "fillers", name, at);
    if (j.contains("level_words")) {
        const json& levels = j.at("level_words");
        if (!levels.is_object()) bad_profile(name, at + "/level_words", "must be an object of levels");
        for (const auto& [key, list] : levels.items()) {
            place_level level;
            try {
                level = parse_place_level(key);
            } catch (const error& e) {
                bad_profile(name, at + "/level_words/" + key, e.what());
            }
            for (auto& w : strings_at(levels, key, name, at + "/level_words")) l.level_words.emplace_back(std::move(w), level);
        }
    }
    l.commune_lists = strings_at(j, "commune_lists", name, at);
    return l;
}

}  // namespace

listing_profile read_listing_profile(std::string_view text, const std::string& name, listing_profile_files* files) {
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        auto [line, column] = detail::line_column(text, e.byte > 0 ? e.byte - 1 : 0);
        throw parse_error(std::string("malformed JSON: ") + e.what(), parse_error::location{name, line, column, {}});
    }
    if (!j.is_object() || !j.contains("format") || j.at("format") != "grantfolio-listing-profile")
        bad_profile(name, "/format", "not a listing profile (its \"format\" must be \"grantfolio-listing-profile\")");
    if (!j.contains("version") || j.at("version") != 1)
        bad_profile(name, "/version", "only version 1 of the listing profile is read");
    listing_profile p;
    if (j.contains("languages")) {
        if (!j.at("languages").is_array()) bad_profile(name, "/languages", "must be an array");
        for (std::size_t i = 0; i < j.at("languages").size(); ++i)
            p.languages.push_back(language_of(j.at("languages")[i], name, "/languages/" + std::to_string(i)));
    }
    if (p.languages.empty()) bad_profile(name, "/languages", "a profile needs at least one language");
    if (j.contains("totals")) {
        if (!j.at("totals").is_array()) bad_profile(name, "/totals", "must be an array");
        for (std::size_t i = 0; i < j.at("totals").size(); ++i) {
            const json& t = j.at("totals")[i];
            const std::string at = "/totals/" + std::to_string(i);
            if (!t.is_object()) bad_profile(name, at, "a total must be an object");
            const std::string symbol = string_at(t, "symbol", name, at);
            if (symbol.empty()) bad_profile(name, at + "/symbol", "a total needs the symbol it is written with");
            const std::string code = string_at(t, "currency", name, at);
            auto c = currency::find(code);
            if (!c) bad_profile(name, at + "/currency", quote_value(code) + " is not an ISO 4217 currency code");
            listing_total total{symbol, *c};
            const std::string format = string_at(t, "amount_format", name, at);
            if (format == "english" || format.empty()) total.format = amount_format::english();
            else if (format == "albanian") total.format = amount_format::albanian();
            else if (format == "plain") total.format = amount_format::plain();
            else bad_profile(name, at + "/amount_format", quote_value(format) + " is not an amount format (english, albanian, plain)");
            if (t.contains("symbol_first")) {
                if (!t.at("symbol_first").is_boolean()) bad_profile(name, at + "/symbol_first", "must be true or false");
                total.symbol_first = t.at("symbol_first").get<bool>();
            }
            p.totals.push_back(std::move(total));
        }
    }
    p.donor = string_at(j, "donor", name, "");
    if (j.contains("country")) {
        const json& c = j.at("country");
        if (!c.is_object()) bad_profile(name, "/country", "must be an object with a code and names");
        p.country = string_at(c, "code", name, "/country");
        p.country_names = strings_at(c, "names", name, "/country");
    }
    if (files) {
        files->gazetteer = string_at(j, "gazetteer", name, "");
        files->organizations = string_at(j, "organizations", name, "");
    }
    return p;
}

listing_profile read_listing_profile_file(const std::filesystem::path& path, const reader_limits& limits) {
    listing_profile_files files;
    listing_profile p = read_listing_profile(read_file(path, limits.max_bytes), path.string(), &files);
    const auto folder = path.parent_path();
    if (!files.gazetteer.empty()) p.places = read_gazetteer_file(folder / files.gazetteer, limits);
    if (!files.organizations.empty()) {
        const auto orgs = folder / files.organizations;
        p.known_organizations = read_organizations(read_file(orgs, limits.max_bytes), orgs.string());
    }
    if (!p.donor.empty() && std::none_of(p.known_organizations.begin(), p.known_organizations.end(),
                                         [&](const organization& o) { return o.id == p.donor; }))
        bad_profile(path.string(), "/donor", quote_value(p.donor) + " is not one of the profile's organisations");
    return p;
}

std::vector<organization> read_organizations(std::string_view csv_text, const std::string& name) {
    std::istringstream in{std::string(csv_text)};
    csv_reader csv(in, name);
    std::vector<std::string> row, header;
    if (!csv.next(header)) return {};
    const std::vector<std::string> want{"id", "name", "acronym", "kind", "spellings"};
    if (header != want) throw csv.error_at("the header must be id,name,acronym,kind,spellings");
    std::vector<organization> out;
    while (csv.next(row)) {
        if (row.size() == 1 && row[0].empty()) continue;
        if (row.size() != header.size()) throw csv.error_at("expected " + std::to_string(header.size()) + " fields");
        organization o;
        o.id = row[0];
        if (o.id.empty()) throw csv.error_at("an organisation needs an id", "id");
        o.name = text::nfc(row[1]);
        if (!row[2].empty()) o.acronym = row[2];
        try {
            o.kind = parse_organization_kind(row[3]);
        } catch (const error& e) {
            throw csv.error_at(e.what(), "kind");
        }
        std::size_t start = 0;
        while (start <= row[4].size()) {
            auto bar = row[4].find('|', start);
            std::string sp = row[4].substr(start, bar == std::string::npos ? std::string::npos : bar - start);
            if (!sp.empty()) o.spellings.push_back(text::nfc(sp));
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        out.push_back(std::move(o));
    }
    return out;
}

date parse_written_date(std::string_view text, const listing_profile& profile) { return written_date(words_of(profile), text); }

period parse_duration(std::string_view text, const listing_profile& profile) { return duration(words_of(profile), text); }

read_result read_listing(std::string_view text, const std::string& name, const listing_profile& profile, const listing_options& options) {
    reader r(name, profile, options);
    return r.run(text);
}

read_result read_listing_file(const std::filesystem::path& path, const listing_profile& profile, const listing_options& options) {
    return read_listing(read_file(path, options.limits.max_bytes), path.string(), profile, options);
}

}  // namespace grantfolio::io
