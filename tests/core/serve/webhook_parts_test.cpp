// The webhook route's private parts: the replay guard's window and memory, and the merge of pushed events
// into the stored tracking.

#include <gtest/gtest.h>

#include "serve/push_merger.hpp"
#include "serve/replay_guard.hpp"

namespace unstuck::core {
namespace {

using namespace std::chrono_literals;
using Verdict = ReplayGuard::Verdict;

const sdk::Timestamp kNow = sdk::Timestamp(std::chrono::seconds(1721160000));

TEST(ReplayGuard, RefusesASignatureOutsideTheWindowEitherWay) {
    ReplayGuard guard(300s);
    EXPECT_EQ(guard.check(kNow - 301s, "a", kNow), Verdict::kOutsideWindow);
    EXPECT_EQ(guard.check(kNow + 301s, "b", kNow), Verdict::kOutsideWindow);
    EXPECT_EQ(guard.check(kNow - 300s, "c", kNow), Verdict::kFresh);
    EXPECT_EQ(guard.check(kNow + 300s, "d", kNow), Verdict::kFresh);
    EXPECT_EQ(guard.check(std::nullopt, "e", kNow), Verdict::kFresh);
    EXPECT_EQ(guard.size(), 3u);  // refused ones are not remembered
}

TEST(ReplayGuard, RemembersADeliveryForTheWindowThenForgetsIt) {
    ReplayGuard guard(300s);
    EXPECT_EQ(guard.check(std::nullopt, "k", kNow), Verdict::kFresh);
    EXPECT_EQ(guard.check(std::nullopt, "k", kNow + 300s), Verdict::kSeen);
    EXPECT_EQ(guard.check(std::nullopt, "k", kNow + 301s), Verdict::kFresh);
    guard.forget("k");
    EXPECT_EQ(guard.check(std::nullopt, "k", kNow + 301s), Verdict::kFresh);
}

TEST(ReplayGuard, HoldsAtMostItsCapacityForgettingTheOldestFirst) {
    ReplayGuard guard(300s, 2);
    EXPECT_EQ(guard.check(std::nullopt, "1", kNow), Verdict::kFresh);
    EXPECT_EQ(guard.check(std::nullopt, "2", kNow + 1s), Verdict::kFresh);
    EXPECT_EQ(guard.check(std::nullopt, "3", kNow + 2s), Verdict::kFresh);
    EXPECT_EQ(guard.size(), 2u);
    EXPECT_EQ(guard.check(std::nullopt, "3", kNow + 3s), Verdict::kSeen);
    EXPECT_EQ(guard.check(std::nullopt, "1", kNow + 3s), Verdict::kFresh);
}

TEST(ReplayGuard, KeysByPluginAndIdElseByTheBodysDigest) {
    EXPECT_NE(ReplayGuard::key_of("a", "d1", "body"), ReplayGuard::key_of("b", "d1", "body"));
    EXPECT_EQ(ReplayGuard::key_of("a", "d1", "body"), ReplayGuard::key_of("a", "d1", "other body"));
    EXPECT_EQ(ReplayGuard::key_of("a", "", "body"), ReplayGuard::key_of("a", "", "body"));
    EXPECT_NE(ReplayGuard::key_of("a", "", "body"), ReplayGuard::key_of("a", "", "body!"));
}

sdk::Event event(int hour, const char* code, sdk::TrackingStatus status, const char* substatus) {
    sdk::Event e;
    e.at = kNow + std::chrono::hours(hour);
    e.code = code;
    e.status = status;
    e.substatus = substatus;
    return e;
}

TEST(PushMerger, AddsOnlyTheNewEventsAndDerivesTheStatus) {
    sdk::Shipment stored;
    stored.events = {event(0, "PU", sdk::TrackingStatus::kPickedUp, "picked_up")};
    sdk::finalize_shipment(stored);
    sdk::Shipment pushed;
    pushed.events = {event(5, "DL", sdk::TrackingStatus::kDelivered, "delivered"),
                     event(0, "PU", sdk::TrackingStatus::kPickedUp, "picked_up")};
    pushed.warnings = {"from the push"};
    auto merged = merge_pushed(stored, pushed, "ups", "1Z1");
    EXPECT_EQ(merged.carrier, "ups");
    EXPECT_EQ(merged.tracking_number, "1Z1");
    ASSERT_EQ(merged.events.size(), 2u);
    EXPECT_EQ(merged.events[0].code, "PU");
    EXPECT_EQ(merged.events[1].code, "DL");
    EXPECT_EQ(merged.status, sdk::TrackingStatus::kDelivered);
    EXPECT_EQ(merged.warnings, std::vector<std::string>{"from the push"});
    // Merging the same push again changes nothing.
    EXPECT_EQ(merge_pushed(merged, pushed, "ups", "1Z1"), merged);
}

TEST(PushMerger, WithNothingStoredThePushIsTheTracking) {
    sdk::Shipment pushed;
    pushed.events = {event(2, "IT", sdk::TrackingStatus::kInTransit, "other")};
    sdk::ProofOfDelivery pod{"photo", "", "https://pod.example/1"};
    pushed.proof_of_delivery = pod;
    auto merged = merge_pushed(std::nullopt, pushed, "replay", "RP1");
    ASSERT_EQ(merged.events.size(), 1u);
    EXPECT_EQ(merged.status, sdk::TrackingStatus::kInTransit);
    ASSERT_TRUE(merged.proof_of_delivery);
    EXPECT_EQ(merged.proof_of_delivery->url, "https://pod.example/1");
}

}  // namespace
}  // namespace unstuck::core
