#include "webhook.hpp"

#include "normalizer.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::carriers::aftership {

std::string push_signature(std::string_view body, std::string_view secret) {
    return kit::to_base64(kit::hmac_sha256(secret, body));
}

sdk::WebhookResult WebhookReceiver::receive(const sdk::WebhookRequest& request) {
    auto given = request.header("aftership-hmac-sha256");
    if (!given || given->empty())
        return sdk::WebhookResult::unsigned_push("aftership push without an aftership-hmac-sha256 header");
    if (!kit::constant_time_equals(*given, push_signature(request.body, secret_)))
        return sdk::WebhookResult::bad_signature(
            "aftership push: aftership-hmac-sha256 does not match the body");

    simdjson::dom::element root;
    if (kit::parse_json(request.body).get(root) || !root.is_object())
        return sdk::WebhookResult::malformed("aftership push: the body is not a JSON object");
    simdjson::dom::element msg;
    if (root["msg"].get(msg) || !msg.is_object())
        return sdk::WebhookResult::malformed("aftership push: no \"msg\" object");
    std::string_view number = kit::json_string(msg, "tracking_number");
    if (number.empty())
        return sdk::WebhookResult::malformed("aftership push: msg.tracking_number is missing");

    sdk::WebhookPush push;
    push.delivery_id = kit::json_string(root, "event_id");
    if (auto ts = kit::json_integer(root, "ts")) push.signed_at = sdk::Timestamp{std::chrono::seconds{*ts}};
    sdk::TrackContext context;
    context.tracking_number = number;
    sdk::TrackResult result = read_tracking(msg, context);
    if (result.kind == sdk::TrackResult::Kind::kNotFound)
        return sdk::WebhookResult::accepted(std::move(push));
    if (result.kind != sdk::TrackResult::Kind::kOk)
        return sdk::WebhookResult::malformed("aftership push: " + result.message);

    sdk::TrackingUpdate update;
    update.tracking_number = number;
    std::string_view ours = slugs_.name_of(kit::json_string(msg, "slug"));
    update.carrier = ours.empty() ? "aftership" : std::string(ours);
    update.shipment = std::move(result.shipment);
    push.updates.push_back(std::move(update));
    return sdk::WebhookResult::accepted(std::move(push));
}

}  // namespace unstuck::carriers::aftership
