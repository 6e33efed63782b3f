// libFuzzer harness for the aftership normalizer and webhook reader (built and run by scripts/fuzz.sh): every
// input must give a shipment that keeps the model's rules, or a typed error, without a crash or a sanitizer
// report; signed as a push, it must be accepted with valid shipments or refused as malformed.
#include "carriers/aftership/normalizer.hpp"
#include "carriers/aftership/webhook.hpp"
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace fuzz = unstuck::fuzz;
    const std::string_view payload = fuzz::text(data, size);
    namespace aftership = unstuck::carriers::aftership;
    fuzz::check_result(aftership::normalize(payload, fuzz::context_for(size, "1Z023E2X0214323462")));

    static const aftership::Slugs slugs;
    aftership::WebhookReceiver receiver("fuzz-secret", slugs);
    unstuck::sdk::WebhookRequest request;
    request.headers = {{"aftership-hmac-sha256", aftership::push_signature(payload, "fuzz-secret")}};
    request.body = payload;
    fuzz::check_signed_push(receiver.receive(request));
    return 0;
}
