#pragma once
// Sweeps for the seller-shipped remedy: the real fixture-market marketplace plugin (tests/plugin_fixtures/
// marketplace/), the real outbox and carrier plugins, a real SQLite store, and the shipped policy serving the
// fixture's marketplace. The fixture's answers are steered through its control file; its log counts the
// calls.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "support/carrier_host.hpp"
#include "support/test_paths.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/sweep/sweep.hpp"

namespace unstuck::test {

//! Where the fixture marketplace plugin is built.
inline std::filesystem::path market_fixture_dir() {
    return std::filesystem::path(UNSTUCK_BINARY_DIR) / "test-plugins" / "marketplace";
}

//! The instant the remedy tests decide at.
inline sdk::Timestamp remedy_now() {
    return sdk::parse_timestamp("2024-07-16T20:00:00Z").value();
}

//! A seller-shipped order of fixture-market whose carrier delivered package `package` three days ago:
//! rule S3, UPDATE_STATUS_WITH_POD. `proof_url` is its proof of delivery (empty: none).
inline std::string delivered_order(const std::string& id, const std::string& proof_url,
                                   const std::string& package = "P1") {
    std::string proof =
        proof_url.empty() ? "" : R"(, "proof_of_delivery": {"kind": "photo", "url": ")" + proof_url + "\"}";
    return R"({"order_id": ")" + id +
           R"(", "marketplace": "fixture-market", "shop_id": "42", "region": "US", "shipping_type": "SELLER", )"
           R"("platform_status": "IN_TRANSIT", "packages": [{"package_id": ")" +
           package + R"(", "tracking_number": "1Z)" + id +
           R"(", "carrier": "ups", "events": [)"
           R"({"at": "2024-07-12T14:00:00Z", "status": "PICKED_UP", "code": "PU", "description": "Picked up"}, )"
           R"({"at": "2024-07-13T20:00:00Z", "status": "DELIVERED", "code": "KB", "description": "Delivered"}])" +
           proof + "}]}";
}

class RemedySweep : public ::testing::Test {
  protected:
    void SetUp() override {
        orders_dir_ = dir_.path() / "orders";
        std::filesystem::create_directories(orders_dir_);
        write(orders_dir_ / "pod.png", "\x89PNG fixture");
        write(control_, "{}");
        std::string json = std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR + R"(", ")" +
                           market_fixture_dir().string() + R"("], "log": {"level": "off"}, "plugins": {)" +
                           R"("outbox": {"dir": ")" + (dir_.path() / "outbox").string() + R"("}, )" +
                           R"("fixture-market": {"control_file": ")" + control_.string() +
                           R"(", "log_file": ")" + log_.string() + R"("}}})";
        auto config = core::HostConfig::parse(json, dir_.path());
        ASSERT_TRUE(config.ok()) << config.error().message;
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

    static void write(const std::filesystem::path& file, const std::string& text) {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << text;
    }

    //! The fixture's answers from now on, e.g. `{"update": {"P1": "retry"}}`.
    void control(const std::string& json) { write(control_, json); }

    //! The options of a sweep through fixture-market (`marketplaces` as `sweep.marketplaces`).
    core::SweepRunOptions options(bool dry_run = false,
                                  std::vector<std::string> marketplaces = {"fixture-market"}) const {
        auto config = core::HostConfig::parse(R"({"routes": [{"backend": "outbox"}]})", dir_.path());
        EXPECT_TRUE(config.ok());
        core::SweepRunOptions o;
        o.routes = core::DisputeRoutes(config->routes);
        o.dry_run = dry_run;
        o.concurrency = 2;
        o.now = remedy_now();
        o.clock = [] { return remedy_now(); };
        o.order_files_dir = orders_dir_;
        o.sweep.evidence_dir = dir_.path() / "evidence";
        o.sweep.marketplaces = std::move(marketplaces);
        return o;
    }

    //! Settles, then sweeps `lines` as `unstuck sweep` does; the summaries merged.
    core::SweepSummary sweep(const std::vector<std::string>& lines, bool dry_run = false,
                             std::vector<std::string> marketplaces = {"fixture-market"}) {
        core::Sweep sweep(*host_, *engine_, dry_run ? nullptr : store_.get(),
                          options(dry_run, std::move(marketplaces)));
        auto prepared = sweep.prepare();
        EXPECT_TRUE(prepared) << prepared.message();
        core::SweepSummary settled;
        sweep.settle_pending(settled);
        std::string text;
        for (const auto& l : lines) text += l + "\n";
        const auto file = dir_.path() / "orders.jsonl";
        write(file, text);
        int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        EXPECT_GE(fd, 0);
        core::SweepSummary summary = sweep.run(fd);
        ::close(fd);
        summary.merge(settled);
        return summary;
    }

    //! The fixture's log lines of `call` (`update_delivery_status`, `find_delivery_status`).
    std::vector<std::string> calls(const std::string& call) const {
        std::ifstream in(log_);
        std::vector<std::string> out;
        for (std::string line; std::getline(in, line);)
            if (line.find(R"({"call":")" + call + "\"") == 0) out.push_back(line);
        return out;
    }

    //! The remedy under `key`, failing the test when the store has none.
    core::RemedyRecord remedy(const std::string& key) {
        auto found = store_->find_remedy(key);
        EXPECT_TRUE(found.ok() && found->has_value()) << key;
        return found.ok() && found->has_value() ? **found : core::RemedyRecord{};
    }

    static std::string first_error(const core::SweepSummary& s) {
        return s.errors.empty() ? "" : s.errors[0];
    }

    TempDir dir_;
    std::filesystem::path orders_dir_;
    std::filesystem::path control_ = dir_.path() / "control.json";
    std::filesystem::path log_ = dir_.path() / "calls.jsonl";
    std::unique_ptr<core::PluginHost> host_;
    std::unique_ptr<core::PolicyEngine> engine_;
    std::unique_ptr<core::CaseStore> store_;
};

}  // namespace unstuck::test
