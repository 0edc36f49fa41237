// grantfolio/transaction.hpp — money moving under a grant on a value date.
//
//   grantfolio::transaction t{grantfolio::transaction_kind::disbursement, grantfolio::parse_date("2005-03-15"),
//                             grantfolio::money::parse("25000", grantfolio::currency("USD")), "first tranche"};
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "grantfolio/date.hpp"
#include "grantfolio/money.hpp"

namespace grantfolio {

enum class transaction_kind { commitment, disbursement, expenditure, refund };

inline const char* to_string(transaction_kind k) noexcept {
    switch (k) {
        case transaction_kind::commitment: return "commitment";
        case transaction_kind::disbursement: return "disbursement";
        case transaction_kind::expenditure: return "expenditure";
        case transaction_kind::refund: return "refund";
    }
    return "?";
}

inline transaction_kind parse_transaction_kind(std::string_view s) {
    for (auto k : {transaction_kind::commitment, transaction_kind::disbursement, transaction_kind::expenditure,
                   transaction_kind::refund})
        if (s == to_string(k)) return k;
    throw invalid_argument("unknown transaction kind '" + std::string(s) +
                           "' (expected commitment, disbursement, expenditure or refund)");
}

struct transaction {
    transaction_kind kind = transaction_kind::disbursement;
    date value_date;  ///< the date its conversion uses
    money amount;
    std::string note;
    friend bool operator==(const transaction&, const transaction&) = default;
};

inline std::ostream& operator<<(std::ostream& os, transaction_kind v) { return os << to_string(v); }

}  // namespace grantfolio
