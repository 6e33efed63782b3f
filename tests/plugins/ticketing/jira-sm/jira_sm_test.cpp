// The jira-sm plugin through the real loader and the host's HTTP client, against a loopback Jira Service
// Management.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/jira_emulator.hpp"
#include "support/test_paths.hpp"
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
using unstuck::test::JiraEmulator;
using unstuck::test::TempDir;

constexpr const char* kKey = "tiktok-shop:7494105515:576859029223086481:pick_up_issues.picked_up_not_updated";
constexpr const char* kRequestTypes =
    R"({"pick_up_issues.picked_up_not_updated": "25", "delivery_process_inquiry.unmoved_tracking_event": "26",)"
    R"( "logistic_issue.delivered_not_updated": "27"})";

void write(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

DisputeRequest sample_request(const fs::path& dir) {
    write(dir / "tracking.csv", "at,status,code,description\n2024-07-15T13:12:00Z,PICKED_UP,038,Picked up\n");
    write(dir / "tracking.json", R"({"events":[{"at":"2024-07-15T13:12:00Z","code":"038"}]})");
    write(dir / "event.json",
          std::string("{\"kind\":\"carrier_pickup_event\"}\r\n--unstuck-boundary-0\r\n", 56));
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
               {"carrier-event-1153891868590053777.json", (dir / "event.json").string(), "application/json"}};
    r.facts = {{"order_id", "576859029223086481"},
               {"carrier_pickup_event",
                R"({"package_id":"1153891868590053777","event":{"at":"2024-07-15T13:12:00Z",)"
                R"("code":"038","description":"Picked up"}})"}};
    r.explanation =
        "UPS scanned the pickup 30 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows "
        "AWAITING_COLLECTION.";
    return r;
}

class JiraSmTest : public ::testing::Test {
  protected:
    void SetUp() override { request = sample_request(tmp.path()); }

    std::string config_json(const std::string& plugin, const std::string& secrets) const {
        return R"({"plugin_dirs": [")" + unstuck::test::plugin_dir().string() +
               R"("], "http": {"max_attempts": 3, "backoff_base_ms": 1, "backoff_max_ms": 20},)"
               R"( "plugins": {"jira-sm": )" +
               plugin + R"(}, "secrets": {"jira-sm": )" + secrets + "}}";
    }
    std::string plugin_json(const std::string& extra = "") const {
        return R"({"base_url": ")" + jira.base_url() + R"(", "service_desk_id": "10", "request_types": )" +
               kRequestTypes + extra + "}";
    }
    static constexpr const char* kSecrets = R"({"email": "ops@example.com", "api_token": "atl-token"})";

    unstuck::sdk::Result<std::shared_ptr<unstuck::sdk::TicketingPlugin>> load(const std::string& json) {
        auto config = HostConfig::parse(json, tmp.path());
        if (!config) return config.error();
        host = std::make_unique<PluginHost>(std::move(config).value());
        return host->ticketing("jira-sm");
    }
    std::shared_ptr<unstuck::sdk::TicketingPlugin> plugin(const std::string& extra = "") {
        auto p = load(config_json(plugin_json(extra), kSecrets));
        EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
        return p.ok() ? *p : nullptr;
    }
    std::vector<unstuck::test::LoopbackRequest> requests_to(const std::string& method,
                                                            const std::string& path) {
        std::vector<unstuck::test::LoopbackRequest> out;
        for (auto& r : jira.server().requests())
            if (r.method == method && r.path() == path) out.push_back(r);
        return out;
    }
    void expect_every_file_attached_once(const JiraEmulator::Request& r) {
        ASSERT_EQ(r.attachments.size(), request.files.size());
        for (std::size_t i = 0; i < request.files.size(); ++i) {
            EXPECT_EQ(r.attachments[i].filename, request.files[i].name);
            EXPECT_EQ(r.attachments[i].mime_type, request.files[i].media_type);
            EXPECT_EQ(r.attachments[i].bytes, read(request.files[i].path)) << request.files[i].name;
            EXPECT_FALSE(r.attachments[i].is_public);
        }
    }

    TempDir tmp;
    JiraEmulator jira{"ops@example.com", "atl-token", "10", {"25", "26", "27"}};
    std::unique_ptr<PluginHost> host;
    DisputeRequest request;
};

