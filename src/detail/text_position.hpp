// src/detail/text_position.hpp — line and column of a byte offset, for readers' messages.
//
//   grantfolio::io::detail::line_index lines(text);
//   auto [line, column] = lines.at(812);   // 1-based; the column counts bytes
//
// Built in one pass (memchr over the text); each lookup is a binary search, so a reader that
// reports a finding for each of 100,000 activities stays linear.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace grantfolio::io::detail {

class line_index {
public:
    explicit line_index(std::string_view text) {
        starts_.push_back(0);
        for (const char* p = text.data(), *end = text.data() + text.size();
             (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr; ++p)
            starts_.push_back(static_cast<std::size_t>(p - text.data()) + 1);
    }

    /// 1-based line and column of `offset`.
    std::pair<std::size_t, std::size_t> at(std::size_t offset) const {
        auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
        const auto line = static_cast<std::size_t>(it - starts_.begin());
        return {line, offset - starts_[line - 1] + 1};
    }

private:
    std::vector<std::size_t> starts_;  // offset of the first byte of each line
};

/// Lines and columns of offsets met mostly in increasing order (a streaming reader's findings),
/// counted as they are asked for: no index, so no memory per line. An offset before the last one
/// asked for is counted again from the start.
class forward_lines {
public:
    explicit forward_lines(std::string_view text) : text_(text) {}

    /// 1-based line and column of `offset`.
    std::pair<std::size_t, std::size_t> at(std::size_t offset) {
        offset = std::min(offset, text_.size());
        if (offset < at_) at_ = 0, line_ = 1, start_ = 0;
        for (const char* p = text_.data() + at_, *end = text_.data() + offset;
             (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr; ++p) {
            ++line_;
            start_ = static_cast<std::size_t>(p - text_.data()) + 1;
        }
        at_ = offset;
        return {line_, offset - start_ + 1};
    }

private:
    std::string_view text_;
    std::size_t at_ = 0, line_ = 1, start_ = 0;
};

/// Line and column of one offset, without building an index (for a single error).
inline std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return {line, col};
}

}  // namespace grantfolio::io::detail
