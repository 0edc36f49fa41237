// grantfolio/program.hpp — a donor's grant programme: names, donor, phases, organisations, grants,
// the places they name, and totals as written.
//
//   const grantfolio::program& p = grantfolio::datasets::caaht_2006();
//   p.grants().size();                       // 24
//   p.acronym("sq");                         // "KVKTNj"
//   p.organization_by_id(p.grants()[0].grantee).name;
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tsl/robin_map.h>
#include <unordered_map>
#include <vector>

#include "grantfolio/gazetteer.hpp"
#include "grantfolio/grant.hpp"
#include "grantfolio/organization.hpp"
#include "grantfolio/phase.hpp"
#include "grantfolio/transaction_store.hpp"

namespace grantfolio {

/// A programme's name in one language (BCP 47 code: "en", "sq").
struct program_name {
    std::string language;
    std::string name;
    std::string acronym;
    friend bool operator==(const program_name&, const program_name&) = default;
};

/// What a programme says of itself. program's operator== compares it whole (defaulted), so a
/// field added here is compared without anyone having to remember to.
struct program_identity {
    std::string id;
    std::vector<program_name> names;
    std::string donor;        ///< organization id of the donor
    std::string implementer;  ///< organization id of the implementer
    std::string country;      ///< ISO 3166-1 alpha-2
    std::vector<money> totals;  ///< as written, one per currency (never summed across currencies)
    std::optional<date> revised_on;
    /// When its source says the file was made, as written (IATI generated-datetime, an
    /// xsd:dateTime); empty: not stated. Written back by the IATI export, never the clock.
    std::string generated_at;
    /// What the source says of the whole programme before its records, as read (a listing's
    /// introduction, with the line it starts on: where its totals, donor and dates were read);
    /// empty when the source has none.
    source_record introduction;
    friend bool operator==(const program_identity&, const program_identity&) = default;
};

class program : public program_identity {
public:
    program() = default;

    std::string source;       ///< where it was read from (not part of its value: the same programme read from two files is equal)

    /// The name in a language, else the first name; empty when there are none.
    std::string name(std::string_view language = "en") const;
    std::string acronym(std::string_view language = "en") const;

    const std::vector<phase>& phases() const noexcept { return phases_; }
    const std::vector<organization>& organizations() const noexcept { return organizations_; }
    const std::vector<grant>& grants() const noexcept { return grants_; }
    const gazetteer& places() const noexcept { return places_; }
    /// Every transaction of every grant, in columns (see transaction_store); grant_of(row) is a
    /// position in grants().
    const transaction_store& transactions() const noexcept { return transactions_; }

    const phase* phase_by_number(int n) const;
    const organization* find_organization(std::string_view id) const;
    /// Throws invalid_argument naming the id.
    const organization& organization_by_id(std::string_view id) const;
    const grant* find_grant(std::string_view id) const;
    const grant& grant_by_id(std::string_view id) const;
    /// Position of a grant in grants(); throws invalid_argument naming the id.
    std::size_t grant_position(std::string_view id) const;
    /// The transactions of one grant, in the order they were added. Scans the whole store; to visit
    /// every grant's rows, group them once with transactions().by_grant(grants().size()).
    std::vector<transaction> transactions_of(std::string_view grant_id) const;
    /// The grantee of the grant at a position in grants(), without looking its id up (kept beside
    /// the grants when they are added or changed); nothing for a grant without one.
    const organization* grantee_of(std::size_t grant_position) const {
        const std::uint32_t k = grantee_at_.at(grant_position);
        return k == no_organization ? nullptr : &organizations_[k];
    }
    /// The place a site resolved to, or nothing for sites kept as written.
    const place* place_of(const site& s) const { return s.place.empty() ? nullptr : places_.find(s.place); }

