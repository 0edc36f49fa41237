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

template <class Archive>
void serialize(Archive& ar, grantfolio::transaction& t, unsigned version) {
    namespace s = grantfolio::serialization;
    if constexpr (Archive::is_loading::value) s::check_version<Archive>(version, "transaction");
    s::enum_field(ar, "kind", t.kind, static_cast<int>(grantfolio::last_transaction_kind));
    s::date_field(ar, "value_date", t.value_date);
    ar & make_nvp("amount", t.amount);
    s::string_field(ar, "note", t.note);
}

}  // namespace boost::serialization

GRANTFOLIO_SERIALIZATION_CLASS(grantfolio::transaction)
