#pragma once
// A fixture for the tests of one carrier plugin, loaded through the real loader with no config.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/carrier_host.hpp"

namespace unstuck::test {

//! Loads the carrier named at construction before each test: `plugin_` is it, `host_` keeps it loaded.
class OneCarrierTest : public ::testing::Test {
  protected:
    explicit OneCarrierTest(std::string name) : name_(std::move(name)) {}

    void SetUp() override {
        host_ = make_host("", "", "");
        ASSERT_TRUE(host_);
        plugin_ = carrier(*host_, name_);
        ASSERT_TRUE(plugin_);
    }

    std::string name_;
    std::unique_ptr<core::PluginHost> host_;
    std::shared_ptr<sdk::CarrierPlugin> plugin_;
};

}  // namespace unstuck::test
