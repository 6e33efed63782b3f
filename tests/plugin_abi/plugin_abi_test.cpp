// Loads the fixture modules through the real loader: each broken one is refused or contained with its own
// message, and the good one keeps working.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/run_process.hpp"
#include "support/test_paths.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/runtime/logging.hpp"

namespace unstuck {
namespace {

using core::HostConfig;
using core::PluginHost;
using core::PluginRecord;

std::filesystem::path fixture_dir() {
    return UNSTUCK_ABI_FIXTURE_DIR;
}

HostConfig config_with(const std::string& plugins_json) {
    auto config = HostConfig::parse(
        R"({"plugin_dirs": [")" + fixture_dir().string() + R"("], "plugins": )" + plugins_json + "}",
        fixture_dir());
    EXPECT_TRUE(config.ok()) << config.error().message;
    return std::move(config).value();
}

HostConfig default_config() {
    return config_with(R"({"abi_good": {"endpoint": "http://127.0.0.1:9"}})");
}

const PluginRecord* record_for(const PluginHost& host, const std::string& file_stem) {
    for (const auto& r : host.records())
        if (r.file.stem() == file_stem) return &r;
    return nullptr;
}

struct Refusal {
    const char* file;
    const char* reason;  // a part of the reason that only this refusal has
};

class RefusedPlugin : public ::testing::TestWithParam<Refusal> {};

TEST_P(RefusedPlugin, IsRefusedWithItsOwnReasonAndTheRestLoad) {
    std::ostringstream log;
    core::configure_logging({}, &log);
    PluginHost host(default_config());
    core::configure_logging({});

    const auto* r = record_for(host, GetParam().file);
    ASSERT_NE(r, nullptr) << "no record for " << GetParam().file;
    EXPECT_FALSE(r->loaded);
    EXPECT_NE(r->reason.find(GetParam().reason), std::string::npos) << r->reason;
    // One log line names the file and the reason.
    EXPECT_NE(log.str().find(r->file.string() + ": " + r->reason), std::string::npos) << log.str();
    // The good plugin is loaded whatever else was refused.
    ASSERT_NE(host.loader().find("abi_good"), nullptr);
    EXPECT_TRUE(host.carrier("abi_good").ok());
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, RefusedPlugin,
    ::testing::Values(
        Refusal{"carrier_abi_wrong_major", "ABI major 3 differs from the host's 2"},
        Refusal{"carrier_abi_newer_minor", "ABI minor 2.3 is newer than the host's 2.2"},
        Refusal{"marketplace_abi_market_old_minor", "kind 'marketplace' needs ABI 2.2, the plugin says 2.1"},
        Refusal{"carrier_abi_other_toolchain", "toolchain 'msvc-19;msvcrt;boost-108500;abi-1' differs"},
        Refusal{"carrier_abi_missing_entry",
                "missing entry symbol: exports Boost.DLL aliases (unstuck_plugin_version)"},
        Refusal{"carrier_abi_plain_library", "not an unstuck plugin: no Boost.DLL alias"},
        Refusal{"carrier_abi_not_elf", "not an unstuck plugin"},
        Refusal{"carrier_abi_twin", "name 'abi_good' is already taken by"},
        Refusal{"carrier_abi_manifest_mismatch",
                "manifest says carrier 'someone_else', descriptor says carrier 'abi_manifest_mismatch'"}),
    [](const auto& info) { return std::string(info.param.file).substr(12); });

TEST(PluginLoader, RecordsCarryTheDescriptorOfLoadedPlugins) {
    PluginHost host(default_config());
    const auto* r = record_for(host, "carrier_abi_good");
    ASSERT_NE(r, nullptr);
    EXPECT_TRUE(r->loaded);
    EXPECT_EQ(r->name, "abi_good");
    EXPECT_EQ(r->kind, "carrier");
    EXPECT_EQ(r->version, "1.0.0");
    EXPECT_EQ(r->vendor, "Fixtures");
    EXPECT_TRUE(r->reason.empty());
    EXPECT_EQ(host.names("carrier"),
              (std::vector<std::string>{"abi_constructor_refuses", "abi_create_throws", "abi_good",
                                        "abi_methods_throw", "abi_minor_zero", "abi_webhooks",
                                        "abi_wrong_substatus"}));
    EXPECT_TRUE(host.names("ticketing").empty());
    EXPECT_EQ(host.names("marketplace"), (std::vector<std::string>{"abi_market_throws"}));
}

TEST(PluginHost, CreatesWithValidatedConfigAndDefaults) {
    PluginHost host(config_with(R"({"abi_good": {"endpoint": "http://x", "greeting": "hej"}})"));
    auto carrier = host.carrier("abi_good");
    ASSERT_TRUE(carrier.ok()) << carrier.error().message;
    auto result = (*carrier)->normalize("{}", {"ABI123", std::nullopt});
    ASSERT_EQ(result.kind, sdk::TrackResult::Kind::kOk);
    EXPECT_EQ(result.shipment.carrier, "abi_good");
    EXPECT_EQ(result.shipment.warnings, std::vector<std::string>{"greeting=hej"});
    auto claims = (*carrier)->detect("ABI123");
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_EQ(claims[0].carrier, "abi_good");
}

struct ConfigCase {
    const char* config;
    const char* error;
};

class BadConfig : public ::testing::TestWithParam<ConfigCase> {};

TEST_P(BadConfig, IsRefusedBeforeCreateNamingTheKey) {
    PluginHost host(config_with(GetParam().config));
    auto carrier = host.carrier("abi_good");
    ASSERT_FALSE(carrier.ok());
    EXPECT_EQ(carrier.error().message, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Keys, BadConfig,
    ::testing::Values(
        ConfigCase{R"({})", "plugin abi_good: config.endpoint: required (required: no default)"},
        ConfigCase{R"({"abi_good": {"endpoint": 7}})", "plugin abi_good: config.endpoint: expected a string"},
        ConfigCase{R"({"abi_good": {"endpoint": "x", "retries": "3"}})",
                   "plugin abi_good: config.retries: expected an integer"},
        ConfigCase{R"({"abi_good": {"endpoint": "x", "regions": ["US", 4]}})",
                   "plugin abi_good: config.regions[1]: expected a string"},
        ConfigCase{
            R"({"abi_good": {"endpoint": "x", "greting": "typo"}})",
            "plugin abi_good: config.greting: unknown key (known: endpoint, greeting, regions, retries)"}));

TEST(PluginHost, CreateThatThrowsIsContained) {
    PluginHost host(default_config());
    auto carrier = host.carrier("abi_create_throws");
    ASSERT_FALSE(carrier.ok());
    EXPECT_EQ(carrier.error().message,
              "plugin abi_create_throws: create threw: database of carriers unavailable");
    EXPECT_TRUE(host.carrier("abi_good").ok());
}

TEST(PluginHost, ConstructorRefusalReachesTheHostAsOneLine) {
    PluginHost host(default_config());
    auto carrier = host.carrier("abi_constructor_refuses");
    ASSERT_FALSE(carrier.ok());
    EXPECT_EQ(
        carrier.error().message,
        "plugin abi_constructor_refuses: refused to start: config.account: account 'demo' is not allowed in "
        "production");
}

TEST(PluginHost, MethodsThatThrowAreContained) {
    PluginHost host(default_config());
    auto carrier = host.carrier("abi_methods_throw");
    ASSERT_TRUE(carrier.ok()) << carrier.error().message;
    auto fetched = (*carrier)->fetch({"ABI1", std::nullopt});
    EXPECT_EQ(fetched.kind, sdk::TrackResult::Kind::kPermanent);
    EXPECT_EQ(fetched.message, "plugin abi_methods_throw: fetch threw: fetch exploded");
    auto normalized = (*carrier)->normalize("{}", {"ABI1", std::nullopt});
    EXPECT_EQ(normalized.kind, sdk::TrackResult::Kind::kPermanent);
    EXPECT_EQ(normalized.message, "plugin abi_methods_throw: normalize threw: unknown exception");
    EXPECT_TRUE((*carrier)->detect("ABI1").empty());
    // The host goes on working after all of that.
    auto good = host.carrier("abi_good");
    ASSERT_TRUE(good.ok());
    EXPECT_EQ((*good)->normalize("{}", {"ABI2", std::nullopt}).kind, sdk::TrackResult::Kind::kOk);
}

TEST(PluginHost, AShipmentOutsideTheModelIsAPermanentErrorNamingTheEvent) {
    PluginHost host(default_config());
    auto carrier = host.carrier("abi_wrong_substatus");
    ASSERT_TRUE(carrier.ok()) << carrier.error().message;
    auto normalized = (*carrier)->normalize("event", {"ABI1", std::nullopt});
    EXPECT_EQ(normalized.kind, sdk::TrackResult::Kind::kPermanent);
    EXPECT_EQ(
        normalized.message,
        "plugin abi_wrong_substatus: normalize returned a shipment outside the model: event 1: substatus "
        "\"arrived_at_hub\" is not a substatus of IN_TRANSIT");
    auto fetched = (*carrier)->fetch({"ABI1", std::nullopt});
    EXPECT_EQ(fetched.kind, sdk::TrackResult::Kind::kPermanent);
    EXPECT_EQ(fetched.message,
              "plugin abi_wrong_substatus: fetch returned a shipment outside the model: event 1: substatus "
              "\"arrived_at_hub\" is not a substatus of IN_TRANSIT");
    auto shipment_only = (*carrier)->normalize("shipment", {"ABI1", std::nullopt});
    EXPECT_EQ(shipment_only.kind, sdk::TrackResult::Kind::kPermanent);
    EXPECT_EQ(
        shipment_only.message,
        "plugin abi_wrong_substatus: normalize returned a shipment outside the model: shipment: substatus "
        "\"arrived_at_hub\" is not a substatus of IN_TRANSIT");
    // Within the model, the same plugin's shipment gets through.
    auto fine = (*carrier)->normalize("fine", {"ABI1", std::nullopt});
    ASSERT_EQ(fine.kind, sdk::TrackResult::Kind::kOk) << fine.message;
    EXPECT_EQ(fine.shipment.events.size(), 3u);
}

TEST(TrackCommand, RefusesAShipmentOutsideTheModelWithOneLine) {
    test::TempDir dir;
    auto config = dir.path() / "config.json";
    std::ofstream(config) << R"({"plugin_dirs": [")" << fixture_dir().string()
                          << R"("], "log": {"level": "off"}})";
    auto raw = dir.path() / "raw.json";
    std::ofstream(raw) << "event";
    auto run = test::run_host(
        {"--config", config.string(), "track", "--carrier", "abi_wrong_substatus", "--raw", raw.string()});
    EXPECT_NE(run.exit_code, 0);
    EXPECT_NE(
        run.err.find("plugin abi_wrong_substatus: normalize returned a shipment outside the model: event 1: "
                     "substatus \"arrived_at_hub\" is not a substatus of IN_TRANSIT"),
        std::string::npos)
        << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
}

TEST(PluginHost, MarketplaceMethodsThatThrowAreContained) {
    PluginHost host(default_config());
    auto market = host.marketplace("abi_market_throws");
    ASSERT_TRUE(market.ok()) << market.error().message;
    EXPECT_TRUE((*market)->shops().empty());
    auto page = (*market)->changed_orders("shop", "");
    EXPECT_EQ(page.kind, sdk::MarketplaceResult<sdk::OrderPage>::Kind::kRejected);
    EXPECT_EQ(page.message, "plugin abi_market_throws: changed_orders threw: search exploded");
    auto order = (*market)->order("shop", "1");
    EXPECT_EQ(order.kind, sdk::MarketplaceResult<std::string>::Kind::kRejected);
    EXPECT_EQ(order.message, "plugin abi_market_throws: order threw: unknown exception");
    auto applied = (*market)->update_delivery_status(sdk::PodUpdate{});
    EXPECT_EQ(applied.kind, sdk::MarketplaceResult<sdk::PodReceipt>::Kind::kRejected);
    EXPECT_EQ(applied.message, "plugin abi_market_throws: update_delivery_status threw: deliver exploded");
    auto found = (*market)->find_delivery_status(sdk::PodUpdate{});
    EXPECT_EQ(found.message, "plugin abi_market_throws: find_delivery_status threw: package detail exploded");
    auto push = (*market)->receive(sdk::WebhookRequest{});
    EXPECT_EQ(push.kind, sdk::WebhookResult::Kind::kMalformed);
    EXPECT_EQ(push.message, "plugin abi_market_throws: receive threw: push exploded");
}

TEST(PluginHost, AMarketplacePluginIsNeverHandedOutAsAnotherKind) {
    PluginHost host(default_config());
    auto as_carrier = host.carrier("abi_market_throws");
    ASSERT_FALSE(as_carrier.ok());
    EXPECT_EQ(as_carrier.error().message, "plugin abi_market_throws: is a marketplace plugin, not carrier");
    ASSERT_TRUE(host.marketplace("abi_market_throws").ok());
    // Created now as a marketplace: still not a ticketing plugin.
    auto as_ticketing = host.ticketing("abi_market_throws");
    ASSERT_FALSE(as_ticketing.ok());
    EXPECT_EQ(as_ticketing.error().message,
              "plugin abi_market_throws: is a marketplace plugin, not ticketing");
    auto carrier_as_market = host.marketplace("abi_good");
    ASSERT_FALSE(carrier_as_market.ok());
    EXPECT_EQ(carrier_as_market.error().message, "plugin abi_good: is a carrier plugin, not marketplace");
}

TEST(PluginHost, WrongKindAndUnknownNamesAreClearErrors) {
    PluginHost host(default_config());
    auto as_ticketing = host.ticketing("abi_good");
    ASSERT_FALSE(as_ticketing.ok());
    EXPECT_EQ(as_ticketing.error().message, "plugin abi_good: is a carrier plugin, not ticketing");
    auto missing = host.carrier("nosuch");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "plugin nosuch: not found in the plugin folders");
    auto refused = host.carrier("abi_wrong_major");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message,
              "plugin abi_wrong_major: refused: ABI major 3 differs from the host's 2");
}

