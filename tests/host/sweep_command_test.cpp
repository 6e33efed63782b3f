// `unstuck sweep` and `unstuck disputes`: the real host, its real plugins, a SQLite store, the outbox and a
// loopback Zendesk.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <map>
#include <sstream>

#include "support/run_process.hpp"
#include "support/sweep_fixture.hpp"
#include "support/test_paths.hpp"
#include "support/zendesk_emulator.hpp"
#include "unstuck/core/store/case_store.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kPathField = 360001;
const char* const kSecrets = R"("zendesk": {"email": "ops@example.com", "api_token": "s3cr3t"})";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::int64_t number(simdjson::simdjson_result<simdjson::dom::element> e) {
    std::int64_t v = -1;
    return e.get_int64().get(v) ? -1 : v;
}

std::size_t folders_in(const fs::path& dir) {
    std::size_t n = 0;
    if (!fs::exists(dir)) return 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.is_directory();
    return n;
}

// A sweep's JSON summary.
class Summary {
  public:
    explicit Summary(const std::string& json) {
        ok_ = !parser_.parse(json).get(root_);
        EXPECT_TRUE(ok_) << "not JSON: " << json;
    }
    bool ok() const { return ok_; }
    std::int64_t at(const char* section, const char* key) const {
        return ok_ ? number(root_[section][key]) : -1;
    }
    simdjson::dom::element root() const { return root_; }

  private:
    simdjson::dom::parser parser_;
    simdjson::dom::element root_;
    bool ok_ = false;
};

