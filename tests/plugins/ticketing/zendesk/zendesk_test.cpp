// The zendesk plugin through the real loader and the host's HTTP client, against a loopback Zendesk.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/test_paths.hpp"
#include "support/zendesk_emulator.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"

namespace {

namespace fs = std::filesystem;
using unstuck::core::HostConfig;
using unstuck::core::PluginHost;
using unstuck::sdk::DisputeRequest;
using unstuck::sdk::FileResult;
using unstuck::sdk::TicketState;
using unstuck::test::EmulatorFault;
using unstuck::test::TempDir;
using unstuck::test::ZendeskEmulator;

constexpr std::int64_t kPathField = 360001;
constexpr std::int64_t kOrderField = 360002;
constexpr const char* kKey = "tiktok-shop:7494105515:576859029223086481:pick_up_issues.picked_up_not_updated";

void write(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

DisputeRequest sample_request(const fs::path& dir) {
    write(dir / "tracking.csv", "at,status,code,description\n2024-07-15T13:12:00Z,PICKED_UP,038,Picked up\n");
    write(dir / "tracking.json", R"({"events":[{"at":"2024-07-15T13:12:00Z","code":"038"}]})");
    write(dir / "buyer.png", std::string("\x89PNG\r\n\x1a\n\0\xff", 10));
    DisputeRequest r;
    r.key = kKey;
    r.code = "pick_up_issues.picked_up_not_updated";
    r.path = {"Complaints & Dispute (Logistic related)", "Pick up Issues",
              "Picked up but logistics status not updated"};
    r.marketplace = "tiktok-shop";
    r.shop_id = "7494105515";
    r.order_id = "576859029223086481";
    r.packages = {{"1153891868590053777", "1Z023E2X0214323462", "ups"}};
    r.files = {{"tracking-1153891868590053777.csv", (dir / "tracking.csv").string(), "text/csv"},
               {"tracking-1153891868590053777.json", (dir / "tracking.json").string(), "application/json"},
               {"buyer confirmation.png", (dir / "buyer.png").string(), "image/png"}};
    r.facts = {{"order_id", "576859029223086481"},
               {"carrier_pickup_event",
                R"({"package_id":"1153891868590053777","event":{"at":"2024-07-15T13:12:00Z",)"
                R"("code":"038","description":"Picked up"}})"}};
    r.explanation =
        "UPS scanned the pickup 30 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows "
        "AWAITING_COLLECTION.";
    return r;
}

class ZendeskTest : public ::testing::Test {
  protected:
    void SetUp() override { request = sample_request(tmp.path()); }

    std::string config_json(const std::string& plugin, const std::string& secrets) const {
        return R"({"plugin_dirs": [")" + unstuck::test::plugin_dir().string() +
               R"("], "http": {"max_attempts": 3, "backoff_base_ms": 1, "backoff_max_ms": 20, "read_timeout_ms": 5000},)"
               R"( "plugins": {"zendesk": )" +
               plugin + R"(}, "secrets": {"zendesk": )" + secrets + "}}";
    }
    std::string plugin_json(std::int64_t path_field = kPathField) const {
        return R"({"base_url": ")" + zendesk.base_url() + R"(", "path_field_id": )" +
               std::to_string(path_field) + R"(, "order_field_id": )" + std::to_string(kOrderField) + "}";
    }
    static constexpr const char* kSecrets = R"({"email": "ops@example.com", "api_token": "s3cr3t"})";

    unstuck::sdk::Result<std::shared_ptr<unstuck::sdk::TicketingPlugin>> load(const std::string& json) {
        auto config = HostConfig::parse(json, tmp.path());
        if (!config) return config.error();
        host = std::make_unique<PluginHost>(std::move(config).value());
        return host->ticketing("zendesk");
    }
    std::shared_ptr<unstuck::sdk::TicketingPlugin> plugin(std::int64_t path_field = kPathField) {
        auto p = load(config_json(plugin_json(path_field), kSecrets));
        EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
        return p.ok() ? *p : nullptr;
    }

    std::vector<unstuck::test::LoopbackRequest> requests_to(const std::string& method,
                                                            const std::string& path) {
        std::vector<unstuck::test::LoopbackRequest> out;
        for (auto& r : zendesk.server().requests())
            if (r.method == method && r.path() == path) out.push_back(r);
        return out;
    }

    TempDir tmp;
    ZendeskEmulator zendesk{"ops@example.com", "s3cr3t", {kPathField, kOrderField}};
    std::unique_ptr<PluginHost> host;
    DisputeRequest request;
};

