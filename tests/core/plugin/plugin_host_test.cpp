// The plugin host over the real plugin modules: settings checked against the manifests when it starts.

#include "unstuck/core/plugin/plugin_host.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_paths.hpp"

namespace unstuck::core {
namespace {

// The build's plugins with the `plugins` section given.
HostConfig config_with(const std::string& plugins) {
    auto config = HostConfig::parse(R"({"plugins": )" + plugins + "}", test::plugin_dir());
    EXPECT_TRUE(config) << config.error().message;
    HostConfig out = config ? *config : HostConfig::defaults();
    out.plugin_dirs = {test::plugin_dir()};
    return out;
}

const PluginRecord* record_of(const PluginHost& host, std::string_view name) {
    for (const auto& r : host.records())
        if (r.name == name) return &r;
    return nullptr;
}

TEST(PluginHostConfig, ASettingOfTheWrongTypeRefusesThePluginWhenTheHostStarts) {
    PluginHost host(config_with(R"({"ups": {"timeout_ms": "5s"}, "fedex": {"timeout_ms": 5000}})"));
    EXPECT_EQ(host.config_errors(),
              (std::vector<std::string>{"plugin ups: config.timeout_ms: expected an integer"}));
    const PluginRecord* ups = record_of(host, "ups");
    ASSERT_NE(ups, nullptr);
    EXPECT_FALSE(ups->loaded);
    EXPECT_EQ(ups->reason, "config.timeout_ms: expected an integer");
    EXPECT_EQ(host.loader().find("ups"), nullptr);
    auto names = host.names("carrier");
    EXPECT_EQ(std::find(names.begin(), names.end(), "ups"), names.end());
    auto carrier = host.carrier("ups");
    ASSERT_FALSE(carrier.ok());
    EXPECT_EQ(carrier.error().message, "plugin ups: config.timeout_ms: expected an integer");
    // The others load and start.
    const PluginRecord* fedex = record_of(host, "fedex");
    ASSERT_NE(fedex, nullptr);
    EXPECT_TRUE(fedex->loaded) << fedex->reason;
    EXPECT_TRUE(host.carrier("fedex").ok());
}

TEST(PluginHostConfig, UnknownAndMissingKeysOfConfiguredPluginsAreErrors) {
    PluginHost host(config_with(R"({"fedex": {"timeout": 5}, "outbox": {}})"));
    ASSERT_EQ(host.config_errors().size(), 2u);
    EXPECT_EQ(host.config_errors()[0].rfind("plugin fedex: config.timeout: unknown key (known: ", 0), 0u)
        << host.config_errors()[0];
    EXPECT_EQ(host.config_errors()[1].rfind("plugin outbox: config.dir: required", 0), 0u)
        << host.config_errors()[1];
}

TEST(PluginHostConfig, GoodSettingsAndUnconfiguredPluginsAreNoErrors) {
    PluginHost host(config_with(R"({"ups": {"timeout_ms": 5000}})"));
    EXPECT_TRUE(host.config_errors().empty());
    EXPECT_NE(host.loader().find("ups"), nullptr);
    EXPECT_NE(host.loader().find("outbox"), nullptr) << "not configured: checked when it is used";
}

TEST(PluginHost, APluginCreatedAsOneKindIsNeverHandedOutAsTheOther) {
    test::TempDir dir;
    PluginHost host(config_with(R"({"outbox": {"dir": ")" + dir.path().string() + R"("}})"));
    ASSERT_TRUE(host.ticketing("outbox").ok());
    auto as_carrier = host.carrier("outbox");
    ASSERT_FALSE(as_carrier.ok());
    EXPECT_EQ(as_carrier.error().message, "plugin outbox: is a ticketing plugin, not carrier");
    auto receiver = host.webhook_receiver("outbox");
    ASSERT_FALSE(receiver.ok());
    EXPECT_EQ(receiver.error().message, "plugin outbox: is a ticketing plugin, not carrier");
}

}  // namespace
}  // namespace unstuck::core
