#pragma once
//! FedEx scan codes (eventType / derivedStatusCode) and delivery exception codes mapped to the canonical
//! model.

#include <string_view>

#include "unstuck/sdk/status.hpp"

namespace unstuck::carriers::fedex {

//! What one FedEx scan means in the canonical model.
struct CodeMapping {
    sdk::TrackingStatus status = sdk::TrackingStatus::kUnknown;
    std::string_view substatus = "other";
    bool physical_scan = false;
    bool return_leg = false;  //!< the scan starts a return to the shipper
    bool known = false;       //!< false when the code is not in the table (UNKNOWN/other)
};

//! The details of a scan that decide its mapping; every field is the carrier's own text.
struct ScanCodes {
    std::string_view event_type;      //!< `eventType`, the scan code (wins where known)
    std::string_view derived_code;    //!< `derivedStatusCode`, used when the eventType is unknown
    std::string_view exception_code;  //!< `exceptionCode`, splits DE into an attempt or an exception
    std::string_view delay_type;      //!< `delayDetail.type` (WEATHER, OPERATIONAL, CLEARANCE, ...)
    bool has_location = false;        //!< the scan names a place (city or postal code)
};

//! Maps a scan by its codes: the eventType table first, then the derived code; DE is split by exceptionCode;
//! delays are refined by delayDetail.type; IT/IX without a location are information only.
CodeMapping map_scan(const ScanCodes& scan) noexcept;

//! The mapping of a plain scan code alone, without refinements; `known` is false for a code not in the table.
CodeMapping map_code(std::string_view code) noexcept;

}  // namespace unstuck::carriers::fedex
