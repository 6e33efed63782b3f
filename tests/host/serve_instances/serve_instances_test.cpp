// Several instances: three `unstuck serve` processes on one PostgreSQL store share the due work and file into
// one loopback Zendesk: every dispute is created once, whether the orders come due by themselves or are
// submitted to all three at once, and an instance killed mid-work loses nothing (its claims lapse and
// another takes them).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "support/run_process.hpp"
#include "support/serve_process.hpp"
#include "support/test_paths.hpp"
#include "support/zendesk_emulator.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using namespace std::chrono_literals;
using namespace Poco::Data::Keywords;
namespace fs = std::filesystem;

constexpr std::int64_t kPathField = 360001;
constexpr const char* kPickup = "2024-07-15T14:00:00Z";
constexpr const char* kLoadedAt = "2024-07-15T16:00:00Z";  // two hours after the pickup: every order waits
constexpr const char* kCode = "pick_up_issues.picked_up_not_updated";
constexpr const char* kWebhookSecret = "push-secret";

// The PostgreSQL test server: `UNSTUCK_TEST_POSTGRES`, else what the ctest fixture `postgres` wrote.
std::string postgres_connection() {
    if (const char* env = std::getenv("UNSTUCK_TEST_POSTGRES"); env && *env) return env;
    std::ifstream in(fs::path(UNSTUCK_BINARY_DIR) / "postgres-test" / "connection");
    std::string line;
    std::getline(in, line);
    return line;
}

// A schema of its own in the test server, dropped afterwards.
class Schema {
  public:
    explicit Schema(std::string server) : server_(std::move(server)) {
        Poco::Data::PostgreSQL::Connector::registerConnector();
        name_ = "serve_instances_" + std::to_string(::getpid()) + "_" +
                std::to_string(std::random_device{}() % 100000);
        Poco::Data::Session admin("PostgreSQL", server_);
        admin << "CREATE SCHEMA " + name_, now;
    }
    ~Schema() {
        try {
            Poco::Data::Session admin("PostgreSQL", server_);
            admin << "DROP SCHEMA " + name_ + " CASCADE", now;
        } catch (...) {
        }
    }
    std::string connection() const { return server_ + " options=--search_path=" + name_; }

  private:
    std::string server_;
    std::string name_;
};

// An order picked up at kPickup and still awaiting collection: waits until the pickup is a day old, then
// files "picked up but not updated".
std::string order_case(const std::string& id) {
    return R"({"order_id": ")" + id +
           R"(", "shop_id": "42", "region": "US", "shipping_type": "PLATFORM", "platform_status": )"
           R"("AWAITING_COLLECTION", "packages": [{"package_id": "P)" +
           id + R"(", "tracking_number": "1Z)" + id + R"(", "carrier": "ups", "events": [{"at": ")" +
           kPickup + R"(", "status": "PICKED_UP", "code": "PU", "description": "Picked up"}]}]})";
}

std::string dispute_key(const std::string& id) {
    return "tiktok-shop:42:" + id + ":" + kCode;
}