TEST_F(ZendeskTest, FilesOneTicketWithTheKeyPathFieldsTagsAndAnInternalNoteWithEveryFile) {
    auto p = plugin();
    ASSERT_TRUE(p);
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk) << r.message;

    auto tickets = zendesk.tickets();
    ASSERT_EQ(tickets.size(), 1u);
    const auto& t = tickets[0];
    EXPECT_EQ(r.value.id, std::to_string(t.id));
    EXPECT_EQ(r.value.url, zendesk.base_url() + "/agent/tickets/" + std::to_string(t.id));
    EXPECT_EQ(t.external_id, kKey);
    EXPECT_EQ(t.subject,
              "[TikTok Shop] Picked up but logistics status not updated - order 576859029223086481");
    EXPECT_EQ(t.custom_fields.at(kPathField), "pick_up_issues__picked_up_not_updated");
    EXPECT_EQ(t.custom_fields.at(kOrderField), "576859029223086481");
    EXPECT_EQ(t.tags,
              (std::vector<std::string>{"unstuck", "logistics_dispute", "tiktok_shop", "pick_up_issues"}));
    EXPECT_EQ(t.priority, "normal");
    EXPECT_EQ(t.type, "problem");

    auto creates = requests_to("POST", "/api/v2/tickets");
    ASSERT_EQ(creates.size(), 1u);
    EXPECT_EQ(creates[0].header("Idempotency-Key").value_or(""), kKey);

    ASSERT_EQ(t.comments.size(), 1u);
    const auto& note = t.comments[0];
    EXPECT_FALSE(note.is_public) << "the path and evidence go in an internal note";
    EXPECT_NE(
        note.body.find("Complaints & Dispute (Logistic related) > Pick up Issues > Picked up but logistics "
                       "status not updated"),
        std::string::npos)
        << note.body;
    EXPECT_NE(note.body.find("UPS scanned the pickup"), std::string::npos);
    EXPECT_NE(note.body.find("carrier_pickup_event  1153891868590053777  2024-07-15T13:12:00Z 038 Picked up"),
              std::string::npos)
        << note.body;

    // Every evidence file was uploaded first, byte for byte, and its token is in the note.
    ASSERT_EQ(note.upload_tokens.size(), request.files.size());
    for (std::size_t i = 0; i < request.files.size(); ++i) {
        auto up = zendesk.upload(note.upload_tokens[i]);
        ASSERT_TRUE(up) << note.upload_tokens[i];
        EXPECT_EQ(up->file_name, request.files[i].name);
        EXPECT_EQ(up->content_type, request.files[i].media_type);
        std::ifstream in(request.files[i].path, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        EXPECT_EQ(up->bytes, bytes.str()) << request.files[i].name;
    }
    auto uploads = requests_to("POST", "/api/v2/uploads");
    ASSERT_EQ(uploads.size(), 3u);
    EXPECT_NE(uploads[2].uri.find("filename=buyer%20confirmation.png"), std::string::npos) << uploads[2].uri;
    EXPECT_LT(uploads.back().index, creates[0].index) << "uploads come before the ticket";
}

TEST_F(ZendeskTest, FilingTheSameKeyAgainReturnsTheTicketAndCreatesNothing) {
    auto p = plugin();
    FileResult first = p->file(request);
    ASSERT_EQ(first.kind, FileResult::Kind::kOk) << first.message;
    FileResult again = p->file(request);
    ASSERT_EQ(again.kind, FileResult::Kind::kOk) << again.message;
    EXPECT_EQ(again.value.id, first.value.id);
    EXPECT_EQ(zendesk.tickets().size(), 1u);
    EXPECT_EQ(zendesk.create_calls(), 1u);
    EXPECT_EQ(zendesk.upload_count(), 3u) << "nothing is uploaded for a ticket that exists";
}

TEST_F(ZendeskTest, ALostAnswerIsRetriedAsAnIdempotentReplayNotASecondTicket) {
    zendesk.inject(
        {"POST", "/api/v2/tickets", 502, {}, R"({"error":"Bad Gateway"})", /*after_handling=*/true});
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk) << r.message;
    EXPECT_EQ(zendesk.tickets().size(), 1u);
    EXPECT_EQ(zendesk.create_calls(), 2u);
    EXPECT_EQ(zendesk.replays(), 1u) << "the retry carried the same key and body";
    auto creates = requests_to("POST", "/api/v2/tickets");
    ASSERT_EQ(creates.size(), 2u);
    EXPECT_EQ(creates[0].body, creates[1].body);
    EXPECT_EQ(r.value.id, std::to_string(zendesk.tickets()[0].id));
}