TEST(PluginHost, ObjectsKeepTheirLibraryLoadedAfterTheHostIsGone) {
    std::shared_ptr<sdk::CarrierPlugin> carrier;
    {
        PluginHost host(default_config());
        carrier = std::move(host.carrier("abi_good")).value();
    }
    // The host, its loader and its records are gone; the object and its library are not.
    auto result = carrier->normalize("{}", {"ABI9", std::nullopt});
    ASSERT_EQ(result.kind, sdk::TrackResult::Kind::kOk);
    EXPECT_EQ(result.shipment.tracking_number, "ABI9");
}

sdk::WebhookRequest push_of(std::string_view body) {
    sdk::WebhookRequest request;
    request.method = "POST";
    request.target = "/v1/webhooks/x";
    request.headers = {{"X-Delivery", "d-1"}};
    request.body = body;
    return request;
}

TEST(PluginHost, APluginBuiltForAbi2Point0LoadsAndIsNeverAskedForWebhooks) {
    std::ostringstream log;
    core::configure_logging({}, &log);
    {
        PluginHost host(default_config());
        const auto* r = record_for(host, "carrier_abi_minor_zero");
        ASSERT_NE(r, nullptr);
        EXPECT_TRUE(r->loaded) << r->reason;
        auto carrier = host.carrier("abi_minor_zero");
        ASSERT_TRUE(carrier.ok()) << carrier.error().message;
        EXPECT_EQ((*carrier)->fetch({"ABI1", std::nullopt}).kind, sdk::TrackResult::Kind::kOk);
        EXPECT_EQ((*carrier)->webhook_receiver(), nullptr);
        auto receiver = host.webhook_receiver("abi_minor_zero");
        ASSERT_FALSE(receiver.ok());
        EXPECT_EQ(receiver.error().message,
                  "plugin abi_minor_zero: built for ABI 2.0, which has no webhooks");
    }
    core::configure_logging({});
    EXPECT_EQ(log.str().find("webhook_receiver called"), std::string::npos) << log.str();
}