class ServeInstances : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = postgres_connection();
        ASSERT_FALSE(server_.empty())
            << "no PostgreSQL test server: run through ctest (fixture postgres) or set UNSTUCK_TEST_POSTGRES";
        schema_ = std::make_unique<Schema>(server_);
        zendesk_ = std::make_unique<ZendeskEmulator>("ops@example.com", "s3cr3t",
                                                     std::set<std::int64_t>{kPathField});
        for (const char* id : {"host-a", "host-b", "host-c"}) configs_.push_back(write_config(id));
    }

    // The config of one instance: its own host id, a short claim lease, a quick scheduler.
    fs::path write_config(const std::string& host_id) {
        const fs::path path = dir_.path() / (host_id + ".json");
        write_file(path,
                   R"({"plugin_dirs": [")" + plugin_dir().string() + R"("], "store": {"postgresql": ")" +
                       schema_->connection() + R"(", "host_id": ")" + host_id +
                       R"(", "claim_lease_s": 2}, "sweep": {"concurrency": 2, "evidence_dir": "evidence-)" +
                       host_id + R"("}, "routes": [{"backend": "zendesk"}], "plugins": {"zendesk": )" +
                       R"({"base_url": ")" + zendesk_->base_url() + R"(", "path_field_id": )" +
                       std::to_string(kPathField) +
                       R"(}}, "secrets": {"zendesk": {"email": "ops@example.com", "api_token": "s3cr3t"}, )"
                       R"("replay": {"webhook_secret": ")" +
                       std::string(kWebhookSecret) +
                       R"("}}, )"
                       R"("log": {"level": "warn"}, "serve": {"auth": "none", "scheduler": )"
                       R"({"idle_poll_ms": 100, "batch": 8, "concurrency": 2}}})");
        return path;
    }

    // `count` orders named `<prefix>-<i>`, decided (WAIT) and recorded by a sweep two hours after their
    // pickup: all of them are due by now.
    std::vector<std::string> load_waiting_orders(std::size_t count, const std::string& prefix) {
        std::vector<std::string> ids;
        std::string lines;
        for (std::size_t i = 0; i < count; ++i) {
            ids.push_back(prefix + "-" + std::to_string(i));
            lines += order_case(ids.back()) + "\n";
        }
        write_file(dir_.path() / "orders.jsonl", lines);
        auto swept = run_host({"--config", configs_[0].string(), "sweep", "--orders",
                               (dir_.path() / "orders.jsonl").string(), "--now", kLoadedAt});
        EXPECT_EQ(swept.exit_code, 0) << swept.out << swept.err;
        EXPECT_EQ(count_where("action = 'WAIT'"), count);
        return ids;
    }

    std::size_t count_where(const std::string& condition) {
        Poco::Data::Session s("PostgreSQL", schema_->connection());
        Poco::Int64 n = -1;
        s << "SELECT COUNT(*) FROM orders WHERE " + condition, into(n), now;
        return static_cast<std::size_t>(n);
    }

    // Orders with at least two decisions: the sweep's and a re-check's.
    std::size_t rechecked() {
        Poco::Data::Session s("PostgreSQL", schema_->connection());
        Poco::Int64 n = -1;
        s << "SELECT COUNT(*) FROM (SELECT order_key FROM decisions GROUP BY order_key HAVING COUNT(*) >= 2) "
             "r",
            into(n), now;
        return static_cast<std::size_t>(n);
    }

    std::size_t decisions_of(const std::string& key) {
        Poco::Data::Session s("PostgreSQL", schema_->connection());
        Poco::Int64 n = -1;
        std::string k = key;
        s << "SELECT COUNT(*) FROM decisions WHERE order_key = $1", use(k), into(n), now;
        return static_cast<std::size_t>(n);
    }

    std::vector<std::string> keys_where(const std::string& condition) {
        Poco::Data::Session s("PostgreSQL", schema_->connection());
        std::vector<std::string> keys;
        s << "SELECT order_key FROM orders WHERE " + condition, into(keys), now;
        return keys;
    }

    std::map<std::string, std::string> dispute_states() {
        Poco::Data::Session s("PostgreSQL", schema_->connection());
        std::vector<std::string> keys, states;
        s << "SELECT dispute_key, state FROM disputes", into(keys), into(states), now;
        std::map<std::string, std::string> out;
        for (std::size_t i = 0; i < keys.size(); ++i) out[keys[i]] = states[i];
        return out;
    }

    // Each dispute of `ids` created once in the helpdesk (one create request, one ticket), FILED in the
    // store.
    void expect_each_dispute_once(const std::vector<std::string>& ids) {
        std::map<std::string, int> creates;
        for (const auto& r : zendesk_->server().requests())
            if (r.method == "POST" && r.path() == "/api/v2/tickets")
                ++creates[r.header("Idempotency-Key").value_or("")];
        std::map<std::string, int> tickets;
        for (const auto& t : zendesk_->tickets()) ++tickets[t.external_id];
        const auto states = dispute_states();
        EXPECT_EQ(tickets.size(), ids.size());
        EXPECT_EQ(states.size(), ids.size());
        for (const auto& id : ids) {
            const auto key = dispute_key(id);
            EXPECT_EQ(creates[key], 1) << key << " was sent " << creates[key] << " times";
            EXPECT_EQ(tickets[key], 1) << key;
            EXPECT_EQ(states.count(key) ? states.at(key) : "", "FILED") << key;
        }
    }

    template <typename Done>
    static bool eventually(Done done, std::chrono::milliseconds limit = 60s) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < end) {
            if (done()) return true;
            std::this_thread::sleep_for(50ms);
        }
        return done();
    }

    TempDir dir_;
    std::string server_;
    std::unique_ptr<Schema> schema_;
    std::unique_ptr<ZendeskEmulator> zendesk_;
    std::vector<fs::path> configs_;
};

