#pragma once
// The pieces of a sweep set up for tests: the real plugins (replay, outbox), a real SQLite store, the shipped
// policy, and an order whose pickup was scanned 30 hours ago (a dispute to file).

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/carrier_host.hpp"
#include "sweep/sweep_context.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/core/policy/policy_document.hpp"

namespace unstuck::test {

//! The instant the parts' orders are decided at.
inline sdk::Timestamp parts_now() {
    return sdk::parse_timestamp("2024-07-16T20:00:00Z").value();
}

//! An order picked up 30 h before parts_now() whose platform still awaits collection.
inline std::string picked_up_order(const std::string& id) {
    return R"({"order_id": ")" + id +
           R"(", "shop_id": "42", "region": "US", "shipping_type": "PLATFORM", "platform_status": "AWAITING_COLLECTION", "packages": [{"package_id": "P1", "tracking_number": "1Z9", "carrier": "ups", "events": [{"at": "2024-07-15T14:00:00Z", "status": "PICKED_UP", "code": "PU", "description": "Picked up"}]}]})";
}

class SweepParts : public ::testing::Test {
  protected:
    //! Sets up a context over the store, with `routes_json` as the config's routes (e.g. `[{"backend":
    //! "outbox"}]`, or empty for none).
    void make_context(const std::string& routes_json, bool dry_run = false) {
        host_ = make_host(R"("outbox": {"dir": ")" + (dir_.path() / "outbox").string() + R"("})", "", "");
        ASSERT_TRUE(host_);
        auto policy = core::load_policy(core::default_policy_file());
        ASSERT_TRUE(policy.ok()) << policy.error().message;
        engine_ = std::make_unique<core::PolicyEngine>(*policy);
        auto store = core::CaseStore::open(core::StoreOptions::sqlite(dir_.path() / "store.db"));
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(*store);

        auto config = core::HostConfig::parse(
            routes_json.empty() ? std::string("{}") : R"({"routes": )" + routes_json + "}", dir_.path());
        ASSERT_TRUE(config.ok()) << config.error().message;
        core::SweepRunOptions options;
        options.routes = core::DisputeRoutes(config->routes);
        options.dry_run = dry_run;
        options.concurrency = 2;
        options.sweep.evidence_dir = dir_.path() / "evidence";
        options.clock = [] { return parts_now(); };
        context_ = std::make_unique<core::SweepContext>(*host_, *engine_, store_.get(), std::move(options));
        auto outbox = host_->ticketing("outbox");
        ASSERT_TRUE(outbox.ok()) << outbox.error().message;
        context_->backends["outbox"] = *outbox;
        context_->prepared = true;
    }

    //! Reads and decides `json` into order_ and decision_.
    void decide(const std::string& json) {
        auto s = reader_.read(json, order_);
        ASSERT_TRUE(s) << s.message();
        auto d = engine_->decide(order_, parts_now(), decision_);
        ASSERT_TRUE(d) << d.message();
        ASSERT_EQ(decision_.disputes.size(), 1u);
    }

    TempDir dir_;
    std::unique_ptr<core::PluginHost> host_;
    std::unique_ptr<core::PolicyEngine> engine_;
    std::unique_ptr<core::CaseStore> store_;
    std::unique_ptr<core::SweepContext> context_;
    core::OrderReader reader_;
    core::OrderCase order_;
    core::Decision decision_;
};

}  // namespace unstuck::test
