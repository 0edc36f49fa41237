// grantfolio/gazetteer.hpp — the places of a country, and an index of them by any form of their names.
//
// gazetteer is header-only (part of grantfolio::core): places by id, parents, ancestors, levels.
// place_names, the lookup by name, folds case and normalises Unicode with ICU: it is compiled, in
// grantfolio::grantfolio.
//
//   const auto& g = grantfolio::datasets::albania_gazetteer();
//   g.ancestor(*g.find("M-ROSKOVEC"), grantfolio::place_level::qark)->name;   // "Fier"
//   grantfolio::place_names names(g);
//   auto hits = names.find("Durrësit");          // qark Durrës and district Durrës
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "grantfolio/place.hpp"

namespace grantfolio {

namespace detail {
/// Hashes std::string and std::string_view alike, so that lookups by view allocate nothing.
/// Deliberately not noexcept: libstdc++ then keeps each node's hash code, and a lookup compares
/// codes instead of rehashing every key on the bucket's chain.
struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
}  // namespace detail

class gazetteer {
public:
    gazetteer() = default;
    explicit gazetteer(std::string name) : name_(std::move(name)) {}

    /// Adds a place; its parent must be there already and of a higher level, its id new.
    void add(place p);
    const std::string& name() const noexcept { return name_; }
    const std::vector<place>& places() const noexcept { return places_; }
    std::size_t size() const noexcept { return places_.size(); }
    bool empty() const noexcept { return places_.empty(); }

    const place* find(std::string_view id) const;
    /// Throws invalid_argument naming the id.
    const place& at(std::string_view id) const;
    const place* parent(const place& p) const { return p.parent.empty() ? nullptr : find(p.parent); }
    /// The place itself or its ancestor at `level`, or nothing when the place is above that level.
    const place* ancestor(const place& p, place_level level) const;
    /// Places at a level, in file order.
    std::vector<const place*> at_level(place_level level) const;

    friend bool operator==(const gazetteer& a, const gazetteer& b) {
        return a.name_ == b.name_ && a.places_ == b.places_;
    }

private:
    std::string name_;
    std::vector<place> places_;
    std::unordered_map<std::string, std::size_t, detail::string_hash, std::equal_to<>> by_id_;
};

/// A gazetteer's places by every form of their names — name, definite and genitive forms, aliases —
/// with case folded and Unicode normalised (ICU; compiled: needs grantfolio::grantfolio). It holds
/// the gazetteer as it was when made: keep the gazetteer alive while using it, and make it again
/// after adding places.
class place_names {
public:
    explicit place_names(const gazetteer& g);
    /// Places of which a form matches `form`, most general level first.
    std::vector<const place*> find(std::string_view form) const;

private:
    const gazetteer* g_;
    std::multimap<std::string, std::size_t> by_key_;  // text::match_key(form) -> place position
};

// inline definitions

inline void gazetteer::add(place p) {
    if (p.id.empty()) throw invalid_argument("a place needs an id");
    if (by_id_.count(p.id)) throw invalid_argument("place id '" + p.id + "' is already in gazetteer '" + name_ + "'");
    if (!p.parent.empty()) {
        const place* parent = find(p.parent);
        if (!parent) throw invalid_argument("place '" + p.id + "' names parent '" + p.parent + "', which is not (yet) there");
        if (parent->level >= p.level)
            throw invalid_argument("place '" + p.id + "' (" + std::string(to_string(p.level)) + ") cannot lie in '" + parent->id +
                                   "' (" + std::string(to_string(parent->level)) + ")");
    } else if (p.level != place_level::nationwide && !places_.empty()) {
        // Several roots are allowed (several countries), but only at the top level.
        throw invalid_argument("place '" + p.id + "' has no parent but is not nationwide");
    }
    if (p.name.empty()) throw invalid_argument("place '" + p.id + "' has no name");
    by_id_.emplace(p.id, places_.size());
    places_.push_back(std::move(p));
}

inline const place* gazetteer::find(std::string_view id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &places_[it->second];
}

inline const place& gazetteer::at(std::string_view id) const {
    if (const place* p = find(id)) return *p;
    throw invalid_argument("no place " + quote_value(id) + " in gazetteer '" + name_ + "'");
}

inline const place* gazetteer::ancestor(const place& p, place_level level) const {
    const place* at = &p;
    while (at && at->level > level) at = parent(*at);
    return at && at->level == level ? at : nullptr;
}

inline std::vector<const place*> gazetteer::at_level(place_level level) const {
    std::vector<const place*> out;
    for (const auto& p : places_)
        if (p.level == level) out.push_back(&p);
    return out;
}

}  // namespace grantfolio
