#pragma once
//! Parsing carrier payloads with simdjson: one reused DOM parser and padded buffer per thread, and small
//! accessors that read a field or give an empty value without throwing.

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include <simdjson.h>

namespace unstuck::kit {

//! Parses a payload with this thread's parser; the result stays valid until the thread's next call.
simdjson::simdjson_result<simdjson::dom::element> parse_json(std::string_view payload);

//! The string at `key` of an object, or empty when absent, null or not a string.
inline std::string_view json_string(simdjson::dom::element object, std::string_view key) noexcept {
    std::string_view out;
    if (object[key].get(out)) return {};
    return out;
}

//! The object at `key`, or nothing.
inline std::optional<simdjson::dom::object> json_object(simdjson::dom::element object,
                                                        std::string_view key) noexcept {
    simdjson::dom::object out;
    if (object[key].get(out)) return std::nullopt;
    return out;
}

//! The array at `key`, or nothing.
inline std::optional<simdjson::dom::array> json_array(simdjson::dom::element object,
                                                      std::string_view key) noexcept {
    simdjson::dom::array out;
    if (object[key].get(out)) return std::nullopt;
    return out;
}

//! Reads the string members named in `keys` in one pass over an object (a member lookup is a scan of the
//! object, so reading many members this way costs one scan instead of one each). Absent, null or non-string
//! members leave their slot empty; a non-object leaves all of them empty.
template <std::size_t N>
std::array<std::string_view, N> json_strings(simdjson::dom::element object,
                                             const std::array<std::string_view, N>& keys) noexcept {
    std::array<std::string_view, N> out{};
    simdjson::dom::object obj;
    if (object.get(obj)) return out;
    for (auto field : obj) {
        std::string_view k = field.key;
        for (std::size_t i = 0; i < N; ++i) {
            const std::string_view want = keys[i];
            if (want.size() != k.size() || want.empty() || want.front() != k.front() ||
                want.back() != k.back() || std::memcmp(want.data(), k.data(), k.size()) != 0)
                continue;
            std::string_view v;
            if (!field.value.get(v)) out[i] = v;
            break;
        }
    }
    return out;
}

//! A boolean that carriers may write as `true`, `"true"`, `"Y"` or `"1"`; nothing when absent or unreadable.
std::optional<bool> json_flag(simdjson::dom::element object, std::string_view key) noexcept;

//! An integer written as a number or a digit string; nothing otherwise.
std::optional<std::int64_t> json_integer(simdjson::dom::element object, std::string_view key) noexcept;

}  // namespace unstuck::kit