std::vector<std::string> sweep_args(const SweepFixture& fx, std::vector<std::string> more = {}) {
    std::vector<std::string> args{
        "--config", fx.config().string(), "sweep", "--orders", fx.orders().string(), "--now", kSweepNow};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

std::string outbox_plugin(const fs::path& dir) {
    return R"("outbox": {"dir": ")" + (dir / "outbox").string() + R"("})";
}

// --- The demo ---

TEST(SweepDemo, EveryRuleOnceFiledThenNothingNew) {
    TempDir tmp;
    // The demo's config, with its store, evidence and outbox moved into the temporary folder.
    std::string config = read_file(source_path("samples/demo/unstuck.json"));
    for (std::size_t at; (at = config.find("../../build/release/demo")) != std::string::npos;)
        config.replace(at, std::string("../../build/release/demo").size(), tmp.path().string());
    config.replace(config.find("\"responses\""), 11,
                   "\"" + source_path("samples/demo/responses").string() + "\"");
    config.replace(config.find('{'), 1, "{\"plugin_dirs\": [\"" + plugin_dir().string() + "\"], ");
    write_file(tmp.path() / "unstuck.json", config);
    const std::vector<std::string> sweep{"--config",
                                         (tmp.path() / "unstuck.json").string(),
                                         "sweep",
                                         "--orders",
                                         source_path("samples/demo/orders.jsonl").string(),
                                         "--now",
                                         "2024-07-16T20:00:00Z",
                                         "--json"};

    auto first = run_host(sweep);
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    EXPECT_EQ(first.err, "");
    Summary s(first.out);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.at("orders", "decided"), 26);
    // Every rule of the policy, and the three open-ticket variants, decided at least one order.
    for (const char* rule : {"platform.settled",
                             "platform.carrier_terminal",
                             "platform.buyer_confirmed_not_updated",
                             "platform.carrier_delivered_not_updated",
                             "platform.carrier_delivered_grace",
                             "platform.picked_up_not_updated",
                             "platform.pickup_grace",
                             "platform.not_picked_up",
                             "platform.no_tracking",
                             "platform.unmoved_tracking",
                             "platform.within_timeline",
                             "seller.settled",
                             "seller.no_tracking",
                             "seller.carrier_terminal",
                             "seller.delivered_update_pod",
                             "seller.carrier_stalled",
                             "seller.in_progress",
                             "platform.picked_up_not_updated.awaiting_ticket",
                             "platform.unmoved_tracking.ticket_unanswered",
                             "platform.picked_up_not_updated.already_resolved"})
        EXPECT_GE(number(s.root()["by_rule"][rule]), 1) << rule;
    EXPECT_EQ(s.at("disputes", "filed"), 10);
    EXPECT_EQ(folders_in(tmp.path() / "outbox"), 10u);
    // The packet of the policy's own example, with its evidence.
    fs::path packet = tmp.path() / "outbox" /
                      "tiktok-shop+7494105515+576859029223086481+pick_up_issues.picked_up_not_updated";
    EXPECT_TRUE(fs::exists(packet / "dispute.json"));
    EXPECT_TRUE(fs::exists(packet / "evidence" / "tracking-1153891868590053777.csv"));
    // Filed after a solved ticket with a scan since: the second filing's key.
    EXPECT_TRUE(fs::exists(
        tmp.path() / "outbox" /
        "tiktok-shop+7494105515+5768590292230021+delivery_process_inquiry.unmoved_tracking_event+2"));

    auto second = run_host(sweep);
    ASSERT_EQ(second.exit_code, 0) << second.err;
    Summary again(second.out);
    EXPECT_EQ(again.at("disputes", "filed"), 0);
    EXPECT_EQ(again.at("disputes", "already_filed"), 10);
    EXPECT_EQ(number(again.root()["by_action"]["FILE_DISPUTE"]), -1) << "no order files again";
    EXPECT_EQ(folders_in(tmp.path() / "outbox"), 10u);

    // The table says so in words.
    std::vector<std::string> table(sweep.begin(), sweep.end() - 1);
    auto third = run_host(table);
    ASSERT_EQ(third.exit_code, 0) << third.err;
    EXPECT_NE(third.out.find("Nothing new was filed: every dispute the policy prescribes is already filed"),
              std::string::npos)
        << third.out;
    EXPECT_NE(third.out.find("ORDERS BY RULE"), std::string::npos);

    auto listed = run_host({"--config", (tmp.path() / "unstuck.json").string(), "disputes"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find("10 disputes: 10 FILED"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("file://" + packet.string()), std::string::npos) << listed.out;
}

// --- Dry runs ---

TEST(SweepCommand, DryRunDecidesWithoutTouchingAnything) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(20);
    fx.write_config(R"({"sqlite": "store.db"})", "outbox", outbox_plugin(tmp.path()), "");
    auto r = run_host(sweep_args(fx, {"--dry-run", "--json"}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Summary s(r.out);
    EXPECT_TRUE(s.root()["dry_run"].get_bool().value_unsafe());
    EXPECT_EQ(s.at("orders", "decided"), 20);
    EXPECT_EQ(s.at("disputes", "would_file"), 18);
    EXPECT_EQ(s.at("disputes", "filed"), 0);
    EXPECT_EQ(number(s.root()["by_rule"]["platform.picked_up_not_updated"]), 12);
    EXPECT_EQ(number(s.root()["by_rule"]["platform.unmoved_tracking"]), 4);
    EXPECT_EQ(number(s.root()["by_rule"]["platform.carrier_delivered_not_updated"]), 2);
    EXPECT_EQ(number(s.root()["by_rule"]["platform.pickup_grace"]), 2);
    EXPECT_FALSE(fs::exists(tmp.path() / "store.db"));
    EXPECT_FALSE(fs::exists(tmp.path() / "outbox"));
    EXPECT_FALSE(fs::exists(tmp.path() / "evidence"));
}

// --- Bad input, failures that stay due ---

TEST(SweepCommand, BadLinesAreNamedAndTheRestIsDecided) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(3);
    std::string orders = read_file(fx.orders());
    auto lines = lines_of(orders);
    write_file(fx.orders(), lines[0] + "\n{\"order_id\": \"x\"\n\n" + lines[1] + "\n" + lines[2] + "\n");
    fx.write_config(R"({"sqlite": "store.db"})", "outbox", outbox_plugin(tmp.path()), "");
    auto r = run_host(sweep_args(fx, {"--json"}));
    EXPECT_EQ(r.exit_code, 2) << r.err;
    Summary s(r.out);
    EXPECT_EQ(s.at("orders", "lines"), 4);
    EXPECT_EQ(s.at("orders", "bad_lines"), 1);
    EXPECT_EQ(s.at("orders", "decided"), 3);
    EXPECT_EQ(s.at("disputes", "filed"), 3);
    auto err = lines_of(r.err);
    ASSERT_EQ(err.size(), 1u) << r.err;
    EXPECT_EQ(err[0].rfind("unstuck sweep: line 2: ", 0), 0u) << err[0];
}

TEST(SweepCommand, ACarrierFailureLeavesTheOrderDueAndTheBatchGoesOn) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(4, "due");
    // The third order's carrier is USPS, fetched live by the real USPS plugin: without credentials it fails.
    std::string orders = read_file(fx.orders());
    auto at = orders.find("\"carrier\":\"ups\"", orders.find("due-2"));
    orders.replace(at, 15, "\"carrier\":\"usps\"");
    write_file(fx.orders(), orders);
    // Its token and tracking endpoints are a closed loopback port, should it try.
    fx.write_config(
        R"({"sqlite": "store.db"})", "outbox",
        outbox_plugin(tmp.path()) +
            R"(, "usps": {"base_url": "http://127.0.0.1:1", "token_url": "http://127.0.0.1:1/token"})",
        "");
    auto r = run_host(sweep_args(fx, {"--json"}));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    Summary s(r.out);
    EXPECT_EQ(s.at("orders", "failed"), 1);
    EXPECT_EQ(s.at("orders", "decided"), 3);
    EXPECT_EQ(s.at("disputes", "filed"), 3);
    EXPECT_NE(r.err.find("line 3: order due-2: packages[0]: usps Tdue2: "), std::string::npos) << r.err;

    // Nothing was recorded for it: it is still due.
    auto store = core::CaseStore::open(core::StoreOptions::sqlite(tmp.path() / "store.db"));
    ASSERT_TRUE(store) << store.error().message;
    auto failed = (*store)->find_order({"tiktok-shop", kSweepShop, "due-2"});
    ASSERT_TRUE(failed);
    EXPECT_FALSE(failed->has_value());
    auto decided = (*store)->find_order({"tiktok-shop", kSweepShop, "due-1"});
    ASSERT_TRUE(decided && decided->has_value());
    EXPECT_EQ((*decided)->action, "FILE_DISPUTE");
    store->reset();

    // The next run, with the carrier reachable (through replay), decides and files it.
    std::string config = read_file(fx.config());
    config.replace(config.find("{\"ups\": \"replay\"}"), 17, "{\"ups\": \"replay\", \"usps\": \"replay\"}");
    write_file(fx.config(), config);
    auto next = run_host(sweep_args(fx, {"--json"}));
    EXPECT_EQ(next.exit_code, 0) << next.err;
    Summary n(next.out);
    EXPECT_EQ(n.at("disputes", "filed"), 1);
    EXPECT_EQ(n.at("disputes", "already_filed"), 3);
    EXPECT_EQ(folders_in(tmp.path() / "outbox"), 4u);
}

// Files an order names as evidence must lie in the evidence roots: the orders' folder and the config's.
TEST(SweepCommand, EvidenceOutsideTheRootsFailsItsOrderAndTheBatchIsFiled) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(20, "ev");
    // ev-8 and ev-18 are delivered but not updated; their buyers' confirmations name files elsewhere.
    fs::create_directories(tmp.path() / "chat");
    TempDir elsewhere;  // outside the orders' and the config's folder
    write_file(elsewhere.path() / "outside.txt", "not evidence");
    fs::create_symlink(elsewhere.path() / "outside.txt", tmp.path() / "chat" / "link.png");
    std::string orders = read_file(fx.orders());
    auto confirm = [&](const std::string& id, const std::string& evidence) {
        auto at = orders.find("{\"order_id\":\"" + id + "\"");
        ASSERT_NE(at, std::string::npos) << id;
        orders.insert(at + 1, R"("buyer_confirmed_receipt":{"at":"2024-07-15T08:00:00Z","evidence":[")" +
                                  evidence + R"("]},)");
    };
    confirm("ev-8", "/etc/passwd");
    confirm("ev-18", "../../etc/hostname");
    write_file(fx.orders(), orders);
    fx.write_config(R"({"sqlite": "store.db"})", "outbox", outbox_plugin(tmp.path()), "");
    auto r = run_host(sweep_args(fx, {"--json"}));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    Summary s(r.out);
    EXPECT_EQ(s.at("orders", "decided"), 20);
    EXPECT_EQ(s.at("disputes", "filed"), 16) << r.out;
    EXPECT_NE(r.err.find("order ev-8: dispute tiktok-shop:42:ev-8:logistic_issue.delivered_not_updated: "
                         "buyer_confirmed_receipt.evidence[0]: /etc/passwd: outside the evidence folders"),
              std::string::npos)
        << r.err;
    EXPECT_NE(
        r.err.find("order ev-18: dispute tiktok-shop:42:ev-18:logistic_issue.delivered_not_updated: "
                   "buyer_confirmed_receipt.evidence[0]: ../../etc/hostname: outside the evidence folders"),
        std::string::npos)
        << r.err;
    EXPECT_EQ(folders_in(tmp.path() / "outbox"), 16u);
    for (const auto& e : fs::directory_iterator(tmp.path() / "outbox")) {
        const std::string name = e.path().filename().string();
        EXPECT_EQ(name.find("+ev-8+"), std::string::npos) << name;
        EXPECT_EQ(name.find("+ev-18+"), std::string::npos) << name;
    }

    // They stayed due: the next run tries them again (and refuses again), the rest is already filed.
    orders.replace(orders.find("../../etc/hostname"), std::string("../../etc/hostname").size(),
                   "chat/link.png");
    write_file(fx.orders(), orders);
    auto next = run_host(sweep_args(fx, {"--json"}));
    EXPECT_EQ(next.exit_code, 1) << next.err;
    Summary n(next.out);
    EXPECT_EQ(n.at("disputes", "filed"), 0) << next.out;
    EXPECT_EQ(n.at("disputes", "already_filed"), 16) << next.out;
    EXPECT_NE(next.err.find("order ev-8: "), std::string::npos) << next.err;
    EXPECT_NE(
        next.err.find("buyer_confirmed_receipt.evidence[0]: chat/link.png: outside the evidence folders"),
        std::string::npos)
        << next.err;
    EXPECT_EQ(folders_in(tmp.path() / "outbox"), 16u);
}

