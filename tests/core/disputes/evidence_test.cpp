// Dispute requests and evidence files built from real decisions of the shipped policy, and filed through the
// outbox plugin loaded by the real loader.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "support/test_paths.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/disputes/dispute_request.hpp"
#include "unstuck/core/disputes/evidence_builder.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/policy/policy_engine.hpp"

namespace {

namespace fs = std::filesystem;
using namespace unstuck;
using core::EvidenceBuilder;
using test::TempDir;

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const fs::path& p, std::string_view bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

// The policy.md section 1 example: picked up more than 24 hours ago, the platform still awaiting collection.
constexpr const char* kPickupCase = R"({
  "order_id": "576859029223086481", "shop_id": "7494105515", "marketplace": "tiktok-shop", "region": "US",
  "shipping_type": "PLATFORM", "platform_status": "AWAITING_COLLECTION",
  "platform_updated_at": "2024-07-15T16:02:11Z",
  "packages": [{"package_id": "1153891868590053777", "tracking_number": "1Z023E2X0214323462", "carrier": "ups",
    "events": [
      {"at": "2024-07-14T20:00:00-04:00", "status": "INFO_RECEIVED", "substatus": "label_created", "code": "MP",
       "description": "Shipper created a label, \"UPS\" has not received the package yet"},
      {"at": "2024-07-15T09:12:00-04:00", "status": "PICKED_UP", "substatus": "picked_up", "code": "038",
       "description": "Picked up", "location": {"city": "Louisville", "region": "KY", "country": "US",
       "postal_code": "40213"}}]}],
  "now": "2024-07-16T20:00:00Z"
})";

// The buyer confirmed receipt; the platform still shows the parcel in transit.
std::string confirmed_case(const std::string& evidence_json) {
    return R"({
  "order_id": "576859029223086482", "shop_id": "7494105515", "region": "US", "shipping_type": "PLATFORM",
  "platform_status": "IN_TRANSIT", "platform_updated_at": "2024-07-17T10:00:00Z",
  "packages": [{"package_id": "P1", "tracking_number": "1Z023E2X0214323479", "carrier": "ups",
    "proof_of_delivery": {"kind": "signature", "received_by": "J SMITH", "url": "pod/signature.pdf"},
    "events": [
      {"at": "2024-07-16T09:00:00-04:00", "status": "PICKED_UP", "code": "038", "description": "Picked up"},
      {"at": "2024-07-18T14:00:00-04:00", "status": "DELIVERED", "substatus": "signed", "code": "011",
       "description": "Delivered"}]}],
  "buyer_confirmed_receipt": {"at": "2024-07-19T08:00:00Z", "evidence": )" +
           evidence_json + R"(},
  "now": "2024-07-19T20:00:00Z"
})";
}

// Two packages in transit, neither scanned for days.
constexpr const char* kUnmovedCase = R"({
  "order_id": "576859029223086483", "shop_id": "", "region": "US", "shipping_type": "PLATFORM",
  "platform_status": "IN_TRANSIT", "platform_updated_at": "2024-07-10T10:00:00Z",
  "packages": [
    {"package_id": "A1", "tracking_number": "1Z023E2X0214323486", "carrier": "ups", "events": [
      {"at": "2024-07-09T09:00:00-04:00", "status": "PICKED_UP", "code": "038", "description": "Picked up"},
      {"at": "2024-07-10T02:00:00-04:00", "status": "IN_TRANSIT", "substatus": "departed_facility", "code": "005",
       "description": "Departed from Facility", "location": {"city": "Louisville", "country": "US"}},
      {"at": "2024-07-11T02:00:00-04:00", "status": "IN_TRANSIT", "substatus": "info_only", "code": "TL",
       "description": "On the way", "physical_scan": false}]},
    {"package_id": "A2", "tracking_number": "1Z023E2X0214323493", "carrier": "ups", "events": [
      {"at": "2024-07-09T09:30:00-04:00", "status": "PICKED_UP", "code": "038", "description": "Picked up"}]}],
  "now": "2024-07-16T20:00:00Z"
})";

class EvidenceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto policy = core::load_policy(core::default_policy_file());
        ASSERT_TRUE(policy.ok()) << policy.error().message;
        engine = std::make_unique<core::PolicyEngine>(*policy);
    }

    // Reads and decides a case at its own `now`.
    void decide(const std::string& json) {
        auto c = core::OrderReader().read(json);
        ASSERT_TRUE(c.ok()) << c.error().message;
        order = std::move(*c);
        auto d = engine->decide(order, *order.now);
        ASSERT_TRUE(d.ok()) << d.error().message;
        decision = std::move(*d);
        ASSERT_EQ(decision.action, core::Action::kFileDispute);
    }

    EvidenceBuilder builder() const {
        return EvidenceBuilder({.out_dir = tmp.path() / "evidence",
                                .base_dir = tmp.path() / "case",
                                .roots = {},
                                .carrier_names = {}});
    }

    TempDir tmp;
    std::unique_ptr<core::PolicyEngine> engine;
    core::OrderCase order;
    core::Decision decision;
};

TEST_F(EvidenceTest, APickupDisputeCarriesKeyPathPackagesFactsAndExplanation) {
    decide(kPickupCase);
    auto requests = builder().requests(decision, order);
    ASSERT_TRUE(requests.ok()) << requests.error().message;
    ASSERT_EQ(requests->size(), 1u);
    const sdk::DisputeRequest& r = requests->front();
    EXPECT_EQ(r.key, "tiktok-shop:7494105515:576859029223086481:pick_up_issues.picked_up_not_updated");
    EXPECT_EQ(r.code, "pick_up_issues.picked_up_not_updated");
    EXPECT_EQ(r.path, (std::vector<std::string>{"Complaints & Dispute (Logistic related)", "Pick up Issues",
                                                "Picked up but logistics status not updated"}));
    EXPECT_EQ(r.marketplace, "tiktok-shop");
    EXPECT_EQ(r.shop_id, "7494105515");
    EXPECT_EQ(r.order_id, "576859029223086481");
    ASSERT_EQ(r.packages.size(), 1u);
    EXPECT_EQ(r.packages[0].package_id, "1153891868590053777");
    EXPECT_EQ(r.packages[0].tracking_number, "1Z023E2X0214323462");
    EXPECT_EQ(r.packages[0].carrier, "ups");
    EXPECT_EQ(r.explanation, decision.explanation);
    ASSERT_EQ(r.facts.size(), 2u);
    EXPECT_EQ(r.facts[0].kind, "order_id");
    EXPECT_EQ(r.facts[0].value, "576859029223086481");
    EXPECT_EQ(r.facts[1].kind, "carrier_pickup_event");
    EXPECT_EQ(r.facts[1].value,
              R"({"package_id":"1153891868590053777","event":{"at":"2024-07-15T13:12:00Z","code":"038",)"
              R"("description":"Picked up"}})");
}

