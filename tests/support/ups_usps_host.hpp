#pragma once
// The UPS and USPS plugins through the real loader, with a host configuration built for a test.

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "support/test_paths.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::test::ups_usps {

//! A clock the test moves by hand.
class SteppedClock : public sdk::Clock {
  public:
    sdk::Timestamp now() const noexcept override { return at_.load(); }
    void advance(std::chrono::seconds s) { at_ = at_.load() + s; }

  private:
    std::atomic<sdk::Timestamp> at_{sdk::parse_timestamp("2024-07-16T20:00:00Z").value()};
};

//! The text of a file in the source tree.
inline std::string source_text(const std::string& relative) {
    std::ifstream in(source_path(relative), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

//! A host over the build's plugin folder; `plugins`, `secrets` and `http` are the bodies of those sections.
inline std::unique_ptr<core::PluginHost> make_host(const std::string& plugins, const std::string& secrets,
                                                   const std::string& http,
                                                   std::shared_ptr<sdk::Clock> clock) {
    std::string json = std::string(R"({"plugin_dirs": [")") + plugin_dir().string() +
                       R"("], "log": {"level": "off"}, "plugins": {)" + plugins + R"(}, "secrets": {)" +
                       secrets + R"(}, "http": {)" + http + "}}";
    auto config = core::HostConfig::parse(json, UNSTUCK_BINARY_DIR);
    EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
    if (!config) return nullptr;
    return std::make_unique<core::PluginHost>(std::move(config).value(), std::move(clock));
}

}  // namespace unstuck::test::ups_usps
