#include "unstuck/kit/json_input.hpp"

#include <charconv>
#include <cstring>
#include <memory>

namespace unstuck::kit {

simdjson::simdjson_result<simdjson::dom::element> parse_json(std::string_view payload) {
    thread_local simdjson::dom::parser parser;
    thread_local std::unique_ptr<char[]> buffer;
    thread_local std::size_t capacity = 0;
    const std::size_t need = payload.size() + simdjson::SIMDJSON_PADDING;
    if (need > capacity) {
        std::size_t grow = capacity * 2 > need ? capacity * 2 : need;
        buffer = std::make_unique<char[]>(grow);
        capacity = grow;
    }
    if (!payload.empty()) std::memcpy(buffer.get(), payload.data(), payload.size());
    std::memset(buffer.get() + payload.size(), 0, simdjson::SIMDJSON_PADDING);
    return parser.parse(reinterpret_cast<const std::uint8_t*>(buffer.get()), payload.size(), false);
}

std::optional<bool> json_flag(simdjson::dom::element object, std::string_view key) noexcept {
    simdjson::dom::element v;
    if (object[key].get(v)) return std::nullopt;
    bool b;
    if (!v.get(b)) return b;
    std::string_view s;
    if (!v.get(s)) {
        if (s == "true" || s == "TRUE" || s == "True" || s == "Y" || s == "y" || s == "1") return true;
        if (s == "false" || s == "FALSE" || s == "False" || s == "N" || s == "n" || s == "0") return false;
    }
    return std::nullopt;
}

std::optional<std::int64_t> json_integer(simdjson::dom::element object, std::string_view key) noexcept {
    simdjson::dom::element v;
    if (object[key].get(v)) return std::nullopt;
    std::int64_t i;
    if (!v.get(i)) return i;
    std::uint64_t u;
    if (!v.get(u))
        return u > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(u);
    double d;
    if (!v.get(d) && d > -9.2e18 && d < 9.2e18) return static_cast<std::int64_t>(d);
    std::string_view s;
    if (!v.get(s)) {
        std::int64_t parsed = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
        if (ec == std::errc() && ptr == s.data() + s.size() && !s.empty()) return parsed;
    }
    return std::nullopt;
}

}  // namespace unstuck::kit
