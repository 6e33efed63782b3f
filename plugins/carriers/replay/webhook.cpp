#include "webhook.hpp"

#include <cctype>
#include <charconv>
#include <vector>

#include "normalizer.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/signature.hpp"
#include "unstuck/sdk/model_json.hpp"

namespace unstuck::carriers::replay {
namespace {

// The parts of the signature header: the time as written and each `v1` in lowercase.
struct SignatureHeader {
    std::string t;
    std::int64_t seconds = 0;
    std::vector<std::string> v1;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<SignatureHeader> parse_header(std::string_view value) {
    SignatureHeader out;
    bool has_t = false;
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        std::string_view part = trim(value.substr(0, comma));
        value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
        if (part.rfind("t=", 0) == 0) {
            std::string_view digits = part.substr(2);
            if (has_t || digits.empty() || digits.size() > 12) return std::nullopt;
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.seconds);
            if (ec != std::errc() || end != digits.data() + digits.size() || out.seconds < 0)
                return std::nullopt;
            out.t.assign(digits);
            has_t = true;
        } else if (part.rfind("v1=", 0) == 0) {
            std::string hex(part.substr(3));
            if (hex.size() != 64) return std::nullopt;
            for (char& c : hex) {
                if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            out.v1.push_back(std::move(hex));
        }  // other schemes' parts are ignored
    }
    if (!has_t || out.v1.empty()) return std::nullopt;
    return out;
}

// The number's shipment from the body: canonical events, or a saved response through its normalizer.
sdk::Result<sdk::Shipment> read_body(std::string_view body, const std::string& default_carrier) {
    simdjson::dom::element root;
    if (kit::parse_json(body).get(root) || !root.is_object())
        return sdk::Error{"replay: the body is not a JSON object"};
    const std::string number(kit::json_string(root, "tracking_number"));
    if (number.empty()) return sdk::Error{"replay: tracking_number: required"};
    simdjson::dom::element unused;
    if (!root["response"].get(unused)) {
        sdk::TrackContext context;
        context.tracking_number = number;
        sdk::TrackResult result = normalize(body, default_carrier, context);
        if (result.kind != sdk::TrackResult::Kind::kOk)
            return sdk::Error{"replay: response: " + result.message};
        result.shipment.tracking_number = number;
        return std::move(result.shipment);
    }
    if (root["events"].get(unused)) return sdk::Error{"replay: neither events nor response"};
    auto shipment = sdk::shipment_from_json(body);
    if (!shipment) return sdk::Error{"replay: " + shipment.error().message};
    auto mismatches = sdk::finalize_shipment(*shipment);
    if (!mismatches.empty()) return sdk::Error{"replay: " + sdk::describe(mismatches.front())};
    if (shipment->carrier.empty()) shipment->carrier = "replay";
    return shipment;
}

}  // namespace

sdk::WebhookResult ReplayWebhook::receive(const sdk::WebhookRequest& request) {
    auto value = request.header(kSignatureHeader);
    if (!value) return sdk::WebhookResult::unsigned_push("replay: no X-Unstuck-Signature header");
    auto header = parse_header(*value);
    if (!header)
        return sdk::WebhookResult::bad_signature(
            "replay: X-Unstuck-Signature is not t=<unix seconds>,v1=<64 hex digits>");
    std::string signed_text = header->t + ".";
    signed_text += request.body;
    const std::string expected = kit::to_hex(kit::hmac_sha256(secret_, signed_text));
    bool verified = false;
    for (const auto& v1 : header->v1) verified |= kit::constant_time_equals(v1, expected);
    if (!verified) return sdk::WebhookResult::bad_signature("replay: the signature does not verify");

    auto shipment = read_body(request.body, default_carrier_);
    if (!shipment) return sdk::WebhookResult::malformed(shipment.error().message);
    sdk::WebhookPush push;
    push.signed_at = sdk::Timestamp(std::chrono::seconds(header->seconds));
    // One delivery is one signature: a digest of it, never the signature itself.
    push.delivery_id = kit::to_hex(kit::sha256(expected));
    sdk::TrackingUpdate update;
    update.tracking_number = shipment->tracking_number;
    update.carrier = shipment->carrier;
    update.shipment = std::move(*shipment);
    push.updates.push_back(std::move(update));
    return sdk::WebhookResult::accepted(std::move(push));
}

}  // namespace unstuck::carriers::replay
