// The model's table of statuses and substatuses, as the installed header lists it, and what
// finalize_shipment reports against it.
#include <gtest/gtest.h>

#include <set>

#include "unstuck/sdk/model.hpp"
#include "unstuck/sdk/model_json.hpp"
#include "unstuck/sdk/status.hpp"

namespace unstuck::sdk {
namespace {

TEST(StatusModel, ListsEveryStatusOnceInEnumOrderWithItsName) {
    ASSERT_EQ(kStatusModel.size(), 13u);
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < kStatusModel.size(); ++i) {
        EXPECT_EQ(static_cast<std::size_t>(kStatusModel[i].status), i);
        EXPECT_EQ(to_string(kStatusModel[i].status), kStatusModel[i].name);
        EXPECT_EQ(parse_tracking_status(kStatusModel[i].name), kStatusModel[i].status);
        names.insert(kStatusModel[i].name);
    }
    EXPECT_EQ(names.size(), 13u);
}

TEST(StatusModel, IsValidSubstatusFollowsTheListedTable) {
    std::size_t listed = 0;
    for (const StatusEntry& row : kStatusModel) {
        EXPECT_TRUE(is_valid_substatus(row.status, "other")) << row.name;
        for (std::string_view sub : substatuses_of(row.status)) {
            EXPECT_TRUE(is_valid_substatus(row.status, sub)) << row.name << "/" << sub;
            EXPECT_NE(sub, "other") << row.name;
            ++listed;
        }
    }
    EXPECT_EQ(listed, 52u);  // the table of docs/model.md, counted
    EXPECT_TRUE(substatuses_of(TrackingStatus::kReturned).empty());
    EXPECT_FALSE(is_valid_substatus(TrackingStatus::kInTransit, "arrived_at_hub"));
    EXPECT_FALSE(
        is_valid_substatus(TrackingStatus::kInTransit, "delivered"));  // DELIVERED's, not IN_TRANSIT's
    EXPECT_TRUE(is_valid_substatus(TrackingStatus::kException, "unclaimed"));
    EXPECT_TRUE(is_valid_substatus(TrackingStatus::kReturning, "unclaimed"));
}

Event event(int minute, TrackingStatus status, const char* substatus) {
    Event e;
    e.at = Timestamp{} + std::chrono::minutes(minute);
    e.status = status;
    e.substatus = substatus;
    e.code = "C" + std::to_string(minute);
    return e;
}

TEST(StatusModel, FinalizeShipmentReportsEverySubstatusItsStatusDoesNotAllow) {
    Shipment s;
    s.events = {event(2, TrackingStatus::kInTransit, "arrived_at_hub"),
                event(0, TrackingStatus::kPickedUp, "picked_up"),
                event(1, TrackingStatus::kInTransit, "arrived_facility")};
    auto mismatches = finalize_shipment(s);
    // Positions after sorting; the shipment takes the latest event's substatus, so it is reported too.
    ASSERT_EQ(mismatches.size(), 2u);
    EXPECT_EQ(mismatches[0], (SubstatusMismatch{2, TrackingStatus::kInTransit, "arrived_at_hub"}));
    EXPECT_EQ(mismatches[1], (SubstatusMismatch{std::nullopt, TrackingStatus::kInTransit, "arrived_at_hub"}));
    EXPECT_EQ(describe(mismatches[0]),
              R"(event 2: substatus "arrived_at_hub" is not a substatus of IN_TRANSIT)");
    EXPECT_EQ(describe(mismatches[1]),
              R"(shipment: substatus "arrived_at_hub" is not a substatus of IN_TRANSIT)");
    // Such a shipment cannot be read back, which is why the host refuses it.
    EXPECT_FALSE(shipment_from_json(to_json(s)).ok());

    Shipment fine;
    fine.events = {event(0, TrackingStatus::kPickedUp, "picked_up"),
                   event(1, TrackingStatus::kInTransit, "other")};
    EXPECT_TRUE(finalize_shipment(fine).empty());
    EXPECT_TRUE(shipment_from_json(to_json(fine)).ok());
}

}  // namespace
}  // namespace unstuck::sdk
