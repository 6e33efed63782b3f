// libFuzzer harness for the 17track normalizer and webhook reader (built and run by scripts/fuzz.sh): every
// input must give a shipment that keeps the model's rules, or a typed error, without a crash or a sanitizer
// report; signed as a push, it must be accepted with valid shipments or refused as malformed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "carriers/17track/normalizer.hpp"
#include "carriers/17track/webhook.hpp"

namespace {

void check_shipment(const unstuck::sdk::Shipment& s) {
    if (!unstuck::sdk::is_valid_substatus(s.status, s.substatus)) std::abort();
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        if (!unstuck::sdk::is_valid_substatus(s.events[i].status, s.events[i].substatus)) std::abort();
        if (i > 0 && s.events[i - 1].at > s.events[i].at) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view payload(reinterpret_cast<const char*>(data), size);
    unstuck::sdk::TrackContext context;
    if (size % 2 == 1) {
        context.order_created_at = unstuck::sdk::parse_timestamp("2024-07-10T00:00:00Z").value();
        context.tracking_number = "1Z023E2X0214323462";
    }
    unstuck::sdk::TrackResult r = unstuck::carriers::track17::normalize(payload, context);
    if (r.kind != unstuck::sdk::TrackResult::Kind::kOk) {
        if (r.message.empty()) std::abort();  // a typed error always says why
    } else {
        check_shipment(r.shipment);
    }

    static const unstuck::carriers::track17::CarrierKeys keys;
    unstuck::carriers::track17::WebhookReceiver receiver("fuzz-key", keys);
    unstuck::sdk::WebhookRequest request;
    const std::string sign = unstuck::carriers::track17::push_signature(payload, "fuzz-key");
    request.headers = {{"sign", sign}};
    request.body = payload;
    unstuck::sdk::WebhookResult w = receiver.receive(request);
    if (w.kind == unstuck::sdk::WebhookResult::Kind::kUnsigned ||
        w.kind == unstuck::sdk::WebhookResult::Kind::kBadSignature)
        std::abort();  // signed with the key: never refused for its signature
    if (w.kind == unstuck::sdk::WebhookResult::Kind::kMalformed && w.message.empty()) std::abort();
    for (const auto& update : w.push.updates) check_shipment(update.shipment);
    return 0;
}