TEST_F(JiraSmTest, RaisesOneRequestOfTheMappedTypeLabelledWithTheKeyAndAttachesEveryFile) {
    auto p = plugin();
    ASSERT_TRUE(p);
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk) << r.message;
    EXPECT_EQ(r.value.id, "HELP-1");
    EXPECT_EQ(r.value.url, jira.base_url() + "/browse/HELP-1");

    auto raised = jira.requests();
    ASSERT_EQ(raised.size(), 1u);
    const auto& req = raised[0];
    EXPECT_EQ(req.service_desk_id, "10");
    EXPECT_EQ(req.request_type_id, "25");
    EXPECT_EQ(req.summary,
              "[TikTok Shop] Picked up but logistics status not updated - order 576859029223086481");
    EXPECT_EQ(req.labels, (std::vector<std::string>{"unstuck", "logistics-dispute", kKey}));
    EXPECT_NE(req.description.find("Path:        Complaints & Dispute (Logistic related) > Pick up Issues > "
                                   "Picked up but logistics status not updated"),
              std::string::npos)
        << req.description;
    EXPECT_NE(
        req.description.find("carrier_pickup_event  1153891868590053777  2024-07-15T13:12:00Z 038 Picked up"),
        std::string::npos)
        << req.description;
    expect_every_file_attached_once(req);
    ASSERT_EQ(req.comments.size(), 1u);
    EXPECT_NE(req.comments[0].find(kKey), std::string::npos);
    EXPECT_EQ(jira.pending_temporary_files(), 0u);

    auto uploads = requests_to("POST", "/rest/servicedeskapi/servicedesk/10/attachTemporaryFile");
    ASSERT_EQ(uploads.size(), 3u);
    for (const auto& u : uploads) EXPECT_EQ(u.header("X-Atlassian-Token").value_or(""), "no-check");
    auto creates = requests_to("POST", "/rest/servicedeskapi/request");
    ASSERT_EQ(creates.size(), 1u);
    EXPECT_LT(creates[0].index, uploads[0].index) << "files are attached once the request exists";
}

TEST_F(JiraSmTest, FilingTheSameKeyAgainFindsTheRequestByLabelAndRaisesNothing) {
    auto p = plugin();
    FileResult first = p->file(request);
    ASSERT_EQ(first.kind, FileResult::Kind::kOk) << first.message;
    FileResult again = p->file(request);
    ASSERT_EQ(again.kind, FileResult::Kind::kOk) << again.message;
    EXPECT_EQ(again.value.id, first.value.id);
    ASSERT_EQ(jira.requests().size(), 1u);
    expect_every_file_attached_once(jira.requests()[0]);
    auto searches = requests_to("GET", "/rest/api/3/search/jql");
    ASSERT_EQ(searches.size(), 2u);
    EXPECT_NE(searches[1].uri.find("jql=labels%20%3D%20%22tiktok-shop%3A7494105515%3A"), std::string::npos)
        << searches[1].uri;
    EXPECT_EQ(requests_to("GET", "/rest/servicedeskapi/request/HELP-1/attachment").size(), 2u)
        << "two pages of attachments were read";
}

TEST_F(JiraSmTest, AServerErrorOnCreateIsNotRetriedBlindlyAndFilesOnceLater) {
    jira.inject(
        {"POST", "/rest/servicedeskapi/request", 503, {}, R"({"errorMessage":"Service unavailable"})"});
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRetry) << r.message;
    EXPECT_EQ(requests_to("POST", "/rest/servicedeskapi/request").size(), 1u)
        << "a create is never repeated blind";
    EXPECT_TRUE(jira.requests().empty());

    FileResult later = p->file(request);
    ASSERT_EQ(later.kind, FileResult::Kind::kOk) << later.message;
    ASSERT_EQ(jira.requests().size(), 1u);
    expect_every_file_attached_once(jira.requests()[0]);
}

TEST_F(JiraSmTest, ALostAnswerIsFoundByItsLabelAndCompletedNotRaisedTwice) {
    jira.inject({"POST", "/rest/servicedeskapi/request", 502, {}, "Bad Gateway", /*after_handling=*/true});
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRetry) << r.message;
    ASSERT_EQ(jira.requests().size(), 1u) << "the request was raised; only its answer was lost";

    FileResult again = p->file(request);
    ASSERT_EQ(again.kind, FileResult::Kind::kOk) << again.message;
    EXPECT_EQ(again.value.id, "HELP-1");
    ASSERT_EQ(jira.requests().size(), 1u);
    expect_every_file_attached_once(jira.requests()[0]);
}

