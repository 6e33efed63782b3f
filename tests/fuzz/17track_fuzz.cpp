// libFuzzer harness for the 17track normalizer and webhook reader (built and run by scripts/fuzz.sh): every
// input must give a shipment that keeps the model's rules, or a typed error, without a crash or a sanitizer
// report; signed as a push, it must be accepted with valid shipments or refused as malformed.
#include "carriers/17track/normalizer.hpp"
#include "carriers/17track/webhook.hpp"
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace fuzz = unstuck::fuzz;
    const std::string_view payload = fuzz::text(data, size);
    namespace track17 = unstuck::carriers::track17;
    fuzz::check_result(track17::normalize(payload, fuzz::context_for(size, "1Z023E2X0214323462")));

    static const track17::CarrierKeys keys;
    track17::WebhookReceiver receiver("fuzz-key", keys);
    unstuck::sdk::WebhookRequest request;
    request.headers = {{"sign", track17::push_signature(payload, "fuzz-key")}};
    request.body = payload;
    fuzz::check_signed_push(receiver.receive(request));
    return 0;
}
