// The outbox plugin through the real loader: folders named by key, written once, atomically, read back.

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "support/test_paths.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/sdk/time.hpp"

namespace {

namespace fs = std::filesystem;
using unstuck::core::HostConfig;
using unstuck::core::PluginHost;
using unstuck::sdk::DisputeRequest;
using unstuck::sdk::FileResult;
using unstuck::sdk::TicketState;
using unstuck::test::TempDir;

class SettableClock : public unstuck::sdk::Clock {
  public:
    unstuck::sdk::Timestamp now() const noexcept override { return at; }
    unstuck::sdk::Timestamp at = unstuck::sdk::parse_timestamp("2024-07-16T20:00:00Z").value();
};

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

// Takes from the calling thread the capabilities that bypass file permissions (root has them); true when the
// thread no longer has them.
bool drop_file_permission_capabilities() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
    if (::syscall(SYS_capget, &header, data) != 0) return false;
    for (int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH}) {
        data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
        data[CAP_TO_INDEX(cap)].permitted &= ~CAP_TO_MASK(cap);  // access() raises effective to permitted
    }
    return ::syscall(SYS_capset, &header, data) == 0;
}

// The policy.md section 5 example, with a tracking history and a buyer photo as files.
DisputeRequest sample_request(const fs::path& evidence_dir) {
    write(evidence_dir / "tracking-1153891868590053777.csv",
          "at,status,code,description\n2024-07-15T13:12:00Z,PICKED_UP,038,Picked up\n");
    write(evidence_dir / "photo.png", std::string("\x89PNG\r\n\x1a\n\0\1\2", 11));
    DisputeRequest r;
    r.key = "tiktok-shop:7494105515:576859029223086481:pick_up_issues.picked_up_not_updated";
    r.code = "pick_up_issues.picked_up_not_updated";
    r.path = {"Complaints & Dispute (Logistic related)", "Pick up Issues",
              "Picked up but logistics status not updated"};
    r.marketplace = "tiktok-shop";
    r.shop_id = "7494105515";
    r.order_id = "576859029223086481";
    r.packages = {{"1153891868590053777", "1Z023E2X0214323462", "ups"}};
    r.files = {{"tracking-1153891868590053777.csv",
                (evidence_dir / "tracking-1153891868590053777.csv").string(), "text/csv"},
               {"photo.png", (evidence_dir / "photo.png").string(), "image/png"}};
    r.facts = {{"order_id", "576859029223086481"},
               {"carrier_pickup_event",
                R"({"package_id":"1153891868590053777","event":{"at":"2024-07-15T13:12:00Z",)"
                R"("code":"038","description":"Picked up"}})"}};
    r.explanation =
        "UPS scanned the pickup 30 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows "
        "AWAITING_COLLECTION. More than 24 hours after pickup the policy files 'Picked up but logistics "
        "status not "
        "updated'.";
    return r;
}

class OutboxTest : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(evidence());
        request = sample_request(evidence());
    }

    fs::path outbox() const { return tmp.path() / "outbox"; }
    fs::path evidence() const { return tmp.path() / "evidence"; }

    std::unique_ptr<PluginHost> host_for(const std::string& plugin_config) {
        std::string json = R"({"plugin_dirs": [")" + unstuck::test::plugin_dir().string() +
                           R"("], "plugins": {"outbox": )" + plugin_config + "}}";
        auto config = HostConfig::parse(json, tmp.path());
        EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
        return std::make_unique<PluginHost>(std::move(config).value(), clock);
    }

    std::shared_ptr<unstuck::sdk::TicketingPlugin> plugin() {
        if (!host) host = host_for(R"({"dir": ")" + outbox().string() + R"("})");
        auto p = host->ticketing("outbox");
        EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
        return p.ok() ? *p : nullptr;
    }

    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(outbox())) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    TempDir tmp;
    std::shared_ptr<SettableClock> clock = std::make_shared<SettableClock>();
    std::unique_ptr<PluginHost> host;
    DisputeRequest request;
};

constexpr const char* kFolder =
    "tiktok-shop+7494105515+576859029223086481+pick_up_issues.picked_up_not_updated";