// --- Zendesk: retries, lost answers, refusals ---

class SweepZendesk : public ::testing::Test {
  protected:
    void SetUp() override {
        fx = std::make_unique<SweepFixture>(tmp.path());
        keys = fx->write_orders(3, "zd");  // three disputes (all "picked up but not updated")
        fx->write_config(R"({"sqlite": "store.db"})", "zendesk",
                         R"("zendesk": {"base_url": ")" + zendesk.base_url() + R"(", "path_field_id": )" +
                             std::to_string(kPathField) + "}",
                         kSecrets, 1, 128, R"("http": {"max_attempts": 1})");
    }

    std::vector<core::DisputeRecord> disputes(std::optional<core::DisputeState> state = {}) {
        auto store = core::CaseStore::open(core::StoreOptions::sqlite(tmp.path() / "store.db"));
        EXPECT_TRUE(store) << store.error().message;
        if (!store) return {};
        auto list = (*store)->list_disputes(state);
        EXPECT_TRUE(list) << list.error().message;
        return list ? *list : std::vector<core::DisputeRecord>{};
    }

    std::size_t creates() {
        std::size_t n = 0;
        for (const auto& r : zendesk.server().requests())
            n += r.method == "POST" && r.path() == "/api/v2/tickets";
        return n;
    }