TEST(PluginHost, HandsOutAGuardedWebhookReceiverOnlyWhereThereIsOne) {
    PluginHost host(default_config());
    auto receiver = host.webhook_receiver("abi_webhooks");
    ASSERT_TRUE(receiver.ok()) << receiver.error().message;
    auto result = (*receiver)->receive(push_of("ABI77"));
    ASSERT_EQ(result.kind, sdk::WebhookResult::Kind::kAccepted) << result.message;
    EXPECT_EQ(result.push.delivery_id, "d-1");
    ASSERT_EQ(result.push.updates.size(), 1u);
    EXPECT_EQ(result.push.updates[0].tracking_number, "ABI77");
    // The same receiver through the guarded carrier.
    auto carrier = host.carrier("abi_webhooks");
    ASSERT_TRUE(carrier.ok());
    ASSERT_NE((*carrier)->webhook_receiver(), nullptr);

    auto none = host.webhook_receiver("abi_good");
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().message, "plugin abi_good: receives no webhooks");
    auto missing = host.webhook_receiver("nosuch");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "plugin nosuch: not found in the plugin folders");
    auto refused = host.webhook_receiver("abi_newer_minor");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message,
              "plugin abi_newer_minor: refused: ABI minor 2.3 is newer than the host's 2.2");
}

