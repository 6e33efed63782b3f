#pragma once
// Tracking numbers one a line, read from a file descriptor in large blocks: each line trimmed of spaces, tabs
// and a CR, blank lines skipped, and a line that cannot be a tracking number reported with why.

#include <cstddef>
#include <string>
#include <string_view>

namespace unstuck::host {

//! One line of input that holds something: a number, or why it is not one.
struct NumberLine {
    std::size_t line = 0;     //!< 1-based line number in the input
    std::string_view number;  //!< the trimmed number; valid until the next call of `next`
    std::string_view error;   //!< empty, or why the line is not a tracking number
};

//! Reads numbers from `fd` (not closed) without a copy or an allocation per line.
class NumberLineReader {
  public:
    //! The longest number accepted; no carrier's format comes near it.
    static constexpr std::size_t kMaxNumber = 64;

    explicit NumberLineReader(int fd);

    //! The next non-blank line; false at the end of the input or on a read error (see `io_error`).
    bool next(NumberLine& out);
    //! Why reading stopped early; empty at a clean end of input.
    const std::string& io_error() const noexcept { return io_error_; }

  private:
    bool fill();  // more bytes after the unread ones; false at end of input or on error

    int fd_;
    std::string buffer_;
    std::size_t begin_ = 0, end_ = 0;
    std::size_t line_ = 0;
    bool eof_ = false;
    bool skipping_ = false;  // inside a line too long to hold, already reported
    std::string io_error_;
};

//! Why `number` (already trimmed) cannot be a tracking number: empty when it can.
std::string_view number_problem(std::string_view number) noexcept;

}  // namespace unstuck::host
