#include "normalizer.hpp"

#include <simdjson.h>

namespace @IDENT@ {
namespace {

using unstuck::sdk::TrackingStatus;

struct Mapping {
    std::string_view code;
    TrackingStatus status;
    std::string_view substatus;
};

// The carrier's codes: map by code, never by guessing from the text.
constexpr Mapping kCodes[] = {
    {"PU", TrackingStatus::kPickedUp, "picked_up"},
    {"IT", TrackingStatus::kInTransit, "processed"},
    {"OD", TrackingStatus::kOutForDelivery, "out_for_delivery"},
    {"DL", TrackingStatus::kDelivered, "delivered"},
    {"EX", TrackingStatus::kException, "delayed"},
};

}  // namespace

unstuck::sdk::TrackResult normalize(std::string_view payload, const unstuck::sdk::TrackContext& context) {
    using unstuck::sdk::TrackResult;
    simdjson::dom::parser parser;
    simdjson::dom::object root;
    if (parser.parse(payload.data(), payload.size()).get(root))
        return TrackResult::permanent("malformed JSON");
    std::string_view error;
    if (root["error"].get(error) == simdjson::SUCCESS && error == "not_found")
        return TrackResult::not_found("@DISPLAY_NAME@ does not know " + context.tracking_number);

    unstuck::sdk::Shipment shipment;
    shipment.carrier = "@NAME@";
    std::string_view number;
    shipment.tracking_number =
        root["tracking_number"].get(number) ? context.tracking_number : std::string(number);
    simdjson::dom::array events;
    if (root["events"].get(events)) return TrackResult::permanent("events: missing");
    std::size_t i = 0;
    for (simdjson::dom::element item : events) {
        std::string where = "events[" + std::to_string(i++) + "]";
        std::string_view time, code, text, city, country;
        if (item["time"].get(time) || item["code"].get(code))
            return TrackResult::permanent(where + ": needs time and code");
        auto at = unstuck::sdk::parse_offset_timestamp(time);
        if (!at) return TrackResult::permanent(where + ".time: " + at.error().message);
        unstuck::sdk::Event e;
        e.at = at->at;
        e.local_time = unstuck::sdk::format_local(unstuck::sdk::LocalTimestamp{
            (at->at + std::chrono::minutes(at->offset_minutes)).time_since_epoch()});
        e.utc_offset = unstuck::sdk::format_offset(at->offset_minutes);
        e.code = std::string(code);
        if (item["text"].get(text) == simdjson::SUCCESS) e.description = std::string(text);
        if (item["city"].get(city) == simdjson::SUCCESS) e.location.city = std::string(city);
        if (item["country"].get(country) == simdjson::SUCCESS) e.location.country = std::string(country);
        e.status = TrackingStatus::kUnknown;
        for (const auto& m : kCodes) {
            if (m.code != code) continue;
            e.status = m.status;
            e.substatus = std::string(m.substatus);
        }
        e.physical_scan = unstuck::sdk::default_physical_scan(e.status);
        shipment.events.push_back(std::move(e));
    }
    unstuck::sdk::finalize_shipment(shipment);
    return TrackResult::ok(std::move(shipment));
}

}  // namespace @IDENT@