TEST(PluginHost, AReceiverThatThrowsIsContainedAsMalformed) {
    PluginHost host(default_config());
    auto receiver = host.webhook_receiver("abi_webhooks");
    ASSERT_TRUE(receiver.ok()) << receiver.error().message;
    auto thrown = (*receiver)->receive(push_of("throw"));
    EXPECT_EQ(thrown.kind, sdk::WebhookResult::Kind::kMalformed);
    EXPECT_EQ(thrown.message, "plugin abi_webhooks: receive threw: receive exploded");
    auto odd = (*receiver)->receive(push_of("throw 42"));
    EXPECT_EQ(odd.kind, sdk::WebhookResult::Kind::kMalformed);
    EXPECT_EQ(odd.message, "plugin abi_webhooks: receive threw: unknown exception");
    // It goes on receiving.
    EXPECT_EQ((*receiver)->receive(push_of("ABI5")).kind, sdk::WebhookResult::Kind::kAccepted);
}

TEST(PluginHost, AReceiverKeepsItsLibraryLoadedAfterTheHostIsGone) {
    std::shared_ptr<sdk::WebhookReceiver> receiver;
    {
        PluginHost host(default_config());
        receiver = std::move(host.webhook_receiver("abi_webhooks")).value();
    }
    EXPECT_EQ(receiver->receive(push_of("ABI6")).kind, sdk::WebhookResult::Kind::kAccepted);
}

