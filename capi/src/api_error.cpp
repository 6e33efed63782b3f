#include "api_error.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace unstuck::capi {
namespace {

struct LastError {
    int code = UNSTUCK_OK;
    std::string message;
};

LastError& last() noexcept {
    thread_local LastError error;
    return error;
}

// The length of the valid UTF-8 sequence at `s` (0 when invalid): no overlongs, no surrogates, <= U+10FFFF.
std::size_t sequence_length(const unsigned char* s, std::size_t left) noexcept {
    const unsigned char c = s[0];
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (left < n) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (std::size_t i = 2; i < n; ++i)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return n;
}

}  // namespace

int fail(int code, std::string message) noexcept {
    auto& e = last();
    e.code = code;
    try {
        e.message = std::move(message);
    } catch (...) {
        e.message.clear();
    }
    return code;
}

int succeed() noexcept {
    auto& e = last();
    e.code = UNSTUCK_OK;
    e.message.clear();
    return UNSTUCK_OK;
}

const char* last_message() noexcept {
    return last().message.c_str();
}

int last_code() noexcept {
    return last().code;
}

void require_utf8(std::string_view text, std::string_view name) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t i = 0;
    while (i < text.size()) {
        // ASCII eight bytes at a time.
        std::uint64_t word;
        if (text.size() - i >= sizeof word) {
            std::memcpy(&word, s + i, sizeof word);
            if ((word & 0x8080808080808080ull) == 0) {
                i += sizeof word;
                continue;
            }
        }
        std::size_t n = sequence_length(s + i, text.size() - i);
        if (n == 0)
            throw ApiError{UNSTUCK_EINVALID,
                           std::string(name) + ": invalid UTF-8 at byte " + std::to_string(i)};
        i += n;
    }
}

void require_utf8(const char* text, std::string_view name) {
    require(text, name);
    require_utf8(std::string_view(text), name);
}

char* give(std::string_view text) {
    auto* p = static_cast<char*>(std::malloc(text.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, text.data(), text.size());
    p[text.size()] = '\0';
    return p;
}

}  // namespace unstuck::capi
