#pragma once
// Loads a carrier plugin through the real loader with a host configuration built for a test, and reads golden
// documents.

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "support/test_paths.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::test {

//! A clock the test moves by hand.
class ManualClock : public sdk::Clock {
  public:
    sdk::Timestamp now() const noexcept override { return at; }
    sdk::Timestamp at = sdk::parse_timestamp("2024-07-16T20:00:00Z").value();
};

//! The text of a file in the source tree.
inline std::string read_source(const std::string& relative) {
    std::ifstream in(source_path(relative), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

//! A plugin host over the build's plugin folder with `plugins`, `secrets` and `http` sections (JSON object
//! bodies, without braces' surroundings: e.g. `"fedex": {"base_url": "..."}`).
inline std::unique_ptr<core::PluginHost> make_host(const std::string& plugins, const std::string& secrets,
                                                   const std::string& http,
                                                   std::shared_ptr<sdk::Clock> clock = nullptr) {
    std::string json = std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR +
                       R"("], "log": {"level": "off"},)" + R"("plugins": {)" + plugins + "}, " +
                       R"("secrets": {)" + secrets + "}, " + R"("http": {)" + http + "}}";
    auto config = core::HostConfig::parse(json, UNSTUCK_BINARY_DIR);
    EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
    if (!config) return nullptr;
    return std::make_unique<core::PluginHost>(std::move(config).value(), std::move(clock));
}

//! The carrier plugin of that name from `host`, failing the test when it cannot be created.
inline std::shared_ptr<sdk::CarrierPlugin> carrier(core::PluginHost& host, std::string_view name) {
    auto c = host.carrier(name);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    return c ? *c : nullptr;
}

}  // namespace unstuck::test
