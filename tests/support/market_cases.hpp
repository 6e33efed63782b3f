#pragma once
// Order cases of the fixture-market marketplace plugin (tests/plugin_fixtures/marketplace/) for tests: a
// platform-shipped order that files a dispute and a seller-shipped delivered one whose proof of delivery is
// sent through the marketplace, both decided at 2024-07-16T20:00:00Z.

#include <string>

namespace unstuck::test {

//! A platform-shipped order of fixture-market's shop `shop` picked up 30 h ago: rule P3 files a dispute
//! (`fixture-market:{shop}:{id}:pick_up_issues.picked_up_not_updated`).
inline std::string picked_up(const std::string& id, const std::string& shop = "42") {
    return R"({"order_id": ")" + id + R"(", "marketplace": "fixture-market", "shop_id": ")" + shop +
           R"(", "region": "US", "shipping_type": "PLATFORM", "platform_status": "AWAITING_COLLECTION", )"
           R"("packages": [{"package_id": "P1", "tracking_number": "1Z)" +
           id +
           R"(", "carrier": "ups", "events": [{"at": "2024-07-15T14:00:00Z", "status": "PICKED_UP", "code": "PU", )"
           R"("description": "Picked up"}]}]})";
}

//! A seller-shipped order whose carrier delivered package P1 three days ago with the proof `proof` (a file
//! name or an http(s) link): rule S3, UPDATE_STATUS_WITH_POD (remedy `fixture-market:42:{id}:P1:pod`).
inline std::string delivered(const std::string& id, const std::string& proof = "pod.png") {
    return R"({"order_id": ")" + id +
           R"(", "marketplace": "fixture-market", "shop_id": "42", "region": "US", "shipping_type": "SELLER", )"
           R"("platform_status": "IN_TRANSIT", "packages": [{"package_id": "P1", "tracking_number": "1Z)" +
           id +
           R"(", "carrier": "ups", "events": [)"
           R"({"at": "2024-07-12T14:00:00Z", "status": "PICKED_UP", "code": "PU", "description": "Picked up"}, )"
           R"({"at": "2024-07-13T20:00:00Z", "status": "DELIVERED", "code": "KB", "description": "Delivered"}], )"
           R"("proof_of_delivery": {"kind": "photo", "url": ")" +
           proof + R"("}}]})";
}

//! The dispute key a picked_up() order files.
inline std::string pickup_key(const std::string& id, const std::string& shop = "42") {
    return "fixture-market:" + shop + ":" + id + ":pick_up_issues.picked_up_not_updated";
}

}  // namespace unstuck::test
