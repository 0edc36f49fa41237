// grantfolio/io/csv.hpp — a strict RFC 4180 CSV reader that knows where each field came from, and
// the writer every CSV output of grantfolio goes through.
//
// Quoted fields may hold commas, doubled quotes and line breaks; a stray quote, an unterminated quote,
// a line longer than the cap, a file over the byte cap, text that is not UTF-8 and a NUL character
// are each a parse_error with file, line and column (or field).
//
//   grantfolio::io::csv_reader in(stream, "rates.csv");
//   std::vector<std::string> row;
//   while (in.next(row)) { ... in.line() ... }
//
//   grantfolio::io::csv_writer out(stream);
//   out.field("id").field("total").end_record();        // id,total\r\n
//   out.text("Qendra \"Vatra\"").field("12.50").end_record();   // "Qendra ""Vatra""",12.50\r\n
#pragma once

#include <ostream>
#include <string_view>

#include <cstddef>
#include <initializer_list>
#include <istream>
#include <string>
#include <vector>

#include "grantfolio/detail/utf8.hpp"
#include "grantfolio/error.hpp"
#include "grantfolio/io/limits.hpp"

namespace grantfolio::io {

/// RFC 4180 records: fields joined by commas, each record ended by CRLF. field() quotes a value
/// only when it must (a comma, a quote, a line break, or space at either end, which some readers
/// trim); text() always quotes it, for columns of free text. Quotes inside are doubled.
class csv_writer {
public:
    explicit csv_writer(std::ostream& out) : out_(out) {}
    csv_writer& field(std::string_view v) {
        const bool must = v.find_first_of(",\"\r\n") != std::string_view::npos ||
                          (!v.empty() && (v.front() == ' ' || v.back() == ' ' || v.front() == '\t' || v.back() == '\t'));
        return must ? text(v) : put(v);
    }
    csv_writer& text(std::string_view v) {
        separate();
        out_ << '"';
        for (std::size_t at = 0;;) {
            const auto q = v.find('"', at);
            out_ << v.substr(at, q - at);
            if (q == std::string_view::npos) break;
            out_ << "\"\"";
            at = q + 1;
        }
        out_ << '"';
        return *this;
    }
    /// A whole record of fields (field()'s quoting).
    csv_writer& record(std::initializer_list<std::string_view> fields) {
        for (auto f : fields) field(f);
        return end_record();
    }
    csv_writer& end_record() {
        out_ << "\r\n";
        first_ = true;
        return *this;
    }

private:
    void separate() {
        if (!first_) out_ << ',';
        first_ = false;
    }
    csv_writer& put(std::string_view v) {
        separate();
        out_ << v;
        return *this;
    }
    std::ostream& out_;
    bool first_ = true;
};

class csv_reader {
public:
    csv_reader(std::istream& in, std::string name, reader_limits limits = {})
        : in_(in), name_(std::move(name)), limits_(limits) {}

    /// Reads the next record into `fields`; false at end of input. Blank lines are records of one
    /// empty field only if they are not the last line.
    bool next(std::vector<std::string>& fields);
    /// Line (1-based) where the last record started.
    std::size_t line() const noexcept { return record_line_; }
    const std::string& name() const noexcept { return name_; }
    /// A parse_error located at the last record, optionally at a field.
    parse_error error_at(const std::string& what, const std::string& field = {}, std::size_t column = 0) const {
        return parse_error(what, parse_error::location{name_, record_line_, column, field});
    }

private:
    int get() {
        int c = in_.get();
        if (c != std::char_traits<char>::eof()) {
            if (++bytes_ > limits_.max_bytes)
                throw parse_error("input exceeds the byte cap of " + std::to_string(limits_.max_bytes),
                                  parse_error::location{name_, line_, column_, {}});
            if (c == '\n') {
                ++line_;
                column_ = 0;
            } else {
                ++column_;
            }
        }
        return c;
    }
    std::istream& in_;
    std::string name_;
    reader_limits limits_;
    std::size_t line_ = 1, column_ = 0, record_line_ = 0, bytes_ = 0, records_ = 0;
};

// inline definitions

inline bool csv_reader::next(std::vector<std::string>& fields) {
    fields.clear();
    const int eof = std::char_traits<char>::eof();
    record_line_ = line_;
    int c = get();
    if (c == eof) return false;
    if (++records_ > limits_.max_records)
        throw error_at("more records than the cap of " + std::to_string(limits_.max_records));
    std::string field;
    std::size_t length = 0;
    bool quoted = false, was_quoted = false;
    auto where = [&](const std::string& what) {
        return parse_error(what, parse_error::location{name_, line_, column_, {}});
    };
    // Text is UTF-8 without NUL; a field that is not is refused where it stands.
    auto push = [&]() {
        const std::string number = "field " + std::to_string(fields.size() + 1);
        if (auto bad = detail::invalid_utf8(field); bad != std::string::npos)
            throw parse_error("text is not valid UTF-8 (byte " + std::to_string(bad + 1) + " of " + number + ")",
                              parse_error::location{name_, record_line_, 0, number});
        if (field.find('\0') != std::string::npos)
            throw parse_error("a NUL character in " + number, parse_error::location{name_, record_line_, 0, number});
        fields.push_back(std::move(field));
    };
    for (;; c = get()) {
        if (++length > limits_.max_line_length)
            throw where("record longer than the cap of " + std::to_string(limits_.max_line_length) + " bytes");
        if (quoted) {
            if (c == eof) throw where("unterminated quoted field");
            if (c == '"') {
                if (in_.peek() == '"') {
                    get();
                    field += '"';
                } else {
                    quoted = false;
                }
            } else {
                field += static_cast<char>(c);
            }
            continue;
        }
        if (c == eof || c == '\n') {
            if (!field.empty() && field.back() == '\r' && !was_quoted) field.pop_back();
            push();
            return true;
        }
        if (c == '\r' && in_.peek() == '\n') continue;
        if (c == ',') {
            push();
            field.clear();
            was_quoted = false;
            continue;
        }
        if (c == '"') {
            if (!field.empty() || was_quoted) throw where("quote inside an unquoted field");
            quoted = was_quoted = true;
            continue;
        }
        if (was_quoted) throw where("text after a closing quote");
        field += static_cast<char>(c);
    }
}

}  // namespace grantfolio::io
