// libFuzzer harness for the jnt normalizer and push reader (built and run by scripts/fuzz.sh, and by the
// tests: label fuzz_tests): every input must give a shipment that keeps the model's rules, or a typed error,
// without a crash or a sanitizer report; sent as a push's bizContent with its digest, it must be accepted
// with valid shipments or refused as malformed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "carriers/jnt/normalizer.hpp"
#include "carriers/jnt/push_receiver.hpp"
#include "carriers/jnt/signing.hpp"
#include "unstuck/kit/oauth_token_cache.hpp"

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
        context.tracking_number = "630002864925";
    }
    unstuck::sdk::TrackResult r = unstuck::carriers::jnt::normalize(payload, context);
    if (r.kind != unstuck::sdk::TrackResult::Kind::kOk) {
        if (r.message.empty()) std::abort();  // a typed error always says why
    } else {
        check_shipment(r.shipment);
    }

    unstuck::carriers::jnt::PushReceiver receiver("fuzz-key", "", "MY");
    const std::string body = "bizContent=" + unstuck::kit::form_encode(payload);
    unstuck::sdk::WebhookRequest request;
    request.headers = {{"digest", unstuck::carriers::jnt::digest(payload, "fuzz-key")}};
    request.body = body;
    unstuck::sdk::WebhookResult w = receiver.receive(request);
    if (w.kind == unstuck::sdk::WebhookResult::Kind::kUnsigned ||
        w.kind == unstuck::sdk::WebhookResult::Kind::kBadSignature)
        std::abort();  // signed with the key: never refused for its signature
    if (w.kind == unstuck::sdk::WebhookResult::Kind::kMalformed && w.message.empty()) std::abort();
    for (const auto& update : w.push.updates) check_shipment(update.shipment);
    return 0;
}
