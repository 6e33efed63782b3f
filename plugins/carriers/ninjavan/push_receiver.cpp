#include "push_receiver.hpp"

#include <exception>
#include <utility>

#include "normalizer.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::carriers::ninjavan {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Ninja Van repeats a push it thinks undelivered: the same tracking id, event and timestamp name one
// delivery.
std::string delivery_id_of(std::string_view body) {
    simdjson::dom::element root;
    if (kit::parse_json(body).get(root) || !root.is_object()) return {};
    std::string_view event = kit::json_string(root, "event");
    if (event.empty()) event = kit::json_string(root, "status");
    return std::string(kit::json_string(root, "tracking_id")) + "|" + std::string(event) + "|" +
           std::string(kit::json_string(root, "timestamp"));
}

}  // namespace

PushReceiver::PushReceiver(std::string client_secret, std::string country)
    : client_secret_(std::move(client_secret)), country_(std::move(country)) {}

sdk::WebhookResult PushReceiver::receive(const sdk::WebhookRequest& request) {
    try {
        if (client_secret_.empty())
            return sdk::WebhookResult::bad_signature(
                "ninjavan push: secret client_secret is not configured, so no push can be verified");
        auto signature = request.header("X-Ninjavan-Hmac-Sha256");
        if (!signature || trim(*signature).empty())
            return sdk::WebhookResult::unsigned_push("ninjavan push: no X-Ninjavan-Hmac-Sha256 header");
        const std::string expected = kit::to_base64(kit::hmac_sha256(client_secret_, request.body));
        if (!kit::constant_time_equals(expected, trim(*signature)))
            return sdk::WebhookResult::bad_signature(
                "ninjavan push: X-Ninjavan-Hmac-Sha256 does not match the body");

        auto updates = read_push(request.body, country_);
        if (!updates) return sdk::WebhookResult::malformed(updates.error().message);
        sdk::WebhookPush push;
        push.updates = std::move(updates).value();
        push.delivery_id = delivery_id_of(request.body);
        return sdk::WebhookResult::accepted(std::move(push));
    } catch (const std::exception& e) {
        return sdk::WebhookResult::malformed(std::string("ninjavan push: cannot read it: ") + e.what());
    } catch (...) {
        return sdk::WebhookResult::malformed("ninjavan push: cannot read it");
    }
}

}  // namespace unstuck::carriers::ninjavan
