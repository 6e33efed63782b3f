// libFuzzer harness for the ninjavan normalizer and webhook reader (built and run by scripts/fuzz.sh, and by
// the tests: label fuzz_tests): every input must give a shipment that keeps the model's rules, or a typed
// error, without a crash or a sanitizer report; signed as a push, it must be accepted with valid shipments or
// refused as malformed.
#include "carriers/ninjavan/normalizer.hpp"
#include "carriers/ninjavan/push_receiver.hpp"
#include "harness.hpp"
#include "unstuck/kit/signature.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace fuzz = unstuck::fuzz;
    const std::string_view payload = fuzz::text(data, size);
    namespace ninjavan = unstuck::carriers::ninjavan;
    fuzz::check_result(ninjavan::normalize(payload, fuzz::context_for(size, "NVMYSHOPX000123456", false)));

    ninjavan::PushReceiver receiver("fuzz-secret", "MY");
    unstuck::sdk::WebhookRequest request;
    request.headers = {{"X-Ninjavan-Hmac-Sha256",
                        unstuck::kit::to_base64(unstuck::kit::hmac_sha256("fuzz-secret", payload))}};
    request.body = payload;
    fuzz::check_signed_push(receiver.receive(request));
    return 0;
}
