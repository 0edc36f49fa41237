// grantfolio/serialization/program.hpp — a whole programme in a Boost.Serialization archive.
//
// Loading goes through the programme's public API (add_phase, add_organization, add_grant), so an
// archive that names an unknown phase, organisation or place is refused like any other input.
//
//   boost::archive::xml_oarchive out(stream);
//   out << boost::serialization::make_nvp("program", program);
#pragma once

#include "grantfolio/detail/parallel.hpp"
#include "grantfolio/program.hpp"
#include "grantfolio/serialization/grant.hpp"
#include "grantfolio/serialization/organization.hpp"
#include "grantfolio/serialization/place.hpp"
#include "grantfolio/serialization/transaction_store.hpp"

namespace grantfolio::serialization {

/// Adds loaded grants to a programme on a second thread while the archive goes on being read:
/// checking each grant's references (phase, organisations, places, a unique id) costs about half as
/// much as reading it, so the two overlap. Batches are bounded, so memory stays bounded too.
class grant_adder {
public:
    explicit grant_adder(program& p)
        : worker_([&p](std::vector<grant>& batch) {
              for (auto& g : batch) p.add_grant(std::move(g));
          }, max_batches) {}
    void add(grant&& g) {
        batch_.push_back(std::move(g));
        if (batch_.size() == batch_size) flush();
    }
    /// Hands over the last batch, waits for the worker and rethrows what it met.
    void finish() {
        flush();
        worker_.finish();
    }

private:
    static constexpr std::size_t batch_size = 2048, max_batches = 8;
    void flush() {
        if (batch_.empty()) return;
        worker_.push(std::move(batch_));
        batch_.clear();
        batch_.reserve(batch_size);
    }
    std::vector<grant> batch_;
    detail::handoff<std::vector<grant>> worker_;
};

}  // namespace grantfolio::serialization

