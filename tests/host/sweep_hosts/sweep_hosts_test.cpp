// Several hosts: two `unstuck sweep` processes share one PostgreSQL store and one order set, file into the
// same loopback Zendesk at the same time, and no dispute is filed (or even sent) twice.

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>

#include "support/run_process.hpp"
#include "support/sweep_fixture.hpp"
#include "support/test_paths.hpp"
#include "support/zendesk_emulator.hpp"

namespace unstuck::test {
namespace {

constexpr std::int64_t kPathField = 360001;

// The PostgreSQL test server: `UNSTUCK_TEST_POSTGRES`, else what the ctest fixture `postgres` wrote.
std::string postgres_connection() {
    if (const char* env = std::getenv("UNSTUCK_TEST_POSTGRES"); env && *env) return env;
    std::ifstream in(std::filesystem::path(UNSTUCK_BINARY_DIR) / "postgres-test" / "connection");
    std::string line;
    std::getline(in, line);
    return line;
}

// A schema of its own in the test server, dropped afterwards.
class Schema {
  public:
    explicit Schema(std::string server) : server_(std::move(server)) {
        Poco::Data::PostgreSQL::Connector::registerConnector();
        name_ = "sweep_hosts_" + std::to_string(::getpid()) + "_" +
                std::to_string(std::random_device{}() % 100000);
        Poco::Data::Session admin("PostgreSQL", server_);
        using namespace Poco::Data::Keywords;
        admin << "CREATE SCHEMA " + name_, now;
    }
    ~Schema() {
        try {
            Poco::Data::Session admin("PostgreSQL", server_);
            using namespace Poco::Data::Keywords;
            admin << "DROP SCHEMA " + name_ + " CASCADE", now;
        } catch (...) {
        }
    }
    std::string connection() const { return server_ + " options=--search_path=" + name_; }

  private:
    std::string server_;
    std::string name_;
};

// The JSON summary line of a sweep's output (errors, if any, are other lines).
std::string summary_line(const std::string& output) {
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line.front() == '{') return line;
    return {};
}

std::int64_t count_at(simdjson::dom::element root, const char* section, const char* key) {
    std::int64_t v = -1;
    if (root[section][key].get_int64().get(v)) return -1;
    return v;
}

TEST(SweepHosts, TwoHostsOnOnePostgresqlFileEachDisputeOnce) {
    const std::string server = postgres_connection();
    ASSERT_FALSE(server.empty())
        << "no PostgreSQL test server: run through ctest (fixture postgres) or set UNSTUCK_TEST_POSTGRES";
    Schema schema(server);
    TempDir tmp;
    ZendeskEmulator zendesk{"ops@example.com", "s3cr3t", {kPathField}};
    const std::string plugin = R"("zendesk": {"base_url": ")" + zendesk.base_url() +
                               R"(", "path_field_id": )" + std::to_string(kPathField) + "}";
    const std::string secrets = R"("zendesk": {"email": "ops@example.com", "api_token": "s3cr3t"})";

    // One order set; two hosts, each with its own config (its own host id) and evidence folder.
    SweepFixture a(tmp.path() / "a"), b(tmp.path() / "b");
    const auto keys = a.write_orders(300, "shared");
    ASSERT_EQ(b.write_orders(300, "shared"), keys);
    for (auto* host : {&a, &b}) {
        std::string id = host == &a ? "host-a" : "host-b";
        host->write_config(R"({"postgresql": ")" + schema.connection() + R"(", "host_id": ")" + id + R"("})",
                           "zendesk", plugin, secrets, 4, 10);
    }
    auto sweep = [&a](const SweepFixture& fx) {  // both read the same orders file
        return std::vector<std::string>{
            "--config", fx.config().string(), "sweep", "--orders", a.orders().string(), "--now", kSweepNow,
            "--json"};
    };

    auto host_a = spawn_host(sweep(a), tmp.path() / "a.out");
    auto host_b = spawn_host(sweep(b), tmp.path() / "b.out");
    const int exit_a = host_a->wait(), exit_b = host_b->wait();
    const std::string out_a = read_file(tmp.path() / "a.out"), out_b = read_file(tmp.path() / "b.out");
    ASSERT_EQ(exit_a, 0) << out_a;
    ASSERT_EQ(exit_b, 0) << out_b;

    simdjson::dom::parser pa, pb;
    simdjson::dom::element sa, sb;
    ASSERT_FALSE(pa.parse(summary_line(out_a)).get(sa)) << out_a;
    ASSERT_FALSE(pb.parse(summary_line(out_b)).get(sb)) << out_b;
    const auto filed_a = count_at(sa, "disputes", "filed"), filed_b = count_at(sb, "disputes", "filed");
    // Each dispute was filed by exactly one of them.
    EXPECT_EQ(filed_a + filed_b, static_cast<std::int64_t>(keys.size()));
    // Every order was decided by one of them at least (one may skip what the other holds).
    EXPECT_GE(count_at(sa, "orders", "decided") + count_at(sb, "orders", "decided"), 300);

    // The helpdesk: one create request per dispute key (nothing was sent twice), one ticket each.
    std::map<std::string, int> creates;
    for (const auto& r : zendesk.server().requests())
        if (r.method == "POST" && r.path() == "/api/v2/tickets")
            ++creates[r.header("Idempotency-Key").value_or("")];
    for (const auto& [key, n] : creates) {
        EXPECT_EQ(n, 1) << key << " was sent " << n << " times";
        EXPECT_TRUE(keys.count(key)) << "a create no dispute calls for: " << key;
    }
    std::map<std::string, int> tickets;
    for (const auto& t : zendesk.tickets()) ++tickets[t.external_id];
    EXPECT_EQ(tickets.size(), keys.size());
    for (const auto& key : keys) EXPECT_EQ(tickets[key], 1) << key;

    // The shared store agrees: every dispute FILED, nothing PENDING.
    auto listed = run_host({"--config", a.config().string(), "disputes", "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    simdjson::dom::parser parser;
    simdjson::dom::element disputes;
    ASSERT_FALSE(parser.parse(listed.out).get(disputes)) << listed.out;
    std::size_t filed = 0;
    for (auto d : disputes.get_array()) {
        std::string_view state;
        ASSERT_FALSE(d["state"].get_string().get(state));
        filed += state == "FILED";
    }
    EXPECT_EQ(filed, keys.size());
    EXPECT_EQ(disputes.get_array().size(), keys.size());

    std::cout << "[ hosts   ] host-a decided " << count_at(sa, "orders", "decided") << ", skipped "
              << count_at(sa, "orders", "skipped") << ", filed " << filed_a << "; host-b decided "
              << count_at(sb, "orders", "decided") << ", skipped " << count_at(sb, "orders", "skipped")
              << ", filed " << filed_b << "\n";
}

}  // namespace
}  // namespace unstuck::test
