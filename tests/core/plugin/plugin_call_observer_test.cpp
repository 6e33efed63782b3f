// The plugin host's call observer over the real plugin modules: every guarded call is reported with the
// plugin's name, the operation and its duration.

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_paths.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"

namespace unstuck::core {
namespace {

struct Call {
    std::string plugin;
    std::string operation;
    std::chrono::nanoseconds elapsed;
};

class Recorder {
  public:
    PluginCallObserver observer() {
        return [this](std::string_view plugin, std::string_view operation, std::chrono::nanoseconds elapsed) {
            std::lock_guard lock(mutex_);
            calls_.push_back({std::string(plugin), std::string(operation), elapsed});
        };
    }
    std::vector<Call> calls() {
        std::lock_guard lock(mutex_);
        return calls_;
    }

  private:
    std::mutex mutex_;
    std::vector<Call> calls_;
};

HostConfig config_with(const std::string& plugins) {
    auto config = HostConfig::parse(R"({"plugins": )" + plugins + "}", test::plugin_dir());
    EXPECT_TRUE(config) << config.error().message;
    HostConfig out = config ? *config : HostConfig::defaults();
    out.plugin_dirs = {test::plugin_dir()};
    return out;
}

TEST(PluginCallObserver, SeesEveryCarrierAndTicketingCallWithItsPluginOperationAndDuration) {
    test::TempDir dir;
    PluginHost host(config_with(R"({"outbox": {"dir": ")" + dir.path().string() + R"("}})"));
    Recorder recorder;
    host.set_call_observer(recorder.observer());

    auto fedex = host.carrier("fedex");
    ASSERT_TRUE(fedex.ok()) << fedex.error().message;
    EXPECT_EQ((*fedex)->detect("9274892736481500273647").size(), 1u);
    auto outbox = host.ticketing("outbox");
    ASSERT_TRUE(outbox.ok()) << outbox.error().message;
    auto found = (*outbox)->find("shopee:1:no-such-order");
    EXPECT_NE(found.kind, sdk::FindResult::Kind::kOk);

    auto calls = recorder.calls();
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].plugin, "fedex");
    EXPECT_EQ(calls[0].operation, "detect");
    EXPECT_GT(calls[0].elapsed.count(), 0);
    EXPECT_EQ(calls[1].plugin, "outbox");
    EXPECT_EQ(calls[1].operation, "find");
    EXPECT_GT(calls[1].elapsed.count(), 0);
}

TEST(PluginCallObserver, PluginsHandedOutBeforeOrWithoutAnObserverAreNotTimed) {
    PluginHost host(config_with("{}"));
    auto before = host.carrier("fedex");
    ASSERT_TRUE(before.ok()) << before.error().message;
    Recorder recorder;
    host.set_call_observer(recorder.observer());
    (void)(*before)->detect("9274892736481500273647");
    EXPECT_TRUE(recorder.calls().empty());

    auto after = host.carrier("fedex");
    ASSERT_TRUE(after.ok());
    (void)(*after)->detect("9274892736481500273647");
    EXPECT_EQ(recorder.calls().size(), 1u);

    host.set_call_observer(nullptr);
    auto unobserved = host.carrier("fedex");
    ASSERT_TRUE(unobserved.ok());
    (void)(*unobserved)->detect("9274892736481500273647");
    EXPECT_EQ(recorder.calls().size(), 1u);
}

TEST(PluginCallObserver, AnObserverThatThrowsDoesNotChangeTheCallsResult) {
    PluginHost host(config_with("{}"));
    host.set_call_observer([](std::string_view, std::string_view, std::chrono::nanoseconds) {
        throw std::runtime_error("observer failed");
    });
    auto fedex = host.carrier("fedex");
    ASSERT_TRUE(fedex.ok());
    EXPECT_EQ((*fedex)->detect("9274892736481500273647").size(), 1u);
}

}  // namespace
}  // namespace unstuck::core