TEST_F(ServeInstances, ThreeInstancesShareTheDueOrdersAndFileEachDisputeOnce) {
    const auto ids = load_waiting_orders(240, "due");
    std::vector<std::unique_ptr<ServeProcess>> instances;
    for (const auto& config : configs_) {
        instances.push_back(std::make_unique<ServeProcess>(config));
        ASSERT_TRUE(instances.back()->started()) << instances.back()->stderr_text();
    }
    EXPECT_TRUE(eventually([&] { return count_where("action = 'FILE_DISPUTE'") == ids.size(); }))
        << count_where("action = 'FILE_DISPUTE'") << " of " << ids.size() << " decided";
    std::this_thread::sleep_for(300ms);  // a few more looks: nothing is taken twice
    for (auto& instance : instances) EXPECT_EQ(instance->terminate(), 0) << instance->stderr_text();
    EXPECT_EQ(count_where("claimed_by IS NOT NULL"), 0u);  // every claim given back on the way out
    expect_each_dispute_once(ids);
}

TEST_F(ServeInstances, TheSameOrdersSubmittedToAllThreeAtOnceFileEachDisputeOnce) {
    std::vector<std::string> ids;
    std::string batch = R"({"orders": [)";
    for (std::size_t i = 0; i < 120; ++i) {
        ids.push_back("sub-" + std::to_string(i));
        batch += (i ? "," : "") + order_case(ids.back());
    }
    batch += "]}";
    std::vector<std::unique_ptr<ServeProcess>> instances;
    for (const auto& config : configs_) {
        instances.push_back(
            std::make_unique<ServeProcess>(config, std::vector<std::string>{"--no-scheduler"}));
        ASSERT_TRUE(instances.back()->started()) << instances.back()->stderr_text();
    }
    // Each instance is sent the whole batch at the same time; an order another instance is deciding at that
    // moment is answered 409 and sent again.
    std::vector<std::thread> clients;
    std::vector<int> conflicts(instances.size(), 0), failures(instances.size(), 0);
    for (std::size_t k = 0; k < instances.size(); ++k)
        clients.emplace_back([&, k] {
            std::string body = batch;
            for (int round = 0; round < 20 && !body.empty(); ++round) {
                auto reply =
                    instances[k]->request("POST", "/v1/orders", body, {{"Content-Type", "application/json"}});
                if (reply.status != 200) {
                    ++failures[k];
                    return;
                }
                // Items answered 409 (another instance was deciding the order) are sent again.
                std::string items;
                auto results = Poco::JSON::Parser()
                                   .parse(reply.body)
                                   .extract<Poco::JSON::Object::Ptr>()
                                   ->getArray("results");
                for (std::size_t i = 0; results && i < results->size(); ++i) {
                    auto item = results->getObject(static_cast<unsigned>(i));
                    const int status = item->getValue<int>("status");
                    if (status == 200) continue;
                    if (status != 409) {
                        ++failures[k];
                        continue;
                    }
                    ++conflicts[k];
                    const auto key = item->getValue<std::string>("order_key");
                    items += (items.empty() ? "" : ",") + order_case(key.substr(key.rfind(':') + 1));
                }
                body = items.empty() ? "" : R"({"orders": [)" + items + "]}";
            }
        });
    for (auto& c : clients) c.join();
    for (std::size_t k = 0; k < instances.size(); ++k) {
        EXPECT_EQ(failures[k], 0) << instances[k]->stderr_text();
        EXPECT_EQ(instances[k]->terminate(), 0) << instances[k]->stderr_text();
    }
    // Every order decided (the last decision of each waits on its open dispute), each dispute filed once.
    EXPECT_EQ(count_where("action IS NOT NULL"), ids.size());
    expect_each_dispute_once(ids);
    std::cout << "[ submit  ] 409 answers: " << conflicts[0] << ", " << conflicts[1] << ", " << conflicts[2]
              << "\n";
}

