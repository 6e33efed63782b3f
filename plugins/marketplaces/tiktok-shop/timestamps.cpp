#include "marketplaces/tiktok-shop/timestamps.hpp"

#include "unstuck/kit/json_input.hpp"

namespace unstuck::marketplaces::tiktok_shop {
namespace {

constexpr std::int64_t kUnitLine = 100'000'000'000;  // 10^11: seconds below (year 5138), milliseconds above

sdk::Result<std::int64_t> read_integer(simdjson::dom::element object, std::string_view key,
                                       const std::string& field) {
    simdjson::dom::element value;
    if (object[key].get(value) || value.is_null()) return sdk::Error{field + ": missing"};
    auto n = kit::json_integer(object, key);
    if (!n) return sdk::Error{field + ": not an integer"};
    if (*n < 0) return sdk::Error{field + ": " + std::to_string(*n) + " is negative"};
    return *n;
}

}  // namespace

sdk::Result<std::int64_t> read_seconds(simdjson::dom::element object, std::string_view key,
                                       const std::string& field) {
    auto n = read_integer(object, key, field);
    if (n && *n >= kUnitLine)
        return sdk::Error{field + ": " + std::to_string(*n) + " is in milliseconds, not seconds"};
    return n;
}

sdk::Result<std::int64_t> read_millis(simdjson::dom::element object, std::string_view key,
                                      const std::string& field) {
    auto n = read_integer(object, key, field);
    if (n && *n < kUnitLine)
        return sdk::Error{field + ": " + std::to_string(*n) + " is in seconds, not milliseconds"};
    return n;
}

sdk::Timestamp from_seconds(std::int64_t seconds) {
    return sdk::Timestamp(std::chrono::seconds(seconds));
}

}  // namespace unstuck::marketplaces::tiktok_shop
