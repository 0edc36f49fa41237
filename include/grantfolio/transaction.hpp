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
#include <utility>
#include <vector>

#include "grantfolio/boxed.hpp"
#include "grantfolio/classification.hpp"
#include "grantfolio/date.hpp"
#include "grantfolio/money.hpp"

namespace grantfolio {

/// What a transaction is. The first four are grantfolio's own; the others follow the IATI
/// TransactionType code list (https://iatistandard.org/en/iati-standard/203/codelists/transactiontype/),
/// so that IATI data keeps its meaning; `budget` is a planned amount (an IATI budget) and
/// `planned_disbursement` a payment planned for a period (an IATI planned-disbursement), kept
/// beside the transactions with their type and period in their transaction_detail.
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

/// An organisation at one end of a transaction (IATI provider-org, receiver-org), as written.
struct transaction_party {
    std::string org;          ///< organization id; empty: not named (an activity id alone may be)
    std::string activity_id;  ///< its activity the money comes from or goes to (IATI provider-activity-id, receiver-activity-id)
    std::string type;         ///< its OrganisationType code as written here
    std::string name;         ///< its name as written here (the narrative); empty: none written
    bool empty() const noexcept { return org.empty() && activity_id.empty() && type.empty() && name.empty(); }
    friend bool operator==(const transaction_party&, const transaction_party&) = default;
};

/// What a source says of a transaction, budget or planned disbursement besides its kind, value
/// date, amount and description (IATI's elements and attributes, as written); each empty when not
/// stated. Kept in the programme's store only for the rows that have one.
struct transaction_detail {
    /// IATI transaction-date where it differs from the value date (which conversions use); nothing:
    /// the same day, or not stated
    std::optional<date> transaction_date;
    std::optional<date> period_start, period_end;  ///< a budget's or planned disbursement's period
    std::string type;          ///< a budget's BudgetType ("1" original, "2" revised), a planned disbursement's type attribute
    std::string status;        ///< a budget's BudgetStatus ("1" indicative, "2" committed)
    std::string ref;           ///< a transaction's own ref attribute
    std::string humanitarian;  ///< IATI humanitarian attribute as written ("1", "0")
    transaction_party provider, receiver;
    std::string disbursement_channel, flow_type, finance_type, tied_status;  ///< IATI code-list codes as written
    std::vector<classification> aid_types;  ///< code and vocabulary (IATI aid-type)
    std::vector<classification> sectors, recipient_countries, recipient_regions;
    bool empty() const { return *this == blank(); }
    friend bool operator==(const transaction_detail&, const transaction_detail&) = default;

private:
    static const transaction_detail& blank() {
        static const transaction_detail none{};  // immutable: what a row without detail says
        return none;
    }
};

/// The detail's codes and texts by name, for readers and writers that go through them all.
inline constexpr std::array<std::pair<const char*, std::string transaction_detail::*>, 8> transaction_detail_texts{{
    {"type", &transaction_detail::type},
    {"status", &transaction_detail::status},
    {"ref", &transaction_detail::ref},
    {"humanitarian", &transaction_detail::humanitarian},
    {"disbursement_channel", &transaction_detail::disbursement_channel},
    {"flow_type", &transaction_detail::flow_type},
    {"finance_type", &transaction_detail::finance_type},
    {"tied_status", &transaction_detail::tied_status},
}};

struct transaction {
    transaction_kind kind = transaction_kind::disbursement;
    date value_date;  ///< the date its conversion uses
    money amount;
    std::string note;              ///< its description
    boxed<transaction_detail> detail{};  ///< what else the source says of it (read with ->, change with edit())
    friend bool operator==(const transaction&, const transaction&) = default;
};

inline std::ostream& operator<<(std::ostream& os, transaction_kind v) { return os << to_string(v); }

}  // namespace grantfolio
