#include "webhook.hpp"

#include <algorithm>
#include <cctype>

#include "normalizer.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::carriers::track17 {

std::string push_signature(std::string_view body, std::string_view key) {
    std::string signed_text;
    signed_text.reserve(body.size() + 1 + key.size());
    signed_text.append(body).append("/").append(key);
    return kit::to_hex(kit::sha256(signed_text));
}

sdk::WebhookResult WebhookReceiver::receive(const sdk::WebhookRequest& request) {
    auto sign = request.header("sign");
    if (!sign || sign->empty())
        return sdk::WebhookResult::unsigned_push("17track push without a sign header");
    std::string given(*sign);
    std::transform(given.begin(), given.end(), given.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!kit::constant_time_equals(given, push_signature(request.body, key_)))
        return sdk::WebhookResult::bad_signature("17track push: sign does not match the body");

    simdjson::dom::element root;
    if (kit::parse_json(request.body).get(root) || !root.is_object())
        return sdk::WebhookResult::malformed("17track push: the body is not a JSON object");
    std::string_view event = kit::json_string(root, "event");
    simdjson::dom::element data;
    if (event.empty() || root["data"].get(data) || !data.is_object())
        return sdk::WebhookResult::malformed("17track push: no \"event\" or \"data\"");
    std::string_view number = kit::json_string(data, "number");
    if (number.empty()) return sdk::WebhookResult::malformed("17track push: data.number is missing");

    sdk::WebhookPush push;
    if (event != "TRACKING_UPDATED")
        return sdk::WebhookResult::accepted(std::move(push));  // nothing to merge
    sdk::TrackContext context;
    context.tracking_number = number;
    sdk::TrackResult result = read_item(data, context);
    if (result.kind == sdk::TrackResult::Kind::kNotFound)
        return sdk::WebhookResult::accepted(std::move(push));
    if (result.kind != sdk::TrackResult::Kind::kOk)
        return sdk::WebhookResult::malformed("17track push: " + result.message);

    sdk::TrackingUpdate update;
    update.tracking_number = number;
    std::optional<std::int64_t> key = kit::json_integer(data, "carrier");
    std::string_view ours = key ? carriers_.name_of(std::to_string(*key)) : std::string_view{};
    update.carrier = ours.empty() ? "17track" : std::string(ours);
    update.shipment = std::move(result.shipment);
    push.updates.push_back(std::move(update));
    return sdk::WebhookResult::accepted(std::move(push));
}

}  // namespace unstuck::carriers::track17
