#include "grantfolio/io/source.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>
#include <sstream>

#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/csv.hpp"
#include "grantfolio/io/giving360.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/io/listing.hpp"
#include "grantfolio/text.hpp"
#include "detail/giving360_reader.hpp"
#include "detail/iati_record.hpp"
#include "detail/mapped_file.hpp"

namespace grantfolio::io {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view skip_space(std::string_view t) {
    while (!t.empty() && is_space(t.front())) t.remove_prefix(1);
    return t;
}

std::string_view without_bom(std::string_view t) { return t.substr(0, 3) == "\xEF\xBB\xBF" ? t.substr(3) : t; }

/// The local name of an XML document's root element: past the declaration, processing
/// instructions, comments and the document type. Empty when there is none in `t`.
std::string_view xml_root(std::string_view t) {
    for (;;) {
        t = skip_space(t);
        if (t.substr(0, 2) == "<?") {
            auto end = t.find("?>");
            if (end == std::string_view::npos) return {};
            t.remove_prefix(end + 2);
        } else if (t.substr(0, 4) == "<!--") {
            auto end = t.find("-->");
            if (end == std::string_view::npos) return {};
            t.remove_prefix(end + 3);
        } else if (t.substr(0, 2) == "<!") {  // <!DOCTYPE ...>, perhaps with an internal subset [ ... ]
            std::size_t i = 2, depth = 0;
            for (; i < t.size(); ++i) {
                if (t[i] == '[') ++depth;
                else if (t[i] == ']' && depth > 0) --depth;
                else if (t[i] == '>' && depth == 0) break;
            }
            if (i >= t.size()) return {};
            t.remove_prefix(i + 1);
        } else if (t.substr(0, 1) == "<") {
            std::size_t end = 1;
            while (end < t.size() && !is_space(t[end]) && t[end] != '>' && t[end] != '/') ++end;
            std::string_view name = t.substr(1, end - 1);
            if (auto colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
            return name;
        } else {
            return {};
        }
    }
}

/// Reads a JSON object's top-level keys until one says what the document is.
class top_level_keys {
public:
    using json = nlohmann::json;
    std::optional<source_format> found;

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(json::number_integer_t) { return value(); }
    bool number_unsigned(json::number_unsigned_t) { return value(); }
    bool number_float(json::number_float_t, const std::string&) { return value(); }
    bool binary(json::binary_t&) { return value(); }
    bool string(std::string&) {
        if (depth_ == 1 && key_ == "format") {
            found = source_format::json;  // grantfolio's reader says so when it is not "grantfolio-program"
            return false;
        }
        return value();
    }
    bool start_object(std::size_t) { return open(); }
    bool end_object() { return close(); }
    bool start_array(std::size_t) {
        if (depth_ == 1 && key_ == "grants") {
            found = source_format::giving360_json;
            return false;
        }
        return open();
    }
    bool end_array() { return close(); }
    bool key(std::string& k) {
        if (depth_ == 1) key_ = std::move(k);
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    bool value() {
        if (depth_ == 1 && (key_ == "format" || key_ == "grants")) {
            found = source_format::json;  // a "format" or "grants" that is not what either format says
            return false;
        }
        return true;
    }
    bool open() {
        if (depth_ == 1 && (key_ == "format" || key_ == "grants")) return value();
        ++depth_;
        return depth_ < 64;
    }
    bool close() {
        --depth_;
        return true;
    }
    int depth_ = 0;
    std::string key_;
};

bool giving360_csv_header(std::string_view t) {
    std::istringstream in(std::string(t.substr(0, std::min<std::size_t>(t.size(), 1 << 16))));
    csv_reader csv(in, "");
    std::vector<std::string> header;
    try {
        if (!csv.next(header)) return false;
    } catch (const error&) {
        return false;
    }
    auto has = [&](const char* column) { return std::find(header.begin(), header.end(), column) != header.end(); };
    return has("Identifier") && has("Amount Awarded");
}

/// A line (within the first 64 KiB) that starts with one of the profile's title labels, whatever its case.
bool listing_title(std::string_view text, const listing_profile& profile) {
    std::vector<std::string> titles;
    for (const auto& l : profile.languages)
        for (const auto& [label, f] : l.labels)
            if (f == listing_field::title) titles.push_back(text::fold_case(label));
    const std::string_view head = text.substr(0, 1 << 16);
    for (std::size_t at = 0; at < head.size();) {
        const std::size_t end = std::min(head.find('\n', at), head.size());
        const std::string_view line = head.substr(at, end - at);
        if (const auto i = line.find_first_not_of(" \t\xEF\xBB\xBF"); i != std::string_view::npos) {
            std::string start;
            try {
                start = text::fold_case(line.substr(i, std::min<std::size_t>(line.size() - i, 200)));
            } catch (const parse_error&) {  // cut inside a character, or not UTF-8: not a label line
            }
            for (const auto& t : titles)
                if (start.rfind(t, 0) == 0) return true;
        }
        at = end + 1;
    }
    return false;
}

std::string title_labels(const listing_profile& profile) {
    std::string s;
    for (const auto& l : profile.languages)
        for (const auto& [label, f] : l.labels)
            if (f == listing_field::title) s += (s.empty() ? "'" : " or '") + label + ":'";
    return s;
}

parse_error not_a_source(const std::string& name, const listing_profile* listing) {
    const std::string as_listing = listing ? "neither a listing (no line starting " + title_labels(*listing) + ")"
                                           : "neither a listing (no listing profile was given to read one with)";
    return parse_error("not a grantfolio source: " + as_listing +
                           ", nor a grantfolio JSON programme (top-level \"format\": \"grantfolio-program\"), nor IATI activity XML "
                           "(root element iati-activities), nor a 360Giving package (JSON with a top-level \"grants\" array, or CSV "
                           "with Identifier and Amount Awarded columns), nor an XML, text or binary archive",
                       parse_error::location{name, 1, 1, {}});
}

}  // namespace

const char* to_string(source_format f) noexcept {
    switch (f) {
        case source_format::archive: return "archive";
        case source_format::iati: return "iati";
        case source_format::json: return "json";
        case source_format::giving360_json: return "360giving";
        case source_format::giving360_csv: return "360giving-csv";
        case source_format::listing: return "listing";
    }
    return "?";
}

const char* describe(source_format f) noexcept {
    switch (f) {
        case source_format::archive: return "a grantfolio archive (XML, text or binary)";
        case source_format::iati: return "IATI activity XML (1.01-2.03, mixed versions too)";
        case source_format::json: return "a grantfolio JSON export";
        case source_format::giving360_json: return "a 360Giving package (JSON)";
        case source_format::giving360_csv: return "360Giving flat CSV";
        case source_format::listing: return "a grants listing, read with a listing profile";
    }
    return "?";
}

std::optional<source_format> detect_source(std::string_view text, const listing_profile* listing) {
    if (detect_archive(text.substr(0, 512))) return source_format::archive;
    const std::string_view t = skip_space(without_bom(text));
    if (t.substr(0, 1) == "<") {
        const std::string_view root = xml_root(t);
        if (root == "iati-activities" || root == "iati-activity") return source_format::iati;
        return std::nullopt;
    }
    if (t.substr(0, 1) == "{") {
        top_level_keys keys;
        nlohmann::json::sax_parse(t.begin(), t.end(), &keys);
        return keys.found.value_or(source_format::json);
    }
    if (giving360_csv_header(without_bom(text))) return source_format::giving360_csv;
    if (listing && listing_title(text, *listing)) return source_format::listing;
    return std::nullopt;
}

read_result read_program(const std::filesystem::path& path, const read_options& options) {
    const std::string name = path.string();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw file_error("cannot open '" + name + "' for reading: " + std::strerror(errno), name, errno);
    if (S_ISDIR(st.st_mode)) throw file_error("cannot read '" + name + "': it is a directory", name, EISDIR);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        throw error("cannot read '" + name + "': it is a device, not a file (a pipe or a regular file is read)");
    const reader_limits& limits = options.limits;
    auto out_of_memory = [&](std::size_t bytes) {
        return error("out of memory while reading '" + name + "' (" + std::to_string(bytes >> 20) +
                     " MiB): nothing read; see docs/reliability.md for what each reader needs");
    };
    if (S_ISREG(st.st_mode)) {
        // Mapped, not copied into memory: readers take what they keep from the mapping, and the IATI
        // reader gives each page back once it has passed it.
        std::optional<detail::mapped_file> file;
        file.emplace(path, limits.max_bytes);
        const std::string_view text = file->bytes();
        if (auto format = detect_archive(text.substr(0, 512))) {
            file.reset();
            return {load_archive(path), {}, std::string("archive (") + to_string(*format) + ")"};
        }
        try {
            const auto format = detect_source(text, options.listing);
            if (format == source_format::iati) {
                iati_options o;
                o.limits = limits;
                detail::page_releaser pages(text.data());
                return detail::read_iati(text, name, o, &pages);
            }
            if (format == source_format::giving360_json) {
                giving360_options o;
                o.limits = limits;
                detail::page_releaser pages(text.data());
                return detail::read_360giving(text, name, o, &pages);
            }
            return read_source(text, name, options);
        } catch (const std::bad_alloc&) {
            throw out_of_memory(text.size());
        }
    }
    // A pipe gives its bytes only once: read them into memory.
    std::string text;
    try {
        text = read_file(path, limits.max_bytes);
    } catch (const std::bad_alloc&) {
        throw error("out of memory while reading '" + name + "' into memory");
    }
    try {
        return read_source(text, name, options);
    } catch (const std::bad_alloc&) {
        throw out_of_memory(text.size());
    }
}

read_result read_source(std::string_view text, const std::string& name, const read_options& options) {
    if (auto format = detect_archive(text.substr(0, 512)))
        return {from_archive(text, name), {}, std::string("archive (") + to_string(*format) + ")"};
    const auto format = detect_source(text, options.listing);
    if (!format || *format == source_format::archive) throw not_a_source(name, options.listing);
    switch (*format) {
        case source_format::iati: {
            iati_options o;
            o.limits = options.limits;
            return read_iati(text, name, o);
        }
        case source_format::giving360_json: {
            giving360_options o;
            o.limits = options.limits;
            return read_360giving(text, name, o);
        }
        case source_format::giving360_csv: {
            giving360_options o;
            o.limits = options.limits;
            return read_360giving_csv(text, name, o);
        }
        case source_format::json: return {read_json(text, name, options.limits), {}, "json"};
        case source_format::listing: {
            listing_options o;
            o.limits = options.limits;
            return read_listing(text, name, *options.listing, o);
        }
        case source_format::archive: break;
    }
    throw not_a_source(name, options.listing);
}

}  // namespace grantfolio::io
