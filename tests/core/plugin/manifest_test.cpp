#include <gtest/gtest.h>

#include <fstream>

#include "support/test_paths.hpp"
#include "unstuck/core/plugin/manifest.hpp"

namespace unstuck::core {
namespace {

sdk::Result<Manifest> load_text(const test::TempDir& dir, const std::string& text) {
    auto file = dir.path() / "carrier_x.manifest.json";
    std::ofstream(file) << text;
    return Manifest::load(file);
}

TEST(ManifestTest, EveryShippedPluginManifestIsValid) {
    int seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test::plugin_dir())) {
        if (entry.path().extension() != ".json") continue;
        auto m = Manifest::load(entry.path());
        ASSERT_TRUE(m.ok()) << m.error().message;
        EXPECT_EQ(entry.path().filename().string(), m->kind + "_" + m->name + ".manifest.json");
        EXPECT_TRUE(m->validate(nullptr).ok() || !m->config.empty());
        ++seen;
    }
    EXPECT_GT(seen, 0);
}

TEST(ManifestTest, ErrorsNameTheFileAndTheField) {
    test::TempDir dir;
    auto file = (dir.path() / "carrier_x.manifest.json").string();
    EXPECT_EQ(load_text(dir, R"({"kind": "carrier", "version": "1"})").error().message,
              file + ": name: required");
    EXPECT_EQ(load_text(dir, R"({"name": "x", "kind": "printer", "version": "1"})").error().message,
              file + R"(: kind: "printer" is not carrier, ticketing or marketplace)");
    EXPECT_EQ(load_text(dir, R"({"name": "x", "kind": "carrier", "version": "1",
                                 "config": {"n": {"type": "float"}}})")
                  .error()
                  .message,
              file + R"(: config.n.type: "float" is not a known type)");
    EXPECT_EQ(load_text(dir, R"({"name": "x", "kind": "carrier", "version": "1",
                                 "config": {"n": {"type": "integer", "default": "7"}}})")
                  .error()
                  .message,
              file + ": config.n.default: expected an integer");
    EXPECT_EQ(load_text(dir, "{").error().message.rfind(file + ": malformed JSON", 0), 0u);
}

TEST(ManifestTest, TrackingIsPullUnlessACarrierSaysPush) {
    test::TempDir dir;
    auto file = (dir.path() / "carrier_x.manifest.json").string();
    auto pull = load_text(dir, R"({"name": "x", "kind": "carrier", "version": "1"})");
    ASSERT_TRUE(pull.ok()) << pull.error().message;
    EXPECT_EQ(pull->tracking, "pull");
    auto push = load_text(dir, R"({"name": "x", "kind": "carrier", "version": "1", "tracking": "push"})");
    ASSERT_TRUE(push.ok()) << push.error().message;
    EXPECT_EQ(push->tracking, "push");
    EXPECT_EQ(load_text(dir, R"({"name": "x", "kind": "carrier", "version": "1", "tracking": "poll"})")
                  .error()
                  .message,
              file + R"(: tracking: "poll" is not pull or push)");
    EXPECT_EQ(load_text(dir, R"({"name": "x", "kind": "carrier", "version": "1", "tracking": true})")
                  .error()
                  .message,
              file + ": tracking: expected a string");
    EXPECT_EQ(load_text(dir, R"({"name": "x", "kind": "ticketing", "version": "1", "tracking": "pull"})")
                  .error()
                  .message,
              file + ": tracking: only a carrier has tracking");
}

TEST(ManifestTest, ValidateFillsDefaultsAndConvertsTypes) {
    test::TempDir dir;
    auto m = load_text(dir, R"({"name": "x", "kind": "carrier", "version": "1",
        "config": {"url": {"type": "string"}, "n": {"type": "integer", "default": 3},
                   "rate": {"type": "number", "default": 1.5}, "on": {"type": "boolean", "default": false},
                   "ids": {"type": "string_map", "default": {"a": "1"}}}})");
    ASSERT_TRUE(m.ok()) << m.error().message;
    Poco::JSON::Object::Ptr config = new Poco::JSON::Object;
    config->set("url", "http://x");
    config->set("rate", 2);
    auto v = m->validate(config);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->get_string("url"), "http://x");
    EXPECT_EQ(v->get_int("n"), 3);
    EXPECT_EQ(v->get_number("rate"), 2.0);  // an integer is a number
    EXPECT_FALSE(v->get_bool("on", true));
    EXPECT_EQ(v->get_string_map("ids").at("a"), "1");
}

}  // namespace
}  // namespace unstuck::core