TEST_F(ServeInstances, TheSamePushesToAllThreeFileEachDisputeOnce) {
    const auto ids = load_waiting_orders(90, "push");
    std::vector<std::unique_ptr<ServeProcess>> instances;
    for (const auto& config : configs_) {
        instances.push_back(
            std::make_unique<ServeProcess>(config, std::vector<std::string>{"--no-scheduler"}));
        ASSERT_TRUE(instances.back()->started()) << instances.back()->stderr_text();
    }
    // One signed push a tracking number (the pickup, as the carrier saw it), each sent to all three at once.
    const std::string t = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    std::vector<std::pair<std::string, std::string>> pushes;  // body, signature header
    for (const auto& id : ids) {
        const std::string body = R"({"tracking_number": "1Z)" + id +
                                 R"(", "carrier": "ups", "events": [{"at": ")" + kPickup +
                                 R"(", "status": "PICKED_UP", "code": "PU", "description": "Picked up"}]})";
        pushes.emplace_back(
            body, "t=" + t + ",v1=" + kit::to_hex(kit::hmac_sha256(kWebhookSecret, t + "." + body)));
    }
    std::vector<std::thread> clients;
    std::vector<int> refused(instances.size(), 0);
    for (std::size_t k = 0; k < instances.size(); ++k)
        clients.emplace_back([&, k] {
            for (const auto& [body, signature] : pushes) {
                auto reply = instances[k]->request(
                    "POST", "/v1/webhooks/replay", body,
                    {{"Content-Type", "application/json"}, {"X-Unstuck-Signature", signature}});
                if (reply.status != 200) ++refused[k];
            }
        });
    for (auto& c : clients) c.join();
    for (std::size_t k = 0; k < instances.size(); ++k) {
        EXPECT_EQ(refused[k], 0) << instances[k]->stderr_text();
        EXPECT_EQ(instances[k]->terminate(), 0) << instances[k]->stderr_text();
    }
    // Every order decided again on the push, each dispute filed once.
    EXPECT_EQ(rechecked(), ids.size());
    expect_each_dispute_once(ids);
}

TEST_F(ServeInstances, AnInstanceKilledMidWorkLosesNothing) {
    const auto ids = load_waiting_orders(240, "kill");
    std::vector<std::unique_ptr<ServeProcess>> instances;
    for (const auto& config : configs_) {
        instances.push_back(std::make_unique<ServeProcess>(config));
        ASSERT_TRUE(instances.back()->started()) << instances.back()->stderr_text();
    }
    // host-a is killed while it holds orders it has not decided yet.
    std::vector<std::string> stranded;
    ASSERT_TRUE(eventually(
        [&] {
            stranded = keys_where("claimed_by = 'host-a' AND action = 'WAIT'");
            return !stranded.empty();
        },
        30s));
    instances[0]->kill();
    // Every order is re-checked, and every dispute filed: one host-a left PENDING is settled by the others
    // (found in the helpdesk, or filed under its key), though its order, re-checked, now waits on that
    // dispute.
    EXPECT_TRUE(eventually([&] {
        if (rechecked() != ids.size()) return false;
        const auto states = dispute_states();
        if (states.size() != ids.size()) return false;
        for (const auto& [key, state] : states)
            if (state != "FILED") return false;
        return true;
    })) << rechecked()
        << " of " << ids.size() << " re-checked, " << dispute_states().size() << " disputes\n"
        << instances[1]->stderr_text() << instances[2]->stderr_text();
    // What host-a held was taken by the others once its claims lapsed.
    const std::size_t left = stranded.size();
    stranded.erase(std::remove_if(stranded.begin(), stranded.end(),
                                  [&](const std::string& key) { return decisions_of(key) >= 2; }),
                   stranded.end());
    EXPECT_TRUE(stranded.empty()) << stranded.size() << " of " << left
                                  << " orders host-a held were never re-checked";
    for (std::size_t i = 1; i < instances.size(); ++i)
        EXPECT_EQ(instances[i]->terminate(), 0) << instances[i]->stderr_text();
    expect_each_dispute_once(ids);
    std::cout << "[ killed  ] host-a held " << stranded.size() << " undecided orders when killed\n";
}

}  // namespace
}  // namespace unstuck::test
