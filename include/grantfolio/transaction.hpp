// grantfolio/transaction.hpp — money moving under a grant on a value date.
//
//   grantfolio::transaction t{grantfolio::transaction_kind::disbursement, grantfolio::parse_date("2005-03-15"),
//                             grantfolio::money::parse("25000", grantfolio::currency("USD")), "first tranche"};
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "grantfolio/date.hpp"
#include "grantfolio/money.hpp"

namespace grantfolio {

/// What a transaction is. The first four are grantfolio's own; the others follow the IATI
/// TransactionType code list (https://iatistandard.org/en/iati-standard/203/codelists/transactiontype/),
/// so that IATI data keeps its meaning; `budget` is a planned amount (an IATI budget) and
/// `planned_disbursement` a payment planned for a period (an IATI planned-disbursement), kept
/// beside the transactions with their type and period in the note.
enum class transaction_kind {
    commitment,           ///< IATI 2, outgoing commitment
    disbursement,         ///< IATI 3
    expenditure,          ///< IATI 4
    refund,               ///< money returned by the grantee (IATI has no code: exported as a negative disbursement)
    incoming_funds,       ///< IATI 1
    incoming_commitment,  ///< IATI 11
    interest_payment,     ///< IATI 5
    loan_repayment,       ///< IATI 6
    reimbursement,        ///< IATI 7
    purchase_of_equity,   ///< IATI 8
    sale_of_equity,       ///< IATI 9
    credit_guarantee,     ///< IATI 10
    outgoing_pledge,      ///< IATI 12
    incoming_pledge,      ///< IATI 13
    budget,               ///< an IATI budget: a planned amount for a period
    planned_disbursement, ///< an IATI planned-disbursement: a payment planned for a period
};

inline constexpr std::array<transaction_kind, 16> all_transaction_kinds{
    transaction_kind::commitment,          transaction_kind::disbursement,    transaction_kind::expenditure,
    transaction_kind::refund,              transaction_kind::incoming_funds,  transaction_kind::incoming_commitment,
    transaction_kind::interest_payment,    transaction_kind::loan_repayment,  transaction_kind::reimbursement,
    transaction_kind::purchase_of_equity,  transaction_kind::sale_of_equity,  transaction_kind::credit_guarantee,
    transaction_kind::outgoing_pledge,     transaction_kind::incoming_pledge, transaction_kind::budget,
    transaction_kind::planned_disbursement};

/// The last kind, for range checks of stored kinds.
inline constexpr transaction_kind last_transaction_kind = transaction_kind::planned_disbursement;

inline const char* to_string(transaction_kind k) noexcept {
    switch (k) {
        case transaction_kind::commitment: return "commitment";
        case transaction_kind::disbursement: return "disbursement";
        case transaction_kind::expenditure: return "expenditure";
        case transaction_kind::refund: return "refund";
        case transaction_kind::incoming_funds: return "incoming-funds";
        case transaction_kind::incoming_commitment: return "incoming-commitment";
        case transaction_kind::interest_payment: return "interest-payment";
        case transaction_kind::loan_repayment: return "loan-repayment";
        case transaction_kind::reimbursement: return "reimbursement";
        case transaction_kind::purchase_of_equity: return "purchase-of-equity";
        case transaction_kind::sale_of_equity: return "sale-of-equity";
        case transaction_kind::credit_guarantee: return "credit-guarantee";
        case transaction_kind::outgoing_pledge: return "outgoing-pledge";
        case transaction_kind::incoming_pledge: return "incoming-pledge";
        case transaction_kind::budget: return "budget";
        case transaction_kind::planned_disbursement: return "planned-disbursement";
    }
    return "?";
}

inline transaction_kind parse_transaction_kind(std::string_view s) {
    for (auto k : all_transaction_kinds)
        if (s == to_string(k)) return k;
    throw invalid_argument("unknown transaction kind '" + std::string(s) +
                           "' (expected commitment, disbursement, expenditure, refund, an IATI transaction type "
                           "such as incoming-funds, budget or planned-disbursement)");
}

/// The IATI TransactionType code of a kind (refund, budget and planned disbursement have none: 0).
inline int iati_transaction_code(transaction_kind k) noexcept {
    constexpr int codes[] = {2, 3, 4, 0, 1, 11, 5, 6, 7, 8, 9, 10, 12, 13, 0, 0};
    return codes[static_cast<int>(k)];
}

/// The kind of an IATI TransactionType code; nothing for codes outside 1..13.
inline std::optional<transaction_kind> from_iati_transaction_code(int code) noexcept {
    for (auto k : all_transaction_kinds)
        if (iati_transaction_code(k) == code && code != 0) return k;
    return std::nullopt;
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