    TempDir tmp;
    ZendeskEmulator zendesk{"ops@example.com", "s3cr3t", {kPathField}};
    std::unique_ptr<SweepFixture> fx;
    std::set<std::string> keys;
};

TEST_F(SweepZendesk, ABackendOutageLeavesDisputesPendingAndTheNextRunFilesThem) {
    zendesk.inject(
        {"POST", "/api/v2/tickets", 503, {{"Retry-After", "30"}}, R"({"error":"Unavailable"})", false, 2});
    auto r = run_host(sweep_args(*fx, {"--json"}));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    Summary s(r.out);
    EXPECT_EQ(s.at("disputes", "filed"), 1);
    EXPECT_EQ(s.at("disputes", "pending"), 2);
    EXPECT_NE(r.err.find("stays PENDING, the next run files it"), std::string::npos) << r.err;
    auto pending = disputes(core::DisputeState::kPending);
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[0].attempts, 1);
    EXPECT_NE(pending[0].last_error.find("503"), std::string::npos) << pending[0].last_error;

    // The next run settles them first: the helpdesk does not have them, so they are filed under their keys.
    auto next = run_host(sweep_args(*fx, {"--json"}));
    EXPECT_EQ(next.exit_code, 0) << next.err;
    Summary n(next.out);
    EXPECT_EQ(n.at("settled", "refiled"), 2);
    EXPECT_EQ(n.at("disputes", "filed"), 0);
    EXPECT_EQ(n.at("disputes", "already_filed"), 3);
    EXPECT_TRUE(disputes(core::DisputeState::kPending).empty());
    EXPECT_EQ(disputes(core::DisputeState::kFiled).size(), 3u);
    EXPECT_EQ(zendesk.tickets().size(), 3u);
}