TEST_F(OutboxTest, WritesTheDisputeFolderWithFormValuesEvidenceAndReadme) {
    auto outbox_plugin = plugin();
    ASSERT_TRUE(outbox_plugin);
    FileResult r = outbox_plugin->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk) << r.message;
    EXPECT_EQ(r.value.id, kFolder);
    EXPECT_EQ(r.value.url, "file://" + (outbox() / kFolder).string());
    EXPECT_EQ(entries(), std::vector<std::string>{kFolder}) << "no temporary folder is left behind";

    fs::path dir = outbox() / kFolder;
    EXPECT_EQ(read(dir / "evidence" / "tracking-1153891868590053777.csv"),
              read(evidence() / "tracking-1153891868590053777.csv"));
    EXPECT_EQ(read(dir / "evidence" / "photo.png"), read(evidence() / "photo.png"));

    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    std::string json = read(dir / "dispute.json");
    ASSERT_FALSE(parser.parse(json).get(doc)) << json;
    EXPECT_EQ(std::string_view(doc["key"]), request.key);
    EXPECT_EQ(std::string_view(doc["filed_at"]), "2024-07-16T20:00:00Z");
    EXPECT_EQ(std::string_view(doc["seller_center_form"]["order_id"]), "576859029223086481");
    EXPECT_EQ(std::string_view(doc["seller_center_form"]["path_text"]),
              "Complaints & Dispute (Logistic related) > Pick up Issues > Picked up but logistics status not "
              "updated");
    std::string_view description = doc["seller_center_form"]["description"];
    EXPECT_NE(description.find("UPS scanned the pickup"), std::string_view::npos);
    EXPECT_NE(description.find("1Z023E2X0214323462"), std::string_view::npos);
    EXPECT_EQ(std::string_view(doc["facts"].at(1)["value"]["event"]["code"]), "038")
        << "JSON facts stay JSON";
    EXPECT_EQ(std::string_view(doc["evidence_files"].at(1)["file"]), "evidence/photo.png");

    std::string readme = read(dir / "README.txt");
    EXPECT_NE(readme.find("Pick up Issues > Picked up but logistics status not updated"), std::string::npos);
    EXPECT_NE(readme.find("576859029223086481"), std::string::npos);
    EXPECT_NE(readme.find("evidence/photo.png"), std::string::npos);
}

// The golden files were produced by the plugin and checked by reading them.
TEST_F(OutboxTest, DisputeJsonAndReadmeMatchTheGoldenFiles) {
    ASSERT_EQ(plugin()->file(request).kind, FileResult::Kind::kOk);
    fs::path dir = outbox() / kFolder;
    fs::path golden = unstuck::test::source_path("tests/plugins/ticketing/outbox/golden");
    if (std::getenv("UNSTUCK_UPDATE_GOLDEN")) {
        fs::create_directories(golden);
        fs::copy_file(dir / "dispute.json", golden / "dispute.json", fs::copy_options::overwrite_existing);
        fs::copy_file(dir / "README.txt", golden / "README.txt", fs::copy_options::overwrite_existing);
    }
    // dispute.json names the evidence by its place in the folder, never by where it came from.
    EXPECT_EQ(read(dir / "dispute.json"), read(golden / "dispute.json"));
    EXPECT_EQ(read(dir / "README.txt"), read(golden / "README.txt"));
}

TEST_F(OutboxTest, FilingTheSameKeyAgainChangesNothingAndReturnsTheSameResult) {
    auto p = plugin();
    FileResult first = p->file(request);
    ASSERT_EQ(first.kind, FileResult::Kind::kOk) << first.message;
    fs::path dir = outbox() / kFolder;
    std::string json = read(dir / "dispute.json");
    auto written = fs::last_write_time(dir / "dispute.json");

    clock->at += std::chrono::hours(5);
    request.explanation = "another explanation";
    write(evidence() / "photo.png", "changed");
    FileResult again = p->file(request);
    ASSERT_EQ(again.kind, FileResult::Kind::kOk) << again.message;
    EXPECT_EQ(again.value.id, first.value.id);
    EXPECT_EQ(again.value.url, first.value.url);
    EXPECT_EQ(read(dir / "dispute.json"), json);
    EXPECT_EQ(fs::last_write_time(dir / "dispute.json"), written);
    EXPECT_NE(read(dir / "evidence" / "photo.png"), "changed");
    EXPECT_EQ(entries().size(), 1u);
}

