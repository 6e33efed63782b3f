#pragma once
//! Parsing carrier payloads with simdjson: one reused DOM parser and padded buffer per thread, and small
//! accessors that read a field or give an empty value without throwing.

#include <cstdint>
#include <optional>
#include <string_view>

#include <simdjson.h>

namespace unstuck::carriers {

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

//! A boolean that carriers may write as `true`, `"true"`, `"Y"` or `"1"`; nothing when absent or unreadable.
std::optional<bool> json_flag(simdjson::dom::element object, std::string_view key) noexcept;

//! An integer written as a number or a digit string; nothing otherwise.
std::optional<std::int64_t> json_integer(simdjson::dom::element object, std::string_view key) noexcept;

}  // namespace unstuck::carriers