TEST_F(SweepZendesk, ALostAnswerIsFoundByItsKeyNotFiledAgain) {
    // The ticket is created, but the answer is lost: the dispute stays PENDING.
    zendesk.inject({"POST", "/api/v2/tickets", 502, {}, "Bad Gateway", true, 3});
    auto r = run_host(sweep_args(*fx, {"--json"}));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(disputes(core::DisputeState::kPending).size(), 3u);
    EXPECT_EQ(zendesk.tickets().size(), 3u);
    const std::size_t creates_before = creates();

    auto next = run_host(sweep_args(*fx, {"--json"}));
    EXPECT_EQ(next.exit_code, 0) << next.err;
    Summary n(next.out);
    EXPECT_EQ(n.at("settled", "found"), 3);
    EXPECT_EQ(n.at("settled", "refiled"), 0);
    EXPECT_EQ(creates(), creates_before) << "settling asked by key and sent no create";
    auto filed = disputes(core::DisputeState::kFiled);
    ASSERT_EQ(filed.size(), 3u);
    std::map<std::string, std::string> ids;
    for (const auto& t : zendesk.tickets()) ids[t.external_id] = std::to_string(t.id);
    for (const auto& d : filed) EXPECT_EQ(d.remote_id, ids[d.key]) << d.key;
}

