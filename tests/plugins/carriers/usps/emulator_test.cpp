// USPS through the real loader against loopback emulators of its OAuth token endpoint and tracking API
// (the shared body is in support/oauth_carrier_emulator_tests.hpp).
#include "support/oauth_carrier_emulator_tests.hpp"

namespace unstuck::test::ups_usps {
namespace {

Api usps_api() {
    return {"usps",
            "/oauth2/v3/token",
            "/tracking/v3/tracking/9400111899223197428497",
            "9400111899223197428497",
            source_text("tests/golden/usps/delivered_signature.json"),
            sdk::TrackingStatus::kDelivered,
            404,
            source_text("tests/golden/usps/not_found.json")};
}

INSTANTIATE_TEST_SUITE_P(Carriers, EmulatorTest, ::testing::Values(&usps_api), api_name);

}  // namespace
}  // namespace unstuck::test::ups_usps
