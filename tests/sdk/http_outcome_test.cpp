#include <gtest/gtest.h>

#include "unstuck/sdk/http_outcome.hpp"

namespace unstuck::sdk {
namespace {

using Kind = TrackResult::Kind;

TEST(HttpStatusResult, MapsStatusesToKinds) {
    HttpResponse response;
    response.status = 200;
    EXPECT_FALSE(http_status_result(response, "x"));
    response.status = 429;
    EXPECT_EQ(http_status_result(response, "x")->kind, Kind::kTransient);
    EXPECT_EQ(http_status_result(response, "x")->message, "x: HTTP 429 (rate limited)");
    response.status = 503;
    EXPECT_EQ(http_status_result(response, "x")->kind, Kind::kTransient);
    response.status = 401;
    EXPECT_EQ(http_status_result(response, "x")->message, "x: HTTP 401 (credentials refused)");
    response.status = 400;
    EXPECT_EQ(http_status_result(response, "x")->kind, Kind::kPermanent);
}

TEST(HttpErrorResult, TransientKindsAreTransientOthersPermanent) {
    auto r = http_error_result({HttpErrorKind::kTimeout, "read timed out"}, "dhl tracking");
    EXPECT_EQ(r.kind, Kind::kTransient);
    EXPECT_EQ(r.message, "dhl tracking: read timed out");
    EXPECT_EQ(http_error_result({HttpErrorKind::kTooLarge, "big"}, "x").kind, Kind::kPermanent);
}

}  // namespace
}  // namespace unstuck::sdk