TEST_F(EvidenceTest, ThePackagesTrackingHistoryIsWrittenAsCsvAndJsonWithTheEventThatFired) {
    decide(kPickupCase);
    auto requests = builder().requests(decision, order);
    ASSERT_TRUE(requests.ok()) << requests.error().message;
    const auto& files = requests->front().files;
    ASSERT_EQ(files.size(), 3u);
    fs::path dir = tmp.path() / "evidence" /
                   "tiktok-shop+7494105515+576859029223086481+pick_up_issues.picked_up_not_updated";
    EXPECT_EQ(files[0].name, "tracking-1153891868590053777.csv");
    EXPECT_EQ(files[0].media_type, "text/csv");
    EXPECT_EQ(files[0].path, (dir / files[0].name).string());
    EXPECT_EQ(files[1].name, "tracking-1153891868590053777.json");
    EXPECT_EQ(files[2].name, "carrier-event-1153891868590053777.json");

    EXPECT_EQ(
        read(files[0].path),
        "at,local_time,utc_offset,time_uncertain,status,substatus,physical_scan,return_leg,code,description,"
        "city,region,postal_code,country,source\n"
        "2024-07-15T00:00:00Z,,,false,INFO_RECEIVED,label_created,false,false,MP,"
        "\"Shipper created a label, \"\"UPS\"\" has not received the package yet\",,,,,carrier\n"
        "2024-07-15T13:12:00Z,,,false,PICKED_UP,picked_up,true,false,038,Picked up,Louisville,KY,40213,US,"
        "carrier\n");

    simdjson::dom::parser parser;
    simdjson::dom::element history, event;
    std::string history_json = read(files[1].path), event_json = read(files[2].path);
    ASSERT_FALSE(parser.parse(history_json).get(history)) << history_json;
    EXPECT_EQ(std::string_view(history["tracking_number"]), "1Z023E2X0214323462");
    EXPECT_EQ(simdjson::dom::array(history["events"]).size(), 2u);
    EXPECT_EQ(std::string_view(history["events"].at(1)["code"]), "038");
    simdjson::dom::parser parser2;
    ASSERT_FALSE(parser2.parse(event_json).get(event)) << event_json;
    EXPECT_EQ(std::string_view(event["kind"]), "carrier_pickup_event");
    EXPECT_EQ(std::string_view(event["event"]["at"]), "2024-07-15T13:12:00Z");
    EXPECT_EQ(std::string_view(event["event"]["location"]["city"]), "Louisville");
}

TEST_F(EvidenceTest, TheEvidenceNamesTheCarrierByItsPluginAndByTheNamePeopleRead) {
    decide(kPickupCase);
    auto named = EvidenceBuilder({.out_dir = tmp.path() / "named",
                                  .base_dir = tmp.path() / "case",
                                  .roots = {},
                                  .carrier_names = {{"ups", "UPS Ground Freight"}}});
    auto unnamed = builder();
    auto with_name = named.requests(decision, order);
    auto without_name = unnamed.requests(decision, order);
    ASSERT_TRUE(with_name.ok()) << with_name.error().message;
    ASSERT_TRUE(without_name.ok()) << without_name.error().message;
    for (std::size_t i : {1u, 2u}) {  // tracking-<package>.json, carrier-event-<package>.json
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        std::string json = read(with_name->front().files[i].path);
        ASSERT_FALSE(parser.parse(json).get(doc)) << json;
        EXPECT_EQ(std::string_view(doc["carrier"]), "ups") << json;
        EXPECT_EQ(std::string_view(doc["carrier_name"]), "UPS Ground Freight") << json;
        json = read(without_name->front().files[i].path);
        ASSERT_FALSE(parser.parse(json).get(doc)) << json;
        EXPECT_EQ(std::string_view(doc["carrier_name"]), "ups") << json;
    }
}

TEST_F(EvidenceTest, ThreadsBuildingOneDisputesEvidenceAtOnceAllSucceedWithWholeFiles) {
    decide(kPickupCase);
    const EvidenceBuilder shared = builder();
    const std::string expected_csv = [&] {
        auto first = shared.requests(decision, order);
        EXPECT_TRUE(first.ok()) << first.error().message;
        return first.ok() ? read(first->front().files[0].path) : std::string();
    }();
    // The same order given twice in one sweep lands on two threads: both write the same dispute's files.
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i)
                if (auto r = shared.requests(decision, order); !r) {
                    ADD_FAILURE() << r.error().message;
                    ++failures;
                }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    fs::path dir = tmp.path() / "evidence" /
                   "tiktok-shop+7494105515+576859029223086481+pick_up_issues.picked_up_not_updated";
    EXPECT_EQ(read(dir / "tracking-1153891868590053777.csv"), expected_csv);
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    EXPECT_EQ(names.size(), 3u) << "no temporary file is left behind";
}

