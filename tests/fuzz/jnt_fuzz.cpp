// libFuzzer harness for the jnt normalizer and push reader (built and run by scripts/fuzz.sh, and by the
// tests: label fuzz_tests): every input must give a shipment that keeps the model's rules, or a typed error,
// without a crash or a sanitizer report; sent as a push's bizContent with its digest, it must be accepted
// with valid shipments or refused as malformed.
#include "carriers/jnt/normalizer.hpp"
#include "carriers/jnt/push_receiver.hpp"
#include "carriers/jnt/signing.hpp"
#include "harness.hpp"
#include "unstuck/kit/oauth_token_cache.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace fuzz = unstuck::fuzz;
    const std::string_view payload = fuzz::text(data, size);
    namespace jnt = unstuck::carriers::jnt;
    fuzz::check_result(jnt::normalize(payload, fuzz::context_for(size, "630002864925")));

    jnt::PushReceiver receiver("fuzz-key", "", "MY");
    const std::string body = "bizContent=" + unstuck::kit::form_encode(payload);
    unstuck::sdk::WebhookRequest request;
    request.headers = {{"digest", jnt::digest(payload, "fuzz-key")}};
    request.body = body;
    fuzz::check_signed_push(receiver.receive(request));
    return 0;
}
