// libFuzzer harness for the ninjavan normalizer and webhook reader (built and run by scripts/fuzz.sh, and by
// the tests: label fuzz_tests): every input must give a shipment that keeps the model's rules, or a typed
// error, without a crash or a sanitizer report; signed as a push, it must be accepted with valid shipments or
// refused as malformed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "carriers/ninjavan/normalizer.hpp"
#include "carriers/ninjavan/push_receiver.hpp"
#include "unstuck/kit/signature.hpp"

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
    if (size % 2 == 1) context.tracking_number = "NVMYSHOPX000123456";
    unstuck::sdk::TrackResult r = unstuck::carriers::ninjavan::normalize(payload, context);
    if (r.kind != unstuck::sdk::TrackResult::Kind::kOk) {
        if (r.message.empty()) std::abort();  // a typed error always says why
    } else {
        check_shipment(r.shipment);
    }

    unstuck::carriers::ninjavan::PushReceiver receiver("fuzz-secret", "MY");
    unstuck::sdk::WebhookRequest request;
    request.headers = {{"X-Ninjavan-Hmac-Sha256",
                        unstuck::kit::to_base64(unstuck::kit::hmac_sha256("fuzz-secret", payload))}};
    request.body = payload;
    unstuck::sdk::WebhookResult w = receiver.receive(request);
    if (w.kind == unstuck::sdk::WebhookResult::Kind::kUnsigned ||
        w.kind == unstuck::sdk::WebhookResult::Kind::kBadSignature)
        std::abort();  // signed with the secret: never refused for its signature
    if (w.kind == unstuck::sdk::WebhookResult::Kind::kMalformed && w.message.empty()) std::abort();
    for (const auto& update : w.push.updates) check_shipment(update.shipment);
    return 0;
}
