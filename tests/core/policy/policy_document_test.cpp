// The shipped policy document and the validation of policy documents, errors by JSON path.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "policy_test_support.hpp"

namespace unstuck::test {
namespace {

using core::DisputeCode;
using core::RuleId;

std::string shipped_text() {
    std::ifstream in(source_path("policies/tiktok-shop.logistics-stuck.json"), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(ShippedPolicy, IdentityThresholdsAndRules) {
    auto p = shipped_policy();
    EXPECT_EQ(p->id, "tiktok-shop.logistics-stuck");
    EXPECT_EQ(p->version, "2024-07-18");
    EXPECT_EQ(p->marketplace, "tiktok-shop");
    EXPECT_EQ(p->thresholds.pickup_update, std::chrono::hours{24});
    EXPECT_EQ(p->thresholds.delivery_update, std::chrono::hours{24});
    EXPECT_EQ(p->thresholds.stall_business_days, 2);
    EXPECT_EQ(p->thresholds.ticket_business_days, 2);
    EXPECT_TRUE(p->enabled.all());
    EXPECT_EQ(p->carrier_name("ups"), "UPS");
    EXPECT_EQ(p->carrier_name("acme"), "acme");
}

TEST(ShippedPolicy, PathsOfSectionFour) {
    auto p = shipped_policy();
    using V = std::vector<std::string>;
    EXPECT_EQ(p->path(DisputeCode::kPickedUpNotUpdated),
              (V{"Complaints & Dispute (Logistic related)", "Pick up Issues",
                 "Picked up but logistics status not updated"}));
    EXPECT_EQ(
        p->path(DisputeCode::kUnmovedTrackingEvent),
        (V{"Complaints & Dispute (Logistic related)", "Delivery process inquiry", "Unmoved tracking event"}));
    EXPECT_EQ(p->path(DisputeCode::kDeliveredNotUpdated),
              (V{"Complaints & Dispute (Logistic related)", "Logistic Issue",
                 "Delivered but logistics not updated"}));
}

TEST(ShippedPolicy, RegionCalendarsOfSectionTwo) {
    auto p = shipped_policy();
    const std::map<std::string, std::string> zones{{"US", "America/Los_Angeles"}, {"GB", "Europe/London"},
                                                   {"ID", "Asia/Jakarta"},        {"MY", "Asia/Kuala_Lumpur"},
                                                   {"TH", "Asia/Bangkok"},        {"VN", "Asia/Ho_Chi_Minh"},
                                                   {"PH", "Asia/Manila"},         {"SG", "Asia/Singapore"}};
    ASSERT_EQ(p->regions.size(), zones.size());
    for (const auto& [name, zone] : zones) {
        const auto* cal = p->region(name);
        ASSERT_NE(cal, nullptr) << name;
        EXPECT_EQ(cal->time_zone(), zone) << name;
        EXPECT_EQ(cal->weekend(),
                  core::weekday_bit(std::chrono::Saturday) | core::weekday_bit(std::chrono::Sunday))
            << name;
        if (name != "US") {
            EXPECT_TRUE(cal->holidays().empty()) << name;
        }
    }
}

TEST(ShippedPolicy, ExactlyTheFortyFiveUsFederalHolidays) {
    const std::string listed =
        "2024-01-01, 2024-01-15, 2024-02-19, 2024-05-27, 2024-06-19, 2024-07-04, 2024-09-02, 2024-10-14, "
        "2024-11-11, 2024-11-28, 2024-12-25, 2025-01-01, 2025-01-20, 2025-02-17, 2025-05-26, 2025-06-19, "
        "2025-07-04, 2025-09-01, 2025-10-13, 2025-11-11, 2025-11-27, 2025-12-25, 2026-01-01, 2026-01-19, "
        "2026-02-16, 2026-05-25, 2026-06-19, 2026-07-03, 2026-09-07, 2026-10-12, 2026-11-11, 2026-11-26, "
        "2026-12-25, 2027-01-01, 2027-01-18, 2027-02-15, 2027-05-31, 2027-06-18, 2027-07-05, 2027-09-06, "
        "2027-10-11, 2027-11-11, 2027-11-25, 2027-12-24, 2027-12-31";
    std::string got;
    for (auto d : shipped_policy()->region("US")->holidays()) {
        if (!got.empty()) got += ", ";
        got += sdk::format_utc(sdk::Timestamp{d}).substr(0, 10);
    }
    EXPECT_EQ(got, listed);
    EXPECT_EQ(shipped_policy()->region("US")->holidays().size(), 45u);
}

TEST(ShippedPolicy, DefaultFileIsFound) {
    auto file = core::default_policy_file();
    EXPECT_EQ(file.filename(), "tiktok-shop.logistics-stuck.json");
    EXPECT_TRUE(std::filesystem::exists(file)) << file;
}

struct Broken {
    const char* name;
    std::string from;  // regex replaced in the shipped document (first match)
    std::string to;
    std::string error;
};

class PolicyValidation : public ::testing::TestWithParam<Broken> {};

TEST_P(PolicyValidation, NamesTheJsonPath) {
    const Broken& b = GetParam();
    std::string text =
        std::regex_replace(shipped_text(), std::regex(b.from), b.to, std::regex_constants::format_first_only);
    ASSERT_NE(text, shipped_text()) << "the mutation did not apply: " << b.from;
    auto policy = core::parse_policy(text, source_path("policies"));
    ASSERT_FALSE(policy.ok()) << b.name;
    EXPECT_EQ(policy.error().message, b.error) << b.name;
}

INSTANTIATE_TEST_SUITE_P(
    Mutations, PolicyValidation,
    ::testing::Values(
        Broken{"unknown zone", "America/Los_Angeles", "America/Nowhere",
               "regions.US.time_zone: unknown IANA zone \"America/Nowhere\""},
        Broken{"zone not a string", "\"Europe/London\"", "44", "regions.GB.time_zone: expected a string"},
        Broken{"missing zone", "\"time_zone\": \"Asia/Jakarta\",", "", "regions.ID.time_zone: missing"},
        Broken{"bad weekday", "\"weekend\": \\[\"Sat\", \"Sun\"\\]", "\"weekend\": [\"Sat\", \"Fun\"]",
               "regions.US.weekend[1]: \"Fun\" is not a weekday (Mon ... Sun)"},
        Broken{"no business day", "\"weekend\": \\[\"Sat\", \"Sun\"\\]",
               "\"weekend\": [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\", \"Sat\", \"Sun\"]",
               "regions.US.weekend: the weekend leaves no business day"},
        Broken{"bad holiday", "2024-01-15", "2024-13-15",
               "regions.US.holidays[1].date: not a date \"2024-13-15\" (YYYY-MM-DD)"},
        Broken{"holiday not a date", "\\{\"date\": \"2024-02-19\", \"name\": \"Washington's Birthday\"\\}",
               "19",
               "regions.US.holidays[2]: expected a date \"YYYY-MM-DD\" or {\"date\": ..., \"name\": ...}"},
        Broken{"unknown region field", "\"time_zone\": \"Asia/Manila\"", "\"timezone\": \"Asia/Manila\"",
               "regions.PH.timezone: unknown field"},
        Broken{"unknown rule", "\"platform.pickup_grace\": true", "\"platform.pickup_wait\": true",
               "rules.platform.pickup_wait: unknown rule"},
        Broken{"rule not a bool", "\"seller.in_progress\": true", "\"seller.in_progress\": \"yes\"",
               "rules.seller.in_progress: expected true or false"},
        Broken{"negative threshold", "\"stall_business_days\": 2", "\"stall_business_days\": -1",
               "thresholds.stall_business_days: expected a whole number from 0 to 366"},
        Broken{"unknown threshold", "\"pickup_update_hours\"", "\"pickup_hours\"",
               "thresholds.pickup_hours: unknown field"},
        Broken{"missing path", "\"logistic_issue.delivered_not_updated\"", "\"logistic_issue.other\"",
               "paths: missing \"logistic_issue.delivered_not_updated\""},
        Broken{"empty path step", "\"Unmoved tracking event\"", "\"\"",
               "paths.delivery_process_inquiry.unmoved_tracking_event[2]: must not be empty"},
        Broken{"missing id", "\"id\": \"tiktok-shop.logistics-stuck\",", "", "id: missing"},
        Broken{"version not a string", "\"version\": \"2024-07-18\"", "\"version\": 20240718",
               "version: expected a string"},
        Broken{"unknown top-level field", "\"marketplace\"", "\"market\"", "market: unknown field"},
        Broken{"carrier name not a string", "\"UPS\"", "true", "carrier_names.ups: expected a string"},
        Broken{"malformed", "\\}\\s*$", "",
               "malformed JSON: The JSON document has an improper structure: missing or superfluous commas, "
               "braces, missing keys, etc."}),
    [](const auto& info) {
        std::string name = info.param.name;
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return name;
    });

TEST(PolicyValidation, CommentsAndRulesOff) {
    auto text =
        std::regex_replace(shipped_text(), std::regex("\"platform.carrier_delivered_not_updated\": true"),
                           "\"_note\": \"off until the marketplace agrees\", "
                           "\"platform.carrier_delivered_not_updated\": false");
    auto policy = core::parse_policy(text, source_path("policies"));
    ASSERT_TRUE(policy.ok()) << policy.error().message;
    EXPECT_FALSE((*policy)->rule_on(RuleId::kPlatformCarrierDeliveredNotUpdated));
    EXPECT_TRUE((*policy)->rule_on(RuleId::kPlatformPickedUpNotUpdated));
}

TEST(PolicyValidation, FileErrorsStartWithTheFile) {
    TempDir dir;
    std::ofstream(dir.path() / "p.json") << "{\"id\": \"x\"}";
    auto policy = core::load_policy(dir.path() / "p.json");
    ASSERT_FALSE(policy.ok());
    EXPECT_EQ(policy.error().message, (dir.path() / "p.json").string() + ": version: missing");
    auto absent = core::load_policy(dir.path() / "absent.json");
    ASSERT_FALSE(absent.ok());
    EXPECT_EQ(absent.error().message,
              "cannot read policy file \"" + (dir.path() / "absent.json").string() + "\"");
}

}  // namespace
}  // namespace unstuck::test
