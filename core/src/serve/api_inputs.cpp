#include "serve/api_inputs.hpp"

#include <charconv>
#include <regex>

namespace unstuck::core {

std::variant<PageParams, ApiResponse> read_page(const ApiRequest& request,
                                                bool (*valid_cursor)(std::string_view) noexcept) {
    PageParams page;
    if (auto limit = request.query_value("limit")) {
        std::size_t n = 0;
        auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
        if (ec != std::errc() || end != limit->data() + limit->size() || n < 1 || n > kMaxPage)
            return api_error(400, "invalid_field",
                             "limit: expected a whole number from 1 to " + std::to_string(kMaxPage), "limit");
        page.limit = n;
    }
    if (auto cursor = request.query_value("cursor")) {
        if (!valid_cursor(*cursor))
            return api_error(400, "invalid_field", "cursor: not a cursor this list gave", "cursor");
        page.cursor = *cursor;
    }
    return page;
}

std::string field_of(std::string_view message) {
    static const std::regex path(R"(^[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\]|\.[A-Za-z_][A-Za-z0-9_]*)*$)");
    auto colon = message.find(": ");
    if (colon == std::string_view::npos || colon == 0) return {};
    std::string head(message.substr(0, colon));
    return std::regex_match(head, path) ? head : std::string();
}

ApiResponse bad_input(std::string_view message) {
    auto field = field_of(message);
    if (field.empty()) return api_error(400, "bad_request", message);
    return api_error(400, "invalid_field", message, field);
}

ApiResponse store_failure(const sdk::Error& error) {
    return api_error(503, "unavailable", error.message);
}

std::optional<OrderRef> parse_order_key(std::string_view key) {
    auto first = key.find(':');
    if (first == std::string_view::npos || first == 0) return std::nullopt;
    auto second = key.find(':', first + 1);
    if (second == std::string_view::npos || second + 1 >= key.size()) return std::nullopt;
    return OrderRef{std::string(key.substr(0, first)), std::string(key.substr(first + 1, second - first - 1)),
                    std::string(key.substr(second + 1))};
}

}  // namespace unstuck::core