TEST_F(SweepZendesk, ARefusalIsRecordedAndNotSentAgain) {
    zendesk.inject(
        {"POST",
         "/api/v2/tickets",
         422,
         {},
         R"({"error":"RecordInvalid","description":"Record validation errors","details":{"base":[{"description":"Subject: cannot be blank"}]}})",
         false,
         1});
    auto r = run_host(sweep_args(*fx, {"--json"}));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    Summary s(r.out);
    EXPECT_EQ(s.at("disputes", "rejected"), 1);
    EXPECT_EQ(s.at("disputes", "filed"), 2);
    auto rejected = disputes(core::DisputeState::kRejected);
    ASSERT_EQ(rejected.size(), 1u);
    EXPECT_NE(rejected[0].reason.find("422"), std::string::npos) << rejected[0].reason;
    const std::size_t creates_before = creates();

    auto next = run_host(sweep_args(*fx, {"--json"}));
    Summary n(next.out);
    EXPECT_EQ(n.at("disputes", "rejected"), 1) << "the policy files it again, the store says it was refused";
    EXPECT_EQ(n.at("disputes", "already_filed"), 2);
    EXPECT_EQ(creates(), creates_before);

    auto listed = run_host({"--config", fx->config().string(), "disputes", "--state", "REJECTED"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find("REJECTED  " + rejected[0].key), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("1 dispute: 1 REJECTED"), std::string::npos) << listed.out;
}

TEST_F(SweepZendesk, FiledTicketsAreFollowedAndAnAnsweredOneIsNoLongerWaitedOn) {
    auto first = run_host(sweep_args(*fx, {"--json"}));
    ASSERT_EQ(first.exit_code, 0) << first.err;
    ASSERT_EQ(zendesk.tickets().size(), 3u);
    EXPECT_EQ(Summary(first.out).at("disputes", "tickets_followed"), 0) << "nothing was filed before";

    // Support answers one ticket and waits on the seller in another; the third is untouched.
    std::map<std::string, std::int64_t> ticket_of;
    for (const auto& t : zendesk.tickets()) ticket_of[t.external_id] = t.id;
    const std::string solved = *keys.begin(), waiting = *std::next(keys.begin());
    zendesk.set_status(ticket_of.at(solved), "solved");
    zendesk.set_status(ticket_of.at(waiting), "pending");

    auto second = run_host(sweep_args(*fx, {"--json"}));
    ASSERT_EQ(second.exit_code, 0) << second.err;
    Summary s(second.out);
    EXPECT_EQ(s.at("disputes", "tickets_followed"), 3);
    EXPECT_EQ(s.at("disputes", "ticket_changes"), 3) << "the first sync of each ticket records its state";
    EXPECT_EQ(s.at("disputes", "filed"), 0);
    EXPECT_EQ(number(s.root()["by_rule"]["platform.picked_up_not_updated.already_resolved"]), 1)
        << second.out;
    EXPECT_EQ(number(s.root()["by_rule"]["platform.picked_up_not_updated.awaiting_ticket"]), 2) << second.out;

    auto store = core::CaseStore::open(core::StoreOptions::sqlite(tmp.path() / "store.db"));
    ASSERT_TRUE(store) << store.error().message;
    auto history = (*store)->dispute_history(solved);
    ASSERT_TRUE(history) << history.error().message;
    std::vector<std::string> states;
    for (const auto& e : *history) states.push_back(e.state);
    EXPECT_EQ(states, (std::vector<std::string>{"PENDING", "FILED", "SOLVED"}));
    store->reset();

    // Nothing changed since: every ticket is asked again, no state is written again.
    auto third = run_host(sweep_args(*fx, {"--json"}));
    ASSERT_EQ(third.exit_code, 0) << third.err;
    EXPECT_EQ(Summary(third.out).at("disputes", "tickets_followed"), 3);
    EXPECT_EQ(Summary(third.out).at("disputes", "ticket_changes"), 0);
}

TEST_F(SweepZendesk, AHelpdeskThatCannotSayATicketsStateLeavesItAsLastKnown) {
    ASSERT_EQ(run_host(sweep_args(*fx, {"--json"})).exit_code, 0);
    for (const auto& t : zendesk.tickets())
        zendesk.inject({"GET", "/api/v2/tickets/" + std::to_string(t.id), 503, {}, "{}", false, 1});
    auto r = run_host(sweep_args(*fx, {"--json"}));
    EXPECT_EQ(r.exit_code, 0) << "the orders are decided all the same: " << r.err;
    Summary s(r.out);
    EXPECT_EQ(s.at("disputes", "tickets_followed"), 0);
    EXPECT_EQ(number(s.root()["by_rule"]["platform.picked_up_not_updated.awaiting_ticket"]), 3) << r.out;
}

// --- Routes ---

TEST(SweepCommand, RoutesSendEachShopAndCodeToItsBackend) {
    TempDir tmp;
    ZendeskEmulator zendesk{"ops@example.com", "s3cr3t", {kPathField}};
    SweepFixture fx(tmp.path());
    auto keys = fx.write_orders(10, "route");
    fx.write_config(R"({"sqlite": "store.db"})", "outbox",
                    outbox_plugin(tmp.path()) + R"(, "zendesk": {"base_url": ")" + zendesk.base_url() +
                        R"(", "path_field_id": )" + std::to_string(kPathField) + "}",
                    kSecrets);
    // Unmoved tracking of shop 42 goes to Zendesk; everything else to the outbox.
    std::string config = read_file(fx.config());
    config.replace(
        config.find(R"("routes": [)"), 11,
        R"("routes": [{"shop_id": ["41", "42"], "code": "delivery_process_inquiry.unmoved_tracking_event", "backend": "zendesk"}, )");
    write_file(fx.config(), config);
    auto r = run_host(sweep_args(fx, {"--json"}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Summary s(r.out);
    EXPECT_EQ(number(s.root()["disputes"]["filed_by_backend"]["zendesk"]), 2);
    EXPECT_EQ(number(s.root()["disputes"]["filed_by_backend"]["outbox"]), 7);
    ASSERT_EQ(zendesk.tickets().size(), 2u);
    for (const auto& t : zendesk.tickets())
        EXPECT_NE(t.external_id.find("unmoved_tracking_event"), std::string::npos) << t.external_id;
    EXPECT_EQ(folders_in(tmp.path() / "outbox"), 7u);
}

TEST(SweepCommand, ConfigErrorsNameThePath) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(2);
    fx.write_config(R"({"sqlite": "store.db"})", "outbox", outbox_plugin(tmp.path()), "");
    const std::string good = read_file(fx.config());
    auto with = [&](const std::string& from, const std::string& to) {
        std::string c = good;
        auto at = c.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        c.replace(at, from.size(), to);
        write_file(fx.config(), c);
        return run_host(sweep_args(fx));
    };
    struct Case {
        std::string from, to, message;
    };
    for (const auto& c : std::vector<Case>{
             {R"({"backend": "outbox"})", R"({"backend": "outbox", "code": ["pick_up_issues.picked_up"]})",
              "routes[0].code: unknown dispute code \"pick_up_issues.picked_up\""},
             {R"({"backend": "outbox"})", R"({"backend": "outbox"}, {"backend": "freshdesk"})",
              "routes[1].backend: plugin freshdesk: not found in the plugin folders"},
             {R"({"backend": "outbox"})", R"({"backend": "outbox", "shop": "42"})",
              "routes[0].shop: unknown key"},
             {R"({"backend": "outbox"})", R"({"backend": "outbox", "shop_id": [42]})",
              "routes[0].shop_id[0]: expected a string"},
             {R"("routes": [{"backend": "outbox"}])", R"("routes": [])", "routes: no routes"},
             {R"("concurrency": 4)", R"("concurrency": 0)", "sweep.concurrency: must be at least 1"},
             {R"("carrier_plugins": {"ups": "replay"})", R"("carrier_plugins": {"ups": "relay"})",
              "sweep.carrier_plugins.ups: no carrier plugin \"relay\""},
             {R"("detect": ["ups"])", R"("detect": ["ups", 7])", "sweep.detect[1]: expected a string"},
         }) {
        auto r = with(c.from, c.to);
        EXPECT_EQ(r.exit_code, 2) << c.to << "\n" << r.err;
        auto err = lines_of(r.err);
        ASSERT_EQ(err.size(), 1u) << r.err;
        EXPECT_NE(err[0].find(c.message), std::string::npos) << err[0];
        EXPECT_EQ(r.out, "");
    }
    EXPECT_FALSE(fs::exists(tmp.path() / "outbox")) << "nothing was filed";
}

