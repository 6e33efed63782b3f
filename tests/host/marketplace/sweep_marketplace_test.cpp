// `unstuck sweep --marketplace NAME`: the real host pulling the fixture-market plugin's shops (real loader,
// SQLite store, outbox): the summary and exit codes of a file's sweep, cursors kept between runs, bad flags
// named.

#include <gtest/gtest.h>

#include <sstream>

#include "market_host.hpp"
#include "support/run_process.hpp"
#include "unstuck/core/store/case_store.hpp"

namespace unstuck::test {
namespace {

std::vector<std::string> sweep(const MarketHost& host, std::vector<std::string> more) {
    std::vector<std::string> args{"--config", host.path("config.json").string(), "sweep", "--now",
                                  kMarketNow};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

std::optional<std::string> cursor(const MarketHost& host, const std::string& shop) {
    auto store = core::CaseStore::open(core::StoreOptions::sqlite(host.path("store.db")));
    EXPECT_TRUE(store.ok());
    if (!store) return std::nullopt;
    auto c = (*store)->marketplace_cursor("fixture-market", shop);
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : std::nullopt;
}

// The count of the row `label` under `heading` in a summary table; empty when there is none.
std::string row(const std::string& table, const std::string& heading, const std::string& label) {
    auto at = table.find(heading + "\n");
    if (at == std::string::npos) return "";
    std::istringstream lines(table.substr(at + heading.size() + 1));
    for (std::string line; std::getline(lines, line) && line.rfind("  ", 0) == 0;) {
        if (line.rfind("  " + label + "  ", 0) != 0) continue;
        return line.substr(line.find_last_of(' ') + 1);
    }
    return "";
}

TEST(SweepMarketplace, PullsEveryShopOnceAndTheNextSweepReadsNothingNew) {
    MarketHost host;
    host.config();
    host.pages(R"({"42": [{"orders": [)" + picked_up("A") + ", " +
               delivered("R1", "https://carrier.invalid/pod/R1.jpg") + R"(]}, {"orders": [)" +
               picked_up("B") + R"(]}], "43": [{"orders": [)" + picked_up("C", "43") + "]}]}");
    auto table = run_host(sweep(host, {"--marketplace", "fixture-market"}));
    EXPECT_EQ(table.exit_code, 0) << table.err << table.out;
    EXPECT_NE(table.out.find("Sweep of marketplace fixture-market: 4 orders"), std::string::npos)
        << table.out;
    EXPECT_EQ(row(table.out, "MARKETPLACE PULLS", "orders read"), "4") << table.out;
    EXPECT_EQ(row(table.out, "MARKETPLACE PULLS", "could not be read"), "0");
    EXPECT_EQ(row(table.out, "REMEDIES (UPDATE_STATUS_WITH_POD)", "applied"), "1");
    EXPECT_EQ(host.packets(), 3u);
    EXPECT_EQ(host.calls("update_delivery_status").size(), 1u);
    EXPECT_EQ(cursor(host, "42"), "2");
    EXPECT_EQ(cursor(host, "43"), "1");

    auto again = run_host(sweep(host, {"--marketplace", "fixture-market", "--json"}));
    EXPECT_EQ(again.exit_code, 0) << again.err;
    SummaryJson s(again.out);
    EXPECT_EQ(s.at("marketplace", "pulled"), 0);
    EXPECT_EQ(s.at("marketplace", "errors"), 0);
    EXPECT_EQ(s.at("disputes", "filed"), 0);
    EXPECT_EQ(host.packets(), 3u);
    EXPECT_EQ(host.calls("update_delivery_status").size(), 1u);
}

TEST(SweepMarketplace, WithAFileTheFileAndThePullsAreOneSummary) {
    MarketHost host;
    host.config();
    host.pages(R"({"42": [{"orders": [)" + picked_up("A") + "]}]}");
    write_file(host.path("orders.jsonl"), picked_up("F") + "\n");
    auto run = run_host(sweep(host, {"--orders", host.path("orders.jsonl").string(), "--marketplace",
                                     "fixture-market", "--marketplace", "fixture-market", "--json"}));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    SummaryJson s(run.out);
    EXPECT_EQ(s.at("orders", "lines"), 2);
    EXPECT_EQ(s.at("orders", "decided"), 2);
    EXPECT_EQ(s.at("marketplace", "pulled"), 1);
    EXPECT_EQ(s.at("disputes", "filed"), 2);
    EXPECT_EQ(host.calls("changed_orders").size(), 1u);  // a name given twice is pulled once
}

TEST(SweepMarketplace, BadOrdersExitTwoAndShopsThatCannotBeReadExitOne) {
    MarketHost host;
    host.config();
    host.pages(R"({"42": [{"orders": [)" + picked_up("A") +
               R"(], "errors": [{"order_id": "X", "message": "status: unknown \"LIMBO\""}]}]})");
    auto bad = run_host(sweep(host, {"--marketplace", "fixture-market"}));
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_EQ(bad.err, "unstuck sweep: fixture-market shop 42 order X: status: unknown \"LIMBO\"\n");
    EXPECT_EQ(host.packets(), 1u);
    EXPECT_EQ(cursor(host, "42"), "1");

    host.pages(R"({"42": [{"orders": [)" + picked_up("A") + R"(]}], "43": [{"orders": [)" +
               picked_up("C", "43") + "]}]}");
    host.control(R"({"pull": {"43": "retry"}})");
    auto down = run_host(sweep(host, {"--marketplace", "fixture-market", "--json"}));
    EXPECT_EQ(down.exit_code, 1) << down.err;
    EXPECT_EQ(
        down.err,
        "unstuck sweep: fixture-market shop 43: reading its changed orders: fixture-market: pull of shop "
        "43: try again (retry after 30 s)\n");
    SummaryJson s(down.out);
    EXPECT_EQ(s.at("marketplace", "errors"), 1);
}

TEST(SweepMarketplace, ADryRunReadsEveryShopAndStoresNothing) {
    MarketHost host;
    host.config();
    host.pages(R"({"42": [{"orders": [)" + picked_up("A") + "]}]}");
    auto run = run_host(sweep(host, {"--marketplace", "fixture-market", "--dry-run", "--json"}));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    SummaryJson s(run.out);
    EXPECT_EQ(s.at("marketplace", "pulled"), 1);
    EXPECT_EQ(s.at("disputes", "would_file"), 1);
    EXPECT_EQ(host.packets(), 0u);
    EXPECT_FALSE(std::filesystem::exists(host.path("store.db")));
}

TEST(SweepMarketplace, BadFlagsExitTwoNamingTheFlag) {
    MarketHost host;
    host.config();
    auto none = run_host(sweep(host, {}));
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_EQ(none.err,
              "unstuck sweep: --orders or --marketplace: name the orders to sweep (a file, or a marketplace "
              "plugin to pull)\n");
    auto unknown = run_host(sweep(host, {"--marketplace", "nowhere"}));
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_EQ(unknown.err, "unstuck sweep: --marketplace: plugin nowhere: not found in the plugin folders\n");
    auto carrier = run_host(sweep(host, {"--marketplace", "outbox"}));
    EXPECT_EQ(carrier.exit_code, 2);
    EXPECT_EQ(carrier.err,
              "unstuck sweep: --marketplace: plugin outbox: is a ticketing plugin, not marketplace\n");
    EXPECT_FALSE(std::filesystem::exists(host.path("store.db")));
}

}  // namespace
}  // namespace unstuck::test
