#pragma once
//! A seller-shipped remedy as the case store keeps it: one delivery-status update with proof of delivery per
//! package, written `PENDING` before the marketplace plugin is called, under its unique key.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! A remedy's state: written `PENDING` before the marketplace is called, then `APPLIED` or `REJECTED`.
enum class RemedyState : std::uint8_t {
    kPending,   //!< the marketplace may or may not have it: settle by asking it (find_delivery_status)
    kApplied,   //!< the marketplace shows the package delivered
    kRejected,  //!< the marketplace refused it for `last_error`; final for this key
};

//! `PENDING`, `APPLIED` or `REJECTED`.
std::string_view to_string(RemedyState state) noexcept;
//! The state named `PENDING`, `APPLIED` or `REJECTED`.
std::optional<RemedyState> parse_remedy_state(std::string_view name) noexcept;

//! A remedy as the store keeps it (one row of `remedies`).
struct RemedyRecord {
    std::string key;        //!< `{marketplace}:{shop_id}:{order_id}:{package_id}:pod`, unique
    std::string order_key;  //!< the order's key (OrderRef::key())
    std::string marketplace;
    std::string shop_id;
    std::string order_id;
    std::string package_id;
    std::string plugin;  //!< the marketplace plugin it is sent through
    RemedyState state = RemedyState::kPending;
    int attempts = 0;          //!< plugin calls whose outcome was recorded
    std::string last_error;    //!< REJECTED: why; PENDING: the last failed attempt's error; else empty
    std::string proof_url;     //!< APPLIED: where the marketplace keeps the proof, when it said
    std::string request_json;  //!< the update as sent (pod_update_json.hpp), to send again as is
    sdk::Timestamp created_at{};
    sdk::Timestamp updated_at{};
};

//! What begin_remedy found under the key.
struct RemedyBegin {
    bool created = false;  //!< true: this caller wrote the PENDING row and is the one to send it
    RemedyRecord record;   //!< the row as it stands (this caller's, or the one that was there)
};

}  // namespace unstuck::core