TEST_F(OutboxTest, ConcurrentFilingsOfOneKeyWriteOneFolder) {
    auto p = plugin();
    std::vector<FileResult> results(8);
    std::vector<std::thread> threads;
    for (auto& r : results) threads.emplace_back([&] { r = p->file(request); });
    for (auto& t : threads) t.join();
    for (const auto& r : results) {
        ASSERT_EQ(r.kind, FileResult::Kind::kOk) << r.message;
        EXPECT_EQ(r.value.id, kFolder);
    }
    EXPECT_EQ(entries(), std::vector<std::string>{kFolder});
}

TEST_F(OutboxTest, FindReadsTheFolder) {
    auto p = plugin();
    EXPECT_EQ(p->find(request.key).kind, FileResult::Kind::kNotFound);
    ASSERT_EQ(p->file(request).kind, FileResult::Kind::kOk);
    auto found = p->find(request.key);
    ASSERT_EQ(found.kind, FileResult::Kind::kOk) << found.message;
    EXPECT_EQ(found.value.id, kFolder);
    EXPECT_EQ(p->find(request.key + ":2").kind, FileResult::Kind::kNotFound);
}

TEST_F(OutboxTest, AnUnfinishedTemporaryFolderIsNotAFiling) {
    fs::create_directories(outbox() / (std::string(".tmp-") + kFolder + "-1-2-3") / "evidence");
    auto p = plugin();
    EXPECT_EQ(p->find(request.key).kind, FileResult::Kind::kNotFound);
    ASSERT_EQ(p->file(request).kind, FileResult::Kind::kOk);
    EXPECT_TRUE(fs::exists(outbox() / kFolder / "dispute.json"));
}

TEST_F(OutboxTest, StateIsOpenUntilTheStateFileSaysOtherwise) {
    auto p = plugin();
    auto filed = p->file(request);
    ASSERT_EQ(filed.kind, FileResult::Kind::kOk);
    auto state = p->state(filed.value);
    ASSERT_EQ(state.kind, decltype(state)::Kind::kOk) << state.message;
    EXPECT_EQ(state.value, TicketState::kOpen);

    for (auto [text, expected] : {std::pair{"PENDING", TicketState::kPending},
                                  {"solved\n", TicketState::kSolved},
                                  {"  Closed \n", TicketState::kClosed},
                                  {"OPEN", TicketState::kOpen}}) {
        write(outbox() / kFolder / "state", text);
        auto s = p->state(filed.value);
        ASSERT_EQ(s.kind, decltype(s)::Kind::kOk) << text << ": " << s.message;
        EXPECT_EQ(s.value, expected) << text;
    }
    write(outbox() / kFolder / "state", "DONE");
    auto bad = p->state(filed.value);
    EXPECT_EQ(bad.kind, decltype(bad)::Kind::kRejected);
    EXPECT_NE(bad.message.find("state"), std::string::npos);
    EXPECT_NE(bad.message.find("DONE"), std::string::npos);

    auto missing = p->state({"no-such-folder", ""});
    EXPECT_EQ(missing.kind, decltype(missing)::Kind::kRejected);
    auto escape = p->state({"../outbox", ""});
    EXPECT_EQ(escape.kind, decltype(escape)::Kind::kRejected);
}

TEST_F(OutboxTest, AMissingEvidenceFileIsRejectedAndNothingIsWritten) {
    request.files.push_back({"pod.jpg", (evidence() / "pod.jpg").string(), "image/jpeg"});
    auto r = plugin()->file(request);
    EXPECT_EQ(r.kind, FileResult::Kind::kRejected);
    EXPECT_NE(r.message.find((evidence() / "pod.jpg").string()), std::string::npos) << r.message;
    EXPECT_TRUE(entries().empty());
}

