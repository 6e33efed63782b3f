#pragma once
// Pulls for tests: the real fixture-market marketplace plugin (tests/plugin_fixtures/marketplace/) whose
// shops' pages a test writes, the real replay carrier and outbox ticketing plugins, a real SQLite store and
// the shipped policy serving the fixture's marketplace.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/carrier_host.hpp"
#include "support/market_cases.hpp"
#include "support/test_paths.hpp"
#include "unstuck/core/marketplace/marketplace_sync.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/sweep/sweep.hpp"

namespace unstuck::test {

//! The instant the pulls decide at.
inline sdk::Timestamp sync_now() {
    return sdk::parse_timestamp("2024-07-16T20:00:00Z").value();
}

//! An order of shop 42 whose tracking the replay carrier fetches under `number` (no events of its own).
inline std::string fetched(const std::string& id, const std::string& number) {
    return R"({"order_id": ")" + id +
           R"(", "marketplace": "fixture-market", "shop_id": "42", "region": "US", "shipping_type": "PLATFORM", )"
           R"("platform_status": "AWAITING_COLLECTION", "packages": [{"package_id": "P1", "tracking_number": ")" +
           number + R"(", "carrier": "replay"}]})";
}

class SyncParts : public ::testing::Test {
  protected:
    void SetUp() override {
        std::filesystem::create_directories(responses_);
        write_file(dir_.path() / "pod.png", "\x89PNG fixture");
        write_file(control_, "{}");
        write_file(orders_, "{}");
        const std::string market_dir =
            (std::filesystem::path(UNSTUCK_BINARY_DIR) / "test-plugins" / "marketplace").string();
        std::string json = std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR + R"(", ")" +
                           market_dir + R"("], "log": {"level": "off"}, "plugins": {)" +
                           R"("outbox": {"dir": ")" + (dir_.path() / "outbox").string() + R"("}, )" +
                           R"("replay": {"dir": ")" + responses_.string() + R"(", "carrier": "ups"}, )" +
                           R"("fixture-market": {"orders_file": ")" + orders_.string() +
                           R"(", "control_file": ")" + control_.string() + R"(", "log_file": ")" +
                           log_.string() + R"("}}, "routes": [{"backend": "outbox"}], "sweep": )" +
                           R"({"marketplaces": ["fixture-market"], "evidence_dir": "evidence"}})";
        auto config = core::HostConfig::parse(json, dir_.path());
        ASSERT_TRUE(config.ok()) << config.error().message;
        config_ = std::make_unique<core::HostConfig>(*config);
        host_ = std::make_unique<core::PluginHost>(std::move(config).value());
        auto shipped = core::load_policy(core::default_policy_file());
        ASSERT_TRUE(shipped.ok()) << shipped.error().message;
        auto policy = std::make_shared<core::Policy>(**shipped);
        policy->marketplace = "fixture-market";
        engine_ = std::make_unique<core::PolicyEngine>(policy);
        auto store = core::CaseStore::open(core::StoreOptions::sqlite(dir_.path() / "store.db"));
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(*store);
    }

    //! The fixture's shops and pages from now on: `{"<shop>": [{"orders": [...], "errors": [...]}, ...]}`.
    void pages(const std::string& json) { write_file(orders_, json); }
    //! The fixture's answers from now on, e.g. `{"pull": {"42": "retry"}}`.
    void control(const std::string& json) { write_file(control_, json); }

    //! The options of a sweep through fixture-market.
    core::SweepRunOptions options(bool dry_run) const {
        auto config = core::HostConfig::parse(R"({"routes": [{"backend": "outbox"}]})", dir_.path());
        EXPECT_TRUE(config.ok());
        core::SweepRunOptions o;
        o.routes = core::DisputeRoutes(config->routes);
        o.dry_run = dry_run;
        o.concurrency = 2;
        o.now = sync_now();
        o.clock = [] { return sync_now(); };
        o.order_files_dir = dir_.path();
        o.sweep.evidence_dir = dir_.path() / "evidence";
        o.sweep.marketplaces = {"fixture-market"};
        return o;
    }

    //! Runs `what` with a prepared sweep and a prepared MarketplaceSync over the store (none: a dry run).
    template <typename What>
    core::SweepSummary with_sync(bool dry_run, What what) {
        core::Sweep sweep(*host_, *engine_, dry_run ? nullptr : store_.get(), options(dry_run));
        auto prepared = sweep.prepare();
        EXPECT_TRUE(prepared) << prepared.message();
        core::MarketplaceSync sync(*host_, sweep, dry_run ? nullptr : store_.get(), "fixture-market", 2);
        auto ready = sync.prepare();
        EXPECT_TRUE(ready) << ready.message();
        core::SweepSummary summary;
        summary.dry_run = dry_run;
        what(sync, summary);
        return summary;
    }

    //! One pull of every shop.
    core::SweepSummary pull(bool dry_run = false) {
        return with_sync(dry_run, [](core::MarketplaceSync& sync, core::SweepSummary& s) { sync.pull(s); });
    }

    //! The cursor the store holds for `shop`, none before the first.
    std::optional<std::string> cursor(const std::string& shop) {
        auto c = store_->marketplace_cursor("fixture-market", shop);
        EXPECT_TRUE(c.ok()) << c.error().message;
        return c.ok() ? *c : std::nullopt;
    }

    //! The fixture's log lines of `call`.
    std::vector<std::string> calls(const std::string& call) const {
        std::ifstream in(log_);
        std::vector<std::string> out;
        for (std::string line; std::getline(in, line);)
            if (line.find(R"({"call":")" + call + "\"") == 0) out.push_back(line);
        return out;
    }

    //! Whether the store holds a decision for order `id` of shop `shop`.
    bool recorded(const std::string& id, const std::string& shop = "42") {
        auto order = store_->find_order({"fixture-market", shop, id});
        EXPECT_TRUE(order.ok());
        return order.ok() && order->has_value() && !(*order)->action.empty();
    }

    //! The number of disputes the store holds.
    std::size_t disputes() {
        auto all = store_->list_disputes();
        EXPECT_TRUE(all.ok());
        return all.ok() ? all->size() : 0;
    }

    static std::string all_errors(const core::SweepSummary& s) {
        std::string text;
        for (const auto& e : s.errors) text += e + "\n";
        return text;
    }

    TempDir dir_;
    std::filesystem::path responses_ = dir_.path() / "responses";
    std::filesystem::path orders_ = dir_.path() / "market-orders.json";
    std::filesystem::path control_ = dir_.path() / "control.json";
    std::filesystem::path log_ = dir_.path() / "calls.jsonl";
    std::unique_ptr<core::HostConfig> config_;  //!< with `routes` and `sweep.marketplaces`
    std::unique_ptr<core::PluginHost> host_;
    std::unique_ptr<core::PolicyEngine> engine_;
    std::unique_ptr<core::CaseStore> store_;
};

}  // namespace unstuck::test