TEST(SweepCommand, BadOptionsAreOneLine) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(1);
    fx.write_config(R"({"sqlite": "store.db"})", "outbox", outbox_plugin(tmp.path()), "");
    auto missing = run_host(
        {"--config", fx.config().string(), "sweep", "--orders", (tmp.path() / "nope.jsonl").string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("--orders: cannot read"), std::string::npos) << missing.err;
    auto now = run_host(sweep_args(fx, {"--now", "2024-07-16T20:00:00"}));
    EXPECT_EQ(now.exit_code, 2);
    EXPECT_NE(now.err.find("--now: "), std::string::npos) << now.err;
    auto state = run_host({"--config", fx.config().string(), "disputes", "--state", "OPEN"});
    EXPECT_EQ(state.exit_code, 2);
    EXPECT_EQ(state.err, "unstuck disputes: --state: \"OPEN\" is not one of PENDING, FILED, REJECTED\n");
}

TEST(SweepCommand, DisputesBeforeAnySweepListsNothing) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_config(R"({"sqlite": "store.db"})", "outbox", outbox_plugin(tmp.path()), "");
    auto r = run_host({"--config", fx.config().string(), "disputes", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "[]\n");
    EXPECT_FALSE(fs::exists(tmp.path() / "store.db"));
}

TEST(SweepCommand, StdinAndDuplicateOrdersFileOnce) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(5, "dup");
    const std::string orders = read_file(fx.orders());
    fx.write_config(R"({"sqlite": "store.db"})", "outbox", outbox_plugin(tmp.path()), "", 4, 2);
    // The same orders three times over, read from stdin, on four threads in batches of two.
    auto r =
        run_host({"--config", fx.config().string(), "sweep", "--orders", "-", "--now", kSweepNow, "--json"},
                 orders + orders + orders);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Summary s(r.out);
    EXPECT_EQ(s.at("orders", "lines"), 15);
    EXPECT_EQ(s.at("disputes", "filed"), 5);
    EXPECT_EQ(s.at("disputes", "filed") + s.at("disputes", "already_filed") + s.at("disputes", "pending"),
              15);
    EXPECT_EQ(folders_in(tmp.path() / "outbox"), 5u);
}

}  // namespace
}  // namespace unstuck::test