TEST_F(ZendeskTest, ARateLimitIsWaitedOutAndFilesOnce) {
    zendesk.inject(
        {"POST", "/api/v2/tickets", 429, {{"Retry-After", "1"}}, R"({"error":"TooManyRequests"})"});
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk) << r.message;
    EXPECT_EQ(zendesk.tickets().size(), 1u);
    EXPECT_EQ(requests_to("POST", "/api/v2/tickets").size(), 2u);
}

TEST_F(ZendeskTest, ARateLimitThatOutlastsTheRetriesIsARetryAfterTheServersDelay) {
    zendesk.inject({"POST",
                    "/api/v2/tickets",
                    429,
                    {{"Retry-After", "7"}},
                    R"({"error":"TooManyRequests"})",
                    false,
                    99});
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRetry) << r.message;
    ASSERT_TRUE(r.retry_after);
    EXPECT_EQ(r.retry_after->count(), 7);
    EXPECT_TRUE(zendesk.tickets().empty());
}

TEST_F(ZendeskTest, AServerErrorThatOutlastsTheRetriesIsARetry) {
    // Three answers: the host's first try and both of its retries.
    zendesk.inject({"POST", "/api/v2/tickets", 503, {}, "Service Unavailable", false, 3});
    auto p = plugin();
    FileResult r = p->file(request);
    EXPECT_EQ(r.kind, FileResult::Kind::kRetry) << r.message;
    EXPECT_NE(r.message.find("503"), std::string::npos) << r.message;
    EXPECT_TRUE(zendesk.tickets().empty());

    // Later, the same dispute files once.
    FileResult later = p->file(request);
    ASSERT_EQ(later.kind, FileResult::Kind::kOk) << later.message;
    EXPECT_EQ(zendesk.tickets().size(), 1u);
}

TEST_F(ZendeskTest, AnInvalidRecordIsRejectedWithZendesksMessage) {
    auto p = plugin(/*path_field=*/999);
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRejected) << r.message;
    EXPECT_NE(r.message.find("422"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("RecordInvalid"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("Custom field 999 does not exist"), std::string::npos) << r.message;
    EXPECT_TRUE(zendesk.tickets().empty());
}

TEST_F(ZendeskTest, BadCredentialsAreRejectedNamingThem) {
    auto p = load(config_json(plugin_json(), R"({"email": "ops@example.com", "api_token": "wrong"})"));
    ASSERT_TRUE(p.ok()) << p.error().message;
    FileResult r = (*p)->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRejected) << r.message;
    EXPECT_NE(r.message.find("401"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("credentials"), std::string::npos) << r.message;
    EXPECT_TRUE(zendesk.tickets().empty());
}

TEST_F(ZendeskTest, AForbiddenAnswerIsRejectedNamingTheCredentials) {
    zendesk.inject({"GET",
                    "/api/v2/tickets",
                    403,
                    {},
                    R"({"error":"Forbidden","description":"You do not have access"})"});
    FileResult r = plugin()->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRejected) << r.message;
    EXPECT_NE(r.message.find("credentials"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("You do not have access"), std::string::npos) << r.message;
}

TEST_F(ZendeskTest, AnotherFilerWinningTheRaceGivesItsTicketNotASecondOne) {
    std::int64_t theirs = 0;
    zendesk.before_next_create([&](ZendeskEmulator& z) { theirs = z.seed_ticket(kKey, kKey); });
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk) << r.message;
    EXPECT_EQ(r.value.id, std::to_string(theirs));
    EXPECT_EQ(zendesk.tickets().size(), 1u);
    EXPECT_EQ(requests_to("GET", "/api/v2/tickets").size(), 2u) << "looked up before and after the clash";
}

TEST_F(ZendeskTest, FindLooksUpTheExternalId) {
    auto p = plugin();
    EXPECT_EQ(p->find(kKey).kind, FileResult::Kind::kNotFound);
    ASSERT_EQ(p->file(request).kind, FileResult::Kind::kOk);
    auto found = p->find(kKey);
    ASSERT_EQ(found.kind, FileResult::Kind::kOk) << found.message;
    EXPECT_EQ(found.value.id, std::to_string(zendesk.tickets()[0].id));
    auto lookups = requests_to("GET", "/api/v2/tickets");
    EXPECT_NE(
        lookups.back().uri.find("external_id=tiktok-shop%3A7494105515%3A576859029223086481%3Apick_up_issues."
                                "picked_up_not_updated"),
        std::string::npos)
        << lookups.back().uri;
    EXPECT_EQ(p->find(std::string(kKey) + ":2").kind, FileResult::Kind::kNotFound);
}