    void add_phase(phase p);
    /// Adds an organisation; its id must be new.
    void add_organization(organization o);
    /// Changes an organisation through edit(organization&), applied to a copy and kept only when
    /// its id is unchanged (grants refer to it by id); returns it as kept. Strong guarantee.
    template <class Edit>
    const organization& update_organization(std::string_view id, Edit&& edit);
    /// Adds a grant; its id must be new, its phase, grantee, partners and sites must be known.
    void add_grant(grant g);
    /// Changes a grant through edit(grant&), applied to a copy and kept only when the result passes
    /// add_grant's checks (phase, organisations, places known; a changed id not taken), so the
    /// programme's indexes and references always hold; returns it as kept. Strong guarantee.
    template <class Edit>
    const grant& update_grant(std::string_view id, Edit&& edit);
    /// Adds a transaction to a known grant.
    void add_transaction(std::string_view grant_id, const transaction& t) {
        transactions_.push_back(static_cast<std::uint32_t>(grant_position(grant_id)), t);
    }
    void add_transaction(std::size_t grant_position, const transaction& t);
    /// Replaces every transaction; each row's grant must be a position in grants().
    void set_transactions(transaction_store::columns c) {
        transactions_ = transaction_store::from_columns(std::move(c), grants_.size());
    }
    void reserve_transactions(std::size_t n) { transactions_.reserve(n); }
    void set_places(gazetteer g) { places_ = std::move(g); }
    /// Room for this many grants and organisations (for readers that know the counts).
    void reserve(std::size_t grants, std::size_t organizations) {
        grants_.reserve(grants);
        grantee_at_.reserve(grants);
        grant_index_.reserve(grants);
        organizations_.reserve(organizations);
        org_index_.reserve(organizations);
    }

