// Gazetteers: adding places, looking them up by any form of their name, reading them from CSV.
#include "grantfolio/gazetteer.hpp"

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <map>

#include "grantfolio/io/gazetteer.hpp"
#include "grantfolio/text.hpp"

namespace grantfolio {

void gazetteer::add(place p) {
    if (p.id.empty()) throw invalid_argument("a place needs an id");
    if (by_id_.count(p.id)) throw invalid_argument("place id '" + p.id + "' is already in gazetteer '" + name_ + "'");
    if (!p.parent.empty()) {
        const place* parent = find(p.parent);
        if (!parent) throw invalid_argument("place '" + p.id + "' names parent '" + p.parent + "', which is not (yet) there");
        if (parent->level >= p.level)
            throw invalid_argument("place '" + p.id + "' (" + to_string(p.level) + ") cannot lie in '" + parent->id +
                                   "' (" + to_string(parent->level) + ")");
    } else if (p.level != place_level::nationwide && !places_.empty()) {
        // Several roots are allowed (several countries), but only at the top level.
        throw invalid_argument("place '" + p.id + "' has no parent but is not nationwide");
    }
    if (p.name.empty()) throw invalid_argument("place '" + p.id + "' has no name");
    by_id_.emplace(p.id, places_.size());
    places_.push_back(std::move(p));
    index_names(places_.size() - 1);
}

void gazetteer::index_names(std::size_t i) {
    const place& p = places_[i];
    std::vector<std::string> keys;
    for (const auto* form : {&p.name, &p.definite, &p.genitive})
        if (!form->empty()) keys.push_back(text::match_key(*form));
    for (const auto& a : p.aliases) keys.push_back(text::match_key(a));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (auto& k : keys) by_key_.emplace(std::move(k), i);
}

std::vector<const place*> gazetteer::find_by_name(std::string_view form) const {
    std::vector<const place*> out;
    auto [a, b] = by_key_.equal_range(text::match_key(form));
    for (auto it = a; it != b; ++it) out.push_back(&places_[it->second]);
    std::stable_sort(out.begin(), out.end(), [](const place* x, const place* y) { return x->level < y->level; });
    return out;
}

namespace io {

gazetteer read_gazetteer(std::istream& in, const std::string& name, const reader_limits& limits) {
    csv_reader csv(in, name, limits);
    std::vector<std::string> row;
    if (!csv.next(row)) throw parse_error("empty gazetteer file", parse_error::location{name, 1, 0, {}});
    const std::vector<std::string> columns{"id", "level", "name", "definite", "genitive", "parent", "code", "aliases"};
    if (row != columns) throw csv.error_at("the header must be id,level,name,definite,genitive,parent,code,aliases");
    gazetteer g(std::filesystem::path(name).stem().string());
    while (csv.next(row)) {
        if (row.size() == 1 && row[0].empty()) continue;
        if (row.size() != columns.size())
            throw csv.error_at("expected 8 fields, found " + std::to_string(row.size()));
        place p;
        p.id = row[0];
        try {
            p.level = parse_place_level(row[1]);
        } catch (const error& e) {
            throw csv.error_at(e.what(), "level");
        }
        p.name = text::nfc(row[2]);
        p.definite = text::nfc(row[3]);
        p.genitive = text::nfc(row[4]);
        p.parent = row[5];
        p.code = row[6];
        std::size_t start = 0;
        while (!row[7].empty() && start <= row[7].size()) {
            auto bar = row[7].find('|', start);
            std::string alias = row[7].substr(start, bar == std::string::npos ? std::string::npos : bar - start);
            if (!alias.empty()) p.aliases.push_back(text::nfc(alias));
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        try {
            g.add(std::move(p));
        } catch (const invalid_argument& e) {
            throw csv.error_at(e.what(), "parent");
        }
    }
    return g;
}

gazetteer read_gazetteer_file(const std::filesystem::path& path, const reader_limits& limits) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error("cannot open '" + path.string() + "' for reading: " + std::strerror(errno), path.string(), errno);
    return read_gazetteer(in, path.string(), limits);
}

}  // namespace io
}  // namespace grantfolio
