// The API router: patterns with {name} segments, literal segments first, 404 and 405 told apart.
#include <gtest/gtest.h>

#include "serve/api_router.hpp"

namespace unstuck::core {
namespace {

ApiRouter::Handler answer(int status) {
    return [status](const ApiRequest&) { return api_json(status, "{}"); };
}

TEST(ApiRouter, FindsTheRouteAndDecodesItsVariables) {
    ApiRouter router;
    router.add("GET", "/v1/orders/{order_key}", Scope::kRead, answer(200));
    router.add("GET", "/v1/orders/{order_key}/history", Scope::kRead, answer(201));
    auto match = router.find("GET", "/v1/orders/tiktok-shop%3As1%3A123%2Fx");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/v1/orders/{order_key}");
    EXPECT_EQ(match.params.at("order_key"), "tiktok-shop:s1:123/x");

    match = router.find("GET", "/v1/orders/a:b:c/history");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/v1/orders/{order_key}/history");
    EXPECT_EQ(match.params.at("order_key"), "a:b:c");
}

TEST(ApiRouter, PrefersLiteralSegments) {
    ApiRouter router;
    router.add("GET", "/v1/{thing}/x", Scope::kRead, answer(200));
    router.add("GET", "/v1/orders/x", Scope::kRead, answer(201));
    auto match = router.find("GET", "/v1/orders/x");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/v1/orders/x");
    match = router.find("GET", "/v1/disputes/x");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/v1/{thing}/x");
    EXPECT_EQ(match.params.at("thing"), "disputes");
}

TEST(ApiRouter, TellsAMissingPathFromAMissingMethod) {
    ApiRouter router;
    router.add("GET", "/v1/orders", Scope::kRead, answer(200));
    router.add("POST", "/v1/orders", Scope::kWrite, answer(200));
    auto none = router.find("GET", "/v1/nothing");
    EXPECT_EQ(none.route, nullptr);
    EXPECT_TRUE(none.allow.empty());

    auto wrong = router.find("DELETE", "/v1/orders");
    EXPECT_EQ(wrong.route, nullptr);
    EXPECT_EQ(wrong.allow, "GET, POST");
    EXPECT_EQ(wrong.pattern, "/v1/orders");

    EXPECT_EQ(router.find("GET", "/v1/orders/").route, nullptr) << "a trailing slash is another path";
}

TEST(ApiRouter, RefusesABadEscape) {
    ApiRouter router;
    router.add("GET", "/v1/orders/{order_key}", Scope::kRead, answer(200));
    auto match = router.find("GET", "/v1/orders/a%zz");
    EXPECT_EQ(match.route, nullptr);
    EXPECT_TRUE(match.bad_escape);
    EXPECT_TRUE(router.find("GET", "/v1/orders/a%2").bad_escape);
}

TEST(ApiTypes, ErrorsHaveTheOneShape) {
    auto e = api_error(422, "invalid_field", "orders[0].order_id: expected a string", "orders[0].order_id");
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.content_type, "application/json");
    EXPECT_EQ(e.body, R"({"error":{"code":"invalid_field","message":"orders[0].order_id: expected a string",)"
                      R"("field":"orders[0].order_id"}})");
    EXPECT_EQ(api_error(404, "not_found", "no \"x\"").body,
              R"({"error":{"code":"not_found","message":"no \"x\""}})");
}

TEST(ApiTypes, PercentDecodes) {
    EXPECT_EQ(percent_decode("a%20b+c").value(), "a b+c");
    EXPECT_EQ(percent_decode("a%20b+c", true).value(), "a b c");
    EXPECT_FALSE(percent_decode("%").has_value());
    EXPECT_FALSE(percent_decode("%4").has_value());
    EXPECT_FALSE(percent_decode("%g0").has_value());
}

TEST(ApiTypes, FindsHeadersWhateverTheirCase) {
    ApiRequest request;
    request.headers = {{"Content-Type", "application/json"}, {"X-Delivery", "1"}};
    EXPECT_EQ(request.header("content-type").value(), "application/json");
    EXPECT_FALSE(request.header("Authorization").has_value());
}

}  // namespace
}  // namespace unstuck::core