    /// Equal when they say the same of themselves and hold the same phases, organisations, grants,
    /// places and transactions; the indexes derived from those, and `source`, are not compared.
    friend bool operator==(const program& a, const program& b) {
        return static_cast<const program_identity&>(a) == b && a.phases_ == b.phases_ && a.organizations_ == b.organizations_ &&
               a.grants_ == b.grants_ && a.places_ == b.places_ && same_transactions(a, b);
    }

private:
    /// Each grant's transactions in the same order; how rows of different grants interleave in the
    /// store (the order they were added in) is not part of a programme's value.
    static bool same_transactions(const program& a, const program& b);
    static constexpr std::uint32_t no_organization = UINT32_MAX;
    /// Throws invalid_argument unless g's phase, organisations and places are in the programme;
    /// returns its grantee's position in organizations() (no_organization: none).
    std::uint32_t check_references(const grant& g) const;
    std::vector<phase> phases_;
    std::vector<organization> organizations_;
    std::vector<grant> grants_;
    std::vector<std::uint32_t> grantee_at_;  // by grant position: its grantee's position, or no_organization
    gazetteer places_;
    transaction_store transactions_;
    // Open addressing with the hash stored beside each key: one cache miss per lookup in tables of a
    // million ids, where node-based maps take three.
    using index = tsl::robin_map<std::string, std::size_t, detail::string_hash, std::equal_to<>,
                                 std::allocator<std::pair<std::string, std::size_t>>, true>;
    index org_index_, grant_index_;
};

// inline definitions

inline std::string program::name(std::string_view language) const {
    for (const auto& n : names)
        if (n.language == language) return n.name;
    return names.empty() ? std::string() : names.front().name;
}

inline std::string program::acronym(std::string_view language) const {
    for (const auto& n : names)
        if (n.language == language) return n.acronym;
    return names.empty() ? std::string() : names.front().acronym;
}

inline const phase* program::phase_by_number(int n) const {
    for (const auto& p : phases_)
        if (p.number == n) return &p;
    return nullptr;
}

inline const organization* program::find_organization(std::string_view id) const {
    auto it = org_index_.find(id);
    return it == org_index_.end() ? nullptr : &organizations_[it->second];
}

inline const organization& program::organization_by_id(std::string_view id) const {
    if (auto* o = find_organization(id)) return *o;
    throw invalid_argument("no organization " + quote_value(id) + " in programme '" + this->id + "'");
}

template <class Edit>
const organization& program::update_organization(std::string_view id, Edit&& edit) {
    auto it = org_index_.find(id);
    if (it == org_index_.end()) throw invalid_argument("no organization " + quote_value(id) + " in programme '" + this->id + "'");
    organization& kept = organizations_[it->second];
    organization o = kept;
    edit(o);
    if (o.id != kept.id)
        throw invalid_argument("organization " + quote_value(kept.id) + " cannot change its id to " + quote_value(o.id) +
                               ": grants refer to it by id");
    kept = std::move(o);
    return kept;
}

inline const grant* program::find_grant(std::string_view id) const {
    auto it = grant_index_.find(id);
    return it == grant_index_.end() ? nullptr : &grants_[it->second];
}

inline const grant& program::grant_by_id(std::string_view id) const {
    if (auto* g = find_grant(id)) return *g;
    throw invalid_argument("no grant " + quote_value(id) + " in programme '" + this->id + "'");
}

inline std::size_t program::grant_position(std::string_view id) const {
    auto it = grant_index_.find(id);
    if (it == grant_index_.end()) throw invalid_argument("no grant " + quote_value(id) + " in programme '" + this->id + "'");
    return it->second;
}

inline void program::add_transaction(std::size_t position, const transaction& t) {
    if (position >= grants_.size())
        throw invalid_argument("no grant at position " + std::to_string(position) + " in programme '" + id + "'");
    transactions_.push_back(static_cast<std::uint32_t>(position), t);
}

inline std::vector<transaction> program::transactions_of(std::string_view grant_id) const {
    const auto g = static_cast<std::uint32_t>(grant_position(grant_id));
    std::vector<transaction> out;
    auto grants = transactions_.grants();
    for (std::size_t r = 0; r < grants.size(); ++r)
        if (grants[r] == g) out.push_back(transactions_.at(r));
    return out;
}

template <class Edit>
const grant& program::update_grant(std::string_view id, Edit&& edit) {
    const std::size_t at = grant_position(id);
    grant g = grants_[at];
    edit(g);
    const std::uint32_t grantee = check_references(g);
    if (g.id != grants_[at].id) {
        if (g.id.empty()) throw invalid_argument("grant " + quote_value(grants_[at].id) + " cannot lose its id");
        if (!grant_index_.try_emplace(g.id, at).second) throw invalid_argument("grant id '" + g.id + "' is already taken");
        grant_index_.erase(grants_[at].id);
    }
    grants_[at] = std::move(g);
    grantee_at_[at] = grantee;
    return grants_[at];
}

inline bool program::same_transactions(const program& a, const program& b) {
    const auto& x = a.transactions_;
    const auto& y = b.transactions_;
    if (x.size() != y.size()) return false;
    if (x == y) return true;
    const auto gx = x.by_grant(a.grants_.size()), gy = y.by_grant(b.grants_.size());
    if (gx.offsets != gy.offsets) return false;
    for (std::size_t k = 0; k < gx.rows.size(); ++k) {
        const auto i = gx.rows[k], j = gy.rows[k];
        if (x.days()[i] != y.days()[j] || x.kinds()[i] != y.kinds()[j] || x.currencies()[i] != y.currencies()[j] ||
            x.amount_value(i) != y.amount_value(j) ||
            x.note(i) != y.note(j))
            return false;
    }
    return true;
}

inline void program::add_phase(phase p) {
    if (phase_by_number(p.number)) throw invalid_argument("phase " + std::to_string(p.number) + " is already there");
    phases_.push_back(std::move(p));
}

inline void program::add_organization(organization o) {
    if (o.id.empty()) throw invalid_argument("an organization needs an id");
    if (!org_index_.emplace(o.id, organizations_.size()).second)
        throw invalid_argument("organization id '" + o.id + "' is already taken");
    organizations_.push_back(std::move(o));
}

inline std::uint32_t program::check_references(const grant& g) const {
    if (!phase_by_number(g.phase))
        throw invalid_argument("grant '" + g.id + "' is in phase " + std::to_string(g.phase) + ", which the programme lacks");
    const std::uint32_t grantee =
        g.grantee.empty() ? no_organization : static_cast<std::uint32_t>(&organization_by_id(g.grantee) - organizations_.data());
    for (const auto& o : g.partners) organization_by_id(o);
    for (const auto& o : g.co_funders) organization_by_id(o);
    if (!g.reporting_org.empty()) organization_by_id(g.reporting_org);
    for (const auto& pt : g.participants) organization_by_id(pt.org);
    for (const auto& s : g.sites)
        if (!s.place.empty()) places_.at(s.place);
    return grantee;
}

inline void program::add_grant(grant g) {
    if (g.id.empty()) throw invalid_argument("a grant needs an id");
    const std::uint32_t grantee = check_references(g);
    auto [it, fresh] = grant_index_.try_emplace(g.id, grants_.size());
    if (!fresh) throw invalid_argument("grant id '" + g.id + "' is already taken");
    try {  // all three or none (push_back changes nothing when it throws)
        grantee_at_.push_back(grantee);
        grants_.push_back(std::move(g));
    } catch (...) {
        if (grantee_at_.size() > grants_.size()) grantee_at_.pop_back();
        grant_index_.erase(it);
        throw;
    }
}

}  // namespace grantfolio
