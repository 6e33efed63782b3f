#pragma once
// Checks the carrier suites share: a number claimed as a service, an event mapped to a status.
#include <gtest/gtest.h>

#include <string>

#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/status.hpp"

namespace unstuck::test {

//! A number, the service that must claim it, and the check digit's verdict.
struct ClaimCase {
    const char* number;
    const char* service;
    sdk::CheckDigit check_digit;
};

//! Every claim of `plugin` for the number names `carrier`, and one names the service with the verdict.
inline void expect_claim(const sdk::CarrierPlugin& plugin, const char* carrier, const ClaimCase& c) {
    auto claims = plugin.detect(c.number);
    bool found = false;
    for (const auto& claim : claims) {
        EXPECT_EQ(claim.carrier, carrier);
        if (claim.service == c.service) {
            found = true;
            EXPECT_EQ(sdk::to_string(claim.check_digit), sdk::to_string(c.check_digit))
                << c.number << " as " << c.service;
        }
    }
    EXPECT_TRUE(found) << c.number << " is not claimed as " << c.service;
}

//! The canonical mapping an event must get.
struct Expect {
    sdk::TrackingStatus status;
    const char* substatus;
    bool physical;
    bool return_leg = false;
};

//! The event has the expected status, substatus, physical_scan and return_leg; `what` names it on failure.
inline void check(const sdk::Event& e, const Expect& x, const std::string& what) {
    EXPECT_EQ(e.status, x.status) << what << ": got " << sdk::to_string(e.status);
    EXPECT_EQ(e.substatus, x.substatus) << what;
    EXPECT_EQ(e.physical_scan, x.physical) << what;
    EXPECT_EQ(e.return_leg, x.return_leg) << what;
}

}  // namespace unstuck::test