TEST_F(JiraSmTest, AFailedAttachmentIsARetryAndTheNextFilingAttachesWhatIsMissingOnce) {
    jira.inject(
        {"POST", "/rest/servicedeskapi/request/HELP-1/attachment", 500, {}, R"({"errorMessage":"boom"})"});
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRetry) << r.message;
    EXPECT_NE(r.message.find("HELP-1 is raised but its evidence is not attached yet"), std::string::npos)
        << r.message;
    ASSERT_EQ(jira.requests().size(), 1u);
    EXPECT_TRUE(jira.requests()[0].attachments.empty());

    FileResult again = p->file(request);
    ASSERT_EQ(again.kind, FileResult::Kind::kOk) << again.message;
    ASSERT_EQ(jira.requests().size(), 1u);
    expect_every_file_attached_once(jira.requests()[0]);
}

TEST_F(JiraSmTest, ARateLimitIsWaitedOutAndRaisesOnce) {
    jira.inject({"POST", "/rest/servicedeskapi/request", 429, {{"Retry-After", "1"}}, ""});
    FileResult r = plugin()->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk) << r.message;
    EXPECT_EQ(jira.requests().size(), 1u);
    EXPECT_EQ(requests_to("POST", "/rest/servicedeskapi/request").size(), 2u);
}

TEST_F(JiraSmTest, ARateLimitThatOutlastsTheRetriesIsARetryAfterTheServersDelay) {
    jira.inject({"GET", "/rest/api/3/search/jql", 429, {{"Retry-After", "30"}}, "", false, 99});
    FileResult r = plugin()->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRetry) << r.message;
    ASSERT_TRUE(r.retry_after);
    EXPECT_EQ(r.retry_after->count(), 30);
    EXPECT_TRUE(jira.requests().empty());
}

TEST_F(JiraSmTest, AnInvalidRequestIsRejectedWithJirasMessage) {
    request.code = "logistic_issue.delivered_not_updated";
    JiraEmulator other{"ops@example.com", "atl-token", "10", {"25", "26"}};  // no type 27 on this desk
    auto q = load(config_json(R"({"base_url": ")" + other.base_url() +
                                  R"(", "service_desk_id": "10", "request_types": )" + kRequestTypes + "}",
                              kSecrets));
    ASSERT_TRUE(q.ok()) << q.error().message;
    FileResult r = (*q)->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRejected) << r.message;
    EXPECT_NE(r.message.find("400"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("The request type you specified does not exist"), std::string::npos)
        << r.message;
    EXPECT_TRUE(other.requests().empty());
}

TEST_F(JiraSmTest, BadCredentialsAreRejectedNamingThem) {
    auto p = load(config_json(plugin_json(), R"({"email": "ops@example.com", "api_token": "wrong"})"));
    ASSERT_TRUE(p.ok()) << p.error().message;
    FileResult r = (*p)->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRejected) << r.message;
    EXPECT_NE(r.message.find("401"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("credentials"), std::string::npos) << r.message;
}

TEST_F(JiraSmTest, ARequestAnotherFilerRaisedIsUsedAndCompleted) {
    std::string theirs = jira.seed_request(kKey);
    FileResult r = plugin()->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk) << r.message;
    EXPECT_EQ(r.value.id, theirs);
    ASSERT_EQ(jira.requests().size(), 1u);
    expect_every_file_attached_once(jira.requests()[0]);
}

TEST_F(JiraSmTest, FindSearchesTheLabelAlsoOnDataCentersSearch) {
    auto p = plugin(R"(, "search_path": "/rest/api/2/search")");
    EXPECT_EQ(p->find(kKey).kind, FileResult::Kind::kNotFound);
    ASSERT_EQ(p->file(request).kind, FileResult::Kind::kOk);
    auto found = p->find(kKey);
    ASSERT_EQ(found.kind, FileResult::Kind::kOk) << found.message;
    EXPECT_EQ(found.value.id, "HELP-1");
    EXPECT_EQ(requests_to("GET", "/rest/api/2/search").size(), 3u);
    EXPECT_TRUE(requests_to("GET", "/rest/api/3/search/jql").empty());
}