TEST_F(EvidenceTest, TheBuyersConfirmationAndProofOfDeliveryFilesAreAttachedAndLinksStayFacts) {
    write(tmp.path() / "case" / "chat" / "buyer-2024-07-19.png", "png bytes");
    write(tmp.path() / "case" / "pod" / "signature.pdf", "pdf bytes");
    decide(confirmed_case(R"(["chat/buyer-2024-07-19.png", "https://chat.example.com/t/42"])"));
    auto requests = builder().requests(decision, order);
    ASSERT_TRUE(requests.ok()) << requests.error().message;
    ASSERT_EQ(requests->size(), 1u);
    const auto& r = requests->front();
    EXPECT_EQ(r.code, "logistic_issue.delivered_not_updated");
    std::vector<std::string> names;
    for (const auto& f : r.files) names.push_back(f.name);
    EXPECT_EQ(names, (std::vector<std::string>{"tracking-P1.csv", "tracking-P1.json", "carrier-event-P1.json",
                                               "buyer-2024-07-19.png"}));
    EXPECT_EQ(r.files[3].path, (tmp.path() / "case" / "chat" / "buyer-2024-07-19.png").string());
    EXPECT_EQ(r.files[3].media_type, "image/png");
    bool confirmation_fact = false;
    for (const auto& f : r.facts) {
        if (f.kind != "buyer_confirmation") continue;
        confirmation_fact = true;
        EXPECT_NE(f.value.find("https://chat.example.com/t/42"), std::string::npos) << f.value;
    }
    EXPECT_TRUE(confirmation_fact);
}

TEST_F(EvidenceTest, ProofOfDeliveryNamedByTheCarrierIsAFileWhenLocal) {
    write(tmp.path() / "case" / "pod" / "signature.pdf", "pdf bytes");
    // Delivered more than 24 hours ago, no buyer confirmation: rule P3 cites the proof of delivery.
    std::string json = confirmed_case("[]");
    json.replace(json.find("\"buyer_confirmed_receipt\""), std::string("\"buyer_confirmed_receipt\"").size(),
                 "\"ignored\"");
    json.replace(json.find("2024-07-19T20:00:00Z"), 20, "2024-07-20T20:00:00Z");
    decide(json);
    auto requests = builder().requests(decision, order);
    ASSERT_TRUE(requests.ok()) << requests.error().message;
    const auto& files = requests->front().files;
    ASSERT_FALSE(files.empty());
    EXPECT_EQ(files.back().name, "signature.pdf");
    EXPECT_EQ(files.back().media_type, "application/pdf");
    EXPECT_EQ(read(files.back().path), "pdf bytes");
}

TEST_F(EvidenceTest, ANamedFileThatDoesNotExistIsAnErrorAndNothingIsWritten) {
    decide(confirmed_case(R"(["chat/missing.png"])"));
    auto requests = builder().requests(decision, order);
    ASSERT_FALSE(requests.ok());
    const std::string& message = requests.error().message;
    EXPECT_NE(message.find("buyer_confirmed_receipt.evidence[0]"), std::string::npos) << message;
    EXPECT_NE(message.find("chat/missing.png"), std::string::npos) << message;
    EXPECT_NE(message.find((tmp.path() / "case" / "chat" / "missing.png").string()), std::string::npos)
        << message;
    EXPECT_FALSE(fs::exists(tmp.path() / "evidence"))
        << "nothing is written for a dispute that cannot be filed";
}

// Files an order names must lie inside the evidence roots; `where` is the field, `ref` the name as given.
void expect_refused(const sdk::Result<std::vector<sdk::DisputeRequest>>& requests, const std::string& where,
                    const std::string& ref, const fs::path& evidence_dir) {
    ASSERT_FALSE(requests.ok()) << "the file " << ref << " was accepted";
    const std::string& message = requests.error().message;
    EXPECT_NE(message.find(where + ": " + ref + ": outside the evidence folders"), std::string::npos)
        << message;
    EXPECT_FALSE(fs::exists(evidence_dir)) << "nothing is written for a dispute that cannot be filed";
}

TEST_F(EvidenceTest, AnAbsolutePathOutsideTheRootsIsRefused) {
    write(tmp.path() / "elsewhere" / "secret.txt", "not evidence");
    const std::string outside = (tmp.path() / "elsewhere" / "secret.txt").string();
    decide(confirmed_case("[\"" + outside + "\"]"));
    expect_refused(builder().requests(decision, order), "buyer_confirmed_receipt.evidence[0]", outside,
                   tmp.path() / "evidence");
    decide(confirmed_case(R"(["/etc/passwd"])"));
    expect_refused(builder().requests(decision, order), "buyer_confirmed_receipt.evidence[0]", "/etc/passwd",
                   tmp.path() / "evidence");
}

TEST_F(EvidenceTest, ADotDotEscapeIsRefusedEvenWhenTheFileExists) {
    write(tmp.path() / "elsewhere" / "secret.txt", "not evidence");
    write(tmp.path() / "case" / "chat" / "ok.png", "png bytes");
    decide(confirmed_case(R"(["chat/ok.png", "../elsewhere/secret.txt"])"));
    expect_refused(builder().requests(decision, order), "buyer_confirmed_receipt.evidence[1]",
                   "../elsewhere/secret.txt", tmp.path() / "evidence");
}

TEST_F(EvidenceTest, ASymlinkInsideTheRootsLeadingOutIsRefused) {
    write(tmp.path() / "elsewhere" / "secret.txt", "not evidence");
    fs::create_directories(tmp.path() / "case" / "chat");
    fs::create_symlink(tmp.path() / "elsewhere" / "secret.txt", tmp.path() / "case" / "chat" / "link.png");
    fs::create_directory_symlink(tmp.path() / "elsewhere", tmp.path() / "case" / "out");
    decide(confirmed_case(R"(["chat/link.png"])"));
    expect_refused(builder().requests(decision, order), "buyer_confirmed_receipt.evidence[0]",
                   "chat/link.png", tmp.path() / "evidence");
    decide(confirmed_case(R"(["out/secret.txt"])"));
    expect_refused(builder().requests(decision, order), "buyer_confirmed_receipt.evidence[0]",
                   "out/secret.txt", tmp.path() / "evidence");
}

TEST_F(EvidenceTest, AProofOfDeliveryOutsideTheRootsIsRefused) {
    std::string json = confirmed_case("[]");
    json.replace(json.find("\"buyer_confirmed_receipt\""), std::string("\"buyer_confirmed_receipt\"").size(),
                 "\"ignored\"");
    json.replace(json.find("2024-07-19T20:00:00Z"), 20, "2024-07-20T20:00:00Z");
    json.replace(json.find("pod/signature.pdf"), std::string("pod/signature.pdf").size(), "/etc/hostname");
    decide(json);
    expect_refused(builder().requests(decision, order), "packages[0].proof_of_delivery.url", "/etc/hostname",
                   tmp.path() / "evidence");
}

TEST_F(EvidenceTest, FilesInAnyConfiguredRootAreAccepted) {
    write(tmp.path() / "shared" / "chat.png", "png bytes");
    write(tmp.path() / "case" / "pod" / "signature.pdf", "pdf bytes");
    // A symlink inside the roots that stays inside them is fine.
    fs::create_directories(tmp.path() / "case" / "chat");
    fs::create_symlink(tmp.path() / "shared" / "chat.png", tmp.path() / "case" / "chat" / "linked.png");
    const std::string shared = (tmp.path() / "shared" / "chat.png").string();
    decide(confirmed_case("[\"" + shared + "\", \"chat/linked.png\"]"));
    EvidenceBuilder two_roots(
        {tmp.path() / "evidence", tmp.path() / "case", {tmp.path() / "case", tmp.path() / "shared"}, {}});
    auto requests = two_roots.requests(decision, order);
    ASSERT_TRUE(requests.ok()) << requests.error().message;
    const auto& files = requests->front().files;
    ASSERT_GE(files.size(), 2u);
    EXPECT_EQ(read(files[files.size() - 2].path), "png bytes");
    EXPECT_EQ(read(files.back().path), "png bytes");
    // With the case folder as the only root, the shared file is outside.
    fs::remove_all(tmp.path() / "evidence");
    expect_refused(builder().requests(decision, order), "buyer_confirmed_receipt.evidence[0]", shared,
                   tmp.path() / "evidence");
}

TEST_F(EvidenceTest, AnUnmovedDisputeCarriesEveryPackagesHistoryAndLastScan) {
    decide(kUnmovedCase);
    auto requests = builder().requests(decision, order);
    ASSERT_TRUE(requests.ok()) << requests.error().message;
    ASSERT_EQ(requests->size(), 1u);
    const auto& r = requests->front();
    EXPECT_EQ(r.key, "tiktok-shop::576859029223086483:delivery_process_inquiry.unmoved_tracking_event");
    ASSERT_EQ(r.packages.size(), 2u);
    std::vector<std::string> names;
    for (const auto& f : r.files) names.push_back(f.name);
    EXPECT_EQ(names, (std::vector<std::string>{"tracking-A1.csv", "tracking-A1.json", "tracking-A2.csv",
                                               "tracking-A2.json", "carrier-event-A1.json",
                                               "carrier-event-A2.json"}));
    simdjson::dom::parser parser;
    simdjson::dom::element last;
    std::string json = read(r.files[4].path);
    ASSERT_FALSE(parser.parse(json).get(last)) << json;
    EXPECT_EQ(std::string_view(last["kind"]), "last_physical_scan");
    EXPECT_EQ(std::string_view(last["event"]["code"]), "005") << "the information-only line is not movement";
    EXPECT_TRUE(
        fs::exists(tmp.path() / "evidence" /
                   "tiktok-shop++576859029223086483+delivery_process_inquiry.unmoved_tracking_event"));
}

TEST_F(EvidenceTest, FolderNamesAndMediaTypes) {
    EXPECT_EQ(core::dispute_folder_name("tiktok-shop::1:a.b"), "tiktok-shop++1+a.b");
    EXPECT_EQ(core::dispute_folder_name("../x/y"), "%2E.%2Fx%2Fy");
    EXPECT_EQ(core::media_type_of("A.JPG"), "image/jpeg");
    EXPECT_EQ(core::media_type_of("notes"), "application/octet-stream");
}

// The whole way: decision, evidence, and the outbox plugin through the real loader.
TEST_F(EvidenceTest, ABuiltRequestIsFiledThroughTheOutboxWithEveryFile) {
    write(tmp.path() / "case" / "chat" / "buyer-2024-07-19.png", "png bytes");
    write(tmp.path() / "case" / "pod" / "signature.pdf", "pdf bytes");
    decide(confirmed_case(R"(["chat/buyer-2024-07-19.png"])"));
    auto requests = builder().requests(decision, order);
    ASSERT_TRUE(requests.ok()) << requests.error().message;

    std::string json = R"({"plugin_dirs": [")" + test::plugin_dir().string() +
                       R"("], "plugins": {"outbox": {"dir": ")" + (tmp.path() / "outbox").string() +
                       R"("}}})";
    core::PluginHost host(core::HostConfig::parse(json, tmp.path()).value());
    auto outbox = host.ticketing("outbox");
    ASSERT_TRUE(outbox.ok()) << outbox.error().message;
    auto filed = (*outbox)->file(requests->front());
    ASSERT_EQ(filed.kind, sdk::FileResult::Kind::kOk) << filed.message;
    fs::path folder = tmp.path() / "outbox" / filed.value.id;
    for (const auto& f : requests->front().files)
        EXPECT_EQ(read(folder / "evidence" / f.name), read(f.path)) << f.name;
    std::string readme = read(folder / "README.txt");
    EXPECT_NE(readme.find("Logistic Issue > Delivered but logistics not updated"), std::string::npos)
        << readme;
    EXPECT_NE(readme.find("576859029223086482"), std::string::npos);
}

}  // namespace
