#pragma once
// Private: what the order, dispute and sweep routes read from a request (page size and cursor, order keys)
// and how they answer bad input and store failures.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "serve/api_types.hpp"
#include "unstuck/core/store/case_store.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! The most items one list page or one batch holds.
inline constexpr std::size_t kMaxPage = 1000;
//! A list page's size when `limit` is not given.
inline constexpr std::size_t kDefaultPage = 100;

//! `limit` (1..kMaxPage, default kDefaultPage) and `cursor` of a list request.
struct PageParams {
    std::size_t limit = kDefaultPage;
    std::string cursor;
};

//! The page parameters, or the 400 naming the bad one; `valid_cursor` tells a cursor of this list.
std::variant<PageParams, ApiResponse> read_page(const ApiRequest& request,
                                                bool (*valid_cursor)(std::string_view) noexcept);

//! The JSON path a message starts with (`packages[0].events[3].at: ...` gives `packages[0].events[3].at`),
//! or empty when it starts with none.
std::string field_of(std::string_view message);

//! 400 `invalid_field` with the field the message starts with, else 400 `bad_request`.
ApiResponse bad_input(std::string_view message);

//! 503 `unavailable`: the store failed.
ApiResponse store_failure(const sdk::Error& error);

//! The order an order key `{marketplace}:{shop_id}:{order_id}` names; none when it has fewer parts.
std::optional<OrderRef> parse_order_key(std::string_view key);

}  // namespace unstuck::core
