// UPS through the real loader against loopback emulators of its OAuth token endpoint and tracking API
// (the shared body is in support/oauth_carrier_emulator_tests.hpp).
#include "support/oauth_carrier_emulator_tests.hpp"

namespace unstuck::test::ups_usps {
namespace {

Api ups_api() {
    return {"ups",
            "/security/v1/oauth/token",
            "/api/track/v1/details/1ZA81V440104567821",
            "1ZA81V440104567821",
            source_text("tests/golden/ups/delivered_signature.json"),
            sdk::TrackingStatus::kDelivered,
            200,
            source_text("tests/golden/ups/not_found.json")};
}

INSTANTIATE_TEST_SUITE_P(Carriers, EmulatorTest, ::testing::Values(&ups_api), api_name);

}  // namespace
}  // namespace unstuck::test::ups_usps