TEST_F(OutboxTest, KeysMapToDistinctFolderNamesInsideTheOutbox) {
    auto p = plugin();
    auto file_key = [&](const std::string& key) {
        DisputeRequest r = request;
        r.key = key;
        auto result = p->file(r);
        EXPECT_EQ(result.kind, FileResult::Kind::kOk) << key << ": " << result.message;
        return result.value.id;
    };
    EXPECT_EQ(file_key("tiktok-shop::1:code.x"), "tiktok-shop++1+code.x");
    EXPECT_EQ(file_key("a:b"), "a+b");
    EXPECT_EQ(file_key("a+b"), "a%2Bb");
    EXPECT_EQ(file_key("a/b c%"), "a%2Fb%20c%25");
    EXPECT_EQ(file_key("../up"), "%2E.%2Fup");
    EXPECT_EQ(file_key(".hidden"), "%2Ehidden");
    EXPECT_EQ(entries().size(), 6u);
    EXPECT_FALSE(fs::exists(tmp.path() / "up"));
}

TEST_F(OutboxTest, AttachAddsAFileOnceAndRefusesAnotherWithTheSameName) {
    auto p = plugin();
    auto filed = p->file(request);
    ASSERT_EQ(filed.kind, FileResult::Kind::kOk);
    write(evidence() / "pod.jpg", "proof");
    unstuck::sdk::EvidenceFile pod{"pod.jpg", (evidence() / "pod.jpg").string(), "image/jpeg"};
    auto a = p->attach(filed.value, pod);
    ASSERT_EQ(a.kind, decltype(a)::Kind::kOk) << a.message;
    EXPECT_EQ(a.value, "evidence/pod.jpg");
    EXPECT_EQ(read(outbox() / kFolder / "evidence" / "pod.jpg"), "proof");
    auto again = p->attach(filed.value, pod);
    EXPECT_EQ(again.kind, decltype(again)::Kind::kOk) << again.message;
    write(evidence() / "pod.jpg", "other proof");
    auto clash = p->attach(filed.value, pod);
    EXPECT_EQ(clash.kind, decltype(clash)::Kind::kRejected);
    EXPECT_EQ(read(outbox() / kFolder / "evidence" / "pod.jpg"), "proof");
    for (const auto& e : fs::directory_iterator(outbox() / kFolder / "evidence"))
        EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u) << e.path();
}

TEST_F(OutboxTest, AnOutboxThatIsAFileIsRefusedNamingTheKey) {
    write(tmp.path() / "plain-file", "x");
    auto h = host_for(R"({"dir": ")" + (tmp.path() / "plain-file").string() + R"("})");
    auto p = h->ticketing("outbox");
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.error().message.find("config.dir"), std::string::npos) << p.error().message;
    EXPECT_NE(p.error().message.find("plain-file"), std::string::npos) << p.error().message;
}

TEST_F(OutboxTest, AnOutboxThatCannotBeCreatedIsRefusedNamingTheKey) {
    write(tmp.path() / "plain-file", "x");
    auto h = host_for(R"({"dir": ")" + (tmp.path() / "plain-file" / "outbox").string() + R"("})");
    auto p = h->ticketing("outbox");
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.error().message.find("config.dir"), std::string::npos) << p.error().message;
}

TEST_F(OutboxTest, AnUnreadableOutboxIsRefusedNamingTheKey) {
    fs::create_directories(outbox());
    ::chmod(outbox().c_str(), 0);
    // Root reads any folder; the plugin is started on a thread of its own that has given up the capabilities
    // that let it (capabilities belong to a thread), so the permissions bind as they bind any other user.
    std::string error;
    std::thread([&] {
        ASSERT_TRUE(drop_file_permission_capabilities());
        auto h = host_for(R"({"dir": ")" + outbox().string() + R"("})");
        auto p = h->ticketing("outbox");
        error = p.ok() ? "(started)" : p.error().message;
    }).join();
    ::chmod(outbox().c_str(), 0755);
    EXPECT_NE(error.find("config.dir"), std::string::npos) << error;
    EXPECT_NE(error.find(outbox().string()), std::string::npos) << error;
}

TEST_F(OutboxTest, AMissingDirIsRefusedNamingTheKey) {
    auto h = host_for("{}");
    auto p = h->ticketing("outbox");
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.error().message.find("dir"), std::string::npos) << p.error().message;
}

}  // namespace
