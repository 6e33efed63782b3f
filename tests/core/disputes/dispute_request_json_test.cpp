// Dispute requests as the store keeps them for PENDING disputes: JSON that reads back to the same request,
// and errors that name the field.

#include <gtest/gtest.h>

#include "unstuck/core/disputes/dispute_request_json.hpp"

namespace unstuck::test {
namespace {

TEST(DisputeRequestJsonTest, WritesEveryFieldAndReadsItBack) {
    sdk::DisputeRequest r;
    r.key = "tiktok-shop::576859029223086481:pick_up_issues.picked_up_not_updated:2";
    r.code = "pick_up_issues.picked_up_not_updated";
    r.path = {"Complaints & Dispute (Logistic related)", "Pick up Issues"};
    r.marketplace = "tiktok-shop";
    r.order_id = "576859029223086481";
    r.packages = {{"p1", "1Z023E2X0214323462", "ups"}, {"", "7712", "fedex"}};
    r.files = {{"history.csv", "/tmp/e/history.csv", "text/csv"}};
    r.facts = {{"order_id", "576859029223086481"}, {"tracking_history", R"({"events":[1,2]})"}};
    r.explanation = "Line one.\nLine \"two\" \\ \u00e9\t.";

    auto json = core::to_json(r);
    EXPECT_EQ(json.find('\n'), std::string::npos) << "one line";
    EXPECT_EQ(
        json.rfind(R"({"key":"tiktok-shop::576859029223086481:pick_up_issues.picked_up_not_updated:2",)", 0),
        0u)
        << json;
    auto back = core::parse_dispute_request(json);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->key, r.key);
    EXPECT_EQ(back->code, r.code);
    EXPECT_EQ(back->path, r.path);
    EXPECT_EQ(back->marketplace, r.marketplace);
    EXPECT_EQ(back->shop_id, "");
    EXPECT_EQ(back->order_id, r.order_id);
    ASSERT_EQ(back->packages.size(), 2u);
    EXPECT_EQ(back->packages[1].package_id, "");
    EXPECT_EQ(back->packages[1].tracking_number, "7712");
    EXPECT_EQ(back->packages[1].carrier, "fedex");
    ASSERT_EQ(back->files.size(), 1u);
    EXPECT_EQ(back->files[0].path, "/tmp/e/history.csv");
    ASSERT_EQ(back->facts.size(), 2u);
    EXPECT_EQ(back->facts[1].kind, "tracking_history");
    EXPECT_EQ(back->facts[1].value, R"({"events":[1,2]})");
    EXPECT_EQ(back->explanation, r.explanation);
    EXPECT_EQ(core::to_json(*back), json) << "the same request writes the same JSON";
}

TEST(DisputeRequestJsonTest, ErrorsNameTheField) {
    struct Case {
        const char* json;
        const char* error;
    };
    for (const auto& c : std::vector<Case>{
             {"{", "dispute request: malformed JSON"},
             {"[]", "dispute request: expected an object"},
             {R"({"code":"x"})", "request.key: missing"},
             {R"({"key":5})", "request.key: expected a string"},
             {R"({"key":"k","path":"a"})", "request.path: expected an array of strings"},
             {R"({"key":"k","packages":{}})", "request.packages: expected an array of objects"},
             {R"({"key":"k","packages":[{"carrier":1}]})", "request.packages[0].carrier: expected a string"},
             {R"({"key":"k","files":[3]})", "request.files[0]: expected an object"},
             {R"({"key":"k","facts":[{"kind":"a","value":{}}]})",
              "request.facts[0].value: expected a string"},
         }) {
        auto parsed = core::parse_dispute_request(c.json);
        ASSERT_FALSE(parsed) << c.json;
        EXPECT_NE(parsed.error().message.find(c.error), std::string::npos)
            << c.json << " -> " << parsed.error().message;
        EXPECT_EQ(parsed.error().message.find('\n'), std::string::npos) << parsed.error().message;
    }
}

}  // namespace
}  // namespace unstuck::test
