// Gazetteers: looking places up by any form of their name (place_names), reading them from CSV.
#include "grantfolio/gazetteer.hpp"

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <map>

#include "grantfolio/io/gazetteer.hpp"
#include "grantfolio/text.hpp"

namespace grantfolio {

place_names::place_names(const gazetteer& g) : g_(&g) {
    const auto& places = g.places();
    for (std::size_t i = 0; i < places.size(); ++i) {
        const place& p = places[i];
        std::vector<std::string> keys;
        for (const auto* form : {&p.name, &p.definite, &p.genitive})
            if (!form->empty()) keys.push_back(text::match_key(*form));
        for (const auto& a : p.aliases) keys.push_back(text::match_key(a));
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        for (auto& k : keys) by_key_.emplace(std::move(k), i);
    }
}

std::vector<const place*> place_names::find(std::string_view form) const {
    std::vector<const place*> out;
    auto [a, b] = by_key_.equal_range(text::match_key(form));
    for (auto it = a; it != b; ++it) out.push_back(&g_->places()[it->second]);
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
