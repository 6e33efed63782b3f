// Crash safety: the real `unstuck sweep` filing into a loopback Zendesk is killed with SIGKILL at random
// points, restarted each time, and at the end no dispute was filed twice, every dispute was filed, and the
// store agrees with the helpdesk.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "support/run_process.hpp"
#include "support/sweep_fixture.hpp"
#include "support/test_paths.hpp"
#include "support/zendesk_emulator.hpp"
#include "unstuck/core/store/case_store.hpp"

namespace unstuck::test {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kPathField = 360001;
constexpr int kKills = 50;

std::string zendesk_plugin(const ZendeskEmulator& zendesk) {
    return R"("zendesk": {"base_url": ")" + zendesk.base_url() + R"(", "path_field_id": )" +
           std::to_string(kPathField) + "}";
}

std::string text(simdjson::simdjson_result<simdjson::dom::element> e) {
    std::string_view v;
    return e.get_string().get(v) ? std::string() : std::string(v);
}

const char* const kZendeskSecrets = R"("zendesk": {"email": "ops@example.com", "api_token": "s3cr3t"})";

TEST(SweepCrash, KilledAtRandomPointsFilesEveryDisputeExactlyOnce) {
    TempDir tmp;
    ZendeskEmulator zendesk{"ops@example.com", "s3cr3t", {kPathField}};
    SweepFixture fx(tmp.path());
    const auto keys = fx.write_orders(40, "crash");
    ASSERT_EQ(keys.size(), 36u);
    fx.write_config(R"({"sqlite": "store.db"})", "zendesk", zendesk_plugin(zendesk), kZendeskSecrets);
    const std::vector<std::string> sweep{
        "--config", fx.config().string(), "sweep", "--orders", fx.orders().string(), "--now", kSweepNow};

    // Before anything: a dry run (no store yet) agrees on how many disputes the orders call for.
    {
        auto dry = sweep;
        dry.insert(dry.end(), {"--dry-run", "--json"});
        auto r = run_host(dry);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        ASSERT_FALSE(parser.parse(r.out).get(root)) << r.out;
        EXPECT_EQ(std::int64_t(root["disputes"]["would_file"]), static_cast<std::int64_t>(keys.size()));
        EXPECT_FALSE(std::filesystem::exists(tmp.path() / "store.db")) << "a dry run created the store";
    }

    // Kill it again and again: mostly right after the helpdesk saw a few more requests (in the middle of
    // finding, uploading, creating, or right after a create whose answer is lost), sometimes after a random
    // time (starting, settling, deciding, recording).
    std::mt19937 rng(20240716);
    int kills = 0, completed = 0, runs = 0;
    int pending_filed = 0,
        pending_unfiled = 0;  // PENDING rows found after kills, by whether the helpdesk had them
    while (kills < kKills && runs < 400) {
        ++runs;
        const bool all_filed = zendesk.tickets().size() >= keys.size();
        const bool by_requests = !all_filed && rng() % 4 != 0;
        const std::size_t target = zendesk.server().request_count() + 1 + rng() % 6;
        const auto delay = std::chrono::milliseconds(rng() % 700);
        auto log = tmp.path() / ("run-" + std::to_string(runs) + ".log");
        auto child = spawn_host(sweep, log);
        const auto started = std::chrono::steady_clock::now();
        bool killed = false;
        while (child->running()) {
            bool due = by_requests ? zendesk.server().request_count() >= target
                                   : std::chrono::steady_clock::now() - started >= delay;
            if (due) {
                child->kill();
                killed = true;
                break;
            }
            std::this_thread::sleep_for(200us);
        }
        if (killed) {
            ++kills;
            // What the kill left behind: PENDING disputes the helpdesk has (the answer was lost) or not.
            auto store = core::CaseStore::open(core::StoreOptions::sqlite(tmp.path() / "store.db"));
            if (store) {
                auto pending = (*store)->pending_disputes();
                ASSERT_TRUE(pending) << pending.error().message;
                std::set<std::string> filed;
                for (const auto& t : zendesk.tickets()) filed.insert(t.external_id);
                for (const auto& d : *pending) ++(filed.count(d.key) ? pending_filed : pending_unfiled);
            }
        } else {
            ++completed;
            EXPECT_EQ(child->wait(), 0) << "run " << runs << " ended on its own but failed; see " << log;
        }
    }
    ASSERT_GE(kills, kKills) << "the sweep ended by itself too often to be killed " << kKills << " times";
    // The kills did land while disputes were being filed: some left PENDING rows behind.
    EXPECT_GT(pending_filed + pending_unfiled, 0);

    // A clean run settles whatever the last kill left PENDING and files what is still missing.
    auto final_run = run_host(sweep);
    ASSERT_EQ(final_run.exit_code, 0) << final_run.out << final_run.err;
    // Another one files nothing new.
    auto again = run_host(sweep);
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("Nothing new was filed"), std::string::npos) << again.out;

    // The helpdesk: one ticket per dispute key, no more, no other.
    std::map<std::string, std::vector<std::int64_t>> tickets_by_key;
    for (const auto& t : zendesk.tickets()) tickets_by_key[t.external_id].push_back(t.id);
    for (const auto& [key, ids] : tickets_by_key) {
        EXPECT_EQ(ids.size(), 1u) << key << " was filed " << ids.size() << " times";
        EXPECT_TRUE(keys.count(key)) << "a ticket no dispute calls for: " << key;
    }
    for (const auto& key : keys) EXPECT_TRUE(tickets_by_key.count(key)) << "never filed: " << key;

    // The store: every dispute FILED under the ticket the helpdesk has; nothing PENDING, nothing else.
    auto listed = run_host({"--config", fx.config().string(), "disputes", "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    simdjson::dom::parser parser;
    simdjson::dom::element disputes;
    ASSERT_FALSE(parser.parse(listed.out).get(disputes)) << listed.out;
    std::size_t rows = 0;
    for (auto d : disputes.get_array()) {
        ++rows;
        const std::string key = text(d["key"]);
        const std::string state = text(d["state"]);
        EXPECT_EQ(state, "FILED") << key << ": " << simdjson::to_string(d);
        auto it = tickets_by_key.find(key);
        ASSERT_NE(it, tickets_by_key.end()) << "the store has " << key << " but the helpdesk does not";
        EXPECT_EQ(text(d["remote_id"]), std::to_string(it->second.front())) << key;
    }
    EXPECT_EQ(rows, keys.size());
    std::cout << "[ sweep   ] " << runs << " runs: " << kills << " killed, " << completed
              << " ran to the end; " << zendesk.create_calls() << " ticket creates reached the helpdesk, "
              << zendesk.replays() << " answered as idempotent replays, " << zendesk.tickets().size()
              << " tickets; kills left " << pending_filed << " PENDING disputes the helpdesk had and "
              << pending_unfiled << " it had not\n";
}

}  // namespace
}  // namespace unstuck::test
