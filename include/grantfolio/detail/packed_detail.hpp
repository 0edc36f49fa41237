// grantfolio/detail/packed_detail.hpp — a transaction_detail as a few bytes, for the store.
//
// A transaction_detail is a struct of some 600 bytes, nearly all of it empty strings and vectors;
// a row's detail as read from IATI typically states a handful of codes. The store keeps each as
// the fields it states, one after the other: a field number, then its value (a text as its length
// and bytes, a date as its day number, a classification as its parts). Packing then unpacking
// gives the same detail, field for field (decimals keep their scale).
//
//   std::string bytes = grantfolio::detail::pack(d);      // a budget's type, status and period: 20 bytes
//   grantfolio::transaction_detail back = grantfolio::detail::unpack(bytes);   // == d
//
// Unpacking bytes that pack() did not make throws invalid_argument.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grantfolio/transaction.hpp"

namespace grantfolio::detail {

namespace packed {

// Field numbers, in the order pack() writes them. Never renumber: nothing outside the process
// holds these bytes today (archives and JSON hold the fields), but tests pin them.
enum field : std::uint8_t {
    transaction_date = 1, period_start, period_end, type, status, ref, humanitarian,
    provider, receiver, disbursement_channel, flow_type, finance_type, tied_status,
    aid_types, sectors, recipient_countries, recipient_regions,
};

inline void put_size(std::string& out, std::size_t n) {
    while (n >= 0x80) {
        out += static_cast<char>(0x80 | (n & 0x7F));
        n >>= 7;
    }
    out += static_cast<char>(n);
}

inline void put_text(std::string& out, std::string_view s) {
    put_size(out, s.size());
    out.append(s);
}

inline void put_day(std::string& out, date d) {
    const std::int32_t n = day_number(d);
    char b[4];
    std::memcpy(b, &n, 4);
    out.append(b, 4);
}

inline void put_classifications(std::string& out, const std::vector<classification>& list) {
    put_size(out, list.size());
    for (const auto& c : list) {
        put_text(out, c.code);
        put_text(out, c.vocabulary);
        put_text(out, c.vocabulary_uri);
        put_text(out, c.percentage ? c.percentage->to_string() : std::string());
        out += c.percentage ? '\1' : '\0';
        put_size(out, c.narratives.size());
        for (const auto& n : c.narratives) {
            put_text(out, n.language);
            put_text(out, n.text);
        }
    }
}

class reader {
public:
    explicit reader(std::string_view bytes) : p_(bytes) {}
    bool done() const noexcept { return at_ == p_.size(); }
    std::uint8_t byte() {
        need(1);
        return static_cast<std::uint8_t>(p_[at_++]);
    }
    std::size_t size() {
        std::size_t n = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const std::uint8_t b = byte();
            n |= static_cast<std::size_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) return n;
        }
        bad();
    }
    std::string text() {
        const std::size_t n = size();
        need(n);
        std::string s(p_.substr(at_, n));
        at_ += n;
        return s;
    }
    date day() {
        need(4);
        std::int32_t n;
        std::memcpy(&n, p_.data() + at_, 4);
        at_ += 4;
        if (n < day_number(make_date(min_year, 1, 1)) || n > day_number(make_date(max_year, 12, 31))) bad();
        return from_day_number(n);
    }
    std::vector<classification> classifications() {
        std::vector<classification> out(size_checked(4));
        for (auto& c : out) {
            c.code = text();
            c.vocabulary = text();
            c.vocabulary_uri = text();
            const std::string pct = text();
            if (byte()) {
                try {
                    c.percentage = decimal::parse(pct);
                } catch (const error&) {
                    bad();
                }
            }
            c.narratives.resize(size_checked(2));
            for (auto& n : c.narratives) {
                n.language = text();
                n.text = text();
            }
        }
        return out;
    }
    [[noreturn]] static void bad() { throw invalid_argument("a packed transaction detail is damaged"); }

private:
    void need(std::size_t n) const {
        if (n > p_.size() - at_) bad();
    }
    /// A count of items each taking at least `min_bytes`: no more than the bytes left allow.
    std::size_t size_checked(std::size_t min_bytes) {
        const std::size_t n = size();
        if (n > (p_.size() - at_) / min_bytes) bad();
        return n;
    }
    std::string_view p_;
    std::size_t at_ = 0;
};

}  // namespace packed

/// The fields of `d` that state something, in field-number order.
inline std::string pack(const transaction_detail& d) {
    using namespace packed;
    std::string out;
    auto day = [&](field f, const std::optional<date>& v) {
        if (v) out += static_cast<char>(f), put_day(out, *v);
    };
    auto text = [&](field f, const std::string& v) {
        if (!v.empty()) out += static_cast<char>(f), put_text(out, v);
    };
    auto party = [&](field f, const transaction_party& p) {
        if (p.empty()) return;
        out += static_cast<char>(f);
        put_text(out, p.org), put_text(out, p.activity_id), put_text(out, p.type), put_text(out, p.name);
    };
    auto list = [&](field f, const std::vector<classification>& v) {
        if (!v.empty()) out += static_cast<char>(f), put_classifications(out, v);
    };
    day(field::transaction_date, d.transaction_date);
    day(field::period_start, d.period_start);
    day(field::period_end, d.period_end);
    text(field::type, d.type);
    text(field::status, d.status);
    text(field::ref, d.ref);
    text(field::humanitarian, d.humanitarian);
    party(field::provider, d.provider);
    party(field::receiver, d.receiver);
    text(field::disbursement_channel, d.disbursement_channel);
    text(field::flow_type, d.flow_type);
    text(field::finance_type, d.finance_type);
    text(field::tied_status, d.tied_status);
    list(field::aid_types, d.aid_types);
    list(field::sectors, d.sectors);
    list(field::recipient_countries, d.recipient_countries);
    list(field::recipient_regions, d.recipient_regions);
    return out;
}

inline transaction_detail unpack(std::string_view bytes) {
    using namespace packed;
    transaction_detail d;
    reader in(bytes);
    std::uint8_t last = 0;
    while (!in.done()) {
        const std::uint8_t f = in.byte();
        if (f <= last || f > field::recipient_regions) reader::bad();  // each field once, in order
        last = f;
        auto party = [&](transaction_party& p) {
            p.org = in.text(), p.activity_id = in.text(), p.type = in.text(), p.name = in.text();
        };
        switch (static_cast<field>(f)) {
            case field::transaction_date: d.transaction_date = in.day(); break;
            case field::period_start: d.period_start = in.day(); break;
            case field::period_end: d.period_end = in.day(); break;
            case field::type: d.type = in.text(); break;
            case field::status: d.status = in.text(); break;
            case field::ref: d.ref = in.text(); break;
            case field::humanitarian: d.humanitarian = in.text(); break;
            case field::provider: party(d.provider); break;
            case field::receiver: party(d.receiver); break;
            case field::disbursement_channel: d.disbursement_channel = in.text(); break;
            case field::flow_type: d.flow_type = in.text(); break;
            case field::finance_type: d.finance_type = in.text(); break;
            case field::tied_status: d.tied_status = in.text(); break;
            case field::aid_types: d.aid_types = in.classifications(); break;
            case field::sectors: d.sectors = in.classifications(); break;
            case field::recipient_countries: d.recipient_countries = in.classifications(); break;
            case field::recipient_regions: d.recipient_regions = in.classifications(); break;
        }
    }
    return d;
}

}  // namespace grantfolio::detail