TEST_F(ZendeskTest, StateFollowsTheTicketsStatus) {
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk);
    std::int64_t id = std::stoll(r.value.id);
    for (auto [status, expected] : {std::pair{"new", TicketState::kOpen},
                                    {"open", TicketState::kOpen},
                                    {"pending", TicketState::kPending},
                                    {"hold", TicketState::kPending},
                                    {"solved", TicketState::kSolved},
                                    {"closed", TicketState::kClosed}}) {
        zendesk.set_status(id, status);
        auto s = p->state(r.value);
        ASSERT_EQ(s.kind, decltype(s)::Kind::kOk) << status << ": " << s.message;
        EXPECT_EQ(s.value, expected) << status;
    }
    auto gone = p->state({"1", ""});
    EXPECT_EQ(gone.kind, decltype(gone)::Kind::kRejected);
    EXPECT_NE(gone.message.find("404"), std::string::npos) << gone.message;
}

TEST_F(ZendeskTest, AttachAddsAnInternalNoteWithTheFile) {
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk);
    write(tmp.path() / "pod.jpg", "proof of delivery");
    auto a = p->attach(r.value, {"pod.jpg", (tmp.path() / "pod.jpg").string(), "image/jpeg"});
    ASSERT_EQ(a.kind, decltype(a)::Kind::kOk) << a.message;
    auto t = zendesk.tickets().at(0);
    ASSERT_EQ(t.comments.size(), 2u);
    EXPECT_FALSE(t.comments[1].is_public);
    ASSERT_EQ(t.comments[1].upload_tokens.size(), 1u);
    auto up = zendesk.upload(t.comments[1].upload_tokens[0]);
    ASSERT_TRUE(up);
    EXPECT_EQ(up->bytes, "proof of delivery");
    EXPECT_EQ(a.value, std::to_string(up->attachment_id));
}

TEST_F(ZendeskTest, AMissingEvidenceFileIsRejectedBeforeAnythingIsSent) {
    request.files.push_back({"pod.jpg", (tmp.path() / "no-such.jpg").string(), "image/jpeg"});
    FileResult r = plugin()->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRejected);
    EXPECT_NE(r.message.find("no-such.jpg"), std::string::npos) << r.message;
    EXPECT_EQ(zendesk.upload_count(), 0u);
    EXPECT_TRUE(zendesk.tickets().empty());
}

TEST_F(ZendeskTest, AnUnreachableServerIsARetry) {
    std::string url;
    {
        unstuck::test::LoopbackServer closed;
        url = closed.base_url();
    }
    auto p = load(config_json(R"({"base_url": ")" + url + R"(", "path_field_id": 1})", kSecrets));
    ASSERT_TRUE(p.ok()) << p.error().message;
    FileResult r = (*p)->file(request);
    EXPECT_EQ(r.kind, FileResult::Kind::kRetry) << r.message;
}

TEST_F(ZendeskTest, BadConfigurationIsRefusedAtCreationNamingTheKey) {
    auto refused = [&](const std::string& plugin, const std::string& secrets) {
        auto p = load(config_json(plugin, secrets));
        EXPECT_FALSE(p.ok());
        return p.ok() ? std::string() : p.error().message;
    };
    std::string base = R"("base_url": ")" + zendesk.base_url() + R"(")";
    EXPECT_NE(refused("{" + base + "}", kSecrets).find("path_field_id"), std::string::npos);
    EXPECT_NE(refused("{" + base + R"(, "path_field_id": 0})", kSecrets).find("config.path_field_id"),
              std::string::npos);
    EXPECT_NE(refused("{" + base + R"(, "path_field_id": 1, "priority": "asap"})", kSecrets)
                  .find("config.priority"),
              std::string::npos);
    EXPECT_NE(refused(R"({"base_url": "zendesk.example.com", "path_field_id": 1})", kSecrets)
                  .find("config.base_url"),
              std::string::npos);
    EXPECT_NE(
        refused("{" + base + R"(, "path_field_id": 1})", R"({"email": "ops@example.com"})").find("api_token"),
        std::string::npos);
}

}  // namespace
