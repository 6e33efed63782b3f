#pragma once
// Private: the opaque cursors of the store's paged lists. An order cursor names the last order key of a
// page; a dispute cursor names the last dispute's creation instant and key. Both are plain ASCII.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace unstuck::core {

//! Where a dispute page ended: the last dispute's creation (microseconds) and key.
struct DisputeCursor {
    std::int64_t created_at_us = 0;
    std::string key;
};

//! The cursor after the order with this key.
std::string order_cursor(std::string_view order_key);
//! The order key a cursor names; none when it is not an order cursor.
std::optional<std::string> parse_order_cursor(std::string_view cursor);

//! The cursor after this dispute.
std::string dispute_cursor(const DisputeCursor& at);
//! The place a cursor names; none when it is not a dispute cursor.
std::optional<DisputeCursor> parse_dispute_cursor(std::string_view cursor);

}  // namespace unstuck::core