TEST_F(JiraSmTest, StateFollowsTheStatusCategoryAndTheStatusMap) {
    auto p = plugin(R"(, "status_map": {"Escalated": "OPEN"})");
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk);
    for (auto [status, category, expected] :
         {std::tuple{"Waiting for support", "NEW", TicketState::kOpen},
          {"Waiting for customer", "INDETERMINATE", TicketState::kPending},
          {"In progress", "INDETERMINATE", TicketState::kPending},
          {"Escalated", "INDETERMINATE", TicketState::kOpen},
          {"Resolved", "DONE", TicketState::kSolved},
          {"Closed", "DONE", TicketState::kClosed},
          {"Canceled", "DONE", TicketState::kClosed}}) {
        jira.set_status("HELP-1", status, category);
        auto s = p->state(r.value);
        ASSERT_EQ(s.kind, decltype(s)::Kind::kOk) << status << ": " << s.message;
        EXPECT_EQ(s.value, expected) << status;
    }
    auto gone = p->state({"HELP-99", ""});
    EXPECT_EQ(gone.kind, decltype(gone)::Kind::kRejected);
    EXPECT_NE(gone.message.find("404"), std::string::npos) << gone.message;
}

TEST_F(JiraSmTest, AttachAddsOneFile) {
    auto p = plugin();
    FileResult r = p->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kOk);
    write(tmp.path() / "pod.jpg", "proof of delivery");
    auto a = p->attach(r.value, {"pod.jpg", (tmp.path() / "pod.jpg").string(), "image/jpeg"});
    ASSERT_EQ(a.kind, decltype(a)::Kind::kOk) << a.message;
    EXPECT_EQ(a.value, "pod.jpg");
    auto req = jira.requests().at(0);
    ASSERT_EQ(req.attachments.size(), 4u);
    EXPECT_EQ(req.attachments[3].bytes, "proof of delivery");
}

TEST_F(JiraSmTest, AMissingEvidenceFileIsRejectedBeforeAnythingIsRaised) {
    request.files.push_back({"pod.jpg", (tmp.path() / "no-such.jpg").string(), "image/jpeg"});
    FileResult r = plugin()->file(request);
    ASSERT_EQ(r.kind, FileResult::Kind::kRejected);
    EXPECT_NE(r.message.find("no-such.jpg"), std::string::npos) << r.message;
    EXPECT_TRUE(jira.requests().empty());
    EXPECT_TRUE(requests_to("POST", "/rest/servicedeskapi/request").empty());
}

TEST_F(JiraSmTest, BadConfigurationIsRefusedAtCreationNamingTheKey) {
    auto refused = [&](const std::string& plugin) {
        auto p = load(config_json(plugin, kSecrets));
        EXPECT_FALSE(p.ok());
        return p.ok() ? std::string() : p.error().message;
    };
    std::string base = R"("base_url": ")" + jira.base_url() + R"(")";
    std::string missing_type = refused("{" + base + R"(, "service_desk_id": "10", "request_types": )" +
                                       R"({"pick_up_issues.picked_up_not_updated": "25",)" +
                                       R"( "delivery_process_inquiry.unmoved_tracking_event": "26"}})");
    EXPECT_NE(missing_type.find("config.request_types"), std::string::npos) << missing_type;
    EXPECT_NE(missing_type.find("logistic_issue.delivered_not_updated"), std::string::npos) << missing_type;
    EXPECT_NE(refused("{" + base + R"(, "request_types": )" + kRequestTypes + "}").find("service_desk_id"),
              std::string::npos);
    EXPECT_NE(refused("{" + base + R"(, "service_desk_id": "10", "request_types": )" + kRequestTypes +
                      R"(, "status_map": {"Done": "FINISHED"}})")
                  .find("config.status_map.Done"),
              std::string::npos);
    EXPECT_NE(refused("{" + base + R"(, "service_desk_id": "10", "request_types": )" + kRequestTypes +
                      R"(, "labels": ["has space"]})")
                  .find("config.labels"),
              std::string::npos);
}

}  // namespace
