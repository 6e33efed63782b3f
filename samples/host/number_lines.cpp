#include "number_lines.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace unstuck::host {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 20;  // bytes asked of each read
constexpr std::size_t kMaxLine = 64 * 1024;           // a longer line is reported without being held

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        if (s.size() - i < len) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
        }
        i += len;
    }
    return true;
}

}  // namespace

std::string_view number_problem(std::string_view number) noexcept {
    if (number.size() > NumberLineReader::kMaxNumber) return "longer than 64 characters";
    for (char c : number) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return "holds a control character";
    }
    if (!valid_utf8(number)) return "not UTF-8";
    return {};
}

NumberLineReader::NumberLineReader(int fd) : fd_(fd) {
    buffer_.resize(kBlock + kMaxLine);
}

bool NumberLineReader::fill() {
    if (eof_) return false;
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    for (;;) {
        const ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
        if (n > 0) {
            end_ += static_cast<std::size_t>(n);
            return true;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) io_error_ = std::string("cannot read: ") + std::strerror(errno);
        eof_ = true;
        return false;
    }
}

bool NumberLineReader::next(NumberLine& out) {
    for (;;) {
        const char* data = buffer_.data();
        const auto* newline = static_cast<const char*>(std::memchr(data + begin_, '\n', end_ - begin_));
        std::string_view raw;
        if (newline) {
            const auto stop = static_cast<std::size_t>(newline - data);
            raw = std::string_view(data + begin_, stop - begin_);
            begin_ = stop + 1;
        } else if (!eof_ && end_ - begin_ < kMaxLine) {
            fill();
            continue;
        } else if (eof_) {
            if (begin_ == end_) return false;
            raw = std::string_view(data + begin_, end_ - begin_);
            begin_ = end_;
        } else {  // a line too long to hold: reported once, the rest of it read and dropped
            begin_ = end_;
            if (skipping_) continue;
            skipping_ = true;
            out = {++line_, {}, "longer than 64 characters"};
            return true;
        }
        if (skipping_) {  // the end of a line reported as too long
            skipping_ = false;
            continue;
        }
        ++line_;
        std::string_view number = trim(raw);
        if (number.empty()) continue;
        out = {line_, number, number_problem(number)};
        return true;
    }
}

}  // namespace unstuck::host