namespace boost::serialization {

template <class Archive>
void serialize(Archive& ar, grantfolio::phase& p, unsigned version) {
    namespace s = grantfolio::serialization;
    if constexpr (Archive::is_loading::value) s::check_version<Archive>(version, "phase");
    ar & make_nvp("number", p.number);
    s::string_field(ar, "name", p.name);
    s::optional_field(ar, "window", p.window, [](Archive& a, const char* n, auto& v) { s::value_field(a, n, v); });
    if (!Archive::is_loading::value || version >= 4) s::source_record_field(ar, p.source, version);
}

template <class Archive>
void serialize(Archive& ar, grantfolio::program_name& n, unsigned version) {
    namespace s = grantfolio::serialization;
    if constexpr (Archive::is_loading::value) s::check_version<Archive>(version, "program_name");
    s::string_field(ar, "language", n.language);
    s::string_field(ar, "name", n.name);
    s::string_field(ar, "acronym", n.acronym);
}

/// The programme's own fields, in archive order, for saving and loading alike.
template <class Archive>
void identity_fields(Archive& ar, grantfolio::program& p, unsigned version) {
    namespace s = grantfolio::serialization;
    s::string_field(ar, "id", p.id);
    s::vector_field(ar, "names", p.names);
    s::string_field(ar, "donor", p.donor);
    s::string_field(ar, "implementer", p.implementer);
    s::string_field(ar, "country", p.country);
    s::vector_field(ar, "totals", p.totals);
    s::optional_field(ar, "revised_on", p.revised_on, [](Archive& a, const char* n, grantfolio::date& d) { s::date_field(a, n, d); });
    s::string_field(ar, "source", p.source);
    if (!Archive::is_loading::value || version >= 6) s::string_field(ar, "generated_at", p.generated_at);  // format 6
    if (!Archive::is_loading::value || version >= 7) s::source_record_field(ar, p.introduction, version);  // format 7
}

template <class Archive>
void save(Archive& ar, const grantfolio::program& p, unsigned) {
    namespace s = grantfolio::serialization;
    // Saving only reads through these references; the field helpers serve both directions.
    identity_fields(ar, const_cast<grantfolio::program&>(p), grantfolio::serialization::format_version);
    ar << make_nvp("places", p.places());
    s::vector_field(ar, "phases", const_cast<std::vector<grantfolio::phase>&>(p.phases()));
    s::vector_field(ar, "organizations", const_cast<std::vector<grantfolio::organization>&>(p.organizations()));
    std::uint64_t n = p.grants().size();
    ar << make_nvp("grants_count", n);
    for (const auto& g : p.grants()) ar << make_nvp("item", g);
    // Saving only reads the columns.
    s::store_field(ar, const_cast<grantfolio::transaction_store::columns&>(p.transactions().data()));
}

template <class Archive>
void load(Archive& ar, grantfolio::program& p, unsigned version) {
    namespace s = grantfolio::serialization;
    s::check_version<Archive>(version, "program");
    grantfolio::program out;
    identity_fields(ar, out, version);
    grantfolio::gazetteer places;
    ar >> make_nvp("places", places);
    out.set_places(std::move(places));
    std::vector<grantfolio::phase> phases;
    std::vector<grantfolio::organization> orgs;
    s::vector_field(ar, "phases", phases);
    s::vector_field(ar, "organizations", orgs);
    for (auto& ph : phases) out.add_phase(std::move(ph));
    out.reserve(0, orgs.size());
    for (auto& o : orgs) out.add_organization(std::move(o));
    for (const auto* id : {&out.donor, &out.implementer})
        if (!id->empty()) out.organization_by_id(*id);
    std::uint64_t n = 0;
    ar >> make_nvp("grants_count", n);
    s::check_count(ar, n, "grants", s::context(ar).max_elements);
    // Room for the grants, but never more than the bytes left could hold (a grant takes over 128).
    std::uint64_t room = n;
    if (const auto& c = s::context(ar); c.stream) {
        auto pos = static_cast<std::int64_t>(c.stream->rdbuf()->pubseekoff(0, std::ios_base::cur, std::ios_base::in));
        if (pos >= 0) room = std::min<std::uint64_t>(room, static_cast<std::uint64_t>(c.end - pos) / 128);
    }
    out.reserve(static_cast<std::size_t>(room), 0);
    // Each grant's phase, organisations and places must be known, its id new: add_grant checks.
    // Format 1: each grant brought its transactions; kept by grant position until the grants are in.
    std::vector<std::pair<std::size_t, std::vector<grantfolio::transaction>>> legacy;
    auto take_legacy = [&](std::uint64_t i) {
        auto& pending = s::context(ar).legacy_transactions;
        if (!pending.empty()) legacy.emplace_back(static_cast<std::size_t>(i), std::move(pending));
        pending.clear();
    };
    if (n < 20000) {
        for (std::uint64_t i = 0; i < n; ++i) {
            grantfolio::grant g;
            ar >> make_nvp("item", g);
            take_legacy(i);
            out.add_grant(std::move(g));
        }
    } else {
        s::grant_adder adder(out);
        for (std::uint64_t i = 0; i < n; ++i) {
            grantfolio::grant g;
            ar >> make_nvp("item", g);
            take_legacy(i);
            adder.add(std::move(g));
        }
        adder.finish();
    }
    if (version >= 2) {
        grantfolio::transaction_store::columns c;
        s::store_field(ar, c, version);
        out.set_transactions(std::move(c));  // checked against the grants
    } else {
        for (auto& [at, txs] : legacy)
            for (const auto& t : txs) out.add_transaction(at, t);
    }
    // Before format 5, what a budget or transaction said besides its value was in its note.
    if (version < 5)
        if (auto upgraded = grantfolio::detail::upgraded_store(out.transactions())) out.set_transactions(std::move(*upgraded));
    p = std::move(out);
}

template <class Archive> void serialize(Archive& ar, grantfolio::program& p, unsigned v) { split_free(ar, p, v); }

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::phase)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::program_name)
GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::program)
