#pragma once
//! The canonical tracking model every carrier plugin produces (docs/model.md).

#include <optional>
#include <string>
#include <vector>

#include "unstuck/sdk/status.hpp"
#include "unstuck/sdk/substatus_check.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::sdk {

//! Where an event happened; empty strings are unknown parts.
struct Location {
    std::string city;
    std::string region;
    std::string postal_code;
    std::string country;  //!< ISO 3166-1 alpha-2

    bool empty() const noexcept {
        return city.empty() && region.empty() && postal_code.empty() && country.empty();
    }
    bool operator==(const Location&) const = default;
};

//! One line of a carrier's tracking history.
struct Event {
    Timestamp at{};                         //!< UTC instant
    std::optional<std::string> local_time;  //!< wall time as the carrier printed it, `YYYY-MM-DDTHH:MM:SS`
    std::optional<std::string>
        utc_offset;               //!< offset the carrier or the zone gave, `±HH:MM`; none when assumed
    bool time_uncertain = false;  //!< true when the zone was assumed from the origin country
    TrackingStatus status = TrackingStatus::kUnknown;
    std::string substatus = "other";
    bool physical_scan = true;  //!< false for information-only lines: they never count as movement
    bool return_leg = false;    //!< true from the event that starts a return to sender on
    std::string code;           //!< the carrier's own code, untouched
    std::string description;    //!< the carrier's own text, untouched
    Location location;
    std::string source = "carrier";

    bool operator==(const Event&) const = default;
};

//! Proof of delivery where the carrier returns one.
struct ProofOfDelivery {
    std::string kind;  //!< `signature`, `photo` or `document`
    std::string received_by;
    std::string url;

    bool operator==(const ProofOfDelivery&) const = default;
};

//! A carrier's tracking of one number, normalized.
struct Shipment {
    std::string carrier;
    std::string tracking_number;
    TrackingStatus status = TrackingStatus::kUnknown;
    std::string substatus = "other";
    std::optional<Timestamp> estimated_delivery;
    std::optional<Timestamp> delivered_at;
    std::optional<ProofOfDelivery> proof_of_delivery;
    std::vector<Event> events;  //!< oldest first
    std::vector<std::string> warnings;

    bool operator==(const Shipment&) const = default;
};

//! Sorts events oldest first (stable), drops duplicates on (code, at, location) with a warning each, marks
//! every event after the first return-leg event as return leg (a delivery there becomes RETURNED), and
//! derives the shipment's status, substatus and delivered_at from the events as model.md says. Returns what
//! breaks the model afterwards: every event (by its final position) and the shipment whose substatus its
//! status does not allow. The host refuses a shipment with any, so a plugin should map such events to
//! `other` or a listed substatus.
std::vector<SubstatusMismatch> finalize_shipment(Shipment& shipment);

}  // namespace unstuck::sdk