TEST(PluginsCommand, ListsLoadedAndRefusedWithReasons) {
    test::TempDir dir;
    auto config = dir.path() / "config.json";
    std::ofstream(config) << R"({"plugin_dirs": [")" << fixture_dir().string()
                          << R"("], "log": {"level": "off"}})";

    auto table = test::run_host({"--config", config.string(), "plugins"});
    EXPECT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("abi_good"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("carrier_abi_wrong_major.so: ABI major 3 differs from the host's 2"),
              std::string::npos)
        << table.out;
    EXPECT_NE(table.out.find("8 plugin(s) loaded, 9 refused"), std::string::npos) << table.out;
    // Display names: the manifest's, else the plugin's name; none for a module refused before its manifest.
    bool display_listed = false;
    for (std::istringstream lines(table.out); !lines.eof();) {
        std::string line;
        std::getline(lines, line);
        if (line.rfind("abi_wrong_substatus ", 0) != 0) continue;
        display_listed = true;
        EXPECT_NE(line.find(" Wrong Substatus Express "), std::string::npos) << line;
    }
    EXPECT_TRUE(display_listed) << table.out;
    EXPECT_NE(table.out.find("DISPLAY NAME"), std::string::npos) << table.out;

    auto json = test::run_host({"--config", config.string(), "plugins", "--json"});
    EXPECT_EQ(json.exit_code, 0) << json.err;
    EXPECT_NE(json.out.find(R"("name":"abi_good","kind":"carrier","version":"1.0.0","vendor":"Fixtures")"),
              std::string::npos)
        << json.out;
    EXPECT_NE(json.out.find(R"("display_name":"Wrong Substatus Express")"), std::string::npos) << json.out;
    EXPECT_NE(json.out.find(R"("display_name":"abi_good")"), std::string::npos) << json.out;
    EXPECT_NE(
        json.out.find(R"("state":"refused","reason":"toolchain 'msvc-19;msvcrt;boost-108500;abi-1' differs)"),
        std::string::npos)
        << json.out;
}

TEST(PluginsCommand, BadConfigFileIsOneLineAndExitTwo) {
    test::TempDir dir;
    auto config = dir.path() / "config.json";
    std::ofstream(config) << R"({"plugin_dirs": 5})";
    auto run = test::run_host({"--config", config.string(), "plugins"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.err, "unstuck: " + config.string() + ": plugin_dirs: expected an array of strings\n");
}

}  // namespace
}  // namespace unstuck
