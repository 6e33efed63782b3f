#pragma once
// What every carrier's fuzz harness checks: a normalizer's answer is a shipment that keeps the model's rules
// or a typed error that says why; a push signed with the receiver's own secret is never refused for its
// signature, a refusal says why, and every shipment it carries keeps the rules. A broken rule aborts, which
// libFuzzer reports with the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/substatus_check.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::fuzz {

//! The input as text.
inline std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

//! Aborts unless every status has a substatus it allows and the events are in time order.
inline void check_shipment(const sdk::Shipment& s) {
    if (!sdk::is_valid_substatus(s.status, s.substatus)) std::abort();
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        if (!sdk::is_valid_substatus(s.events[i].status, s.events[i].substatus)) std::abort();
        if (i > 0 && s.events[i - 1].at > s.events[i].at) std::abort();
    }
}

//! The context an input is normalized with: empty for inputs of even size; for odd ones an order date (when
//! `dated`) and `number` as the tracking number, so both paths of a normalizer are fuzzed.
inline sdk::TrackContext context_for(std::size_t size, std::string_view number, bool dated = true) {
    sdk::TrackContext context;
    if (size % 2 == 0) return context;
    if (dated) context.order_created_at = sdk::parse_timestamp("2024-07-10T00:00:00Z").value();
    context.tracking_number = std::string(number);
    return context;
}

//! Aborts unless a normalizer's answer is a valid shipment or an error with a message.
inline void check_result(const sdk::TrackResult& r) {
    if (r.kind != sdk::TrackResult::Kind::kOk) {
        if (r.message.empty()) std::abort();
        return;
    }
    check_shipment(r.shipment);
}

//! Aborts unless a receiver's answer to a push signed with its own secret is an accepted push of valid
//! shipments or a malformed one that says why.
inline void check_signed_push(const sdk::WebhookResult& w) {
    if (w.kind == sdk::WebhookResult::Kind::kUnsigned || w.kind == sdk::WebhookResult::Kind::kBadSignature)
        std::abort();
    if (w.kind == sdk::WebhookResult::Kind::kMalformed && w.message.empty()) std::abort();
    for (const auto& update : w.push.updates) check_shipment(update.shipment);
}

}  // namespace unstuck::fuzz
