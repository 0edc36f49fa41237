// grantfolio/serialization/transaction.hpp — transactions in Boost.Serialization archives.
#pragma once

#include "grantfolio/serialization/decimal.hpp"
#include "grantfolio/transaction.hpp"

namespace grantfolio::serialization {
template <> inline transaction blank<transaction>() {
    return transaction{transaction_kind::disbursement, from_day_number(0), money(currency("XXX")), ""};
}
}  // namespace grantfolio::serialization

namespace boost::serialization {

/// Items written inline after their count (not as class objects): the grant's class version
/// covers their layout.
template <class Archive, class T, class Fields>
void inline_items(Archive& ar, const char* name, std::vector<T>& items, Fields&& fields) {
    namespace s = grantfolio::serialization;
    std::uint64_t n = items.size();
    s::named_number(ar, "", name, "_count", n);
    if constexpr (Archive::is_loading::value) {
        s::check_count(ar, n, name, s::context(ar).max_elements);
        items.clear();
        items.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(n, 4096)));
        for (std::uint64_t i = 0; i < n; ++i) {
            T item{};
            fields(ar, item);
            items.push_back(std::move(item));
        }
    } else {
        for (auto& item : items) fields(ar, item);
    }
}

template <class Archive>
void narrative_fields(Archive& ar, grantfolio::narrative& n) {
    grantfolio::serialization::string_field(ar, "language", n.language);
    grantfolio::serialization::string_field(ar, "text", n.text);
}

/// Narratives, inline after their count.
template <class Archive>
void narrative_list(Archive& ar, const char* name, std::vector<grantfolio::narrative>& list) {
    inline_items(ar, name, list, [](Archive& a, grantfolio::narrative& n) { narrative_fields(a, n); });
}

/// A classification as of archive format `version` (6 adds its narratives).
template <class Archive>
void classification_fields(Archive& ar, grantfolio::classification& c, unsigned version) {
    namespace s = grantfolio::serialization;
    s::string_field(ar, "code", c.code);
    s::string_field(ar, "vocabulary", c.vocabulary);
    s::string_field(ar, "vocabulary_uri", c.vocabulary_uri);
    s::optional_field(ar, "percentage", c.percentage, [](Archive& a, const char* n, grantfolio::decimal& d) { s::value_field(a, n, d); });
    if (!Archive::is_loading::value || version >= 6) narrative_list(ar, "narratives", c.narratives);
}

/// Lists of classifications, each inline after its count, in the order given.
template <class Archive>
void classification_lists(Archive& ar, unsigned version,
                          std::initializer_list<std::pair<const char*, std::vector<grantfolio::classification>*>> lists) {
    for (auto [name, list] : lists)
        inline_items(ar, name, *list, [version](Archive& a, grantfolio::classification& c) { classification_fields(a, c, version); });
}

template <class Archive>
void party_fields(Archive& ar, grantfolio::transaction_party& p) {
    namespace s = grantfolio::serialization;
    s::string_field(ar, "org", p.org);
    s::string_field(ar, "activity_id", p.activity_id);
    s::string_field(ar, "type", p.type);
    s::string_field(ar, "name", p.name);
}

/// A transaction's detail (format 5 on) as of archive format `version`.
template <class Archive>
void detail_fields(Archive& ar, grantfolio::transaction_detail& d, unsigned version) {
    namespace s = grantfolio::serialization;
    auto day = [](Archive& a, const char* n, grantfolio::date& x) { s::date_field(a, n, x); };
    s::optional_field(ar, "transaction_date", d.transaction_date, day);
    s::optional_field(ar, "period_start", d.period_start, day);
    s::optional_field(ar, "period_end", d.period_end, day);
    for (auto [name, field] : grantfolio::transaction_detail_texts) s::string_field(ar, name, d.*field);
    party_fields(ar, d.provider);
    party_fields(ar, d.receiver);
    classification_lists(ar, version, {{"aid_types", &d.aid_types}, {"sectors", &d.sectors}, {"recipient_countries", &d.recipient_countries},
                              {"recipient_regions", &d.recipient_regions}});
}

template <class Archive>
void serialize(Archive& ar, grantfolio::transaction& t, unsigned version) {
    namespace s = grantfolio::serialization;
    if constexpr (Archive::is_loading::value) s::check_version<Archive>(version, "transaction");
    s::enum_field(ar, "kind", t.kind, static_cast<int>(grantfolio::last_transaction_kind));
    s::date_field(ar, "value_date", t.value_date);
    ar & make_nvp("amount", t.amount);
    s::string_field(ar, "note", t.note);
    if (!Archive::is_loading::value || version >= 5) {
        grantfolio::transaction_detail d = *t.detail;
        detail_fields(ar, d, version);
        if constexpr (Archive::is_loading::value) t.detail = std::move(d);
    }
}

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::transaction)
