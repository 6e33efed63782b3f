#pragma once
// Private: cuts an input fd into batches of whole JSON lines, numbered, blank lines skipped, each batch's
// text padded so every line can be parsed in place. The one reader of `sweep` and `check`.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/policy/order_reader.hpp"

namespace unstuck::core {

//! The longest line read; a longer one is refused (never buffered whole) and the input goes on after it.
inline constexpr std::size_t kMaxLineBytes = std::size_t{64} << 20;

//! What every command says of a line longer than kMaxLineBytes (after `line N: `).
std::string line_too_long_error(std::size_t max_line_bytes = kMaxLineBytes);

//! A line without its line end and the blanks around it; empty for a blank line.
std::string_view trim_line(std::string_view text) noexcept;

//! One non-blank input line inside a batch's text, without its newline, `\r` and surrounding blanks.
struct InputLine {
    std::size_t offset = 0;
    std::size_t size = 0;
    std::uint64_t number = 0;  //!< counts every input line from 1, blank ones too
    bool too_long = false;     //!< longer than the limit: no text, to be reported as line_too_long_error()
};

//! Lines of input, each followed by '\n' in `text`, then `padding` readable bytes.
struct LineBatch {
    std::string text;
    std::vector<InputLine> lines;
    std::uint64_t bytes = 0;  //!< input bytes the batch covers, blank and over-long lines included

    std::string_view line(const InputLine& l) const { return {text.data() + l.offset, l.size}; }
    void clear() {
        text.clear();
        lines.clear();
        bytes = 0;
    }
};

//! Where a batch is cut.
struct LineBatchLimits {
    std::size_t max_lines = std::numeric_limits<std::size_t>::max();  //!< lines a batch holds at most
    std::size_t max_bytes = std::size_t{4} << 20;  //!< a batch is cut once its text reaches this size
    std::size_t max_line_bytes = kMaxLineBytes;    //!< longer lines are refused
    std::size_t padding = kOrderReaderPadding;     //!< readable bytes after the last line
};

//! Reads JSON lines from a file descriptor it does not own. Holds one read block and, while a line is cut by
//! a read, its beginning (up to the limit on a line).
class JsonLinesReader {
  public:
    explicit JsonLinesReader(int fd, LineBatchLimits limits = {});

    //! Fills `batch` (reusing its storage) with the next whole lines. A line without a final newline at the
    //! end of the input counts. False when nothing is left, or on a read error (see error()); a batch may
    //! then still hold lines read before the error.
    bool next(LineBatch& batch);

    //! Set when reading failed: why (the system's words), for the caller to prefix.
    const std::string& error() const noexcept { return error_; }
    //! Input lines seen so far.
    std::uint64_t lines_read() const noexcept { return number_; }

  private:
    void add_line(LineBatch& batch, std::string_view text, std::size_t consumed);
    void add_too_long(LineBatch& batch, std::size_t consumed);
    bool full(const LineBatch& batch) const;
    bool finish(LineBatch& batch);

    int fd_;
    LineBatchLimits limits_;
    std::vector<char> block_;
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
    std::string partial_;            // the beginning of a line a read cut
    bool skipping_ = false;          // inside a line over the limit
    std::size_t skipped_bytes_ = 0;  // of that line so far
    bool eof_ = false;
    std::uint64_t number_ = 0;
    std::string error_;
};

}  // namespace unstuck::core
